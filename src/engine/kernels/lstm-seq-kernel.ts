/**
 * One direction of one LSTM layer over a whole sequence on plain Float32Arrays, computed by the WebAssembly
 * SIMD kernels in `wasm-heap.ts` (the arithmetic of `lstm/lstm-cell.ts`: PyTorch semantics and gate order).
 *
 * Forward: per step ONE product [x_t | h_{t−1}] · [W_ihᵀ ; W_hhᵀ] (the tape keeps each step's input and
 * previous state side by side as XH [T, B, in + H]) and one fused element-wise call (which adds
 * b_ih + b_hh). The tape (XH, weights, activations, cell states) stays in the kernel's memory until
 * `seqBackward` consumes it or `SeqTape.release` drops it.
 * Backward: per step one fused element-wise call and one product for d h_{t−1}; then both weight gradients
 * as one product over all steps, dGᵀ·XH = [dW_ih | dW_hh], the bias gradient as column sums, d x as dG·W_ih.
 *
 * Input and output may be batch-first ([B, T, ·]); internally everything is time-major.
 */
import { GEMM_NR } from './gemm-codegen.js';
import type { WasmHeap } from './wasm-heap.js';

export interface SeqShape {
  steps: number;
  batch: number;
  inSize: number;
  hidden: number;
  /** x, the output and their gradients are [B, T, ·] (true) or [T, B, ·] (false). */
  batchFirst: boolean;
}

export interface SeqForwardInput {
  x: Float32Array;
  /** weight_ih [4H, in] and weight_hh [4H, H] in PyTorch's layout; biases [4H]. */
  wIh: Float32Array;
  wHh: Float32Array;
  bIh: Float32Array;
  bHh: Float32Array;
  /** Initial states [B, H]; null means zeros. */
  h0: Float32Array | null;
  c0: Float32Array | null;
  /** [T, B] with 1 at real steps and 0 at padding, or null. */
  mask: Float32Array | null;
}

export interface SeqForwardResult {
  /** [T, B, H] or [B, T, H]: zero at padded steps. */
  output: Float32Array;
  hN: Float32Array;
  cN: Float32Array;
  tape: SeqTape | null;
}

/** Gradients arriving at the outputs; null where an output does not reach the loss. */
export interface SeqOutputGrads {
  dOut: Float32Array | null;
  dhN: Float32Array | null;
  dcN: Float32Array | null;
}

export interface SeqGrads {
  /** d x in the input's layout, or null when not requested. */
  dx: Float32Array | null;
  dWih: Float32Array;
  dWhh: Float32Array;
  /** d b_ih = d b_hh [4H]. */
  dBias: Float32Array;
  /** d h0, d c0 [B, H], or null when not requested. */
  dh0: Float32Array | null;
  dc0: Float32Array | null;
}

/** Float counts rounded up so every part starts 16-byte aligned. */
function padded(n: number): number {
  return Math.ceil(n / 4) * 4;
}

/** Byte offsets of consecutive parts inside one allocation at `base`. */
function layout(base: number, sizes: number[]): number[] {
  const out: number[] = [];
  let p = base;
  for (const n of sizes) {
    out.push(p);
    p += padded(n) * 4;
  }
  return out;
}

function total(sizes: number[]): number {
  return sizes.reduce((n, s) => n + padded(s), 0);
}

/** Floats of B [K, N] packed into GEMM_NR-column panels. */
function panels(K: number, N: number): number {
  return Math.ceil(N / GEMM_NR) * GEMM_NR * K;
}

/** What `seqForward` keeps for `seqBackward`, in kernel memory. */
export class SeqTape {
  private live = true;

  constructor(
    private readonly heap: WasmHeap,
    readonly shape: SeqShape,
    readonly reverse: boolean,
    private readonly block: number,
    readonly ptr: { xh: number; wIh: number; wHh: number; act: number; cPrev: number; tc: number; mask: number },
  ) {}

  get released(): boolean {
    return !this.live;
  }

  release(): void {
    if (!this.live) return;
    this.live = false;
    this.heap.release(this.block);
  }
}

/** Time index of the s-th processed step. */
function timeOf(s: number, steps: number, reverse: boolean): number {
  return reverse ? steps - 1 - s : s;
}

/**
 * Moves [T, B, width] or [B, T, width] (`batchFirst`) rows at `io` to or from time-major rows at `tm` that are
 * `tmStride` floats apart (all inside kernel memory).
 */
