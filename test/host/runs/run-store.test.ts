import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/contract/config.js';
import { RUN_ID_PATTERN } from '../../../src/contract/run-record.js';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { evalPoint, manualClock, sampleInit, tempDir, trainPoint } from './helpers.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const t = await tempDir();
  root = join(t.dir, 'runs'); // created on first use
  cleanup = t.cleanup;
});
afterEach(() => cleanup());

async function failure(p: Promise<unknown>): Promise<RunStoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunStoreError);
  return err as RunStoreError;
}

const ckptData = (v: number) => ({ meta: { rng: v }, tensors: { 'fc.bias': { shape: [2], data: new Float32Array([v, -v]) } } });

describe('RunStore: create, write, read', () => {
  it('creates a run folder named by a generated id with run.json and metrics.jsonl', async () => {
    const clock = manualClock('2026-11-28T17:45:01.000Z');
    const store = new RunStore(root, undefined, { now: clock.now });
    const w = await store.create(sampleInit({ preset: 'seed-mnist' }));
    expect(w.id).toMatch(/^20261128-174501-seed-mnist-[0-9a-f]{4}$/);
    expect(w.id).toMatch(RUN_ID_PATTERN);
    expect((await readdir(join(root, w.id))).sort()).toEqual(['metrics.jsonl', 'run.json']);
    const rec = await store.get(w.id);
    expect(rec).toMatchObject({ id: w.id, status: 'running', step: 0, checkpointStep: 0, seed: 3, pid: process.pid });
    expect(rec.heartbeatAt).toBe('2026-11-28T17:45:01.000Z');
    await w.finish('completed');
  });

  it('derives the slug from the dataset when there is no preset', async () => {
    const store = new RunStore(root);
    const config = runConfigSchema.parse({ data: { dataset: 'csv:/data/My Reviews.csv' } });
    const w = await store.create(sampleInit({ config }));
    expect(w.id).toMatch(/-my-reviews-[0-9a-f]{4}$/);
    await w.finish('completed');
  });

  it('refuses an invalid record before creating anything', async () => {
    const store = new RunStore(root);
    const err = await failure(store.create(sampleInit({ plannedSteps: 1.5 })));
    expect(err.code).toBe('INVALID');
    expect(err.message).toMatch(/plannedSteps/);
    expect(await store.list()).toEqual([]);
  });

  it('refuses an explicit id that is taken', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit({ id: 'my-run' }));
    expect((await failure(store.create(sampleInit({ id: 'my-run' })))).message).toMatch(/already exists/);
    await w.finish('completed');
  });

  it('flush makes metrics durable and records the last step; finish writes status, final and error', async () => {
    const clock = manualClock();
    const store = new RunStore(root, undefined, { now: clock.now });
    const w = await store.create(sampleInit());
    await w.appendMetric(trainPoint(1));
    await w.appendMetric(trainPoint(2));
    expect((await store.readMetrics(w.id)).records).toEqual([]);
    await w.appendMetric(evalPoint(2, 0.9));
    await w.flush();
    expect((await store.readMetrics(w.id)).records).toHaveLength(3);
    expect((await store.get(w.id)).step).toBe(2);
    clock.advance(5000);
    await w.heartbeat();
    expect((await store.get(w.id)).heartbeatAt).toBe(new Date(clock.now()).toISOString());
    await w.update({ backend: { name: 'cpu', gpu: false } });
    const final = { testAcc: 0.9, testLoss: 0.3, trainLoss: 0.2, steps: 2, wallMs: 1234 };
    const rec = await w.finish('completed', final);
    expect(rec).toMatchObject({ status: 'completed', final, backend: { name: 'cpu', gpu: false } });
    expect(await store.get(w.id)).toEqual(rec);
    expect((await failure(w.appendMetric(trainPoint(3)))).message).toMatch(/writer is closed/);
  });

  it('update refuses invalid fields and changes of id, leaving run.json as it was', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    const before = await store.get(w.id);
    expect((await failure(w.update({ step: -1.5 }))).message).toMatch(/step/);
    expect((await failure(w.update({ id: 'other' } as never))).code).toBe('INVALID');
    expect(await store.get(w.id)).toEqual(before);
    expect(w.record).toEqual(before);
    await w.finish('failed', undefined, 'boom');
    expect((await store.get(w.id)).error).toBe('boom');
  });

  it('get of a missing run is NOT_FOUND; a corrupt run.json is CORRUPT naming the file and field', async () => {
    const store = new RunStore(root);
    expect((await failure(store.get('nope'))).code).toBe('NOT_FOUND');
    const w = await store.create(sampleInit());
    await w.finish('completed');
    const file = join(root, w.id, 'run.json');
    const rec = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...rec, status: 'exploded' }));
    const err = await failure(store.get(w.id));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/status/);
    await writeFile(file, '{"id": ');
    expect((await failure(store.get(w.id))).message).toMatch(/not valid JSON/);
  });
});

