/**
 * V8 flags for every training child process, on its command line (node's fork here, Electron's
 * utilityProcess in electron/).
 *
 * `--initial-old-space-size=64`: measured on the 2-core reference machine with --trace-gc (625 steps of the
 * seed's MNIST model; one epoch of the reference comparison's 2-layer model), about half of all runs had V8's
 * heap sizing settle on an old-generation limit only a few MB above the live heap (~18 MB), so a full
 * mark-compact ran every ~100 ms — 50 or more per run — and its concurrent marking burned 1.1–1.6 s of CPU
 * on a second core: the core that the other cell of a parallel comparison needs. With a 64 MB initial limit,
 * every run (12 of 12) had 4 mark-compacts. Cost: at most ~45 MB more resident memory per child before its first
 * full collection. (`--no-allocation-site-pretenuring` did not prevent that mode; set at run time with
 * v8.setFlagsFromString the flag did not hold — 1 of 4 runs still had it — so in-process training, the CLI's
 * `train`, runs without it.) Numerics are untouched.
 */
export const TRAINING_V8_FLAGS: readonly string[] = ['--initial-old-space-size=64'];

/** Parent flags that say what to run (not how): inherited, they would make the child run the parent's script. */
const SCRIPT_FLAGS = new Set(['-e', '--eval', '-p', '--print']);
const SCRIPT_FLAG_PREFIXES = ['--eval=', '--print=', '--input-type', '--test', '--watch'];

/**
 * The parent's own V8/Node flags (e.g. --expose-gc) plus the training flags, for a child's execArgv. Flags
 * that name a script (`-e CODE`, `--print`, `--input-type`, `--test`, `--watch`) are left out: a host started
 * as `node -e "…"` would otherwise fork children that run its code again instead of the training worker.
 */
export function trainingChildExecArgv(parentExecArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parentExecArgv.length; i++) {
    const arg = parentExecArgv[i];
    if (SCRIPT_FLAGS.has(arg)) {
      i++; // and its code
      continue;
    }
    if (SCRIPT_FLAG_PREFIXES.some((p) => arg.startsWith(p))) continue;
    kept.push(arg);
  }
  return [...kept, ...TRAINING_V8_FLAGS];
}
