import { describe, expect, it } from 'vitest';
import { comparisonResultSchema } from '../../../src/contract/comparison.js';
import { summarizeComparison } from '../../../src/engine/stats/summarize-comparison.js';
import { cell, cellsOf } from '../../helpers/comparison-cells.js';

const A = [0.9, 0.91, 0.92, 0.93, 0.94];
const B = [0.92, 0.92, 0.95, 0.94, 0.97];
const VARIANTS = ['output_step', 'hidden_concat'];

describe('summarizeComparison', () => {
  it('summarizes a full two-variant comparison and passes the schema', () => {
    const cells = [...B.map((acc, r) => cell('hidden_concat', r, acc)), ...A.map((acc, r) => cell('output_step', r, acc))];
    const result = summarizeComparison('cmp-1', VARIANTS, 5, cells);
    expect(comparisonResultSchema.parse(JSON.parse(JSON.stringify(result)))).toEqual(result);
    expect(result.metric).toBe('testAcc');
    // cells come back in variant order, then repeat order
    expect(result.cells.map((c) => `${c.variant}:${c.repeat}`).slice(0, 2)).toEqual(['output_step:0', 'output_step:1']);
    const [a, b] = result.perVariant;
    expect(a).toMatchObject({ variant: 'output_step', n: 5, featureWidth: 100, headParams: 1010, wallMsMean: 62_000 });
    expect(a.accMean).toBeCloseTo(0.92, 12);
    expect(a.accStd).toBeCloseTo(Math.sqrt(0.001 / 4), 12);
    expect(b.accMean).toBeCloseTo(0.94, 12);
    expect(result.pairs).toHaveLength(1);
    const p = result.pairs[0];
    // a − b with a the later variant: hidden_concat − output_step
    expect(p).toMatchObject({ a: 'hidden_concat', b: 'output_step', n: 5, significant: true, decided_by: 't', identical: false, p_a_gt_b: 1 });
    expect(p.ci_t?.[0]).toBeCloseTo(0.007583360017962356, 10);
    expect(p.ci_t?.[1]).toBeCloseTo(0.032416639982037636, 10);
    expect(p.p_t).toBeCloseTo(0.011056493393450153, 10);
    expect(p.p_holm).toBe(p.p_t); // one pair: Holm changes nothing
    expect(p.p_signflip).toBe(2 / 32); // all five differences positive
    expect(p.d_z).toBeCloseTo(0.02 / 0.01, 10);
    expect(p.ci_bca?.[0]).toBeGreaterThan(0);
    expect(p.repeats_needed).toBeGreaterThan(5); // 1 point with sd 1 point
    expect(result.verdict.split('\n')[0]).toBe(
      'hidden_concat is better than output_step by 2.00 points on average (95 % CI +0.76 to +3.24 points; p = 0.011); it came out ahead in 5 of 5 repeats.',
    );
    expect(result.analysis).toMatchObject({ confidence: 0.95, alpha: 0.05, minEffect: 0.01, equivalenceMargin: null, numClasses: 10, chance: 0.1135, padded: false });
    expect(result.analysis?.varianceSources).toEqual(['initial-weights', 'data-order']);
  });

  it('is deterministic: the same cells give the same result (seeded bootstrap and Monte Carlo)', () => {
    const cells = cellsOf({ output_step: A, hidden_concat: B });
    expect(summarizeComparison('cmp-1', VARIANTS, 5, cells)).toEqual(summarizeComparison('cmp-1', VARIANTS, 5, cells));
  });

  it('pairs by repeat index and leaves out failed or unfinished cells', () => {
    const cells = [
      ...A.map((acc, r) => cell('output_step', r, acc)),
      ...B.map((acc, r) => cell('hidden_concat', r, r === 2 ? null : acc)),
      cell('output_step', 5, null, { status: 'pending', runId: null, featureWidth: null, headParams: null }),
    ];
    // repeat 1's baseline was stopped early: its accuracy must not count
    cells[1] = { ...cells[1], status: 'stopped' };
    const result = summarizeComparison('cmp-2', VARIANTS, 6, cells);
    expect(result.perVariant[0].n).toBe(4);
    expect(result.perVariant[1].n).toBe(4);
    expect(result.pairs[0].n).toBe(3); // repeats 0, 3, 4
    expect(result.pairs[0].mean_diff).toBeCloseTo((0.02 + 0.01 + 0.03) / 3, 12);
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('one repeat: an honest verdict that names no command-line flag, null std and intervals', () => {
    const result = summarizeComparison('cmp-3', VARIANTS, 1, [cell('output_step', 0, 0.9), cell('hidden_concat', 0, 0.95)]);
    expect(result.perVariant[0].accStd).toBeNull();
    expect(result.pairs[0]).toMatchObject({ n: 1, sd_diff: null, ci_t: null, ci_bca: null, p_t: null, p_holm: null, significant: false });
    expect(result.pairs[0].p_signflip).toBe(1);
    expect(result.verdict).toMatch(/^One repeat per head \(hidden_concat − output_step = \+5\.00 points\): one repeat cannot tell/);
    expect(result.verdict).not.toMatch(/--/);
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('every pair, the baseline pairs first, Holm over the family', () => {
    const C = [0.95, 0.94, 0.97, 0.95, 0.99];
    const cells = cellsOf({ output_step: A, hidden_concat: B, mean_pool: C });
    const result = summarizeComparison('cmp-4', ['output_step', 'hidden_concat', 'mean_pool'], 5, cells);
    expect(result.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['hidden_concat-output_step', 'mean_pool-output_step', 'mean_pool-hidden_concat']);
    const ps = result.pairs.map((p) => p.p_t as number);
    const holm = result.pairs.map((p) => p.p_holm as number);
    const order = [0, 1, 2].sort((i, j) => ps[i] - ps[j]);
    expect(holm[order[0]]).toBeCloseTo(Math.min(1, 3 * ps[order[0]]), 14);
    expect(holm[order[1]]).toBeCloseTo(Math.max(holm[order[0]], Math.min(1, 2 * ps[order[1]])), 14);
    expect(holm.every((h, i) => h >= ps[i])).toBe(true);
    expect(result.pairs.map((p) => p.significant)).toEqual(holm.map((h) => h < 0.05));
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('the minimal effect and the equivalence margin shape repeats_needed and the TOST fields', () => {
    const a = [0.9, 0.905, 0.91, 0.902, 0.899, 0.907, 0.903, 0.901, 0.906, 0.904];
    const b = a.map((x, i) => x + [0.004, -0.004, 0.006, 0, -0.005, 0.003, 0.001, -0.003, 0.004, 0.002][i]);
    const cells = cellsOf({ output_step: a, hidden_concat: b });
    const one = summarizeComparison('cmp-6', VARIANTS, 10, cells);
    const half = summarizeComparison('cmp-6', VARIANTS, 10, cells, { minEffect: 0.005, equivalenceMargin: 0.01 });
    expect(one.pairs[0].p_tost).toBeNull();
    expect(one.pairs[0].equivalent).toBeNull();
    expect(half.pairs[0].repeats_needed as number).toBeGreaterThan(one.pairs[0].repeats_needed as number);
    expect(half.pairs[0].equivalent).toBe(true);
    expect(half.pairs[0].p_tost as number).toBeLessThan(0.05);
    expect(half.analysis?.equivalenceMargin).toBe(0.01);
    expect(half.verdict).toMatch(/equivalent within ±1\.00 point:/);
    expect(() => summarizeComparison('x', VARIANTS, 1, [], { minEffect: 0 })).toThrow(/minEffect: expected a fraction in \(0, 1\]/);
  });

  it('resampled splits: the analysis and the verdict say the intervals cover the test sample too', () => {
    const r = summarizeComparison('cmp-7', VARIANTS, 5, cellsOf({ output_step: A, hidden_concat: B }), { resampleSplit: true });
    expect(r.analysis?.varianceSources).toEqual(['initial-weights', 'data-order', 'train-test-split']);
    expect(r.verdict).toMatch(/which samples land in the training and test sets\.$/);
    const fixed = summarizeComparison('cmp-7', VARIANTS, 5, cellsOf({ output_step: A, hidden_concat: B }));
    expect(fixed.verdict).toMatch(/every repeat is tested on the same test set, so they do not cover/);
  });

  it('no cells yet: every statistic is null, the verdict says nothing can be compared', () => {
    const result = summarizeComparison('cmp-5', VARIANTS, 3, []);
    expect(result.perVariant[0]).toMatchObject({ n: 0, accMean: null, accStd: null, featureWidth: null });
    expect(result.verdict.split('\n')[0]).toBe('hidden_concat vs output_step: no repeat finished for both, so there is nothing to compare.');
    expect(result.analysis).toMatchObject({ numClasses: null, chance: null, padded: null });
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('rejects inconsistent input, naming the field', () => {
    expect(() => summarizeComparison('x', [], 1, [])).toThrow(/variants: expected at least one variant/);
    expect(() => summarizeComparison('x', ['a', 'a'], 1, [])).toThrow(/each variant at most once/);
    expect(() => summarizeComparison('x', VARIANTS, 0, [])).toThrow(/repeats: expected an integer ≥ 1, got 0/);
    expect(() => summarizeComparison('x', VARIANTS, 2, [cell('mean_pool', 0, 0.9)])).toThrow(
      /cells\[0\]\.variant: expected one of output_step, hidden_concat, got "mean_pool"/,
    );
    expect(() => summarizeComparison('x', VARIANTS, 2, [cell('output_step', 2, 0.9)])).toThrow(
      /cells\[0\]\.repeat: expected a 0-based repeat index from 0 to 1, got 2/,
    );
    expect(() => summarizeComparison('x', VARIANTS, 2, [cell('output_step', 0, 0.9), cell('output_step', 0, 0.8)])).toThrow(
      /cells\[1\]: a second cell for output_step, repeat 0/,
    );
  });
});
