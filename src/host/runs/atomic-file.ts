/**
 * Atomic replacement of a small file: write `NAME.<pid>.<n>.tmp`, fsync it, rename it over NAME, fsync
 * the folder. At every moment NAME holds either the previous complete version or the new complete
 * version; a crash leaves at most a stray `*.tmp`, which readers ignore and `cleanStaleTmp` removes.
 * The temp name carries the writer's pid, so a cleaner never removes a file a live process is writing.
 */
import { basename, dirname, join } from 'node:path';
import { errnoCode, toStoreError } from './errors.js';
import { type FsOps, writeAll } from './fs-ops.js';
import { isPidAlive } from './process-alive.js';

/** Temp files this process is writing right now (never cleaned). */
const inFlight = new Set<string>();
let counter = 0;

/** A tmp file older than this is stale even if its pid looks alive (pids get reused). */
const TMP_MAX_AGE_MS = 10 * 60 * 1000;

const TMP_NAME = /^(.+?)(?:\.(\d+)\.(\d+))?\.tmp$/;

/** A fresh temp path next to `file`. */
export function tmpPathFor(file: string): string {
  counter += 1;
  return `${file}.${process.pid}.${counter}.tmp`;
}

/** Whether a folder entry is a temp file left by an atomic write (or an old-style `NAME.tmp`). */
export function isTmpName(name: string): boolean {
  return TMP_NAME.test(name);
}

/**
 * Replaces `file` with `data` atomically and durably. On failure the previous content of `file`
 * is untouched, the temp file is removed (best effort) and a RunStoreError is thrown
 * (code ENOSPC with "disk full" when the disk is full).
 */
export async function writeFileAtomic(ops: FsOps, file: string, data: Uint8Array | string): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = tmpPathFor(file);
  inFlight.add(tmp);
  let handle: Awaited<ReturnType<FsOps['openWrite']>> | undefined;
  try {
    handle = await ops.openWrite(tmp, 'exclusive');
    await writeAll(handle, bytes);
    await handle.sync();
    const h = handle;
    handle = undefined;
    await h.close();
    await renameWithRetry(ops, tmp, file);
    await ops.syncDir(dirname(file));
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await ops.unlink(tmp).catch(() => undefined);
    throw toStoreError(err, `write ${basename(file)}`, file);
  } finally {
    inFlight.delete(tmp);
  }
}

/**
 * rename, retried briefly on Windows, where a reader holding the target open makes the rename fail
 * with EPERM/EACCES/EBUSY for a moment (elsewhere those codes are real errors and are not retried).
 */
async function renameWithRetry(ops: FsOps, from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await ops.rename(from, to);
      return;
    } catch (err) {
      const code = errnoCode(err);
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
    }
  }
}

/**
 * Removes stale temp files in `dir`: ones from dead processes, from an earlier process that had this
 * pid, old-style `NAME.tmp` files, and any older than 10 minutes. Returns the names removed.
 * Never throws for a file that vanished meanwhile; other failures are RunStoreErrors.
 */
export async function cleanStaleTmp(
  ops: FsOps,
  dir: string,
  opts: { isPidAlive?: (pid: number) => boolean; now?: () => number } = {},
): Promise<string[]> {
  const alive = opts.isPidAlive ?? isPidAlive;
  const now = opts.now ?? Date.now;
  let names: string[];
  try {
    names = await ops.readdir(dir);
  } catch (err) {
    const e = toStoreError(err, 'list folder', dir);
    if (e.code === 'NOT_FOUND') return [];
    throw e;
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TMP_NAME.exec(name);
    if (!m) continue;
    const full = join(dir, name);
    if (inFlight.has(full)) continue;
    let stat;
    try {
      stat = await ops.lstat(full);
    } catch {
      continue; // vanished: renamed into place or removed by its writer
    }
    if (stat.isDirectory()) continue;
    const pid = m[2] === undefined ? undefined : Number(m[2]);
    const young = now() - stat.mtimeMs < TMP_MAX_AGE_MS;
    const ownedByLiveOther = pid !== undefined && pid !== process.pid && alive(pid);
    if (ownedByLiveOther && young) continue;
    try {
      await ops.unlink(full);
      removed.push(name);
    } catch (err) {
      const e = toStoreError(err, 'remove stale temp file', full);
      if (e.code !== 'NOT_FOUND') throw e;
    }
  }
  return removed;
}

/** Reads a whole file as UTF-8 text; RunStoreError (NOT_FOUND, BAD_ID for a link, IO) on failure. */
export async function readText(ops: FsOps, file: string): Promise<string> {
  try {
    return new TextDecoder('utf-8', { fatal: false }).decode(await ops.readFile(file));
  } catch (err) {
    throw toStoreError(err, `read ${basename(file)}`, file);
  }
}

