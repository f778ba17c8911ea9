/**
 * Runs the cells of a comparison (variants × repeats) as training children, in parallel (one per core by
 * default, and each cell holding a training slot when a slot source is given), then summarises every cell
 * (mean ± std, paired difference with a 95 % CI, verdict) into comparison.json. A cell is trained fresh,
 * continued from its run's checkpoint (`resumeRunId`), or already done (`record`); used by a new comparison
 * (run-comparison.ts) and by the resume of an interrupted one (resume-comparison.ts).
 */
import { availableParallelism } from 'node:os';
import type { CompareRequest, ComparisonCell, ComparisonResult } from '../../contract/comparison.js';
import type { ComparisonEvent, RunEvent } from '../../contract/events.js';
import type { RunRecord } from '../../contract/run-record.js';
import { summarizeComparison } from '../../engine/stats/summarize-comparison.js';
import { cellFromRecord } from './comparison-cell.js';
import type { RunStore } from '../runs/run-store.js';
import { forkRun, type RunProcess, type TransportFactory } from '../train/fork-run.js';
import type { StopBy } from '../train/run-job.js';
import type { SlotSource, SlotTicket } from '../train/run-slots.js';

export interface ComparisonOptions {
  runsDir: string;
  preset?: string;
  transport?: TransportFactory;
  /** Child processes at once (default: cores). */
  parallel?: number;
  onEvent?: (e: ComparisonEvent | RunEvent) => void;
  /** Training slots shared with the host's other runs (default: none, only `parallel` limits). */
  slots?: SlotSource;
  /** The runs folder (default: a RunStore on runsDir). */
  store?: RunStore;
}

export interface ComparisonHandle {
  /** The comparison's id. */
  id: string;
  /** Resolves once comparison.json exists (or was reopened); rejects, saying why, when it could not be. */
  started: Promise<void>;
  done: Promise<ComparisonResult>;
  /** Stops every cell (checkpointed; `by` is recorded in each stopped run); cells not started stay unstarted. */
  stop(by?: StopBy): void;
  pause(): void;
  resume(): void;
}

/** One cell, as the grid starts it. */
export interface GridCell {
  variant: string;
  repeat: number;
  runId: string | null;
  /** The finished run of a cell that needs no training. */
  record: RunRecord | null;
  status: ComparisonCell['status'];
  /** Continue this run from its checkpoint instead of training the cell afresh. */
  resumeRunId?: string;
}

interface LiveCell extends GridCell {
  proc: RunProcess | null;
  ticket: SlotTicket | null;
}

/** What the grid needs to know about its comparison. */
export interface GridPlan {
  id: string;
  store: RunStore;
  /** Creates or reopens comparison.json; returns the request it trains, its cells and its preset. */
  setup(): Promise<{ req: CompareRequest; cells: GridCell[]; preset?: string }>;
}

/** Empty cells in grid order (repeat-major, variants in order). */
export function freshCells(req: Pick<CompareRequest, 'variants' | 'repeats'>): GridCell[] {
  const cells: GridCell[] = [];
  for (let repeat = 0; repeat < req.repeats; repeat++) {
    for (const variant of req.variants) cells.push({ variant, repeat, runId: null, record: null, status: 'pending' });
  }
  return cells;
}

function resultCell(c: GridCell): ComparisonCell {
  return cellFromRecord(c.variant, c.repeat, c.runId, c.status, c.record);
}

export function runGrid(plan: GridPlan, opts: ComparisonOptions): ComparisonHandle {
  const { id, store } = plan;
  const cells: LiveCell[] = [];
  let req!: CompareRequest;
  let preset = opts.preset;
  let stopped: StopBy | null = null;
  let paused = false;
  const emit = (e: ComparisonEvent | RunEvent) => opts.onEvent?.(e);
  const state = (status: Extract<ComparisonEvent, { type: 'comparison' }>['status']) =>
    emit({ type: 'comparison', id, status, cells: cells.map((c) => ({ variant: c.variant, repeat: c.repeat, runId: c.runId, status: c.status })) });

  const started = plan.setup().then((planned) => {
    req = planned.req;
    preset = planned.preset ?? preset;
    for (const c of planned.cells) cells.push({ ...c, proc: null, ticket: null });
  });

  const trainCell = async (cell: LiveCell): Promise<void> => {
    const seed = req.config.train.seed + cell.repeat;
    // With resampleSplit, repeat r also re-splits train + test with its own seed (the same for every variant).
    const data = req.resampleSplit ? { ...req.config.data, splitSeed: seed } : req.config.data;
    const config = { ...req.config, model: { ...req.config.model, feature: cell.variant as CompareRequest['variants'][number] }, data, train: { ...req.config.train, seed } };
    const job =
      cell.resumeRunId !== undefined
        ? { config: cell.record?.config ?? config, runsDir: store.root, resumeId: cell.resumeRunId, ...(preset ? { preset } : {}) }
        : { config, runsDir: store.root, preset, initSeed: seed, comparison: { id, variant: cell.variant, repeat: cell.repeat } };
    const proc = forkRun(job, opts.transport);
    cell.proc = proc;
    proc.onEvent(emit);
    try {
      cell.runId = await proc.runId;
      cell.status = 'running';
      await store.comparisons.addRun(id, { runId: cell.runId, variant: cell.variant, repeat: cell.repeat });
      if (paused) proc.pause();
      if (stopped) proc.stop(stopped);
      state('running');
    } catch {
      cell.status = 'failed';
    }
    cell.record = await proc.done;
    cell.status = cell.record?.status ?? (cell.runId ? 'interrupted' : 'failed');
    state('running');
  };

  const runCell = async (cell: LiveCell): Promise<void> => {
    const ticket = opts.slots?.() ?? null;
    cell.ticket = ticket;
    try {
      if (ticket && !(await ticket.granted)) return;
      if (stopped) return;
      await trainCell(cell);
    } finally {
      ticket?.release();
      cell.ticket = null;
    }
  };

  const done = (async (): Promise<ComparisonResult> => {
    await started;
    state('running');
    const beat = setInterval(() => void store.comparisons.heartbeat(id).catch(() => undefined), 5000);
    const queue = cells.filter((c) => c.record === null || c.resumeRunId !== undefined);
    const workers = Math.max(1, Math.min(opts.parallel ?? availableParallelism(), queue.length));
    const failures: string[] = [];
    try {
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (let cell = queue.shift(); cell; cell = queue.shift()) {
            if (!stopped) await runCell(cell);
            if (stopped && cell.proc === null && cell.status === 'pending') cell.status = 'stopped';
            if (cell.proc?.failure && !cell.record) failures.push(`${cell.variant} #${cell.repeat + 1}: ${cell.proc.failure}`);
          }
        }),
      );
    } finally {
      clearInterval(beat);
    }
    const result = summarizeComparison(id, req.variants, req.repeats, cells.map(resultCell), {
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
  started.catch(() => undefined);
  return {
    id,
    started,
    done,
    stop(by = 'user') {
      stopped ??= by;
      for (const c of cells) {
        c.proc?.stop(by);
        if (c.proc === null) c.ticket?.release();
      }
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
