/** Minibatch gathering and sample limits over the flat splits of dataset.ts. */
import type { Batch, DenseSplit, Split, TokenSplit } from './dataset.js';

function checkIndex(i: number, count: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= count) {
    throw new RangeError(`sample index ${i} is outside the split (expected an integer from 0 to ${count - 1})`);
  }
}

function gatherDense(split: DenseSplit, indices: ArrayLike<number>): Batch {
  const b = indices.length;
  const stride = split.seqLen * split.inputSize;
  const x = new Float32Array(b * stride);
  const y = new Int32Array(b);
  const { scale } = split;
  for (let k = 0; k < b; k++) {
    const i = indices[k];
    checkIndex(i, split.count);
    const src = i * stride;
    const dst = k * stride;
    for (let j = 0; j < stride; j++) x[dst + j] = split.x[src + j] * scale;
    y[k] = split.y[i];
  }
  return { kind: 'dense', batch: b, seqLen: split.seqLen, inputSize: split.inputSize, x, y };
}

function gatherTokens(split: TokenSplit, indices: ArrayLike<number>): Batch {
  const b = indices.length;
  const t = split.seqLen;
  const x = new Int32Array(b * t);
  const lengths = new Int32Array(b);
  const y = new Int32Array(b);
  for (let k = 0; k < b; k++) {
    const i = indices[k];
    checkIndex(i, split.count);
    x.set(split.tokens.subarray(i * t, (i + 1) * t), k * t);
    lengths[k] = split.lengths[i];
    y[k] = split.y[i];
  }
  return { kind: 'tokens', batch: b, seqLen: t, inputSize: 0, x, lengths, y };
}

/**
 * Copies the samples at `indices` (any order, repeats allowed) into one batch-major batch:
 * dense values are scaled to Float32 (`x * scale`), token splits also carry `lengths`.
 * Throws a RangeError for an index outside the split.
 */
export function gatherBatch(split: Split, indices: ArrayLike<number>): Batch {
  return split.kind === 'dense' ? gatherDense(split, indices) : gatherTokens(split, indices);
}

/** Indices `start, start+1, ..., min(start+size, count)-1`, for walking a split in order (evaluation). */
export function rangeIndices(start: number, size: number, count: number): Int32Array {
  const end = Math.min(start + size, count);
  const out = new Int32Array(Math.max(0, end - start));
  for (let k = 0; k < out.length; k++) out[k] = start + k;
  return out;
}

/**
 * The first `n` samples of a split as views on the same buffers (no copy). `n` at or above the count
 * returns the split unchanged. Throws a RangeError unless `n` is a positive integer.
 */
export function limitSplit<S extends Split>(split: S, n: number): S {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`limit ${n}: expected a positive integer`);
  if (n >= split.count) return split;
  if (split.kind === 'dense') {
    const stride = split.seqLen * split.inputSize;
    const limited: DenseSplit = { ...split, count: n, x: split.x.subarray(0, n * stride), y: split.y.subarray(0, n) };
    return limited as S;
  }
  const limited: TokenSplit = {
    ...split,
    count: n,
    tokens: split.tokens.subarray(0, n * split.seqLen),
    lengths: split.lengths.subarray(0, n),
    y: split.y.subarray(0, n),
  };
  return limited as S;
}
