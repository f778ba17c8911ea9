import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { infoSchema, responseSchemaOf, type ApiMethod } from '../../../src/contract/api.js';
import { LIMITS } from '../../../src/contract/config.js';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { fakeWorkerTransport } from './fake-worker.js';
import { jobEnded, makeService, tempRunsDir, waitForEvent } from './helpers.js';

const tinyConfig = { data: { dataset: 'task:last-token' }, train: { maxSteps: 5, batch: 4 } };

let runsDir: string;
let cleanup: () => Promise<void>;
let service: StudioService | undefined;

beforeEach(async () => {
  ({ dir: runsDir, cleanup } = await tempRunsDir());
});

afterEach(async () => {
  await service?.close(5_000);
  service = undefined;
  await cleanup();
});

/** Every reply must fit the contract's wire schema for its method. */
async function call<M extends ApiMethod>(method: M, payload?: unknown) {
  const reply = await service!.call(method, payload);
  const check = responseSchemaOf(method).safeParse(reply);
  if (!check.success) throw new Error(`${method} reply breaks the contract: ${check.error.message}`);
  return reply;
}

describe('StudioService: catalogue', () => {
  it('getInfo reports backends, presets, datasets, limits, version and runs folder', async () => {
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport));
    const reply = await call('getInfo');
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const info = infoSchema.parse(reply.value);
    expect(info.appVersion).toBe('9.9.9-test');
    expect(info.runsDir).toBe(runsDir);
    expect(info.host).toBe('web');
    expect(info.backends.find((b) => b.name === 'cpu')?.available).toBe(true);
    expect(info.presets.map((p) => p.name)).toContain('seed-mnist');
    expect(info.presets.find((p) => p.name === 'seed-mnist')?.config.train.lr).toBe(0.01);
    expect(info.datasets.map((d) => d.spec)).toContain('mnist');
    expect(info.limits.lr).toEqual([...LIMITS.lr]);
    expect(Object.keys(info.limits).sort()).toEqual(Object.keys(LIMITS).sort());
  });

  it('calls reconcile on the runs folder when it starts', async () => {
    let reconciled = 0;
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport, {
      openStore: (dir) => {
        const store = new RunStore(dir);
        const original = store.reconcile.bind(store);
        store.reconcile = () => {
          reconciled++;
          return original();
        };
        return store;
      },
    }));
    expect(reconciled).toBe(1);
  });
});

describe('StudioService: invalid payloads', () => {
  it('refuses a bad config with field errors naming the range, and starts nothing', async () => {
    const fake = fakeWorkerTransport();
    ({ service } = await makeService(runsDir, fake.transport));
    const reply = await call('startRun', { config: { train: { lr: -1, batch: 0 }, model: { feature: 'magic' } } });
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid');
    const fields = Object.fromEntries((reply.error.fields ?? []).map((f) => [f.field, f.message]));
    expect(fields['config.train.lr']).toBe('expected a finite number > 0 and <= 10');
    expect(fields['config.train.batch']).toBe(`expected an integer from ${LIMITS.batch[0]} to ${LIMITS.batch[1]}`);
    expect(fields['config.model.feature']).toBeDefined();
    expect(reply.error.message).toContain('config.train.lr');
    expect(fake.children).toHaveLength(0);
    const list = await call('listRuns');
    expect(list.ok && list.value.runs).toEqual([]);
  });

  it('refuses missing payloads, extra payloads, bad ids and bad compare requests', async () => {
    const fake = fakeWorkerTransport();
    ({ service } = await makeService(runsDir, fake.transport));
    const cases: [ApiMethod, unknown, string][] = [
      ['startRun', undefined, 'payload'],
      ['getInfo', { x: 1 }, 'payload'],
      ['stop', '../../etc', 'id'],
      ['deleteRun', 'UPPER', 'id'],
      ['exportCsv', 12, 'id'],
      ['startCompare', { variants: ['output_step', 'output_step'] }, 'variants'],
      ['startCompare', { repeats: 0 }, 'repeats'],
      ['shapes', { model: {}, batch: 1, seqLen: 1 }, 'model.inputSize'],
    ];
    for (const [method, payload, field] of cases) {
      const reply = await call(method, payload);
      expect(reply.ok, method).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.code, method).toBe('invalid');
      expect(reply.error.fields?.map((f) => f.field), method).toContain(field);
    }
    expect(fake.children).toHaveLength(0);
  });

  it('answers unknown ids with not-found', async () => {
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport));
    for (const method of ['getRun', 'deleteRun', 'exportCsv', 'getComparison', 'stop', 'pause', 'resume'] as const) {
      const reply = await call(method, 'no-such-run');
      expect(!reply.ok && reply.error.code, method).toBe('not-found');
    }
  });
});

