import v8 from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GEMM_NR } from '../../../src/engine/kernels/gemm-codegen.js';
import { createKernelHeap, kernelModuleBytes, type WasmHeap } from '../../../src/engine/kernels/wasm-heap.js';

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
import { ModuleBuilder, sleb, uleb } from '../../../src/engine/kernels/wasm-encoder.js';
import { Rng } from '../../../src/engine/rng.js';

describe('wasm encoder', () => {
  it('encodes LEB128 as the spec does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('assembles a module that validates and runs (scalar and SIMD)', () => {
    const mod = new ModuleBuilder();
    const f = mod.func('axpy4', ['i32', 'i32', 'i32']);
    // dst[0..3] = 2.5 · a[0..3] + b[0..3]
    f.get(2).get(0).mem('v128.load').f32x4(2.5).op('f32x4.mul').get(1).mem('v128.load').op('f32x4.add').mem('v128.store');
    const g = mod.func('sum', ['i32', 'i32'], ['i32']);
    g.get(0).get(1).op('i32.add');
    const bytes = mod.encode();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<string, (...a: number[]) => number>;
    const v = new Float32Array(memory.buffer);
    v.set([1, 2, 3, 4], 0);
    v.set([10, 20, 30, 40], 4);
    e.axpy4(0, 16, 32);
    expect(Array.from(v.subarray(8, 12))).toEqual([12.5, 25, 37.5, 50]);
    expect(e.sum(40, 2)).toBe(42);
  });

  it('names the instruction when asked for an unknown one', () => {
    expect(() => new ModuleBuilder().func('x', []).op('f32x4.frobnicate')).toThrow(/unknown instruction "f32x4.frobnicate"/);
  });

  it('the LSTM kernel module validates: plain SIMD, and fused multiply-add where relaxed SIMD is on', () => {
    expect(WebAssembly.validate(kernelModuleBytes(false))).toBe(true);
    expect(withRelaxedSimd(() => WebAssembly.validate(kernelModuleBytes(true)))).toBe(true);
  });
});

describe.each([
  ['plain SIMD', false],
  ['fused multiply-add', true],
] as const)('packed-panel matrix products (%s)', (_name, fma) => {
  const heap: WasmHeap = withRelaxedSimd(() => createKernelHeap(fma))!;
  const run = <T>(f: () => T): T => (fma ? withRelaxedSimd(f) : f());

  it('builds the heap with the requested arithmetic', () => {
    expect(heap).not.toBeNull();
    expect(heap.fma).toBe(fma);
  });

  /** 'fixed': gemm_nn compiled for lda = K. */
  function check(M: number, N: number, K: number, mode: 'nn' | 'tn' | 'fixed', transB: boolean, acc: boolean, seed: number): number {
    const rng = new Rng(seed);
    const a = Float32Array.from({ length: M * K }, () => rng.uniform(-1, 1));
    const b = Float32Array.from({ length: K * N }, () => rng.uniform(-1, 1));
    const c0 = Float32Array.from({ length: M * N }, () => rng.uniform(-1, 1));
    const pA = heap.alloc(M * K);
    const pB = heap.alloc(K * N);
    const pP = heap.alloc(Math.ceil(N / GEMM_NR) * GEMM_NR * K);
    const pC = heap.alloc(M * N + 4);
    const v = heap.view;
    v.set(a, pA >> 2);
    v.set(b, pB >> 2);
    v.set(c0, pC >> 2);
    v[(pC >> 2) + M * N] = 777; // a guard right after C
    // b holds B [K, N] (transB = false) or Bᵀ [N, K]; a holds A [M, K] (nn) or Aᵀ [K, M] (tn).
    heap.k.pack_b(pB, transB ? K : N, K, N, pP, transB ? 1 : 0, K);
    const gemm = mode === 'nn' ? heap.k.gemm_nn : mode === 'tn' ? heap.k.gemm_tn : heap.gemmNn(Math.max(1, K));
    gemm(pA, mode === 'tn' ? M : K, pP, pC, N, M, N, K, acc ? 1 : 0);
    const out = heap.view;
    let err = out[(pC >> 2) + M * N] === 777 ? 0 : Infinity;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = acc ? c0[m * N + n] : 0;
        for (let k = 0; k < K; k++) s += (mode === 'tn' ? a[k * M + m] : a[m * K + k]) * (transB ? b[n * K + k] : b[k * N + n]);
        err = Math.max(err, Math.abs(out[(pC >> 2) + m * N + n] - s) / Math.max(1, Math.abs(s)));
      }
    }
    for (const p of [pA, pB, pP, pC]) heap.release(p);
    return err;
  }

  it('C (+)= A·B and Aᵀ·B for any sizes (tiles, partial panels, K = 0), generic or fixed-lda, B packed plain or transposed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 19 }),
        fc.integer({ min: 1, max: 35 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('nn' as const, 'tn' as const, 'fixed' as const),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1e6 }),
        (M, N, K, mode, transB, acc, seed) => {
          expect(run(() => check(M, N, K, mode, transB, acc, seed))).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('two packs stack along K in one set of panels: A·[B1; B2] (the LSTM\'s [W_ihᵀ ; W_hhᵀ])', () => {
    const [M, N, K1, K2] = [6, 21, 5, 9];
    const K = K1 + K2;
    const rng = new Rng(11);
    const a = Float32Array.from({ length: M * K }, () => rng.uniform(-1, 1));
    // B1ᵀ [N, K1] and B2ᵀ [N, K2], as weight_ih and weight_hh are stored.
    const b1t = Float32Array.from({ length: N * K1 }, () => rng.uniform(-1, 1));
    const b2t = Float32Array.from({ length: N * K2 }, () => rng.uniform(-1, 1));
    const [pA, pB1, pB2, pP, pC] = [M * K, N * K1, N * K2, Math.ceil(N / GEMM_NR) * GEMM_NR * K, M * N].map((n) => heap.alloc(n));
    const v = heap.view;
    v.set(a, pA >> 2);
    v.set(b1t, pB1 >> 2);
    v.set(b2t, pB2 >> 2);
    heap.k.pack_b(pB1, K1, K1, N, pP, 1, K);
    heap.k.pack_b(pB2, K2, K2, N, pP + K1 * GEMM_NR * 4, 1, K);
    heap.k.gemm_nn(pA, K, pP, pC, N, M, N, K, 0);
    let err = 0;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let k = 0; k < K1; k++) s += a[m * K + k] * b1t[n * K1 + k];
        for (let k = 0; k < K2; k++) s += a[m * K + K1 + k] * b2t[n * K2 + k];
        err = Math.max(err, Math.abs(heap.view[(pC >> 2) + m * N + n] - s));
      }
    }
    for (const p of [pA, pB1, pB2, pP, pC]) heap.release(p);
    expect(err).toBeLessThan(1e-5);
  });

  it('the heap allocator coalesces freed blocks and grows on demand', () => {
    const before = heap.used;
    const blocks = [1, 1000, 5, 70_000, 3].map((n) => heap.alloc(n));
    expect(new Set(blocks).size).toBe(5);
    for (const p of blocks) expect(p % 16).toBe(0);
    for (const p of [blocks[1], blocks[3], blocks[0], blocks[4], blocks[2]]) heap.release(p);
    expect(heap.used).toBe(before);
    const big = heap.alloc(5_000_000);
    heap.view.fill(1, big >> 2, (big >> 2) + 5_000_000);
    heap.release(big);
    expect(heap.used).toBe(before);
    expect(() => heap.release(12345)).toThrow(/unknown block/);
  });
});
