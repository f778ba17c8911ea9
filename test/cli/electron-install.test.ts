/**
 * `lstm-studio start` obtaining Electron with the electron package's own installer (src/cli/commands/
 * electron-install.ts), with real child processes: fake installers (succeed, hang, ignore SIGTERM), and the real
 * node_modules/electron/install.js (@electron/get) against a local mirror: it downloads and extracts a zip holding
 * a fake binary, which `start` then launches; it fails offline, on HTTP 403 and on a refused connection, and each
 * failure is told in one sentence.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeStartDeps, runStart } from '../../src/cli/commands/start.js';
import { runElectronInstaller } from '../../src/cli/commands/electron-install.js';
import type { ServeOptions } from '../../src/cli/commands/serve.js';
import { packageRoot } from '../../src/host/service/app-paths.js';
import {
  captureIo,
  closedPort,
  ELECTRON_VERSION,
  fakeBinaryScript,
  fakeElectronPackage,
  fakeServe,
  installerEnv,
  installerWritingBinary,
  realInstallerPackage,
  removeTempDirs,
  startMirror,
  storedZip,
  tempDir,
  type Mirror,
} from './support/fake-electron.js';

const posix = process.platform !== 'win32';
let mirror: Mirror | null = null;
afterEach(async () => {
  await mirror?.close();
  mirror = null;
});
afterAll(removeTempDirs);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `start` with the real deps on `packageDir` (real installer run, real spawn), a display, and a fake browser host. */
async function start(packageDir: string, env: NodeJS.ProcessEnv) {
  const served: ServeOptions[] = [];
  const io = captureIo();
  const code = await runStart([], io, { ...makeStartDeps({ packageDir, env }), missingDisplay: () => null, serve: fakeServe(served) });
  return { code, served, err: io.err() };
}

