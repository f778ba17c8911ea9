import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalCdf, normalQuantile, normalUpperTail } from '../../../src/engine/stats/normal.js';
import { logBeta, logGamma, regularizedIncompleteBeta } from '../../../src/engine/stats/special-functions.js';
import { tCdf, tPdf, tQuantile, tTwoSidedP, tUpperTail } from '../../../src/engine/stats/student-t.js';

describe('special functions', () => {
  it('logGamma matches factorials and Γ(½) = √π', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(logGamma(0.1)).toBeCloseTo(Math.log(9.513507698668732), 12);
    expect(() => logGamma(0)).toThrow(/x > 0/);
  });

  it('logBeta agrees with log-gammas, also for huge arguments', () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 13);
    // B(a, ½) ~ √(π / a) for large a
    expect(logBeta(5e8, 0.5)).toBeCloseTo(0.5 * Math.log(Math.PI / 5e8), 9);
  });

  it('regularized incomplete beta: closed forms and symmetry', () => {
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14); // uniform
    expect(regularizedIncompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 14); // x²
    expect(regularizedIncompleteBeta(0.3, 1, 3)).toBeCloseTo(1 - 0.7 ** 3, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 50, noNaN: true }),
        (x, a, b) => Math.abs(regularizedIncompleteBeta(x, a, b) + regularizedIncompleteBeta(1 - x, b, a) - 1) < 1e-10,
      ),
    );
    expect(() => regularizedIncompleteBeta(1.5, 1, 1)).toThrow(/x in \[0, 1\]/);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(/a > 0/);
  });
});

describe('normal distribution', () => {
  it('quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    // scipy.stats.norm.ppf
    expect(normalQuantile(1e-300)).toBeCloseTo(-37.0470962993612, 10);
    expect(normalQuantile(1e-20)).toBeCloseTo(-9.262340089798409, 11);
  });

  it('tails and cdf', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalUpperTail(5) / 2.866515718791933e-7).toBeCloseTo(1, 12);
    expect(normalUpperTail(-1)).toBeCloseTo(0.8413447460685429, 14);
  });

  it('quantile inverts cdf', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-13),
    );
  });
});

describe('Student t quantile', () => {
  // Table values for t_{0.975, df}.
  it.each([
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [5, 2.571],
    [9, 2.262],
    [10, 2.228],
    [30, 2.042],
    [100, 1.984],
    [1e6, 1.96],
    [Infinity, 1.96],
  ])('t_{0.975, %d} ≈ %d (±1e-3)', (df, expected) => {
    expect(Math.abs(tQuantile(0.975, df) - expected)).toBeLessThanOrEqual(1e-3);
  });

  // Reference values from scipy.stats.t.ppf (scipy 1.17).
  it.each([
    [0.975, 1, 12.706204736174694],
    [0.975, 3, 3.1824463052837078],
    [0.975, 9, 2.262157162798205],
    [0.975, 30, 2.0422724563012378],
    [0.975, 1000, 1.9623390808264083],
    [0.995, 4, 4.604094871349992],
    [0.995, 10, 3.16927267261695],
    [1e-10, 5, -156.82559270889433],
    [1e-10, 30, -9.377489780407144],
    [0.975, 0.5, 164.55767348048818],
    [0.975, 1.5, 6.016663104427929],
  ])('tQuantile(%d, %d) matches scipy to 1e-9 relative', (p, df, expected) => {
    expect(Math.abs(tQuantile(p, df) / expected - 1)).toBeLessThan(1e-9);
  });

  it('large df tends to the normal quantile', () => {
    expect(tQuantile(0.975, 1e9)).toBeCloseTo(1.9599639869, 8);
    expect(tQuantile(0.975, 1e15)).toBeCloseTo(1.959963984540054, 10);
  });

  it('is antisymmetric, 0 at the median, and inverts the cdf', () => {
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-tQuantile(0.975, 4), 12);
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => Math.abs(tCdf(tQuantile(p, df), df) - p) < 1e-11,
      ),
    );
  });

  it('rejects bad arguments', () => {
    expect(() => tQuantile(1, 3)).toThrow(/probability in \(0, 1\), got 1/);
    expect(() => tQuantile(0.5, 0)).toThrow(/degrees of freedom > 0, got 0/);
    expect(() => tQuantile(Number.NaN, 3)).toThrow(/probability/);
  });
});

describe('Student t cdf and p-values', () => {
  it('matches closed forms for df 1 and 2', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2, 40]) {
      expect(tCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(tCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });

  it('matches scipy reference values', () => {
    expect(tTwoSidedP(3, 7)).toBeCloseTo(0.019942126131992536, 13);
    expect(tCdf(-0.5, 3)).toBeCloseTo(0.3257239824240755, 13);
    expect(tUpperTail(10, 50) / 8.038667344167724e-14).toBeCloseTo(1, 8);
  });

  it('p-value sanity: 1 at t = 0, 0.05 at the critical value, decreasing in |t|, symmetric', () => {
    expect(tTwoSidedP(0, 4)).toBe(1);
    expect(tTwoSidedP(Infinity, 4)).toBe(0);
    for (const df of [1, 2, 4, 9, 30]) {
      expect(tTwoSidedP(tQuantile(0.975, df), df)).toBeCloseTo(0.05, 12);
      expect(tTwoSidedP(-1.3, df)).toBe(tTwoSidedP(1.3, df));
    }
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (x, y) => {
        const [lo, hi] = x < y ? [x, y] : [y, x];
        return tTwoSidedP(lo, 5) >= tTwoSidedP(hi, 5);
      }),
    );
  });

  it('density integrates to the cdf (trapezoid check) and peaks at 0', () => {
    const df = 4;
    let area = 0;
    const h = 1e-3;
    for (let t = -1; t < 1; t += h) area += ((tPdf(t, df) + tPdf(t + h, df)) / 2) * h;
    expect(area).toBeCloseTo(tCdf(1, df) - tCdf(-1, df), 6);
    expect(tPdf(0, 1)).toBeCloseTo(1 / Math.PI, 14);
  });
});
