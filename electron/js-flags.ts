/**
 * V8 flags for a child started with Electron's `utilityProcess.fork`. Its `execArgv` become Chromium switches
 * on the utility process's command line (electron_api_utility_process.cc: `WithExtraCommandLineSwitches`), and
 * V8 there is set up by Chromium before Node sees any argument, so a bare `--initial-old-space-size=64` is
 * dropped. V8 flags must travel inside Chromium's `--js-flags` switch, space-separated.
 */

/** The `execArgv` that gives a utility process these V8 flags (none: no switch). */
export function utilityExecArgv(v8Flags: readonly string[]): string[] {
  if (v8Flags.length === 0) return [];
  for (const flag of v8Flags) {
    if (!/^--[a-z0-9][a-z0-9_-]*(=[^\s"']+)?$/i.test(flag)) {
      throw new Error(`utilityExecArgv: "${flag}" is not a V8 flag that can travel in --js-flags (expected --name or --name=value, no spaces or quotes)`);
    }
  }
  return [`--js-flags=${v8Flags.join(' ')}`];
}
