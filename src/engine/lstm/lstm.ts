/**
 * torch.nn.LSTM on tfjs: num_layers, bidirectional, batch_first, dropout between layers (training only),
 * optional h0/c0 and per-sample lengths with packed-sequence semantics.
 */
import * as tf from '../tfjs.js';
import type { Rng } from '../rng.js';
import { lstmImplementation, runDirection } from './lstm-direction.js';
import { LstmParams } from './lstm-params.js';

export interface LstmConfig {
  /** Features per time step (input_size). */
  inputSize: number;
  /** hidden_size H. */
  hiddenSize: number;
  /** num_layers (default 1). */
  numLayers?: number;
  /** Two directions per layer; outputs and states double (default false). */
  bidirectional?: boolean;
  /** Input and output as [B, T, ·] when true, [T, B, ·] when false (PyTorch default: false). */
  batchFirst?: boolean;
  /** Dropout on each layer's output except the last, in training mode only (default 0). */
  dropout?: number;
}

export interface LstmCallOptions {
  /** Initial states [layers·dirs, B, H]; zeros when absent. */
  h0?: tf.Tensor3D;
  c0?: tf.Tensor3D;
  /** Per-sample true lengths (1..T): packed-sequence semantics. */
  lengths?: ArrayLike<number>;
  /** Enables inter-layer dropout. */
  training?: boolean;
  /** Seed for this call's dropout masks (deterministic runs). */
  dropoutSeed?: number;
  /** Whether d loss / d input is needed (default true). */
  inputGrad?: boolean;
}

export interface LstmResult {
  /** [B, T, dirs·H] (batch_first) or [T, B, dirs·H]; zero at padded steps. */
  output: tf.Tensor3D;
  /** [layers·dirs, B, H] whatever batch_first is. */
  hN: tf.Tensor3D;
  cN: tf.Tensor3D;
}

export class Lstm {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly params: LstmParams;

  constructor(config: LstmConfig, rng: Rng, namePrefix = '') {
    this.inputSize = config.inputSize;
    this.hiddenSize = config.hiddenSize;
    this.numLayers = config.numLayers ?? 1;
    this.bidirectional = config.bidirectional ?? false;
    this.batchFirst = config.batchFirst ?? false;
    this.dropout = config.dropout ?? 0;
    this.params = new LstmParams(
      { inputSize: this.inputSize, hiddenSize: this.hiddenSize, numLayers: this.numLayers, bidirectional: this.bidirectional },
      rng,
      namePrefix,
    );
  }

  get dirs(): number {
    return this.bidirectional ? 2 : 1;
  }

  apply(input: tf.Tensor3D, opts: LstmCallOptions = {}): LstmResult {
    if (input.shape[2] !== this.inputSize) {
      throw new Error(`LSTM input: expected last dimension input_size = ${this.inputSize}, got shape [${input.shape.join(', ')}]`);
    }
    const bf = this.batchFirst;
    const [steps, batch] = bf ? [input.shape[1], input.shape[0]] : [input.shape[0], input.shape[1]];
    const H = this.hiddenSize;
    const nStates = this.numLayers * this.dirs;
    for (const [name, s] of [['h0', opts.h0], ['c0', opts.c0]] as const) {
      if (s && (s.shape[0] !== nStates || s.shape[1] !== batch || s.shape[2] !== H)) {
        throw new Error(`LSTM ${name}: expected shape [${nStates}, ${batch}, ${H}], got [${s.shape.join(', ')}]`);
      }
    }
    const mask = opts.lengths ? lengthMask(opts.lengths, steps, batch) : null;
    // tfjs cannot differentiate unstack of a single slice (its gradient expects several), hence the reshape.
    const split = (s: tf.Tensor3D) => (nStates === 1 ? [tf.reshape(s, [batch, H]) as tf.Tensor2D] : (tf.unstack(s) as tf.Tensor2D[]));
    const h0s = opts.h0 ? split(opts.h0) : null;
    const c0s = opts.c0 ? split(opts.c0) : null;
    const hN: tf.Tensor2D[] = [];
    const cN: tf.Tensor2D[] = [];
    // The kernel reads and writes batch-first data as it is; the op-level path runs time-major, so batch-first
    // input is transposed once here (and the output once at the end) rather than in every direction.
    const native = lstmImplementation() === 'kernel';
    const layoutBf = bf && native;
    let x = bf && !native ? (tf.transpose(input, [1, 0, 2]) as tf.Tensor3D) : input;
    for (let k = 0; k < this.numLayers; k++) {
      const outs: tf.Tensor3D[] = [];
      for (let d = 0; d < this.dirs; d++) {
        const idx = k * this.dirs + d;
        const p = this.params.cells[idx];
        const r = runDirection(
          {
            x,
            batchFirst: layoutBf,
            weightIh: p.weightIh as tf.Tensor2D,
            weightHh: p.weightHh as tf.Tensor2D,
            biasIh: p.biasIh as tf.Tensor1D,
            biasHh: p.biasHh as tf.Tensor1D,
            h0: h0s ? h0s[idx] : null,
            c0: c0s ? c0s[idx] : null,
            mask,
          },
          { reverse: d === 1, inputGrad: k > 0 || (opts.inputGrad ?? true) },
        );
        outs.push(r.output);
        hN.push(r.hN);
        cN.push(r.cN);
      }
      x = outs.length === 1 ? outs[0] : (tf.concat(outs, 2) as tf.Tensor3D);
      if (opts.training && this.dropout > 0 && k < this.numLayers - 1) {
        x = tf.dropout(x, this.dropout, undefined, (opts.dropoutSeed ?? 0) + k) as tf.Tensor3D;
      }
    }
    // One direction of one layer: a reshape, not a stack (no copy, no extra gradient op).
    const states = (s: tf.Tensor2D[]) => (s.length === 1 ? tf.expandDims(s[0], 0) : tf.stack(s)) as tf.Tensor3D;
    const output = bf && !native ? (tf.transpose(x, [1, 0, 2]) as tf.Tensor3D) : x;
    return { output, hN: states(hN), cN: states(cN) };
  }

  dispose(): void {
    this.params.dispose();
  }
}

/** [T, B, 1] float mask: 1 where t < lengths[b]. Lengths must lie in 1..T. */
export function lengthMask(lengths: ArrayLike<number>, steps: number, batch: number): tf.Tensor3D {
  if (lengths.length !== batch) throw new Error(`LSTM lengths: expected ${batch} entries (one per sample), got ${lengths.length}`);
  const m = new Float32Array(steps * batch);
  for (let b = 0; b < batch; b++) {
    const len = lengths[b];
    if (!Number.isInteger(len) || len < 1 || len > steps) {
      throw new Error(`LSTM lengths[${b}]: expected an integer from 1 to ${steps}, got ${len}`);
    }
    for (let t = 0; t < len; t++) m[t * batch + b] = 1;
  }
  return tf.tensor3d(m, [steps, batch, 1]);
}
