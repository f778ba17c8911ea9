import { describe, expect, it } from 'vitest';
import { gatherBatch, limitSplit, rangeIndices } from '../../../src/engine/data/batch.js';
import type { DenseSplit, TokenSplit } from '../../../src/engine/data/dataset.js';

const dense: DenseSplit = {
  kind: 'dense',
  count: 3,
  seqLen: 2,
  inputSize: 2,
  x: Uint8Array.from([0, 51, 102, 153, 204, 255, 10, 20, 30, 40, 50, 60]),
  scale: 1 / 255,
  y: Int32Array.from([7, 8, 9]),
};

const tokens: TokenSplit = {
  kind: 'tokens',
  count: 3,
  seqLen: 4,
  tokens: Int32Array.from([5, 6, 0, 0, 7, 8, 9, 1, 3, 0, 0, 0]),
  lengths: Int32Array.from([2, 4, 1]),
  y: Int32Array.from([0, 1, 0]),
};

describe('gatherBatch', () => {
  it('gathers dense samples batch-major as scaled Float32', () => {
    const b = gatherBatch(dense, [1, 0]);
    expect(b).toMatchObject({ kind: 'dense', batch: 2, seqLen: 2, inputSize: 2 });
    expect(b.x).toBeInstanceOf(Float32Array);
    expect(Array.from(b.x, (v) => Math.round(v * 255))).toEqual([204, 255, 10, 20, 0, 51, 102, 153]);
    expect(b.x[1]).toBeCloseTo(1);
    expect([...b.y]).toEqual([8, 7]);
    expect(b.lengths).toBeUndefined();
  });

  it('gathers token samples with lengths, repeats allowed', () => {
    const b = gatherBatch(tokens, Int32Array.from([2, 1, 2]));
    expect(b).toMatchObject({ kind: 'tokens', batch: 3, seqLen: 4, inputSize: 0 });
    expect(b.x).toBeInstanceOf(Int32Array);
    expect([...b.x]).toEqual([3, 0, 0, 0, 7, 8, 9, 1, 3, 0, 0, 0]);
    expect([...(b.lengths ?? [])]).toEqual([1, 4, 1]);
    expect([...b.y]).toEqual([0, 1, 0]);
  });

  it('rejects indices outside the split', () => {
    expect(() => gatherBatch(dense, [3])).toThrow(RangeError);
    expect(() => gatherBatch(tokens, [-1])).toThrow(/outside the split/);
    expect(() => gatherBatch(tokens, [0.5])).toThrow(RangeError);
  });
});

describe('limitSplit', () => {
  it('keeps the first n samples as views', () => {
    const d = limitSplit(dense, 2);
    expect(d.count).toBe(2);
    expect(d.x.length).toBe(8);
    expect(d.x.buffer).toBe(dense.x.buffer);
    const t = limitSplit(tokens, 1);
    expect(t.count).toBe(1);
    expect([...t.tokens]).toEqual([5, 6, 0, 0]);
    expect([...t.lengths]).toEqual([2]);
    expect(t.y.buffer).toBe(tokens.y.buffer);
    expect([...gatherBatch(t, [0]).x]).toEqual([5, 6, 0, 0]);
  });

  it('returns the split unchanged at or above its count and rejects bad n', () => {
    expect(limitSplit(dense, 3)).toBe(dense);
    expect(limitSplit(dense, 100)).toBe(dense);
    expect(() => limitSplit(dense, 0)).toThrow(RangeError);
    expect(() => limitSplit(dense, 1.5)).toThrow(RangeError);
  });
});

describe('rangeIndices', () => {
  it('walks a split in order, clipping the last chunk', () => {
    expect([...rangeIndices(0, 2, 3)]).toEqual([0, 1]);
    expect([...rangeIndices(2, 2, 3)]).toEqual([2]);
    expect([...rangeIndices(3, 2, 3)]).toEqual([]);
  });
});
