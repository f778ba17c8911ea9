/**
 * The runs folder: one folder per run (`run.json`, `metrics.jsonl`, `checkpoint.bin`, optional
 * `state_dict.json`) and per comparison (`comparison.json`), named by id. Built from: atomic-file
 * (crash-safe replacement), metrics-log (torn-tail tolerant JSONL), checkpoint-file (CRC-checked
 * binary), run-paths (no path outside the folder), reconcile + liveness (crashed runs become
 * `interrupted`), run-writer (the training process's side), comparison-store.
 */
import { join } from 'node:path';
import { type MetricRecord, type RunRecord, runRecordSchema } from '../../contract/run-record.js';
import { writeFileAtomic } from './atomic-file.js';
import { type CheckpointData, readCheckpoint } from './checkpoint-file.js';
import type { ComparisonRecord } from './comparison-record.js';
import { ComparisonStore } from './comparison-store.js';
import { metricsToCsv } from './csv-export.js';
import { RunStoreError, toStoreError } from './errors.js';
import { type FsOps, nodeFsOps } from './fs-ops.js';
import { defaultLiveness, type LivenessOptions } from './liveness.js';
import { MetricsAppender, type MetricsReadResult, readMetrics, truncateMetricsAfter } from './metrics-log.js';
import { readJsonRecord, writeJsonRecord } from './record-io.js';
import {
  CHECKPOINT_FILE,
  COMPARISON_FILE,
  type EntryFileName,
  METRICS_FILE,
  RUN_FILE,
  RunPaths,
  STATE_DICT_FILE,
} from './run-paths.js';
import { RunWriter } from './run-writer.js';
import { writeStateDictJson } from './state-dict-json.js';
import { type EntryOwner, entryOwner, interruptRun, liveOwner, reconcileEntries, runIsLive } from './reconcile.js';
import { allocateEntry, datasetSlug, discardEntry, listEntryIds, type StoreContext } from './store-context.js';
import type { TensorMap } from './tensor-map.js';

/** What a new run needs; status, step, times and owner are filled in. */
export type RunInit = Pick<RunRecord, 'name' | 'config' | 'plannedSteps'> &
  Partial<Pick<RunRecord, 'preset' | 'backend' | 'versions' | 'seed' | 'comparison' | 'model' | 'dataset'>> & {
    /** Use this id instead of generating one (must be free). */
    id?: string;
    /** Text the generated id's slug is made from (default: preset, else dataset). */
    slug?: string;
  };

/** Options of a store (all optional; for tests and special hosts). */
export interface RunStoreOptions extends Partial<LivenessOptions> {
  /** The pid recorded as owner of runs this process writes (default: process.pid). */
  pid?: number;
}

/** A folder that could not be listed as a run or comparison, and why. */
export interface ListProblem {
  id: string;
  code: RunStoreError['code'];
  message: string;
}

/** Everything in the runs folder, newest first. */
export interface StoreListing {
  runs: RunRecord[];
  comparisons: ComparisonRecord[];
  problems: ListProblem[];
}

/** What resuming needs: the record, the checkpoint, and the metrics up to the checkpoint's step. */
export interface ResumeInfo {
  record: RunRecord;
  checkpoint: CheckpointData;
  /** The step training continues from (the checkpoint's own step, else run.json's checkpointStep). */
  step: number;
  metrics: MetricRecord[];
}

export class RunStore {
  /** Absolute runs folder. */
  readonly root: string;
  readonly comparisons: ComparisonStore;
  private readonly ctx: StoreContext;

  constructor(root: string, fsOps: FsOps = nodeFsOps, options: RunStoreOptions = {}) {
    const paths = new RunPaths(root);
    this.root = paths.root;
    const liveness: LivenessOptions = {
      staleMs: options.staleMs ?? defaultLiveness.staleMs,
      now: options.now ?? defaultLiveness.now,
      isPidAlive: options.isPidAlive ?? defaultLiveness.isPidAlive,
    };
    this.ctx = { ops: fsOps, paths, liveness, pid: options.pid ?? process.pid };
    this.comparisons = new ComparisonStore(this.ctx);
  }

