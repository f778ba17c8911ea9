import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dataset, TokenSplit } from '../../../src/engine/data/dataset.js';
import { imdbFile, loadImdbFile } from '../../../src/host/data/datasets/imdb.js';
import { loadNamesFiles, namesFiles, namesLists } from '../../../src/host/data/datasets/names.js';
import { loadSpamDir, messageBody, spamDataDir } from '../../../src/host/data/datasets/spam.js';
import type { LoadContext } from '../../../src/host/data/datasets/dataset-module.js';
import { forEachJsonRecord } from '../../../src/host/data/json-records.js';
import { loadDataset } from '../../../src/host/data/load-dataset.js';
import { cachedText, defaultCacheDir } from '../../../src/host/data/text-cache.js';
import { fileURLToPath } from 'node:url';

const TEXT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'fixtures', 'text');
let cache: string;
const ctx = (text: LoadContext['text'] = {}, cacheDir: string | null = null): LoadContext => ({ cwd: TEXT, text, cacheDir });
const count = (s: { y: Int32Array; count: number }, c: number) => [...s.y.subarray(0, s.count)].filter((y) => y === c).length;

beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), 'lstm-text-cache-'));
});
afterAll(async () => {
  await rm(cache, { recursive: true, force: true });
});

describe('imdb loader on a slice', () => {
  it('splits each class in half, seeded; word tokens', async () => {
    const ds = await loadImdbFile(join(TEXT, 'imdb-slice.json'), 'imdb', ctx());
    expect(ds.train.count).toBe(6);
    expect(ds.test.count).toBe(6);
    expect(count(ds.train, 0)).toBe(3);
    expect(count(ds.test, 1)).toBe(3);
    expect(ds.classNames).toEqual(['negative', 'positive']);
    const again = await loadImdbFile(join(TEXT, 'imdb-slice.json'), 'imdb', ctx());
    expect((again.train as TokenSplit).tokens).toEqual((ds.train as TokenSplit).tokens);
  });

  it('applies maxLen and truncate from the config', async () => {
    const ds = await loadImdbFile(join(TEXT, 'imdb-slice.json'), 'imdb', ctx({ tokenize: 'char', maxLen: 5, truncate: 'end' }));
    expect(ds.seqLen).toBe(5);
    expect(ds.description).toMatch(/char tokens/);
  });

  it('streams records across chunk boundaries, with escapes and braces in strings', async () => {
    const file = join(cache, 'big.json');
    const long = 'x'.repeat(700_000);
    const recs = [0, 1, 2].map((i) => ({ t: `${long} {"}\\ ${i}`, s: i % 2 }));
    await writeFile(file, JSON.stringify(recs));
    const seen: unknown[] = [];
    expect(await forEachJsonRecord(file, 'big.json', (r) => seen.push(r))).toBe(3);
    expect(seen).toEqual(recs);
    await writeFile(file, JSON.stringify(recs).slice(0, 800_000));
    await expect(forEachJsonRecord(file, 'big.json', () => undefined)).rejects.toThrow(/^big\.json: cut short inside record 2/);
    await writeFile(file, '[{"t": "a", "s": 3}]');
    await expect(loadImdbFile(file, 'imdb', ctx())).rejects.toThrow(/record 1: expected \{"t": text, "s": 0 or 1\}/);
  });
});

describe('names loader on a slice', () => {
  const files = { female: join(TEXT, 'names', 'female.txt'), male: join(TEXT, 'names', 'male.txt') };
  it('drops names in both lists and says how many', async () => {
    const lists = await namesLists(files);
    expect(lists.dropped).toEqual(['Jean', 'Robin']);
    expect(lists.female).toEqual(['Ann', 'Mary', 'Alice', 'Eve']);
    expect(lists.male).toEqual(['Bob', 'John', 'Al', 'Ed']);
    const ds = await loadNamesFiles(files, 'names', ctx());
    expect(ds.description).toMatch(/2 names in both lists dropped/);
    expect(ds.train.count + ds.test.count).toBe(8);
    expect(ds.seqLen).toBe(Math.max(...(ds.train as TokenSplit).lengths)); // the longest training name, in characters
    expect(ds.vocabSize).toBeGreaterThan(10);
  });
});

describe('spam loader on a slice', () => {
  it('drops the headers and labels ham / spam by folder', async () => {
    expect(messageBody('From: x\r\nSubject: y\r\n\r\nHello\n\nthere')).toBe('Hello\n\nthere');
    const ds = await loadSpamDir(join(TEXT, 'spam'), 'spam', ctx());
    expect(ds.classNames).toEqual(['ham', 'spam']);
    expect(count(ds.train, 0) + count(ds.test, 0)).toBe(4);
    expect(count(ds.train, 1) + count(ds.test, 1)).toBe(2);
    expect(ds.train.count).toBe(5);
  });
});

