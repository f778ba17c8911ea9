import { describe, expect, it } from 'vitest';
import { makeTokenTask, TOKEN_TASKS, TOKEN_VOCAB_SIZE } from '../../../src/engine/data/token-tasks.js';
import { DatasetError } from '../../../src/engine/data/dataset-error.js';
import type { TokenSplit } from '../../../src/engine/data/dataset.js';

/** Element-wise equality (vitest's deep equality is slow on 160k-element typed arrays). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameSplit(a: TokenSplit, b: TokenSplit): boolean {
  return a.count === b.count && a.seqLen === b.seqLen && same(a.tokens, b.tokens) && same(a.lengths, b.lengths) && same(a.y, b.y);
}

const tok = (s: TokenSplit, i: number, t: number): number => s.tokens[i * s.seqLen + t];

/** Share of samples whose label equals f(sample) + 0. */
function agreement(s: TokenSplit, f: (i: number) => number): number {
  let hit = 0;
  for (let i = 0; i < s.count; i++) if (f(i) === s.y[i]) hit++;
  return hit / s.count;
}

describe('token tasks: common properties', () => {
  for (const info of TOKEN_TASKS) {
    describe(info.name, () => {
      const ds = makeTokenTask(info.name);
      const splits = [ds.train as TokenSplit, ds.test as TokenSplit];

      it('has the documented shape and a one-line description', () => {
        expect(ds).toMatchObject({ kind: 'tokens', spec: `task:${info.name}`, seqLen: 40, inputSize: 0, vocabSize: TOKEN_VOCAB_SIZE });
        expect(ds.train.count).toBe(4000);
        expect(ds.test.count).toBe(1000);
        expect(ds.classNames).toHaveLength(ds.numClasses);
        expect(ds.description).not.toMatch(/\n/);
        expect(ds.description.length).toBeGreaterThan(20);
      });

      it('is deterministic and train differs from test', () => {
        const again = makeTokenTask(info.name);
        const a = ds.train as TokenSplit;
        const b = ds.test as TokenSplit;
        expect(sameSplit(again.train as TokenSplit, a)).toBe(true);
        expect(sameSplit(again.test as TokenSplit, b)).toBe(true);
        expect(same(a.tokens.subarray(0, 400), b.tokens.subarray(0, 400))).toBe(false);
        const other = makeTokenTask(info.name, { seed: 1 });
        expect(same((other.train as TokenSplit).tokens, a.tokens)).toBe(false);
      });

      it('pads with 0 after each length and uses only real tokens before it', () => {
        const [lo, hi] = info.lengthRange(40);
        for (const s of splits) {
          for (let i = 0; i < s.count; i++) {
            const len = s.lengths[i];
            if (len < lo || len > hi) throw new Error(`sample ${i}: length ${len} outside [${lo}, ${hi}]`);
            for (let t = 0; t < s.seqLen; t++) {
              const v = tok(s, i, t);
              if (t < len) {
                if (v < 1 || v >= TOKEN_VOCAB_SIZE) throw new Error(`sample ${i} step ${t}: token ${v}`);
              } else if (v !== 0) throw new Error(`sample ${i} step ${t}: padding ${v}`);
            }
          }
        }
      });

      it('has roughly balanced labels', () => {
        const counts = new Array<number>(ds.numClasses).fill(0);
        for (const c of ds.train.y) counts[c]++;
        for (const c of counts) expect(Math.abs(c / ds.train.count - 1 / ds.numClasses)).toBeLessThan(0.05);
      });
    });
  }
});

