/**
 * The LSTM cell's element-wise work as WebAssembly SIMD (PyTorch gate order i, f, g, o), one time step for
 * the whole batch per call, plus column sums and a strided row copy. Pointers are byte offsets.
 *
 *   cell_fwd(gates, bias, hPrev, cPrev, tc, out, outStride, hNext, hStride, cNext, mask, B, H)
 *     gates [B, 4H] + bias [4H] are the pre-activations; gates is overwritten with σ(i), σ(f), tanh(g), σ(o)
 *     (the tape); c = f⊙cPrev + i⊙g, tc = tanh(c), h = o⊙tc; out = h (rows outStride bytes apart),
 *     hNext = h (hPrev and hNext rows hStride bytes apart), cNext = c. A row whose mask value is 0
 *     (mask = 0: no mask) keeps its state (hNext = hPrev, cNext = cPrev) and outputs 0.
 *   cell_bwd(act, dHin, dOut, outStride, dC, cPrev, tc, mask, dHcarry, B, H)
 *     dh = dHin + dOut (dOut rows outStride bytes apart); dc = dC + dh⊙o⊙(1 − tc²); act is overwritten
 *     with the gate-pre-activation gradient [di, df, dg, do]; dC ← dc⊙f. With a mask, dHcarry gets the part
 *     of d h_{t−1} that bypasses the step (dHin on masked rows, 0 elsewhere) and masked rows get dG = 0,
 *     dC unchanged.
 *   colsum(src, rows, cols, dst)      dst[j] = Σ_r src[r, j]
 *   copy_rows(src, srcStride, dst, dstStride, rows, width)   `rows` rows of `width` floats (strides in bytes)
 *
 * σ(x) = 1 / (1 + e^−x) and tanh(x) = 2 / (1 + e^−2x) − 1 with a polynomial exp (relative error ≤ 2.1e-7,
 * so σ and tanh are within ~3e-7 of the exact values).
 */
import type { FunctionBuilder, ModuleBuilder } from './wasm-encoder.js';

interface ExpTemps {
  x: number;
  fx: number;
  k: number;
  r2: number;
}

/**
 * exp of the f32x4 on the stack → its exp on the stack. e^x = 2^n · e^r with n = round(x / ln 2) and
 * |r| ≤ ln2 / 2; e^r ≈ 1 + r + r²·(c0 + c1·r + c2·r² + c3·r³), a minimax fit evaluated in Estrin's form
 * (short dependency chains). Relative error ≤ 2.1e-7 over the clamped range [−87.3, 88.4].
 */
function emitExp(f: FunctionBuilder, t: ExpTemps): void {
  f.f32x4(-87.33654).op('f32x4.pmax').f32x4(88.37626).op('f32x4.pmin').set(t.x);
  // n = round(x / ln 2) without a rounding instruction: adding 1.5·2^23 leaves n in the low mantissa bits
  // (kept in `k`), subtracting it again gives n as a float.
  f.get(t.x).f32x4(1.44269504088896341).op('f32x4.mul').f32x4(12582912).op('f32x4.add').set(t.k);
  f.get(t.k).f32x4(12582912).op('f32x4.sub').set(t.fx);
  // r = x − n·ln2 in two parts (Cody–Waite) so r keeps its precision.
  f.get(t.x).get(t.fx).f32x4(0.693359375).op('f32x4.mul').op('f32x4.sub');
  f.get(t.fx).f32x4(-2.12194440e-4).op('f32x4.mul').op('f32x4.sub').set(t.x);
  f.get(t.x).get(t.x).op('f32x4.mul').set(t.r2);
  f.f32x4(0.16667114).get(t.x).op('f32x4.mul').f32x4(0.49999232).op('f32x4.add');
  f.get(t.r2).f32x4(0.00831253).get(t.x).op('f32x4.mul').f32x4(0.04189012).op('f32x4.add').op('f32x4.mul');
  f.op('f32x4.add').get(t.r2).op('f32x4.mul');
  f.get(t.x).f32x4(1).op('f32x4.add').op('f32x4.add');
  // 2^n for n in [−126, 127]: (n << 23) from k's low bits, plus the exponent bias 127 << 23 (the bits of 1.0f).
  f.get(t.k).i32(23).op('i32x4.shl').f32x4(1).op('i32x4.add');
  f.op('f32x4.mul');
}

