/**
 * Equivalence by two one-sided tests (TOST, Schuirmann 1987): "the mean difference lies within ±margin" is
 * shown when both H₀: μ ≤ −margin and H₀: μ ≥ +margin are rejected; p = the larger of the two one-sided
 * p-values (equivalently: the 90 % t interval lies inside (−margin, +margin)). With zero variance the t
 * statistics are undefined and the one-sided sign-flip test is used: when every difference lies inside the
 * margin, each one-sided p is 1/2ⁿ (so at least 5 repeats are needed for p < 0.05).
 */
import { tUpperTail } from './student-t.js';
import type { TInterval } from './t-interval.js';

export interface TostResult {
  margin: number;
  /** max of the two one-sided p-values. */
  p: number;
  /** Which test gave p. */
  test: 't' | 'sign-flip';
}

/** TOST for the differences summarized in `t` against ±`margin` (> 0); null with fewer than 2 differences. */
export function tost(t: TInterval, margin: number): TostResult | null {
  if (!(margin > 0) || !Number.isFinite(margin)) throw new RangeError(`equivalence test: expected a margin > 0, got ${margin}`);
  if (t.n < 2 || t.mean === null || t.df === null) return null;
  if (t.zeroVariance) {
    const inside = Math.abs(t.mean) < margin;
    return { margin, p: inside ? 1 / 2 ** t.n : 1, test: 'sign-flip' };
  }
  const se = t.se as number;
  const pLower = tUpperTail((t.mean + margin) / se, t.df); // H₀: μ ≤ −margin
  const pUpper = tUpperTail((margin - t.mean) / se, t.df); // H₀: μ ≥ +margin
  return { margin, p: Math.max(pLower, pUpper), test: 't' };
}
