import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/contract/run-record.js';
import { staleReason } from '../../../src/host/runs/liveness.js';
import { isPidAlive } from '../../../src/host/runs/process-alive.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { manualClock, sampleInit, tempDir, trainPoint } from './helpers.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const t = await tempDir();
  root = join(t.dir, 'runs');
  cleanup = t.cleanup;
});
afterEach(() => cleanup());

const LIVE_OTHER_PID = 424242;
const DEAD_PID = 535353;

/** Makes a run on disk as another process would have left it (status running, given pid and heartbeat). */
async function runOwnedBy(id: string, pid: number, heartbeatAt: string): Promise<void> {
  const writerStore = new RunStore(root, undefined, { pid, now: () => new Date(heartbeatAt) });
  const w = await writerStore.create(sampleInit({ id }));
  await w.appendMetric(trainPoint(1));
  await w.close(); // the owner "process" goes away without finishing
}

describe('reconcile', () => {
  it('marks a dead-pid run and a stale-heartbeat run interrupted, leaves a live one and finished ones alone', async () => {
    const clock = manualClock('2026-11-28T12:00:00.000Z');
    await runOwnedBy('dead-pid', DEAD_PID, '2026-11-28T11:59:59.000Z');
    await runOwnedBy('stale-heartbeat', LIVE_OTHER_PID, '2026-11-28T11:59:00.000Z'); // 60 s old
    await runOwnedBy('live', LIVE_OTHER_PID, '2026-11-28T11:59:50.000Z'); // 10 s old
    const done = await new RunStore(root).create(sampleInit({ id: 'done' }));
    await done.finish('completed');

    const store = new RunStore(root, undefined, { now: clock.now, isPidAlive: (pid) => pid === LIVE_OTHER_PID });
    const { interrupted } = await store.reconcile();
    expect(interrupted.sort()).toEqual(['dead-pid', 'stale-heartbeat']);

    const dead = await store.get('dead-pid');
    expect(dead.status).toBe('interrupted');
    expect(dead.error).toBe(`interrupted: the training process (pid ${DEAD_PID}) is no longer running`);
    expect(dead.finishedAt).toBe('2026-11-28T12:00:00.000Z');
    const stale = await store.get('stale-heartbeat');
    expect(stale.status).toBe('interrupted');
    expect(stale.error).toMatch(/no heartbeat for 60 s \(limit 30 s\)/);
    expect((await store.get('live')).status).toBe('running');
    expect((await store.get('done')).status).toBe('completed');
    // Metrics of interrupted runs are kept.
    expect((await store.readMetrics('dead-pid')).records).toEqual([trainPoint(1)]);
    // Idempotent.
    expect((await store.reconcile()).interrupted).toEqual([]);
  });

  it('honours a custom stale threshold', async () => {
    await runOwnedBy('slow', LIVE_OTHER_PID, '2026-11-28T11:59:00.000Z');
    const now = () => new Date('2026-11-28T12:00:00.000Z');
    const lenient = new RunStore(root, undefined, { now, isPidAlive: () => true, staleMs: 120_000 });
    expect((await lenient.reconcile()).interrupted).toEqual([]);
    const strict = new RunStore(root, undefined, { now, isPidAlive: () => true, staleMs: 10_000 });
    expect((await strict.reconcile()).interrupted).toEqual(['slow']);
  });

  it('never interrupts a run this process is writing, even with an old heartbeat', async () => {
    const clock = manualClock('2026-11-28T12:00:00.000Z');
    const store = new RunStore(root, undefined, { now: clock.now });
    const w = await store.create(sampleInit());
    clock.advance(10 * 60 * 1000);
    expect((await store.reconcile()).interrupted).toEqual([]);
    await w.heartbeat();
    await w.finish('completed');
  });

  it('uses the real process table: a pid that has exited counts as dead', async () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const exitedPid = Number(child.stdout.toString());
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(exitedPid)).toBe(false);
    await runOwnedBy('exited', exitedPid, new Date().toISOString());
    expect((await new RunStore(root).reconcile()).interrupted).toEqual(['exited']);
  });

  it('marks a comparison whose owner died as interrupted', async () => {
    const owner = new RunStore(root, undefined, { pid: DEAD_PID });
    const cmp = await owner.comparisons.create({ name: 'c', config: sampleInit().config, variants: ['output_step'], repeats: 1 });
    const store = new RunStore(root, undefined, { isPidAlive: () => false });
    expect((await store.reconcile()).interrupted).toEqual([cmp.id]);
    const rec = await store.getComparison(cmp.id);
    expect(rec.status).toBe('interrupted');
    expect(rec.error).toMatch(/no longer running/);
    expect(rec.pid).toBe(DEAD_PID); // the dead owner stays on record, not the reconciler
  });

  it('skips a corrupt run.json (reported by scan) instead of failing', async () => {
    await runOwnedBy('broken', DEAD_PID, '2026-11-28T11:59:00.000Z');
    await writeFile(join(root, 'broken', 'run.json'), '{"trunc');
    await runOwnedBy('dead', DEAD_PID, '2026-11-28T11:59:00.000Z');
    const store = new RunStore(root, undefined, { isPidAlive: () => false });
    expect((await store.reconcile()).interrupted).toEqual(['dead']);
    expect(await readFile(join(root, 'broken', 'run.json'), 'utf8')).toBe('{"trunc');
  });
});

describe('staleReason', () => {
  const base: Pick<RunRecord, 'status' | 'pid' | 'heartbeatAt' | 'updatedAt'> = {
    status: 'running',
    pid: 10,
    heartbeatAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const opts = { staleMs: 30_000, now: () => new Date('2026-01-01T00:00:20.000Z'), isPidAlive: () => true };
  it('judges liveness from status, pid and heartbeat', () => {
    expect(staleReason(base, opts)).toBeUndefined();
    expect(staleReason({ ...base, status: 'completed' }, { ...opts, isPidAlive: () => false })).toBeUndefined();
    expect(staleReason({ ...base, pid: undefined }, opts)).toMatch(/no owner process/);
    expect(staleReason(base, { ...opts, isPidAlive: () => false })).toMatch(/pid 10\) is no longer running/);
    expect(staleReason({ ...base, heartbeatAt: undefined, updatedAt: '2025-12-31T23:59:00.000Z' }, opts)).toMatch(/no heartbeat for 80 s/);
    expect(staleReason({ ...base, heartbeatAt: 'not a date' }, opts)).toMatch(/unreadable/);
  });
});
