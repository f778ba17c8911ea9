/**
 * The LSTM kernel's matrix products, generated as WebAssembly SIMD. B is first packed into panels of
 * GEMM_NR columns (K rows × GEMM_NR contiguous floats, zero-padded past N), so the inner loop reads it with
 * constant offsets; A is read in place:
 *
 *   pack_b(src, ldb, K, N, dst, trans, panelRows)
 *        panels of B = src [K, N] (trans = 0) or srcᵀ with src [N, K] (trans = 1); panel j starts panelRows
 *        rows (≥ K) after panel j − 1, so two packs can stack [B1; B2] along K in one set of panels
 *   gemm_nn(a, lda, bp, c, ldc, M, N, K, acc)   C[M, N] (+)= A[M, K] · B,  A row-major with leading dim lda
 *   gemm_tn(a, lda, bp, c, ldc, M, N, K, acc)   C[M, N] (+)= Aᵀ · B,       A [K, M] row-major with leading dim lda
 *
 * Pointers are byte offsets; sizes and leading dimensions count floats; acc = 1 adds to C, 0 overwrites.
 * `addGemmNnFixedLda` builds a gemm_nn for one known lda: every A row is then a constant offset from one
 * pointer, which saves a pointer update per row and depth (~10 % on the LSTM's per-step products).
 * With `fma`, the multiply-adds are relaxed SIMD's f32x4.relaxed_madd (one fused instruction where the CPU
 * has FMA: ~25 % faster here); without it, f32x4.mul + f32x4.add.
 * Register tiles are GEMM_MR rows × GEMM_NR columns (GEMM_NR / 4 f32x4 accumulators per row, broadcast A,
 * no spills within V8's 15 usable vector registers). A partial last panel (N not a multiple of GEMM_NR)
 * goes through a staging tile at TILE_SCRATCH so C is never written past column N.
 */
import type { FunctionBuilder, ModuleBuilder } from './wasm-encoder.js';

/** Rows per register tile. */
const GEMM_MR = 4;
/** f32x4 vectors per tile row; GEMM_NR = 4 · GEMM_NV columns per panel. */
const GEMM_NV = 2;
export const GEMM_NR = 4 * GEMM_NV;
/** Byte offset of the staging tile for partial panels (GEMM_MR × GEMM_NR floats); kept out of the allocator. */
const TILE_SCRATCH = 0;
/** Bytes at the start of memory reserved for TILE_SCRATCH (pointer 0 never refers to allocated data). */
export const RESERVED_BYTES = 256;

const ROW_BYTES = 4 * GEMM_NR;

type Mode = 'nn' | 'tn';

/** Emits: for (i = 0; i < n; i++) body. */
function forCount(f: FunctionBuilder, i: number, n: number, body: () => void): void {
  f.i32(0).set(i);
  f.block().loop();
  f.get(i).get(n).op('i32.ge_s').brIf(1);
  body();
  f.get(i).i32(1).op('i32.add').set(i);
  f.br(0).end().end();
}

/**
 * tile(a, lda4, panel, c, ldc4, K, acc, cols): rows m .. m + mr − 1 (a points at row m) × one panel;
 * `cols` (1..GEMM_NR) columns of C are valid.
 */
