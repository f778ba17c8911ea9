/**
 * The feature heads: how the classifier reads the LSTM.
 *   output_step    out[:, -1] (batch_first) / out[-1] — exactly as the seed reads it, padding and
 *                  bidirectional pitfalls included (a short sample's last step is padding: zeros; the
 *                  backward half has seen one step only).
 *   hidden_concat  cat(h_n[0], …, h_n[layers·dirs − 1]) along features, PyTorch order.
 *   hidden_last    the last layer's h_n, both directions.
 *   mean_pool      mean of the outputs over each sample's real steps.
 */
import * as tf from '../tfjs.js';
import type { Feature } from '../../contract/config.js';

export interface FeatureGeometry {
  hiddenSize: number;
  numLayers: number;
  dirs: number;
}

export function featureWidth(feature: Feature, g: FeatureGeometry): number {
  switch (feature) {
    case 'hidden_concat':
      return g.numLayers * g.dirs * g.hiddenSize;
    case 'output_step':
    case 'hidden_last':
    case 'mean_pool':
      return g.dirs * g.hiddenSize;
  }
}

export interface FeatureInputs {
  output: tf.Tensor3D;
  hN: tf.Tensor3D;
  batchFirst: boolean;
  /** Real lengths per sample; all steps when absent. */
  lengths?: ArrayLike<number>;
}

/** [B, featureWidth]. */
export function computeFeature(feature: Feature, g: FeatureGeometry, inp: FeatureInputs): tf.Tensor2D {
  const { output, hN, batchFirst } = inp;
  const [n0, n1, width] = output.shape;
  const [steps, batch] = batchFirst ? [n1, n0] : [n0, n1];
  switch (feature) {
    case 'output_step': {
      const last = batchFirst
        ? tf.slice(output, [0, steps - 1, 0], [batch, 1, width])
        : tf.slice(output, [steps - 1, 0, 0], [1, batch, width]);
      return tf.reshape(last, [batch, width]);
    }
    case 'hidden_concat': {
      const n = g.numLayers * g.dirs;
      return tf.reshape(tf.transpose(hN, [1, 0, 2]), [batch, n * g.hiddenSize]);
    }
    case 'hidden_last': {
      const last = tf.slice(hN, [(g.numLayers - 1) * g.dirs, 0, 0], [g.dirs, batch, g.hiddenSize]);
      return tf.reshape(tf.transpose(last, [1, 0, 2]), [batch, g.dirs * g.hiddenSize]);
    }
    case 'mean_pool': {
      const sum = tf.sum(output, batchFirst ? 1 : 0) as tf.Tensor2D;
      const lens = inp.lengths ? Float32Array.from(inp.lengths) : new Float32Array(batch).fill(steps);
      return tf.div(sum, tf.tensor2d(lens, [batch, 1]));
    }
  }
}
