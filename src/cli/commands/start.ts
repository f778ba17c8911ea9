/**
 * `lstm-studio start` (what `npm start` runs): opens the desktop app (Electron) when its binary is installed
 * and a display is available; otherwise says in one sentence that Electron is unavailable and serves the studio
 * to the browser instead, printing the same `Studio: http://127.0.0.1:PORT/?token=TOKEN` line as `serve`.
 * Flags: those of `serve`, plus `--browser` to skip Electron.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { packageRoot } from '../../host/service/app-paths.js';
import { RUNS_DIR_ENV } from '../../host/runs/runs-dir.js';
import { parseServeArgs, SERVE_USAGE, serveUntil, untilSignal, type ServeOptions } from './serve.js';

export const START_USAGE = `${SERVE_USAGE.replace('lstm-studio serve', 'lstm-studio start').replace(/\n/, ' [--browser]\n')}
  --browser          do not try Electron; serve the studio to the browser`;

/** A child that exits with an error this soon after launch never opened a window: fall back to the browser. */
export const EARLY_EXIT_MS = 5_000;

export type ElectronLookup = { ok: true; binary: string } | { ok: false; reason: string };

/**
 * The Electron binary, found the way the `electron` package's index.js finds it (path.txt, dist/,
 * ELECTRON_OVERRIDE_DIST_PATH) but without its download attempt, which would print to stdout and hang offline.
 */
export function findElectron(env: NodeJS.ProcessEnv = process.env, packageDir?: string): ElectronLookup {
  let pkgDir: string;
  try {
    pkgDir = packageDir ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `no Electron binary at ${binary}` };
  }
  if (!relative) return { ok: false, reason: 'its binary was never downloaded' };
  const binary = join(pkgDir, 'dist', relative);
  return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `its binary is missing (${binary})` };
}

/** Why a window cannot open here, or null (Linux needs an X11 or Wayland display). */
export function missingDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)';
}

export interface StartDeps {
  findElectron(): ElectronLookup;
  missingDisplay(): string | null;
  spawnElectron(binary: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess;
  serve(opts: ServeOptions, io: CliIo): Promise<number>;
  /** See EARLY_EXIT_MS. */
  earlyExitMs: number;
}

const realDeps: StartDeps = {
  findElectron: () => findElectron(),
  missingDisplay: () => missingDisplay(),
  spawnElectron: (binary, args, env) => spawn(binary, args, { stdio: 'inherit', env }),
  serve: (opts, io) => serveUntil(opts, io, untilSignal()),
  earlyExitMs: EARLY_EXIT_MS,
};

type Outcome = { launched: true; code: number } | { launched: false; reason: string };

function waitForElectron(child: ChildProcess, earlyExitMs: number): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolveOutcome) => {
    child.once('error', (err) => resolveOutcome({ launched: false, reason: `it could not be launched (${err.message})` }));
    child.once('exit', (code, signal) => {
      const failed = code !== 0 && signal === null;
      if (failed && Date.now() - started < earlyExitMs) {
        resolveOutcome({ launched: false, reason: `it exited right away with code ${code ?? '?'}` });
      } else {
        resolveOutcome({ launched: true, code: code ?? 0 });
      }
    });
  });
}

export async function runStart(argv: string[], io: CliIo, deps: StartDeps = realDeps): Promise<number> {
  const browserOnly = argv.includes('--browser');
  const parsed = parseServeArgs(argv.filter((a) => a !== '--browser'), io.cwd);
  if (parsed.ok === 'help') {
    io.stdout.write(`${START_USAGE}\n`);
    return 0;
  }
  if (!parsed.ok) {
    io.stderr.write(`lstm-studio start: ${parsed.message}\n${START_USAGE}\n`);
    return 2;
  }
  const opts = parsed.value;
  let reason = 'you asked for the browser (--browser)';
  if (!browserOnly) {
    const electron = deps.findElectron();
    const noDisplay = deps.missingDisplay();
    if (!electron.ok) reason = electron.reason;
    else if (noDisplay) reason = noDisplay;
    else {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.ELECTRON_RUN_AS_NODE;
      if (opts.runsDir) env[RUNS_DIR_ENV] = opts.runsDir;
      const outcome = await waitForElectron(deps.spawnElectron(electron.binary, [packageRoot()], env), deps.earlyExitMs);
      if (outcome.launched) return outcome.code;
      reason = outcome.reason;
    }
  }
  const sentence = browserOnly ? 'Serving the studio to your browser' : `Electron is unavailable (${reason}), so the studio is served to your browser instead`;
  io.stderr.write(`${sentence}: open the URL below.\n`);
  return deps.serve(opts, io);
}

export function run(argv: string[], io: CliIo): Promise<number> {
  return runStart(argv, io);
}
