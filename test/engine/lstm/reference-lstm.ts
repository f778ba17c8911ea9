/**
 * A plain float64 LSTM (PyTorch gate order and packed-sequence masking), forward and backward through time,
 * written as directly as possible from the equations: the yardstick for the WebAssembly kernel.
 */

export interface RefShape {
  steps: number;
  batch: number;
  inSize: number;
  hidden: number;
  batchFirst: boolean;
}

export interface RefInput {
  x: ArrayLike<number>;
  wIh: ArrayLike<number>;
  wHh: ArrayLike<number>;
  bIh: ArrayLike<number>;
  bHh: ArrayLike<number>;
  h0: ArrayLike<number> | null;
  c0: ArrayLike<number> | null;
  /** [T, B], 1 = real step. */
  mask: ArrayLike<number> | null;
}

export interface RefResult {
  output: Float64Array;
  hN: Float64Array;
  cN: Float64Array;
  dx: Float64Array;
  dWih: Float64Array;
  dWhh: Float64Array;
  dBias: Float64Array;
  dh0: Float64Array;
  dc0: Float64Array;
}

const sig = (v: number) => 1 / (1 + Math.exp(-v));

/** Forward, then backward for the output gradients dOut (layout of the output), dhN, dcN. */
export function referenceLstm(
  s: RefShape,
  inp: RefInput,
  reverse: boolean,
  dys: { dOut: ArrayLike<number>; dhN: ArrayLike<number>; dcN: ArrayLike<number> },
): RefResult {
  const { steps: T, batch: B, inSize: I, hidden: H, batchFirst } = s;
  const G = 4 * H;
  const xAt = (t: number, b: number, i: number) => inp.x[(batchFirst ? b * T + t : t * B + b) * I + i];
  const outIdx = (t: number, b: number, j: number) => (batchFirst ? b * T + t : t * B + b) * H + j;
  const order = Array.from({ length: T }, (_, t) => (reverse ? T - 1 - t : t));
  let h = Float64Array.from({ length: B * H }, (_, k) => (inp.h0 ? inp.h0[k] : 0));
  let c = Float64Array.from({ length: B * H }, (_, k) => (inp.c0 ? inp.c0[k] : 0));
  const output = new Float64Array(T * B * H);
  const tape: { t: number; hPrev: Float64Array; cPrev: Float64Array; act: Float64Array; tc: Float64Array }[] = [];
  for (const t of order) {
    const act = new Float64Array(B * G);
    const tc = new Float64Array(B * H);
    const hNew = Float64Array.from(h);
    const cNew = Float64Array.from(c);
    for (let b = 0; b < B; b++) {
      const live = inp.mask ? inp.mask[t * B + b] !== 0 : true;
      for (let g = 0; g < G; g++) {
        let z = inp.bIh[g] + inp.bHh[g];
        for (let i = 0; i < I; i++) z += inp.wIh[g * I + i] * xAt(t, b, i);
        for (let j = 0; j < H; j++) z += inp.wHh[g * H + j] * h[b * H + j];
        act[b * G + g] = g >= 2 * H && g < 3 * H ? Math.tanh(z) : sig(z);
      }
      for (let j = 0; j < H; j++) {
        const [ig, fg, gg, og] = [0, 1, 2, 3].map((q) => act[b * G + q * H + j]);
        const cv = fg * c[b * H + j] + ig * gg;
        tc[b * H + j] = Math.tanh(cv);
        if (live) {
          cNew[b * H + j] = cv;
          hNew[b * H + j] = og * tc[b * H + j];
          output[outIdx(t, b, j)] = hNew[b * H + j];
        }
      }
    }
    tape.push({ t, hPrev: h, cPrev: c, act, tc });
    h = hNew;
    c = cNew;
  }
  const dx = new Float64Array(T * B * I);
  const dWih = new Float64Array(G * I);
  const dWhh = new Float64Array(G * H);
  const dBias = new Float64Array(G);
  let dH = Float64Array.from(dys.dhN);
  let dC = Float64Array.from(dys.dcN);
  for (let k = tape.length - 1; k >= 0; k--) {
    const { t, hPrev, cPrev, act, tc } = tape[k];
    const dHprev = new Float64Array(B * H);
    const dCprev = new Float64Array(B * H);
    for (let b = 0; b < B; b++) {
      const live = inp.mask ? inp.mask[t * B + b] !== 0 : true;
      if (!live) {
        for (let j = 0; j < H; j++) {
          dHprev[b * H + j] = dH[b * H + j];
          dCprev[b * H + j] = dC[b * H + j];
        }
        continue;
      }
      const dG = new Float64Array(G);
      for (let j = 0; j < H; j++) {
        const [ig, fg, gg, og] = [0, 1, 2, 3].map((q) => act[b * G + q * H + j]);
        const dh = dH[b * H + j] + dys.dOut[outIdx(t, b, j)];
        const tcv = tc[b * H + j];
        const dc = dC[b * H + j] + dh * og * (1 - tcv * tcv);
        dG[j] = dc * gg * ig * (1 - ig);
        dG[H + j] = dc * cPrev[b * H + j] * fg * (1 - fg);
        dG[2 * H + j] = dc * ig * (1 - gg * gg);
        dG[3 * H + j] = dh * tcv * og * (1 - og);
        dCprev[b * H + j] = dc * fg;
      }
      for (let g = 0; g < G; g++) {
        dBias[g] += dG[g];
        for (let i = 0; i < I; i++) {
          dWih[g * I + i] += dG[g] * xAt(t, b, i);
          dx[(batchFirst ? b * T + t : t * B + b) * I + i] += dG[g] * inp.wIh[g * I + i];
        }
        for (let j = 0; j < H; j++) {
          dWhh[g * H + j] += dG[g] * hPrev[b * H + j];
          dHprev[b * H + j] += dG[g] * inp.wHh[g * H + j];
        }
      }
    }
    dH = dHprev;
    dC = dCprev;
  }
  return { output, hN: h, cN: c, dx, dWih, dWhh, dBias, dh0: dH, dc0: dC };
}

/** Largest |a − b| relative to max(1, |b|). */
export function maxRelError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return Number.isNaN(m) ? Infinity : m;
}
