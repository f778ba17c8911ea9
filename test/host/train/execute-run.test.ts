import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/contract/events.js';
import { runConfigSchema } from '../../../src/contract/config.js';
import { selectBackend } from '../../../src/host/backend/backends.js';
import { type FsOps, nodeFsOps } from '../../../src/host/runs/fs-ops.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { executeRun } from '../../../src/host/train/execute-run.js';
import { CommandControl } from '../../../src/host/train/run-control.js';
import { config, dataset, tmp } from './helpers.js';

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

/** node fs, except that writing a checkpoint fails with ENOSPC once `armed` is set. */
function diskFullOnCheckpoint(state: { armed: boolean }): FsOps {
  return {
    ...nodeFsOps,
    async openWrite(p, mode) {
      const f = await nodeFsOps.openWrite(p, mode);
      if (!path.basename(p).startsWith('checkpoint.bin')) return f;
      return {
        ...f,
        write: async (d) => {
          if (state.armed) throw enospc();
          return f.write(d);
        },
        sync: () => f.sync(),
        truncate: (n) => f.truncate(n),
        size: () => f.size(),
        close: () => f.close(),
      };
    },
  };
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('executeRun', () => {
  it('streams status, shapes, throttled train/progress and eval events, and completes', async () => {
    const events: RunEvent[] = [];
    const rec = await executeRun({ config, runsDir: tmp() }, { control: new CommandControl(), onEvent: (e) => events.push(e), loadDataset: async () => dataset() });
    expect(rec.status).toBe('completed');
    expect(rec.step).toBe(16);
    const types = new Set(events.map((e) => e.type));
    expect([...types]).toEqual(expect.arrayContaining(['status', 'shapes', 'train', 'progress', 'eval', 'done']));
    const points = events.flatMap((e) => (e.type === 'train' ? e.points.map((p) => p.step) : []));
    expect(points).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(events.filter((e) => e.type === 'eval').map((e) => (e.type === 'eval' ? e.point.step : 0))).toEqual([4, 8, 12, 16]);
    expect(events.at(-1)?.type).toBe('done');
  });

  it('records the data facts a comparison needs and passes the split seed to the loader', async () => {
    const asked: { splitSeed?: number }[] = [];
    const seeded = runConfigSchema.parse({ ...config, data: { ...config.data, splitSeed: 12 }, train: { ...config.train, maxSteps: 2 } });
    const rec = await executeRun(
      { config: seeded, runsDir: tmp() },
      { control: new CommandControl(), onEvent: () => undefined, loadDataset: async (_spec, opts) => (asked.push(opts), dataset()) },
    );
    expect(asked[0].splitSeed).toBe(12);
    expect(rec.config.data.splitSeed).toBe(12);
    expect(rec.dataset).toEqual({ numClasses: 2, trainCount: 64, testCount: 16, majorityRate: 0.5, padded: false });
  });

  it('passes the text options of the data config to the loader, and none when unset', async () => {
    const asked: { text?: unknown }[] = [];
    const load = async (_spec: string, opts: { text?: unknown }) => (asked.push(opts), dataset());
    const text = runConfigSchema.parse({ ...config, data: { ...config.data, tokenize: 'char', maxLen: 7, truncate: 'end', vocabSize: 40 }, train: { ...config.train, maxSteps: 1 } });
    await executeRun({ config: text, runsDir: tmp() }, { control: new CommandControl(), onEvent: () => undefined, loadDataset: load });
    expect(asked[0].text).toEqual({ tokenize: 'char', vocabSize: 40, maxLen: 7, truncate: 'end' });
    const plain = runConfigSchema.parse({ ...config, train: { ...config.train, maxSteps: 1 } });
    await executeRun({ config: plain, runsDir: tmp() }, { control: new CommandControl(), onEvent: () => undefined, loadDataset: load });
    expect(asked[1].text).toBeUndefined();
  });

  it('a NaN loss ends the run as diverged, with a message, and no crash', async () => {
    const rec = await executeRun({ config, runsDir: tmp() }, { control: new CommandControl(), onEvent: () => undefined, loadDataset: async () => dataset(() => NaN) });
    expect(rec.status).toBe('diverged');
    expect(rec.error).toMatch(/loss became NaN at step 1/);
  });

  it('disk full while checkpointing: the run fails saying so and the previous checkpoint stays loadable', async () => {
    const dir = tmp();
    const state = { armed: false };
    const store = new RunStore(dir, diskFullOnCheckpoint(state));
    const events: RunEvent[] = [];
    const rec = await executeRun(
      { config, runsDir: dir },
      {
        control: new CommandControl(),
        store,
        loadDataset: async () => dataset(),
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'eval' && e.point.step === 4) state.armed = true; // the checkpoint at step 4 fails
        },
      },
    );
    expect(rec.status).toBe('failed');
    expect(rec.error).toMatch(/disk full/i);
    const onDisk = await new RunStore(dir).get(rec.id);
    expect(onDisk.status).toBe('failed');
    expect(onDisk.error).toMatch(/disk full/i);
    expect(events.some((e) => e.type === 'status' && e.status === 'failed' && /disk full/i.test(e.message ?? ''))).toBe(true);
  });

  it('disk full after a good checkpoint: that checkpoint still loads', async () => {
    const dir = tmp();
    const state = { armed: false };
    const store = new RunStore(dir, diskFullOnCheckpoint(state));
    const rec = await executeRun(
      { config, runsDir: dir },
      {
        control: new CommandControl(),
        store,
        loadDataset: async () => dataset(),
        onEvent: (e) => {
          if (e.type === 'eval' && e.point.step === 8) state.armed = true;
        },
      },
    );
    expect(rec.status).toBe('failed');
    const ckpt = await new RunStore(dir).readCheckpoint(rec.id);
    expect(ckpt.step).toBe(4);
    expect(Object.keys(ckpt.tensors)).toContain('lstm.weight_ih_l0');
  });

  it('stop ends the run as stopped with a checkpoint at the stop step, and resume completes it', async () => {
    const dir = tmp();
    const control = new CommandControl();
    const rec = await executeRun(
      { config, runsDir: dir },
      { control, loadDataset: async () => dataset(), onEvent: (e) => e.type === 'progress' && e.step >= 6 && control.requestStop() },
    );
    expect(rec.status).toBe('stopped');
    expect(rec.checkpointStep).toBe(rec.step);
    expect(rec.step).toBeGreaterThanOrEqual(6);
    const resumed = await executeRun({ config, runsDir: dir, resumeId: rec.id }, { control: new CommandControl(), loadDataset: async () => dataset(), onEvent: () => undefined });
    expect(resumed.status).toBe('completed');
    expect(resumed.step).toBe(16);
    const m = await new RunStore(dir).readMetrics(rec.id);
    expect(m.records.filter((r) => r.type === 'train').map((r) => r.step)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('pause holds training until resume', async () => {
    const control = new CommandControl();
    let pausedAt = -1;
    let stepsWhilePaused = 0;
    const p = executeRun(
      { config, runsDir: tmp() },
      {
        control,
        loadDataset: async () => dataset(),
        onEvent: (e) => {
          if (e.type !== 'train') return;
          if (pausedAt < 0) {
            pausedAt = e.points.at(-1)!.step;
            control.requestPause();
            setTimeout(() => control.requestResume(), 300);
          } else if (control.paused) stepsWhilePaused += e.points.length;
        },
      },
    );
    const rec = await p;
    expect(rec.status).toBe('completed');
    expect(stepsWhilePaused).toBe(0);
  });
});
