/**
 * Power of the two-sided paired t-test and the repeats it needs. Exact, from the noncentral t: with n repeats,
 * df = n − 1, critical value c = t_{1−α/2, df} and noncentrality δ = effect · √n / sd,
 *   power(n) = P(T′ > c) + P(T′ < −c),   T′ ~ noncentral t(df, δ),
 * and "repeats needed" is the smallest n ≥ 2 with power(n) ≥ the target (80 %). The search starts from the
 * normal approximation n ≈ ((z_{1−α/2} + z_{power}) · sd / effect)² + z²_{1−α/2} / 2 (Guenther 1981) and
 * steps to the exact answer. sd is the std of the per-repeat differences, estimated from the repeats at hand
 * (so the answer is itself uncertain when n is small). One pair at the 5 % level: with several pairs, Holm's
 * correction asks a little more of the smallest p-values.
 */
import { noncentralTCdf } from './noncentral-t.js';
import { normalQuantile } from './normal.js';
import { tQuantile } from './student-t.js';

export const ALPHA = 0.05;
export const TARGET_POWER = 0.8;
/** Beyond this many repeats "needed" is reported as null (far beyond any study). */
export const MAX_REPEATS_NEEDED = 1_000_000;

function checkPositive(value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`power: expected ${what} to be a finite number > 0, got ${value}`);
}

/** Power of the two-sided paired t-test at level `alpha` with n ≥ 2 repeats, a true mean difference `effect` and differences' std `sd`. */
export function pairedTPower(n: number, effect: number, sd: number, alpha: number = ALPHA): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`power: expected an integer n ≥ 2, got ${n}`);
  checkPositive(sd, 'sd');
  checkPositive(alpha, 'alpha');
  const df = n - 1;
  const c = tQuantile(1 - alpha / 2, df);
  const delta = (Math.abs(effect) * Math.sqrt(n)) / sd;
  return 1 - noncentralTCdf(c, df, delta) + noncentralTCdf(-c, df, delta);
}

/**
 * The smallest n ≥ 2 whose paired t-test has at least `power` to detect `effect` with differences' std `sd`;
 * null when that is more than MAX_REPEATS_NEEDED.
 */
export function repeatsNeeded(effect: number, sd: number, opts: { alpha?: number; power?: number } = {}): number | null {
  const alpha = opts.alpha ?? ALPHA;
  const target = opts.power ?? TARGET_POWER;
  checkPositive(Math.abs(effect), 'the effect');
  checkPositive(sd, 'sd');
  if (!(target > alpha && target < 1)) throw new RangeError(`power: expected a target power in (alpha, 1), got ${target}`);
  const z = normalQuantile(1 - alpha / 2);
  const approx = ((z + normalQuantile(target)) * sd / Math.abs(effect)) ** 2 + (z * z) / 2;
  if (approx > MAX_REPEATS_NEEDED) return null;
  const enough = (n: number): boolean => pairedTPower(n, effect, sd, alpha) >= target;
  let n = Math.max(2, Math.ceil(approx));
  if (enough(n)) {
    while (n > 2 && enough(n - 1)) n--;
    return n;
  }
  while (!enough(n)) {
    n = n < 64 ? n + 1 : Math.ceil(n * 1.01);
    if (n > MAX_REPEATS_NEEDED) return null;
  }
  // Coming from below in steps > 1: walk back to the smallest n that is enough.
  while (n > 2 && enough(n - 1)) n--;
  return n;
}
