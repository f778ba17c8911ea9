import { describe, expect, it } from 'vitest';
import { parseIdx, parseIdxImages, parseIdxLabels } from '../../../src/engine/data/idx.js';
import { DatasetError } from '../../../src/engine/data/dataset-error.js';
import { idxBytes } from '../../fixtures/data/idx-bytes.js';

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetError);
    return err as DatasetError;
  }
  throw new Error('expected a DatasetError');
}

describe('parseIdx', () => {
  it('reads dims and a view of the data', () => {
    const bytes = idxBytes([2, 3, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const { dims, data } = parseIdx(bytes, 'f');
    expect(dims).toEqual([2, 3, 2]);
    expect([...data]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(data.buffer).toBe(bytes.buffer);
  });

  it('works on a view with a non-zero byte offset', () => {
    const raw = idxBytes([3], [7, 8, 9]);
    const padded = new Uint8Array(raw.length + 5);
    padded.set(raw, 5);
    expect([...parseIdx(padded.subarray(5), 'f').data]).toEqual([7, 8, 9]);
  });

  it('rejects a bad magic number', () => {
    const bytes = idxBytes([3], [1, 2, 3]);
    bytes[0] = 0x1f;
    const e = errorOf(() => parseIdx(bytes, 'labels.idx'));
    expect(e.file).toBe('labels.idx');
    expect(e.message).toMatch(/^labels\.idx: not an IDX file: bad magic number 0x1f 0x00 0x08 0x01/);
  });

  it('rejects unsupported and unknown element types', () => {
    expect(errorOf(() => parseIdx(idxBytes([1], [0, 0, 0, 0], 0x0d), 'f')).message).toMatch(
      /element type 0x0d \(float32\) is not supported \(expected 0x08, unsigned byte\)/,
    );
    expect(errorOf(() => parseIdx(idxBytes([1], [0], 0x42), 'f')).message).toMatch(/unknown IDX element type 0x42/);
  });

  it('rejects zero dimensions and a truncated header', () => {
    expect(errorOf(() => parseIdx(new Uint8Array([0, 0, 8, 0]), 'f')).message).toMatch(/0 dimensions/);
    expect(errorOf(() => parseIdx(new Uint8Array([0, 0, 8]), 'f')).message).toMatch(/truncated: .*holds 3 byte/);
    const header = idxBytes([5, 2, 2], []).subarray(0, 10);
    expect(errorOf(() => parseIdx(header, 'f')).message).toMatch(/truncated: the header declares 3 dimension\(s\), needing 16 header bytes, but the file holds 10/);
  });

  it('rejects truncated data with the declared sizes in the message', () => {
    const bytes = idxBytes([60000, 28, 28], new Uint8Array(1234));
    const e = errorOf(() => parseIdx(bytes, 'train-images-idx3-ubyte'));
    expect(e.message).toBe('train-images-idx3-ubyte: truncated: header declares 60000×28×28 bytes but the file holds 1234');
  });

  it('rejects trailing bytes', () => {
    const bytes = idxBytes([2], [1, 2, 3]);
    expect(errorOf(() => parseIdx(bytes, 'f')).message).toMatch(/declares 2 bytes but the file holds 3 \(1 unexpected trailing byte/);
  });
});

describe('parseIdxImages / parseIdxLabels', () => {
  it('parses a 3-D image file', () => {
    const img = parseIdxImages(idxBytes([2, 2, 3], new Uint8Array(12).fill(9)), 'img');
    expect(img).toMatchObject({ count: 2, rows: 2, cols: 3 });
    expect(img.pixels.length).toBe(12);
  });

  it('requires 3 dimensions for images and 1 for labels', () => {
    expect(errorOf(() => parseIdxImages(idxBytes([4], [1, 2, 3, 4]), 'img')).message).toMatch(
      /^img: expected an image file with 3 dimensions .* but it has 1 \(4\)/,
    );
    expect(errorOf(() => parseIdxLabels(idxBytes([2, 2], [1, 2, 3, 4]), 'lab')).message).toMatch(
      /^lab: expected a label file with 1 dimension .* but it has 2 \(2×2\)/,
    );
  });

  it('rejects empty image and label files and zero-size images', () => {
    expect(errorOf(() => parseIdxImages(idxBytes([0, 28, 28], []), 'img')).message).toMatch(/holds no images/);
    expect(errorOf(() => parseIdxImages(idxBytes([3, 0, 28], []), 'img')).message).toMatch(/image size 0×28/);
    expect(errorOf(() => parseIdxLabels(idxBytes([0], []), 'lab')).message).toMatch(/holds no labels/);
  });

  it('returns labels as the byte values', () => {
    expect([...parseIdxLabels(idxBytes([4], [0, 255, 3, 9]), 'lab')]).toEqual([0, 255, 3, 9]);
  });
});
