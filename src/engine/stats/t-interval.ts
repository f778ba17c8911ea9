/**
 * The paired t-test on per-repeat differences d_i (one value per repeat, both variants on the same seed):
 * mean, sample std, a Student-t confidence interval with n − 1 degrees of freedom and the two-sided p-value
 * for "mean difference = 0". When every difference is the same (zero variance) the t statistic is undefined:
 * there is no interval and no p-value (never a zero-width "[73.00, 73.00]" with p = 0); the sign-flip test
 * (sign-flip.ts) decides instead.
 */
import { assertFinite, mean, sampleStd } from './descriptive.js';
import { tQuantile, tTwoSidedP } from './student-t.js';

/** Confidence level used for every interval the studio reports. */
export const CONFIDENCE = 0.95;

/** Differences whose spread is at most this (relative to max(1, |mean|)) are treated as all equal. */
export const EQUAL_TOLERANCE = 1e-12;

/** The t analysis of a list of differences; fields that need more data (or spread) are null. */
export interface TInterval {
  n: number;
  /** Mean difference (null when n = 0). */
  mean: number | null;
  /** Sample std, n − 1 denominator (null when n < 2; exactly 0 when all are equal up to EQUAL_TOLERANCE). */
  sd: number | null;
  /** Standard error sd / √n (null when n < 2 or sd = 0). */
  se: number | null;
  /** Degrees of freedom n − 1 (null when n < 2). */
  df: number | null;
  /** t statistic (null when n < 2 or sd = 0). */
  t: number | null;
  /** Two-sided p-value (null when n < 2 or sd = 0). */
  p: number | null;
  /** Confidence interval of the mean (null when n < 2 or sd = 0). */
  ci: [number, number] | null;
  /** n ≥ 2 and every difference the same: no interval, no t claim. */
  zeroVariance: boolean;
  confidence: number;
}

/** Whether every value equals the first up to EQUAL_TOLERANCE (float noise of 0.9731 − 0.9712 vs 0.9541 − 0.9522). */
export function allEqual(values: readonly number[]): boolean {
  if (values.length === 0) return true;
  const spread = Math.max(...values) - Math.min(...values);
  return spread <= EQUAL_TOLERANCE * Math.max(1, Math.abs(mean(values)));
}

/** b_i − a_i for every pair; throws a RangeError on unequal lengths or a non-finite value. */
export function pairedDiffs(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) {
    throw new RangeError(`paired differences: expected as many values for b as for a, got ${b.length} and ${a.length}`);
  }
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  return a.map((ai, i) => b[i] - ai);
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`t interval: expected a confidence level in (0, 1), got ${confidence}`);
  }
}

/** The t interval and test of `diffs` at `confidence` (default 95 %). */
export function tInterval(diffs: readonly number[], confidence: number = CONFIDENCE): TInterval {
  checkConfidence(confidence);
  assertFinite(diffs, 'diffs');
  const n = diffs.length;
  const none = { se: null, t: null, p: null, ci: null, zeroVariance: false, confidence };
  if (n === 0) return { n, mean: null, sd: null, df: null, ...none };
  const m = mean(diffs);
  if (n === 1) return { n, mean: m, sd: null, df: null, ...none };
  const df = n - 1;
  if (allEqual(diffs)) return { n, mean: m, sd: 0, df, ...none, zeroVariance: true };
  const sd = sampleStd(diffs);
  const se = sd / Math.sqrt(n);
  const t = m / se;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { n, mean: m, sd, se, df, t, p: tTwoSidedP(t, df), ci: [m - half, m + half], zeroVariance: false, confidence };
}