/** tanh(v): `load` pushes v. */
function emitTanh(f: FunctionBuilder, t: ExpTemps, load: () => void): void {
  f.f32x4(2);
  load();
  f.f32x4(-2).op('f32x4.mul');
  emitExp(f, t);
  f.f32x4(1).op('f32x4.add').op('f32x4.div').f32x4(1).op('f32x4.sub');
}

interface ChainTemps extends ExpTemps {
  q: number;
}

/**
 * The statements of `emitExp` on locals (t.x in, t.x out), so several independent chains can be emitted
 * statement by statement, interleaved: the CPU then overlaps their latencies.
 */
function expStatements(f: FunctionBuilder, t: ChainTemps): (() => void)[] {
  return [
    () => f.get(t.x).f32x4(-87.33654).op('f32x4.pmax').f32x4(88.37626).op('f32x4.pmin').set(t.x),
    () => f.get(t.x).f32x4(1.44269504088896341).op('f32x4.mul').f32x4(12582912).op('f32x4.add').set(t.k),
    () => f.get(t.k).f32x4(12582912).op('f32x4.sub').set(t.fx),
    () => f.get(t.x).get(t.fx).f32x4(0.693359375).op('f32x4.mul').op('f32x4.sub').set(t.x),
    () => f.get(t.x).get(t.fx).f32x4(-2.12194440e-4).op('f32x4.mul').op('f32x4.sub').set(t.x),
    () => f.get(t.x).get(t.x).op('f32x4.mul').set(t.r2),
    () => f.f32x4(0.16667114).get(t.x).op('f32x4.mul').f32x4(0.49999232).op('f32x4.add').set(t.fx),
    () => f.f32x4(0.00831253).get(t.x).op('f32x4.mul').f32x4(0.04189012).op('f32x4.add').get(t.r2).op('f32x4.mul').set(t.q),
    () => f.get(t.q).get(t.fx).op('f32x4.add').get(t.r2).op('f32x4.mul').set(t.q),
    () => f.get(t.q).get(t.x).f32x4(1).op('f32x4.add').op('f32x4.add').set(t.x),
    () => f.get(t.x).get(t.k).i32(23).op('i32x4.shl').f32x4(1).op('i32x4.add').op('f32x4.mul').set(t.x),
  ];
}

/** Runs several statement lists round-robin. */
function interleave(chains: (() => void)[][]): void {
  const n = Math.max(...chains.map((c) => c.length));
  for (let i = 0; i < n; i++) for (const c of chains) c[i]?.();
}

/** Vector (4 lanes) or tail (1 lane) access to base + jb. */
class Lanes {
  constructor(
    readonly f: FunctionBuilder,
    readonly jb: number,
    readonly vec: boolean,
    /** Constant byte offset added to jb. */
    readonly offset = 0,
  ) {}

  load(base: number): void {
    this.f.get(base).get(this.jb).op('i32.add').mem(this.vec ? 'v128.load' : 'v128.load32_splat', this.offset);
  }

  /** Stores the v128 in local `value` at base + jb. */
  store(base: number, value: number): void {
    this.f.get(base).get(this.jb).op('i32.add').get(value);
    if (this.vec) this.f.mem('v128.store', this.offset);
    else this.f.lane('f32x4.extract_lane', 0).mem('f32.store', this.offset);
  }

