/**
 * Simulated studies (no training): accuracies per repeat = a shared seed effect + a per-variant effect + noise,
 * then the real summarizeComparison. Seeded, so every run sees the same 2,000 studies per setting.
 *   A/A (no true difference): the verdict's false-positive rate is 5 % ± 1.5 % at n = 5, 10 and 30;
 *   a true difference at n = 10: the 95 % t interval covers it in ≥ 93 % of studies;
 *   4 variants, no true difference: Holm keeps the family-wise rate ≤ 5 % (uncorrected tests do not).
 */
import { describe, expect, it } from 'vitest';
import type { ComparisonCell, ComparisonResult } from '../../../src/contract/comparison.js';
import { Rng } from '../../../src/engine/rng.js';
import { summarizeComparison } from '../../../src/engine/stats/summarize-comparison.js';

const STUDIES = 2000;
// Fewer resamples than the studio's 10,000 / 100,000: they do not decide significance, and it keeps this fast.
const FAST = { bootstrapResamples: 100, signFlipResamples: 100 };

function study(rng: Rng, n: number, shifts: number[]): ComparisonResult {
  const variants = shifts.map((_, i) => `v${i}`);
  const cells: ComparisonCell[] = [];
  for (let r = 0; r < n; r++) {
    const seedEffect = 0.02 * rng.normal();
    shifts.forEach((shift, i) => {
      const acc = Math.min(1, Math.max(0, 0.9 + seedEffect + shift + 0.01 * rng.normal()));
      cells.push({
        variant: variants[i], repeat: r, runId: null, status: 'completed', testAcc: acc, testLoss: 1 - acc, trainLoss: 1 - acc,
        wallMs: 1, featureWidth: 1, headParams: 1, numClasses: 10, chance: 0.1, padded: false,
      });
    });
  }
  return summarizeComparison('sim', variants, n, cells, FAST);
}

describe('simulated studies', () => {
  it.each([5, 10, 30])('A/A at n = %i: false-positive rate of the verdict is 5 % ± 1.5 %', (n) => {
    const rng = new Rng(1000 + n);
    let positives = 0;
    for (let s = 0; s < STUDIES; s++) {
      const r = study(rng, n, [0, 0]);
      if (r.pairs[0].significant) {
        positives++;
        expect(r.verdict).toMatch(/is better than/);
      }
    }
    const rate = positives / STUDIES;
    expect(rate).toBeGreaterThanOrEqual(0.035);
    expect(rate).toBeLessThanOrEqual(0.065);
  }, 60_000);

  it('a true difference of 1 point at n = 10: the t interval covers it in ≥ 93 % of studies (BCa: narrower, ≈ 90 %)', () => {
    const rng = new Rng(77);
    let coveredT = 0;
    let coveredBca = 0;
    for (let s = 0; s < STUDIES; s++) {
      const p = study(rng, 10, [0, 0.01]).pairs[0]; // a = v1, b = v0: true a − b = +0.01
      const [lo, hi] = p.ci_t as [number, number];
      if (lo <= 0.01 && 0.01 <= hi) coveredT++;
      const bca = p.ci_bca as [number, number];
      if (bca[0] <= 0.01 && 0.01 <= bca[1]) coveredBca++;
    }
    expect(coveredT / STUDIES).toBeGreaterThanOrEqual(0.93);
    expect(coveredT / STUDIES).toBeLessThanOrEqual(0.97);
    expect(coveredBca / STUDIES).toBeGreaterThanOrEqual(0.86);
  }, 60_000);

  it('4 variants, no true difference: Holm keeps the family-wise false-positive rate ≤ 5 % (uncorrected t-tests exceed it)', () => {
    const rng = new Rng(4);
    let holmAny = 0;
    let rawAny = 0;
    for (let s = 0; s < STUDIES; s++) {
      const r = study(rng, 10, [0, 0, 0, 0]);
      expect(r.pairs).toHaveLength(6);
      if (r.pairs.some((p) => p.significant)) holmAny++;
      if (r.pairs.some((p) => (p.p_t as number) < 0.05)) rawAny++;
    }
    expect(holmAny / STUDIES).toBeLessThanOrEqual(0.05);
    expect(rawAny / STUDIES).toBeGreaterThan(0.1);
  }, 60_000);
});
