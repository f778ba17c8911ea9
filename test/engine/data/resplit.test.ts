import { describe, expect, it } from 'vitest';
import type { Dataset, DenseSplit, TokenSplit } from '../../../src/engine/data/dataset.js';
import { datasetFacts } from '../../../src/engine/data/dataset-facts.js';
import { resplitDataset } from '../../../src/engine/data/resplit.js';
import { makeTokenTask } from '../../../src/engine/data/token-tasks.js';

/** A dense dataset whose sample i (train 0..7, test 8..11) has every pixel = i and label i % 3. */
function numbered(): Dataset {
  const split = (from: number, count: number): DenseSplit => ({
    kind: 'dense', count, seqLen: 2, inputSize: 2, scale: 1 / 255,
    x: Uint8Array.from({ length: count * 4 }, (_, k) => from + Math.floor(k / 4)),
    y: Int32Array.from({ length: count }, (_, k) => (from + k) % 3),
  });
  return { spec: 'test', name: 't', description: 'd', kind: 'dense', seqLen: 2, inputSize: 2, vocabSize: 0, numClasses: 3, train: split(0, 8), test: split(8, 4) };
}
const ids = (s: DenseSplit) => Array.from({ length: s.count }, (_, i) => s.x[i * 4]);

describe('resplitDataset', () => {
  it('pools train + test and deals them out again: same sizes, every sample once, labels follow their samples', () => {
    const r = resplitDataset(numbered(), 7);
    const train = ids(r.train as DenseSplit);
    const test = ids(r.test as DenseSplit);
    expect(train).toHaveLength(8);
    expect(test).toHaveLength(4);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    (['train', 'test'] as const).forEach((part) => {
      const s = r[part] as DenseSplit;
      ids(s).forEach((id, i) => expect(s.y[i]).toBe(id % 3));
      expect(s.x).toBeInstanceOf(Uint8Array);
      expect(s.scale).toBe(1 / 255);
    });
    expect(test.some((id) => id < 8)).toBe(true); // some old training samples are now tested
  });

  it('is deterministic per seed and differs between seeds', () => {
    const ds = numbered();
    expect(ids(resplitDataset(ds, 3).test as DenseSplit)).toEqual(ids(resplitDataset(ds, 3).test as DenseSplit));
    const tests = new Set([1, 2, 3, 4, 5].map((s) => ids(resplitDataset(ds, s).test as DenseSplit).join(',')));
    expect(tests.size).toBeGreaterThan(1);
  });

  it('keep = the limits: the first N of each new split, the same samples a full re-split would start with', () => {
    const ds = numbered();
    const full = resplitDataset(ds, 9);
    const kept = resplitDataset(ds, 9, { train: 3, test: 2 });
    expect(ids(kept.train as DenseSplit)).toEqual(ids(full.train as DenseSplit).slice(0, 3));
    expect(ids(kept.test as DenseSplit)).toEqual(ids(full.test as DenseSplit).slice(0, 2));
    expect(resplitDataset(ds, 9, { train: 100 }).train.count).toBe(8);
  });

  it('re-splits token data with lengths, and a bad seed names the field', () => {
    const ds = makeTokenTask('padded-last', { trainCount: 40, testCount: 10 });
    const r = resplitDataset(ds, 1);
    const t = r.test as TokenSplit;
    expect(t.count).toBe(ds.test.count);
    expect(t.tokens).toHaveLength(t.count * t.seqLen);
    for (let i = 0; i < t.count; i++) expect(t.lengths[i]).toBeGreaterThan(0);
    expect(() => resplitDataset(ds, -1)).toThrow(/splitSeed/);
  });
});

describe('datasetFacts', () => {
  it('counts, the test split\'s majority-class rate and padding', () => {
    expect(datasetFacts(numbered())).toEqual({ numClasses: 3, trainCount: 8, testCount: 4, majorityRate: 0.5, padded: false });
    const tokens = makeTokenTask('padded-last');
    expect(datasetFacts(tokens).padded).toBe(true);
    expect(datasetFacts(tokens).majorityRate).toBeGreaterThanOrEqual(1 / tokens.numClasses);
  });
});
