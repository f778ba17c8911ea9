/**
 * A seeded re-split of a dataset: train and test are pooled and dealt out again by one seeded permutation,
 * with the same split sizes, so repeats of a comparison can each test on a different sample (the intervals
 * then cover test-set sampling too). `keep` asks for only the first N of each new split (the train / test
 * limits) and gathers just those, so a re-split of MNIST with small limits copies only what is used.
 * Text datasets keep the vocabulary and padded length of their original training part.
 */
import { Rng } from '../rng.js';
import type { Dataset, DenseSplit, Split, TokenSplit } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** Salt so the split permutation is not the data-order or weight stream of the same seed. */
const SPLIT_SALT = 0x59117;

/** Takes pooled index k (train first, then test) from the right split. */
type Source = (k: number) => { split: Split; i: number };

function gatherDense(train: DenseSplit, test: DenseSplit, picks: ArrayLike<number>, from: Source): DenseSplit {
  const stride = train.seqLen * train.inputSize;
  const same = train.x.constructor === test.x.constructor && train.scale === test.scale;
  const x = same && train.x instanceof Uint8Array ? new Uint8Array(picks.length * stride) : new Float32Array(picks.length * stride);
  const y = new Int32Array(picks.length);
  for (let k = 0; k < picks.length; k++) {
    const { split, i } = from(picks[k]);
    const s = split as DenseSplit;
    const src = s.x.subarray(i * stride, (i + 1) * stride);
    if (same) x.set(src, k * stride);
    else for (let j = 0; j < stride; j++) x[k * stride + j] = src[j] * s.scale;
    y[k] = s.y[i];
  }
  return { kind: 'dense', count: picks.length, seqLen: train.seqLen, inputSize: train.inputSize, x, scale: same ? train.scale : 1, y };
}

function gatherTokens(train: TokenSplit, picks: ArrayLike<number>, from: Source): TokenSplit {
  const t = train.seqLen;
  const tokens = new Int32Array(picks.length * t);
  const lengths = new Int32Array(picks.length);
  const y = new Int32Array(picks.length);
  for (let k = 0; k < picks.length; k++) {
    const { split, i } = from(picks[k]);
    const s = split as TokenSplit;
    tokens.set(s.tokens.subarray(i * t, (i + 1) * t), k * t);
    lengths[k] = s.lengths[i];
    y[k] = s.y[i];
  }
  return { kind: 'tokens', count: picks.length, seqLen: t, tokens, lengths, y };
}

/**
 * `ds` with train + test pooled and re-split by `seed` (same sizes as before); with `keep`, only the first
 * `keep.train` / `keep.test` samples of each new split. Deterministic: the same seed gives the same split.
 */
export function resplitDataset(ds: Dataset, seed: number, keep: { train?: number; test?: number } = {}): Dataset {
  if (!Number.isInteger(seed) || seed < 0) throw new DatasetError('splitSeed', `${seed}: expected a non-negative integer`);
  const { train, test } = ds;
  if (train.kind !== test.kind || train.seqLen !== test.seqLen || (train.kind === 'dense' && train.inputSize !== (test as DenseSplit).inputSize)) {
    throw new DatasetError(ds.spec, 'cannot re-split: the train and test parts have different shapes');
  }
  const total = train.count + test.count;
  const perm = new Rng((seed ^ SPLIT_SALT) >>> 0).permutation(total);
  const nTrain = Math.min(train.count, keep.train ?? train.count);
  const nTest = Math.min(test.count, keep.test ?? test.count);
  const trainPicks = perm.subarray(0, nTrain);
  const testPicks = perm.subarray(train.count, train.count + nTest);
  const from: Source = (k) => (k < train.count ? { split: train, i: k } : { split: test, i: k - train.count });
  const gather = (picks: Int32Array): Split =>
    train.kind === 'dense' ? gatherDense(train, test as DenseSplit, picks, from) : gatherTokens(train, picks, from);
  return { ...ds, train: gather(trainPicks), test: gather(testPicks) };
}
