/**
 * Crash recovery across the runs folder: a `running` run or comparison whose owner is dead becomes
 * `interrupted` (with the reason), and temp files left by dead writers are removed. Also answers
 * "is this entry owned by a live process?" for delete and resume, and marks one run interrupted when its
 * training process is known to have died (a child that exited without ending its run).
 */
import { join } from 'node:path';
import { type RunRecord, runRecordSchema } from '../../contract/run-record.js';
import { cleanStaleTmp } from './atomic-file.js';
import { comparisonRecordSchema } from './comparison-record.js';
import type { ComparisonStore } from './comparison-store.js';
import { RunStoreError } from './errors.js';
import { heartbeatFileBeat, type LiveFields, staleReason } from './liveness.js';
import { readJsonRecord, writeJsonRecord } from './record-io.js';
import { COMPARISON_FILE, RUN_FILE } from './run-paths.js';
import { hasActiveWriter } from './run-writer.js';
import { listEntryIds, type StoreContext } from './store-context.js';

/** Why the `running` record in `dir` is dead (see staleReason), counting its heartbeat file; undefined when alive. */
export async function staleReasonIn(ctx: StoreContext, dir: string, rec: LiveFields): Promise<string | undefined> {
  if (rec.status !== 'running') return undefined;
  const first = staleReason(rec, ctx.liveness);
  if (!first || !rec.pid || !ctx.liveness.isPidAlive(rec.pid)) return first;
  return staleReason(rec, ctx.liveness, await heartbeatFileBeat(ctx.ops, dir, rec.pid));
}

/** Whether the run in `dir` (record `rec`) has a live writer: one in this process, or a running owner that beats. */
export async function runIsLive(ctx: StoreContext, dir: string, rec: LiveFields): Promise<boolean> {
  if (hasActiveWriter(dir)) return true;
  return rec.status === 'running' && (await staleReasonIn(ctx, dir, rec)) === undefined;
}

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
        const why = await staleReasonIn(ctx, dir, rec);
        if (!why) continue;
        await writeInterrupted(ctx, runFile.path, rec, why);
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

function writeInterrupted(ctx: StoreContext, file: string, rec: RunRecord, why: string): Promise<RunRecord> {
  const now = ctx.liveness.now().toISOString();
  return writeJsonRecord(ctx.ops, file, runRecordSchema, { ...rec, status: 'interrupted', error: why, updatedAt: now, finishedAt: now });
}

/**
 * Marks run `id` interrupted with `why` when it is still `running` and no live process writes it (its
 * training process died without ending it). Returns the record as it is now on disk.
 */
export async function interruptRun(ctx: StoreContext, id: string, why: string): Promise<RunRecord> {
  const dir = await ctx.paths.realDir(ctx.ops, id);
  const file = join(dir, RUN_FILE);
  const rec = await readJsonRecord(ctx.ops, file, runRecordSchema);
  if (rec.status !== 'running' || (await runIsLive(ctx, dir, rec))) return rec;
  return writeInterrupted(ctx, file, rec, why);
}

/** Who writes an entry now: a writer in this process, or a live owner process (pid alive, heartbeat fresh). */
export interface EntryOwner {
  kind: 'run' | 'comparison';
  /** The owner's pid (null when it is unknown). */
  pid: number | null;
  /** True when the writer is in this process. */
  here: boolean;
}

/** The live owner of the entry in `dir`, or undefined when nothing writes it (deletable, resumable). */
export async function entryOwner(ctx: StoreContext, id: string, dir: string): Promise<EntryOwner | undefined> {
  if (hasActiveWriter(dir)) return { kind: 'run', pid: ctx.pid, here: true };
  const runFile = await ctx.paths.safeFile(ctx.ops, id, RUN_FILE);
  let rec: LiveFields;
  try {
    rec = runFile.exists
      ? await readJsonRecord(ctx.ops, runFile.path, runRecordSchema)
      : await readJsonRecord(ctx.ops, join(dir, COMPARISON_FILE), comparisonRecordSchema);
  } catch {
    return undefined; // unreadable or incomplete folder: deletable
  }
  if (rec.status !== 'running' || (await staleReasonIn(ctx, dir, rec))) return undefined;
  return { kind: runFile.exists ? 'run' : 'comparison', pid: rec.pid ?? null, here: false };
}

/** "run X (pid N)" when the entry in `dir` is running and its owner looks alive, else undefined. */
export async function liveOwner(ctx: StoreContext, id: string, dir: string): Promise<string | undefined> {
  const owner = await entryOwner(ctx, id, dir);
  if (!owner) return undefined;
  return owner.here ? `run ${id}` : `${owner.kind} ${id} (pid ${owner.pid ?? '?'})`;
}
