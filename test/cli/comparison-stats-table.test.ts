import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { formatVerdict, formatWarnings, OLD_RESULT_NOTE, pairTables } from '../../src/cli/comparison-stats-table.js';
import { comparisonResultSchema } from '../../src/contract/comparison.js';
import { formatComparison } from '../../src/cli/table.js';
import { summarizeComparison } from '../../src/engine/stats/summarize-comparison.js';
import { cellsOf } from '../helpers/comparison-cells.js';

const A = [0.4, 0.45, 0.38, 0.42, 0.41];
const B = [0.43, 0.47, 0.4, 0.45, 0.42];

describe('the printed statistics of a comparison', () => {
  const result = summarizeComparison('cmp-t', ['output_step', 'hidden_concat', 'hidden_last'], 5, cellsOf({ output_step: A, hidden_concat: B, hidden_last: A }), {
    model: { layers: 2, bidirectional: false },
    equivalenceMargin: 0.02,
  });
  const text = formatComparison(result);

  it('every pair in two tables: intervals and Holm p, then the tests, effect sizes and repeats needed', () => {
    const [first, second] = pairTables(result);
    expect(first.columns.map((c) => c.header)).toEqual(['pair (a − b)', 'n', 'mean (points)', '95 % CI t', '95 % CI BCa', 'p Holm', 'significant']);
    expect(second.columns.map((c) => c.header)).toEqual(['pair (a − b)', 'p t-test', 'p sign-flip', 'd_z', 'P(a > b)', 'repeats for 1 pt', 'TOST ±2 p']);
    expect(first.rows.map((r) => r[0])).toEqual(['hidden_concat − output_step', 'hidden_last − output_step', 'hidden_last − hidden_concat']);
    expect(first.rows[1].at(-1)).toBe('same function');
    expect(text).toMatch(/hidden_concat − output_step\s+5\s+\+2\.20\s+\[\+\d\.\d\d, \+\d\.\d\d\]\s+\[\+\d\.\d\d, \+\d\.\d\d\]\s+0\.\d+\s+yes/);
    expect(text).toMatch(/hidden_concat − output_step\s+0\.\d+\s+0\.063\s+\d\.\d\d\s+1\.00\s+\d+\s+\S+/);
  });

  it('warnings with their codes, the verdict as indented paragraphs', () => {
    expect(formatWarnings(result)).toMatch(/^warnings:\n  \[identical-variants\] output_step and hidden_last are the same computation/);
    const verdict = formatVerdict(result).split('\n');
    expect(verdict[0]).toBe('verdict:');
    expect(verdict.slice(1).every((l) => l.startsWith('  '))).toBe(true);
    expect(text.indexOf('warnings:')).toBeLessThan(text.indexOf('verdict:'));
  });

  it('a result saved before these statistics prints its baseline pair and says it is from an earlier version', () => {
    const stored = JSON.parse(readFileSync(new URL('../fixtures/comparisons/stored-before-issue-12.json', import.meta.url), 'utf8')) as { result: unknown };
    const old = formatComparison(comparisonResultSchema.parse(stored.result));
    expect(old).toMatch(/hidden_concat − output_step\s+3\s+\+73\.00/);
    expect(old.trimEnd().endsWith(OLD_RESULT_NOTE)).toBe(true);
    expect(text).not.toContain(OLD_RESULT_NOTE);
  });

  it('no warnings, no "warnings:" block', () => {
    const clean = summarizeComparison('cmp-c', ['output_step', 'hidden_concat'], 5, cellsOf({ output_step: [0.9, 0.91, 0.92, 0.93, 0.94], hidden_concat: [0.93, 0.93, 0.96, 0.95, 0.98] }));
    expect(formatWarnings(clean)).toBe('');
    expect(formatComparison(clean)).not.toMatch(/warnings:/);
  });
});
