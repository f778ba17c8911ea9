/**
 * Paired comparison of two variants measured on the same repeats (same seeds / data order):
 * per-repeat differences d_i = b_i − a_i, their mean and sample std, a Student-t confidence interval
 * with n − 1 degrees of freedom, and a two-sided p-value for "mean difference = 0".
 */
import { assertFinite, mean, sampleStd } from './descriptive.js';
import { tQuantile, tTwoSidedP } from './student-t.js';

/** Confidence level used for every interval the studio reports. */
export const CONFIDENCE = 0.95;

/** Differences whose spread is at most this (relative to max(1, |mean|)) are treated as all equal. */
export const EQUAL_TOLERANCE = 1e-12;

/** The result of a paired comparison; fields that need more data are null. */
export interface PairedStats {
  /** Number of pairs (repeats where both variants have a value). */
  n: number;
  /** Per-repeat differences b − a, in input order. */
  diffs: number[];
  /** Mean of the differences (null when n = 0). */
  meanDiff: number | null;
  /** Sample std of the differences, n − 1 denominator (null when n < 2; exactly 0 when all are equal up to EQUAL_TOLERANCE). */
  std: number | null;
  /** Standard error std / √n (null when n < 2). */
  stdErr: number | null;
  /** Degrees of freedom n − 1 (null when n < 2). */
  df: number | null;
  /** t statistic meanDiff / stdErr; ±Infinity when all differences are equal and non-zero (null when n < 2). */
  tStat: number | null;
  /** Lower / upper end of the confidence interval for the mean difference (null when n < 2). */
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p-value (null when n < 2). */
  pValue: number | null;
  /** Confidence level of [ciLow, ciHigh]. */
  confidence: number;
  /** True when the interval excludes 0. */
  significant: boolean;
}

/**
 * Compares `b` against `a`, pair by pair (index i of each is one repeat).
 * Throws a RangeError when the lengths differ, a value is not finite or the confidence is not in (0, 1).
 */
export function pairedComparison(
  a: readonly number[],
  b: readonly number[],
  confidence: number = CONFIDENCE,
): PairedStats {
  if (a.length !== b.length) {
    throw new RangeError(`paired comparison: expected as many values for b as for a, got ${b.length} and ${a.length}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`paired comparison: expected a confidence level in (0, 1), got ${confidence}`);
  }
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  const diffs = a.map((ai, i) => b[i] - ai);
  const n = diffs.length;
  const empty = { stdErr: null, df: null, tStat: null, ciLow: null, ciHigh: null, pValue: null, std: null };
  if (n === 0) return { n, diffs, meanDiff: null, ...empty, confidence, significant: false };
  const meanDiff = mean(diffs);
  if (n === 1) return { n, diffs, meanDiff, ...empty, confidence, significant: false };

  // Differences equal up to float noise (0.9731 − 0.9712 vs 0.9541 − 0.9522) count as exactly equal.
  const spread = Math.max(...diffs) - Math.min(...diffs);
  const std = spread <= EQUAL_TOLERANCE * Math.max(1, Math.abs(meanDiff)) ? 0 : sampleStd(diffs);
  const stdErr = std / Math.sqrt(n);
  const df = n - 1;
  let tStat: number;
  let pValue: number;
  let ciLow: number;
  let ciHigh: number;
  if (stdErr === 0) {
    // Every repeat gave the same difference: the interval collapses to that value.
    tStat = meanDiff === 0 ? 0 : meanDiff > 0 ? Infinity : -Infinity;
    pValue = meanDiff === 0 ? 1 : 0;
    ciLow = meanDiff;
    ciHigh = meanDiff;
  } else {
    tStat = meanDiff / stdErr;
    pValue = tTwoSidedP(tStat, df);
    const half = tQuantile(1 - (1 - confidence) / 2, df) * stdErr;
    ciLow = meanDiff - half;
    ciHigh = meanDiff + half;
  }
  const significant = ciLow > 0 || ciHigh < 0;
  return { n, diffs, meanDiff, std, stdErr, df, tStat, ciLow, ciHigh, pValue, confidence, significant };
}
