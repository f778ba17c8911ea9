/** What a run records about its data: class count, split sizes, the test split's majority-class rate, padding. */
import type { Dataset, Split } from './dataset.js';

export interface DatasetFacts {
  numClasses: number;
  trainCount: number;
  testCount: number;
  /** Share of the test split in its most frequent class (what always guessing that class scores). */
  majorityRate: number;
  /** Whether any sample (train or test) is shorter than the padded length. */
  padded: boolean;
}

function majorityRate(split: Split, numClasses: number): number {
  if (split.count === 0) return 0;
  const counts = new Int32Array(Math.max(1, numClasses));
  let top = 0;
  for (let i = 0; i < split.count; i++) {
    const c = split.y[i];
    if (c >= 0 && c < counts.length) top = Math.max(top, ++counts[c]);
  }
  return top / split.count;
}

function hasPadding(split: Split): boolean {
  return split.kind === 'tokens' && split.lengths.subarray(0, split.count).some((len) => len < split.seqLen);
}

export function datasetFacts(ds: Dataset): DatasetFacts {
  return {
    numClasses: ds.numClasses,
    trainCount: ds.train.count,
    testCount: ds.test.count,
    majorityRate: majorityRate(ds.test, ds.numClasses),
    padded: hasPadding(ds.train) || hasPadding(ds.test),
  };
}
