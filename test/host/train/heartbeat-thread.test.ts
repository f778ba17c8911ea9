/**
 * The heartbeat thread keeps a run's `heartbeat` file fresh while the training thread's event loop is blocked
 * (a long synchronous step), stops when the training thread stops checking in for longer than `hangMs`, and
 * kills its process, even one whose event loop is blocked, when its parent is gone (with real hosts in
 * test/cli/host-kill.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEARTBEAT_FILE } from '../../../src/host/runs/liveness.js';
import { packageRoot } from '../../../src/host/service/app-paths.js';
import { type HeartbeatThread, startHeartbeatThread } from '../../../src/host/train/heartbeat-thread.js';

let dir: string;
let thread: HeartbeatThread | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'heartbeat-'));
});
afterEach(async () => {
  await thread?.stop();
  thread = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Blocks this thread's event loop (as a long training step does). */
function blockFor(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const file = () => join(dir, HEARTBEAT_FILE);

describe('heartbeat thread', () => {
  it('writes the pid into the heartbeat file and keeps its mtime fresh while the event loop is blocked', async () => {
    thread = startHeartbeatThread({ intervalMs: 100, tickMs: 20, hangMs: 60_000 });
    thread.watch(dir);
    await until(() => existsSync(file()));
    expect((await readFile(file(), 'utf8')).trim()).toBe(String(process.pid));
    const blockedAt = Date.now();
    blockFor(1500);
    // The mtime was set by the thread during the block: no timer of this thread could have run.
    const mtime = (await stat(file())).mtimeMs;
    expect(mtime).toBeGreaterThan(blockedAt + 1000);
  });

  it('stops beating when the training thread has not checked in for longer than hangMs', async () => {
    thread = startHeartbeatThread({ intervalMs: 50, tickMs: 20, hangMs: 300 });
    thread.watch(dir);
    await until(() => existsSync(file()));
    thread.checkIn();
    const blockedAt = Date.now();
    blockFor(1500);
    const mtime = (await stat(file())).mtimeMs;
    expect(mtime).toBeLessThan(blockedAt + 600);
    // Checking in again revives it.
    thread.checkIn();
    await until(async () => (await stat(file())).mtimeMs > blockedAt + 1500);
  });

  it('watch(null) and stop() remove the heartbeat file', async () => {
    thread = startHeartbeatThread({ intervalMs: 50, tickMs: 20 });
    thread.watch(dir);
    await until(() => existsSync(file()));
    thread.watch(null);
    await until(() => !existsSync(file()));
    thread.watch(dir);
    await until(() => existsSync(file()));
    await thread.stop();
    expect(existsSync(file())).toBe(false);
  });
});

describe('heartbeat thread: the parent is gone', () => {
  it('kills its process after graceMs even while the event loop is blocked', async () => {
    const built = join(packageRoot(), 'dist', 'src', 'host', 'train', 'heartbeat-thread.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" before these tests`);
    // A parent pid that is not this process's parent: the thread takes the parent for dead at once.
    const script = `import(${JSON.stringify(built)}).then((m) => { m.startHeartbeatThread({ parentPid: -1, graceMs: 300, tickMs: 20 }); setTimeout(() => { for (;;) {} }, 50); });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const t0 = Date.now();
    // Bounded: a child the thread failed to kill is killed here after 10 s (and the test fails).
    const guard = setTimeout(() => child.kill('SIGTERM'), 10_000);
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
    clearTimeout(guard);
    expect(signal).toBe('SIGKILL');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
