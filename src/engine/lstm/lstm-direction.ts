/**
 * One direction of one LSTM layer as a single fused tfjs op with a hand-written backward pass through time,
 * in one of two implementations with identical semantics (both checked against torch.nn.LSTM):
 *
 *   kernel  a registered tfjs kernel running the WebAssembly SIMD code in src/engine/kernels/ (the whole
 *           sequence forward, and the whole backward, in a few calls): the `cpu` and `wasm` backends;
 *   ops     tf.customGrad over tfjs ops (one recurrent matMul + a few element-wise ops per step): any
 *           backend, e.g. tfjs-node's `tensorflow`.
 *
 * `auto` (the default) picks the kernel on cpu/wasm when WebAssembly SIMD is available, ops elsewhere.
 * Optional `mask` [T, B, 1] (1 at real steps, 0 at padding) gives packed-sequence semantics: at a padded step
 * the state is carried unchanged and the output is zero, so the forward direction ends at each sample's last
 * real step and the reverse direction starts there.
 */
import * as tf from '../tfjs.js';
import { kernelHeap } from '../kernels/wasm-heap.js';
import { LSTM_KERNEL_BACKENDS, runDirectionKernel } from './lstm-direction-kernel.js';
import { runDirectionOps } from './lstm-direction-ops.js';

export interface DirectionInputs {
  /** Input [T, B, in], or [B, T, in] when batchFirst. */
  x: tf.Tensor3D;
  /** Layout of x and of the output (default false: time-major). */
  batchFirst?: boolean;
  /** weight_ih [4H, in] and weight_hh [4H, H], PyTorch's layout. */
  weightIh: tf.Tensor2D;
  weightHh: tf.Tensor2D;
  /** bias_ih and bias_hh [4H]. */
  biasIh: tf.Tensor1D;
  biasHh: tf.Tensor1D;
  /** Initial states [B, H]; null means zeros (and no gradient for them). */
  h0: tf.Tensor2D | null;
  c0: tf.Tensor2D | null;
  /** Time-major [T, B, 1] float mask, or null when every sample uses all T steps. */
  mask: tf.Tensor3D | null;
}

export interface DirectionOptions {
  /** Run from t = T−1 down to 0 (the `_reverse` direction). */
  reverse: boolean;
  /** Compute d loss / d x (false for a first layer fed by data: saves one matrix product). Default true. */
  inputGrad?: boolean;
}

export interface DirectionResult {
  /** [T, B, H] (or [B, T, H] when batchFirst) in time order, zero at padded steps. */
  output: tf.Tensor3D;
  hN: tf.Tensor2D;
  cN: tf.Tensor2D;
}

export type LstmImplementation = 'auto' | 'kernel' | 'ops';

/** Backends whose tensors live in JS-reachable memory, where the kernel's copies cost little. */
const KERNEL_BACKENDS: ReadonlySet<string> = new Set(LSTM_KERNEL_BACKENDS);

let chosen: LstmImplementation = 'auto';

/** Forces an implementation for every LSTM in this process (tests, benchmarks); `auto` restores the default. */
export function setLstmImplementation(impl: LstmImplementation): void {
  if (impl === 'kernel' && !kernelHeap()) throw new Error('LSTM implementation "kernel": WebAssembly SIMD is not available here');
  chosen = impl;
}

/** The implementation the next call will use on the current backend. */
export function lstmImplementation(): Exclude<LstmImplementation, 'auto'> {
  const onKernelBackend = KERNEL_BACKENDS.has(tf.getBackend());
  if (chosen === 'kernel' && !onKernelBackend) {
    throw new Error(`LSTM implementation "kernel": runs on the cpu and wasm backends only (current backend: ${tf.getBackend()})`);
  }
  if (chosen !== 'auto') return chosen;
  return onKernelBackend && kernelHeap() ? 'kernel' : 'ops';
}

export function runDirection(inp: DirectionInputs, opts: DirectionOptions): DirectionResult {
  const heap = lstmImplementation() === 'kernel' ? kernelHeap() : null;
  return heap ? runDirectionKernel(heap, inp, opts) : runDirectionOps(inp, opts);
}
