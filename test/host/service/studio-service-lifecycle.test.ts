/**
 * StudioService lifecycle with the fake worker: training slots and the queue, who stopped a run, a child that
 * dies alone, runs written by another host's process, live points not yet on disk, a comparison that could not
 * be created, and continuing an interrupted comparison from its cells.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/contract/config.js';
import type { StudioEvent } from '../../../src/contract/api.js';
import { resumeComparison } from '../../../src/host/compare/resume-comparison.js';
import { runComparison } from '../../../src/host/compare/run-comparison.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { FaultFs } from '../runs/helpers.js';
import { fakeWorkerTransport } from './fake-worker.js';
import { jobEnded, makeService, tempRunsDir, waitForEvent } from './helpers.js';

const tinyConfig = { data: { dataset: 'task:last-token' }, train: { maxSteps: 5, batch: 4 } };

let runsDir: string;
let cleanup: () => Promise<void>;
let service: StudioService | undefined;
let sleeper: ChildProcess | undefined;

beforeEach(async () => {
  ({ dir: runsDir, cleanup } = await tempRunsDir());
});
afterEach(async () => {
  await service?.close(5_000);
  service = undefined;
  sleeper?.kill('SIGKILL');
  sleeper = undefined;
  await cleanup();
});

async function started(reply: Awaited<ReturnType<StudioService['call']>>): Promise<string> {
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.value as { runId: string }).runId;
}

describe('training slots and the queue', () => {
  it('queues runs beyond maxConcurrentRuns, lists them with a name, starts them in order, and stop takes one out', async () => {
    const fake = fakeWorkerTransport({ steps: 30, tickMs: 10 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport, {}, { maxConcurrentRuns: 1 }));
    const info = await service.call('getInfo', undefined);
    expect(info.ok && info.value.maxConcurrentRuns).toBe(1);
    expect(info.ok && info.value.cores).toBeGreaterThan(0);
    const first = await service.call('startRun', { config: tinyConfig });
    expect(first.ok && first.value.state).toBe('running');
    const second = await service.call('startRun', { config: tinyConfig, name: 'second' });
    const third = await service.call('startRun', { config: tinyConfig, name: 'third' });
    expect(second.ok && second.value.state).toBe('queued');
    expect(third.ok && third.value.state).toBe('queued');
    expect(fake.children).toHaveLength(1);
    const [a, b, c] = [await started(first), await started(second), await started(third)];
    const list = await service.call('listRuns', undefined);
    expect(list.ok && list.value.active).toEqual([
      { id: a, kind: 'run', state: 'running' },
      { id: b, kind: 'run', state: 'queued', name: 'second' },
      { id: c, kind: 'run', state: 'queued', name: 'third' },
    ]);
    expect(list.ok && list.value.runs.map((r) => r.id)).toEqual([a]);
    const paused = await service.call('pause', b);
    expect(!paused.ok && paused.error.message).toMatch(/queued/);
    expect(await service.call('stop', c)).toEqual({ ok: true, value: { id: c, kind: 'run', state: 'stopping' } });
    expect(events.some((e) => e.type === 'job' && e.id === c && e.state === null)).toBe(true);
    // When the first ends, the second starts (with the id it was given); the third never does.
    await waitForEvent(service, events, (e) => e.type === 'job' && e.id === b && e.state === 'running');
    await waitForEvent(service, events, jobEnded(b));
    expect(fake.children).toHaveLength(2);
    expect(fake.children[1].commands[0]).toMatchObject({ type: 'start', job: { runId: b, name: 'second' } });
    const end = await service.call('listRuns', undefined);
    expect(end.ok && end.value.runs.map((r) => r.id).sort()).toEqual([a, b].sort());
  });

  it('a comparison takes its cells\' slots from the same pool', async () => {
    const fake = fakeWorkerTransport({ steps: 20, tickMs: 5 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport, {}, { maxConcurrentRuns: 1 }));
    await started(await service.call('startRun', { config: tinyConfig }));
    const cmp = await service.call('startCompare', { config: tinyConfig, variants: ['output_step', 'hidden_concat'], repeats: 1 });
    if (!cmp.ok) throw new Error(cmp.error.message);
    const id = cmp.value.comparisonId;
    const list = await service.call('listRuns', undefined);
    expect(list.ok && list.value.active.find((j) => j.id === id)?.state).toBe('queued');
    expect(fake.children).toHaveLength(1);
    await waitForEvent(service, events, (e) => e.type === 'job' && e.id === id && e.state === 'running');
    await waitForEvent(service, events, jobEnded(id));
    // Never more than one child at a time: each started after the previous one exited.
    expect(fake.children).toHaveLength(3);
  });
});

describe('who stopped a run', () => {
  it('Stop over the API records the user; closing the host records the host', async () => {
    const fake = fakeWorkerTransport({ steps: 10_000, tickMs: 5 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport));
    const byUser = await started(await service.call('startRun', { config: tinyConfig }));
    await service.call('stop', byUser);
    await waitForEvent(service, events, jobEnded(byUser));
    const byHost = await started(await service.call('startRun', { config: tinyConfig }));
    await service.close(10_000);
    const store = new RunStore(runsDir);
    expect((await store.get(byUser)).stoppedBy).toBe('user');
    expect((await store.get(byHost)).stoppedBy).toBe('host');
  });
});

describe('a child that dies alone', () => {
  it('leaves its run interrupted with a status event; it can then be resumed or deleted', async () => {
    const fake = fakeWorkerTransport({ steps: 50, tickMs: 2, dieAfterSteps: 3 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport));
    const id = await started(await service.call('startRun', { config: tinyConfig }));
    await waitForEvent(service, events, jobEnded(id));
    const status = events.find((e) => e.type === 'status' && e.runId === id && e.status === 'interrupted');
    expect(status?.type === 'status' && status.message).toMatch(/exited with code 137 before the run ended/);
    const rec = await service.call('getRun', id);
    expect(rec.ok && rec.value.record.status).toBe('interrupted');
    expect((await service.call('deleteRun', id)).ok).toBe(true);
  });

  it('its comparison cell is interrupted, not running', async () => {
    const fake = fakeWorkerTransport({ steps: 50, tickMs: 2, dieAfterSteps: 2 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport));
    const cmp = await service.call('startCompare', { config: tinyConfig, variants: ['output_step', 'hidden_concat'], repeats: 1 });
    if (!cmp.ok) throw new Error(cmp.error.message);
    await waitForEvent(service, events, jobEnded(cmp.value.comparisonId));
    const detail = await service.call('getComparison', cmp.value.comparisonId);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.cells.map((c) => c.status)).toEqual(['interrupted', 'interrupted']);
    expect(detail.value.runs.map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
  });
});

describe('runs written by another host', () => {
  it('are listed as live elsewhere, and resume and delete refuse them', async () => {
    sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const pid = sleeper.pid!;
    const writer = await new RunStore(runsDir, undefined, { pid }).create({ name: 'elsewhere', config: runConfigSchema.parse(tinyConfig), plannedSteps: 5 });
    await writer.writeCheckpoint(0, { meta: {}, tensors: {} });
    await writer.close(); // this process no longer writes it; the "other host" (pid) does
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport));
    const list = await service.call('listRuns', undefined);
    expect(list.ok && list.value.elsewhere).toEqual([{ id: writer.id, kind: 'run', pid }]);
    expect(list.ok && list.value.runs[0].status).toBe('running');
    const del = await service.call('deleteRun', writer.id);
    expect(del.ok).toBe(false);
    expect(!del.ok && del.error).toEqual({ code: 'conflict', message: `cannot delete "${writer.id}": it is being trained by a live process of another host (pid ${pid}); stop it there first` });
    const res = await service.call('resume', writer.id);
    expect(!res.ok && res.error.code).toBe('conflict');
    expect(!res.ok && res.error.message).toMatch(/another host/);
    // Once that process is gone, the list says interrupted and the run can go.
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper!.once('exit', r));
    const after = await service.call('listRuns', undefined);
    expect(after.ok && after.value.elsewhere).toEqual([]);
    expect(after.ok && after.value.runs[0].status).toBe('interrupted');
    expect((await service.call('deleteRun', writer.id)).ok).toBe(true);
  });
});

describe('live points not yet on disk', () => {
  it('getRun of a live run has every step streamed so far, though metrics.jsonl lags', async () => {
    const fake = fakeWorkerTransport({ steps: 400, tickMs: 5, flushEvery: 10_000 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport));
    const id = await started(await service.call('startRun', { config: tinyConfig }));
    await waitForEvent(service, events, (e) => e.type === 'progress' && e.runId === id && e.step >= 20);
    expect((await new RunStore(runsDir).readMetrics(id)).records).toEqual([]);
    const detail = await service.call('getRun', id);
    if (!detail.ok) throw new Error(detail.error.message);
    const steps = detail.value.metrics.map((m) => m.step);
    expect(steps.length).toBeGreaterThanOrEqual(20);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
  });
});

describe('comparisons that could not be created or did not finish', () => {
  it('startCompare reports a full disk instead of answering with an id', async () => {
    const fs = new FaultFs();
    fs.diskFull((p) => p.includes('comparison.json'));
    const fake = fakeWorkerTransport();
    ({ service } = await makeService(runsDir, fake.transport, {
      runComparison: (req, opts) => runComparison(req, { ...opts, store: new RunStore(opts.runsDir, fs) }),
    }));
    const reply = await service.call('startCompare', { config: tinyConfig, variants: ['output_step'], repeats: 1 });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.code).toBe('unavailable');
    expect(!reply.ok && reply.error.message).toMatch(/^the comparison could not be started: disk full/);
    expect(fake.children).toHaveLength(0);
    expect(service.active()).toEqual([]);
  });

  it('resume continues an interrupted comparison: done cells kept, checkpointed cells continued, missing ones trained, summary stored', async () => {
    const store = new RunStore(runsDir);
    // Everything as the crashed host (a pid no process has) left it.
    const crashed = new RunStore(runsDir, undefined, { pid: 999_999_997 });
    const config = runConfigSchema.parse(tinyConfig);
    const stats = { minEffectPoints: 2.5, equivalenceMarginPoints: 1, resampleSplit: true };
    const cmp = await crashed.comparisons.create({ name: 'c', config, variants: ['output_step', 'hidden_concat'], repeats: 2, stats });
    const cell = async (variant: string, repeat: number, end: (w: Awaited<ReturnType<RunStore['create']>>) => Promise<unknown>) => {
      const w = await crashed.create({ name: `${variant}#${repeat}`, config, plannedSteps: 5, comparison: { id: cmp.id, variant, repeat } });
      await crashed.comparisons.addRun(cmp.id, { runId: w.id, variant, repeat });
      await end(w);
      return w.id;
    };
    const done = await cell('output_step', 0, (w) => w.finish('completed', { testAcc: 0.5, testLoss: 1, trainLoss: 1, steps: 5, wallMs: 5 }));
    const checkpointed = await cell('hidden_concat', 0, async (w) => {
      await w.appendMetric({ type: 'train', step: 1, epoch: 0, loss: 1, t: 1 });
      await w.writeCheckpoint(1, { meta: {}, tensors: {} });
      await w.close();
    });
    const fresh = await cell('output_step', 1, (w) => w.close()); // died before its first checkpoint
    // Its host died: reconcile (at service start) marks the comparison and its runs interrupted.
    const fake = fakeWorkerTransport({ steps: 5 });
    let events: StudioEvent[];
    ({ service, events } = await makeService(runsDir, fake.transport));
    expect((await store.getComparison(cmp.id)).status).toBe('interrupted');
    const reply = await service.call('resume', cmp.id);
    expect(reply).toEqual({ ok: true, value: { id: cmp.id, kind: 'comparison', state: 'running' } });
    await waitForEvent(service, events, jobEnded(cmp.id));
    const jobs = fake.children.map((c) => c.commands[0]).map((c) => (c.type === 'start' ? (c.job.resumeId ?? c.job.comparison?.variant) : null));
    expect(jobs.sort()).toEqual([checkpointed, 'hidden_concat', 'output_step'].sort());
    const detail = await service.call('getComparison', cmp.id);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.status).toBe('completed');
    expect(detail.value.result?.cells.map((c) => c.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(detail.value.cells.find((c) => c.variant === 'output_step' && c.repeat === 0)?.runId).toBe(done);
    // The statistics options it was started with are used again: the new cells re-split their data, and the
    // summary uses the stored minimal effect and margin.
    const freshStarts = fake.children.map((c) => c.commands[0]).filter((c) => c.type === 'start' && c.job.resumeId === undefined);
    expect(freshStarts.map((c) => (c.type === 'start' ? c.job.config.data.splitSeed : null))).toEqual([config.train.seed + 1, config.train.seed + 1]);
    expect(detail.value.result?.analysis).toMatchObject({ minEffect: 0.025, equivalenceMargin: 0.01 });
    expect(detail.value.result?.analysis?.varianceSources).toContain('train-test-split');
    expect(detail.value.cells.find((c) => c.variant === 'hidden_concat' && c.repeat === 0)?.runId).toBe(checkpointed);
    await expect(store.get(fresh)).rejects.toThrow(/no run|not a run|does not exist/);
    // A completed comparison is not continued again.
    const again = await service.call('resume', cmp.id);
    expect(!again.ok && again.error.message).toMatch(/completed; only stopped, interrupted or failed/);
  });

  it('refuses to continue a comparison its host is still running', async () => {
    const store = new RunStore(runsDir);
    const cmp = await store.comparisons.create({ name: 'c', config: runConfigSchema.parse(tinyConfig), variants: ['output_step'], repeats: 1 });
    const handle = resumeComparison(cmp.id, { runsDir });
    await expect(handle.started).rejects.toThrow(/still running in a live process \(pid \d+\)/);
  });
});