function moveRows(heap: WasmHeap, io: number, tm: number, T: number, B: number, width: number, tmStride: number, batchFirst: boolean, toTimeMajor: boolean): void {
  const k = heap.k;
  if (!batchFirst) {
    if (toTimeMajor) k.copy_rows(io, width * 4, tm, tmStride * 4, T * B, width);
    else k.copy_rows(tm, tmStride * 4, io, width * 4, T * B, width);
    return;
  }
  // Sample b: its T rows are contiguous in [B, T, ·] and B rows apart in time-major order.
  for (let b = 0; b < B; b++) {
    const bf = io + b * T * width * 4;
    const t = tm + b * tmStride * 4;
    if (toTimeMajor) k.copy_rows(bf, width * 4, t, B * tmStride * 4, T, width);
    else k.copy_rows(t, B * tmStride * 4, bf, width * 4, T, width);
  }
}

/** Runs the direction forward; the tape is kept only when `keepTape`. */
export function seqForward(heap: WasmHeap, shape: SeqShape, inp: SeqForwardInput, reverse: boolean, keepTape: boolean): SeqForwardResult {
  const { steps: T, batch: B, inSize: I, hidden: H, batchFirst } = shape;
  const G = 4 * H;
  const W = I + H;
  const TB = T * B;
  const BH = B * H;
  const tapeSizes = [TB * W, G * I, G * H, TB * G, TB * H, TB * H, inp.mask ? TB : 0];
  const block = heap.alloc(total(tapeSizes));
  const [pXH, pWih, pWhh, pAct, pC, pTc, pMask] = layout(block, tapeSizes);
  const scratchSizes = [panels(W, G), G, TB * H, B * W, BH, TB * I, BH];
  const scratch = heap.alloc(total(scratchSizes));
  const [pWP, pBias, pOut, pHlast, pCn, pXin, pHn] = layout(scratch, scratchSizes);
  const k = heap.k;
  let kept = false;
  try {
    const v = heap.view;
    v.set(inp.x, pXin >> 2);
    moveRows(heap, pXin, pXH, T, B, I, W, batchFirst, true);
    v.set(inp.wIh, pWih >> 2);
    v.set(inp.wHh, pWhh >> 2);
    for (let j = 0; j < G; j++) v[(pBias >> 2) + j] = inp.bIh[j] + inp.bHh[j];
    if (inp.mask) v.set(inp.mask, pMask >> 2);
    // B operand [W_ihᵀ ; W_hhᵀ] [in + H, 4H], packed straight from PyTorch's layout.
    k.pack_b(pWih, I, I, G, pWP, 1, W);
    k.pack_b(pWhh, H, H, G, pWP + I * GEMM_NR * 4, 1, W);
    const t0 = timeOf(0, T, reverse);
    const c0At = (pC >> 2) + t0 * BH;
    // h0 goes beside x_{t0} in XH (via pHn as staging).
    if (inp.h0) v.set(inp.h0, pHn >> 2);
    else v.fill(0, pHn >> 2, (pHn >> 2) + BH);
    k.copy_rows(pHn, H * 4, pXH + (t0 * B * W + I) * 4, W * 4, B, H);
    if (inp.c0) v.set(inp.c0, c0At);
    else v.fill(0, c0At, c0At + BH);
    const outStride = (batchFirst ? T * H : H) * 4;
    const gemmXH = heap.gemmNn(W);
    for (let s = 0; s < T; s++) {
      const t = timeOf(s, T, reverse);
      const last = s === T - 1;
      const tn = last ? 0 : timeOf(s + 1, T, reverse);
      const xh = pXH + t * B * W * 4;
      const hNext = (last ? pHlast : pXH + tn * B * W * 4) + I * 4;
      const cNext = last ? pCn : pC + tn * BH * 4;
      const gates = pAct + t * B * G * 4;
      gemmXH(xh, W, pWP, gates, G, B, G, W, 0);
      const out = pOut + t * (batchFirst ? H : BH) * 4;
      k.cell_fwd(gates, pBias, xh + I * 4, pC + t * BH * 4, pTc + t * BH * 4, out, outStride, hNext, W * 4, cNext, inp.mask ? pMask + t * B * 4 : 0, B, H);
    }
    k.copy_rows(pHlast + I * 4, W * 4, pHn, H * 4, B, H);
    const w = heap.view;
    const result: SeqForwardResult = {
      output: w.slice(pOut >> 2, (pOut >> 2) + TB * H),
      hN: w.slice(pHn >> 2, (pHn >> 2) + BH),
      cN: w.slice(pCn >> 2, (pCn >> 2) + BH),
      tape: null,
    };
    if (keepTape) {
      const ptr = { xh: pXH, wIh: pWih, wHh: pWhh, act: pAct, cPrev: pC, tc: pTc, mask: inp.mask ? pMask : 0 };
      result.tape = new SeqTape(heap, shape, reverse, block, ptr);
      kept = true;
    }
    return result;
  } finally {
    heap.release(scratch);
    if (!kept) heap.release(block);
  }
}

/** Rows of dG per weight-gradient product (keeps the streamed operands cache-resident). */
const K_BLOCK = 256;

/**
 * Consumes the tape: gradients of the inputs given those of the outputs. `inputGrad` and `stateGrad` say
 * whether d x and d h0 / d c0 are wanted (each saves a product).
 */
