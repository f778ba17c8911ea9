import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDatasets, loadDataset, MNIST_DIR_ENV } from '../../../src/host/data/load-dataset.js';
import { DatasetError } from '../../../src/engine/data/dataset-error.js';
import type { DenseSplit, TokenSplit } from '../../../src/engine/data/dataset.js';
import { TOKEN_TASKS } from '../../../src/engine/data/token-tasks.js';
import { idxBytes, imageSet } from '../../fixtures/data/idx-bytes.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lstm-data-'));
  const tr = imageSet(12, 3, 2, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  const te = imageSet(3, 3, 2, [2, 1, 0]);
  await writeFile(join(dir, 'tr-img'), tr.images);
  await writeFile(join(dir, 'tr-lab'), tr.labels);
  await writeFile(join(dir, 'te-img'), te.images);
  await writeFile(join(dir, 'te-lab'), te.labels);
  await writeFile(join(dir, 'short-lab'), idxBytes([11], new Uint8Array(11)));
  await writeFile(join(dir, 'trunc-img'), tr.images.subarray(0, 30));
  await writeFile(join(dir, 'reviews.csv'), 'text,label\ngood film,pos\nbad film,neg\ngreat,pos\nawful,neg\nfine,pos\n');
  await writeFile(join(dir, 'reviews-test.csv'), 'text,label\ngood,pos\n');
  await writeFile(join(dir, 'a,b.csv'), 'text,label\nx,1\ny,2\nz,1\n');
  await writeFile(join(dir, 'latin1.csv'), Uint8Array.from([...Buffer.from('text,label\ncaf'), 0xe9, ...Buffer.from(',1\nb,2\n')]));
  await mkdir(join(dir, 'folder.csv'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadError(spec: string, opts = {}): Promise<DatasetError> {
  try {
    await loadDataset(spec, { cwd: dir, ...opts });
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error(`expected ${spec} to fail`);
}

describe('loadDataset: mnist', () => {
  it('loads the real MNIST files with the right counts, shapes, labels and values', async () => {
    const t0 = performance.now();
    const ds = await loadDataset('mnist');
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
    expect(ds).toMatchObject({ spec: 'mnist', kind: 'dense', seqLen: 28, inputSize: 28, vocabSize: 0, numClasses: 10 });
    const train = ds.train as DenseSplit;
    const test = ds.test as DenseSplit;
    expect(train.count).toBe(60000);
    expect(test.count).toBe(10000);
    expect(train.x.length).toBe(60000 * 784);
    expect(test.x.length).toBe(10000 * 784);
    expect([...train.y.subarray(0, 4)]).toEqual([5, 0, 4, 1]);
    expect([...test.y.subarray(0, 4)]).toEqual([7, 2, 1, 0]);
    expect(train.scale).toBeCloseTo(1 / 255);
    let max = 0;
    for (let i = 0; i < 784; i++) max = Math.max(max, train.x[i]);
    expect(max * train.scale).toBeCloseTo(1);
    expect(train.x[0]).toBe(0);
    const counts = new Array<number>(10).fill(0);
    for (const c of train.y) counts[c]++;
    expect(counts.every((c) => c > 5000)).toBe(true);
  });

  it('applies limits as the first N samples', async () => {
    const ds = await loadDataset('mnist', { trainLimit: 100, testLimit: 7 });
    expect(ds.train.count).toBe(100);
    expect(ds.test.count).toBe(7);
    expect([...ds.train.y.subarray(0, 4)]).toEqual([5, 0, 4, 1]);
    expect((ds.train as DenseSplit).x.length).toBe(100 * 784);
  });

  it('honours LSTM_STUDIO_MNIST_DIR and names the missing file', async () => {
    const old = process.env[MNIST_DIR_ENV];
    process.env[MNIST_DIR_ENV] = dir;
    try {
      const e = await loadError('mnist');
      expect(e.file).toBe(join(dir, 'train-images-idx3-ubyte'));
      expect(e.message).toMatch(/train-images-idx3-ubyte: file not found; expected the MNIST training images/);
    } finally {
      if (old === undefined) delete process.env[MNIST_DIR_ENV];
      else process.env[MNIST_DIR_ENV] = old;
    }
  });
});

describe('loadDataset: idx, task, csv', () => {
  it('loads idx train and test files relative to cwd', async () => {
    const ds = await loadDataset('idx:tr-img,tr-lab,te-img,te-lab', { cwd: dir });
    expect(ds).toMatchObject({ kind: 'dense', seqLen: 3, inputSize: 2, numClasses: 3, name: 'tr-img' });
    expect(ds.train.count).toBe(12);
    expect([...ds.test.y]).toEqual([2, 1, 0]);
  });

  it('splits the last 1/6 off as test without test files', async () => {
    const ds = await loadDataset(' idx: tr-img , tr-lab ', { cwd: dir, testLimit: 1 });
    expect(ds.train.count).toBe(10);
    expect(ds.test.count).toBe(1);
    expect(ds.test.y[0]).toBe(1); // sample 10
  });

  it('generates token tasks', async () => {
    const ds = await loadDataset('task:padded-last', { trainLimit: 50 });
    expect(ds).toMatchObject({ kind: 'tokens', spec: 'task:padded-last', seqLen: 40 });
    expect(ds.train.count).toBe(50);
    expect(ds.test.count).toBe(1000);
  });

  it('loads csv text, with an optional test file, and a path holding a comma', async () => {
    const one = await loadDataset('csv:reviews.csv', { cwd: dir });
    expect(one).toMatchObject({ kind: 'tokens', name: 'reviews.csv', numClasses: 2 });
    expect(one.train.count + one.test.count).toBe(5);
    const two = await loadDataset('csv:reviews.csv,reviews-test.csv', { cwd: dir });
    expect(two.train.count).toBe(5);
    expect(two.test.count).toBe(1);
    expect((two.test as TokenSplit).tokens[0]).toBeGreaterThan(1); // "good" is a training word
    const comma = await loadDataset('csv:a,b.csv', { cwd: dir });
    expect(comma.classNames).toEqual(['1', '2']);
  });
});

describe('loadDataset errors name the file or spec', () => {
  it('missing file, relative to cwd', async () => {
    const e = await loadError('idx:nope-img,tr-lab');
    expect(e.file).toBe('nope-img');
    expect(e.message).toMatch(/^nope-img: file not found \(looked at .*nope-img\); expected an IDX image file/);
  });

  it('a directory', async () => {
    expect((await loadError('csv:folder.csv')).message).toMatch(/^folder\.csv: is a directory .*expected a UTF-8 CSV file/);
  });

  it('corrupt and mismatched IDX files', async () => {
    expect((await loadError('idx:trunc-img,tr-lab')).message).toMatch(/^trunc-img: truncated: header declares 12×3×2 bytes but the file holds 14/);
    expect((await loadError('idx:tr-img,short-lab')).message).toMatch(/^short-lab: holds 11 labels but tr-img holds 12 images/);
    expect((await loadError('idx:tr-lab,tr-img')).message).toMatch(/^tr-lab: expected an image file with 3 dimensions/);
  });

  it('CSV content errors and invalid UTF-8', async () => {
    expect((await loadError('csv:latin1.csv')).message).toMatch(/^latin1\.csv: is not valid UTF-8 text/);
    expect((await loadError('csv:reviews.csv,missing.csv')).message).toMatch(/^missing\.csv: file not found/);
  });

  it('bad specs', async () => {
    expect((await loadError('imagenet')).message).toMatch(
      /^dataset "imagenet": unknown dataset \(expected mnist, imdb, names, spam, idx:TRAIN_IMAGES,TRAIN_LABELS\[,TEST_IMAGES,TEST_LABELS\], task:NAME or csv:PATH\)/,
    );
    expect((await loadError('')).message).toMatch(/^dataset "": is empty/);
    expect((await loadError('idx:a,b,c')).message).toMatch(/2 or 4 non-empty paths/);
    expect((await loadError('task:nope')).message).toMatch(/unknown token task "nope" \(expected one of: first-token, last-token/);
    expect((await loadError('csv:')).message).toMatch(/expected csv:PATH/);
  });

  it('bad limits', async () => {
    expect((await loadError('task:last-token', { trainLimit: 0 })).message).toBe('trainLimit: 0: expected a positive integer');
    expect((await loadError('task:last-token', { testLimit: 2.5 })).file).toBe('testLimit');
  });
});

describe('describeDatasets', () => {
  it('lists mnist, every token task and the file forms with one-line descriptions', () => {
    const list = describeDatasets();
    const specs = list.map((d) => d.spec);
    expect(specs[0]).toBe('mnist');
    for (const t of TOKEN_TASKS) expect(specs).toContain(`task:${t.name}`);
    expect(specs.some((s) => s.startsWith('csv:'))).toBe(true);
    expect(specs.some((s) => s.startsWith('idx:'))).toBe(true);
    for (const d of list) {
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.description).not.toMatch(/\n/);
    }
  });
});

describe('loadDataset with a split seed', () => {
  it('pools train + test and re-splits them deterministically before the limits (same sizes)', async () => {
    const plain = await loadDataset(`idx:${join(dir, 'tr-img')},${join(dir, 'tr-lab')},${join(dir, 'te-img')},${join(dir, 'te-lab')}`);
    const spec = plain.spec;
    const a = await loadDataset(spec, { splitSeed: 4 });
    const b = await loadDataset(spec, { splitSeed: 4 });
    expect(a.train.count).toBe(plain.train.count);
    expect(a.test.count).toBe(plain.test.count);
    expect(Array.from((a.test as DenseSplit).x)).toEqual(Array.from((b.test as DenseSplit).x));
    const others = await Promise.all([5, 6, 7, 8].map((s) => loadDataset(spec, { splitSeed: s })));
    expect(others.some((o) => Array.from((o.test as DenseSplit).x).join() !== Array.from((a.test as DenseSplit).x).join())).toBe(true);
    const limited = await loadDataset(spec, { splitSeed: 4, trainLimit: 5, testLimit: 2 });
    expect([limited.train.count, limited.test.count]).toEqual([5, 2]);
    expect(Array.from((limited.test as DenseSplit).y)).toEqual(Array.from((a.test as DenseSplit).y).slice(0, 2));
  });
});
