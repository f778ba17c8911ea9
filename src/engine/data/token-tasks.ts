/**
 * Seeded, generated token classification tasks that isolate where in a sequence the label lives,
 * so the choice between `out[:, -1]` and `cat(h_n)` shows. The data seed is fixed (not the training
 * seed), so every training seed and every variant of a comparison sees the same samples.
 *
 * Token ids: 0 = padding, 1..numMarkers = class markers, the rest = noise words.
 */
import { Rng } from '../rng.js';
import { PAD_ID, type Dataset, type TokenSplit } from './dataset.js';
import { DatasetError } from './dataset-error.js';

/** One task: what it tests and how its samples are generated. */
export interface TokenTaskInfo {
  name: string;
  /** one line, plain words */
  description: string;
  numClasses: number;
  classNames: string[];
  /** Real length range for a given padded length T. */
  lengthRange(seqLen: number): [number, number];
  /** Fills `out[0..len)` for one sample of class `label`. */
  fill(rng: Rng, out: Int32Array, len: number, label: number): void;
}

export interface TokenTaskOptions {
  /** Training samples (default 4000). */
  trainCount?: number;
  /** Test samples (default 1000). */
  testCount?: number;
  /** Padded length T (default 40, at least 8). */
  seqLen?: number;
  /** Data seed (default DATA_SEED); the training seed never changes the data. */
  seed?: number;
}

export const TOKEN_VOCAB_SIZE = 40;
export const DEFAULT_SEQ_LEN = 40;
export const DATA_SEED = 0x5eed_da7a;
const MARKERS = 4;
const FIRST_NOISE = MARKERS + 1;

/** A noise or marker word: any id except padding. */
const anyToken = (rng: Rng): number => 1 + rng.int(TOKEN_VOCAB_SIZE - 1);
/** A noise word that is never a marker. */
const noiseToken = (rng: Rng): number => FIRST_NOISE + rng.int(TOKEN_VOCAB_SIZE - FIRST_NOISE);
const markerNames = Array.from({ length: MARKERS }, (_, i) => `marker ${i + 1}`);

function fillLastMarker(rng: Rng, out: Int32Array, len: number, label: number): void {
  for (let t = 0; t < len - 1; t++) out[t] = anyToken(rng);
  out[len - 1] = 1 + label;
}

function fillMajority(rng: Rng, out: Int32Array, len: number, label: number): void {
  for (let t = 0; t < len; t++) out[t] = noiseToken(rng);
  // The class's marker occurs 2-6 times and the other marker at least 2 times fewer: no ties, a clear count.
  const win = 2 + rng.int(Math.min(6, len) - 1);
  const lose = rng.int(Math.min(win - 2, len - win) + 1);
  const positions = rng.permutation(len);
  for (let k = 0; k < win + lose; k++) out[positions[k]] = k < win ? 1 + label : 2 - label;
}

/** All tasks, in display order. */
export const TOKEN_TASKS: readonly TokenTaskInfo[] = [
  {
    name: 'first-token',
    description:
      'The first token (one of 4 markers) decides the class, the rest (lengths 10-40) is marker-free noise: out[:, -1] must carry it to the end, a backward h_n sees it last.',
    numClasses: MARKERS,
    classNames: markerNames,
    lengthRange: (t) => [Math.ceil(t / 4), t],
    fill(rng, out, len, label) {
      out[0] = 1 + label;
      for (let t = 1; t < len; t++) out[t] = noiseToken(rng);
    },
  },
  {
    name: 'last-token',
    description:
      'The last token (one of 4 markers) decides the class; every sequence is full length, so out[:, -1] and h_n both see it.',
    numClasses: MARKERS,
    classNames: markerNames,
    lengthRange: (t) => [t, t],
    fill: fillLastMarker,
  },
  {
    name: 'padded-last',
    description:
      'The last real token decides the class but lengths vary from 3 to 40, so out[:, -1] often reads padding while h_n holds the last real step.',
    numClasses: MARKERS,
    classNames: markerNames,
    lengthRange: (t) => [3, t],
    fill: fillLastMarker,
  },
  {
    name: 'majority',
    description:
      'Whether marker A or marker B occurs more often (by at least 2) anywhere in the sequence decides the class, so every step matters.',
    numClasses: 2,
    classNames: ['more A', 'more B'],
    lengthRange: (t) => [Math.ceil(t / 2), t],
    fill: fillMajority,
  },
];

export const TOKEN_TASK_NAMES: readonly string[] = TOKEN_TASKS.map((t) => t.name);

function positiveInt(value: number | undefined, fallback: number, min: number, what: string, task: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > 10_000_000) {
    throw new DatasetError(`task:${task}`, `${what} ${v}: expected an integer from ${min} to 10000000`);
  }
  return v;
}

function generate(task: TokenTaskInfo, rng: Rng, count: number, seqLen: number): TokenSplit {
  const [lo, hi] = task.lengthRange(seqLen);
  const tokens = new Int32Array(count * seqLen).fill(PAD_ID);
  const lengths = new Int32Array(count);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const len = lo + rng.int(hi - lo + 1);
    const label = rng.int(task.numClasses);
    task.fill(rng, tokens.subarray(i * seqLen, i * seqLen + len), len, label);
    lengths[i] = len;
    y[i] = label;
  }
  return { kind: 'tokens', count, seqLen, tokens, lengths, y };
}

/** Generates task `name` (DatasetError listing the valid names if unknown). Same options → same data. */
export function makeTokenTask(name: string, opts: TokenTaskOptions = {}): Dataset {
  const index = TOKEN_TASKS.findIndex((t) => t.name === name);
  if (index < 0) {
    throw new DatasetError(`task:${name}`, `unknown token task (expected one of: ${TOKEN_TASK_NAMES.join(', ')})`);
  }
  const task = TOKEN_TASKS[index];
  const trainCount = positiveInt(opts.trainCount, 4000, 1, 'trainCount', name);
  const testCount = positiveInt(opts.testCount, 1000, 1, 'testCount', name);
  const seqLen = positiveInt(opts.seqLen, DEFAULT_SEQ_LEN, 8, 'seqLen', name);
  const seed = opts.seed ?? DATA_SEED;
  if (!Number.isInteger(seed)) throw new DatasetError(`task:${name}`, `seed ${seed}: expected an integer`);
  const base = new Rng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const trainRng = base.fork(1);
  const testRng = base.fork(2);
  return {
    spec: `task:${name}`,
    name,
    description: task.description,
    kind: 'tokens',
    seqLen,
    inputSize: 0,
    vocabSize: TOKEN_VOCAB_SIZE,
    numClasses: task.numClasses,
    classNames: [...task.classNames],
    train: generate(task, trainRng, trainCount, seqLen),
    test: generate(task, testRng, testCount, seqLen),
  };
}
