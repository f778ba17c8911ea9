/**
 * Crash recovery across the runs folder: a `running` run or comparison whose owner is dead becomes
 * `interrupted` (with the reason), and temp files left by dead writers are removed. Also answers
 * "is this entry owned by a live process?" for delete.
 */
import { join } from 'node:path';
import { runRecordSchema } from '../../contract/run-record.js';
import { cleanStaleTmp } from './atomic-file.js';
import { comparisonRecordSchema } from './comparison-record.js';
import type { ComparisonStore } from './comparison-store.js';
import { RunStoreError } from './errors.js';
import { staleReason } from './liveness.js';
import { readJsonRecord, writeJsonRecord } from './record-io.js';
import { COMPARISON_FILE, RUN_FILE } from './run-paths.js';
import { hasActiveWriter } from './run-writer.js';
import { listEntryIds, type StoreContext } from './store-context.js';

/** See RunStore.reconcile. */
export async function reconcileEntries(
  ctx: StoreContext,
  comparisons: ComparisonStore,
): Promise<{ interrupted: string[]; removedTmp: number }> {
  const interrupted: string[] = [];
  let removedTmp = 0;
  for (const id of await listEntryIds(ctx)) {
    try {
      const dir = await ctx.paths.realDir(ctx.ops, id);
      removedTmp += (await cleanStaleTmp(ctx.ops, dir, { isPidAlive: ctx.liveness.isPidAlive })).length;
      if (hasActiveWriter(dir)) continue;
      const runFile = await ctx.paths.safeFile(ctx.ops, id, RUN_FILE);
      if (runFile.exists) {
        const rec = await readJsonRecord(ctx.ops, runFile.path, runRecordSchema);
        const why = staleReason(rec, ctx.liveness);
        if (!why) continue;
        const now = ctx.liveness.now().toISOString();
        await writeJsonRecord(ctx.ops, runFile.path, runRecordSchema, {
          ...rec,
          status: 'interrupted',
          error: why,
          updatedAt: now,
          finishedAt: now,
        });
        interrupted.push(id);
      } else if ((await ctx.paths.safeFile(ctx.ops, id, COMPARISON_FILE, 'comparison')).exists) {
        const rec = await comparisons.get(id);
        const why = staleReason(rec, ctx.liveness);
        if (!why) continue;
        await comparisons.finish(id, 'interrupted', { error: why });
        interrupted.push(id);
      }
    } catch (err) {
      // A corrupt, linked or vanished folder is reported by scan(); a disk-full or I/O error surfaces.
      if (err instanceof RunStoreError && (err.code === 'CORRUPT' || err.code === 'NOT_FOUND' || err.code === 'BAD_ID')) continue;
      throw err;
    }
  }
  return { interrupted, removedTmp };
}

/** "run X (pid N)" when the entry in `dir` is running and its owner looks alive, else undefined. */
export async function liveOwner(ctx: StoreContext, id: string, dir: string): Promise<string | undefined> {
  if (hasActiveWriter(dir)) return `run ${id}`;
  const runFile = await ctx.paths.safeFile(ctx.ops, id, RUN_FILE);
  let rec: { status: string; pid?: number; heartbeatAt?: string; updatedAt: string };
  try {
    rec = runFile.exists
      ? await readJsonRecord(ctx.ops, runFile.path, runRecordSchema)
      : await readJsonRecord(ctx.ops, join(dir, COMPARISON_FILE), comparisonRecordSchema);
  } catch {
    return undefined; // unreadable or incomplete folder: deletable
  }
  if (rec.status !== 'running' || staleReason(rec, ctx.liveness)) return undefined;
  return `${runFile.exists ? 'run' : 'comparison'} ${id} (pid ${rec.pid ?? '?'})`;
}
