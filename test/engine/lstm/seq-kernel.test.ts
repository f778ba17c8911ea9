import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seqBackward, seqForward, type SeqShape } from '../../../src/engine/kernels/lstm-seq-kernel.js';
import { createKernelHeap, kernelHeap, kernelModuleBytes, type WasmHeap } from '../../../src/engine/kernels/wasm-heap.js';
import { Rng } from '../../../src/engine/rng.js';
import { maxRelError, referenceLstm } from './reference-lstm.js';

const RELAXED_NATIVE = WebAssembly.validate(kernelModuleBytes(true));

/** Runs `f` with V8's relaxed SIMD enabled (Node 20 has it behind a flag), restoring the flag afterwards. */
function withRelaxedSimd<T>(f: () => T): T {
  if (RELAXED_NATIVE) return f();
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  try {
    return f();
  } finally {
    v8.setFlagsFromString('--no-experimental-wasm-relaxed-simd');
  }
}

let heap: WasmHeap | null = kernelHeap();

function uniform(rng: Rng, n: number, bound: number): Float32Array {
  return Float32Array.from({ length: n }, () => rng.uniform(-bound, bound));
}

interface Case {
  shape: SeqShape;
  reverse: boolean;
  masked: boolean;
  withState: boolean;
  seed: number;
}

function runCase({ shape, reverse, masked, withState, seed }: Case) {
  const { steps: T, batch: B, inSize: I, hidden: H } = shape;
  const G = 4 * H;
  const rng = new Rng(seed);
  const bound = 1 / Math.sqrt(H);
  let mask: Float32Array | null = null;
  if (masked) {
    mask = new Float32Array(T * B);
    for (let b = 0; b < B; b++) {
      const len = 1 + rng.int(T);
      for (let t = 0; t < len; t++) mask[t * B + b] = 1;
    }
  }
  const inp = {
    x: uniform(rng, T * B * I, 1),
    wIh: uniform(rng, G * I, bound),
    wHh: uniform(rng, G * H, bound),
    bIh: uniform(rng, G, bound),
    bHh: uniform(rng, G, bound),
    h0: withState ? uniform(rng, B * H, 1) : null,
    c0: withState ? uniform(rng, B * H, 1) : null,
    mask,
  };
  const dys = { dOut: uniform(rng, T * B * H, 1), dhN: uniform(rng, B * H, 1), dcN: uniform(rng, B * H, 1) };
  const fwd = seqForward(heap!, shape, inp, reverse, true);
  const grads = seqBackward(heap!, fwd.tape!, dys, true, withState);
  const ref = referenceLstm(shape, inp, reverse, dys);
  return { fwd, grads, ref };
}

const TOL = 2e-5;