  /** Runs `body` over jb = 0 .. end − 1 in steps of 16 bytes (vector) or 4 bytes (tail), from jb's current value. */
  static loop(f: FunctionBuilder, jb: number, end: number, body: (l: Lanes) => void): void {
    for (const vec of [true, false]) {
      const step = vec ? 16 : 4;
      f.block().loop();
      f.get(jb).i32(step).op('i32.add').get(end).op('i32.gt_s').brIf(1);
      body(new Lanes(f, jb, vec));
      f.get(jb).i32(step).op('i32.add').set(jb);
      f.br(0).end().end();
    }
  }
}

/** for (i = 0; i < n; i++) { body } */
function forCount(f: FunctionBuilder, i: number, n: number, body: () => void): void {
  f.i32(0).set(i);
  f.block().loop();
  f.get(i).get(n).op('i32.ge_s').brIf(1);
  body();
  f.get(i).i32(1).op('i32.add').set(i);
  f.br(0).end().end();
}

function addTo(f: FunctionBuilder, local: number, amount: number): void {
  f.get(local).get(amount).op('i32.add').set(local);
}

/**
 * In place over `bytes` bytes: v ← σ(v + bias) or tanh(v + bias), two vectors at a time with their exp
 * chains interleaved. An internal function of the module.
 */
function activation(mod: ModuleBuilder, kind: 'sigmoid' | 'tanh'): FunctionBuilder {
  const f = mod.func(null, ['i32', 'i32', 'i32']);
  const [ptr, bias, bytes] = [0, 1, 2];
  const jb = f.local('i32');
  const temps = [0, 1].map(() => ({ x: f.local('v128'), fx: f.local('v128'), k: f.local('v128'), r2: f.local('v128'), q: f.local('v128') }));
  // σ(v) = 1 / (1 + e^−v); tanh(v) = 2 / (1 + e^−2v) − 1.
  const scale = kind === 'sigmoid' ? -1 : -2;
  const body = (lanes: Lanes[]) => {
    lanes.forEach((l, i) => {
      l.load(ptr);
      l.load(bias);
      f.op('f32x4.add').f32x4(scale).op('f32x4.mul').set(temps[i].x);
    });
    interleave(lanes.map((_, i) => expStatements(f, temps[i])));
    lanes.forEach((l, i) => {
      const x = temps[i].x;
      f.f32x4(-scale).get(x).f32x4(1).op('f32x4.add').op('f32x4.div');
      if (kind === 'tanh') f.f32x4(1).op('f32x4.sub');
      f.set(x);
      l.store(ptr, x);
    });
  };
  f.i32(0).set(jb);
  // Pairs of vectors, then single vectors, then single floats.
  f.block().loop();
  f.get(jb).i32(32).op('i32.add').get(bytes).op('i32.gt_s').brIf(1);
  body([new Lanes(f, jb, true, 0), new Lanes(f, jb, true, 16)]);
  f.get(jb).i32(32).op('i32.add').set(jb);
  f.br(0).end().end();
  Lanes.loop(f, jb, bytes, (l) => body([l]));
  return f;
}

