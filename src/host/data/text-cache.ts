/**
 * The tokenised form of a text dataset, cached in the app's data folder (`<data>/cache/datasets`, or
 * `LSTM_STUDIO_CACHE_DIR`) under a key that hashes the source files' content with the tokenisation options, so a
 * second load skips reading and tokenising the texts. One file per key: a magic line, a JSON header (metadata,
 * split counts, vocabulary) and the six Int32 arrays. A file that cannot be read back (cut short, other version)
 * is ignored and rewritten; writes go to a temp file renamed into place, so a crash never leaves a bad entry.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Dataset, TokenSplit } from '../../engine/data/dataset.js';
import { defaultRunsDir } from '../runs/runs-dir.js';

export const CACHE_DIR_ENV = 'LSTM_STUDIO_CACHE_DIR';
const MAGIC = 'lstm-studio-text-cache 1\n';

/** `$LSTM_STUDIO_CACHE_DIR`, else `cache/datasets` in the app's data folder (beside `runs`). */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env[CACHE_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  return join(dirname(defaultRunsDir({ env })), 'cache', 'datasets');
}

/** sha256 of a file's bytes, read as a stream. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The cache key: the dataset id, the source hashes and the options, hashed. */
export function cacheKey(id: string, sourceHashes: readonly string[], options: unknown): string {
  const h = createHash('sha256').update(JSON.stringify({ id, sourceHashes, options }));
  return `${id}-${h.digest('hex').slice(0, 32)}`;
}

interface Header {
  meta: Omit<Dataset, 'train' | 'test'>;
  train: number;
  test: number;
}

function arraysOf(s: TokenSplit): Int32Array[] {
  return [s.tokens.subarray(0, s.count * s.seqLen), s.lengths.subarray(0, s.count), s.y.subarray(0, s.count)];
}

export async function writeCache(dir: string, key: string, ds: Dataset): Promise<void> {
  if (ds.train.kind !== 'tokens' || ds.test.kind !== 'tokens') return;
  const { train, test, ...meta } = ds;
  const header: Header = { meta, train: train.count, test: test.count };
  const head = Buffer.from(MAGIC + JSON.stringify(header) + '\n', 'utf8');
  const pad = (4 - (head.length % 4)) % 4;
  const parts: Buffer[] = [head, Buffer.alloc(pad, 0x20)];
  for (const a of [...arraysOf(train), ...arraysOf(test)]) parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const file = join(dir, `${key}.bin`);
  const tmp = `${file}.${process.pid}.tmp`;
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(tmp, Buffer.concat(parts));
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true });
  }
}

/** The cached dataset for `key`, or null when there is none (or it cannot be read back). */
export async function readCache(dir: string, key: string): Promise<Dataset | null> {
  let buf: Buffer;
  try {
    buf = await readFile(join(dir, `${key}.bin`));
  } catch {
    return null;
  }
  try {
    if (buf.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) return null;
    const nl = buf.indexOf(0x0a, MAGIC.length);
    const header = JSON.parse(buf.subarray(MAGIC.length, nl).toString('utf8')) as Header;
    let at = nl + 1;
    at += (4 - (at % 4)) % 4;
    const copy = new Uint8Array(buf.length - at);
    copy.set(buf.subarray(at));
    const all = new Int32Array(copy.buffer);
    const seqLen = header.meta.seqLen;
    let p = 0;
    const take = (n: number): Int32Array => {
      if (p + n > all.length) throw new Error('cut short');
      const a = all.subarray(p, p + n);
      p += n;
      return a;
    };
    const split = (count: number): TokenSplit => ({ kind: 'tokens', count, seqLen, tokens: take(count * seqLen), lengths: take(count), y: take(count) });
    const train = split(header.train);
    const test = split(header.test);
    if (p !== all.length) return null;
    return { ...header.meta, train, test };
  } catch {
    return null;
  }
}

/** Loads through the cache: a hit returns the stored dataset, a miss builds it and stores it. */
export async function cachedText(
  dir: string | null,
  key: () => Promise<string>,
  build: () => Promise<Dataset>,
): Promise<Dataset> {
  if (dir === null) return build();
  const k = await key();
  const hit = await readCache(dir, k);
  if (hit) return hit;
  const ds = await build();
  await writeCache(dir, k, ds);
  return ds;
}
