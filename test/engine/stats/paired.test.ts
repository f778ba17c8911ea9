import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pairedComparison } from '../../../src/engine/stats/paired.js';

describe('pairedComparison', () => {
  it('computes the CI of a hand-computed example', () => {
    // d = b − a = [0.02, 0.01, 0.03, 0.01, 0.03]: mean 0.02, deviations 0, ±0.01 (×4) → var 4e-4 / 4 = 1e-4,
    // std 0.01, se 0.01/√5 = 0.00447214, t_{0.975,4} = 2.776445 → half width 0.0124166.
    const a = [0.9, 0.91, 0.92, 0.93, 0.94];
    const b = [0.92, 0.92, 0.95, 0.94, 0.97];
    const r = pairedComparison(a, b);
    expect(r.n).toBe(5);
    expect(r.diffs.map((d) => Number(d.toFixed(10)))).toEqual([0.02, 0.01, 0.03, 0.01, 0.03]);
    expect(r.meanDiff).toBeCloseTo(0.02, 12);
    expect(r.std).toBeCloseTo(0.01, 12);
    expect(r.df).toBe(4);
    expect(r.ciLow).toBeCloseTo(0.02 - 2.7764451051977934 * 0.01 / Math.sqrt(5), 10);
    expect(r.ciHigh).toBeCloseTo(0.032416639982037636, 10);
    expect(r.ciLow).toBeCloseTo(0.007583360017962356, 10);
    expect(r.tStat).toBeCloseTo(Math.sqrt(20), 8);
    // scipy.stats.ttest_rel(b, a).pvalue
    expect(r.pValue).toBeCloseTo(0.011056493393450153, 10);
    expect(r.significant).toBe(true);
  });

  it('a CI containing 0 is not significant and its p-value is ≥ 0.05', () => {
    const a = [0.5, 0.5, 0.5, 0.5];
    const b = [0.496, 0.506, 0.498, 0.501];
    const r = pairedComparison(a, b);
    expect(r.ciLow).toBeCloseTo(-0.0066707537196782855, 10);
    expect(r.ciHigh).toBeCloseTo(0.007170753719678286, 10);
    expect(r.pValue).toBeCloseTo(0.915739330994735, 8);
    expect(r.significant).toBe(false);
  });

  it('one pair: a mean difference but no std, CI or p-value', () => {
    const r = pairedComparison([0.9], [0.95]);
    expect(r.n).toBe(1);
    expect(r.meanDiff).toBeCloseTo(0.05, 12);
    expect([r.std, r.ciLow, r.ciHigh, r.pValue, r.tStat, r.df]).toEqual([null, null, null, null, null, null]);
    expect(r.significant).toBe(false);
  });

  it('no pairs: everything null', () => {
    const r = pairedComparison([], []);
    expect(r).toMatchObject({ n: 0, meanDiff: null, std: null, ciLow: null, significant: false });
  });

  it('zero variance, non-zero difference: collapsed CI, p = 0, no NaN', () => {
    // The float differences are 0.0019000000000000128, 0.0018999999999999018, 0.0018999999999999018.
    const r = pairedComparison([0.9712, 0.9522, 0.9633], [0.9731, 0.9541, 0.9652]);
    expect(r.std).toBe(0);
    expect(r.meanDiff).toBeCloseTo(0.0019, 12);
    expect(r.ciLow).toBe(r.meanDiff);
    expect(r.ciHigh).toBe(r.meanDiff);
    expect(r.pValue).toBe(0);
    expect(r.significant).toBe(true);
    expect(Object.values(r).some((v) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
  });

  it('zero variance, zero difference: CI [0, 0], p = 1, not significant', () => {
    const r = pairedComparison([0.9, 0.8], [0.9, 0.8]);
    expect([r.meanDiff, r.std, r.ciLow, r.ciHigh, r.pValue, r.tStat]).toEqual([0, 0, 0, 0, 1, 0]);
    expect(r.significant).toBe(false);
  });

  it('wider confidence gives a wider interval', () => {
    const a = [0.9, 0.91, 0.92];
    const b = [0.93, 0.9, 0.95];
    const r95 = pairedComparison(a, b, 0.95);
    const r99 = pairedComparison(a, b, 0.99);
    expect((r99.ciHigh as number) - (r99.ciLow as number)).toBeGreaterThan((r95.ciHigh as number) - (r95.ciLow as number));
    expect(() => pairedComparison(a, b, 1)).toThrow(/confidence level in \(0, 1\)/);
  });

  it('significance agrees with p < 0.05 and the CI is centred on the mean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 2,
          maxLength: 20,
        }),
        (pairs) => {
          const r = pairedComparison(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
          const { ciLow, ciHigh, meanDiff, pValue } = r as { ciLow: number; ciHigh: number; meanDiff: number; pValue: number };
          if (Math.abs((ciLow + ciHigh) / 2 - meanDiff) > 1e-12) return false;
          if (pValue < 0 || pValue > 1 || Number.isNaN(pValue)) return false;
          // Away from the boundary the two criteria must agree.
          if (Math.abs(pValue - 0.05) > 1e-9 && r.significant !== pValue < 0.05) return false;
          return ciLow <= meanDiff && meanDiff <= ciHigh;
        },
      ),
    );
  });

  it('rejects unequal lengths and non-finite values', () => {
    expect(() => pairedComparison([1, 2], [1])).toThrow(/as many values for b as for a, got 1 and 2/);
    expect(() => pairedComparison([1, Number.NaN], [1, 2])).toThrow(/a\[1\]: expected a finite number/);
  });
});
