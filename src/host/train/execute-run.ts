/**
 * Runs one training job in this process: loads data, picks the backend, builds (or restores) the model,
 * trains step by step and writes everything to the run folder — metrics (flushed at every evaluation and
 * checkpoint), checkpoints, heartbeat, final status — while streaming RunEvents. A NaN/Inf loss ends the run as
 * `diverged`; a write failure (e.g. disk full) as `failed` with a message that says so; stop as `stopped` with a
 * checkpoint to resume from (and who stopped it); the host's death as `interrupted`, also checkpointed.
 *
 * Resuming checks everything first — the run is not being written by a live process, the checkpoint's meta
 * fits its header and the run, its loop position fits the data, its tensors fit the model — and only then
 * reopens the run (which cuts metrics past the checkpoint): a checkpoint that cannot be resumed changes nothing.
 *
 * An evaluation's event is sent after its metrics are durable, so a host that keeps the points since the last
 * evaluation in memory (src/host/service/live-tails.ts) can always fill in what a reader finds missing on disk.
 */
import type { RunConfig } from '../../contract/config.js';
import type { RunEvent } from '../../contract/events.js';
import type { FinalMetrics, RunRecord, RunStatus } from '../../contract/run-record.js';
import type { Dataset } from '../../engine/data/dataset.js';
import { datasetFacts } from '../../engine/data/dataset-facts.js';
import { classifierConfigFor } from '../../engine/model/model-config.js';
import { SequenceClassifier } from '../../engine/model/classifier.js';
import { shapeReport } from '../../engine/shapes.js';
import { batchesPerEpoch, Trainer } from '../../engine/train/trainer.js';
import { selectBackend } from '../backend/backends.js';
import { loadDataset } from '../data/load-dataset.js';
import type { TextOptions } from '../../engine/data/text-tokens.js';
import { RunStoreError } from '../runs/errors.js';
import { RunStore, type ResumeInfo } from '../runs/run-store.js';
import type { RunWriter } from '../runs/run-writer.js';
import { versions } from '../versions.js';
import {
  captureCheckpoint,
  checkCheckpointMeta,
  checkTrainerPosition,
  restoreModel,
  restoreOptimizer,
  type CheckpointMeta,
} from './checkpoint-state.js';
import { EventThrottle } from './event-throttle.js';
import { type HeartbeatThread, startHeartbeatThread } from './heartbeat-thread.js';
import type { RunControl, RunJob } from './run-job.js';

export interface ExecuteIo {
  onEvent(e: RunEvent): void;
  control: RunControl;
  /** Called once the run folder exists. */
  onStarted?(runId: string): void;
  /** Where runs are written (default: a RunStore on job.runsDir). */
  store?: RunStore;
  /** How datasets are loaded (default: loadDataset from src/host/data). */
  loadDataset?: (spec: string, opts: { trainLimit?: number; testLimit?: number; splitSeed?: number; text?: Partial<TextOptions> }) => Promise<Dataset>;
  /** The process's heartbeat thread (a training child has one); default: one for this run; null: none. */
  heartbeat?: HeartbeatThread | null;
}

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The display name of a run: the job's, else dataset or preset with the feature (or the comparison cell). */
export function runName(config: RunConfig, job: Pick<RunJob, 'name' | 'preset' | 'comparison'>): string {
  if (job.name) return job.name;
  const what = job.preset ?? config.data.dataset;
  return job.comparison ? `${what} · ${job.comparison.variant} #${job.comparison.repeat + 1}` : `${what} · ${config.model.feature}`;
}

/** The read-only checks of a resume (before the dataset is loaded); the checked meta. */
async function prepareResume(store: RunStore, id: string): Promise<{ info: ResumeInfo; meta: CheckpointMeta }> {
  const owner = await store.owner(id);
  const info = await store.resumeInfo(id);
  if (owner) {
    throw new RunStoreError('INVALID', `run ${id} is still being trained by a live process (pid ${owner.pid ?? '?'}); stop it there before resuming`);
  }
  return { info, meta: checkCheckpointMeta(info.checkpoint, info.record) };
}

