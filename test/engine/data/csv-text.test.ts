import { describe, expect, it } from 'vitest';
import { makeCsvTextDataset, sortLabels, tokenize } from '../../../src/engine/data/csv-text.js';
import { DatasetError } from '../../../src/engine/data/dataset-error.js';
import type { TokenSplit } from '../../../src/engine/data/dataset.js';

const make = (text: string, test?: string, options?: Parameters<typeof makeCsvTextDataset>[0]['options']) =>
  makeCsvTextDataset({
    spec: 'csv:train.csv',
    name: 'train.csv',
    train: { file: 'train.csv', text },
    test: test === undefined ? undefined : { file: 'test.csv', text: test },
    options,
  });

const row = (s: TokenSplit, i: number): number[] => [...s.tokens.subarray(i * s.seqLen, (i + 1) * s.seqLen)];

describe('tokenize / vocabulary / labels', () => {
  it('lowercases words and keeps inner apostrophes', () => {
    expect(tokenize("Don't STOP, it's 42 — café!")).toEqual(["don't", 'stop', ',', "it's", '42', '—', 'café', '!']);
    expect(tokenize('a<br />b')).toEqual(['a', 'b']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('sorts numeric labels numerically and others by code point', () => {
    expect(sortLabels(['10', '2', '1', '2'])).toEqual(['1', '2', '10']);
    expect(sortLabels(['pos', 'neg', 'Neutral'])).toEqual(['Neutral', 'neg', 'pos']);
  });
});

describe('makeCsvTextDataset with a train and a test file', () => {
  const train = 'text,label\n"The cat sat",pos\n"the dog the END",neg\nCat cat,pos\n';
  const test = 'label,text\npos,"the bird sat"\nneg,Dog\n';
  const ds = make(train, test);
  const tr = ds.train as TokenSplit;
  const te = ds.test as TokenSplit;

  it('maps labels to sorted class ids', () => {
    expect(ds.classNames).toEqual(['neg', 'pos']);
    expect(ds.numClasses).toBe(2);
    expect([...tr.y]).toEqual([1, 0, 1]);
    expect([...te.y]).toEqual([1, 0]);
  });

  it('builds the vocabulary from the training file only', () => {
    // train counts: cat 3, the 3, dog 1, end 1, sat 1 → ids cat 2, the 3, dog 4, end 5, sat 6 (ties alphabetical)
    expect(ds.vocabSize).toBe(2 + 5);
    expect(ds.seqLen).toBe(4);
    expect(row(tr, 0)).toEqual([3, 2, 6, 0]); // the cat sat
    expect(row(tr, 1)).toEqual([3, 4, 3, 5]); // the dog the end
    expect(row(tr, 2)).toEqual([2, 2, 0, 0]);
    expect([...tr.lengths]).toEqual([3, 4, 2]);
    // "bird" is not in the training file: UNK = 1
    expect(row(te, 0)).toEqual([3, 1, 6, 0]);
    expect(row(te, 1)).toEqual([4, 0, 0, 0]);
  });

  it('rejects a test label unseen in training, naming file and line', () => {
    expect(() => make(train, 'text,label\na,pos\nb,maybe\n')).toThrow(
      /^test\.csv: line 3: label "maybe" does not occur in train\.csv \(expected one of: neg, pos\)/,
    );
  });
});

describe('makeCsvTextDataset with one file', () => {
  const lines = ['text,label'];
  for (let i = 0; i < 50; i++) lines.push(`"word${i} ${i % 2 === 0 ? 'even' : 'odd'} shared",${i % 2 === 0 ? 'e' : 'o'}`);
  const text = lines.join('\n');

  it('splits 80/20 deterministically, seeded', () => {
    const a = make(text);
    const b = make(text);
    expect(a.train.count).toBe(40);
    expect(a.test.count).toBe(10);
    expect((a.train as TokenSplit).tokens).toEqual((b.train as TokenSplit).tokens);
    expect(a.test.y).toEqual(b.test.y);
    const c = make(text, undefined, { seed: 5 });
    expect((c.train as TokenSplit).tokens).not.toEqual((a.train as TokenSplit).tokens);
  });

  it('takes the vocabulary from the train part only (test-only words are UNK)', () => {
    const ds = make(text);
    // 40 unique "wordN" in train + even, odd, shared
    expect(ds.vocabSize).toBe(2 + 3 + 40);
    const te = ds.test as TokenSplit;
    for (let i = 0; i < te.count; i++) expect(te.tokens[i * te.seqLen]).toBe(1);
  });

  it('truncates to maxLen and caps the vocabulary', () => {
    const ds = make('text,label\none two three four,a\nfive,b\nsix,a\n', 'text,label\none two,a\n', { maxLen: 2, vocabSize: 4 });
    expect(ds.seqLen).toBe(2);
    expect(ds.vocabSize).toBe(4);
    expect([...(ds.train as TokenSplit).lengths]).toEqual([2, 1, 1]);
  });
});

describe('makeCsvTextDataset errors name the file and line', () => {
  const cases: [string, string, RegExp][] = [
    ['empty file', '', /^train\.csv: line 1: the file is empty \(expected the header "text,label"\)/],
    ['missing header', 'hello,pos\nbye,neg\n', /^train\.csv: line 1: expected the header "text,label" but found "hello,pos"/],
    ['wrong column count', 'text,label\na,pos\nb,neg,extra\n', /^train\.csv: line 3: expected 2 columns \(text,label\) but found 3/],
    ['empty text', 'text,label\na,pos\n"  ",neg\n', /^train\.csv: line 3: the text is empty/],
    ['empty label', 'text,label\na,pos\nb, \n', /^train\.csv: line 3: the label is empty/],
    ['no words', 'text,label\na,pos\n" \t",neg\n', /^train\.csv: line 3: the text is empty/],
    ['one class', 'text,label\na,pos\nb,pos\n', /^train\.csv: every row has the label "pos" \(expected at least 2 different labels\)/],
    ['no rows', 'text,label\n', /^train\.csv: holds no data rows/],
    ['unterminated quote', 'text,label\na,pos\n"b,neg\n', /^train\.csv: line 3: unterminated quoted field/],
    ['one row to split', 'text,label\na,pos\n', /^train\.csv: holds 1 data row; at least 2/],
  ];
  for (const [what, text, re] of cases) {
    it(what, () => {
      expect(() => make(text)).toThrow(DatasetError);
      expect(() => make(text)).toThrow(re);
    });
  }

  it('bad options', () => {
    expect(() => make('text,label\na,x\nb,y\n', undefined, { maxLen: 0 })).toThrow(/maxLen 0/);
  });

  it('no tokens in character mode is impossible for a non-empty text; word mode needs a mark or a word', () => {
    const ds = make('text,label\n"?!",pos\nb,neg\n', 'text,label\n"?",pos\n');
    expect(ds.vocabSize).toBe(2 + 3);
  });
});

describe('makeCsvTextDataset text options', () => {
  const train = 'text,label\n"abcdef",x\n"ab",y\n';
  it('char tokens, keeping the end of a long text', () => {
    const ds = make(train, 'text,label\nfedcba,x\n', { tokenize: 'char', maxLen: 3, truncate: 'end' });
    expect(ds.seqLen).toBe(3);
    // train counts: a 2, b 2, c..f 1 → a 2, b 3, c 4, d 5, e 6, f 7
    expect(row(ds.train as TokenSplit, 0)).toEqual([5, 6, 7]); // "def"
    expect(row(ds.test as TokenSplit, 0)).toEqual([4, 3, 2]); // "cba"
    expect(ds.description).toMatch(/character ids/);
  });
  it('keeping the start', () => {
    const ds = make(train, 'text,label\nfedcba,x\n', { tokenize: 'char', maxLen: 3, truncate: 'start' });
    expect(row(ds.train as TokenSplit, 0)).toEqual([2, 3, 4]); // "abc"
    expect(row(ds.train as TokenSplit, 1)).toEqual([2, 3, 0]);
  });
});
