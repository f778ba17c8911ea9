/**
 * Model + optimizer + loop state ⇄ checkpoint tensors and meta (PyTorch state_dict names for the model).
 * A checkpoint is checked before a resume changes anything on disk: its meta against its own header step and
 * the run it belongs to (a CRC-valid file can still hold a meta that would replay or skip steps), then, once
 * the data is loaded, the loop position against the data and every tensor against the model.
 */
import { z } from 'zod';
import type { RunRecord } from '../../contract/run-record.js';
import * as tf from '../../engine/tfjs.js';
import type { SequenceClassifier } from '../../engine/model/classifier.js';
import { optimizerState, restoreOptimizerState } from '../../engine/train/optimizer.js';
import type { Trainer, TrainerState } from '../../engine/train/trainer.js';
import type { CheckpointData } from '../runs/checkpoint-file.js';
import type { TensorMap } from '../runs/tensor-map.js';

const OPT_PREFIX = 'optimizer/';

export interface CheckpointMeta {
  trainer: TrainerState;
  optimizer: string;
  optimizerSlots: number;
  /** Training milliseconds so far (metrics' t continues from here on resume). */
  elapsedMs: number;
}

/** The model's weights by state_dict name (float32 copies). */
export function modelTensors(model: SequenceClassifier): TensorMap {
  const out: TensorMap = {};
  for (const [name, v] of model.namedParameters()) out[name] = { shape: [...v.shape], data: Float32Array.from(v.dataSync()) };
  return out;
}

export async function captureCheckpoint(trainer: Trainer, elapsedMs: number): Promise<Omit<CheckpointData, 'step'>> {
  const tensors = modelTensors(trainer.model);
  const slots = await optimizerState(trainer.optimizer);
  slots.forEach((s, i) => (tensors[`${OPT_PREFIX}${i}`] = { shape: s.shape, data: s.data }));
  const meta: CheckpointMeta = { trainer: trainer.state, optimizer: trainer.config.optimizer, optimizerSlots: slots.length, elapsedMs };
  return { meta, tensors };
}

const count = z.number().int().nonnegative();
const checkpointMetaSchema = z.object({
  trainer: z.object({ step: count, epoch: count, cursor: count, epochRngState: z.number().int() }),
  optimizer: z.string(),
  optimizerSlots: count,
  elapsedMs: z.number().finite().nonnegative(),
});

/**
 * The checkpoint's meta, checked against its header step and against run.json of `record`: the loop step must
 * be the step the checkpoint was written at (metrics past it are cut on resume), within the planned steps, not
 * older than run.json's checkpointStep, and for the run's optimizer. Throws, saying which field is wrong.
 */
export function checkCheckpointMeta(ckpt: CheckpointData, record: Pick<RunRecord, 'id' | 'checkpointStep' | 'plannedSteps' | 'config'>): CheckpointMeta {
  const where = `checkpoint.bin of run ${record.id}`;
  const parsed = checkpointMetaSchema.safeParse(ckpt.meta);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: meta.${issue.path.join('.') || '(root)'}: ${issue.message}; it cannot be resumed`);
  }
  const meta = parsed.data;
  const step = ckpt.step ?? record.checkpointStep;
  const refuse = (why: string) => new Error(`${where}: ${why}; it cannot be resumed`);
  if (meta.trainer.step !== step) throw refuse(`its training state is at step ${meta.trainer.step} but it was written at step ${step}`);
  if (step > record.plannedSteps) throw refuse(`step ${step} is beyond the run's ${record.plannedSteps} planned steps`);
  if (ckpt.step !== undefined && ckpt.step < record.checkpointStep) {
    throw refuse(`it holds step ${ckpt.step}, older than the step ${record.checkpointStep} run.json says was saved`);
  }
  if (meta.optimizer !== record.config.train.optimizer) {
    throw refuse(`it holds ${meta.optimizer} optimizer state but the run trains with ${record.config.train.optimizer}`);
  }
  return meta;
}

/** The loop position fits the data: step = epoch × batches per epoch + cursor, cursor inside the epoch. */
export function checkTrainerPosition(meta: CheckpointMeta, batchesPerEpoch: number): void {
  const { step, epoch, cursor } = meta.trainer;
  if (cursor >= batchesPerEpoch || epoch * batchesPerEpoch + cursor !== step) {
    throw new Error(
      `checkpoint.bin: its loop position (epoch ${epoch}, batch ${cursor}) does not match step ${step} with ${batchesPerEpoch} batches per epoch; it cannot be resumed`,
    );
  }
}

/** Loads model weights; throws naming the tensor when the checkpoint does not fit the model. */
export function restoreModel(model: SequenceClassifier, ckpt: CheckpointData): void {
  for (const [name, v] of model.namedParameters()) {
    const t = ckpt.tensors[name];
    if (!t) throw new Error(`checkpoint.bin: missing tensor "${name}"`);
    if (t.shape.join(',') !== v.shape.join(',')) {
      throw new Error(`checkpoint.bin: ${name}: expected shape [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
    tf.tidy(() => v.assign(tf.tensor(t.data, t.shape)));
  }
}

export async function restoreOptimizer(trainer: Trainer, ckpt: CheckpointData, meta: CheckpointMeta): Promise<void> {
  const slots = Array.from({ length: meta.optimizerSlots }, (_, i) => {
    const t = ckpt.tensors[`${OPT_PREFIX}${i}`];
    if (!t) throw new Error(`checkpoint.bin: missing optimizer slot ${i}`);
    return t;
  });
  await restoreOptimizerState(trainer.optimizer, slots);
}