describe('token tasks: what each one tests', () => {
  it('first-token: the label is the first token; later tokens are marker-free noise', () => {
    const s = makeTokenTask('first-token').train as TokenSplit;
    expect(agreement(s, (i) => tok(s, i, 0) - 1)).toBe(1);
    for (let i = 0; i < s.count; i++) {
      for (let t = 1; t < s.lengths[i]; t++) if (tok(s, i, t) <= 4) throw new Error(`sample ${i}: marker at step ${t}`);
    }
    const lengths = [...s.lengths];
    expect(Math.min(...lengths)).toBe(10);
    expect(Math.max(...lengths)).toBe(40);
  });

  it('last-token: full length, the label is the last token, the first is noise', () => {
    const s = makeTokenTask('last-token').train as TokenSplit;
    expect([...s.lengths].every((l) => l === 40)).toBe(true);
    expect(agreement(s, (i) => tok(s, i, 39) - 1)).toBe(1);
    expect(agreement(s, (i) => tok(s, i, 0) - 1)).toBeLessThan(0.2);
  });

  it('padded-last: most samples are short; the label is the last real token, not the last step', () => {
    const s = makeTokenTask('padded-last').train as TokenSplit;
    const short = [...s.lengths].filter((l) => l < s.seqLen).length;
    expect(short / s.count).toBeGreaterThan(0.9);
    expect(Math.min(...s.lengths)).toBe(3);
    expect(agreement(s, (i) => tok(s, i, s.lengths[i] - 1) - 1)).toBe(1);
    // Reading the last padded step gives padding (token 0 → "class -1") for every short sample.
    expect(agreement(s, (i) => tok(s, i, s.seqLen - 1) - 1)).toBeLessThan(0.1);
  });

  it('majority: the label is which of A/B occurs more often (by at least 2), and no single position decides', () => {
    const s = makeTokenTask('majority').train as TokenSplit;
    const short = makeTokenTask('majority', { seqLen: 8, trainCount: 500, testCount: 1 }).train as TokenSplit;
    for (const x of [s, short]) checkMajority(x);
    expect(agreement(s, (i) => tok(s, i, s.lengths[i] - 1) - 1)).toBeLessThan(0.3);
    expect(agreement(s, (i) => tok(s, i, 0) - 1)).toBeLessThan(0.3);
  });
});

function checkMajority(s: TokenSplit): void {
  for (let i = 0; i < s.count; i++) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < s.lengths[i]; t++) {
      if (tok(s, i, t) === 1) a++;
      if (tok(s, i, t) === 2) b++;
    }
    if (Math.abs(a - b) < 2 || (a > b ? 0 : 1) !== s.y[i]) throw new Error(`sample ${i}: A ${a}, B ${b}, label ${s.y[i]}`);
  }
}

describe('makeTokenTask options and errors', () => {
  it('honours counts and seqLen', () => {
    const ds = makeTokenTask('padded-last', { trainCount: 10, testCount: 3, seqLen: 12 });
    expect(ds.train.count).toBe(10);
    expect(ds.test.count).toBe(3);
    expect(ds.seqLen).toBe(12);
    expect((ds.train as TokenSplit).tokens.length).toBe(120);
    expect(Math.max(...(ds.train as TokenSplit).lengths)).toBeLessThanOrEqual(12);
  });

  it('keeps every task valid at the shortest seqLen', () => {
    for (const info of TOKEN_TASKS) {
      const s = makeTokenTask(info.name, { seqLen: 8, trainCount: 300, testCount: 1 }).train as TokenSplit;
      const [lo, hi] = info.lengthRange(8);
      for (let i = 0; i < s.count; i++) {
        const len = s.lengths[i];
        if (len < lo || len > hi) throw new Error(`${info.name} sample ${i}: length ${len}`);
        for (let t = 0; t < 8; t++) if ((t < len) !== (tok(s, i, t) !== 0)) throw new Error(`${info.name} sample ${i} step ${t}`);
      }
    }
  });

  it('rejects an unknown name listing the valid ones', () => {
    let err: unknown;
    try {
      makeTokenTask('nope');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as DatasetError).file).toBe('task:nope');
    expect((err as Error).message).toMatch(/unknown token task \(expected one of: first-token, last-token, padded-last, majority\)/);
  });

  it('rejects bad options', () => {
    expect(() => makeTokenTask('last-token', { trainCount: 0 })).toThrow(/trainCount 0: expected an integer/);
    expect(() => makeTokenTask('last-token', { seqLen: 3 })).toThrow(/seqLen 3/);
    expect(() => makeTokenTask('last-token', { seed: 0.5 })).toThrow(/seed 0\.5/);
  });
});