function tile(mod: ModuleBuilder, mode: Mode, mr: number, fixedLda: number, fma: boolean): FunctionBuilder {
  const f = mod.func(null, Array(8).fill('i32'));
  const [a, lda4, panel, c, ldc4, K, acc, cols] = [0, 1, 2, 3, 4, 5, 6, 7];
  // One A pointer when the rows are contiguous at each depth (tn) or a constant stride apart (fixed lda).
  const onePointer = mode === 'tn' || fixedLda > 0;
  const ap = Array.from({ length: onePointer ? 1 : mr }, () => f.local('i32'));
  const [bq, aEnd, row, col] = [0, 0, 0, 0].map(() => f.local('i32'));
  const accs = Array.from({ length: mr }, () => Array.from({ length: GEMM_NV }, () => f.local('v128')));
  const bv = Array.from({ length: GEMM_NV }, () => f.local('v128'));
  const s = f.local('v128');
  const full = () => f.get(cols).i32(GEMM_NR).op('i32.eq');
  const rowPtr = (r: number) => f.get(c).get(ldc4).i32(r).op('i32.mul').op('i32.add').set(row);
  /** Copies the valid columns of row r between C and the staging tile. */
  const stage = (r: number, toScratch: boolean) => {
    rowPtr(r);
    forCount(f, col, cols, () => {
      const cAddr = () => f.get(row).get(col).i32(2).op('i32.shl').op('i32.add');
      const sAddr = () => f.get(col).i32(2).op('i32.shl').i32(TILE_SCRATCH + ROW_BYTES * r).op('i32.add');
      (toScratch ? sAddr : cAddr)();
      (toScratch ? cAddr : sAddr)();
      f.mem('f32.load').mem('f32.store');
    });
  };

  for (let r = 0; r < ap.length; r++) {
    f.get(a);
    if (r > 0) f.get(lda4).i32(r).op('i32.mul').op('i32.add');
    f.set(ap[r]);
  }
  f.get(panel).set(bq);
  // The loop ends when A's pointer has moved K depths.
  f.get(a).get(K);
  if (mode === 'nn') f.i32(2).op('i32.shl');
  else f.get(lda4).op('i32.mul');
  f.op('i32.add').set(aEnd);
  // Accumulators: C (acc = 1, through the staging tile for a partial panel) or zero.
  f.get(acc).if_();
  full().if_();
  for (let r = 0; r < mr; r++) {
    rowPtr(r);
    for (let v = 0; v < GEMM_NV; v++) f.get(row).mem('v128.load', 16 * v).set(accs[r][v]);
  }
  f.else_();
  for (let r = 0; r < mr; r++) {
    stage(r, true);
    for (let v = 0; v < GEMM_NV; v++) f.i32(TILE_SCRATCH + ROW_BYTES * r).mem('v128.load', 16 * v).set(accs[r][v]);
  }
  f.end();
  f.else_();
  for (let r = 0; r < mr; r++) for (let v = 0; v < GEMM_NV; v++) f.f32x4(0).set(accs[r][v]);
  f.end();

  // One depth per iteration: GEMM_NV loads of B, mr broadcasts of A, mr · GEMM_NV multiply-adds.
  f.block().loop();
  f.get(ap[0]).get(aEnd).op('i32.eq').brIf(1);
  for (let v = 0; v < GEMM_NV; v++) f.get(bq).mem('v128.load', 16 * v).set(bv[v]);
  for (let r = 0; r < mr; r++) {
    if (mode === 'tn') f.get(ap[0]).mem('v128.load32_splat', 4 * r);
    else if (fixedLda > 0) f.get(ap[0]).mem('v128.load32_splat', 4 * r * fixedLda);
    else f.get(ap[r]).mem('v128.load32_splat');
    f.set(s);
    for (let v = 0; v < GEMM_NV; v++) {
      if (fma) f.get(s).get(bv[v]).get(accs[r][v]).op('f32x4.relaxed_madd');
      else f.get(accs[r][v]).get(s).get(bv[v]).op('f32x4.mul').op('f32x4.add');
      f.set(accs[r][v]);
    }
  }
  if (mode === 'nn') for (let r = 0; r < ap.length; r++) f.get(ap[r]).i32(4).op('i32.add').set(ap[r]);
  else f.get(ap[0]).get(lda4).op('i32.add').set(ap[0]);
  f.get(bq).i32(ROW_BYTES).op('i32.add').set(bq);
  f.br(0).end().end();

  full().if_();
  for (let r = 0; r < mr; r++) {
    rowPtr(r);
    for (let v = 0; v < GEMM_NV; v++) f.get(row).get(accs[r][v]).mem('v128.store', 16 * v);
  }
  f.else_();
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < GEMM_NV; v++) f.i32(TILE_SCRATCH + ROW_BYTES * r).get(accs[r][v]).mem('v128.store', 16 * v);
    stage(r, false);
  }
  f.end();
  return f;
}