  /** Creates a run (status running, owned by this process) and returns its writer. */
  async create(init: RunInit): Promise<RunWriter> {
    const now = this.ctx.liveness.now().toISOString();
    const { id: explicitId, slug, ...fields } = init;
    const draft = {
      ...fields,
      status: 'running' as const,
      versions: init.versions ?? {},
      seed: init.seed ?? init.config.train.seed,
      step: 0,
      checkpointStep: 0,
      createdAt: now,
      updatedAt: now,
      pid: this.ctx.pid,
      heartbeatAt: now,
    };
    const check = runRecordSchema.safeParse({ ...draft, id: 'placeholder' });
    if (!check.success) {
      const why = check.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new RunStoreError('INVALID', `run rejected: ${why}`);
    }
    const { id, dir } = await allocateEntry(this.ctx, slug ?? init.preset ?? datasetSlug(init.config.data.dataset), explicitId, 'run');
    try {
      const record = await writeJsonRecord(this.ctx.ops, join(dir, RUN_FILE), runRecordSchema, { ...draft, id });
      const metrics = await MetricsAppender.open(join(dir, METRICS_FILE), this.ctx.ops);
      return new RunWriter(this.ctx, dir, record, metrics);
    } catch (err) {
      await discardEntry(this.ctx, dir);
      throw err;
    }
  }

  /** The record of a run (validated). NOT_FOUND, BAD_ID or CORRUPT otherwise. */
  async get(id: string): Promise<RunRecord> {
    const { path, exists } = await this.ctx.paths.safeFile(this.ctx.ops, id, RUN_FILE);
    if (!exists) throw new RunStoreError('NOT_FOUND', `"${id}" is not a run (no ${RUN_FILE} in its folder)`, { path });
    return readJsonRecord(this.ctx.ops, path, runRecordSchema);
  }

  /** Every readable run, newest first (by createdAt, then id). Unreadable folders are skipped (see scan). */
  async list(): Promise<RunRecord[]> {
    return (await this.scan()).runs;
  }

  /** Every readable comparison, newest first. */
  async listComparisons(): Promise<ComparisonRecord[]> {
    return (await this.scan()).comparisons;
  }

  /** A comparison's record (validated). */
  getComparison(id: string): Promise<ComparisonRecord> {
    return this.comparisons.get(id);
  }