export async function executeRun(job: RunJob, io: ExecuteIo): Promise<RunRecord> {
  const store = io.store ?? new RunStore(job.runsDir);
  const load = io.loadDataset ?? loadDataset;
  let writer: RunWriter | null = null;
  const resume = job.resumeId ? await prepareResume(store, job.resumeId) : null;
  const config = resume ? resume.info.record.config : job.config;
  try {
    const { dataset, trainLimit, testLimit, splitSeed, tokenize, vocabSize, maxLen, truncate } = config.data;
    const text = Object.fromEntries(Object.entries({ tokenize, vocabSize, maxLen, truncate }).filter(([, v]) => v !== undefined));
    const ds = await load(dataset, {
      trainLimit,
      testLimit,
      ...(splitSeed !== undefined ? { splitSeed } : {}),
      ...(Object.keys(text).length > 0 ? { text: text as Partial<TextOptions> } : {}),
    });
    const backend = await selectBackend(config.train.backend);
    const cc = classifierConfigFor(config.model, ds);
    const initSeed = resume ? undefined : (job.initSeed ?? config.train.seed);
    const model = new SequenceClassifier(cc, initSeed ?? config.train.seed);
    try {
      const meta = resume?.meta ?? null;
      if (resume && meta) {
        checkTrainerPosition(meta, batchesPerEpoch(ds.train.count, config.train.batch));
        restoreModel(model, resume.info.checkpoint);
      }
      const trainer = new Trainer(model, ds.train, ds.test, config.train, meta?.trainer);
      try {
        if (resume && meta) await restoreOptimizer(trainer, resume.info.checkpoint, meta);
        if (io.control.stopRequested && io.control.stopReason === 'host-died') {
          throw new Error(`the run did not start: ${io.control.stopDetail ?? 'its host process ended'}`);
        }
        const modelInfo = { featureWidth: model.featureWidth, headParams: model.headParamCount, params: model.paramCount };
        let prior: ResumeInfo['metrics'] = [];
        if (resume && job.resumeId) {
          const reopened = await store.resume(job.resumeId);
          writer = reopened.writer;
          prior = reopened.info.metrics;
          await writer.update({ backend, versions: versions(), stoppedBy: undefined });
        } else {
          writer = await store.create({
            ...(job.runId !== undefined ? { id: job.runId } : {}),
            name: runName(config, job),
            config,
            plannedSteps: trainer.plannedSteps,
            preset: job.preset,
            backend,
            versions: versions(),
            seed: config.train.seed,
            comparison: job.comparison,
            model: modelInfo,
            dataset: datasetFacts(ds),
          });
        }
        io.onStarted?.(writer.id);
        return await trainLoop(job, config, io, writer, trainer, meta, prior, ds.seqLen);
      } finally {
        trainer.dispose();
      }
    } finally {
      model.dispose();
    }
  } catch (e) {
    if (!writer) throw e;
    return finishSafely(writer, io, 'failed', undefined, message(e));
  }
}

async function finishSafely(
  writer: RunWriter,
  io: ExecuteIo,
  status: Exclude<RunStatus, 'running'>,
  final: FinalMetrics | undefined,
  error?: string,
  extra: Pick<RunRecord, 'stoppedBy'> = {},
): Promise<RunRecord> {
  let record: RunRecord;
  try {
    record = await writer.finish(status, final, error, extra);
  } catch (e) {
    // The terminal status could not be written (e.g. disk full): report it; the run folder keeps its last good state.
    record = { ...writer.record, status, ...extra, ...(final ? { final } : {}), error: [error, message(e)].filter(Boolean).join('; ') };
    await writer.close(true).catch(() => undefined);
  }
  io.onEvent({ type: 'status', runId: record.id, status: record.status, message: record.error });
  io.onEvent({ type: 'done', runId: record.id, record });
  return record;
}

