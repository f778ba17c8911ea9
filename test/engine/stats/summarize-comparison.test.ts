import { describe, expect, it } from 'vitest';
import { comparisonResultSchema, type ComparisonCell } from '../../../src/contract/comparison.js';
import { summarizeComparison } from '../../../src/engine/stats/summarize-comparison.js';

function cell(variant: string, repeat: number, testAcc: number | null, extra: Partial<ComparisonCell> = {}): ComparisonCell {
  const completed = testAcc !== null;
  return {
    variant,
    repeat,
    runId: `cmp-1-${variant.replace('_', '-')}-${repeat}`,
    status: completed ? 'completed' : 'failed',
    testAcc,
    testLoss: completed ? 1 - testAcc : null,
    trainLoss: completed ? 1.1 - testAcc : null,
    wallMs: completed ? 60_000 + repeat * 1000 : null,
    featureWidth: variant === 'hidden_concat' ? 200 : 100,
    headParams: variant === 'hidden_concat' ? 2010 : 1010,
    ...extra,
  };
}

const A = [0.9, 0.91, 0.92, 0.93, 0.94];
const B = [0.92, 0.92, 0.95, 0.94, 0.97];
const VARIANTS = ['output_step', 'hidden_concat'];

describe('summarizeComparison', () => {
  it('summarizes a full two-variant comparison and passes the schema', () => {
    const cells = [...B.map((acc, r) => cell('hidden_concat', r, acc)), ...A.map((acc, r) => cell('output_step', r, acc))];
    const result = summarizeComparison('cmp-1', VARIANTS, 5, cells);
    expect(comparisonResultSchema.parse(result)).toEqual(result);
    expect(result.metric).toBe('testAcc');
    // cells come back in variant order, then repeat order
    expect(result.cells.map((c) => `${c.variant}:${c.repeat}`).slice(0, 2)).toEqual(['output_step:0', 'output_step:1']);
    const [a, b] = result.perVariant;
    expect(a).toMatchObject({ variant: 'output_step', n: 5, featureWidth: 100, headParams: 1010, wallMsMean: 62_000 });
    expect(a.accMean).toBeCloseTo(0.92, 12);
    expect(a.accStd).toBeCloseTo(Math.sqrt(0.001 / 4), 12);
    expect(a.lossMean).toBeCloseTo(0.08, 12);
    expect(b.accMean).toBeCloseTo(0.94, 12);
    expect(result.paired).toHaveLength(1);
    const p = result.paired[0];
    expect(p).toMatchObject({ a: 'output_step', b: 'hidden_concat', n: 5, significant: true });
    expect(p.ciLow).toBeCloseTo(0.007583360017962356, 10);
    expect(p.ciHigh).toBeCloseTo(0.032416639982037636, 10);
    expect(result.verdict).toBe('hidden_concat is better by 2.00 points of accuracy (95 % CI [0.76, 3.24], n = 5)');
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
    expect(result.paired[0].n).toBe(3); // repeats 0, 3, 4
    expect(result.paired[0].meanDiff).toBeCloseTo((0.02 + 0.01 + 0.03) / 3, 12);
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('one repeat: honest verdict, null std and CI', () => {
    const result = summarizeComparison('cmp-3', VARIANTS, 1, [cell('output_step', 0, 0.9), cell('hidden_concat', 0, 0.95)]);
    expect(result.perVariant[0].accStd).toBeNull();
    expect(result.paired[0]).toMatchObject({ n: 1, std: null, ciLow: null, ciHigh: null, pValue: null, significant: false });
    expect(result.verdict).toMatch(/^one repeat: no confidence interval; run --repeats ≥ 2/);
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('three variants: each compared with the first', () => {
    const cells = [
      ...A.map((acc, r) => cell('output_step', r, acc)),
      ...B.map((acc, r) => cell('hidden_concat', r, acc)),
      ...A.map((acc, r) => cell('mean_pool', r, acc)),
    ];
    const result = summarizeComparison('cmp-4', ['output_step', 'hidden_concat', 'mean_pool'], 5, cells);
    expect(result.paired.map((p) => `${p.b}-${p.a}`)).toEqual(['hidden_concat-output_step', 'mean_pool-output_step']);
    expect(result.paired[1]).toMatchObject({ meanDiff: 0, std: 0, ciLow: 0, ciHigh: 0, pValue: 1, significant: false });
    expect(result.verdict.split('; ')).toHaveLength(2);
    expect(comparisonResultSchema.safeParse(result).success).toBe(true);
  });

  it('no cells yet: every statistic is null, the verdict says nothing can be compared', () => {
    const result = summarizeComparison('cmp-5', VARIANTS, 3, []);
    expect(result.perVariant[0]).toMatchObject({ n: 0, accMean: null, accStd: null, featureWidth: null });
    expect(result.verdict).toBe('no repeat completed for both output_step and hidden_concat: nothing to compare');
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