  /** Every run and comparison, newest first (by createdAt, then id); unreadable folders under `problems`. */
  async scan(): Promise<StoreListing> {
    const out: StoreListing = { runs: [], comparisons: [], problems: [] };
    for (const id of await listEntryIds(this.ctx)) {
      try {
        const hasRun = (await this.ctx.paths.safeFile(this.ctx.ops, id, RUN_FILE)).exists;
        const hasComparison = (await this.ctx.paths.safeFile(this.ctx.ops, id, COMPARISON_FILE, 'comparison')).exists;
        if (hasRun && hasComparison) {
          throw new RunStoreError('CORRUPT', `folder ${id} holds both ${RUN_FILE} and ${COMPARISON_FILE}`);
        }
        if (hasRun) out.runs.push(await this.get(id));
        else if (hasComparison) out.comparisons.push(await this.comparisons.get(id));
        else throw new RunStoreError('CORRUPT', `folder ${id} holds neither ${RUN_FILE} nor ${COMPARISON_FILE} (incomplete)`);
      } catch (err) {
        const e = toStoreError(err, 'read', join(this.root, id));
        if (e.code === 'NOT_FOUND') continue; // deleted while listing
        out.problems.push({ id, code: e.code, message: e.message });
      }
    }
    const newestFirst = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
      (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    out.runs.sort(newestFirst);
    out.comparisons.sort(newestFirst);
    return out;
  }

  /** The metrics of a run; tolerant of a torn last line (see readMetrics). */
  async readMetrics(id: string): Promise<MetricsReadResult> {
    const path = await this.filePath(id, METRICS_FILE);
    return readMetrics(path, this.ctx.ops);
  }

  /** The run's checkpoint: NOT_FOUND when it has none, CORRUPT naming the file when damaged. */
  async readCheckpoint(id: string): Promise<CheckpointData> {
    await this.filePath(id, CHECKPOINT_FILE);
    return readCheckpoint(this.ctx.paths.dir(id), this.ctx.ops);
  }

  /** The record, checkpoint and metrics up to the checkpoint's step (read-only). */
  async resumeInfo(id: string): Promise<ResumeInfo> {
    const record = await this.get(id);
    let checkpoint: CheckpointData;
    try {
      checkpoint = await this.readCheckpoint(id);
    } catch (err) {
      if (err instanceof RunStoreError && err.code === 'NOT_FOUND') {
        throw new RunStoreError('NOT_FOUND', `run ${id} has no checkpoint to resume from`, { path: err.path });
      }
      throw err;
    }
    const step = checkpoint.step ?? record.checkpointStep;
    const metrics = (await this.readMetrics(id)).records.filter((r) => r.step <= step);
    return { record, checkpoint, step, metrics };
  }

  /**
   * Reopens a stopped, failed or interrupted run for writing from its checkpoint: metrics after the
   * checkpoint's step are cut (atomic rewrite), the record goes back to `running`. Refuses a run whose
   * owner is still alive.
   */
  async resume(id: string): Promise<{ writer: RunWriter; info: ResumeInfo }> {
    const info = await this.resumeInfo(id);
    const dir = this.ctx.paths.dir(id);
    if (await runIsLive(this.ctx, dir, info.record)) {
      throw new RunStoreError('INVALID', `run ${id} is still running in a live process (pid ${info.record.pid ?? '?'}); stop it there before resuming`);
    }
    await truncateMetricsAfter(join(dir, METRICS_FILE), info.step, this.ctx.ops);
    const now = this.ctx.liveness.now().toISOString();
    const record = await writeJsonRecord(this.ctx.ops, join(dir, RUN_FILE), runRecordSchema, {
      ...info.record,
      status: 'running',
      step: info.step,
      checkpointStep: info.step,
      updatedAt: now,
      pid: this.ctx.pid,
      heartbeatAt: now,
      finishedAt: undefined,
      final: undefined,
      error: undefined,
    });
    const metrics = await MetricsAppender.open(join(dir, METRICS_FILE), this.ctx.ops);
    return { writer: new RunWriter(this.ctx, dir, record, metrics), info: { ...info, record } };
  }

  /** Metrics as CSV text (header + one row per valid record). */
  async exportCsv(id: string): Promise<string> {
    return metricsToCsv((await this.readMetrics(id)).records);
  }

  /** Writes the CSV export to `file` (any path the user chose) atomically. */
  async exportCsvTo(id: string, file: string): Promise<void> {
    if (file.includes('\0')) throw new RunStoreError('BAD_ID', 'CSV output path must not contain NUL bytes');
    await writeFileAtomic(this.ctx.ops, file, await this.exportCsv(id));
  }

  /** Writes state_dict.json into the run's folder (e.g. model tensors taken from its checkpoint). */
  async writeStateDict(id: string, tensors: TensorMap): Promise<string> {
    const file = await this.filePath(id, STATE_DICT_FILE);
    await writeStateDictJson(file, tensors, this.ctx.ops);
    return file;
  }

  /**
   * Deletes a run or comparison folder. Only a real folder directly inside the runs folder is removed
   * (never a link); a run still owned by a live process is refused unless `force`.
   */
  async delete(id: string, opts: { force?: boolean } = {}): Promise<void> {
    const dir = await this.ctx.paths.realDir(this.ctx.ops, id);
    if (!opts.force) {
      const live = await liveOwner(this.ctx, id, dir);
      if (live) throw new RunStoreError('INVALID', `${live} is still running; stop it before deleting (or force)`);
    }
    try {
      await this.ctx.ops.rmTree(dir);
      await this.ctx.ops.syncDir(this.root);
    } catch (err) {
      throw toStoreError(err, `delete ${id}`, dir);
    }
  }

  /** Who writes run or comparison `id` now (a live process, here or in another host), or undefined when nobody. */
  async owner(id: string): Promise<EntryOwner | undefined> {
    return entryOwner(this.ctx, id, await this.ctx.paths.realDir(this.ctx.ops, id));
  }

  /** Marks run `id` interrupted (reason `why`) if it is still `running` with no live writer; returns its record. */
  interrupt(id: string, why: string): Promise<RunRecord> {
    return interruptRun(this.ctx, id, why);
  }

  /**
   * Marks every `running` run and comparison whose owner is dead (pid gone, or heartbeat older than
   * the stale threshold) as `interrupted`, with the reason in `error`; removes stale temp files.
   * Returns the ids changed. Call at startup and before showing runs.
   */
  reconcile(): Promise<{ interrupted: string[]; removedTmp: number }> {
    return reconcileEntries(this.ctx, this.comparisons);
  }

  /** Path of `name` in the run's folder, after the safety checks (folder real, file not a link). */
  private async filePath(id: string, name: EntryFileName): Promise<string> {
    return (await this.ctx.paths.safeFile(this.ctx.ops, id, name)).path;
  }
}
