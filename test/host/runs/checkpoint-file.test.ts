import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_MAGIC,
  type CheckpointData,
  decodeCheckpoint,
  encodeCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from '../../../src/host/runs/checkpoint-file.js';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import { FaultFs, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

function sample(step = 500, scale = 1): CheckpointData {
  const w = new Float32Array(4 * 3 * 2);
  for (let i = 0; i < w.length; i++) w[i] = Math.fround((i - 7.25) * 0.1 * scale);
  return {
    step,
    meta: { rng: 123456789, optimizerStep: step, epoch: 1, nested: { lr: 0.01, list: [1, 'a', null, true] } },
    tensors: {
      'lstm.weight_ih_l0': { shape: [4 * 3, 2], data: w },
      'fc.bias': { shape: [2], data: new Float32Array([Number.NaN, -0]) },
      'opt.scalar': { shape: [], data: new Float32Array([3.5]) },
      empty: { shape: [0, 5], data: new Float32Array(0) },
    },
  };
}

async function codeOf(p: Promise<unknown>): Promise<[string, string]> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunStoreError);
  return [(err as RunStoreError).code, (err as RunStoreError).message];
}

describe('checkpoint file', () => {
  it('round-trips meta, step and every tensor bit for bit (NaN and -0 included)', async () => {
    const ck = sample();
    await writeCheckpoint(dir, ck);
    const back = await readCheckpoint(dir);
    expect(back.step).toBe(500);
    expect(back.meta).toEqual(ck.meta);
    expect(Object.keys(back.tensors)).toEqual(Object.keys(ck.tensors));
    for (const [name, t] of Object.entries(ck.tensors)) {
      expect(back.tensors[name].shape).toEqual(t.shape);
      expect(new Uint8Array(back.tensors[name].data.buffer)).toEqual(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    }
    expect(await readdir(dir)).toEqual(['checkpoint.bin']);
  });

  it('has the documented layout: magic, version, 4-aligned header, CRC-32 trailer', () => {
    const bytes = encodeCheckpoint(sample());
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe(CHECKPOINT_MAGIC);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(8, true)).toBe(1);
    expect(view.getUint32(12, true) % 4).toBe(0);
    expect(view.getUint32(bytes.length - 4, true)).toBe(crc32(bytes.subarray(0, bytes.length - 4)));
  });

  it('fault: a flipped byte in the data is detected by the CRC, naming the file', async () => {
    await writeCheckpoint(dir, sample());
    const file = join(dir, 'checkpoint.bin');
    const bytes = await readFile(file);
    bytes[bytes.length - 10] ^= 0x01;
    await writeFile(file, bytes);
    const [code, message] = await codeOf(readCheckpoint(dir));
    expect(code).toBe('CORRUPT');
    expect(message).toContain(file);
    expect(message).toMatch(/CRC-32 mismatch/);
  });

  it('fault: a truncated file (torn write) is detected at every length', () => {
    const bytes = encodeCheckpoint(sample());
    for (let n = 0; n < bytes.length; n += 7) {
      expect(() => decodeCheckpoint(bytes.subarray(0, n), 'ck.bin')).toThrow(/ck\.bin is corrupt/);
    }
  });

  it('fault: bad magic, unknown version and a header that lies are reported as corrupt', () => {
    const good = encodeCheckpoint(sample());
    const magic = good.slice();
    magic[0] = 0x58;
    expect(() => decodeCheckpoint(magic, 'f')).toThrow(/bad magic/);
    const version = good.slice();
    new DataView(version.buffer).setUint32(8, 9, true);
    expect(() => decodeCheckpoint(version, 'f')).toThrow(/version 9 is not supported/);
    // A header whose tensor list does not fit the data, with a matching CRC (written by a buggy writer).
    const view = new DataView(good.buffer);
    const hlen = view.getUint32(12, true);
    const header = JSON.parse(new TextDecoder().decode(good.subarray(16, 16 + hlen))) as { tensors: { length: number }[] };
    header.tensors[0].length += 1;
    const text = new TextEncoder().encode(JSON.stringify(header).padEnd(hlen, ' '));
    expect(text.length).toBe(hlen);
    const lying = good.slice();
    lying.set(text, 16);
    new DataView(lying.buffer).setUint32(lying.length - 4, crc32(lying.subarray(0, lying.length - 4)), true);
    expect(() => decodeCheckpoint(lying, 'f')).toThrow(/values for shape/);
  });

  it('refuses bad input with INVALID errors naming the tensor or field', async () => {
    const badShape: CheckpointData = { meta: {}, tensors: { w: { shape: [2, 2], data: new Float32Array(3) } } };
    expect(await codeOf(writeCheckpoint(dir, badShape))).toEqual(['INVALID', expect.stringMatching(/tensor "w".*3 values.*\[2, 2\]/)]);
    const nanMeta: CheckpointData = { meta: { loss: Number.NaN }, tensors: {} };
    expect(await codeOf(writeCheckpoint(dir, nanMeta))).toEqual(['INVALID', expect.stringMatching(/meta\.loss: NaN/)]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a missing checkpoint as NOT_FOUND', async () => {
    expect((await codeOf(readCheckpoint(dir)))[0]).toBe('NOT_FOUND');
  });

  it('fault: ENOSPC while writing keeps the previous checkpoint loadable', async () => {
    await writeCheckpoint(dir, sample(100));
    const fs = new FaultFs();
    fs.diskFull((p) => p.includes('checkpoint.bin'), true);
    const [code, message] = await codeOf(writeCheckpoint(dir, sample(200, 2), fs));
    expect(code).toBe('ENOSPC');
    expect(message).toMatch(/disk full/);
    expect((await readCheckpoint(dir)).step).toBe(100);
    expect(await readdir(dir)).toEqual(['checkpoint.bin']);
  });

  it('names tensors freely (a tensor called __proto__ is an ordinary entry)', async () => {
    const t = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(t)).toEqual(['__proto__']);
    const tensors = Object.create(null) as CheckpointData['tensors'];
    Object.defineProperty(tensors, '__proto__', { value: { shape: [1], data: new Float32Array([2]) }, enumerable: true });
    await writeCheckpoint(dir, { meta: null, tensors });
    const back = await readCheckpoint(dir);
    expect(Object.keys(back.tensors)).toEqual(['__proto__']);
    expect(Array.from(back.tensors['__proto__'].data)).toEqual([2]);
  });
});
