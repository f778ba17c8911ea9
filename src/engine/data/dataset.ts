/**
 * The in-memory dataset shapes shared by the loaders (this folder, src/host/data) and the trainer.
 * Everything is a flat typed array in sample-major order, so a split of MNIST (60000 × 28 × 28 bytes)
 * stays one Uint8Array view of the file that was read and a batch is a single gather.
 */

/** Token id used after each sample's real length. */
export const PAD_ID = 0;
/** Token id for words outside the vocabulary (text datasets). */
export const UNK_ID = 1;

/** Real-valued sequences: each sample is `seqLen` steps of `inputSize` features. */
export interface DenseSplit {
  kind: 'dense';
  count: number;
  seqLen: number;
  inputSize: number;
  /** sample-major [count, seqLen, inputSize]; value = x[i] * scale (MNIST: Uint8Array pixels, scale 1/255) */
  x: Float32Array | Uint8Array;
  scale: number;
  /** Class id per sample, in [0, numClasses). */
  y: Int32Array;
}

/** Token sequences of variable length, padded to `seqLen`. */
export interface TokenSplit {
  kind: 'tokens';
  count: number;
  seqLen: number;
  /** sample-major [count, seqLen], padded with PAD_ID = 0 after each sample's real length */
  tokens: Int32Array;
  /** Real length per sample, in [1, seqLen]. */
  lengths: Int32Array;
  /** Class id per sample, in [0, numClasses). */
  y: Int32Array;
}

export type Split = DenseSplit | TokenSplit;

/** A loaded dataset: a train and a test split of the same kind and shape. */
export interface Dataset {
  /** The spec it was loaded from (`mnist`, `task:last-token`, `csv:reviews.csv`, ...). */
  spec: string;
  /** Short display name. */
  name: string;
  /** one line, plain words */
  description: string;
  kind: 'dense' | 'tokens';
  seqLen: number;
  inputSize: number /* 0 for tokens */;
  vocabSize: number /* 0 for dense */;
  numClasses: number;
  /** Display name per class id, when known. */
  classNames?: string[];
  train: Split;
  test: Split;
}

/** One minibatch, ready to become tensors. */
export interface Batch {
  /** always batch-major [B, T, D] (dense) or [B, T] (tokens) */
  kind: 'dense' | 'tokens';
  batch: number;
  seqLen: number;
  /** Features per step; 0 for tokens. */
  inputSize: number;
  /** Dense: Float32 values already scaled. Tokens: token ids. */
  x: Float32Array | Int32Array;
  /** Tokens only: real length per sample. */
  lengths?: Int32Array;
  y: Int32Array;
}
