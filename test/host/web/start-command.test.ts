/**
 * `lstm-studio start` (src/cli/commands/start.ts): Electron when it can open a window, else one sentence and
 * the browser host. Process launching and serving are replaced at the StartDeps boundary.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { findElectron, missingDisplay, runStart, type StartDeps } from '../../../src/cli/commands/start.js';
import type { ServeOptions } from '../../../src/cli/commands/serve.js';
import { packageRoot } from '../../../src/host/service/app-paths.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, cwd: '/work', out: () => out, err: () => err };
}

function fakeDeps(over: Partial<StartDeps> & { exit?: { code: number | null; afterMs: number } | { error: string } }) {
  const served: ServeOptions[] = [];
  const spawned: { binary: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
  const deps: StartDeps = {
    findElectron: () => ({ ok: true, binary: '/opt/electron' }),
    missingDisplay: () => null,
    spawnElectron: (binary, args, env) => {
      spawned.push({ binary, args, env });
      const child = new EventEmitter() as ChildProcess;
      const exit = over.exit ?? { code: 0, afterMs: 10 };
      if ('error' in exit) setTimeout(() => child.emit('error', new Error(exit.error)), 5);
      else setTimeout(() => child.emit('exit', exit.code, null), exit.afterMs);
      return child;
    },
    serve: async (opts, cliIo) => {
      served.push(opts);
      cliIo.stdout.write('Studio: http://127.0.0.1:1/?token=t\n');
      return 0;
    },
    earlyExitMs: 5_000,
    ...over,
  };
  return { deps, served, spawned };
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

  it('falls back to the browser with one sentence when the binary is missing', async () => {
    const { deps, served, spawned } = fakeDeps({ findElectron: () => ({ ok: false, reason: 'its binary was never downloaded' }) });
    const cli = io();
    expect(await runStart(['--port', '0'], cli, deps)).toBe(0);
    expect(spawned).toEqual([]);
    expect(served).toEqual([{ port: 0 }]);
    expect(cli.err()).toBe('Electron is unavailable (its binary was never downloaded), so the studio is served to your browser instead: open the URL below.\n');
    expect(cli.out()).toBe('Studio: http://127.0.0.1:1/?token=t\n');
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
      expect(findElectron({}, pkg)).toEqual({ ok: false, reason: 'its binary was never downloaded' });
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      expect(findElectron({}, pkg)).toEqual({ ok: false, reason: `its binary is missing (${join(pkg, 'dist', 'electron')})` });
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
      expect(findElectron({ ELECTRON_OVERRIDE_DIST_PATH: dir }, dir)).toEqual({ ok: false, reason: `no Electron binary at ${join(dir, 'electron')}` });
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
  });

  it('needs DISPLAY or WAYLAND_DISPLAY on Linux only', () => {
    expect(missingDisplay({}, 'linux')).toContain('no display');
    expect(missingDisplay({ DISPLAY: ':0' }, 'linux')).toBeNull();
    expect(missingDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBeNull();
    expect(missingDisplay({}, 'darwin')).toBeNull();
  });
});