function driver(mod: ModuleBuilder, mode: Mode, fma: boolean, fixedLda = 0): void {
  const tiles = Array.from({ length: GEMM_MR }, (_, i) => tile(mod, mode, i + 1, fixedLda, fma));
  const f = mod.func(`gemm_${mode}`, Array(9).fill('i32'));
  const [a, lda, bp, c, ldc, M, N, K, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [n0, m, panel, cols, rowStep] = [0, 0, 0, 0, 0].map(() => f.local('i32'));
  f.get(lda).i32(2).op('i32.shl').set(lda);
  f.get(ldc).i32(2).op('i32.shl').set(ldc);
  // Moving one row down A: lda floats (nn) or one float (tn).
  if (mode === 'nn') f.get(lda).set(rowStep);
  else f.i32(4).set(rowStep);
  f.get(bp).set(panel);
  f.i32(0).set(n0);
  f.block().loop();
  f.get(n0).get(N).op('i32.ge_s').brIf(1);
  f.get(N).get(n0).op('i32.sub').set(cols);
  f.get(cols).i32(GEMM_NR).op('i32.gt_s').if_().i32(GEMM_NR).set(cols).end();
  const call = (t: FunctionBuilder) => {
    f.get(a).get(m).get(rowStep).op('i32.mul').op('i32.add');
    f.get(lda).get(panel);
    f.get(c).get(m).get(ldc).op('i32.mul').op('i32.add').get(n0).i32(2).op('i32.shl').op('i32.add');
    f.get(ldc).get(K).get(acc).get(cols).call(mod.indexOf(t));
  };
  f.i32(0).set(m);
  f.block().loop();
  f.get(m).i32(GEMM_MR).op('i32.add').get(M).op('i32.gt_s').brIf(1);
  call(tiles[GEMM_MR - 1]);
  f.get(m).i32(GEMM_MR).op('i32.add').set(m);
  f.br(0).end().end();
  for (let rest = 1; rest < GEMM_MR; rest++) {
    f.get(M).get(m).op('i32.sub').i32(rest).op('i32.eq').if_();
    call(tiles[rest - 1]);
    f.end();
  }
  f.get(panel).get(K).i32(ROW_BYTES).op('i32.mul').op('i32.add').set(panel);
  f.get(n0).i32(GEMM_NR).op('i32.add').set(n0);
  f.br(0).end().end();
}

function packB(mod: ModuleBuilder): void {
  const f = mod.func('pack_b', Array(7).fill('i32'));
  const [src, ldb, K, N, dst, trans, panelRows] = [0, 1, 2, 3, 4, 5, 6];
  const [n0, k, col, n, ldb4, sp, dp, wide] = Array.from({ length: 8 }, () => f.local('i32'));
  f.get(ldb).i32(2).op('i32.shl').set(ldb4);
  f.i32(GEMM_NR).set(wide);
  f.i32(0).set(n0);
  f.block().loop();
  f.get(n0).get(N).op('i32.ge_s').brIf(1);
  f.get(n0).i32(GEMM_NR).op('i32.add').get(N).op('i32.le_s').if_();
  // A whole panel.
  f.get(trans).if_();
  // Panel row k = src[n0 .. n0 + NR − 1, k]: NR loads ldb apart.
  forCount(f, k, K, () => {
    f.get(src).get(n0).get(ldb4).op('i32.mul').op('i32.add').get(k).i32(2).op('i32.shl').op('i32.add').set(sp);
    for (let j = 0; j < GEMM_NR; j++) {
      f.get(dst).get(sp).mem('f32.load').mem('f32.store', 4 * j);
      if (j < GEMM_NR - 1) f.get(sp).get(ldb4).op('i32.add').set(sp);
    }
    f.get(dst).i32(ROW_BYTES).op('i32.add').set(dst);
  });
  f.else_();
  // Panel row k = src[k, n0 .. n0 + NR − 1]: a straight copy.
  forCount(f, k, K, () => {
    f.get(src).get(k).get(ldb4).op('i32.mul').op('i32.add').get(n0).i32(2).op('i32.shl').op('i32.add').set(sp);
    for (let v = 0; v < GEMM_NV; v++) f.get(dst).get(sp).mem('v128.load', 16 * v).mem('v128.store', 16 * v);
    f.get(dst).i32(ROW_BYTES).op('i32.add').set(dst);
  });
  f.end();
  f.else_();
  // The partial last panel, zero-padded.
  forCount(f, k, K, () => {
    forCount(f, col, wide, () => {
      f.get(n0).get(col).op('i32.add').set(n);
      f.get(dst).get(col).i32(2).op('i32.shl').op('i32.add').set(dp);
      f.get(n).get(N).op('i32.lt_s').if_();
      f.get(trans).if_();
      f.get(n).get(ldb).op('i32.mul').get(k).op('i32.add').set(sp);
      f.else_();
      f.get(k).get(ldb).op('i32.mul').get(n).op('i32.add').set(sp);
      f.end();
      f.get(dp).get(src).get(sp).i32(2).op('i32.shl').op('i32.add').mem('f32.load').mem('f32.store');
      f.else_();
      f.get(dp).f32(0).mem('f32.store');
      f.end();
    });
    f.get(dst).i32(ROW_BYTES).op('i32.add').set(dst);
  });
  f.end();
  f.get(dst).get(panelRows).get(K).op('i32.sub').i32(ROW_BYTES).op('i32.mul').op('i32.add').set(dst);
  f.get(n0).i32(GEMM_NR).op('i32.add').set(n0);
  f.br(0).end().end();
}

/** Adds pack_b, gemm_nn and gemm_tn to `mod`. */
export function addGemm(mod: ModuleBuilder, fma: boolean): void {
  packB(mod);
  driver(mod, 'nn', fma);
  driver(mod, 'tn', fma);
}

/** Adds `gemm_nn` for A's leading dimension fixed at `lda` (the lda argument must equal it). */
export function addGemmNnFixedLda(mod: ModuleBuilder, lda: number, fma: boolean): void {
  if (!Number.isInteger(lda) || lda < 1) throw new Error(`gemm: fixed lda must be a positive integer, got ${lda}`);
  driver(mod, 'nn', fma, lda);
}
