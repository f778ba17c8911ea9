/** A data batch (batch-major typed arrays) as model-ready tensors in the model's layout. */
import * as tf from '../tfjs.js';
import type { Batch } from '../data/dataset.js';
import type { ClassifierInput } from '../model/classifier.js';

export interface BatchTensors {
  input: ClassifierInput;
  labels: tf.Tensor1D;
}

/** Tensors for `batch`; seq-first models get [T, B, ·]. Caller disposes (or runs inside tf.tidy). */
export function batchTensors(batch: Batch, batchFirst: boolean): BatchTensors {
  const labels = tf.tensor1d(batch.y, 'int32');
  if (batch.kind === 'tokens') {
    const t = tf.tensor2d(batch.x as Int32Array, [batch.batch, batch.seqLen], 'int32');
    const x = batchFirst ? t : (tf.transpose(t) as tf.Tensor2D);
    return { input: { x, lengths: batch.lengths }, labels };
  }
  const t = tf.tensor3d(batch.x as Float32Array, [batch.batch, batch.seqLen, batch.inputSize]);
  const x = batchFirst ? t : (tf.transpose(t, [1, 0, 2]) as tf.Tensor3D);
  return { input: { x }, labels };
}
