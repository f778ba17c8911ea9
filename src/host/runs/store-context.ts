/** What the run store, its writers and the comparison store share: fs, paths, clock, liveness. */
import { basename } from 'node:path';
import { RunStoreError, toStoreError } from './errors.js';
import type { FsOps } from './fs-ops.js';
import type { LivenessOptions } from './liveness.js';
import { newRunId } from './run-id.js';
import { RUN_ID_PATTERN } from '../../contract/run-record.js';
import { assertEntryId, type RunPaths } from './run-paths.js';

export interface StoreContext {
  ops: FsOps;
  paths: RunPaths;
  liveness: LivenessOptions;
  /** The pid recorded as owner of runs written by this process. */
  pid: number;
}

/** A short slug for ids from a dataset spec: `mnist`, `task:copy` → `copy`, `csv:/a/reviews.csv` → `reviews`. */
export function datasetSlug(dataset: string): string {
  const colon = dataset.indexOf(':');
  if (colon < 0) return dataset;
  const kind = dataset.slice(0, colon);
  const rest = dataset.slice(colon + 1);
  if (kind === 'task') return rest;
  if (kind === 'csv') return basename(rest).replace(/\.[^.]*$/, '') || 'csv';
  return kind;
}

/**
 * Creates the folder of a new run or comparison and returns its id and path. With `explicitId`, the id
 * must be free (INVALID otherwise); without, a fresh id is generated (retrying on a clash).
 */
export async function allocateEntry(
  ctx: StoreContext,
  slugSource: string,
  explicitId: string | undefined,
  what: string,
): Promise<{ id: string; dir: string }> {
  const root = ctx.paths.root;
  try {
    await ctx.ops.mkdir(root, true);
  } catch (err) {
    throw toStoreError(err, 'create the runs folder', root);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = explicitId === undefined ? newRunId(slugSource, ctx.liveness.now()) : assertEntryId(explicitId, what);
    const dir = ctx.paths.dir(id, what);
    try {
      await ctx.ops.mkdir(dir, false);
      await ctx.ops.syncDir(root);
      return { id, dir };
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') {
        if (explicitId !== undefined) {
          throw new RunStoreError('INVALID', `${what} "${id}" already exists in ${root}`, { path: dir });
        }
        continue;
      }
      throw toStoreError(err, `create ${what} folder`, dir);
    }
  }
  throw new RunStoreError('IO', `could not find a free ${what} id in ${root} after 20 tries`, { path: root });
}

/** Removes a just-created folder after its first write failed (best effort). */
export async function discardEntry(ctx: StoreContext, dir: string): Promise<void> {
  await ctx.ops.rmTree(dir).catch(() => undefined);
}

/** Names in the runs folder that are entry ids (dot-files, temp files and odd names are skipped). */
export async function listEntryIds(ctx: StoreContext): Promise<string[]> {
  let names: string[];
  try {
    names = await ctx.ops.readdir(ctx.paths.root);
  } catch (err) {
    const e = toStoreError(err, 'list the runs folder', ctx.paths.root);
    if (e.code === 'NOT_FOUND') return [];
    throw e;
  }
  return names.filter((n) => RUN_ID_PATTERN.test(n)).sort();
}
