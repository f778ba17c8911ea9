/**
 * Fetches the Electron binary the way Electron itself does: runs the electron package's own installer
 * (`node_modules/electron/install.js`, the script behind its `install-electron` bin and what its index.js runs
 * when the binary is missing; it downloads with @electron/get, honouring ELECTRON_MIRROR, electron_config_cache,
 * proxies and checksums) in a child process, with a progress line on stderr and a time limit. When the limit
 * passes, the installer is killed and its half-downloaded temp folder removed.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { classifyInstallFailure, DOWNLOAD_TIMEOUT_ENV, type InstallFailure } from './electron-install-outcome.js';
import { electronVersion } from './electron-lookup.js';

/** Default time limit of the download: the ~110 MB zip at ~0.4 MB/s. */
export const DEFAULT_DOWNLOAD_TIMEOUT_S = 300;

export interface InstallerOptions {
  /** The electron package's folder (holds install.js and package.json). */
  packageDir: string;
  /** Where the progress line goes (start's stderr). */
  progress: NodeJS.WritableStream;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** The Node that runs install.js (default: this one). */
  nodePath?: string;
  /** How often the progress line is refreshed (default 1 s). */
  tickMs?: number;
  /** How long a killed installer gets before SIGKILL (default 2 s). */
  killGraceMs?: number;
}

export type InstallResult = { ok: true; seconds: number } | { ok: false; failure: InstallFailure };

/** The time limit from LSTM_STUDIO_ELECTRON_DOWNLOAD_TIMEOUT (seconds), else the default. */
export function downloadTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[DOWNLOAD_TIMEOUT_ENV];
  const s = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : DEFAULT_DOWNLOAD_TIMEOUT_S;
  return Math.max(1, s) * 1000;
}

/** NODE_DEBUG / DEBUG extended (never replaced) so the installer says what failed and where it downloads to. */
function installerEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const add = (value: string | undefined, item: string) => (value ? `${value},${item}` : item);
  return { ...base, NODE_DEBUG: add(base.NODE_DEBUG, 'fetch'), DEBUG: add(base.DEBUG, '@electron/get*'), ELECTRON_GET_NO_PROGRESS: '1' };
}

/** @electron/get logs "Downloading URL to FILE with options: …"; FILE sits in a fresh temp folder. */
function downloadTarget(output: string): string | null {
  const m = /Downloading \S+ to (.+?) with options/.exec(output);
  return m ? m[1] : null;
}

/** Only @electron/get's own temp folder (`<tmp>/electron-download-XXXXXX`) is ever removed. */
function removeTempDownload(file: string | null): void {
  if (!file) return;
  const dir = dirname(resolve(file));
  if (!basename(dir).startsWith('electron-download-') || !dir.startsWith(resolve(tmpdir()) + sep)) return;
  rmSync(dir, { recursive: true, force: true });
}

function sizeOf(file: string | null): string {
  if (!file || !existsSync(file)) return '';
  const mb = statSync(file).size / 1e6;
  return `${mb.toFixed(mb < 10 ? 1 : 0)} MB, `;
}

export function runElectronInstaller(opts: InstallerOptions): Promise<InstallResult> {
  const script = join(opts.packageDir, 'install.js');
  const version = electronVersion(opts.packageDir);
  const limitS = Math.round(opts.timeoutMs / 1000);
  if (!existsSync(script)) {
    return Promise.resolve({ ok: false, failure: { kind: 'other', reason: `the electron package has no installer (${script} is missing)` } });
  }
  const tty = (opts.progress as { isTTY?: boolean }).isTTY === true;
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const label = `Downloading Electron ${version} (first start only; up to ${limitS} s)`;
  opts.progress.write(tty ? label : `${label} …\n`);

  return new Promise((resolveResult) => {
    const child = spawn(opts.nodePath ?? process.execPath, [script], {
      cwd: opts.packageDir,
      env: installerEnv(opts.env ?? process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let target: string | null = null;
    const collect = (d: Buffer) => {
      output = (output + d.toString()).slice(-64_000);
      target ??= downloadTarget(output);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let timedOut = false;
    let lastTickS = 0;
    const tick = setInterval(() => {
      const s = seconds();
      if (tty) opts.progress.write(`\r\x1b[K${label} … ${sizeOf(target)}${s} s`);
      else if (s - lastTickS >= 10) {
        lastTickS = s;
        opts.progress.write(`… ${sizeOf(target)}${s} s\n`);
      }
    }, opts.tickMs ?? 1000);
    let killTimer: NodeJS.Timeout | undefined;
    const limit = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), opts.killGraceMs ?? 2000);
    }, opts.timeoutMs);
    let settled = false;
    const finish = (result: InstallResult) => {
      if (settled) return;
      settled = true;
      clearInterval(tick);
      clearTimeout(limit);
      clearTimeout(killTimer);
      if (tty) opts.progress.write('\n');
      if (result.ok) opts.progress.write(`Electron ${version} downloaded in ${result.seconds} s.\n`);
      resolveResult(result);
    };
    child.once('error', (err) => finish({ ok: false, failure: { kind: 'other', reason: `its installer could not be started (${err.message})` } }));
    child.once('close', (code) => {
      if (timedOut) removeTempDownload(target);
      if (code === 0 && !timedOut) return finish({ ok: true, seconds: seconds() });
      finish({ ok: false, failure: classifyInstallFailure({ output, code, timedOut, limitS, nodeVersion: process.version }) });
    });
  });
}
