/**
 * IDX parsing (the MNIST file format): two zero bytes, an element-type byte, a dimension-count byte,
 * one big-endian uint32 size per dimension, then the elements in row-major order. Only unsigned bytes
 * (type 0x08) are supported; every header field is checked against the actual byte length.
 */
import { DatasetError } from './dataset-error.js';

/** A parsed IDX file: its dimension sizes and a view of its data bytes (no copy). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** IDX element types by code, for error messages. */
const ELEMENT_TYPES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/** Parses any unsigned-byte IDX file. `file` names the file in errors. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4) {
    throw new DatasetError(file, `truncated: an IDX file starts with a 4-byte magic number but the file holds ${bytes.length} byte(s)`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DatasetError(
      file,
      `not an IDX file: bad magic number ${[...bytes.subarray(0, 4)].map(hex).join(' ')} (expected 0x00 0x00 TYPE DIMS)`,
    );
  }
  const type = bytes[2];
  if (type !== 0x08) {
    const known = ELEMENT_TYPES[type];
    throw new DatasetError(
      file,
      known === undefined
        ? `unknown IDX element type ${hex(type)} (expected 0x08, unsigned byte)`
        : `IDX element type ${hex(type)} (${known}) is not supported (expected 0x08, unsigned byte)`,
    );
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new DatasetError(file, 'the IDX header declares 0 dimensions (expected at least 1)');
  const headerLen = 4 + 4 * ndims;
  if (bytes.length < headerLen) {
    throw new DatasetError(
      file,
      `truncated: the header declares ${ndims} dimension(s), needing ${headerLen} header bytes, but the file holds ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let total = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d, false);
    dims.push(size);
    total *= size;
  }
  const available = bytes.length - headerLen;
  const declared = dims.join('×');
  if (total > available) {
    throw new DatasetError(file, `truncated: header declares ${declared} bytes but the file holds ${available}`);
  }
  if (total < available) {
    throw new DatasetError(
      file,
      `header declares ${declared} bytes but the file holds ${available} (${available - total} unexpected trailing byte(s))`,
    );
  }
  return { dims, data: bytes.subarray(headerLen, headerLen + total) };
}

/** Images: N × rows × cols unsigned bytes. */
export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** [count, rows, cols] pixels, a view of the file bytes. */
  pixels: Uint8Array;
}

/** Parses an image file (3-D: count × rows × cols, each at least 1). */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const { dims, data } = parseIdx(bytes, file);
  if (dims.length !== 3) {
    throw new DatasetError(file, `expected an image file with 3 dimensions (count × rows × cols) but it has ${dims.length} (${dims.join('×')})`);
  }
  const [count, rows, cols] = dims;
  if (count < 1) throw new DatasetError(file, 'holds no images (expected at least 1)');
  if (rows < 1 || cols < 1) throw new DatasetError(file, `image size ${rows}×${cols}: expected at least 1×1`);
  return { count, rows, cols, pixels: data };
}

/** Parses a label file (1-D: count unsigned bytes, each a class id in [0, 255]). */
export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  const { dims, data } = parseIdx(bytes, file);
  if (dims.length !== 1) {
    throw new DatasetError(file, `expected a label file with 1 dimension (count) but it has ${dims.length} (${dims.join('×')})`);
  }
  if (dims[0] < 1) throw new DatasetError(file, 'holds no labels (expected at least 1)');
  // Unsigned bytes are always within [0, 255]: the element-type check above is the range check.
  return data;
}
