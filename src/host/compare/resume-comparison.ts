/**
 * Continues a comparison that did not finish (its host crashed or was stopped): cells whose run completed (or
 * diverged) are kept, cells whose run has a checkpoint continue from it, cells never started or without a
 * checkpoint are trained afresh (a run without a checkpoint is replaced), then every cell is summarised again.
 * Refused, saying why, while the comparison or one of its runs is still written by a live process.
 */
import { type CompareRequest, compareRequestSchema } from '../../contract/comparison.js';
import { fieldErrors } from '../../contract/config.js';
import type { RunRecord } from '../../contract/run-record.js';
import type { ComparisonRecord } from '../runs/comparison-record.js';
import { RunStoreError } from '../runs/errors.js';
import { RunStore } from '../runs/run-store.js';
import { type ComparisonHandle, type ComparisonOptions, freshCells, type GridCell, runGrid } from './comparison-grid.js';

/** Comparison statuses that can be continued. */
const RESUMABLE = new Set<ComparisonRecord['status']>(['stopped', 'interrupted', 'failed', 'running']);
/** Run statuses that end a cell for good. */
const FINAL = new Set<RunRecord['status']>(['completed', 'diverged']);

/** Why comparison `rec` cannot be continued, or undefined. */
async function refusal(store: RunStore, rec: ComparisonRecord): Promise<string | undefined> {
  if (!RESUMABLE.has(rec.status)) return `comparison ${rec.id} is ${rec.status}; only stopped, interrupted or failed comparisons continue`;
  const owner = await store.owner(rec.id);
  if (owner) return `comparison ${rec.id} is still running in a live process (pid ${owner.pid ?? '?'}); stop it there first`;
  return undefined;
}

/** The cell plan: what is done, what continues, what starts again. */
async function planCells(store: RunStore, rec: ComparisonRecord, req: CompareRequest): Promise<GridCell[]> {
  const cells = freshCells(req);
  for (const cell of cells) {
    const member = rec.runs.find((m) => m.variant === cell.variant && m.repeat === cell.repeat);
    if (!member) continue;
    const run = await store.get(member.runId).catch((err: unknown) => {
      if (err instanceof RunStoreError && err.code === 'NOT_FOUND') return null;
      throw err;
    });
    if (!run) continue; // deleted: trained again
    const owner = await store.owner(run.id);
    if (owner) throw new RunStoreError('INVALID', `run ${run.id} of comparison ${rec.id} is still being trained (pid ${owner.pid ?? '?'}); stop it first`);
    cell.runId = run.id;
    cell.record = run;
    cell.status = run.status === 'running' ? 'interrupted' : run.status;
    if (FINAL.has(run.status)) continue;
    if (run.checkpointStep > 0) {
      cell.resumeRunId = run.id;
    } else {
      // Nothing to continue from: the cell starts again, in a new run.
      await store.delete(run.id, { force: true });
      Object.assign(cell, { runId: null, record: null, status: 'pending' });
    }
  }
  return cells;
}

/** Continues comparison `id` (see the file comment); `handle.started` rejects with the reason when it cannot. */
export function resumeComparison(id: string, opts: ComparisonOptions): ComparisonHandle {
  const store = opts.store ?? new RunStore(opts.runsDir);
  const setup = async () => {
    const rec = await store.getComparison(id);
    const why = await refusal(store, rec);
    if (why) throw new RunStoreError('INVALID', why);
    const parsed = compareRequestSchema.safeParse({ config: rec.config, variants: rec.variants, repeats: rec.repeats, ...(rec.stats ?? {}) });
    if (!parsed.success) {
      const f = fieldErrors(parsed.error)[0];
      throw new RunStoreError('CORRUPT', `comparison ${id}: ${f.field}: ${f.message}; it cannot be continued`);
    }
    const req = parsed.data;
    const cells = await planCells(store, rec, req);
    await store.comparisons.update(id, { status: 'running', finishedAt: undefined, error: undefined, result: undefined });
    return { req, cells, ...(rec.preset !== undefined ? { preset: rec.preset } : {}) };
  };
  return runGrid({ id, store, setup }, opts);
}
