/**
 * The sign-flip permutation test of "mean difference = 0" for paired differences: under the null each
 * difference is as likely to have either sign, so the observed sum is compared with the sums of all 2ⁿ sign
 * patterns (exact, for n ≤ 20) or of a seeded Monte Carlo sample of patterns (n > 20). It needs no spread,
 * so it still decides when every repeat gave the same difference — and it cannot give p below 2/2ⁿ.
 *
 * Two-sided p = 2 · min(P(S ≤ s), P(S ≥ s)), capped at 1, as scipy.stats.permutation_test computes it; sums
 * within a relative 1e-12 of the observed one count as ties (quantised accuracies make exact ties common).
 * The exact count meets in the middle: the 2^(n/2) sums of each half, one half sorted, counted by bisection.
 */
import { Rng } from '../rng.js';
import { assertFinite } from './descriptive.js';

/** Largest n whose 2ⁿ sign patterns are enumerated exactly. */
export const EXACT_MAX_N = 20;
/** Monte Carlo sign patterns beyond EXACT_MAX_N. */
export const SIGN_FLIP_RESAMPLES = 100_000;
/** Seed of the Monte Carlo draws when none is given (the same differences give the same p). */
export const SIGN_FLIP_SEED = 0x51f1;

export interface SignFlipResult {
  /** Two-sided p-value. */
  p: number;
  /** True when every sign pattern was counted. */
  exact: boolean;
  /** Sign patterns counted (2ⁿ when exact). */
  patterns: number;
}

export interface SignFlipOptions {
  /** Monte Carlo patterns for n > exactMaxN (default SIGN_FLIP_RESAMPLES). */
  resamples?: number;
  /** Largest n counted exactly (default EXACT_MAX_N). */
  exactMaxN?: number;
  /** Random stream for the Monte Carlo patterns (default: Rng(SIGN_FLIP_SEED)). */
  rng?: Rng;
}

/** The smallest two-sided p the exact test can give with n differences: 2 / 2ⁿ (1 for n = 0). */
export function minSignFlipP(n: number): number {
  return Math.min(1, 2 / 2 ** n);
}

/** All 2^k signed sums of `d` (bit i set: d[i] enters negated). */
function signedSums(d: readonly number[]): Float64Array {
  const out = new Float64Array(2 ** d.length);
  out[0] = d.reduce((s, v) => s + v, 0);
  for (let mask = 1; mask < out.length; mask++) {
    const low = 31 - Math.clz32(mask & -mask);
    out[mask] = out[mask & (mask - 1)] - 2 * d[low];
  }
  return out;
}

/** Index of the first element of sorted `a` that is ≥ x (`after`: > x); a.length when none. */
function firstIndex(a: Float64Array, x: number, after: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x || (after && a[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function exactCounts(d: readonly number[], observed: number, tol: number): { less: number; greater: number } {
  const half = d.length >> 1;
  const left = signedSums(d.slice(0, half));
  const right = signedSums(d.slice(half)).sort();
  let less = 0;
  let greater = 0;
  for (const l of left) {
    less += firstIndex(right, observed + tol - l, true);
    greater += right.length - firstIndex(right, observed - tol - l, false);
  }
  return { less, greater };
}

function monteCarloCounts(d: readonly number[], observed: number, tol: number, resamples: number, rng: Rng): { less: number; greater: number } {
  let less = 0;
  let greater = 0;
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    let bits = 0;
    for (let i = 0; i < d.length; i++) {
      if (i % 32 === 0) bits = rng.nextU32();
      s += bits & 1 ? -d[i] : d[i];
      bits >>>= 1;
    }
    if (s <= observed + tol) less++;
    if (s >= observed - tol) greater++;
  }
  return { less, greater };
}

/** The sign-flip p-value of `diffs`; null when there are none. */
export function signFlipTest(diffs: readonly number[], opts: SignFlipOptions = {}): SignFlipResult | null {
  assertFinite(diffs, 'diffs');
  const n = diffs.length;
  if (n === 0) return null;
  const exactMaxN = opts.exactMaxN ?? EXACT_MAX_N;
  if (!Number.isInteger(exactMaxN) || exactMaxN < 1 || exactMaxN > 30) {
    throw new RangeError(`sign-flip test: expected exactMaxN to be an integer from 1 to 30, got ${exactMaxN}`);
  }
  const observed = diffs.reduce((s, v) => s + v, 0);
  const tol = 1e-12 * diffs.reduce((s, v) => s + Math.abs(v), 0);
  if (n <= exactMaxN) {
    const patterns = 2 ** n;
    const { less, greater } = exactCounts(diffs, observed, tol);
    return { p: Math.min(1, (2 * Math.min(less, greater)) / patterns), exact: true, patterns };
  }
  const resamples = opts.resamples ?? SIGN_FLIP_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`sign-flip test: expected resamples to be a positive integer, got ${resamples}`);
  }
  const { less, greater } = monteCarloCounts(diffs, observed, tol, resamples, opts.rng ?? new Rng(SIGN_FLIP_SEED));
  // The observed pattern counts once more (scipy's adjustment), so p is never 0.
  return { p: Math.min(1, (2 * (Math.min(less, greater) + 1)) / (resamples + 1)), exact: false, patterns: resamples };
}
