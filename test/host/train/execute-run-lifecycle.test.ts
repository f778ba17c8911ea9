/**
 * executeRun's lifecycle: who stopped a run (user or host), a dead host's run ends interrupted with a checkpoint,
 * the heartbeat file stays fresh while a run is paused, and a resume checks the checkpoint (meta against its
 * header and the run, loop position against the data, tensors against the model) before it changes anything.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/host/backend/backends.js';
import { writeCheckpoint } from '../../../src/host/runs/checkpoint-file.js';
import { HEARTBEAT_FILE } from '../../../src/host/runs/liveness.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { checkCheckpointMeta, checkTrainerPosition, type CheckpointMeta } from '../../../src/host/train/checkpoint-state.js';
import { executeRun } from '../../../src/host/train/execute-run.js';
import { CommandControl } from '../../../src/host/train/run-control.js';
import type { StopReason } from '../../../src/host/train/run-job.js';
import { config, dataset, tmp } from './helpers.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const load = async () => dataset();

/** A run stopped at step ≥ 6 for `reason`. */
async function stoppedRun(dir: string, reason: StopReason = 'user', detail: string | null = null) {
  const control = new CommandControl();
  const rec = await executeRun(
    { config, runsDir: dir },
    { control, loadDataset: load, heartbeat: null, onEvent: (e) => e.type === 'progress' && e.step >= 6 && control.requestStop(reason, detail) },
  );
  return rec;
}

async function metricsText(dir: string, id: string): Promise<string> {
  return readFile(path.join(dir, id, 'metrics.jsonl'), 'utf8');
}

describe('who stopped a run', () => {
  it('records stoppedBy user or host, and a resume clears it', async () => {
    const dir = tmp();
    const byUser = await stoppedRun(dir, 'user');
    expect(byUser.status).toBe('stopped');
    expect((await new RunStore(dir).get(byUser.id)).stoppedBy).toBe('user');
    const byHost = await stoppedRun(dir, 'host');
    expect((await new RunStore(dir).get(byHost.id)).stoppedBy).toBe('host');
    const resumed = await executeRun({ config, runsDir: dir, resumeId: byHost.id }, { control: new CommandControl(), loadDataset: load, heartbeat: null, onEvent: () => undefined });
    expect(resumed.status).toBe('completed');
    expect(resumed.stoppedBy).toBeUndefined();
  });

  it('a dead host ends the run interrupted, checkpointed at its step, saying why; it resumes to the end', async () => {
    const dir = tmp();
    const rec = await stoppedRun(dir, 'host-died', 'its host process (pid 4242) ended');
    expect(rec.status).toBe('interrupted');
    expect(rec.error).toMatch(/pid 4242\) ended/);
    expect(rec.checkpointStep).toBe(rec.step);
    expect(rec.stoppedBy).toBeUndefined();
    const resumed = await executeRun({ config, runsDir: dir, resumeId: rec.id }, { control: new CommandControl(), loadDataset: load, heartbeat: null, onEvent: () => undefined });
    expect(resumed.status).toBe('completed');
    const steps = (await new RunStore(dir).readMetrics(rec.id)).records.filter((r) => r.type === 'train').map((r) => r.step);
    expect(steps).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });
});

describe('heartbeat while paused (in-process run, as the CLI trains)', () => {
  it('keeps the run folder heartbeat fresh while the run is paused, and removes it at the end', async () => {
    const dir = tmp();
    const control = new CommandControl();
    let runId = '';
    let mtimes: number[] = [];
    const p = executeRun(
      { config, runsDir: dir, heartbeatSec: 0.1 },
      {
        control,
        loadDataset: load,
        onStarted: (id) => (runId = id),
        onEvent: (e) => {
          if (e.type !== 'progress' || e.step < 3 || control.paused || mtimes.length) return;
          control.requestPause();
          void (async () => {
            const file = path.join(dir, runId, HEARTBEAT_FILE);
            for (let i = 0; i < 8; i++) {
              await new Promise((r) => setTimeout(r, 150));
              if (existsSync(file)) mtimes.push((await stat(file)).mtimeMs);
            }
            control.requestResume();
          })();
        },
      },
    );
    const rec = await p;
    expect(rec.status).toBe('completed');
    expect(mtimes.length).toBeGreaterThan(4);
    mtimes = [...new Set(mtimes)];
    expect(mtimes.length).toBeGreaterThan(3); // it kept moving while no step ran
    expect(existsSync(path.join(dir, runId, HEARTBEAT_FILE))).toBe(false);
  });
});

