import { describe, expect, it } from 'vitest';
import { makeImageDataset } from '../../../src/engine/data/image-dataset.js';
import { DatasetError } from '../../../src/engine/data/dataset-error.js';
import type { DenseSplit } from '../../../src/engine/data/dataset.js';
import { idxBytes, imageSet } from '../../fixtures/data/idx-bytes.js';

const base = { spec: 'idx:x', name: 'x', description: 'test images' };
const named = (file: string, bytes: Uint8Array) => ({ file, bytes });

describe('makeImageDataset', () => {
  it('reads R rows × C cols as R steps of C features with train and test files', () => {
    const tr = imageSet(5, 3, 4, [0, 1, 2, 1, 0]);
    const te = imageSet(2, 3, 4, [2, 0]);
    const ds = makeImageDataset({
      ...base,
      trainImages: named('tri', tr.images),
      trainLabels: named('trl', tr.labels),
      testImages: named('tei', te.images),
      testLabels: named('tel', te.labels),
    });
    expect(ds).toMatchObject({ kind: 'dense', seqLen: 3, inputSize: 4, vocabSize: 0, numClasses: 3 });
    expect(ds.classNames).toEqual(['0', '1', '2']);
    const train = ds.train as DenseSplit;
    expect(train.count).toBe(5);
    expect(train.scale).toBeCloseTo(1 / 255);
    expect([...train.y]).toEqual([0, 1, 2, 1, 0]);
    // sample 1, row 2, col 3 = (1*7 + 2*4 + 3) % 256 = 18
    expect(train.x[(1 * 3 + 2) * 4 + 3]).toBe(18);
    expect(ds.test.count).toBe(2);
    expect([...ds.test.y]).toEqual([2, 0]);
  });

  it('splits the last 1/6 off as test when no test files are given', () => {
    const labels = Array.from({ length: 12 }, (_, i) => i % 2);
    const tr = imageSet(12, 2, 2, labels);
    const ds = makeImageDataset({ ...base, trainImages: named('tri', tr.images), trainLabels: named('trl', tr.labels) });
    expect(ds.train.count).toBe(10);
    expect(ds.test.count).toBe(2);
    const test = ds.test as DenseSplit;
    // first test sample is sample 10: pixel 0 = 70
    expect(test.x[0]).toBe(70);
    expect(test.x.length).toBe(2 * 4);
  });

  it('has at least 2 classes', () => {
    const tr = imageSet(6, 1, 1, [0, 0, 0, 0, 0, 0]);
    expect(makeImageDataset({ ...base, trainImages: named('i', tr.images), trainLabels: named('l', tr.labels) }).numClasses).toBe(2);
  });

  it('rejects a label/image count mismatch naming the label file', () => {
    const tr = imageSet(4, 2, 2, [0, 1, 0]);
    expect(() => makeImageDataset({ ...base, trainImages: named('imgs', tr.images), trainLabels: named('labs', tr.labels) })).toThrow(
      /^labs: holds 3 labels but imgs holds 4 images/,
    );
  });

  it('rejects test images of another size, a lone test file and a single sample to split', () => {
    const tr = imageSet(4, 2, 2, [0, 1, 0, 1]);
    const te = imageSet(2, 3, 2, [0, 1]);
    const train = { trainImages: named('tri', tr.images), trainLabels: named('trl', tr.labels) };
    expect(() => makeImageDataset({ ...base, ...train, testImages: named('tei', te.images), testLabels: named('tel', te.labels) })).toThrow(
      /^tei: images are 3×2 but tri holds 2×2/,
    );
    expect(() => makeImageDataset({ ...base, ...train, testImages: named('tei', te.images) })).toThrow(DatasetError);
    const one = imageSet(1, 2, 2, [1]);
    expect(() => makeImageDataset({ ...base, trainImages: named('one', one.images), trainLabels: named('l', one.labels) })).toThrow(
      /^one: holds 1 image\(s\); at least 2/,
    );
  });

  it('propagates corrupt-file errors with the file name', () => {
    const tr = imageSet(4, 2, 2, [0, 1, 0, 1]);
    expect(() =>
      makeImageDataset({ ...base, trainImages: named('tri', tr.images.subarray(0, 20)), trainLabels: named('trl', tr.labels) }),
    ).toThrow(/^tri: truncated/);
    expect(() =>
      makeImageDataset({ ...base, trainImages: named('tri', tr.labels), trainLabels: named('trl', tr.labels) }),
    ).toThrow(/^tri: expected an image file with 3 dimensions/);
    expect(() =>
      makeImageDataset({ ...base, trainImages: named('tri', tr.images), trainLabels: named('trl', idxBytes([4], [0, 1, 0, 1], 0x0c)) }),
    ).toThrow(/^trl: IDX element type 0x0c/);
  });
});