function cellForward(mod: ModuleBuilder): void {
  const sigmoid = mod.indexOf(activation(mod, 'sigmoid'));
  const tanh = mod.indexOf(activation(mod, 'tanh'));
  const f = mod.func('cell_fwd', Array(13).fill('i32'));
  const [gates, bias, hPrev, cPrev, tc, out, outStride, hNext, hStride, cNext, mask, B, H] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [b, rowH, jb, gF, gG, gO, bG, bO, live] = Array.from({ length: 9 }, () => f.local('i32'));
  const [vc, vt, vh] = Array.from({ length: 3 }, () => f.local('v128'));
  const t = { x: f.local('v128'), fx: f.local('v128'), k: f.local('v128'), r2: f.local('v128') };
  f.get(H).i32(2).op('i32.shl').set(rowH);
  f.get(bias).get(rowH).i32(2).op('i32.mul').op('i32.add').set(bG);
  f.get(bG).get(rowH).op('i32.add').set(bO);
  forCount(f, b, B, () => {
    f.i32(1).set(live);
    f.get(mask).if_().get(mask).mem('f32.load').f32(0).op('f32.ne').set(live).end();
    f.get(gates).get(rowH).op('i32.add').set(gF);
    f.get(gF).get(rowH).op('i32.add').set(gG);
    f.get(gG).get(rowH).op('i32.add').set(gO);
    f.i32(0).set(jb);
    f.get(live).if_();
    // Gate activations in place: σ over i and f, tanh over g, σ over o; then the state update.
    f.get(gates).get(bias).get(rowH).i32(1).op('i32.shl').call(sigmoid);
    f.get(gG).get(bG).get(rowH).call(tanh);
    f.get(gO).get(bO).get(rowH).call(sigmoid);
    Lanes.loop(f, jb, rowH, (l) => {
      l.load(gF);
      l.load(cPrev);
      f.op('f32x4.mul');
      l.load(gates);
      l.load(gG);
      f.op('f32x4.mul').op('f32x4.add').set(vc);
      l.store(cNext, vc);
      emitTanh(f, t, () => f.get(vc));
      f.set(vt);
      l.store(tc, vt);
      l.load(gO);
      f.get(vt).op('f32x4.mul').set(vh);
      l.store(out, vh);
      l.store(hNext, vh);
    });
    f.else_();
    // Padded step: keep the state, output zero.
    Lanes.loop(f, jb, rowH, (l) => {
      l.load(hPrev);
      f.set(vh);
      l.store(hNext, vh);
      l.load(cPrev);
      f.set(vc);
      l.store(cNext, vc);
      f.f32x4(0).set(vh);
      l.store(out, vh);
    });
    f.end();
    f.get(gates).get(rowH).i32(4).op('i32.mul').op('i32.add').set(gates);
    for (const p of [cPrev, tc, cNext]) addTo(f, p, rowH);
    addTo(f, hPrev, hStride);
    addTo(f, hNext, hStride);
    addTo(f, out, outStride);
    f.get(mask).if_().get(mask).i32(4).op('i32.add').set(mask).end();
  });
}

