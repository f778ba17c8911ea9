import { describe, expect, it } from 'vitest';
import { pairedComparison } from '../../../src/engine/stats/paired.js';
import { comparisonVerdict, formatPoints, pairVerdict, type PairSummary } from '../../../src/engine/stats/verdict.js';

function pair(a: readonly number[], b: readonly number[], names: [string, string] = ['output_step', 'hidden_concat']): PairSummary {
  const s = pairedComparison(a, b);
  return { a: names[0], b: names[1], n: s.n, meanDiff: s.meanDiff, std: s.std, ciLow: s.ciLow, ciHigh: s.ciHigh, pValue: s.pValue, significant: s.significant };
}

const VARIANTS = ['output_step', 'hidden_concat'];

describe('formatPoints', () => {
  it('speaks in percentage points', () => {
    expect(formatPoints(0.0123)).toBe('1.23');
    expect(formatPoints(0.0123, true)).toBe('+1.23');
    expect(formatPoints(-0.004, true)).toBe('-0.40');
    expect(formatPoints(-0.00001, true)).toBe('0.00');
  });
});

describe('verdicts', () => {
  it('significant: names the winner, the amount in points, the CI and n', () => {
    const p = pair([0.9, 0.91, 0.92, 0.93, 0.94], [0.92, 0.92, 0.95, 0.94, 0.97]);
    expect(comparisonVerdict(VARIANTS, [p], 5)).toBe(
      'hidden_concat is better by 2.00 points of accuracy (95 % CI [0.76, 3.24], n = 5)',
    );
  });

  it('significant the other way: the baseline wins and the CI is oriented for it', () => {
    const p = pair([0.92, 0.92, 0.95, 0.94, 0.97], [0.9, 0.91, 0.92, 0.93, 0.94]);
    expect(comparisonVerdict(VARIANTS, [p], 5)).toBe(
      'output_step is better by 2.00 points of accuracy (95 % CI [0.76, 3.24], n = 5)',
    );
  });

  it('not significant: says so and mentions the CI containing 0', () => {
    const p = pair([0.5, 0.5, 0.5, 0.5], [0.496, 0.506, 0.498, 0.501]);
    const v = comparisonVerdict(VARIANTS, [p], 4);
    expect(v).toBe(
      'no significant difference between hidden_concat and output_step: hidden_concat − output_step = ' +
        '+0.03 points of accuracy, 95 % CI [-0.67, 0.72] contains 0 (n = 4)',
    );
  });

  it('one repeat: no confidence interval, honestly', () => {
    const p = pair([0.9], [0.95]);
    const v = comparisonVerdict(VARIANTS, [p], 1);
    expect(v.startsWith('one repeat: no confidence interval; run --repeats ≥ 2')).toBe(true);
    expect(v).toContain('hidden_concat − output_step = +5.00 points of accuracy');
    expect(v).not.toMatch(/better|significant/);
  });

  it('only one completed pair out of several repeats', () => {
    const v = pairVerdict(pair([0.9], [0.95]), 3);
    expect(v).toMatch(/^only one of 3 repeats completed for both output_step and hidden_concat: no confidence interval/);
  });

  it('zero variance: no NaN, collapsed CI, and says every repeat agreed', () => {
    const sig = comparisonVerdict(VARIANTS, [pair([0.9712, 0.9522, 0.9633], [0.9731, 0.9541, 0.9652])], 3);
    expect(sig).toBe(
      'hidden_concat is better by 0.19 points of accuracy (95 % CI [0.19, 0.19], n = 3, every repeat gave the same difference)',
    );
    const none = comparisonVerdict(VARIANTS, [pair([0.9, 0.8], [0.9, 0.8])], 2);
    expect(none).toContain('no significant difference');
    expect(none).toContain('CI [0.00, 0.00] contains 0 (n = 2, every repeat gave the same difference)');
    expect(sig + none).not.toMatch(/NaN|Infinity/);
  });

  it('no completed pair', () => {
    expect(comparisonVerdict(VARIANTS, [pair([], [])], 3)).toBe(
      'no repeat completed for both output_step and hidden_concat: nothing to compare',
    );
  });

  it('more than two variants: one clause per variant against the baseline', () => {
    const base = [0.9, 0.91, 0.92, 0.93, 0.94];
    const p1 = pair(base, [0.92, 0.92, 0.95, 0.94, 0.97]);
    const p2 = pair(base, [0.9, 0.915, 0.915, 0.935, 0.94], ['output_step', 'mean_pool']);
    const v = comparisonVerdict(['output_step', 'hidden_concat', 'mean_pool'], [p1, p2], 5);
    const clauses = v.split('; ');
    expect(clauses[0]).toBe('hidden_concat vs output_step: hidden_concat is better by 2.00 points of accuracy (95 % CI [0.76, 3.24], n = 5)');
    expect(clauses[1]).toMatch(/^mean_pool vs output_step: no significant difference between mean_pool and output_step/);
  });

  it('more than two variants with one repeat: one sentence listing the observed differences', () => {
    const v = comparisonVerdict(
      ['output_step', 'hidden_concat', 'mean_pool'],
      [pair([0.9], [0.95]), pair([0.9], [0.89], ['output_step', 'mean_pool'])],
      1,
    );
    expect(v).toBe(
      'one repeat: no confidence interval; run --repeats ≥ 2 (observed on that repeat: ' +
        'hidden_concat − output_step = +5.00 points of accuracy; mean_pool − output_step = -1.00 points of accuracy)',
    );
  });

  it('a single variant has nothing to compare', () => {
    expect(comparisonVerdict(['hidden_concat'], [], 3)).toBe('one variant (hidden_concat): nothing to compare; add a second variant');
  });
});
