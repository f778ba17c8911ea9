/**
 * Descriptive statistics: mean, median and sample standard deviation (n − 1 denominator).
 * Values that are all equal give exactly that value as the mean and exactly 0 as the std,
 * so zero-variance inputs never turn into rounding noise or NaN downstream.
 */

/** Throws a RangeError naming `what` unless every value is a finite number. */
export function assertFinite(values: readonly number[], what: string): void {
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new RangeError(`${what}[${i}]: expected a finite number, got ${String(v)}`);
    }
  });
}

function allEqual(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Arithmetic mean; throws on an empty list or a non-finite value. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean: expected at least one value, got none');
  assertFinite(values, 'mean');
  if (allEqual(values)) return values[0];
  let sum = 0;
  for (const v of values) sum += v;
  const m = sum / values.length;
  // Rounding can push the mean a hair outside [min, max]; clamp it back.
  return Math.min(Math.max(m, Math.min(...values)), Math.max(...values));
}

/** Median (mean of the middle two for an even count); throws on an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: expected at least one value, got none');
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Sample variance (n − 1 denominator, two-pass); throws with fewer than two values. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) {
    throw new RangeError(`sample variance: expected at least 2 values, got ${values.length}`);
  }
  assertFinite(values, 'sampleVariance');
  if (allEqual(values)) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (values.length - 1);
}

/** Sample standard deviation (n − 1 denominator); throws with fewer than two values. */
export function sampleStd(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}