function cellBackward(mod: ModuleBuilder): void {
  const f = mod.func('cell_bwd', Array(11).fill('i32'));
  const [act, dHin, dOut, outStride, dC, cPrev, tc, mask, dHcarry, B, H] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [b, rowH, rowG, jb, gF, gG, gO, live] = Array.from({ length: 8 }, () => f.local('i32'));
  const [vi, vf, vg, vo, vt, vdh, vdc, tmp] = Array.from({ length: 8 }, () => f.local('v128'));
  f.get(H).i32(2).op('i32.shl').set(rowH);
  f.get(rowH).i32(2).op('i32.shl').set(rowG);
  forCount(f, b, B, () => {
    f.i32(1).set(live);
    f.get(mask).if_();
    f.get(mask).mem('f32.load').f32(0).op('f32.ne').set(live);
    f.i32(0).set(jb);
    // dHcarry = dHin on padded rows, 0 on live rows.
    Lanes.loop(f, jb, rowH, (l) => {
      f.get(live).if_().f32x4(0).set(tmp).else_();
      l.load(dHin);
      f.set(tmp).end();
      l.store(dHcarry, tmp);
    });
    f.get(live).op('i32.eqz').if_();
    f.i32(0).set(jb);
    f.f32x4(0).set(tmp);
    Lanes.loop(f, jb, rowG, (l) => l.store(act, tmp));
    f.end();
    f.end();
    f.get(act).get(rowH).op('i32.add').set(gF);
    f.get(gF).get(rowH).op('i32.add').set(gG);
    f.get(gG).get(rowH).op('i32.add').set(gO);
    f.i32(0).set(jb);
    f.get(live).op('i32.eqz').if_().get(rowH).set(jb).end();
    Lanes.loop(f, jb, rowH, (l) => {
      for (const [p, v] of [[act, vi], [gF, vf], [gG, vg], [gO, vo], [tc, vt]] as const) {
        l.load(p);
        f.set(v);
      }
      l.load(dHin);
      l.load(dOut);
      f.op('f32x4.add').set(vdh);
      // dc = dC + dh·o·(1 − tc²)
      l.load(dC);
      f.get(vdh).get(vo).op('f32x4.mul').f32x4(1).get(vt).get(vt).op('f32x4.mul').op('f32x4.sub').op('f32x4.mul');
      f.op('f32x4.add').set(vdc);
      // di = dc·g·i·(1 − i)
      f.get(vdc).get(vg).op('f32x4.mul').get(vi).op('f32x4.mul').f32x4(1).get(vi).op('f32x4.sub').op('f32x4.mul').set(tmp);
      l.store(act, tmp);
      // df = dc·cPrev·f·(1 − f)
      f.get(vdc);
      l.load(cPrev);
      f.op('f32x4.mul').get(vf).op('f32x4.mul').f32x4(1).get(vf).op('f32x4.sub').op('f32x4.mul').set(tmp);
      l.store(gF, tmp);
      // dg = dc·i·(1 − g²)
      f.get(vdc).get(vi).op('f32x4.mul').f32x4(1).get(vg).get(vg).op('f32x4.mul').op('f32x4.sub').op('f32x4.mul').set(tmp);
      l.store(gG, tmp);
      // do = dh·tc·o·(1 − o)
      f.get(vdh).get(vt).op('f32x4.mul').get(vo).op('f32x4.mul').f32x4(1).get(vo).op('f32x4.sub').op('f32x4.mul').set(tmp);
      l.store(gO, tmp);
      f.get(vdc).get(vf).op('f32x4.mul').set(tmp);
      l.store(dC, tmp);
    });
    f.get(act).get(rowG).op('i32.add').set(act);
    for (const p of [dHin, dC, cPrev, tc, dHcarry]) addTo(f, p, rowH);
    addTo(f, dOut, outStride);
    f.get(mask).if_().get(mask).i32(4).op('i32.add').set(mask).end();
  });
}

function colsum(mod: ModuleBuilder): void {
  const f = mod.func('colsum', ['i32', 'i32', 'i32', 'i32']);
  const [src, rows, cols, dst] = [0, 1, 2, 3];
  const [jb, rowB, r, p] = Array.from({ length: 4 }, () => f.local('i32'));
  const sum = f.local('v128');
  f.get(cols).i32(2).op('i32.shl').set(rowB);
  f.i32(0).set(jb);
  Lanes.loop(f, jb, rowB, (l) => {
    f.f32x4(0).set(sum);
    f.get(src).get(jb).op('i32.add').set(p);
    forCount(f, r, rows, () => {
      f.get(sum).get(p).mem(l.vec ? 'v128.load' : 'v128.load32_splat').op('f32x4.add').set(sum);
      addTo(f, p, rowB);
    });
    l.store(dst, sum);
  });
}

function copyRows(mod: ModuleBuilder): void {
  const f = mod.func('copy_rows', Array(6).fill('i32'));
  const [src, srcStride, dst, dstStride, rows, width] = [0, 1, 2, 3, 4, 5];
  const [r, jb, bytes, v] = [f.local('i32'), f.local('i32'), f.local('i32'), f.local('v128')];
  f.get(width).i32(2).op('i32.shl').set(bytes);
  forCount(f, r, rows, () => {
    f.i32(0).set(jb);
    Lanes.loop(f, jb, bytes, (l) => {
      l.load(src);
      f.set(v);
      l.store(dst, v);
    });
    addTo(f, src, srcStride);
    addTo(f, dst, dstStride);
  });
}

/** Adds cell_fwd, cell_bwd, colsum and copy_rows to `mod`. */
export function addCellKernels(mod: ModuleBuilder): void {
  cellForward(mod);
  cellBackward(mod);
  colsum(mod);
  copyRows(mod);
}
