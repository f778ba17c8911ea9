import { describe, expect, it } from 'vitest';
import { readoutKey, sameFunctionGroups, type ReadoutContext } from '../../../src/engine/stats/same-function.js';

const ALL = ['output_step', 'hidden_concat', 'hidden_last', 'mean_pool'];
const ctx = (layers: number, bidirectional: boolean, padded: boolean, padding?: ReadoutContext['padding']): ReadoutContext => ({
  layers, bidirectional, padded, ...(padding ? { padding } : {}),
});

describe('which heads are the same function', () => {
  it.each([
    ['1 layer, one direction, no padding', ctx(1, false, false), [['output_step', 'hidden_concat', 'hidden_last']]],
    ['1 layer, both directions', ctx(1, true, false), [['hidden_concat', 'hidden_last']]],
    ['1 layer, one direction, packed padding', ctx(1, false, true), [['hidden_concat', 'hidden_last']]],
    ['2 layers, one direction, no padding', ctx(2, false, false), [['output_step', 'hidden_last']]],
    ['2 layers, both directions, padding', ctx(2, true, true), []],
    // Future padding modes: the LSTM runs through trailing padding ('post') or the padding comes first ('pre').
    ['1 layer, one direction, post padding (not packed)', ctx(1, false, true, 'post'), [['output_step', 'hidden_concat', 'hidden_last']]],
    ['2 layers, one direction, pre padding', ctx(2, false, true, 'pre'), [['output_step', 'hidden_last']]],
    ['2 layers, both directions, pre padding', ctx(2, true, true, 'pre'), []],
  ] as const)('%s', (_name, c, groups) => {
    expect(sameFunctionGroups(ALL, c)).toEqual(groups);
  });

  it('pools (mean_pool, later max_pool / concat_pool) never coincide with a single-step head', () => {
    for (const c of [ctx(1, false, false), ctx(3, true, true)]) {
      expect(readoutKey('mean_pool', c)).toBe('mean_pool');
      expect(readoutKey('max_pool', c)).toBe('max_pool');
      expect(readoutKey('concat_pool', c)).not.toBe(readoutKey('hidden_last', c));
    }
  });

  it('only groups the variants asked for', () => {
    expect(sameFunctionGroups(['mean_pool', 'hidden_last'], ctx(1, false, false))).toEqual([]);
    expect(sameFunctionGroups(['hidden_last', 'output_step'], ctx(1, false, false))).toEqual([['hidden_last', 'output_step']]);
  });
});