export function seqBackward(heap: WasmHeap, tape: SeqTape, dys: SeqOutputGrads, inputGrad: boolean, stateGrad: boolean): SeqGrads {
  if (tape.released) throw new Error('LSTM kernel: the forward tape was already used or released');
  const { steps: T, batch: B, inSize: I, hidden: H, batchFirst } = tape.shape;
  const G = 4 * H;
  const TB = T * B;
  const BH = B * H;
  const p = tape.ptr;
  const W = I + H;
  const kb = Math.min(K_BLOCK, TB);
  const dxSize = inputGrad ? TB * I : 0;
  const sizes = [
    dys.dOut ? TB * H : H, BH, BH, BH, G * W, G, dxSize, panels(G, H), panels(kb, W), inputGrad ? panels(G, I) : 0, G * I, G * H, dxSize,
    panels(kb, G),
  ];
  const scratch = heap.alloc(total(sizes));
  const [pDout, pDhA, pDhB, pDc, pDw, pDb, pDx, pWhhP, pXHP, pWihP, pDwih, pDwhh, pDxOut, pDgP] = layout(scratch, sizes);
  const k = heap.k;
  try {
    const v = heap.view;
    // A missing output gradient is one zero row read with stride 0.
    if (dys.dOut) v.set(dys.dOut, pDout >> 2);
    else v.fill(0, pDout >> 2, (pDout >> 2) + H);
    const outStride = dys.dOut ? (batchFirst ? T * H : H) * 4 : 0;
    if (dys.dhN) v.set(dys.dhN, pDhA >> 2);
    else v.fill(0, pDhA >> 2, (pDhA >> 2) + BH);
    if (dys.dcN) v.set(dys.dcN, pDc >> 2);
    else v.fill(0, pDc >> 2, (pDc >> 2) + BH);
    k.pack_b(p.wHh, H, G, H, pWhhP, 0, G);
    const gemmDG = heap.gemmNn(G);
    let dH = pDhA;
    let dHnext = pDhB;
    for (let s = T - 1; s >= 0; s--) {
      const t = timeOf(s, T, tape.reverse);
      const dG = p.act + t * B * G * 4;
      const dOut = dys.dOut ? pDout + t * (batchFirst ? H : BH) * 4 : pDout;
      k.cell_bwd(dG, dH, dOut, outStride, pDc, p.cPrev + t * BH * 4, p.tc + t * BH * 4, p.mask ? p.mask + t * B * 4 : 0, dHnext, B, H);
      if (s > 0 || stateGrad) gemmDG(dG, G, pWhhP, dHnext, H, B, H, G, p.mask ? 1 : 0);
      [dH, dHnext] = [dHnext, dH];
    }
    // Both weight gradients at once, dGᵀ·XH = [dW_ih | dW_hh], over blocks of rows that stay cache-resident.
    // dG is packed too (panels of GEMM_NR columns, each read as strips of 4 rows of dGᵀ with depth stride
    // GEMM_NR), so both operands stream contiguously.
    for (let r0 = 0; r0 < TB; r0 += kb) {
      const rows = Math.min(kb, TB - r0);
      k.pack_b(p.xh + r0 * W * 4, W, rows, W, pXHP, 0, rows);
      k.pack_b(p.act + r0 * G * 4, G, rows, G, pDgP, 0, rows);
      for (let m0 = 0; m0 < G; m0 += 4) {
        const panel = pDgP + Math.floor(m0 / GEMM_NR) * rows * GEMM_NR * 4 + (m0 % GEMM_NR) * 4;
        k.gemm_tn(panel, GEMM_NR, pXHP, pDw + m0 * W * 4, W, Math.min(4, G - m0), W, rows, r0 > 0 ? 1 : 0);
      }
    }
    k.colsum(p.act, TB, G, pDb);
    if (inputGrad) {
      k.pack_b(p.wIh, I, G, I, pWihP, 0, G);
      gemmDG(p.act, G, pWihP, pDx, I, TB, I, G, 0);
    }
    k.copy_rows(pDw, W * 4, pDwih, I * 4, G, I);
    k.copy_rows(pDw + I * 4, W * 4, pDwhh, H * 4, G, H);
    if (inputGrad) moveRows(heap, pDxOut, pDx, T, B, I, I, batchFirst, false);
    const w = heap.view;
    const take = (ptr: number, n: number) => w.slice(ptr >> 2, (ptr >> 2) + n);
    return {
      dx: inputGrad ? take(pDxOut, TB * I) : null,
      dWih: take(pDwih, G * I),
      dWhh: take(pDwhh, G * H),
      dBias: take(pDb, G),
      dh0: stateGrad ? take(dH, BH) : null,
      dc0: stateGrad ? take(pDc, BH) : null,
    };
  } finally {
    heap.release(scratch);
    tape.release();
  }
}
