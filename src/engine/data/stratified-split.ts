/**
 * A seeded, class-balanced train/test split: each class is shuffled with the seed and its first
 * round(n_c × trainFraction) samples go to train, the rest to test; each split is then shuffled again, so
 * "the first N" (the train / test limits) is a random, roughly balanced sample, not one class.
 */
import { Rng } from '../rng.js';
import type { SplitPlan } from './text-corpus.js';

/** Salt so the split stream differs from the weights and data order of the same seed. */
const SALT = 0x1bdb;

function shuffled(items: number[], rng: Rng): Int32Array {
  const perm = rng.permutation(items.length);
  return Int32Array.from(perm, (k) => items[k]);
}

export function stratifiedSplit(labels: ArrayLike<number>, trainFraction: number, seed: number): SplitPlan & { train: Int32Array; test: Int32Array } {
  const rng = new Rng((seed ^ SALT) >>> 0);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = shuffled(byClass.get(c) as number[], rng);
    const nTrain = Math.round(members.length * trainFraction);
    for (let k = 0; k < members.length; k++) (k < nTrain ? train : test).push(members[k]);
  }
  return { train: shuffled(train, rng), test: shuffled(test, rng) };
}
