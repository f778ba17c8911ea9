/**
 * The LSTM kernel's WebAssembly instance and its memory: a growable linear memory with a first-fit
 * allocator (16-byte aligned blocks, coalescing free list). The first RESERVED_BYTES are the gemm's staging
 * tile and never handed out, so pointer 0 can mean "none" in kernel arguments.
 *
 * The module is assembled on first use, with fused multiply-add (relaxed SIMD) where the runtime has it
 * (Electron, Node ≥ 22, or Node 20 with --experimental-wasm-relaxed-simd) and plain SIMD otherwise; both are
 * deterministic, but they round differently. Where WebAssembly SIMD is missing, `kernelHeap()` returns null and
 * callers use the op-level path.
 */
import { addCellKernels } from './cell-codegen.js';
import { addGemm, addGemmNnFixedLda, RESERVED_BYTES } from './gemm-codegen.js';
import { ModuleBuilder } from './wasm-encoder.js';

/** The parts of the WebAssembly JS API used here (the engine compiles without DOM typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

type I32Fn = (...args: number[]) => void;

/** C[M, N] (+)= A[M, K] · packed B (see gemm-codegen.ts). */
export type GemmFn = (a: number, lda: number, bp: number, c: number, ldc: number, M: number, N: number, K: number, acc: number) => void;

export interface KernelExports {
  pack_b(src: number, ldb: number, K: number, N: number, dst: number, trans: number, panelRows: number): void;
  gemm_nn: GemmFn;
  gemm_tn: GemmFn;
  cell_fwd(gates: number, bias: number, hPrev: number, cPrev: number, tc: number, out: number, outStride: number, hNext: number, hStride: number, cNext: number, mask: number, B: number, H: number): void;
  cell_bwd(act: number, dHin: number, dOut: number, outStride: number, dC: number, cPrev: number, tc: number, mask: number, dHcarry: number, B: number, H: number): void;
  colsum(src: number, rows: number, cols: number, dst: number): void;
  copy_rows(src: number, srcStride: number, dst: number, dstStride: number, rows: number, width: number): void;
}

const PAGE = 65536;
const ALIGN = 16;
const RESERVED = RESERVED_BYTES;
/** 4 GiB is wasm32's limit; 65536 pages. */
const MAX_PAGES = 65536;
/** Distinct leading dimensions with their own compiled gemm_nn (a process sees a handful of LSTM shapes). */
const MAX_FIXED_LDA = 64;

export class WasmHeap {
  private f32: Float32Array;
  /** Free blocks [start, size), sorted by start. */
  private free: [number, number][];
  /** Size of every allocated block, by start. */
  private readonly sizes = new Map<number, number>();
  private readonly fixedLda = new Map<number, GemmFn>();

  constructor(
    private readonly memory: WasmMemory,
    readonly k: KernelExports,
    private readonly wasm: WasmApi,
    /** Products use relaxed SIMD's fused multiply-add. */
    readonly fma: boolean,
  ) {
    this.f32 = new Float32Array(memory.buffer);
    this.free = [[RESERVED, memory.buffer.byteLength - RESERVED]];
  }

