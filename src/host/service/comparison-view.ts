/**
 * Turns a stored comparison (comparison.json + its member runs) into the contract's summary and detail
 * views. Cells come from the stored result when there is one, else from the member runs as they are on disk.
 */
import type { ComparisonDetail, ComparisonSummary } from '../../contract/api.js';
import type { JobState } from '../../contract/api-events.js';
import { comparisonResultSchema, type ComparisonCell, type ComparisonResult } from '../../contract/comparison.js';
import type { RunRecord } from '../../contract/run-record.js';
import { cellFromRecord } from '../compare/comparison-cell.js';
import type { ComparisonRecord } from '../runs/comparison-record.js';

/** The stored result when it is a valid ComparisonResult, else null. */
export function storedResult(rec: ComparisonRecord): ComparisonResult | null {
  if (rec.result === undefined) return null;
  const parsed = comparisonResultSchema.safeParse(rec.result);
  return parsed.success ? parsed.data : null;
}

export function comparisonSummary(rec: ComparisonRecord, state: JobState | null): ComparisonSummary {
  return {
    id: rec.id,
    name: rec.name,
    status: rec.status,
    variants: rec.variants,
    repeats: rec.repeats,
    createdAt: rec.createdAt,
    ...(rec.finishedAt !== undefined ? { finishedAt: rec.finishedAt } : {}),
    ...(rec.error !== undefined ? { error: rec.error } : {}),
    state,
    result: storedResult(rec),
  };
}

/** Every variant × repeat cell from the member runs on disk (`pending` where no run has started). */
export function cellsFromRuns(rec: ComparisonRecord, runs: readonly RunRecord[]): ComparisonCell[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const cells: ComparisonCell[] = [];
  for (let repeat = 0; repeat < rec.repeats; repeat++) {
    for (const variant of rec.variants) {
      const member = rec.runs.find((m) => m.variant === variant && m.repeat === repeat);
      const runId = member?.runId ?? null;
      const run = runId === null ? undefined : byId.get(runId);
      cells.push(cellFromRecord(variant, repeat, runId, run?.status ?? (runId === null ? 'pending' : 'failed'), run));
    }
  }
  return cells;
}

export function comparisonDetail(
  rec: ComparisonRecord,
  runs: readonly RunRecord[],
  state: JobState | null,
): ComparisonDetail {
  const summary = comparisonSummary(rec, state);
  return {
    ...summary,
    config: rec.config,
    cells: summary.result?.cells ?? cellsFromRuns(rec, runs),
    runs: [...runs],
  };
}
