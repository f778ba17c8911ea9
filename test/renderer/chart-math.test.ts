/** The renderer's pure chart math: EMA smoothing, mean ± std over repeats, band thinning, merging by step. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ema } from '../../renderer/src/lib/charts/ema.js';
import { aggregateRepeats, formatMeanStd, meanStd } from '../../renderer/src/lib/charts/stats.js';
import { thinUniform } from '../../renderer/src/lib/charts/thin.js';
import { withAlpha } from '../../renderer/src/lib/charts/series.js';
import { appendByStep } from '../../renderer/src/lib/series-merge.js';

describe('ema', () => {
  it('returns the raw values at weight 0', () => {
    expect(ema([3, 1, 2], 0)).toEqual([3, 1, 2]);
  });

  it('is bias-corrected: a constant series stays constant at any weight', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 50 }), (c, w, n) => {
        for (const v of ema(Array(n).fill(c), w)) expect(v).toBeCloseTo(c, 6);
      }),
    );
  });

  it('smooths a step change gradually and stays between the extremes', () => {
    const out = ema([0, 0, 0, 10, 10, 10], 0.5);
    expect(out[3]).toBeGreaterThan(0);
    expect(out[3]).toBeLessThan(10);
    expect(out[5]).toBeGreaterThan(out[4]);
    for (const v of out) expect(v >= 0 && v <= 10).toBe(true);
  });

  it('passes non-finite values through without disturbing the average', () => {
    const out = ema([1, Number.NaN, 1], 0.9);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[2]).toBeCloseTo(1, 9);
  });
});

describe('meanStd / aggregateRepeats', () => {
  it('computes the sample standard deviation', () => {
    const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(2.138, 3);
    expect(meanStd([3]).std).toBe(0);
    expect(meanStd([]).n).toBe(0);
  });

  it('aggregates repeats step by step, using the repeats that reached each step', () => {
    const a = [
      { step: 1, t: 10, y: 1 },
      { step: 2, t: 20, y: 3 },
    ];
    const b = [{ step: 1, t: 30, y: 3 }];
    const band = aggregateRepeats([a, b], 'step');
    expect(band.mean).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 3 },
    ]);
    expect(band.counts).toEqual([2, 1]);
    expect(band.upper[0].y).toBeCloseTo(2 + Math.SQRT2, 9);
    expect(band.lower[0].y).toBeCloseTo(2 - Math.SQRT2, 9);
    const timed = aggregateRepeats([a, b], 'time');
    expect(timed.mean[0].x).toBe(20);
  });

  it('keeps x strictly increasing on the time axis', () => {
    const band = aggregateRepeats(
      [
        [
          { step: 1, t: 50, y: 1 },
          { step: 2, t: 40, y: 1 },
        ],
      ],
      'time',
    );
    expect(band.mean[1].x).toBeGreaterThan(band.mean[0].x);
  });

  it('formats mean ± std', () => {
    expect(formatMeanStd([0.5, 0.7], 2)).toBe('0.60 ± 0.14');
    expect(formatMeanStd([0.5], 2)).toBe('0.50');
    expect(formatMeanStd([], 2)).toBe('—');
  });
});

describe('thinUniform / withAlpha / appendByStep', () => {
  it('thins to at most max + 1 points and keeps the last one', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ x: i, y: i }));
    const thin = thinUniform(pts, 100);
    expect(thin.length).toBeLessThanOrEqual(101);
    expect(thin[thin.length - 1]).toEqual({ x: 999, y: 999 });
    expect(thinUniform(pts.slice(0, 5), 100)).toHaveLength(5);
  });

  it('adds alpha to hex and rgb colours', () => {
    expect(withAlpha('#ff0080', 0.5)).toBe('rgba(255, 0, 128, 0.5)');
    expect(withAlpha('rgb(1, 2, 3)', 0.2)).toBe('rgba(1, 2, 3, 0.2)');
  });

  it('appends only points beyond the last step (no repeats after a reload races live events)', () => {
    const into = [{ step: 1 }, { step: 2 }];
    expect(appendByStep(into, [{ step: 2 }, { step: 3 }, { step: 3 }, { step: 5 }])).toBe(2);
    expect(into.map((p) => p.step)).toEqual([1, 2, 3, 5]);
  });
});
