import { describe, expect, it } from 'vitest';
import type { TokenSplit } from '../../../src/engine/data/dataset.js';
import { stratifiedSplit } from '../../../src/engine/data/stratified-split.js';
import { TextCorpus } from '../../../src/engine/data/text-corpus.js';
import { charTokens, keptRange, wordTokens, type TextOptions } from '../../../src/engine/data/text-tokens.js';

const row = (s: TokenSplit, i: number): number[] => [...s.tokens.subarray(i * s.seqLen, (i + 1) * s.seqLen)];
const opts = (o: Partial<TextOptions> = {}): TextOptions => ({ tokenize: 'word', vocabSize: 100, maxLen: 100, truncate: 'start', ...o });

describe('tokenizers', () => {
  it('word: lowercase, punctuation split, inner apostrophes kept, <br /> as space', () => {
    expect(wordTokens("It's GREAT!<br /><br />Really...")).toEqual(["it's", 'great', '!', 'really', '.', '.', '.']);
  });
  it('char: code points, case kept', () => {
    expect(charTokens('Zoë')).toEqual(['Z', 'o', 'ë']);
  });
  it('keptRange keeps the start or the end', () => {
    expect(keptRange(10, 4, 'start')).toEqual([0, 4]);
    expect(keptRange(10, 4, 'end')).toEqual([6, 10]);
    expect(keptRange(3, 4, 'end')).toEqual([0, 3]);
  });
});

describe('TextCorpus', () => {
  const build = (o: Partial<TextOptions>) => {
    const c = new TextCorpus(opts(o));
    c.add('b a b c', 0); // train
    c.add('c b d', 1); // train
    c.add('a e b', 0); // test: "e" unseen
    return c.finish({ spec: 's', name: 'n', description: 'd', classNames: ['x', 'y'] }, { train: [0, 1], test: [2] });
  };

  it('counts the training part only: <pad>, <unk>, then by frequency, ties by code point', () => {
    const ds = build({});
    // counts: b 3, c 2, a 1, d 1 → b 2, c 3, a 4, d 5
    expect(ds.vocabulary).toEqual(['<pad>', '<unk>', 'b', 'c', 'a', 'd']);
    expect(ds.vocabSize).toBe(6);
    expect(ds.seqLen).toBe(4);
    expect(row(ds.train as TokenSplit, 0)).toEqual([2, 4, 2, 3]);
    expect(row(ds.train as TokenSplit, 1)).toEqual([3, 2, 5, 0]);
    expect(row(ds.test as TokenSplit, 0)).toEqual([4, 1, 2, 0]);
    expect([...(ds.test as TokenSplit).lengths]).toEqual([3]);
    expect([...ds.train.y, ...ds.test.y]).toEqual([0, 1, 0]);
  });

  it('vocabSize keeps the most frequent tokens, the rest are <unk>', () => {
    const ds = build({ vocabSize: 4 });
    expect(ds.vocabulary).toEqual(['<pad>', '<unk>', 'b', 'c']);
    expect(row(ds.train as TokenSplit, 1)).toEqual([3, 2, 1, 0]);
  });

  it('maxLen truncates, keeping the start or the end', () => {
    const start = build({ maxLen: 2, truncate: 'start' });
    const end = build({ maxLen: 2, truncate: 'end' });
    expect(start.seqLen).toBe(2);
    expect(row(start.train as TokenSplit, 0)).toEqual([2, 4]); // b a
    expect(row(end.train as TokenSplit, 0)).toEqual([2, 3]); // b c
    expect(row(end.test as TokenSplit, 0)).toEqual([1, 2]); // e b
    expect([...(end.train as TokenSplit).lengths]).toEqual([2, 2]);
  });

  it('a text without tokens is an error naming it', () => {
    const c = new TextCorpus(opts());
    c.add('a', 0);
    c.add('   ', 1);
    expect(() => c.finish({ spec: 'csv:x', name: 'n', description: 'd', classNames: ['x', 'y'] }, { train: [0], test: [1] })).toThrow(
      /^csv:x: text 2 holds no tokens/,
    );
  });
});

describe('stratifiedSplit', () => {
  const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : 1));
  it('keeps the class balance in both parts and covers every sample once', () => {
    const { train, test } = stratifiedSplit(labels, 0.5, 3);
    expect(train.length).toBe(50);
    expect([...train].filter((i) => labels[i] === 0).length).toBe(30);
    expect([...test].filter((i) => labels[i] === 1).length).toBe(20);
    expect(new Set([...train, ...test]).size).toBe(100);
  });
  it('is seeded and shuffles the classes together', () => {
    const a = stratifiedSplit(labels, 0.8, 3);
    expect(stratifiedSplit(labels, 0.8, 3).train).toEqual(a.train);
    expect(stratifiedSplit(labels, 0.8, 4).train).not.toEqual(a.train);
    const firstTen = [...a.train.subarray(0, 10)].map((i) => labels[i]);
    expect(new Set(firstTen).size).toBe(2);
  });
});
