/**
 * SGD and Adam from tfjs-core (Adam with PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8), and their state as
 * plain arrays for checkpoints. tfjs keys optimizer slots by position in the variable list, so the state is
 * saved and restored in that order.
 */
import * as tf from '../tfjs.js';

export type OptimizerName = 'sgd' | 'adam';

export function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  return name === 'adam' ? tf.train.adam(lr, 0.9, 0.999, 1e-8) : tf.train.sgd(lr);
}

export interface SavedTensor {
  shape: number[];
  data: Float32Array;
}

export async function optimizerState(opt: tf.Optimizer): Promise<SavedTensor[]> {
  const weights = await opt.getWeights();
  const state = weights.map((w) => ({ shape: w.tensor.shape, data: Float32Array.from(w.tensor.dataSync()) }));
  // The first entry is a fresh scalar holding the iteration count; the others are the optimizer's own variables.
  for (const w of weights) if (w.name === 'iter') w.tensor.dispose();
  return state;
}

export async function restoreOptimizerState(opt: tf.Optimizer, state: SavedTensor[]): Promise<void> {
  if (state.length === 0) return;
  const tensors = state.map((s, i) => ({ name: `slot_${i}`, tensor: tf.tensor(s.data, s.shape) }));
  await opt.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
}
