/**
 * The service with the real training child (node child_process through `nodeTransport`, the compiled worker
 * from `npm run build`): a tiny run starts, streams events, ends completed and is readable from disk; a long run
 * is stopped at a checkpoint and continued from it.
 */
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { BUILT_WORKER, builtWorker, jobEnded, makeService, tempRunsDir, waitForEvent } from './helpers.js';

const model = { hidden: 8 };
const data = { dataset: 'task:last-token', trainLimit: 64, testLimit: 32 };

let runsDir: string;
let cleanup: () => Promise<void>;
let service: StudioService | undefined;

beforeEach(async () => {
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} is missing: run "npm run build" before these tests`);
  ({ dir: runsDir, cleanup } = await tempRunsDir());
});

afterEach(async () => {
  await service?.close(10_000);
  service = undefined;
  await cleanup();
});

describe('StudioService with node child processes', () => {
  it('trains a tiny run in a child process and reads it back', async () => {
    let events;
    ({ service, events } = await makeService(runsDir, builtWorker));
    const reply = await service.call('startRun', { config: { model, data, train: { maxSteps: 4, batch: 8, evalEvery: 2, backend: 'cpu' } } });
    if (!reply.ok) throw new Error(reply.error.message);
    const { runId } = reply.value;
    await waitForEvent(service, events, jobEnded(runId), 120_000);
    expect(events.some((e) => e.type === 'progress' && e.runId === runId)).toBe(true);
    const done = events.find((e) => e.type === 'done' && e.runId === runId);
    expect(done?.type === 'done' && done.record.status).toBe('completed');
    const detail = await service.call('getRun', runId);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.record.status).toBe('completed');
    expect(detail.value.record.step).toBe(4);
    expect(detail.value.metrics.some((m) => m.type === 'eval')).toBe(true);
  }, 180_000);

  it('stops a run at a checkpoint and continues it with resume', async () => {
    let events;
    ({ service, events } = await makeService(runsDir, builtWorker));
    const reply = await service.call('startRun', {
      config: { model, data, train: { epochs: 1000, batch: 8, evalEvery: 2, backend: 'cpu' } },
    });
    if (!reply.ok) throw new Error(reply.error.message);
    const { runId } = reply.value;
    await waitForEvent(service, events, (e) => e.type === 'progress' && e.runId === runId && e.step >= 3, 120_000);
    expect((await service.call('pause', runId)).ok).toBe(true);
    expect((await service.call('stop', runId)).ok).toBe(true);
    await waitForEvent(service, events, jobEnded(runId), 60_000);
    const stopped = await service.call('getRun', runId);
    if (!stopped.ok) throw new Error(stopped.error.message);
    expect(stopped.value.record.status).toBe('stopped');
    const at = stopped.value.record.checkpointStep;
    expect(at).toBeGreaterThan(0);

    events.length = 0;
    const cont = await service.call('resume', runId);
    expect(cont).toEqual({ ok: true, value: { id: runId, kind: 'run', state: 'running' } });
    const progressed = await waitForEvent(service, events, (e) => e.type === 'progress' && e.runId === runId, 120_000);
    expect(progressed.type === 'progress' && progressed.step).toBeGreaterThan(at);
    expect((await service.call('stop', runId)).ok).toBe(true);
    await waitForEvent(service, events, jobEnded(runId), 60_000);
    const again = await service.call('getRun', runId);
    expect(again.ok && again.value.record.status).toBe('stopped');
  }, 300_000);
});
