/**
 * Standard normal distribution: density, tails and quantile, accurate to double precision
 * (the quantile starts from Abramowitz & Stegun 26.2.23 and is polished with Halley steps).
 */
import { regularizedGammaQ } from './special-functions.js';

/** φ(z), the standard normal density. */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Upper tail P(Z > z); accurate far into the tail (erfc(x) = Q(1/2, x²)). */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normal tail: expected a number, got NaN');
  const half = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z >= 0 ? half : 1 - half;
}

/** Φ(z) = P(Z ≤ z). */
export function normalCdf(z: number): number {
  return normalUpperTail(-z);
}

/** z with P(Z > z) = q, for q in (0, 0.5]. */
function upperQuantile(q: number): number {
  if (q === 0.5) return 0;
  const t = Math.sqrt(-2 * Math.log(q));
  let z = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  for (let i = 0; i < 6; i++) {
    const pdf = normalPdf(z);
    if (pdf === 0) break;
    const u = (normalUpperTail(z) - q) / pdf;
    const step = u / (1 - (z * u) / 2);
    z += step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}

/** Φ⁻¹(p) for p in (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile: expected a probability in (0, 1), got ${p}`);
  return p < 0.5 ? -upperQuantile(p) : p === 0.5 ? 0 : upperQuantile(1 - p);
}
