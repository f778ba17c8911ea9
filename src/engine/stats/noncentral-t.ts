/**
 * The noncentral t distribution's CDF (what the power of a t-test is made of), by the series of
 * Lenth (1989, AS 243): for t ≥ 0, with x = t² / (t² + ν) and λ = δ² / 2,
 *   F(t; ν, δ) = Φ(−δ) + ½ Σⱼ [ Pⱼ I_x(j + ½, ν/2) + Qⱼ I_x(j + 1, ν/2) ],
 *   Pⱼ = e^{−λ} λʲ / j!,   Qⱼ = sign(δ) e^{−λ} λ^{j+½} / Γ(j + 3/2),
 * summed outwards from the Poisson mode until the weights are negligible, the incomplete betas by recurrence
 * from the two at the mode; F(t) = 1 − F(−t; ν, −δ) for t < 0.
 */
import { normalCdf } from './normal.js';
import { logGamma, regularizedIncompleteBeta } from './special-functions.js';
import { tCdf } from './student-t.js';

const NEGLIGIBLE = 1e-17;
const MAX_TERMS = 100_000;

/** ln of x^a (1 − x)^b / (a B(a, b)) = ln(I_x(a, b) − I_x(a + 1, b)). */
function logBetaStep(a: number, b: number, logX: number, logY: number): number {
  return logGamma(a + b) - logGamma(a + 1) - logGamma(b) + a * logX + b * logY;
}

/**
 * Σⱼ [Pⱼ I_x(j + ½, b) + sign · Qⱼ I_x(j + 1, b)] for t > 0. The two incomplete betas at the mode come from
 * continued fractions; every other term by recurrence (AS 243's way, stable in both directions):
 *   I_x(a + 1, b) = I_x(a, b) − s(a),  s(a + 1) = s(a) · x (a + b) / (a + 1),
 *   Pⱼ₊₁ = Pⱼ λ / (j + 1),  Qⱼ₊₁ = Qⱼ λ / (j + 3/2).
 */
function seriesSum(x: number, y: number, b: number, lambda: number, sign: number): number {
  const logX = Math.log(x);
  const logY = Math.log(y);
  const logL = Math.log(lambda);
  const mode = Math.floor(lambda);
  const p0 = Math.exp(-lambda + mode * logL - logGamma(mode + 1));
  const q0 = Math.exp(-lambda + (mode + 0.5) * logL - logGamma(mode + 1.5));
  const iHalf0 = regularizedIncompleteBeta(x, mode + 0.5, b, y);
  const iOne0 = regularizedIncompleteBeta(x, mode + 1, b, y);
  const sHalf0 = Math.exp(logBetaStep(mode + 0.5, b, logX, logY));
  const sOne0 = Math.exp(logBetaStep(mode + 1, b, logX, logY));
  let sum = 0;
  // Upwards from the mode: term j uses I(j + ½), I(j + 1); then step both to j + 1.
  let [p, q, iHalf, iOne, sHalf, sOne] = [p0, q0, iHalf0, iOne0, sHalf0, sOne0];
  for (let j = mode; j < mode + MAX_TERMS; j++) {
    sum += p * iHalf + sign * q * iOne;
    if (p + q < NEGLIGIBLE && j > lambda) break;
    iHalf = Math.max(0, iHalf - sHalf);
    iOne = Math.max(0, iOne - sOne);
    sHalf *= (x * (j + 0.5 + b)) / (j + 1.5);
    sOne *= (x * (j + 1 + b)) / (j + 2);
    p *= lambda / (j + 1);
    q *= lambda / (j + 1.5);
  }
  // Downwards: from j + 1 to j, I(j + ½) = I(j + 3/2) + s(j + ½), with s(j + ½) = s(j + 3/2) (j + 3/2) / (x (j + ½ + b)).
  [p, q, iHalf, iOne, sHalf, sOne] = [p0, q0, iHalf0, iOne0, sHalf0, sOne0];
  for (let j = mode - 1; j >= 0; j--) {
    sHalf *= (j + 1.5) / (x * (j + 0.5 + b));
    sOne *= (j + 2) / (x * (j + 1 + b));
    iHalf = Math.min(1, iHalf + sHalf);
    iOne = Math.min(1, iOne + sOne);
    p *= (j + 1) / lambda;
    q *= (j + 1.5) / lambda;
    sum += p * iHalf + sign * q * iOne;
    if (p + q < NEGLIGIBLE) break;
  }
  return sum;
}

function positiveTail(t: number, df: number, delta: number): number {
  if (t === 0) return normalCdf(-delta);
  const x = (t * t) / (t * t + df);
  const y = df / (t * t + df);
  return normalCdf(-delta) + seriesSum(x, y, df / 2, (delta * delta) / 2, delta < 0 ? -1 : 1) / 2;
}

/** P(T ≤ t) for T noncentral t with `df` > 0 degrees of freedom and noncentrality `delta`. */
export function noncentralTCdf(t: number, df: number, delta: number): number {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`noncentral t: expected finite degrees of freedom > 0, got ${df}`);
  if (!Number.isFinite(delta) || Number.isNaN(t)) throw new RangeError(`noncentral t: expected a finite noncentrality and a number t, got δ=${delta}, t=${t}`);
  if (delta === 0) return tCdf(t, df);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const f = t >= 0 ? positiveTail(t, df, delta) : 1 - positiveTail(-t, df, -delta);
  return Math.min(1, Math.max(0, f));
}
