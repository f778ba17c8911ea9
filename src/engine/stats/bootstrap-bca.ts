/**
 * The bias-corrected and accelerated (BCa) bootstrap interval of a mean (Efron & Tibshirani 1993, 14.3):
 * resample the values with replacement (seeded), take the mean of each resample, then read the bootstrap
 * distribution at percentiles shifted by the bias correction z₀ (the share of resample means below the
 * estimate, ties counted half) and the acceleration a (jackknife skewness). Percentiles interpolate linearly,
 * as scipy.stats.bootstrap(method='BCa') does, so the same bootstrap distribution gives scipy's interval.
 *
 * At small n the bootstrap interval is narrower than the t interval (about 90 % real coverage at n = 10
 * for normal data): the studio shows it beside the t interval, and the verdict uses the t interval.
 */
import { Rng } from '../rng.js';
import { assertFinite, mean } from './descriptive.js';
import { normalCdf, normalQuantile } from './normal.js';
import { allEqual, CONFIDENCE } from './t-interval.js';

/** Fewer repeats than this give no bootstrap interval: with 2–4 values the resamples take only a handful of values. */
export const BCA_MIN_N = 5;
/** Bootstrap resamples per interval. */
export const BOOTSTRAP_RESAMPLES = 10_000;
/** Seed of the resampling when none is given (the same values give the same interval). */
export const BOOTSTRAP_SEED = 0xb0075;

/** `resamples` means of size-n resamples of `values` drawn with replacement from `rng`. */
export function bootstrapMeans(values: readonly number[], resamples: number, rng: Rng): Float64Array {
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrap: expected resamples to be a positive integer, got ${resamples}`);
  }
  const n = values.length;
  if (n === 0) throw new RangeError('bootstrap: expected at least one value, got none');
  const out = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[rng.int(n)];
    out[b] = s / n;
  }
  return out;
}

/** The p-quantile of sorted `x` with linear interpolation (numpy's default method). */
function linearQuantile(x: Float64Array, p: number): number {
  const h = (x.length - 1) * p;
  const j = Math.floor(h);
  if (j >= x.length - 1) return x[x.length - 1];
  return x[j] + (h - j) * (x[j + 1] - x[j]);
}

/** Jackknife acceleration of the mean: Σ(θ̄ − θ₍ᵢ₎)³ / (6 (Σ(θ̄ − θ₍ᵢ₎)²)^{3/2}); null when every θ₍ᵢ₎ is equal. */
export function bcaAcceleration(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const total = values.reduce((s, v) => s + v, 0);
  const jack = values.map((v) => (total - v) / (n - 1));
  const jbar = jack.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (const j of jack) {
    const u = jbar - j;
    num += u * u * u;
    den += u * u;
  }
  return den > 0 ? num / (6 * den ** 1.5) : null;
}

/**
 * The BCa interval of mean(values) at `confidence` from a given bootstrap distribution of the mean;
 * null when it cannot be formed (fewer than 2 values, no spread, or the estimate outside the distribution).
 */
export function bcaInterval(values: readonly number[], boot: ArrayLike<number>, confidence: number = CONFIDENCE): [number, number] | null {
  assertFinite(values, 'values');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`BCa interval: expected a confidence level in (0, 1), got ${confidence}`);
  if (values.length < 2 || boot.length < 2 || allEqual(values)) return null;
  const theta = mean(values);
  const tol = 1e-12 * Math.max(1e-300, ...values.map(Math.abs));
  let below = 0;
  for (let b = 0; b < boot.length; b++) {
    const diff = boot[b] - theta;
    below += diff < -tol ? 2 : diff <= tol ? 1 : 0;
  }
  const share = below / (2 * boot.length);
  const a = bcaAcceleration(values);
  if (share <= 0 || share >= 1 || a === null) return null;
  const z0 = normalQuantile(share);
  const zAlpha = normalQuantile((1 - confidence) / 2);
  const adjusted = (z: number): number => normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
  const sorted = Float64Array.from(boot).sort();
  const lo = linearQuantile(sorted, adjusted(zAlpha));
  const hi = linearQuantile(sorted, adjusted(-zAlpha));
  return Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi ? [lo, hi] : null;
}

export interface BcaOptions {
  resamples?: number;
  rng?: Rng;
  confidence?: number;
}

/** The BCa interval of the mean of `values`, resampling with a seeded stream; null below BCA_MIN_N values. */
export function bcaMeanInterval(values: readonly number[], opts: BcaOptions = {}): [number, number] | null {
  if (values.length < BCA_MIN_N || allEqual(values)) return null;
  const boot = bootstrapMeans(values, opts.resamples ?? BOOTSTRAP_RESAMPLES, opts.rng ?? new Rng(BOOTSTRAP_SEED));
  return bcaInterval(values, boot, opts.confidence ?? CONFIDENCE);
}
