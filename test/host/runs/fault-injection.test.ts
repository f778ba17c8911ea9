/**
 * Fault injection: disk full (ENOSPC) at each kind of write, torn writes, and a simulated crash at
 * every single mutating fs operation of a training run's life. After each fault the runs folder must
 * still load: previous run.json and checkpoint intact, metrics readable, resume possible.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import { readMetrics } from '../../../src/host/runs/metrics-log.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import type { RunWriter } from '../../../src/host/runs/run-writer.js';
import { evalPoint, FaultFs, sampleInit, tempDir, trainPoint } from './helpers.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  const t = await tempDir();
  root = join(t.dir, 'runs');
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

function expectDiskFull(err: RunStoreError, file: string): void {
  expect(err.code).toBe('ENOSPC');
  expect(err.message).toMatch(/^disk full/);
  expect(err.message).toContain(file);
}

const ckptData = (v: number) => ({ meta: { rng: v }, tensors: { w: { shape: [3], data: new Float32Array([v, v + 1, v + 2]) } } });

describe('fault injection: disk full', () => {
  it('fault ENOSPC on metrics append: typed disk-full error, file still ends on a whole line, retry writes each record once', async () => {
    const fs = new FaultFs();
    const store = new RunStore(root, fs);
    const w = await store.create(sampleInit());
    await w.appendMetric(trainPoint(1));
    await w.flush();
    fs.diskFull((p) => p.endsWith('metrics.jsonl'), true); // torn: half the bytes land, then ENOSPC
    await w.appendMetric(trainPoint(2));
    await w.appendMetric(evalPoint(2));
    expectDiskFull(await failure(w.flush()), 'metrics.jsonl');
    const onDisk = await readMetrics(join(root, w.id, 'metrics.jsonl'));
    expect(onDisk).toMatchObject({ records: [trainPoint(1)], tailCut: false, badLines: 0 });
    expect((await store.get(w.id)).step).toBe(1); // run.json still loadable, unchanged step
    fs.freeSpace();
    await w.flush();
    expect((await store.readMetrics(w.id)).records).toEqual([trainPoint(1), trainPoint(2), evalPoint(2)]);
    expect((await store.get(w.id)).step).toBe(2);
    await w.finish('completed');
  });

  it('fault ENOSPC on run.json update: typed disk-full error, previous run.json loads, writer record unchanged', async () => {
    const fs = new FaultFs();
    const store = new RunStore(root, fs);
    const w = await store.create(sampleInit());
    await w.update({ backend: { name: 'cpu', gpu: false } });
    const before = await store.get(w.id);
    fs.diskFull((p) => p.includes('run.json'), true);
    expectDiskFull(await failure(w.update({ backend: { name: 'wasm', gpu: false } })), 'run.json');
    expectDiskFull(await failure(w.heartbeat()), 'run.json');
    expect(await store.get(w.id)).toEqual(before);
    expect(w.record).toEqual(before);
    expect(await readdir(join(root, w.id))).toEqual(expect.not.arrayContaining([expect.stringMatching(/\.tmp$/)]));
    fs.freeSpace();
    await w.finish('completed');
    expect((await store.get(w.id)).status).toBe('completed');
  });

  it('fault ENOSPC on checkpoint write: typed disk-full error, previous checkpoint still loadable, checkpointStep unchanged', async () => {
    const fs = new FaultFs();
    const store = new RunStore(root, fs);
    const w = await store.create(sampleInit());
    await w.appendMetric(trainPoint(10));
    await w.writeCheckpoint(10, ckptData(10));
    await w.appendMetric(trainPoint(20));
    fs.diskFull((p) => p.includes('checkpoint.bin'), true);
    expectDiskFull(await failure(w.writeCheckpoint(20, ckptData(20))), 'checkpoint.bin');
    const ck = await store.readCheckpoint(w.id);
    expect(ck.step).toBe(10);
    expect(Array.from(ck.tensors.w.data)).toEqual([10, 11, 12]);
    expect((await store.get(w.id)).checkpointStep).toBe(10);
    // The metrics were flushed before the failed checkpoint: nothing lost.
    expect((await store.readMetrics(w.id)).records.map((r) => r.step)).toEqual([10, 20]);
    fs.freeSpace();
    await w.writeCheckpoint(20, ckptData(20));
    expect((await store.resumeInfo(w.id)).step).toBe(20);
    await w.finish('completed');
  });

  it('fault ENOSPC at run creation: typed error and no half-made run folder left', async () => {
    const fs = new FaultFs();
    const store = new RunStore(root, fs);
    fs.diskFull((p) => p.includes('run.json'));
    expectDiskFull(await failure(store.create(sampleInit())), 'run.json');
    expect(await readdir(root)).toEqual([]);
  });

  it('fault ENOSPC while finishing: status still written with the reason, error rethrown', async () => {
    const fs = new FaultFs();
    const store = new RunStore(root, fs);
    const w = await store.create(sampleInit());
    await w.appendMetric(trainPoint(1));
    fs.diskFull((p) => p.endsWith('metrics.jsonl'));
    expectDiskFull(await failure(w.finish('completed')), 'metrics.jsonl');
    const rec = await store.get(w.id);
    expect(rec.status).toBe('completed');
    expect(rec.error).toMatch(/metrics could not be saved: disk full/);
  });
});

describe('fault injection: crash at every fs operation', () => {
  /** A whole run: create, metrics, two checkpoints, heartbeats, finish. */
  async function workload(store: RunStore, hold: { w?: RunWriter }): Promise<void> {
    const w = await store.create(sampleInit({ id: 'crash-run' }));
    hold.w = w;
    for (let s = 1; s <= 6; s++) {
      await w.appendMetric(trainPoint(s));
      if (s % 3 === 0) {
        await w.appendMetric(evalPoint(s));
        await w.writeCheckpoint(s, ckptData(s));
      }
      if (s === 4) await w.heartbeat();
    }
    await w.finish('completed', { testAcc: 0.5, testLoss: 1, trainLoss: 1, steps: 6, wallMs: 60 });
  }

  it('fault: every crash point leaves a loadable, resumable run (or no run at all)', async () => {
    // Count the mutating operations of a clean run.
    const probe = new FaultFs();
    await workload(new RunStore(join(root, 'probe'), probe), {});
    const total = probe.ops;
    expect(total).toBeGreaterThan(30);

    for (let n = 1; n <= total; n++) {
      const dir = join(root, `crash-${n}`);
      const fs = new FaultFs();
      fs.crashAfter(n);
      const hold: { w?: RunWriter } = {};
      await expect(workload(new RunStore(dir, fs), hold)).rejects.toThrow(/simulated crash/);
      expect(fs.hasCrashed).toBe(true);
      await hold.w?.close(true).catch(() => undefined); // the dead process's handles

      // Another process (a fresh store on plain node:fs) looks at what is left.
      const store = new RunStore(dir, undefined, { isPidAlive: () => false });
      const scan = await store.scan();
      if (scan.runs.length === 0) {
        // Crashed before run.json existed: at most an empty (or temp-only) folder, reported as incomplete.
        for (const p of scan.problems) expect(p.message).toMatch(/incomplete/);
        continue;
      }
      const context = `crash at op ${n}/${total}: ${fs.log[fs.log.length - 1]}`;
      const rec = await store.get('crash-run');
      const metrics = await store.readMetrics('crash-run');
      expect(metrics.badLines, context).toBe(0);
      const steps = metrics.records.filter((r) => r.type === 'train').map((r) => r.step);
      expect(steps, context).toEqual(steps.map((_, i) => i + 1)); // 1..k, no gaps, no duplicates
      expect(rec.step, context).toBeLessThanOrEqual(Math.max(0, ...steps));

      let ckStep = 0;
      try {
        const ck = await store.readCheckpoint('crash-run'); // never CORRUPT
        ckStep = ck.step ?? 0;
        expect(Array.from(ck.tensors.w.data), context).toEqual([ckStep, ckStep + 1, ckStep + 2]);
      } catch (err) {
        expect((err as RunStoreError).code, context).toBe('NOT_FOUND');
      }
      // run.json never claims a checkpoint newer than the file; metrics cover the checkpoint.
      expect(rec.checkpointStep, context).toBeLessThanOrEqual(ckStep);
      expect(Math.max(0, ...steps), context).toBeGreaterThanOrEqual(ckStep);

      const { interrupted } = await store.reconcile();
      if (rec.status === 'running') {
        expect(interrupted, context).toEqual(['crash-run']);
        expect((await store.get('crash-run')).error, context).toMatch(/no longer running/);
      } else {
        expect(rec.status, context).toBe('completed');
      }
      const left = (await readdir(join(dir, 'crash-run'))).filter((f) => f.endsWith('.tmp'));
      expect(left, context).toEqual([]); // reconcile cleaned the dead writer's temp files

      if (ckStep > 0) {
        const { writer, info } = await store.resume('crash-run');
        expect(info.step, context).toBe(ckStep);
        expect((await store.readMetrics('crash-run')).records.every((r) => r.step <= ckStep), context).toBe(true);
        await writer.finish('stopped');
      }
    }
  });

  it('fault: a half-written run.json.tmp left by a crash does not hide the previous record', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    await w.finish('completed');
    const before = await store.get(w.id);
    await writeFile(join(root, w.id, 'run.json.tmp'), JSON.stringify(before).slice(0, 40));
    expect(await store.get(w.id)).toEqual(before);
    expect((await store.list()).map((r) => r.id)).toEqual([w.id]);
    expect((await store.reconcile()).removedTmp).toBe(1);
    expect((await readdir(join(root, w.id))).sort()).toEqual(['metrics.jsonl', 'run.json']);
    expect(await readFile(join(root, w.id, 'run.json'), 'utf8')).toContain('"completed"');
  });
});
