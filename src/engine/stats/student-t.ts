/**
 * Student's t distribution with ν > 0 degrees of freedom (ν = Infinity is the standard normal):
 * density, tails, two-sided p-value and quantile. Tails come from the regularized incomplete beta,
 * P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0; the quantile inverts that with a safeguarded Newton
 * iteration in log t, so it is accurate to ~1e-12 for every ν, including tiny tail probabilities.
 */
import { normalPdf, normalQuantile, normalUpperTail } from './normal.js';
import { logBeta, regularizedIncompleteBeta } from './special-functions.js';

/**
 * Above this many degrees of freedom the incomplete-beta evaluation loses digits to cancellation,
 * while the normal approximation z = t(1 − 1/(4ν)) / √(1 + t²/(2ν)) is off by only O(ν⁻²) < 1e-13.
 */
const LARGE_DF = 1e7;

function checkDf(df: number): void {
  if (!(df > 0) || Number.isNaN(df)) throw new RangeError(`Student t: expected degrees of freedom > 0, got ${df}`);
}

/** Density of t with `df` degrees of freedom. */
export function tPdf(t: number, df: number): number {
  checkDf(df);
  if (df === Infinity) return normalPdf(t);
  // 1 / (√ν · B(ν/2, ½))
  const logC = -0.5 * Math.log(df) - logBeta(df / 2, 0.5);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Upper tail P(T > t). */
export function tUpperTail(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) throw new RangeError('Student t: expected a number, got NaN');
  if (df === Infinity) return normalUpperTail(t);
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  if (df > LARGE_DF) return normalUpperTail((t * (1 - 1 / (4 * df))) / Math.sqrt(1 + (t * t) / (2 * df)));
  const t2 = t * t;
  const x = df / (df + t2);
  const y = t2 / (df + t2);
  const half = 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5, y);
  return t >= 0 ? half : 1 - half;
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  return tUpperTail(-t, df);
}

/** Two-sided p-value P(|T| ≥ |t|); 1 at t = 0, 0 at |t| = ∞. */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tUpperTail(Math.abs(t), df));
}

/** Cornish–Fisher expansion of the t quantile around the normal quantile z (a starting point). */
function cornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** t > 0 with P(T > t) = q, for q in (0, 0.5). */
function upperQuantile(q: number, df: number): number {
  if (df === Infinity) return -normalQuantile(q);
  if (df === 1) return 1 / Math.tan(Math.PI * q);
  if (df === 2) return (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  // f(u) = P(T > e^u) − q is decreasing in u; keep a bracket [lo, hi] with f(lo) > 0 > f(hi).
  const f = (u: number): number => tUpperTail(Math.exp(u), df) - q;
  const guess = cornishFisher(-normalQuantile(q), df);
  let u = Math.log(Number.isFinite(guess) && guess > 0 ? guess : 1);
  let fu = f(u);
  if (fu === 0) return Math.exp(u);
  let lo = -Infinity;
  let hi = Infinity;
  let width = 1;
  if (fu > 0) {
    lo = u;
    for (;;) {
      const next = lo + width;
      if (next > 710) return Infinity; // e^710 overflows a double
      if (f(next) <= 0) { hi = next; break; }
      lo = next;
      width *= 2;
    }
  } else {
    hi = u;
    for (;;) {
      const next = hi - width;
      if (f(next) >= 0) { lo = next; break; }
      hi = next;
      width *= 2;
    }
  }
  u = (lo + hi) / 2;
  for (let i = 0; i < 300; i++) {
    fu = f(u);
    if (fu === 0) break;
    if (fu > 0) lo = u;
    else hi = u;
    const t = Math.exp(u);
    const slope = tPdf(t, df) * t; // −f'(u)
    let next = slope > 0 ? u + fu / slope : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const step = Math.abs(next - u);
    u = next;
    if (step < 1e-15 * Math.max(1, Math.abs(u)) || hi - lo < 1e-15 * Math.max(1, Math.abs(u))) break;
  }
  return Math.exp(u);
}

/** Quantiles already computed (intervals and power searches ask for the same few again and again). */
const quantileCache = new Map<string, number>();
const QUANTILE_CACHE_MAX = 10_000;

/** The p-quantile of t with `df` degrees of freedom (e.g. tQuantile(0.975, 9) ≈ 2.262). */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new RangeError(`Student t quantile: expected a probability in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  const key = `${p}/${df}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  const q = p < 0.5 ? -upperQuantile(p, df) : upperQuantile(1 - p, df);
  if (quantileCache.size >= QUANTILE_CACHE_MAX) quantileCache.clear();
  quantileCache.set(key, q);
  return q;
}
