/**
 * Builds a token dataset from texts fed one at a time, without keeping the texts: each text becomes provisional
 * ids in one growing Int32Array (a 63 MB IMDB file then needs ~50 MB of ids, not 50,000 strings and their
 * token arrays). `finish` counts the training part only, keeps the `vocabSize − 2` most frequent tokens (ties
 * by code point) after `<pad>` = 0 and `<unk>` = 1, and writes each split truncated (`truncate`) and padded to
 * min(longest kept training text, maxLen).
 */
import { PAD_ID, UNK_ID, type Dataset, type TokenSplit } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { keptRange, tokenizerOf, type TextOptions } from './text-tokens.js';

export interface CorpusMeta {
  spec: string;
  name: string;
  description: string;
  classNames: string[];
}

/** Which samples form each split, in order (indices into the texts as added). */
export interface SplitPlan {
  train: ArrayLike<number>;
  test: ArrayLike<number>;
}

export class TextCorpus {
  private readonly tokenize: (text: string) => string[];
  private readonly dict = new Map<string, number>();
  private readonly words: string[] = [];
  private ids = new Int32Array(1 << 16);
  private used = 0;
  private readonly starts: number[] = [0];
  private readonly labels: number[] = [];

  constructor(readonly options: TextOptions) {
    this.tokenize = tokenizerOf(options.tokenize);
  }

  get count(): number {
    return this.labels.length;
  }

  labelOf(i: number): number {
    return this.labels[i];
  }

  /** Adds one text; returns its token count (0: nothing to learn from; the caller decides). */
  add(text: string, label: number): number {
    const toks = this.tokenize(text);
    if (this.used + toks.length > this.ids.length) {
      let size = this.ids.length * 2;
      while (size < this.used + toks.length) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.ids.subarray(0, this.used));
      this.ids = grown;
    }
    for (const tok of toks) {
      let id = this.dict.get(tok);
      if (id === undefined) {
        id = this.words.length;
        this.dict.set(tok, id);
        this.words.push(tok);
      }
      this.ids[this.used++] = id;
    }
    this.starts.push(this.used);
    this.labels.push(label);
    return toks.length;
  }

  /** Real token count of text i (before truncation). */
  lengthOf(i: number): number {
    return this.starts[i + 1] - this.starts[i];
  }

  /** The vocabulary (id → token, ids 0 and 1 are `<pad>` and `<unk>`) and the provisional-id → id map. */
  private vocabulary(train: ArrayLike<number>): { remap: Int32Array; tokens: string[] } {
    const counts = new Float64Array(this.words.length);
    for (let k = 0; k < train.length; k++) {
      const i = train[k];
      for (let p = this.starts[i]; p < this.starts[i + 1]; p++) counts[this.ids[p]]++;
    }
    const order = Array.from({ length: this.words.length }, (_, j) => j).filter((j) => counts[j] > 0);
    order.sort((a, b) => counts[b] - counts[a] || (this.words[a] < this.words[b] ? -1 : this.words[a] > this.words[b] ? 1 : 0));
    const remap = new Int32Array(this.words.length).fill(UNK_ID);
    const tokens = ['<pad>', '<unk>'];
    for (const j of order.slice(0, Math.max(0, this.options.vocabSize - 2))) {
      remap[j] = tokens.length;
      tokens.push(this.words[j]);
    }
    return { remap, tokens };
  }

  private split(picks: ArrayLike<number>, remap: Int32Array, seqLen: number): TokenSplit {
    const count = picks.length;
    const tokens = new Int32Array(count * seqLen).fill(PAD_ID);
    const lengths = new Int32Array(count);
    const y = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const i = picks[k];
      const [from, to] = keptRange(this.lengthOf(i), seqLen, this.options.truncate);
      const base = this.starts[i];
      for (let t = from; t < to; t++) tokens[k * seqLen + t - from] = remap[this.ids[base + t]];
      lengths[k] = to - from;
      y[k] = this.labels[i];
    }
    return { kind: 'tokens', count, seqLen, tokens, lengths, y };
  }

  /** The dataset for `plan`; every text in it must hold at least one token. */
  finish(meta: CorpusMeta, plan: SplitPlan): Dataset & { vocabulary: string[] } {
    for (const part of [plan.train, plan.test]) {
      for (let k = 0; k < part.length; k++) {
        if (this.lengthOf(part[k]) === 0) throw new DatasetError(meta.spec, `text ${part[k] + 1} holds no tokens`);
      }
    }
    if (plan.train.length === 0 || plan.test.length === 0) throw new DatasetError(meta.spec, 'the train and test parts must both hold texts');
    const { remap, tokens } = this.vocabulary(plan.train);
    let longest = 1;
    for (let k = 0; k < plan.train.length; k++) longest = Math.max(longest, this.lengthOf(plan.train[k]));
    const seqLen = Math.min(longest, this.options.maxLen);
    return {
      spec: meta.spec,
      name: meta.name,
      description: meta.description,
      kind: 'tokens',
      seqLen,
      inputSize: 0,
      vocabSize: tokens.length,
      numClasses: meta.classNames.length,
      classNames: meta.classNames,
      train: this.split(plan.train, remap, seqLen),
      test: this.split(plan.test, remap, seqLen),
      vocabulary: tokens,
    };
  }
}
