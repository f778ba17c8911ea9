/**
 * Effect sizes of a paired comparison, beyond the mean difference:
 *   d_z        the mean difference in units of the differences' std (Cohen's d for paired data); it is what
 *              power depends on (n ≈ 7.85 / d_z² + 2 for 80 % power at the 5 % level);
 *   P(A > B)   the share of repeats where A's accuracy beat B's (ties count half): how often A wins on one seed.
 */
import { assertFinite, mean, sampleStd } from './descriptive.js';
import { allEqual } from './t-interval.js';

/** mean(d) / sd(d); null with fewer than 2 differences or none of spread (d_z is then unbounded). */
export function cohenDz(diffs: readonly number[]): number | null {
  assertFinite(diffs, 'diffs');
  if (diffs.length < 2 || allEqual(diffs)) return null;
  return mean(diffs) / sampleStd(diffs);
}

/** Share of pairs with a_i > b_i, ties (equal up to 1e-12) counted half; null when there are none. */
export function probabilityAGreater(a: readonly number[], b: readonly number[]): number | null {
  if (a.length !== b.length) throw new RangeError(`P(A > B): expected as many values for b as for a, got ${b.length} and ${a.length}`);
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  if (a.length === 0) return null;
  let wins = 0;
  a.forEach((ai, i) => {
    const d = ai - b[i];
    const tol = 1e-12 * Math.max(1, Math.abs(ai), Math.abs(b[i]));
    wins += d > tol ? 1 : d >= -tol ? 0.5 : 0;
  });
  return wins / a.length;
}