describe('the token cache', () => {
  it('a second load with the same source and options comes from the cache; other options miss', async () => {
    const dir = join(cache, 'c1');
    const file = join(TEXT, 'imdb-slice.json');
    const first = await loadImdbFile(file, 'imdb', ctx({}, dir));
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const build = vi.fn(async (): Promise<Dataset> => {
      throw new Error('should not rebuild');
    });
    const keyOf = async () => (await readdir(dir)).filter((f) => f.endsWith('.bin'))[0].replace(/\.bin$/, '');
    const hit = await cachedText(dir, keyOf, build);
    expect(build).not.toHaveBeenCalled();
    expect(hit.vocabSize).toBe(first.vocabSize);
    expect((hit.train as TokenSplit).tokens).toEqual((first.train as TokenSplit).tokens);
    expect((hit.test as TokenSplit).lengths).toEqual((first.test as TokenSplit).lengths);
    await loadImdbFile(file, 'imdb', ctx({ maxLen: 3 }, dir));
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
  });

  it('the key hashes the source content: an edited file misses', async () => {
    const dir = join(cache, 'c3');
    const file = join(cache, 'slice-copy.json');
    await writeFile(file, JSON.stringify([{ t: 'good', s: 1 }, { t: 'bad', s: 0 }, { t: 'fine', s: 1 }, { t: 'awful', s: 0 }]));
    const a = await loadImdbFile(file, 'imdb', ctx({}, dir));
    await writeFile(file, JSON.stringify([{ t: 'good good', s: 1 }, { t: 'bad', s: 0 }, { t: 'fine', s: 1 }, { t: 'awful', s: 0 }]));
    const b = await loadImdbFile(file, 'imdb', ctx({}, dir));
    expect((await readdir(dir)).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    expect(b.vocabSize === a.vocabSize && b.seqLen === a.seqLen).toBe(false);
  });

  it('a cut-short cache file is ignored and rebuilt', async () => {
    const dir = join(cache, 'c2');
    const file = join(TEXT, 'imdb-slice.json');
    const first = await loadImdbFile(file, 'imdb', ctx({}, dir));
    const [bin] = (await readdir(dir)).filter((f) => f.endsWith('.bin'));
    await writeFile(join(dir, bin), 'lstm-studio-text-cache 1\n{"meta":');
    const again = await loadImdbFile(file, 'imdb', ctx({}, dir));
    expect((again.train as TokenSplit).tokens).toEqual((first.train as TokenSplit).tokens);
  });

  it('lives in the app data folder unless LSTM_STUDIO_CACHE_DIR says otherwise', () => {
    expect(defaultCacheDir({ XDG_DATA_HOME: '/data' })).toBe('/data/lstm-studio/cache/datasets');
    expect(defaultCacheDir({ LSTM_STUDIO_CACHE_DIR: '/c' })).toBe('/c');
  });
});

describe('text options through loadDataset', () => {
  it('are refused for datasets that are not text', async () => {
    await expect(loadDataset('task:last-token', { text: { maxLen: 5 }, cacheDir: null })).rejects.toThrow(
      /maxLen: text options apply to text datasets only/,
    );
  });
  it('reach CSV data', async () => {
    await writeFile(join(cache, 'abc.csv'), 'text,label\nabcdef,x\nab,y\n');
    const ds = await loadDataset('csv:abc.csv,abc.csv', { cwd: cache, text: { tokenize: 'char', maxLen: 3, truncate: 'end' }, cacheDir: null });
    expect(ds.seqLen).toBe(3);
    expect(ds.vocabSize).toBe(2 + 6);
    expect([...(ds.train as TokenSplit).tokens.subarray(0, 3)]).toEqual([5, 6, 7]); // d e f
  });
});

describe('the real packages', () => {
  it('imdb: 50,000 reviews, 25,000 / 25,000, 12,500 per class in each part; cached the second time', async () => {
    const dir = join(cache, 'real');
    const t0 = performance.now();
    const ds = await loadImdbFile(imdbFile(), 'imdb', ctx({}, dir));
    const first = performance.now() - t0;
    expect(ds.train.count).toBe(25_000);
    expect(ds.test.count).toBe(25_000);
    for (const part of [ds.train, ds.test]) for (const c of [0, 1]) expect(count(part, c)).toBe(12_500);
    expect(ds.vocabSize).toBe(20_000);
    expect(ds.seqLen).toBe(200);
    const distinct = new Set<string>();
    expect(await forEachJsonRecord(imdbFile(), 'reviews.json', (r) => distinct.add((r as { t: string }).t))).toBe(50_000);
    expect(distinct.size).toBe(49_582);
    const t1 = performance.now();
    const again = await loadImdbFile(imdbFile(), 'imdb', ctx({}, dir));
    const second = performance.now() - t1;
    const same = (a: Int32Array, b: Int32Array) => Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
    expect(same((again.test as TokenSplit).tokens, (ds.test as TokenSplit).tokens)).toBe(true);
    expect(same((again.train as TokenSplit).y, (ds.train as TokenSplit).y)).toBe(true);
    expect(second).toBeLessThan(first);
  }, 60_000);

  it('names: 419 names in both lists dropped, 4,525 female / 3,478 male', async () => {
    const lists = await namesLists(namesFiles());
    expect(lists.dropped).toHaveLength(419);
    expect(lists.female).toHaveLength(4525);
    expect(lists.male).toHaveLength(3478);
    const ds = await loadDataset('names', { cacheDir: null });
    expect(ds.train.count + ds.test.count).toBe(8003);
    expect(ds.seqLen).toBe(15);
    expect(Math.min(...(ds.train as TokenSplit).lengths, ...(ds.test as TokenSplit).lengths)).toBe(2);
    expect(ds.vocabSize).toBeLessThanOrEqual(64);
  });

  it('spam: 6,046 messages, 4,150 ham / 1,896 spam', async () => {
    const ds = await loadSpamDir(spamDataDir(), 'spam', ctx());
    const all = (c: number) => count(ds.train, c) + count(ds.test, c);
    expect(all(0)).toBe(4150);
    expect(all(1)).toBe(1896);
  }, 30_000);
});