describe('a resume checks the checkpoint before it changes anything', () => {
  /** Rewrites the run's checkpoint (CRC-valid) with `edit` applied to its meta / step. */
  async function tamper(dir: string, id: string, edit: (meta: CheckpointMeta, step: number) => { meta: unknown; step?: number }) {
    const store = new RunStore(dir);
    const ckpt = await store.readCheckpoint(id);
    const changed = edit(ckpt.meta as CheckpointMeta, ckpt.step ?? 0);
    await writeCheckpoint(path.join(dir, id), { tensors: ckpt.tensors, meta: changed.meta, step: changed.step ?? ckpt.step });
  }

  async function refusedResume(dir: string, id: string): Promise<string> {
    const before = { metrics: await metricsText(dir, id), record: await new RunStore(dir).get(id) };
    const err = await executeRun({ config, runsDir: dir, resumeId: id }, { control: new CommandControl(), loadDataset: load, heartbeat: null, onEvent: () => undefined }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(await metricsText(dir, id)).toBe(before.metrics);
    const after = await new RunStore(dir).get(id);
    expect(after.status).toBe(before.record.status);
    expect(after.step).toBe(before.record.step);
    return err!.message;
  }

  it('refuses a CRC-valid checkpoint whose training state says step −5', async () => {
    const dir = tmp();
    const rec = await stoppedRun(dir);
    await tamper(dir, rec.id, (meta) => ({ meta: { ...meta, trainer: { ...meta.trainer, step: -5 } } }));
    expect(await refusedResume(dir, rec.id)).toMatch(/meta\.trainer\.step: .*cannot be resumed/);
  });

  it('refuses a training state at another step than the header, and a loop position that does not fit the data', async () => {
    const dir = tmp();
    const rec = await stoppedRun(dir);
    await tamper(dir, rec.id, (meta) => ({ meta: { ...meta, trainer: { ...meta.trainer, step: 2 } } }));
    expect(await refusedResume(dir, rec.id)).toMatch(new RegExp(`training state is at step 2 but it was written at step ${rec.step}`));
    await tamper(dir, rec.id, (meta, step) => ({ meta: { ...meta, trainer: { ...meta.trainer, step, epoch: 0, cursor: 1 } } }));
    expect(await refusedResume(dir, rec.id)).toMatch(/loop position \(epoch 0, batch 1\) does not match step/);
  });

  it('refuses tensors that do not fit the model without failing the run', async () => {
    const dir = tmp();
    const rec = await stoppedRun(dir);
    const store = new RunStore(dir);
    const ckpt = await store.readCheckpoint(rec.id);
    const tensors = { ...ckpt.tensors, 'fc.bias': { shape: [7], data: new Float32Array(7) } };
    await writeCheckpoint(path.join(dir, rec.id), { ...ckpt, tensors });
    expect(await refusedResume(dir, rec.id)).toMatch(/fc\.bias: expected shape/);
  });
});

describe('checkCheckpointMeta / checkTrainerPosition', () => {
  const meta: CheckpointMeta = { trainer: { step: 8, epoch: 1, cursor: 0, epochRngState: 5 }, optimizer: 'adam', optimizerSlots: 2, elapsedMs: 10 };
  const record = { id: 'r1', checkpointStep: 8, plannedSteps: 16, config };
  it('accepts a consistent checkpoint', () => {
    expect(checkCheckpointMeta({ step: 8, meta, tensors: {} }, record)).toEqual(meta);
    expect(() => checkTrainerPosition(meta, 8)).not.toThrow();
  });
  it('names what is wrong', () => {
    expect(() => checkCheckpointMeta({ step: 8, meta: { ...meta, optimizer: 'sgd' }, tensors: {} }, record)).toThrow(/sgd optimizer state but the run trains with adam/);
    expect(() => checkCheckpointMeta({ step: 20, meta: { ...meta, trainer: { ...meta.trainer, step: 20 } }, tensors: {} }, record)).toThrow(/beyond the run's 16 planned steps/);
    expect(() => checkCheckpointMeta({ step: 4, meta: { ...meta, trainer: { ...meta.trainer, step: 4 } }, tensors: {} }, record)).toThrow(/older than the step 8/);
    expect(() => checkCheckpointMeta({ step: 8, meta: { ...meta, elapsedMs: -1 }, tensors: {} }, record)).toThrow(/meta\.elapsedMs/);
    expect(() => checkTrainerPosition({ ...meta, trainer: { ...meta.trainer, cursor: 9 } }, 8)).toThrow(/does not match step 8/);
  });
});
