import { describe, expect, it } from 'vitest';
import { formatComparison, renderTable } from '../../src/cli/table.js';
import type { ComparisonCell } from '../../src/contract/comparison.js';
import { summarizeComparison } from '../../src/engine/stats/summarize-comparison.js';

describe('renderTable', () => {
  it('aligns columns: header, separator, text left, numbers right', () => {
    const text = renderTable(
      ['variant', 'acc', 'params'],
      [
        ['output_step', '97.12', 1010],
        ['hidden_concat', '97.5', 2010000],
      ],
    );
    expect(text.split('\n')).toEqual([
      'variant          acc   params',
      '-------------  -----  -------',
      'output_step    97.12     1010',
      'hidden_concat   97.5  2010000',
    ]);
  });

  it('every line has the same column boundaries', () => {
    const lines = renderTable(['a', 'bbbbbbbb', 'c'], [[1, 'x', 'yy'], [22222, 'long text', 'z']]).split('\n');
    const sep = lines[1];
    const starts = [...sep.matchAll(/-+/g)].map((m) => m.index);
    expect(starts).toEqual([0, 7, 18]);
    // right-aligned numbers end where the dashes end
    expect(lines[2].indexOf('1') + 1).toBe(5);
    expect(lines[3].slice(0, 5)).toBe('22222');
  });

  it('counts "±", "−" and "—" as one column each, prints null as "—", trims trailing spaces', () => {
    const lines = renderTable(['name', 'value'], [['a', '1.00 ± 0.10'], ['bb', null]]).split('\n');
    expect(lines[2]).toBe('a     1.00 ± 0.10');
    expect(lines[3]).toBe('bb              —');
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('honours an explicit alignment', () => {
    const lines = renderTable([{ header: 'n', align: 'left' }, { header: 'name', align: 'right' }], [[5, 'x']]).split('\n');
    expect(lines[2]).toBe('5     x');
  });

  it('rejects a row with the wrong number of cells', () => {
    expect(() => renderTable(['a', 'b'], [['x']])).toThrow(/table row 0: expected 2 cells, got 1/);
  });
});

function cells(accs: Record<string, (number | null)[]>): ComparisonCell[] {
  return Object.entries(accs).flatMap(([variant, list]) =>
    list.map((testAcc, repeat) => ({
      variant,
      repeat,
      runId: `cmp-1-${repeat}`,
      status: testAcc === null ? ('failed' as const) : ('completed' as const),
      testAcc,
      testLoss: testAcc === null ? null : 0.09 + repeat * 0.001,
      trainLoss: 0.08,
      wallMs: testAcc === null ? null : 72_000,
      featureWidth: variant === 'hidden_concat' ? 200 : 100,
      headParams: variant === 'hidden_concat' ? 2010 : 1010,
    })),
  );
}

describe('formatComparison', () => {
  it('prints per-variant mean ± std, width, head params, time, the paired CI and the verdict', () => {
    const result = summarizeComparison(
      'cmp-1',
      ['output_step', 'hidden_concat'],
      5,
      cells({ output_step: [0.9, 0.91, 0.92, 0.93, 0.94], hidden_concat: [0.92, 0.92, 0.95, 0.94, 0.97] }),
    );
    const text = formatComparison(result);
    const lines = text.split('\n');
    expect(lines[0]).toBe('comparison cmp-1 · 2 variants × 5 repeats · test accuracy');
    const row = lines.find((l) => l.startsWith('output_step '));
    expect(row).toBeDefined();
    // accuracy 92.00 ± 1.58 %, loss 0.0920 ± 0.0016, width 100, 1,010 head params, 1m12s
    expect(row).toMatch(/^output_step\s+5\/5\s+92\.00 ± 1\.58\s+0\.0920 ± 0\.0016\s+100\s+1,010\s+1m12s$/);
    expect(text).toMatch(/hidden_concat − output_step\s+5\s+\+2\.00\s+\[\+0\.76, \+3\.24\]\s+\[\+\d\.\d\d, \+\d\.\d\d\]\s+0\.011\s+yes/);
    expect(lines[lines.indexOf('verdict:') + 1]).toBe(
      '  hidden_concat is better than output_step by 2.00 points on average (95 % CI +0.76 to +3.24 points; p = 0.011); it came out ahead in 5 of 5 repeats.',
    );
    expect(text).not.toMatch(/did not complete/);
  });

  it('one repeat: no std, no CI, an honest verdict; failed runs are noted', () => {
    const result = summarizeComparison(
      'cmp-2',
      ['output_step', 'hidden_concat', 'mean_pool'],
      1,
      cells({ output_step: [0.9712], hidden_concat: [0.9745], mean_pool: [null] }),
    );
    const text = formatComparison(result);
    expect(text).toMatch(/^output_step\s+1\/1\s+97\.12\s+0\.0900\s/m);
    expect(text).toMatch(/^mean_pool\s+0\/1\s+—\s+—\s+100/m);
    expect(text).toMatch(/hidden_concat − output_step\s+1\s+\+0\.33\s+—\s+—\s+—\s+n\/a/);
    expect(text).toContain('note: 1 of 3 runs did not complete (failed: 1); they are left out of the statistics');
    expect(text).toMatch(/\[failed-repeats\] Not every repeat finished — mean_pool: 0 of 1 \(failed 1\)/);
    expect(text).toMatch(/verdict: One repeat per head/);
    expect(text).not.toMatch(/--repeats/);
  });
});
