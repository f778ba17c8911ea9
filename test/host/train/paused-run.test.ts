/**
 * A paused run in a real training child (the build's worker) keeps a fresh heartbeat although no step runs:
 * with a 1.5 s staleness limit (the 30 s one scaled down) it stays `running` after 4 s of pause, and resume
 * and delete — from the runs folder, the CLI's path, and from a second studio — refuse it, naming its process.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/host/runs/run-store.js';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { forkRun, type RunProcess } from '../../../src/host/train/fork-run.js';
import { BUILT_WORKER, builtWorker, makeService, tempRunsDir } from '../service/helpers.js';
const config = { data: { dataset: 'task:last-token', trainLimit: 64, testLimit: 32 }, model: { hidden: 8 }, train: { batch: 8, epochs: 500, evalEvery: 10, backend: 'cpu' as const } };

let runsDir: string;
let cleanup: () => Promise<void>;
let proc: RunProcess | undefined;
let other: StudioService | undefined;

beforeEach(async () => {
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} is missing: run "npm run build" before these tests`);
  ({ dir: runsDir, cleanup } = await tempRunsDir());
});
afterEach(async () => {
  await other?.close(2_000);
  other = undefined;
  if (proc) {
    proc.kill();
    await proc.done;
  }
  proc = undefined;
  await cleanup();
});

describe('a paused run in a training child', () => {
  it('stays running with a fresh heartbeat while paused, and resume and delete refuse it', async () => {
    proc = forkRun({ config, runsDir, heartbeatSec: 0.25 }, builtWorker);
    const id = await proc.runId;
    await new Promise<void>((resolve) => {
      const off = proc!.onEvent((e) => {
        if (e.type === 'progress' && e.step >= 12) {
          off();
          resolve();
        }
      });
    });
    proc.pause();
    await new Promise((r) => setTimeout(r, 4000));
    const store = new RunStore(runsDir, undefined, { staleMs: 1500 });
    expect((await store.reconcile()).interrupted).toEqual([]);
    const rec = await store.get(id);
    expect(rec.status).toBe('running');
    expect((await store.list()).find((r) => r.id === id)?.status).toBe('running');
    await expect(store.resume(id)).rejects.toThrow(new RegExp(`still running in a live process \\(pid ${rec.pid}\\)`));
    await expect(store.delete(id)).rejects.toThrow(/is still running/);

    // A second studio on the same folder, judging with the same limit.
    ({ service: other } = await makeService(runsDir, builtWorker, { openStore: (dir) => new RunStore(dir, undefined, { staleMs: 1500 }) }));
    const list = await other.call('listRuns', undefined);
    expect(list.ok && list.value.elsewhere).toEqual([{ id, kind: 'run', pid: rec.pid }]);
    const resume = await other.call('resume', id);
    expect(!resume.ok && resume.error.code).toBe('conflict');
    const del = await other.call('deleteRun', id);
    expect(!del.ok && del.error.message).toMatch(/another host \(pid \d+\)/);

    proc.resume();
    proc.stop();
    const end = await proc.done;
    proc = undefined;
    expect(end?.status).toBe('stopped');
  }, 120_000);
});
