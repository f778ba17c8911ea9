/**
 * Liveness counts the run folder's `heartbeat` file (kept fresh by a training process's heartbeat thread while
 * a run is paused or in a long step) when it names the record's pid: such a run is not marked interrupted, and
 * resume and delete refuse it, saying which process writes it. A heartbeat file of another pid does not count.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEARTBEAT_FILE } from '../../../src/host/runs/liveness.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { sampleInit, tempDir, trainPoint } from './helpers.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const t = await tempDir();
  root = join(t.dir, 'runs');
  cleanup = t.cleanup;
});
afterEach(() => cleanup());

const OWNER = 424242;
const T0 = Date.parse('2026-11-28T12:00:00.000Z');

/** A run left `running` by process OWNER, its run.json heartbeat at T0, with a checkpoint. */
async function pausedRun(id: string): Promise<void> {
  const w = await new RunStore(root, undefined, { pid: OWNER, now: () => new Date(T0) }).create(sampleInit({ id }));
  await w.appendMetric(trainPoint(1));
  await w.writeCheckpoint(1, { meta: {}, tensors: {} });
  await w.close();
}

async function beat(id: string, pid: number, atMs: number): Promise<void> {
  const file = join(root, id, HEARTBEAT_FILE);
  await writeFile(file, `${pid}\n`);
  await utimes(file, atMs / 1000, atMs / 1000);
}

/** A store that judges 40 s after T0 with a 30 s limit, OWNER alive. */
const later = () => new RunStore(root, undefined, { now: () => new Date(T0 + 40_000), staleMs: 30_000, isPidAlive: (pid) => pid === OWNER });

describe('heartbeat file', () => {
  it('a paused run 40 s without a step stays running, and resume and delete refuse it', async () => {
    await pausedRun('paused');
    await beat('paused', OWNER, T0 + 39_000);
    const store = later();
    expect((await store.reconcile()).interrupted).toEqual([]);
    expect((await store.get('paused')).status).toBe('running');
    expect(await store.owner('paused')).toEqual({ kind: 'run', pid: OWNER, here: false });
    await expect(store.resume('paused')).rejects.toThrow(/still running in a live process \(pid 424242\)/);
    await expect(store.delete('paused')).rejects.toThrow(/pid 424242\) is still running/);
    expect((await store.readMetrics('paused')).records).toHaveLength(1);
  });

  it('without a fresh heartbeat (or with another pid\'s) the same run is interrupted', async () => {
    await pausedRun('stale');
    await pausedRun('foreign');
    await beat('stale', OWNER, T0 + 5_000);
    await beat('foreign', 777, T0 + 39_000);
    const store = later();
    expect((await store.reconcile()).interrupted.sort()).toEqual(['foreign', 'stale']);
    expect((await store.get('stale')).error).toMatch(/no heartbeat for 35 s/);
    expect(await store.owner('stale')).toBeUndefined();
  });

  it('interrupt() marks a dead writer\'s run and leaves a live one alone', async () => {
    await pausedRun('live');
    await beat('live', OWNER, T0 + 39_000);
    const store = later();
    expect((await store.interrupt('live', 'interrupted: gone')).status).toBe('running');
    const dead = new RunStore(root, undefined, { now: () => new Date(T0 + 40_000), isPidAlive: () => false });
    const rec = await dead.interrupt('live', 'interrupted: the training process exited');
    expect(rec.status).toBe('interrupted');
    expect(rec.error).toBe('interrupted: the training process exited');
  });
});
