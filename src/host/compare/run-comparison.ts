/**
 * A comparison: variants × repeats as training child processes, in parallel (one per core by default).
 * Within a repeat every variant gets the same seed — identical data order and identical LSTM initial weights
 * (the head differs by construction); repeat r uses seed + r — and, with `resampleSplit`, a train/test re-split
 * seeded the same way. The result (summarizeComparison: every pair, intervals, tests, warnings, verdict) is
 * computed from the finished runs and stored in comparison.json (comparison-grid.ts).
 */
import type { CompareRequest } from '../../contract/comparison.js';
import { newRunId } from '../runs/run-id.js';
import { RunStore } from '../runs/run-store.js';
import { type ComparisonHandle, type ComparisonOptions, freshCells, runGrid } from './comparison-grid.js';

export type { ComparisonHandle, ComparisonOptions } from './comparison-grid.js';

export function runComparison(req: CompareRequest, opts: ComparisonOptions): ComparisonHandle {
  const store = opts.store ?? new RunStore(opts.runsDir);
  const id = newRunId(`cmp-${opts.preset ?? req.config.data.dataset}`);
  return runGrid(
    {
      id,
      store,
      setup: async () => {
        await store.comparisons.create({
          id,
          name: `${opts.preset ?? req.config.data.dataset} · ${req.variants.join(' vs ')} × ${req.repeats}`,
          config: req.config,
          variants: req.variants,
          repeats: req.repeats,
          preset: opts.preset,
          stats: {
            minEffectPoints: req.minEffectPoints,
            resampleSplit: req.resampleSplit,
            ...(req.equivalenceMarginPoints !== undefined ? { equivalenceMarginPoints: req.equivalenceMarginPoints } : {}),
          },
        });
        return { req, cells: freshCells(req) };
      },
    },
    opts,
  );
}
