/**
 * `lstm-studio start` (src/cli/commands/start.ts): Electron when it can open a window (after fetching its binary
 * with the electron package's installer when it is missing), else one sentence and the browser host. Process
 * launching, installing and serving are replaced at the StartDeps boundary; test/cli/electron-*.test.ts run real
 * fake binaries and installers.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findElectron, missingDisplay, runStart, type StartDeps } from '../../../src/cli/commands/start.js';
import type { ServeOptions } from '../../../src/cli/commands/serve.js';
import { packageRoot } from '../../../src/host/service/app-paths.js';
import { captureIo } from '../../cli/support/fake-electron.js';

const io = captureIo;

type FakeExit = { code: number | null; afterMs: number; signal?: NodeJS.Signals } | { error: string };

function fakeDeps(over: Partial<StartDeps> & { exit?: FakeExit }) {
  const served: ServeOptions[] = [];
  const spawned: { binary: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
  const installs: NodeJS.WritableStream[] = [];
  const deps: StartDeps = {
    env: process.env,
    findElectron: () => ({ ok: true, binary: '/opt/electron' }),
    installElectron: async (progress) => {
      installs.push(progress);
      return { ok: false, failure: { kind: 'other', reason: 'no installer in this test' } };
    },
    missingDisplay: () => null,
    spawnElectron: (binary, args, env) => {
      spawned.push({ binary, args, env });
      const child = new EventEmitter() as ChildProcess;
      const exit = over.exit ?? { code: 0, afterMs: 10 };
      if ('error' in exit) setTimeout(() => child.emit('error', new Error(exit.error)), 5);
      else setTimeout(() => child.emit('exit', exit.code, exit.signal ?? null), exit.afterMs);
      return child;
    },
    crashContext: () => ({ platform: 'linux', uid: 1000, usernsRestricted: null }),
    forwardSignals: false,
    serve: async (opts, cliIo) => {
      served.push(opts);
      cliIo.stdout.write('Studio: http://127.0.0.1:1/?token=t\n');
      return 0;
    },
    earlyExitMs: 5_000,
    ...over,
  };
  return { deps, served, spawned, installs };
}

describe('start', () => {
  it('launches Electron with the package root and the runs folder, and returns its exit code', async () => {
    const { deps, served, spawned } = fakeDeps({ exit: { code: 0, afterMs: 10 } });
    const cli = io();
    expect(await runStart(['--runs-dir', '/data/runs'], cli, deps)).toBe(0);
    expect(spawned).toHaveLength(1);
    expect(spawned[0].binary).toBe('/opt/electron');
    expect(spawned[0].args).toEqual([packageRoot()]);
    expect(spawned[0].env.LSTM_STUDIO_RUNS_DIR).toBe('/data/runs');
    expect(spawned[0].env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    expect(served).toEqual([]);
    expect(cli.out()).toBe('');
  });

  it('falls back to the browser with one sentence when the electron package is not installed', async () => {
    const { deps, served, spawned, installs } = fakeDeps({ findElectron: () => ({ ok: false, reason: 'the electron package is not installed', installable: false }) });
    const cli = io();
    expect(await runStart(['--port', '0'], cli, deps)).toBe(0);
    expect(spawned).toEqual([]);
    expect(installs).toEqual([]);
    expect(served).toEqual([{ port: 0 }]);
    expect(cli.err()).toBe('Electron is unavailable (the electron package is not installed), so the studio is served to your browser instead: open the URL below.\n');
    expect(cli.out()).toBe('Studio: http://127.0.0.1:1/?token=t\n');
  });

  it('runs the electron package installer when the binary is missing, then launches what it installed', async () => {
    let installed = false;
    const { deps, served, spawned, installs } = fakeDeps({
      findElectron: () => (installed ? { ok: true, binary: '/pkg/dist/electron' } : { ok: false, reason: 'its binary was never downloaded', installable: true }),
      installElectron: async (progress) => {
        installs.push(progress);
        installed = true;
        return { ok: true, seconds: 3 };
      },
    });
    const cli = io();
    expect(await runStart([], cli, deps)).toBe(0);
    expect(installs).toHaveLength(1);
    expect(spawned.map((s) => s.binary)).toEqual(['/pkg/dist/electron']);
    expect(served).toEqual([]);
  });

  it('says in one sentence why the download was impossible, and serves the browser', async () => {
    const { deps, served, spawned } = fakeDeps({
      findElectron: () => ({ ok: false, reason: 'its binary was never downloaded', installable: true }),
      installElectron: async () => ({ ok: false, failure: { kind: 'offline', reason: 'it could not be downloaded: this machine seems to be offline (getaddrinfo ENOTFOUND github.com)' } }),
    });
    const cli = io();
    expect(await runStart([], cli, deps)).toBe(0);
    expect(spawned).toEqual([]);
    expect(served).toHaveLength(1);
    expect(cli.err()).toBe(
      'Electron is unavailable (it could not be downloaded: this machine seems to be offline (getaddrinfo ENOTFOUND github.com)), so the studio is served to your browser instead: open the URL below.\n',
    );
  });

  it('does not download when no window could open anyway (no display)', async () => {
    const { deps, installs } = fakeDeps({
      findElectron: () => ({ ok: false, reason: 'its binary was never downloaded', installable: true }),
      missingDisplay: () => 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)',
    });
    const cli = io();
    expect(await runStart([], cli, deps)).toBe(0);
    expect(installs).toEqual([]);
    expect(cli.err()).toContain('there is no display');
  });

  it('treats an Electron killed by a signal at start as a failed launch: browser fallback, what happened and the remedy', async () => {
    const { deps, served } = fakeDeps({ exit: { code: null, signal: 'SIGTRAP', afterMs: 10 }, crashContext: () => ({ platform: 'linux', uid: 1000, usernsRestricted: true }) });
    const cli = io();
    expect(await runStart([], cli, deps)).toBe(0);
    expect(served).toHaveLength(1);
    const [sentence, remedy] = cli.err().split('\n');
    expect(sentence).toMatch(/^Electron is unavailable \(it was killed by SIGTRAP as it started: Chromium's sandbox could not start, .*AppArmor restricts unprivileged user namespaces\), so the studio is served to your browser instead/);
    expect(remedy).toContain('.deb');
    expect(remedy).toContain('sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    expect(remedy).toContain('https://');
  });

  it('exits 128+N (not 0, not a fallback) when Electron is killed by a signal after it ran a while', async () => {
    const { deps, served } = fakeDeps({ exit: { code: null, signal: 'SIGSEGV', afterMs: 30 }, earlyExitMs: 10 });
    const cli = io();
    expect(await runStart([], cli, deps)).toBe(128 + 11);
    expect(served).toEqual([]);
    expect(cli.err()).toBe('Electron was killed by SIGSEGV.\n');
  });

  it('falls back when there is no display, when Electron cannot be launched, or exits at once with an error', async () => {
    for (const over of [
      { missingDisplay: () => 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)' },
      { exit: { error: 'spawn EACCES' } },
      { exit: { code: 1, afterMs: 10 } },
    ] as const) {
      const { deps, served } = fakeDeps(over);
      const cli = io();
      expect(await runStart([], cli, deps)).toBe(0);
      expect(served).toHaveLength(1);
      expect(cli.err()).toMatch(/^Electron is unavailable \(.+\), so the studio is served to your browser instead/);
    }
  });

  it('keeps a non-zero exit that comes after the app ran a while', async () => {
    const { deps, served } = fakeDeps({ exit: { code: 3, afterMs: 30 }, earlyExitMs: 10 });
    expect(await runStart([], io(), deps)).toBe(3);
    expect(served).toEqual([]);
  });

  it('--browser skips Electron; bad flags exit 2', async () => {
    const { deps, served, spawned } = fakeDeps({});
    const cli = io();
    expect(await runStart(['--browser'], cli, deps)).toBe(0);
    expect(spawned).toEqual([]);
    expect(served).toHaveLength(1);
    const bad = io();
    expect(await runStart(['--nope'], bad, deps)).toBe(2);
    expect(bad.err()).toContain('unknown option "--nope"');
    expect(bad.err()).toContain('usage: lstm-studio start');
  });
});

describe('findElectron / missingDisplay', () => {
  it('reads path.txt and dist/ like the electron package, without its download attempt', () => {
    const pkg = mkdtempSync(join(tmpdir(), 'studio-electron-pkg-'));
    try {
      expect(findElectron({}, pkg)).toEqual({ ok: false, reason: 'its binary was never downloaded', installable: true });
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      expect(findElectron({}, pkg)).toEqual({ ok: false, reason: `its binary is missing (${join(pkg, 'dist', 'electron')})`, installable: true });
      mkdirSync(join(pkg, 'dist'));
      writeFileSync(join(pkg, 'dist', 'electron'), '');
      expect(findElectron({}, pkg)).toEqual({ ok: true, binary: join(pkg, 'dist', 'electron') });
    } finally {
      rmSync(pkg, { recursive: true, force: true });
    }
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-electron-'));
    try {
      expect(findElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir }, dir)).toEqual({ ok: false, reason: `no Electron binary at ${join(dir, 'electron')}`, installable: false });
      writeFileSync(join(dir, 'electron'), '');
      expect(findElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir }, dir)).toEqual({ ok: true, binary: join(dir, 'electron') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('looks up the installed electron package without printing or throwing', () => {
    const result = findElectron({});
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) expect(result.reason).toMatch(/never downloaded|missing|not installed/);
    expect(findElectron({}, null)).toEqual({ ok: false, reason: 'the electron package is not installed', installable: false });
  });

  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    expect(missingDisplay({}, 'linux')).toContain('no display');
    expect(missingDisplay({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(missingDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(missingDisplay({}, 'darwin')).toBeNull();
  });
});