describe('StudioService: a run through the worker protocol', () => {
  it('starts a run in a child, streams its events, and lists / reopens / exports / deletes it', async () => {
    const fake = fakeWorkerTransport({ steps: 5 });
    let events;
    ({ service, events } = await makeService(runsDir, fake.transport));
    const reply = await call('startRun', { config: tinyConfig, name: 'tiny' });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    const { runId } = reply.value;
    expect(fake.children).toHaveLength(1);
    expect(fake.children[0].commands[0]).toMatchObject({ type: 'start', job: { runsDir, name: 'tiny' } });

    await waitForEvent(service, events, jobEnded(runId));
    const runEvents = events.filter((e) => 'runId' in e && e.runId === runId).map((e) => e.type);
    expect(runEvents[0]).toBe('status');
    expect(runEvents.filter((t) => t === 'progress')).toHaveLength(5);
    expect(runEvents.at(-1)).toBe('done');
    expect(events.filter((e) => e.type === 'runs-changed' && e.id === runId).map((e) => e.type === 'runs-changed' && e.reason)).toEqual(['started', 'ended']);

    const list = await call('listRuns');
    expect(list.ok && list.value.runs.map((r) => r.id)).toEqual([runId]);
    expect(list.ok && list.value.active).toEqual([]);

    const detail = await call('getRun', runId);
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    expect(detail.value.record.status).toBe('completed');
    expect(detail.value.record.name).toBe('tiny');
    expect(detail.value.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    expect(detail.value.tailCut).toBe(false);
    expect(detail.value.state).toBeNull();

    const csv = await call('exportCsv', runId);
    expect(csv.ok).toBe(true);
    if (!csv.ok) return;
    expect(csv.value.fileName).toBe(`${runId}.csv`);
    const lines = csv.value.csv.trim().split('\n');
    expect(lines[0]).toBe('type,step,epoch,t_ms,loss,test_loss,test_acc');
    expect(lines).toHaveLength(6);

    const del = await call('deleteRun', runId);
    expect(del).toEqual({ ok: true, value: { id: runId } });
    expect(events.some((e) => e.type === 'runs-changed' && e.reason === 'deleted' && e.id === runId)).toBe(true);
    const gone = await call('getRun', runId);
    expect(!gone.ok && gone.error.code).toBe('not-found');
  });

  it('pauses, resumes and stops a live run; refuses to delete it while live; continues it from its checkpoint', async () => {
    const fake = fakeWorkerTransport({ steps: 400, tickMs: 10 });
    let events;
    ({ service, events } = await makeService(runsDir, fake.transport));
    const started = await call('startRun', { config: tinyConfig });
    if (!started.ok) throw new Error(started.error.message);
    const { runId } = started.value;

    expect(await call('pause', runId)).toEqual({ ok: true, value: { id: runId, kind: 'run', state: 'paused' } });
    expect(fake.children[0].commands.map((c) => c.type)).toEqual(['start', 'pause']);
    const paused = await call('getRun', runId);
    expect(paused.ok && paused.value.state).toBe('paused');
    const listed = await call('listRuns');
    expect(listed.ok && listed.value.active).toEqual([{ id: runId, kind: 'run', state: 'paused' }]);

    const refused = await call('deleteRun', runId);
    expect(!refused.ok && refused.error.code).toBe('conflict');
    expect((await call('getRun', runId)).ok).toBe(true);

    expect(await call('resume', runId)).toEqual({ ok: true, value: { id: runId, kind: 'run', state: 'running' } });
    expect(await call('stop', runId)).toEqual({ ok: true, value: { id: runId, kind: 'run', state: 'stopping' } });
    expect(fake.children[0].commands.map((c) => c.type)).toEqual(['start', 'pause', 'resume', 'stop']);
    await waitForEvent(service, events, jobEnded(runId));
    const stopped = await call('getRun', runId);
    expect(stopped.ok && stopped.value.record.status).toBe('stopped');
    const stepAtStop = stopped.ok ? stopped.value.record.checkpointStep : -1;
    expect(stepAtStop).toBeGreaterThanOrEqual(0);
    expect(stepAtStop).toBeLessThan(400);

    // Pausing an ended run is a conflict naming its status.
    const late = await call('pause', runId);
    expect(!late.ok && late.error.code).toBe('conflict');
    expect(!late.ok && late.error.message).toContain('stopped');

    // resume on a stopped run continues it in a new child from its checkpoint.
    events.length = 0;
    const cont = await call('resume', runId);
    expect(cont).toEqual({ ok: true, value: { id: runId, kind: 'run', state: 'running' } });
    expect(fake.children).toHaveLength(2);
    expect(fake.children[1].commands[0]).toMatchObject({ type: 'start', job: { resumeId: runId } });
    await call('stop', runId);
    await waitForEvent(service, events, jobEnded(runId));
    const again = await call('getRun', runId);
    expect(again.ok && again.value.record.status).toBe('stopped');
    expect(again.ok && again.value.record.checkpointStep).toBeGreaterThanOrEqual(stepAtStop);
  });

  it('refuses to continue a completed run', async () => {
    const fake = fakeWorkerTransport({ steps: 2 });
    let events;
    ({ service, events } = await makeService(runsDir, fake.transport));
    const started = await call('startRun', { config: tinyConfig });
    if (!started.ok) throw new Error(started.error.message);
    await waitForEvent(service, events, jobEnded(started.value.runId));
    const reply = await call('resume', started.value.runId);
    expect(!reply.ok && reply.error.code).toBe('conflict');
    expect(!reply.ok && reply.error.message).toContain('completed');
    expect(fake.children).toHaveLength(1);
  });

  it('reports a child that refuses the job, or dies before starting, as start-failed', async () => {
    ({ service } = await makeService(runsDir, fakeWorkerTransport({ fatal: 'dataset "csv:/nope" not found' }).transport));
    const fatal = await call('startRun', { config: tinyConfig });
    expect(fatal).toEqual({ ok: false, error: { code: 'start-failed', message: 'the run did not start: dataset "csv:/nope" not found' } });
    await service.close();

    ({ service } = await makeService(runsDir, fakeWorkerTransport({ crashOnStart: 3 }).transport));
    const crash = await call('startRun', { config: tinyConfig });
    expect(!crash.ok && crash.error.code).toBe('start-failed');
    expect(!crash.ok && crash.error.message).toContain('code 3');
    expect(service.active()).toEqual([]);
  });

  it('close() stops live runs and refuses new ones', async () => {
    const fake = fakeWorkerTransport({ steps: 10_000, tickMs: 5 });
    ({ service } = await makeService(runsDir, fake.transport));
    const started = await call('startRun', { config: tinyConfig });
    if (!started.ok) throw new Error(started.error.message);
    await service.close(10_000);
    expect(fake.children[0].commands.map((c) => c.type)).toContain('stop');
    const rec = await new RunStore(runsDir).get(started.value.runId);
    expect(rec.status).toBe('stopped');
    const refused = await service.call('startRun', { config: tinyConfig });
    expect(!refused.ok && refused.error.code).toBe('unavailable');
  });
});

describe('StudioService: comparisons', () => {
  it('runs a comparison through the same transport and shows it live and from disk', async () => {
    const fake = fakeWorkerTransport({ steps: 3 });
    let events;
    ({ service, events } = await makeService(runsDir, fake.transport));
    const reply = await call('startCompare', { config: tinyConfig, variants: ['output_step', 'hidden_concat'], repeats: 1 });
    if (!reply.ok) throw new Error(reply.error.message);
    const { comparisonId } = reply.value;
    await waitForEvent(service, events, jobEnded(comparisonId));
    expect(fake.children).toHaveLength(2);
    expect(events.some((e) => e.type === 'comparison' && e.id === comparisonId)).toBe(true);
    expect(events.some((e) => e.type === 'comparison-result' && e.id === comparisonId)).toBe(true);

    const list = await call('listComparisons');
    expect(list.ok && list.value.map((c) => c.id)).toEqual([comparisonId]);
    expect(list.ok && list.value[0].result?.variants).toEqual(['output_step', 'hidden_concat']);

    const detail = await call('getComparison', comparisonId);
    if (!detail.ok) throw new Error(detail.error.message);
    expect(detail.value.cells.map((c) => [c.variant, c.status])).toEqual([
      ['output_step', 'completed'],
      ['hidden_concat', 'completed'],
    ]);
    expect(detail.value.runs).toHaveLength(2);
    expect(detail.value.state).toBeNull();
  });

  it('pauses and stops a live comparison; its member runs cannot be deleted or stopped on their own', async () => {
    const fake = fakeWorkerTransport({ steps: 10_000, tickMs: 5 });
    let events;
    ({ service, events } = await makeService(runsDir, fake.transport));
    const reply = await call('startCompare', { config: tinyConfig, variants: ['output_step', 'hidden_concat'], repeats: 1 });
    if (!reply.ok) throw new Error(reply.error.message);
    const { comparisonId } = reply.value;
    const withRuns = await waitForEvent(service, events, (e) => e.type === 'comparison' && e.id === comparisonId && e.cells.every((c) => c.runId !== null));
    const memberId = withRuns.type === 'comparison' ? withRuns.cells[0].runId! : '';

    expect(await call('pause', comparisonId)).toEqual({ ok: true, value: { id: comparisonId, kind: 'comparison', state: 'paused' } });
    const member = await call('getRun', memberId);
    expect(member.ok && member.value.state).toBe('paused');
    const del = await call('deleteRun', memberId);
    expect(!del.ok && del.error.code).toBe('conflict');
    const stopMember = await call('stop', memberId);
    expect(!stopMember.ok && stopMember.error.message).toContain(comparisonId);

    expect((await call('stop', comparisonId)).ok).toBe(true);
    await waitForEvent(service, events, jobEnded(comparisonId));
    for (const child of fake.children) expect(child.commands.map((c) => c.type)).toEqual(expect.arrayContaining(['start', 'pause', 'stop']));
    const detail = await call('getComparison', comparisonId);
    expect(detail.ok && detail.value.status).toBe('stopped');
  });
});

describe('StudioService: shapes', () => {
  it('returns the shapes report for a small model', async () => {
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport));
    const reply = await call('shapes', { model: { inputSize: 3, hidden: 4, layers: 2 }, batch: 2, seqLen: 5 });
    if (!reply.ok) throw new Error(reply.error.message);
    expect(reply.value.batch).toBe(2);
    expect(reply.value.seqLen).toBe(5);
    const hN = reply.value.rows.find((r) => r.name === 'h_n');
    expect(hN?.batchFirst).toEqual([2, 2, 4]);
  }, 60_000);
});

