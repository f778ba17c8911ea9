/** Model + optimizer + loop state ⇄ checkpoint tensors and meta (PyTorch state_dict names for the model). */
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

function isMeta(x: unknown): x is CheckpointMeta {
  const m = x as CheckpointMeta;
  return typeof m === 'object' && m !== null && typeof m.trainer?.step === 'number' && typeof m.optimizerSlots === 'number';
}

/** Loads model weights (and returns meta); throws naming the tensor when the checkpoint does not fit the model. */
export function restoreModel(model: SequenceClassifier, ckpt: CheckpointData): CheckpointMeta {
  if (!isMeta(ckpt.meta)) throw new Error('checkpoint.bin: meta: expected trainer state and optimizer slot count');
  for (const [name, v] of model.namedParameters()) {
    const t = ckpt.tensors[name];
    if (!t) throw new Error(`checkpoint.bin: missing tensor "${name}"`);
    if (t.shape.join(',') !== v.shape.join(',')) {
      throw new Error(`checkpoint.bin: ${name}: expected shape [${v.shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
    tf.tidy(() => v.assign(tf.tensor(t.data, t.shape)));
  }
  return ckpt.meta;
}

export async function restoreOptimizer(trainer: Trainer, ckpt: CheckpointData, meta: CheckpointMeta): Promise<void> {
  const slots = Array.from({ length: meta.optimizerSlots }, (_, i) => {
    const t = ckpt.tensors[`${OPT_PREFIX}${i}`];
    if (!t) throw new Error(`checkpoint.bin: missing optimizer slot ${i}`);
    return t;
  });
  await restoreOptimizerState(trainer.optimizer, slots);
}