describe.each([
  ['plain SIMD', false],
  ['fused multiply-add', true],
] as const)('LSTM sequence kernel (%s) against a float64 reference', (_name, fma) => {
  const own = fma ? withRelaxedSimd(() => createKernelHeap(true)) : kernelHeap();
  const run = (f: () => void) => () => {
    heap = own;
    if (fma) withRelaxedSimd(f);
    else f();
  };

  it('is available in this Node', () => {
    expect(own).not.toBeNull();
    expect(own!.fma).toBe(fma);
  });

  it('matches forward and every gradient on random shapes, masks, directions, layouts and states', run(() => {
    fc.assert(
      fc.property(
        fc.record({
          steps: fc.integer({ min: 1, max: 6 }),
          batch: fc.integer({ min: 1, max: 7 }),
          inSize: fc.integer({ min: 1, max: 11 }),
          hidden: fc.integer({ min: 1, max: 21 }),
          batchFirst: fc.boolean(),
        }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1_000_000 }),
        (shape, reverse, masked, withState, seed) => {
          const before = heap!.used;
          const { fwd, grads, ref } = runCase({ shape, reverse, masked, withState, seed });
          expect(maxRelError(fwd.output, ref.output)).toBeLessThan(TOL);
          expect(maxRelError(fwd.hN, ref.hN)).toBeLessThan(TOL);
          expect(maxRelError(fwd.cN, ref.cN)).toBeLessThan(TOL);
          expect(maxRelError(grads.dx!, ref.dx)).toBeLessThan(TOL);
          expect(maxRelError(grads.dWih, ref.dWih)).toBeLessThan(TOL);
          expect(maxRelError(grads.dWhh, ref.dWhh)).toBeLessThan(TOL);
          expect(maxRelError(grads.dBias, ref.dBias)).toBeLessThan(TOL);
          if (withState) {
            expect(maxRelError(grads.dh0!, ref.dh0)).toBeLessThan(TOL);
            expect(maxRelError(grads.dc0!, ref.dc0)).toBeLessThan(TOL);
          } else {
            expect(grads.dh0).toBeNull();
          }
          // Forward scratch, tape and backward scratch are all returned to the heap.
          expect(heap!.used).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  }));

  it('handles sizes that cross the 8-column panels and 4-row tiles (H = 37, B = 9, in = 19)', run(() => {
    const shape = { steps: 5, batch: 9, inSize: 19, hidden: 37, batchFirst: true };
    const { fwd, grads, ref } = runCase({ shape, reverse: true, masked: true, withState: true, seed: 7 });
    expect(maxRelError(fwd.output, ref.output)).toBeLessThan(TOL);
    expect(maxRelError(grads.dWhh, ref.dWhh)).toBeLessThan(TOL);
    expect(maxRelError(grads.dx!, ref.dx)).toBeLessThan(TOL);
  }));

  it('saturates cleanly: huge pre-activations give finite outputs and gradients', run(() => {
    const shape = { steps: 3, batch: 2, inSize: 2, hidden: 3, batchFirst: false };
    const G = 12;
    const inp = {
      x: Float32Array.from({ length: 12 }, (_, i) => (i % 2 ? 500 : -500)),
      wIh: new Float32Array(G * 2).fill(1),
      wHh: new Float32Array(G * 3).fill(1),
      bIh: new Float32Array(G),
      bHh: new Float32Array(G),
      h0: null,
      c0: null,
      mask: null,
    };
    const fwd = seqForward(heap!, shape, inp, false, true);
    const dys = { dOut: new Float32Array(18).fill(1), dhN: new Float32Array(6).fill(1), dcN: new Float32Array(6).fill(1) };
    const grads = seqBackward(heap!, fwd.tape!, dys, true, false);
    const ref = referenceLstm(shape, inp, false, dys);
    for (const a of [fwd.output, fwd.hN, fwd.cN, grads.dWih, grads.dWhh, grads.dBias, grads.dx!]) {
      expect(a.every(Number.isFinite)).toBe(true);
    }
    expect(maxRelError(fwd.output, ref.output)).toBeLessThan(TOL);
    expect(maxRelError(grads.dWhh, ref.dWhh)).toBeLessThan(TOL);
  }));

  it('missing output gradients count as zeros; a tape is used once; eval mode keeps no tape', run(() => {
    const shape = { steps: 4, batch: 3, inSize: 5, hidden: 6, batchFirst: true };
    const rng = new Rng(3);
    const inp = {
      x: uniform(rng, 60, 1),
      wIh: uniform(rng, 120, 0.4),
      wHh: uniform(rng, 144, 0.4),
      bIh: uniform(rng, 24, 0.4),
      bHh: uniform(rng, 24, 0.4),
      h0: null,
      c0: null,
      mask: null,
    };
    const before = heap!.used;
    const noTape = seqForward(heap!, shape, inp, false, false);
    expect(noTape.tape).toBeNull();
    expect(heap!.used).toBe(before);
    const fwd = seqForward(heap!, shape, inp, false, true);
    expect(heap!.used).toBeGreaterThan(before);
    const dhN = uniform(rng, 18, 1);
    const g = seqBackward(heap!, fwd.tape!, { dOut: null, dhN, dcN: null }, false, false);
    const ref = referenceLstm(shape, inp, false, { dOut: new Float32Array(72), dhN, dcN: new Float32Array(18) });
    expect(g.dx).toBeNull();
    expect(maxRelError(g.dWhh, ref.dWhh)).toBeLessThan(TOL);
    expect(maxRelError(noTape.output, fwd.output)).toBe(0);
    expect(heap!.used).toBe(before);
    expect(() => seqBackward(heap!, fwd.tape!, { dOut: null, dhN, dcN: null }, false, false)).toThrow(/already used or released/);
    const dropped = seqForward(heap!, shape, inp, false, true);
    dropped.tape!.release();
    dropped.tape!.release();
    expect(heap!.used).toBe(before);
  }));
});
