/**
 * tfjs computes the gradient of GatherV2 with UnsortedSegmentSum, a kernel the wasm backend does not have, so an
 * embedding (ours or tf.layers') cannot train on wasm. This re-registers the gradient for the common case —
 * axis 0, no batch dims — as ScatterNd (which sums duplicate indices and exists on every backend), and keeps
 * tfjs's own gradient for every other case.
 */
import * as tf from '@tensorflow/tfjs-core';

export function registerGatherGradient(): void {
  const original = tf.getGradient('GatherV2');
  if (!original) throw new Error('tfjs registered no gradient for GatherV2 (gradients not loaded)');
  tf.registerGradient({
    kernelName: 'GatherV2',
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved, attrs) => {
      const [x, indices] = saved;
      const { axis, batchDims } = attrs as { axis: number; batchDims: number };
      const realAxis = axis < 0 ? axis + x.rank : axis;
      if (realAxis !== 0 || (batchDims ?? 0) !== 0) return original.gradFunc(dy, saved, attrs);
      const n = indices.size;
      const rows = tf.reshape(dy as tf.Tensor, [n, ...x.shape.slice(1)]);
      return {
        x: () => tf.scatterND(tf.reshape(tf.cast(indices, 'int32'), [n, 1]), rows, x.shape),
        indices: () => tf.zerosLike(indices),
      };
    },
  });
}