describe('RunStore: list', () => {
  it('lists runs newest first (by creation time, then id) and comparisons separately; reports broken folders', async () => {
    const clock = manualClock('2026-01-01T00:00:00.000Z');
    const store = new RunStore(root, undefined, { now: clock.now });
    const ids: string[] = [];
    for (const [i, at] of ['2026-01-02T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-03T00:00:00Z'].entries()) {
      clock.set(at);
      const w = await store.create(sampleInit({ id: `run-${i}` }));
      await w.finish('completed');
      ids.push(w.id);
    }
    clock.set('2026-01-04T00:00:00Z');
    const cmp = await store.comparisons.create({
      name: 'features',
      config: sampleInit().config,
      variants: ['output_step', 'hidden_concat'],
      repeats: 2,
    });
    await writeFile(join(root, '.hidden'), 'x');
    await writeFile(join(root, 'run-0', 'run.json.tmp'), '{"half'); // stale temp: ignored
    const broken = join(root, 'broken-run');
    await mkdir(broken);
    await writeFile(join(broken, 'run.json'), 'garbage');

    expect((await store.list()).map((r) => r.id)).toEqual(['run-1', 'run-2', 'run-0']);
    expect((await store.listComparisons()).map((c) => c.id)).toEqual([cmp.id]);
    const scan = await store.scan();
    expect(scan.problems).toEqual([{ id: 'broken-run', code: 'CORRUPT', message: expect.stringMatching(/not valid JSON/) }]);
  });

  it('lists an absent runs folder as empty', async () => {
    expect(await new RunStore(join(root, 'never')).list()).toEqual([]);
  });
});

describe('RunStore: csv export', () => {
  it('exports a header and one row per record, with empty cells that do not apply', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    await w.appendMetric({ type: 'train', step: 1, epoch: 0, loss: 2.5, t: 12 });
    await w.appendMetric({ type: 'eval', step: 1, epoch: 0, testLoss: 2.25, testAcc: 0.125, t: 40 });
    await w.appendMetric({ type: 'train', step: 2, epoch: 1, loss: 1e-7, t: 55.5 });
    await w.finish('completed');
    const csv = await store.exportCsv(w.id);
    expect(csv).toBe(
      'type,step,epoch,t_ms,loss,test_loss,test_acc\n' + 'train,1,0,12,2.5,,\n' + 'eval,1,0,40,,2.25,0.125\n' + 'train,2,1,55.5,1e-7,,\n',
    );
    const out = join(root, '..', 'export.csv');
    await store.exportCsvTo(w.id, out);
    expect(await readFile(out, 'utf8')).toBe(csv);
  });
});

