import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pairedDiffs, tInterval } from '../../../src/engine/stats/t-interval.js';

describe('tInterval', () => {
  it('computes the CI of a hand-computed example', () => {
    // d = [0.02, 0.01, 0.03, 0.01, 0.03]: mean 0.02, std 0.01, se 0.01/√5, t_{0.975,4} = 2.776445.
    const d = pairedDiffs([0.9, 0.91, 0.92, 0.93, 0.94], [0.92, 0.92, 0.95, 0.94, 0.97]);
    expect(d.map((x) => Number(x.toFixed(10)))).toEqual([0.02, 0.01, 0.03, 0.01, 0.03]);
    const r = tInterval(d);
    expect(r.n).toBe(5);
    expect(r.mean).toBeCloseTo(0.02, 12);
    expect(r.sd).toBeCloseTo(0.01, 12);
    expect(r.df).toBe(4);
    expect(r.ci?.[0]).toBeCloseTo(0.007583360017962356, 10);
    expect(r.ci?.[1]).toBeCloseTo(0.032416639982037636, 10);
    expect(r.t).toBeCloseTo(Math.sqrt(20), 8);
    expect(r.p).toBeCloseTo(0.011056493393450153, 10); // scipy.stats.ttest_rel
    expect(r.zeroVariance).toBe(false);
  });

  it('one difference: a mean but no std, CI or p-value', () => {
    const r = tInterval([0.05]);
    expect(r.mean).toBeCloseTo(0.05, 12);
    expect([r.sd, r.ci, r.p, r.t, r.df]).toEqual([null, null, null, null, null]);
    expect(r.zeroVariance).toBe(false);
  });

  it('no differences: everything null', () => {
    expect(tInterval([])).toMatchObject({ n: 0, mean: null, sd: null, ci: null, p: null });
  });

  it('zero variance, non-zero difference: no zero-width CI and no t claim (float noise counts as equal)', () => {
    // 0.0019000000000000128, 0.0018999999999999018, 0.0018999999999999018
    const r = tInterval(pairedDiffs([0.9712, 0.9522, 0.9633], [0.9731, 0.9541, 0.9652]));
    expect(r.zeroVariance).toBe(true);
    expect(r.sd).toBe(0);
    expect(r.mean).toBeCloseTo(0.0019, 12);
    expect([r.ci, r.p, r.t, r.se]).toEqual([null, null, null, null]);
  });

  it('zero variance, zero difference: no interval either', () => {
    const r = tInterval([0, 0]);
    expect(r).toMatchObject({ mean: 0, sd: 0, ci: null, p: null, zeroVariance: true });
  });

  it('wider confidence gives a wider interval; the level must be in (0, 1)', () => {
    const d = [0.03, -0.01, 0.03];
    const w = (c: number) => {
      const ci = tInterval(d, c).ci as [number, number];
      return ci[1] - ci[0];
    };
    expect(w(0.99)).toBeGreaterThan(w(0.95));
    expect(() => tInterval(d, 1)).toThrow(/confidence level in \(0, 1\)/);
  });

  it('the CI excludes 0 exactly when p < 0.05, and is centred on the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 20 }), (d) => {
        const r = tInterval(d);
        if (r.zeroVariance) return r.ci === null && r.p === null;
        const [lo, hi] = r.ci as [number, number];
        const m = r.mean as number;
        const p = r.p as number;
        if (Math.abs((lo + hi) / 2 - m) > 1e-12) return false;
        if (!(p >= 0 && p <= 1)) return false;
        return Math.abs(p - 0.05) < 1e-9 || (lo > 0 || hi < 0) === p < 0.05;
      }),
    );
  });

  it('rejects unequal lengths and non-finite values', () => {
    expect(() => pairedDiffs([1, 2], [1])).toThrow(/as many values for b as for a, got 1 and 2/);
    expect(() => pairedDiffs([1, Number.NaN], [1, 2])).toThrow(/a\[1\]: expected a finite number/);
    expect(() => tInterval([1, Infinity])).toThrow(/diffs\[1\]: expected a finite number/);
  });
});
