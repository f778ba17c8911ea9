/**
 * `lstm-studio start` (what `npm start` runs): opens the desktop app (Electron). When the electron package is
 * installed but its binary is not (Electron's npm package downloads it lazily), the package's own installer
 * fetches it first, with a progress line and a time limit (electron-install.ts). Only when Electron cannot be
 * had or cannot open a window (no display, the download impossible, a crash at start) does `start` say why in
 * one sentence (plus the remedy, for a crash) and serve the studio to the browser instead, printing the same
 * `Studio: http://127.0.0.1:PORT/?token=TOKEN` line as `serve`.
 * Flags: those of `serve`, plus `--browser` to skip Electron.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CliIo } from '../cli-io.js';
import { packageRoot } from '../../host/service/app-paths.js';
import { RUNS_DIR_ENV } from '../../host/runs/runs-dir.js';
import { parseServeArgs, SERVE_USAGE, serveUntil, untilSignal, type ServeOptions } from './serve.js';
import { USERNS_SYSCTL_FILE, type CrashContext } from './electron-crash-advice.js';
import { downloadTimeoutMs, runElectronInstaller, type InstallResult } from './electron-install.js';
import { EARLY_EXIT_MS, watchElectron } from './electron-launch.js';
import { electronPackageDir, findElectron, missingDisplay, type ElectronLookup } from './electron-lookup.js';

export { EARLY_EXIT_MS } from './electron-launch.js';
export { findElectron, missingDisplay, type ElectronLookup } from './electron-lookup.js';

export const START_USAGE = `${SERVE_USAGE.replace('lstm-studio serve', 'lstm-studio start').replace(/\n/, ' [--browser]\n')}
  --browser          do not try Electron; serve the studio to the browser`;

export interface StartDeps {
  /** The environment Electron starts with (plus the runs folder). */
  env: NodeJS.ProcessEnv;
  findElectron(): ElectronLookup;
  /** Runs the electron package's installer (progress on `progress`). */
  installElectron(progress: NodeJS.WritableStream): Promise<InstallResult>;
  missingDisplay(): string | null;
  spawnElectron(binary: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess;
  /** Platform, uid and the userns sysctl, for the advice after a crash at start. */
  crashContext(): Omit<CrashContext, 'signal' | 'stderrTail' | 'binary'>;
  /** Whether signals sent to `start` are forwarded to Electron (its own process group on POSIX). */
  forwardSignals: boolean;
  serve(opts: ServeOptions, io: CliIo): Promise<number>;
  /** See EARLY_EXIT_MS. */
  earlyExitMs: number;
}

function readUsernsRestriction(): boolean | null {
  try {
    return readFileSync(USERNS_SYSCTL_FILE, 'utf8').trim() === '1';
  } catch {
    return null;
  }
}

const posix = process.platform !== 'win32';

export interface StartDepsOptions {
  /** The electron package's folder (default: the installed one; null: not installed). */
  packageDir?: string | null;
  env?: NodeJS.ProcessEnv;
}

/** The real dependencies: the electron package at `packageDir`, its installer, real processes, the real host. */
export function makeStartDeps(options: StartDepsOptions = {}): StartDeps {
  const packageDir = options.packageDir === undefined ? electronPackageDir() : options.packageDir;
  const env = options.env ?? process.env;
  return {
    env,
    findElectron: () => findElectron(env, packageDir),
    installElectron: (progress) => {
      if (packageDir === null) return Promise.resolve({ ok: false, failure: { kind: 'other', reason: 'the electron package is not installed' } });
      return runElectronInstaller({ packageDir, progress, env, timeoutMs: downloadTimeoutMs(env) });
    },
    missingDisplay: () => missingDisplay(env),
    // Its own process group on POSIX (signals are forwarded once, see electron-launch.ts); no stdin.
    spawnElectron: (binary, args, childEnv) => spawn(binary, args, { stdio: ['ignore', 'inherit', 'pipe'], env: childEnv, detached: posix }),
    crashContext: () => ({ platform: process.platform, uid: process.getuid?.() ?? null, usernsRestricted: readUsernsRestriction() }),
    forwardSignals: posix,
    serve: (opts, io) => serveUntil(opts, io, untilSignal()),
    earlyExitMs: EARLY_EXIT_MS,
  };
}

type Attempt = { ran: true; code: number } | { ran: false; reason: string; remedy: string | null };

async function tryElectron(opts: ServeOptions, io: CliIo, deps: StartDeps): Promise<Attempt> {
  const noDisplay = deps.missingDisplay();
  if (noDisplay) return { ran: false, reason: noDisplay, remedy: null };
  let electron = deps.findElectron();
  if (!electron.ok && electron.installable) {
    const installed = await deps.installElectron(io.stderr);
    if (!installed.ok) return { ran: false, reason: installed.failure.reason, remedy: null };
    electron = deps.findElectron();
    if (!electron.ok) return { ran: false, reason: `its installer finished but ${electron.reason}`, remedy: null };
  }
  if (!electron.ok) return { ran: false, reason: electron.reason, remedy: null };
  const env: NodeJS.ProcessEnv = { ...deps.env };
  delete env.ELECTRON_RUN_AS_NODE;
  if (opts.runsDir) env[RUNS_DIR_ENV] = opts.runsDir;
  const outcome = await watchElectron(deps.spawnElectron(electron.binary, [packageRoot()], env), {
    earlyExitMs: deps.earlyExitMs,
    binary: electron.binary,
    stderr: io.stderr,
    crashContext: deps.crashContext,
    forwardSignals: deps.forwardSignals,
  });
  if (!outcome.launched) return { ran: false, reason: outcome.reason, remedy: outcome.remedy };
  if (outcome.note) io.stderr.write(`${outcome.note}\n`);
  return { ran: true, code: outcome.code };
}

export async function runStart(argv: string[], io: CliIo, deps: StartDeps = makeStartDeps()): Promise<number> {
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
  if (browserOnly) {
    io.stderr.write('Serving the studio to your browser: open the URL below.\n');
    return deps.serve(opts, io);
  }
  const attempt = await tryElectron(opts, io, deps);
  if (attempt.ran) return attempt.code;
  io.stderr.write(`Electron is unavailable (${attempt.reason}), so the studio is served to your browser instead: open the URL below.\n`);
  if (attempt.remedy) io.stderr.write(`To open the desktop app, ${attempt.remedy}\n`);
  return deps.serve(opts, io);
}

export function run(argv: string[], io: CliIo): Promise<number> {
  return runStart(argv, io);
}