describe.skipIf(!posix)('start with a fake installer and fake binaries', () => {
  it('downloads (progress line on stderr), then launches the binary the installer wrote', async () => {
    const log = join(tempDir('studio-fake-log-'), 'args.txt');
    const pkg = fakeElectronPackage(installerWritingBinary(fakeBinaryScript({ log })));
    const { code, served, err } = await start(pkg, { ...process.env });
    expect(code).toBe(0);
    expect(served).toEqual([]);
    expect(err).toContain(`Downloading Electron ${ELECTRON_VERSION} (first start only; up to 300 s) …\n`);
    expect(err).toMatch(new RegExp(`Electron ${ELECTRON_VERSION.replace(/\./g, '\\.')} downloaded in \\d+ s\\.\\n`));
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([packageRoot()]);
  });

  it('uses an installed binary directly, without running the installer', async () => {
    const log = join(tempDir('studio-fake-log-'), 'args.txt');
    const pkg = fakeElectronPackage('require("fs").writeFileSync(__dirname + "/installer-ran", ""); process.exit(1);');
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), fakeBinaryScript({ log }), { mode: 0o755 });
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    const { code, err } = await start(pkg, { ...process.env });
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(existsSync(join(pkg, 'installer-ran'))).toBe(false);
    expect(existsSync(log)).toBe(true);
  });

  it('kills an installer that passes the time limit, removes its half download, and says it timed out', async () => {
    const partial = tempDir('electron-download-');
    const pidFile = join(tempDir('studio-pid-'), 'pid');
    const pkg = fakeElectronPackage(`require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
require('fs').writeFileSync(${JSON.stringify(join(partial, 'electron.zip'))}, Buffer.alloc(2_500_000));
console.error('2026-01-01T00:00:00.000Z @electron/get:index Downloading https://example.invalid/electron.zip to ${join(partial, 'electron.zip')} with options: undefined');
setInterval(() => {}, 1000);`);
    const progress = captureIo().stderr;
    let text = '';
    progress.on('data', (d: Buffer) => (text += d.toString()));
    const result = await runElectronInstaller({ packageDir: pkg, progress, timeoutMs: 1500, tickMs: 100 });
    expect(result).toEqual({ ok: false, failure: { kind: 'timed-out', reason: 'its download did not finish within 2 s (LSTM_STUDIO_ELECTRON_DOWNLOAD_TIMEOUT=SECONDS allows longer)' } });
    expect(isAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    expect(existsSync(partial)).toBe(false);
    expect(text).toContain(`Downloading Electron ${ELECTRON_VERSION}`);
  });

  it('SIGKILLs an installer that ignores SIGTERM', async () => {
    const pidFile = join(tempDir('studio-pid-'), 'pid');
    const pkg = fakeElectronPackage(`process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`);
    const started = Date.now();
    const result = await runElectronInstaller({ packageDir: pkg, progress: captureIo().stderr, timeoutMs: 800, killGraceMs: 300 });
    expect(result.ok === false && result.failure.kind).toBe('timed-out');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('start falls back in one sentence when the installer times out', async () => {
    const pkg = fakeElectronPackage('setInterval(() => {}, 1000);');
    const { code, served, err } = await start(pkg, { ...process.env, LSTM_STUDIO_ELECTRON_DOWNLOAD_TIMEOUT: '1' });
    expect(code).toBe(0);
    expect(served).toHaveLength(1);
    expect(err).toContain(
      'Electron is unavailable (its download did not finish within 1 s (LSTM_STUDIO_ELECTRON_DOWNLOAD_TIMEOUT=SECONDS allows longer)), so the studio is served to your browser instead: open the URL below.\n',
    );
  });
});

describe.skipIf(process.platform !== 'linux')("start with Electron's real installer (install.js, @electron/get) and a local mirror", () => {
  const binaryLog = join(tempDir('studio-real-log-'), 'args.txt');
  const zip = storedZip([
    { name: 'electron', data: Buffer.from(fakeBinaryScript({ log: binaryLog })), mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${ELECTRON_VERSION}`), mode: 0o644 },
  ]);

  it('downloads and extracts the binary, then launches it', async () => {
    mirror = await startMirror(zip);
    const pkg = realInstallerPackage(zip);
    const { code, served, err } = await start(pkg, installerEnv(mirror.url, tempDir('studio-electron-cache-')));
    expect(mirror.requests).toEqual([`/v${ELECTRON_VERSION}/electron-v${ELECTRON_VERSION}-linux-${process.arch}.zip`]);
    expect(err).toContain(`Electron ${ELECTRON_VERSION} downloaded in`);
    expect(served).toEqual([]);
    expect(code).toBe(0);
    expect(readFileSync(join(pkg, 'path.txt'), 'utf8')).toBe('electron');
    expect(readFileSync(binaryLog, 'utf8').trim()).toBe(packageRoot());
  });

  it('refused: HTTP 403 from the mirror', async () => {
    mirror = await startMirror(403);
    const { code, served, err } = await start(realInstallerPackage(zip), installerEnv(mirror.url, tempDir('studio-electron-cache-')));
    expect(code).toBe(0);
    expect(served).toHaveLength(1);
    expect(err).toContain(`Electron is unavailable (its download was refused: HTTP 403 Forbidden from ${new URL(mirror.url).host}), so the studio is served to your browser instead`);
  });

  it('refused: nothing listens (ECONNREFUSED)', async () => {
    const port = await closedPort();
    const { served, err } = await start(realInstallerPackage(zip), installerEnv(`http://127.0.0.1:${port}/`, tempDir('studio-electron-cache-')));
    expect(served).toHaveLength(1);
    expect(err).toContain(`Electron is unavailable (its download was refused (connect ECONNREFUSED 127.0.0.1:${port})), so`);
  });

  it('offline: the download host does not resolve', async () => {
    const { served, err } = await start(realInstallerPackage(zip), installerEnv('http://lstm-studio-test.invalid/', tempDir('studio-electron-cache-')));
    expect(served).toHaveLength(1);
    expect(err).toMatch(/Electron is unavailable \(it could not be downloaded: this machine seems to be offline \(getaddrinfo (ENOTFOUND|EAI_AGAIN) lstm-studio-test\.invalid\)\), so/);
  });
});
