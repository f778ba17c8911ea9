import { describe, expect, it } from 'vitest';
import { formatP, formatPoints } from '../../../src/engine/stats/format-stats.js';
import { summarizeComparison, type SummarizeOptions } from '../../../src/engine/stats/summarize-comparison.js';
import { cellsOf } from '../../helpers/comparison-cells.js';

const BASE = [0.9, 0.91, 0.92, 0.93, 0.94, 0.905, 0.915, 0.925, 0.935, 0.945];
const plus = (d: number, wobble = 0.004) => BASE.map((x, i) => x + d + (i % 2 ? wobble : -wobble));

function verdict(accs: Record<string, number[]>, opts: SummarizeOptions = {}, extra = {}): string {
  const variants = Object.keys(accs);
  return summarizeComparison('cmp-v', variants, accs[variants[0]].length, cellsOf(accs, extra), opts).verdict;
}

describe('formatting', () => {
  it('speaks in percentage points and writes p-values plainly', () => {
    expect(formatPoints(0.0123)).toBe('1.23');
    expect(formatPoints(0.0123, true)).toBe('+1.23');
    expect(formatPoints(-0.004, true)).toBe('-0.40');
    expect(formatPoints(-0.00001, true)).toBe('0.00');
    expect([formatP(0.25), formatP(0.0312), formatP(0.00312), formatP(0.00001)]).toEqual(['0.250', '0.031', '0.0031', '< 0.0001']);
  });
});

describe('verdicts', () => {
  it('significant: names the winner, the amount, the CI oriented for it, p and the share of repeats won', () => {
    const lines = verdict({ output_step: plus(0.02), hidden_concat: BASE }).split('\n');
    expect(lines[0]).toMatch(/^output_step is better than hidden_concat by 2\.00 points on average \(95 % CI \+1\.\d\d to \+2\.\d\d points; p < 0\.0001\); it came out ahead in 10 of 10 repeats\.$/);
  });

  it('not significant: the interval includes zero, and how many repeats a 1-point difference would need', () => {
    const noisy = BASE.map((x, i) => x + 3 * [0.01, -0.012, 0.004, -0.006, 0.011, -0.01, 0.003, -0.002, 0.008, -0.009][i]);
    const line = verdict({ output_step: BASE, hidden_concat: noisy }).split('\n')[0];
    expect(line).toMatch(/^No clear difference between hidden_concat and output_step: hidden_concat − output_step = -?\d\.\d\d points on average, and the 95 % CI from -\d\.\d\d to \+\d\.\d\d points includes zero\. About \d+ repeats would be needed to detect a 1-point difference reliably\.$/);
  });

  it('several pairs: Holm is mentioned as a correction for the number of comparisons', () => {
    const v = verdict({ output_step: BASE, hidden_concat: plus(0.03), mean_pool: plus(0.05) });
    expect(v).toMatch(/corrected for 3 comparisons/);
  });

  it('explains a backward direction, padding, and the extra layers when the model has them', () => {
    const accs = { output_step: BASE, hidden_concat: plus(0.05), hidden_last: plus(0.05, 0.0041) };
    const v = verdict(accs, { model: { layers: 2, bidirectional: true } }, { padded: true });
    expect(v).toMatch(/backward direction after it has seen only the last step/);
    expect(v).toMatch(/Sequences here are padded: for a shorter sequence out\[:, -1\] is a padding step/);
    expect(v).toMatch(/hidden_concat also carries the final states of the first layer, so it is 2 times as wide/);
    // hidden_last beats output_step, hidden_concat is not clearly better than hidden_last: "which step", not "more layers".
    expect(v).toMatch(/So the difference comes from which step is read \(h_n instead of out\[:, -1\]: \+5\.\d\d points\), not from the extra layers/);
  });

  it('the extra layers, when they are what differs', () => {
    const accs = { output_step: BASE, hidden_concat: plus(0.03), hidden_last: plus(0.0, 0.0041) };
    const v = verdict(accs, { model: { layers: 2, bidirectional: true } }, { padded: false });
    expect(v).toMatch(/the difference comes from the earlier layers' states that hidden_concat adds \(\+3\.\d\d points over hidden_last\), not from which step is read/);
  });

  it('one layer, one direction, no padding: says the heads compute the same thing', () => {
    const v = verdict({ output_step: BASE, hidden_concat: BASE }, { model: { layers: 1, bidirectional: false } });
    expect(v).toMatch(/With one layer, one direction and no padding, out\[:, -1\] is h_n/);
  });

  it('without hidden_last on a deeper model, suggests comparing it to separate the two effects', () => {
    const v = verdict({ output_step: BASE, hidden_concat: plus(0.03) }, { model: { layers: 2, bidirectional: true } });
    expect(v).toMatch(/compare hidden_last too to tell the two apart/);
  });

  it('always says what the intervals cover, and never names a command-line flag', () => {
    for (const opts of [{}, { resampleSplit: true, equivalenceMargin: 0.01 }] as SummarizeOptions[]) {
      const v = verdict({ output_step: BASE, hidden_concat: plus(0.001) }, opts);
      expect(v.split('\n').at(-1)).toMatch(/^Each repeat uses another seed, so the intervals cover the randomness of the initial weights/);
      expect(v).not.toMatch(/--[a-z]/);
    }
  });

  it('one head: nothing to compare', () => {
    expect(summarizeComparison('c', ['hidden_concat'], 3, []).verdict).toBe('Only one head (hidden_concat): there is nothing to compare; add a second head.');
  });
});