  /** A Float32Array view of the whole memory (renewed after growth: never keep it across alloc). */
  get view(): Float32Array {
    if (this.f32.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
    return this.f32;
  }

  /**
   * gemm_nn for A rows exactly `lda` floats apart (compiled on first use, sharing this memory); the generic
   * one once many shapes have been seen.
   */
  gemmNn(lda: number): GemmFn {
    let fn = this.fixedLda.get(lda);
    if (fn) return fn;
    if (this.fixedLda.size >= MAX_FIXED_LDA) return this.k.gemm_nn;
    const mod = new ModuleBuilder();
    addGemmNnFixedLda(mod, lda, this.fma);
    try {
      fn = instantiate(this.wasm, mod.encode(), this.memory).gemm_nn as GemmFn;
    } catch {
      fn = this.k.gemm_nn; // same arithmetic, generic strides
    }
    this.fixedLda.set(lda, fn);
    return fn;
  }

  /** Bytes currently in use (for tests). */
  get used(): number {
    return this.memory.buffer.byteLength - RESERVED - this.free.reduce((n, [, s]) => n + s, 0);
  }

  /** A block for `floats` float32 values; returns its byte offset. */
  alloc(floats: number): number {
    const size = Math.max(ALIGN, Math.ceil((floats * 4) / ALIGN) * ALIGN);
    for (let i = 0; i < this.free.length; i++) {
      const [start, avail] = this.free[i];
      if (avail >= size) {
        if (avail === size) this.free.splice(i, 1);
        else this.free[i] = [start + size, avail - size];
        this.sizes.set(start, size);
        return start;
      }
    }
    this.grow(size);
    return this.alloc(floats);
  }

  release(ptr: number): void {
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`wasm heap: release of unknown block ${ptr}`);
    this.sizes.delete(ptr);
    this.insertFree(ptr, size);
  }

  private insertFree(start: number, size: number): void {
    let i = 0;
    while (i < this.free.length && this.free[i][0] < start) i++;
    this.free.splice(i, 0, [start, size]);
    // Coalesce with the next, then the previous neighbour.
    if (i + 1 < this.free.length && start + size === this.free[i + 1][0]) {
      this.free[i][1] += this.free[i + 1][1];
      this.free.splice(i + 1, 1);
    }
    if (i > 0 && this.free[i - 1][0] + this.free[i - 1][1] === start) {
      this.free[i - 1][1] += this.free[i][1];
      this.free.splice(i, 1);
    }
  }

  private grow(atLeast: number): void {
    const old = this.memory.buffer.byteLength;
    const pages = Math.max(Math.ceil(atLeast / PAGE), Math.ceil(old / PAGE / 2));
    const fail = () => new Error(`LSTM kernel: out of WebAssembly memory (${old} bytes in use, ${atLeast} more needed)`);
    if (old / PAGE + pages > MAX_PAGES) throw fail();
    try {
      this.memory.grow(pages);
    } catch {
      throw fail();
    }
    this.insertFree(old, pages * PAGE);
  }
}

/** Assembles the kernel module (a pure function of `fma`). */
export function kernelModuleBytes(fma: boolean): Uint8Array<ArrayBuffer> {
  const mod = new ModuleBuilder();
  addGemm(mod, fma);
  addCellKernels(mod);
  return mod.encode();
}

function instantiate(wasm: WasmApi, bytes: Uint8Array, memory: WasmMemory): Record<string, unknown> {
  return new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports;
}

/** A new kernel heap with its own memory, or null where this runtime cannot run the module. */
export function createKernelHeap(fma: boolean): WasmHeap | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return null;
  try {
    const bytes = kernelModuleBytes(fma);
    if (!wasm.validate(bytes)) return null;
    const memory = new wasm.Memory({ initial: 256 });
    const e = instantiate(wasm, bytes, memory);
    const names = ['pack_b', 'gemm_nn', 'gemm_tn', 'cell_fwd', 'cell_bwd', 'colsum', 'copy_rows'] as const;
    if (!names.every((n) => typeof e[n] === 'function')) return null;
    const k = Object.fromEntries(names.map((n) => [n, e[n] as I32Fn])) as unknown as KernelExports;
    return new WasmHeap(memory, k, wasm, fma);
  } catch {
    return null;
  }
}

let cached: WasmHeap | null | undefined;
let allowFma = true;

/**
 * Whether the process's kernel may use fused multiply-add where the runtime has it (default true). Takes effect
 * only before the first `kernelHeap()` call, which compiles the module.
 */
export function allowKernelFma(allow: boolean): void {
  allowFma = allow;
}

/** The process's kernel heap (fused multiply-add when available and allowed), or null where WebAssembly SIMD is missing. */
export function kernelHeap(): WasmHeap | null {
  if (cached === undefined) cached = (allowFma ? createKernelHeap(true) : null) ?? createKernelHeap(false);
  return cached;
}
