/**
 * V8's relaxed SIMD lets the LSTM kernel use fused multiply-add (src/engine/kernels/wasm-heap.ts). Electron and
 * Node ≥ 22 have it on; Node 20 keeps it behind --experimental-wasm-relaxed-simd, which this switches on for the
 * current process. It must run before the process's first LSTM kernel use (the module is compiled then).
 * `selectBackend` calls it, so the CLI, the run workers and the desktop app all train with the same arithmetic
 * (same seed + same backend ⇒ identical metrics, wherever a run was started or resumed).
 * LSTM_STUDIO_PLAIN_SIMD=1 keeps the kernel on plain SIMD even where relaxed SIMD is on (inherited by child
 * processes; `bench --plain-simd` sets it).
 */
import v8 from 'node:v8';
import { ModuleBuilder } from '../../engine/kernels/wasm-encoder.js';
import { allowKernelFma } from '../../engine/kernels/wasm-heap.js';

export const PLAIN_SIMD_ENV = 'LSTM_STUDIO_PLAIN_SIMD';

/** A one-function module using f32x4.relaxed_madd. */
function probe(): Uint8Array<ArrayBuffer> {
  const mod = new ModuleBuilder();
  const f = mod.func('probe', ['i32']);
  f.get(0).get(0).mem('v128.load').get(0).mem('v128.load').get(0).mem('v128.load').op('f32x4.relaxed_madd').mem('v128.store');
  return mod.encode();
}

export function relaxedSimdAvailable(): boolean {
  const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  return wasm !== undefined && wasm.validate(probe());
}

/**
 * Lets the LSTM kernel use fused multiply-add, turning relaxed SIMD on where it is behind a flag, unless
 * LSTM_STUDIO_PLAIN_SIMD=1; returns whether the kernel may use it.
 */
export function enableWasmRelaxedSimd(): boolean {
  const plain = process.env[PLAIN_SIMD_ENV] === '1';
  allowKernelFma(!plain);
  if (plain) return false;
  if (relaxedSimdAvailable()) return true;
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return relaxedSimdAvailable();
}
