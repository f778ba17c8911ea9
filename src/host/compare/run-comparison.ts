/**
 * A comparison: variants × repeats as training child processes, in parallel (one per core by default).
 * Within a repeat every variant gets the same seed — identical data order and identical LSTM initial weights
 * (the head differs by construction); repeat r uses seed + r — and, with `resampleSplit`, a train/test re-split
 * seeded the same way. The result (summarizeComparison: every pair, intervals, tests, warnings, verdict) is
 * computed from the finished runs and stored in comparison.json.
 */
import { availableParallelism } from 'node:os';
import type { CompareRequest, ComparisonCell, ComparisonResult } from '../../contract/comparison.js';
import type { ComparisonEvent, RunEvent } from '../../contract/events.js';
import type { RunRecord } from '../../contract/run-record.js';
import { summarizeComparison } from '../../engine/stats/summarize-comparison.js';
import { cellFromRecord } from './comparison-cell.js';
import { newRunId } from '../runs/run-id.js';
import { RunStore } from '../runs/run-store.js';
import { forkRun, type RunProcess, type TransportFactory } from '../train/fork-run.js';

export interface ComparisonOptions {
  runsDir: string;
  preset?: string;
  transport?: TransportFactory;
  /** Child processes at once (default: cores). */
  parallel?: number;
  onEvent?: (e: ComparisonEvent | RunEvent) => void;
}

export interface ComparisonHandle {
  /** The comparison's id (its folder is created right away). */
  id: string;
  done: Promise<ComparisonResult>;
  stop(): void;
  pause(): void;
  resume(): void;
}

interface Cell {
  variant: string;
  repeat: number;
  proc: RunProcess | null;
  runId: string | null;
  record: RunRecord | null;
  status: ComparisonCell['status'];
}

export function runComparison(req: CompareRequest, opts: ComparisonOptions): ComparisonHandle {
  const store = new RunStore(opts.runsDir);
  const cells: Cell[] = [];
  for (let repeat = 0; repeat < req.repeats; repeat++) {
    for (const variant of req.variants) cells.push({ variant, repeat, proc: null, runId: null, record: null, status: 'pending' });
  }
  let stopped = false;
  let paused = false;
  const id = newRunId(`cmp-${opts.preset ?? req.config.data.dataset}`);
  const emit = (e: ComparisonEvent | RunEvent) => opts.onEvent?.(e);

  const done = (async (): Promise<ComparisonResult> => {
    await store.comparisons.create({
      id,
      name: `${opts.preset ?? req.config.data.dataset} · ${req.variants.join(' vs ')} × ${req.repeats}`,
      config: req.config,
      variants: req.variants,
      repeats: req.repeats,
      preset: opts.preset,
    });
    const state = (status: Extract<ComparisonEvent, { type: 'comparison' }>['status']) =>
      emit({ type: 'comparison', id, status, cells: cells.map((c) => ({ variant: c.variant, repeat: c.repeat, runId: c.runId, status: c.status })) });
    state('running');
    const beat = setInterval(() => void store.comparisons.heartbeat(id).catch(() => undefined), 5000);
    const runCell = async (cell: Cell): Promise<void> => {
      const seed = req.config.train.seed + cell.repeat;
      const data = req.resampleSplit ? { ...req.config.data, splitSeed: seed } : req.config.data;
      const config = { ...req.config, model: { ...req.config.model, feature: cell.variant as CompareRequest['variants'][number] }, data, train: { ...req.config.train, seed } };
      const proc = forkRun(
        { config, runsDir: store.root, preset: opts.preset, initSeed: seed, comparison: { id, variant: cell.variant, repeat: cell.repeat } },
        opts.transport,
      );
      cell.proc = proc;
      proc.onEvent(emit);
      try {
        cell.runId = await proc.runId;
        cell.status = 'running';
        await store.comparisons.addRun(id, { runId: cell.runId, variant: cell.variant, repeat: cell.repeat });
        if (paused) proc.pause();
        if (stopped) proc.stop();
        state('running');
      } catch {
        cell.status = 'failed';
      }
      cell.record = await proc.done;
      cell.status = cell.record?.status ?? (cell.runId ? 'interrupted' : 'failed');
      state('running');
    };
    const queue = [...cells];
    const workers = Math.max(1, Math.min(opts.parallel ?? availableParallelism(), cells.length));
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let cell = queue.shift(); cell; cell = queue.shift()) {
          if (stopped) {
            cell.status = 'stopped';
            continue;
          }
          await runCell(cell);
          if (cell.proc?.failure && !cell.record) failures.push(`${cell.variant} #${cell.repeat + 1}: ${cell.proc.failure}`);
        }
      }),
    );
    clearInterval(beat);
    const resultCells: ComparisonCell[] = cells.map((c) => cellFromRecord(c.variant, c.repeat, c.runId, c.status, c.record));
    const result = summarizeComparison(id, req.variants, req.repeats, resultCells, {
      model: req.config.model,
      minEffect: req.minEffectPoints / 100,
      equivalenceMargin: req.equivalenceMarginPoints === undefined ? null : req.equivalenceMarginPoints / 100,
      resampleSplit: req.resampleSplit,
    });
    const status = stopped ? 'stopped' : cells.every((c) => c.status === 'completed') ? 'completed' : 'failed';
    await store.comparisons.finish(id, status, { result, ...(failures.length ? { error: failures.join('; ') } : {}) });
    state(status);
    emit({ type: 'comparison-result', id, result });
    return result;
  })();
  done.catch(() => undefined);
  return {
    id,
    done,
    stop() {
      stopped = true;
      for (const c of cells) c.proc?.stop();
    },
    pause() {
      paused = true;
      for (const c of cells) c.proc?.pause();
    },
    resume() {
      paused = false;
      for (const c of cells) c.proc?.resume();
    },
  };
}
