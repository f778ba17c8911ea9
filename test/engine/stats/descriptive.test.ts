import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mean, median, sampleStd, sampleVariance } from '../../../src/engine/stats/descriptive.js';

describe('mean', () => {
  it('averages', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([-1, 1])).toBe(0);
  });

  it('returns exactly the value when all values are equal', () => {
    expect(mean([0.1, 0.1, 0.1])).toBe(0.1);
    expect(mean([0.9731, 0.9731, 0.9731, 0.9731, 0.9731, 0.9731, 0.9731])).toBe(0.9731);
  });

  it('stays within [min, max]', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const m = mean(xs);
        return m >= Math.min(...xs) && m <= Math.max(...xs);
      }),
    );
  });

  it('rejects empty and non-finite input with a clear message', () => {
    expect(() => mean([])).toThrow(/at least one value/);
    expect(() => mean([1, Number.NaN])).toThrow(/mean\[1\]: expected a finite number, got NaN/);
    expect(() => mean([Infinity])).toThrow(/finite/);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('does not reorder its input and rejects an empty list', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
    expect(() => median([])).toThrow(/median: expected at least one value/);
  });
});

describe('sample std (n − 1)', () => {
  it('uses the n − 1 denominator', () => {
    // mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32; 32 / 7
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(sampleVariance(xs)).toBeCloseTo(32 / 7, 14);
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(sampleStd([1, 3])).toBeCloseTo(Math.SQRT2, 14);
  });

  it('is exactly 0 (not NaN, not rounding noise) for equal values', () => {
    expect(sampleStd([0.1, 0.1, 0.1])).toBe(0);
    expect(sampleStd([0.3 - 0.2, 0.3 - 0.2])).toBe(0);
  });

  it('needs two values', () => {
    expect(() => sampleStd([1])).toThrow(/at least 2 values, got 1/);
  });

  it('is invariant to shifts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (xs, c) => Math.abs(sampleStd(xs) - sampleStd(xs.map((x) => x + c))) < 1e-9,
      ),
    );
  });
});
