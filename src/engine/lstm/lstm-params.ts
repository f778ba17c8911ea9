/**
 * LSTM parameters named and shaped exactly like PyTorch's state_dict:
 *   weight_ih_l{k}[_reverse] [4H, in_k]   weight_hh_l{k}[_reverse] [4H, H]
 *   bias_ih_l{k}[_reverse]   [4H]         bias_hh_l{k}[_reverse]   [4H]
 * with in_0 = input_size and in_k = H · dirs for k > 0. Default init: uniform(−1/√H, 1/√H) from a seeded RNG,
 * as torch.nn.LSTM.reset_parameters (same distribution; the numbers differ from torch's generator).
 */
import * as tf from '../tfjs.js';
import type { Rng } from '../rng.js';

export interface LstmShape {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
}

export interface DirectionParams {
  weightIh: tf.Variable;
  weightHh: tf.Variable;
  biasIh: tf.Variable;
  biasHh: tf.Variable;
}

export function directionSuffix(dir: number): string {
  return dir === 1 ? '_reverse' : '';
}

/** The state_dict names and shapes, in PyTorch's order. */
export function lstmParamShapes(s: LstmShape): { name: string; shape: number[] }[] {
  const dirs = s.bidirectional ? 2 : 1;
  const H = s.hiddenSize;
  const out: { name: string; shape: number[] }[] = [];
  for (let k = 0; k < s.numLayers; k++) {
    const inK = k === 0 ? s.inputSize : H * dirs;
    for (let d = 0; d < dirs; d++) {
      const sfx = `_l${k}${directionSuffix(d)}`;
      out.push({ name: `weight_ih${sfx}`, shape: [4 * H, inK] });
      out.push({ name: `weight_hh${sfx}`, shape: [4 * H, H] });
      out.push({ name: `bias_ih${sfx}`, shape: [4 * H] });
      out.push({ name: `bias_hh${sfx}`, shape: [4 * H] });
    }
  }
  return out;
}

/** Fills a Float32Array with uniform(−bound, bound) draws. */
export function uniformArray(rng: Rng, size: number, bound: number): Float32Array {
  const a = new Float32Array(size);
  for (let i = 0; i < size; i++) a[i] = rng.uniform(-bound, bound);
  return a;
}

export class LstmParams {
  /** layers × dirs, index k * dirs + d (PyTorch's h_n order). */
  readonly cells: DirectionParams[] = [];
  readonly byName = new Map<string, tf.Variable>();

  constructor(readonly shape: LstmShape, rng: Rng, prefix = '') {
    const bound = 1 / Math.sqrt(shape.hiddenSize);
    const made = new Map<string, tf.Variable>();
    for (const { name, shape: dims } of lstmParamShapes(shape)) {
      const size = dims.reduce((a, b) => a * b, 1);
      const v = newVariable(uniformArray(rng, size, bound), dims, `${prefix}${name}`);
      made.set(name, v);
      this.byName.set(`${prefix}${name}`, v);
    }
    const dirs = shape.bidirectional ? 2 : 1;
    for (let k = 0; k < shape.numLayers; k++) {
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${k}${directionSuffix(d)}`;
        this.cells.push({
          weightIh: made.get(`weight_ih${sfx}`)!,
          weightHh: made.get(`weight_hh${sfx}`)!,
          biasIh: made.get(`bias_ih${sfx}`)!,
          biasHh: made.get(`bias_hh${sfx}`)!,
        });
      }
    }
  }

  dispose(): void {
    for (const v of this.byName.values()) v.dispose();
  }
}

/** A trainable variable from plain values (the temporary tensor is released). */
export function newVariable(values: Float32Array, shape: number[], name: string): tf.Variable {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${name}_${uid()}`));
}

let counter = 0;
/** tfjs variable names must be unique per engine; several models may live in one process. */
export function uid(): string {
  counter += 1;
  return `${counter}`;
}