async function trainLoop(
  job: RunJob,
  config: RunConfig,
  io: ExecuteIo,
  writer: RunWriter,
  trainer: Trainer,
  meta: CheckpointMeta | null,
  priorMetrics: { type: string; step: number; loss?: number; testAcc?: number; testLoss?: number }[],
  seqLen: number,
): Promise<RunRecord> {
  const runId = writer.id;
  const cfg = trainer.config;
  io.onEvent({ type: 'status', runId, status: 'running' });
  try {
    const m = trainer.model.config;
    const report = await shapeReport({
      model: { ...config.model, ...(m.vocabSize ? { vocabSize: m.vocabSize } : { inputSize: m.inputSize }) },
      batch: Math.min(cfg.batch, 8),
      seqLen,
      numClasses: m.numClasses,
    });
    io.onEvent({ type: 'shapes', runId, report });
  } catch {
    // The shapes report is informative only; a failure here must not stop training.
  }
  const throttle = new EventThrottle(io.onEvent);
  const heartbeatMs = (job.heartbeatSec ?? 5) * 1000;
  const checkpointEvery = job.checkpointEvery ?? cfg.evalEvery;
  const base = meta?.elapsedMs ?? 0;
  let activeStart = performance.now();
  let activeMs = 0;
  const elapsed = () => base + activeMs + (performance.now() - activeStart);
  let lastBeat = performance.now();
  const recent: number[] = priorMetrics.filter((r) => r.type === 'train').slice(-50).map((r) => r.loss ?? NaN);
  const lastEval = priorMetrics.filter((r) => r.type === 'eval').at(-1);
  let testAcc: number | null = lastEval?.testAcc ?? null;
  let testLoss: number | null = lastEval?.testLoss ?? null;
  const final = (): FinalMetrics => ({
    testAcc,
    testLoss,
    trainLoss: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null,
    steps: trainer.state.step,
    wallMs: Math.round(elapsed()),
  });
  const checkpoint = async () => writer.writeCheckpoint(trainer.state.step, await captureCheckpoint(trainer, Math.round(elapsed())));
  // The heartbeat thread keeps the run alive-looking while this loop is paused or blocked in a long step.
  const ownBeat = io.heartbeat === undefined ? startHeartbeatThread({ intervalMs: heartbeatMs }) : null;
  const beat = io.heartbeat ?? ownBeat;
  beat?.watch(writer.dir, heartbeatMs);
  try {
    while (!trainer.done) {
      beat?.checkIn();
      await yieldToLoop();
      if (io.control.stopRequested) break;
      if (io.control.paused) {
        throttle.flush();
        activeMs += performance.now() - activeStart;
        await io.control.waitIfPaused();
        activeStart = performance.now();
        if (io.control.stopRequested) break;
      }
      const r = trainer.step();
      if (!Number.isFinite(r.loss)) {
        throttle.flush();
        await writer.flush().catch(() => undefined);
        return finishSafely(writer, io, 'diverged', final(), `loss became ${r.loss} at step ${r.step}: training diverged (try a lower learning rate)`);
      }
      recent.push(r.loss);
      if (recent.length > 50) recent.shift();
      const t = Math.round(elapsed());
      const point = { type: 'train' as const, step: r.step, epoch: r.epoch, loss: r.loss, t };
      await writer.appendMetric(point);
      const rate = (t - base) / Math.max(1, r.step - (meta?.trainer.step ?? 0));
      throttle.step(point, {
        type: 'progress', runId, step: r.step, plannedSteps: trainer.plannedSteps, epoch: r.epoch, loss: r.loss,
        elapsedMs: t, etaMs: Math.round(rate * (trainer.plannedSteps - r.step)),
      });
      const isLast = trainer.done;
      if (r.step % cfg.evalEvery === 0 || isLast) {
        const ev = trainer.evaluate();
        testAcc = ev.testAcc;
        testLoss = ev.testLoss;
        const evalPoint = { type: 'eval' as const, step: r.step, epoch: r.epoch, testLoss: ev.testLoss, testAcc: ev.testAcc, t: Math.round(elapsed()) };
        await writer.appendMetric(evalPoint);
        await writer.flush();
        throttle.flush();
        io.onEvent({ type: 'eval', runId, point: evalPoint });
      }
      if (r.step % checkpointEvery === 0 || isLast) await checkpoint();
      if (performance.now() - lastBeat >= heartbeatMs) {
        await writer.heartbeat();
        lastBeat = performance.now();
      }
    }
    throttle.flush();
    if (!trainer.done) {
      await checkpoint();
      const reason = io.control.stopReason;
      if (reason === 'host-died') {
        const why = io.control.stopDetail ?? 'its host process ended';
        return finishSafely(writer, io, 'interrupted', final(), `interrupted: ${why}; continue it with resume`);
      }
      return finishSafely(writer, io, 'stopped', final(), undefined, { stoppedBy: reason });
    }
    return finishSafely(writer, io, 'completed', final(), undefined);
  } catch (e) {
    throttle.flush();
    return finishSafely(writer, io, 'failed', final(), message(e));
  } finally {
    beat?.watch(null);
    await ownBeat?.stop();
  }
}