describe('RunStore: checkpoints and resume', () => {
  it('writeCheckpoint flushes metrics first, then records checkpointStep; resumeInfo returns metrics up to it', async () => {
    const store = new RunStore(root, undefined, { isPidAlive: () => false });
    const w = await store.create(sampleInit());
    for (let s = 1; s <= 5; s++) await w.appendMetric(trainPoint(s));
    await w.writeCheckpoint(5, ckptData(5));
    expect((await store.readMetrics(w.id)).records).toHaveLength(5);
    expect(await store.get(w.id)).toMatchObject({ step: 5, checkpointStep: 5 });
    for (let s = 6; s <= 8; s++) await w.appendMetric(trainPoint(s));
    await w.close(); // the process dies after step 8 without another checkpoint
    const info = await store.resumeInfo(w.id);
    expect(info.step).toBe(5);
    expect(info.checkpoint.meta).toEqual({ rng: 5 });
    expect(info.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);

    const { writer, info: again } = await store.resume(w.id);
    expect(again.record).toMatchObject({ status: 'running', step: 5, checkpointStep: 5 });
    expect((await store.readMetrics(w.id)).records.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    await writer.appendMetric(trainPoint(6, 0.01));
    await writer.finish('completed');
    expect((await store.readMetrics(w.id)).records.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.get(w.id)).finishedAt).toBeDefined();
  });

  it('resume refuses a run that is still running and a run without checkpoint', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    await w.writeCheckpoint(1, ckptData(1));
    expect((await failure(store.resume(w.id))).message).toMatch(/still running/);
    await w.finish('stopped');
    const w2 = await store.create(sampleInit());
    await w2.finish('stopped');
    const err = await failure(store.resume(w2.id));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/no checkpoint to resume from/);
  });

  it('writes state_dict.json on request into the run folder', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    const file = await w.writeStateDict({ 'fc.bias': { shape: [2], data: new Float32Array([0.5, -1]) } });
    expect(file).toBe(join(root, w.id, 'state_dict.json'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ 'fc.bias': { shape: [2], data: [0.5, -1] } });
    await w.finish('completed');
    await store.writeStateDict(w.id, { 'fc.bias': { shape: [1], data: new Float32Array([2]) } });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ 'fc.bias': { shape: [1], data: [2] } });
  });
});

describe('RunStore: comparisons', () => {
  it('creates, adds member runs, finishes with a result validated by the caller schema', async () => {
    const store = new RunStore(root);
    const cmp = await store.comparisons.create({
      name: 'out vs hidden',
      config: sampleInit().config,
      variants: ['output_step', 'hidden_concat'],
      repeats: 1,
      preset: 'seed-mnist',
    });
    expect(cmp).toMatchObject({ kind: 'comparison', status: 'running', runs: [] });
    expect(cmp.id).toMatch(/-seed-mnist-/);
    const w = await store.create(sampleInit({ comparison: { id: cmp.id, variant: 'output_step', repeat: 0 } }));
    await store.comparisons.addRun(cmp.id, { runId: w.id, variant: 'output_step', repeat: 0 });
    await store.comparisons.addRun(cmp.id, { runId: w.id, variant: 'output_step', repeat: 0 });
    expect((await store.getComparison(cmp.id)).runs).toHaveLength(1);
    const schema = z.object({ verdict: z.string() });
    expect((await failure(store.comparisons.result(cmp.id, schema))).code).toBe('NOT_FOUND');
    const done = await store.comparisons.finish(cmp.id, 'completed', { result: { verdict: 'no difference' } });
    expect(done.status).toBe('completed');
    expect(await store.comparisons.result(cmp.id, schema)).toEqual({ verdict: 'no difference' });
    const err = await failure(store.comparisons.result(cmp.id, z.object({ verdict: z.number() })));
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/result verdict/);
    expect((await failure(store.get(cmp.id))).message).toMatch(/is not a run/);
    expect((await failure(store.getComparison(w.id))).message).toMatch(/is not a comparison/);
    await w.finish('completed');
    await store.delete(cmp.id);
    expect(await store.listComparisons()).toEqual([]);
  });

  it('refuses a comparison without variants', async () => {
    const store = new RunStore(root);
    const err = await failure(store.comparisons.create({ name: 'x', config: sampleInit().config, variants: [], repeats: 1 }));
    expect(err.code).toBe('INVALID');
    expect(err.message).toMatch(/variants/);
  });
});
