/**
 * `checkpoint.bin`: model (and optimizer) tensors plus arbitrary JSON meta (step, RNG state, optimizer
 * step...), written atomically and checked on every read.
 *
 * Layout (little-endian):
 *   0   8 bytes  magic "LSTMCKPT"
 *   8   uint32   format version (1)
 *   12  uint32   H: header length in bytes (JSON, space-padded to a multiple of 4)
 *   16  H bytes  header JSON: {step?, meta, dataBytes, tensors: [{name, shape, offset, length}]}
 *                (offset and length in float32 elements from the start of the data)
 *   16+H         float32 data, dataBytes bytes
 *   end-4 uint32 CRC-32 of every byte before it
 * A torn or altered file fails the size, magic, version or CRC check and is reported, naming the file.
 */
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import { RunStoreError, toStoreError } from './errors.js';
import { type FsOps, nodeFsOps } from './fs-ops.js';
import { CHECKPOINT_FILE } from './run-paths.js';
import { assertTensorMap, shapeSize, type TensorMap } from './tensor-map.js';

export const CHECKPOINT_MAGIC = 'LSTMCKPT';
export const CHECKPOINT_VERSION = 1;
const PREFIX = 16;
const TRAILER = 4;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What a checkpoint holds. */
export interface CheckpointData {
  /** Optimizer step the checkpoint was taken at (the run's truth for resuming). */
  step?: number;
  /** Any JSON: RNG state, optimizer step counter, epoch, data order position... */
  meta: unknown;
  tensors: TensorMap;
}

const headerSchema = z.object({
  step: z.number().int().nonnegative().optional(),
  meta: z.unknown(),
  dataBytes: z.number().int().nonnegative(),
  tensors: z.array(
    z.object({
      name: z.string().min(1),
      shape: z.array(z.number().int().nonnegative()),
      offset: z.number().int().nonnegative(),
      length: z.number().int().nonnegative(),
    }),
  ),
});

/** JSON text of `meta`; refuses what JSON cannot hold faithfully (NaN, Infinity, functions, undefined). */
function metaJson(meta: unknown, file: string): unknown {
  const text = JSON.stringify(meta, (key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RunStoreError('INVALID', `${file}: meta${key ? `.${key}` : ''}: ${value} cannot be stored as JSON`, { path: file });
    }
    return value;
  });
  if (text === undefined) throw new RunStoreError('INVALID', `${file}: meta: expected a JSON value`, { path: file });
  return JSON.parse(text);
}

/** The bytes of a checkpoint file. `file` is only used in error messages. */
export function encodeCheckpoint(ckpt: CheckpointData, file = CHECKPOINT_FILE): Uint8Array {
  assertTensorMap(ckpt.tensors, file);
  if (ckpt.step !== undefined && !(Number.isSafeInteger(ckpt.step) && ckpt.step >= 0)) {
    throw new RunStoreError('INVALID', `${file}: step: expected a non-negative integer`, { path: file });
  }
  const entries: z.infer<typeof headerSchema>['tensors'] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(ckpt.tensors)) {
    entries.push({ name, shape: [...t.shape], offset, length: t.data.length });
    offset += t.data.length;
  }
  const header = { step: ckpt.step, meta: metaJson(ckpt.meta, file), dataBytes: offset * 4, tensors: entries };
  let headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(headerBytes.length / 4) * 4;
  if (padded !== headerBytes.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(headerBytes);
    headerBytes = p;
  }
  const dataStart = PREFIX + headerBytes.length;
  const out = new Uint8Array(dataStart + offset * 4 + TRAILER);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  view.setUint32(8, CHECKPOINT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, PREFIX);
  for (const e of entries) {
    const data = ckpt.tensors[e.name].data;
    const at = dataStart + e.offset * 4;
    if (LITTLE_ENDIAN) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else for (let i = 0; i < data.length; i++) view.setFloat32(at + i * 4, data[i], true);
  }
  const end = out.length - TRAILER;
  view.setUint32(end, crc32(out.subarray(0, end)), true);
  return out;
}

/** Parses and checks the bytes of a checkpoint file; RunStoreError CORRUPT naming `file` on any problem. */
export function decodeCheckpoint(bytes: Uint8Array, file: string): CheckpointData {
  const corrupt = (why: string): RunStoreError =>
    new RunStoreError('CORRUPT', `checkpoint ${file} is corrupt: ${why}`, { path: file });
  if (bytes.length < PREFIX + TRAILER) throw corrupt(`only ${bytes.length} bytes (truncated)`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== CHECKPOINT_MAGIC) throw corrupt('not a checkpoint file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_VERSION) {
    throw corrupt(`format version ${version} is not supported (this build reads ${CHECKPOINT_VERSION})`);
  }
  const headerLen = view.getUint32(12, true);
  if (PREFIX + headerLen + TRAILER > bytes.length) throw corrupt('header runs past the end of the file (truncated)');
  const end = bytes.length - TRAILER;
  const stored = view.getUint32(end, true);
  const computed = crc32(bytes.subarray(0, end));
  if (stored !== computed) {
    throw corrupt(`CRC-32 mismatch (stored ${hex(stored)}, computed ${hex(computed)}): truncated or altered`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLen)));
  } catch {
    throw corrupt('header is not valid JSON');
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw corrupt(`header ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const header = parsed.data;
  const dataStart = PREFIX + headerLen;
  if (dataStart + header.dataBytes !== end) {
    throw corrupt(`data is ${end - dataStart} bytes but the header says ${header.dataBytes}`);
  }
  const total = header.dataBytes / 4;
  const tensors = Object.create(null) as TensorMap; // no prototype: a tensor may be named anything
  for (const t of header.tensors) {
    if (Object.hasOwn(tensors, t.name)) throw corrupt(`tensor "${t.name}" appears twice`);
    if (t.length !== shapeSize(t.shape)) throw corrupt(`tensor "${t.name}" has ${t.length} values for shape [${t.shape.join(', ')}]`);
    if (t.offset + t.length > total) throw corrupt(`tensor "${t.name}" runs past the end of the data`);
    const at = dataStart + t.offset * 4;
    const data = new Float32Array(t.length);
    if (LITTLE_ENDIAN) new Uint8Array(data.buffer).set(bytes.subarray(at, at + t.length * 4));
    else for (let i = 0; i < t.length; i++) data[i] = view.getFloat32(at + i * 4, true);
    tensors[t.name] = { shape: t.shape, data };
  }
  return { step: header.step, meta: header.meta, tensors };
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Writes `dir/checkpoint.bin` atomically: the previous checkpoint stays loadable until the new one is complete. */
export async function writeCheckpoint(dir: string, ckpt: CheckpointData, ops: FsOps = nodeFsOps): Promise<void> {
  const file = join(dir, CHECKPOINT_FILE);
  await writeFileAtomic(ops, file, encodeCheckpoint(ckpt, file));
}

/** Reads and checks `dir/checkpoint.bin`: NOT_FOUND when there is none, CORRUPT (naming the file) when damaged. */
export async function readCheckpoint(dir: string, ops: FsOps = nodeFsOps): Promise<CheckpointData> {
  const file = join(dir, CHECKPOINT_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await ops.readFile(file);
  } catch (err) {
    const e = toStoreError(err, 'read checkpoint', file);
    if (e.code === 'NOT_FOUND') throw new RunStoreError('NOT_FOUND', `no checkpoint in ${dir}`, { path: file, cause: err });
    throw e;
  }
  return decodeCheckpoint(bytes, file);
}