describe('StudioService: datasetInfo', () => {
  it('returns the facts for a spec, the given path for file forms, and a field error for unknown specs', async () => {
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport));
    const names = await call('datasetInfo', { spec: 'names' });
    if (!names.ok) throw new Error(names.error.message);
    expect(names.value.licence).toMatch(/Apache-2\.0/);
    expect(names.value.size).toMatch(/419 in both lists are dropped/);
    const csv = await call('datasetInfo', { spec: 'csv:my.csv' });
    expect(csv.ok && csv.value.spec).toBe('csv:my.csv');
    expect(csv.ok && csv.value.textDefaults?.tokenize).toBe('word');
    const task = await call('datasetInfo', { spec: 'task:last-token' });
    expect(task.ok && task.value.name).toBe('last-token');
    const bad = await call('datasetInfo', { spec: 'imagenet' });
    expect(!bad.ok && bad.error.code).toBe('invalid');
    expect(!bad.ok && bad.error.fields?.[0]?.field).toBe('spec');
    const badTask = await call('datasetInfo', { spec: 'task:nope' });
    expect(!badTask.ok && badTask.error.message).toMatch(/unknown \(expected one of: task:first-token/);
  });

  it('getInfo lists the text datasets with their facts', async () => {
    ({ service } = await makeService(runsDir, fakeWorkerTransport().transport));
    const info = await call('getInfo');
    if (!info.ok) throw new Error(info.error.message);
    const imdb = info.value.datasets.find((d) => d.spec === 'imdb');
    expect(imdb?.balance).toBe('25,000 negative / 25,000 positive');
  });
});
