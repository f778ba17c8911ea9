/**
 * Path safety for the runs folder. Every run or comparison lives in `ROOT/ID/`, where ID matches the
 * contract's RUN_ID_PATTERN; nothing outside ROOT can be named. Ids that look like paths (`..`, `/`,
 * `\`, absolute, NUL bytes) are refused before any fs call, and a run folder or file that is a
 * symbolic link is refused rather than followed (lstat, and O_NOFOLLOW opens in fs-ops).
 */
import { isAbsolute, join, resolve } from 'node:path';
import { RUN_ID_PATTERN } from '../../contract/run-record.js';
import { RunStoreError, toStoreError } from './errors.js';
import type { FsOps } from './fs-ops.js';

/** The files a run or comparison folder may hold. */
export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';
export const CHECKPOINT_FILE = 'checkpoint.bin';
export const STATE_DICT_FILE = 'state_dict.json';
export const COMPARISON_FILE = 'comparison.json';
export type EntryFileName =
  | typeof RUN_FILE
  | typeof METRICS_FILE
  | typeof CHECKPOINT_FILE
  | typeof STATE_DICT_FILE
  | typeof COMPARISON_FILE;

/** Checks that `id` is a run/comparison id and not a path; returns it. Throws RunStoreError BAD_ID. */
export function assertEntryId(id: unknown, what = 'run'): string {
  if (typeof id !== 'string') throw new RunStoreError('BAD_ID', `${what} id: expected a string, got ${typeof id}`);
  const shown = JSON.stringify(id);
  if (id.includes('\0')) throw new RunStoreError('BAD_ID', `${what} id ${shown}: must not contain NUL bytes`);
  if (id.includes('/') || id.includes('\\') || id.includes('..') || isAbsolute(id)) {
    throw new RunStoreError('BAD_ID', `${what} id ${shown}: is a path; expected an id (lowercase letters, digits, dashes)`);
  }
  if (!RUN_ID_PATTERN.test(id)) {
    throw new RunStoreError(
      'BAD_ID',
      `${what} id ${shown}: expected lowercase letters, digits and dashes (1–80 chars, starting with a letter or digit)`,
    );
  }
  return id;
}

/** Paths inside one runs folder. */
export class RunPaths {
  /** Absolute runs folder. */
  readonly root: string;

  constructor(root: string) {
    if (typeof root !== 'string' || root.length === 0) {
      throw new RunStoreError('BAD_ID', 'runs folder: expected a non-empty path');
    }
    if (root.includes('\0')) throw new RunStoreError('BAD_ID', 'runs folder: path must not contain NUL bytes');
    this.root = resolve(root);
  }

  /** `ROOT/ID` (validated id; no fs access). */
  dir(id: string, what = 'run'): string {
    return join(this.root, assertEntryId(id, what));
  }

  /** `ROOT/ID/NAME` (validated id; no fs access). */
  file(id: string, name: EntryFileName, what = 'run'): string {
    return join(this.dir(id, what), name);
  }

  /**
   * The folder of `id`, after checking it is a real folder (not a link, not a file).
   * NOT_FOUND when absent, BAD_ID when it is a symbolic link.
   */
  async realDir(ops: FsOps, id: string, what = 'run'): Promise<string> {
    const dir = this.dir(id, what);
    let stat;
    try {
      stat = await ops.lstat(dir);
    } catch (err) {
      const e = toStoreError(err, `open ${what} ${id}`, dir);
      if (e.code === 'NOT_FOUND') {
        throw new RunStoreError('NOT_FOUND', `no ${what} "${id}" in ${this.root}`, { path: dir, cause: err });
      }
      throw e;
    }
    if (stat.isSymbolicLink()) {
      throw new RunStoreError('BAD_ID', `refused: ${what} folder ${dir} is a symbolic link (not followed)`, { path: dir });
    }
    if (!stat.isDirectory()) {
      throw new RunStoreError('CORRUPT', `${what} "${id}": ${dir} is not a folder`, { path: dir });
    }
    return dir;
  }

  /**
   * `ROOT/ID/NAME` after checking the folder, and the file when present: a link is refused (BAD_ID),
   * a non-file is CORRUPT. Returns `exists: false` when the file is absent.
   */
  async safeFile(ops: FsOps, id: string, name: EntryFileName, what = 'run'): Promise<{ path: string; exists: boolean }> {
    const dir = await this.realDir(ops, id, what);
    const path = join(dir, name);
    let stat;
    try {
      stat = await ops.lstat(path);
    } catch (err) {
      const e = toStoreError(err, `open ${name}`, path);
      if (e.code === 'NOT_FOUND') return { path, exists: false };
      throw e;
    }
    if (stat.isSymbolicLink()) {
      throw new RunStoreError('BAD_ID', `refused: ${path} is a symbolic link (not followed)`, { path });
    }
    if (!stat.isFile()) throw new RunStoreError('CORRUPT', `${path} is not a regular file`, { path });
    return { path, exists: true };
  }
}
