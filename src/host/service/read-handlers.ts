/**
 * The StudioService handlers that only read: host info, the runs folder (runs, comparisons, CSV export) and
 * the shapes report. Each also says what the service is doing with a run now (its live state); the runs list
 * also names the runs another host's live process is writing, and marks those whose process died
 * `interrupted` first; a live run's metrics include the points not yet on disk (live-tails.ts).
 */
import type { ApiHandlers, ExternalJob, StudioInfo } from '../../contract/api.js';
import { ApiFailure } from '../../contract/api-result.js';
import { LIMITS, runConfigSchema } from '../../contract/config.js';
import type { RunRecord } from '../../contract/run-record.js';
import { datasetInfoSchema } from '../../contract/datasets.js';
import { comparisonDetail, comparisonSummary } from './comparison-view.js';
import type { LiveJobs } from './live-jobs.js';
import { type LiveTails, withTail } from './live-tails.js';
import type { RunStoreLike, ServiceDeps } from './service-deps.js';

export interface ReadContext {
  store: RunStoreLike;
  deps: ServiceDeps;
  live: LiveJobs;
  tails: LiveTails;
  info: Pick<StudioInfo, 'appVersion' | 'runsDir' | 'host' | 'cores' | 'maxConcurrentRuns'>;
}

/** The runs another host's live process writes; whether some `running` run has no live writer at all. */
async function writtenElsewhere(ctx: ReadContext, runs: readonly RunRecord[]): Promise<{ elsewhere: ExternalJob[]; dead: boolean }> {
  const elsewhere: ExternalJob[] = [];
  let dead = false;
  for (const run of runs) {
    if (run.status !== 'running' || ctx.live.stateOf(run.id) !== null) continue;
    const owner = await ctx.store.owner(run.id).catch(() => undefined);
    if (!owner) dead = true;
    else if (!owner.here) elsewhere.push({ id: run.id, kind: owner.kind, pid: owner.pid });
  }
  return { elsewhere, dead };
}

export type ReadMethod = 'getInfo' | 'listRuns' | 'getRun' | 'listComparisons' | 'getComparison' | 'exportCsv' | 'shapes' | 'datasetInfo';

export function readHandlers(ctx: ReadContext): Pick<ApiHandlers, ReadMethod> {
  const { store, deps, live } = ctx;
  // Detecting backends loads tfjs; do it once, on first request.
  let backends: ReturnType<ServiceDeps['detectBackends']> | null = null;
  return {
    getInfo: async (): Promise<StudioInfo> => {
      backends ??= deps.detectBackends();
      const [found, presets, datasets] = await Promise.all([backends, deps.presets(), deps.datasets()]);
      return {
        ...ctx.info,
        backends: found.map((b) => ({ name: b.name, available: b.available, gpu: b.gpu, detail: b.detail })),
        presets: presets.map((p) => ({ name: p.name, description: p.description, config: runConfigSchema.parse(p.config) })),
        datasets: datasets.map((d) => datasetInfoSchema.parse(d)),
        limits: Object.fromEntries(Object.entries(LIMITS).map(([k, [lo, hi]]) => [k, [lo, hi] as [number, number]])),
      };
    },

    listRuns: async () => {
      let runs = await store.list();
      const { elsewhere, dead } = await writtenElsewhere(ctx, runs);
      if (dead) {
        await store.reconcile();
        runs = await store.list();
      }
      return { runs, active: live.active(), elsewhere };
    },

    getRun: async (id) => {
      // The live points first, then the disk: whatever left the tail meanwhile is on disk by then.
      const state = live.stateOf(id);
      const tail = state === null ? [] : ctx.tails.snapshot(id);
      const record = await store.get(id);
      const metrics = await store.readMetrics(id);
      return { record, metrics: withTail(metrics.records, tail), tailCut: metrics.tailCut, badLines: metrics.badLines, state };
    },

    listComparisons: async () => (await store.listComparisons()).map((r) => comparisonSummary(r, live.stateOf(r.id))),

    getComparison: async (id) => {
      const record = await store.getComparison(id);
      const runs: RunRecord[] = [];
      for (const member of record.runs) {
        const run = await store.get(member.runId).catch(() => null);
        if (run) runs.push(run);
      }
      return comparisonDetail(record, runs, live.stateOf(id));
    },

    exportCsv: async (id) => ({ fileName: `${id}.csv`, csv: await store.exportCsv(id) }),

    shapes: async (req) => deps.shapeReport(req.model, req.batch, req.seqLen),

    datasetInfo: async (req) => {
      try {
        return datasetInfoSchema.parse(await deps.datasetInfo(req.spec));
      } catch (err) {
        const e = err as Error;
        if (e?.name !== 'DatasetError') throw err;
        throw new ApiFailure('invalid', e.message, [{ field: 'spec', message: e.message }]);
      }
    },
  };
}
