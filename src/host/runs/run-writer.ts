/**
 * The writing side of one run, owned by the process that trains it. Metrics are appended (buffered,
 * fsynced on `flush()`), `run.json` is rewritten atomically, checkpoints are written atomically after
 * the metrics they cover are durable. Operations run one at a time, in call order.
 *
 * A failed write (e.g. ENOSPC) rejects with a RunStoreError and leaves the previous run.json and
 * checkpoint loadable; the in-memory record keeps matching what is on disk, and buffered metrics stay
 * buffered, so the caller may retry after freeing space.
 */
import { join } from 'node:path';
import {
  type FinalMetrics,
  type MetricRecord,
  type RunRecord,
  runRecordSchema,
  type RunStatus,
} from '../../contract/run-record.js';
import { type CheckpointData, writeCheckpoint as writeCheckpointFile } from './checkpoint-file.js';
import { RunStoreError } from './errors.js';
import type { MetricsAppender } from './metrics-log.js';
import { writeJsonRecord } from './record-io.js';
import { RUN_FILE, STATE_DICT_FILE } from './run-paths.js';
import { writeStateDictJson } from './state-dict-json.js';
import type { StoreContext } from './store-context.js';
import type { TensorMap } from './tensor-map.js';

/** Fields a writer may change with `update` (id and createdAt are fixed). */
export type RunRecordPatch = Partial<Omit<RunRecord, 'id' | 'createdAt'>>;

/** Run folders with a live writer in this process (reconcile never marks these interrupted). */
const activeDirs = new Set<string>();

/** Whether this process holds an open writer for the run folder `dir`. */
export function hasActiveWriter(dir: string): boolean {
  return activeDirs.has(dir);
}

export class RunWriter {
  private rec: RunRecord;
  private queue: Promise<unknown> = Promise.resolve();
  private done = false;

  /** Use RunStore.create / RunStore.resume. */
  constructor(
    private readonly ctx: StoreContext,
    readonly dir: string,
    record: RunRecord,
    private readonly metrics: MetricsAppender,
  ) {
    this.rec = record;
    activeDirs.add(dir);
  }

  get id(): string {
    return this.rec.id;
  }

  /** A copy of the record as last written to run.json. */
  get record(): RunRecord {
    return structuredClone(this.rec);
  }

  /** Buffers one metric record (validated); written at the next flush or when the buffer is large. */
  appendMetric(record: MetricRecord): Promise<void> {
    return this.enqueue(() => this.metrics.append(record));
  }

  /** Makes every appended metric durable, then records the last step in run.json. */
  flush(): Promise<void> {
    return this.enqueue(() => this.flushNow());
  }

  /** Changes fields of run.json (atomic rewrite; validated). */
  update(patch: RunRecordPatch): Promise<RunRecord> {
    return this.enqueue(async () => {
      if ('id' in patch || 'createdAt' in patch) {
        throw new RunStoreError('INVALID', `run ${this.id}: id and createdAt cannot be changed`);
      }
      await this.persist(patch);
      return this.record;
    });
  }

  /** Records that the owner process is alive (pid and heartbeatAt); call every few seconds. */
  heartbeat(): Promise<void> {
    return this.enqueue(async () => {
      await this.persist({});
    });
  }

  /**
   * Flushes metrics, writes checkpoint.bin atomically (tagged with `step`), then sets run.json's
   * checkpointStep. A failure leaves the previous checkpoint in place.
   */
  writeCheckpoint(step: number, data: Omit<CheckpointData, 'step'>): Promise<void> {
    return this.enqueue(async () => {
      if (!Number.isSafeInteger(step) || step < 0) {
        throw new RunStoreError('INVALID', `run ${this.id}: checkpoint step: expected a non-negative integer, got ${step}`);
      }
      await this.flushNow();
      await writeCheckpointFile(this.dir, { ...data, step }, this.ctx.ops);
      await this.persist({ checkpointStep: step });
    });
  }

  /** Writes state_dict.json (model weights in the PyTorch fixture format) into the run folder. */
  writeStateDict(tensors: TensorMap): Promise<string> {
    return this.enqueue(async () => {
      const file = join(this.dir, STATE_DICT_FILE);
      await writeStateDictJson(file, tensors, this.ctx.ops);
      return file;
    });
  }

  /**
   * Ends the run: flushes metrics, writes the terminal status (with final metrics / error text, and for
   * `stopped` who stopped it) and closes the files. If the metrics cannot be flushed the status is still written, with the reason
   * in `error`, and the flush error is rethrown.
   */
  finish(
    status: Exclude<RunStatus, 'running'>,
    final?: FinalMetrics,
    error?: string,
    extra: Pick<RunRecordPatch, 'stoppedBy'> = {},
  ): Promise<RunRecord> {
    return this.enqueue(async () => {
      if ((status as RunStatus) === 'running') {
        throw new RunStoreError('INVALID', `run ${this.id}: finish needs a terminal status, not "running"`);
      }
      let flushError: unknown;
      try {
        await this.flushNow();
      } catch (err) {
        flushError = err;
      }
      const why = flushError instanceof Error ? `metrics could not be saved: ${flushError.message}` : undefined;
      const text = [error, why].filter((s): s is string => s !== undefined).join('; ');
      const now = this.ctx.liveness.now().toISOString();
      const by = status === 'stopped' && extra.stoppedBy ? { stoppedBy: extra.stoppedBy } : {};
      await this.persist({ status, finishedAt: now, ...by, ...(final ? { final } : {}), ...(text ? { error: text } : {}) });
      await this.release(flushError === undefined);
      if (flushError !== undefined) throw flushError;
      return this.record;
    });
  }

  /**
   * Closes the files without changing the status (run.json stays `running`, so reconcile will mark it
   * interrupted once this process is gone). Buffered metrics are flushed unless `discard`.
   */
  close(discard = false): Promise<void> {
    return this.enqueue(() => this.release(!discard));
  }

  private async release(flush: boolean): Promise<void> {
    if (this.done) return;
    this.done = true;
    activeDirs.delete(this.dir);
    if (flush) await this.metrics.close();
    else await this.metrics.abandon();
  }

  private async flushNow(): Promise<void> {
    await this.metrics.flush();
    if (this.metrics.lastStep !== this.rec.step) await this.persist({ step: this.metrics.lastStep });
  }

  /** Writes run.json = record + patch + heartbeat; the in-memory record changes only on success. */
  private async persist(patch: RunRecordPatch): Promise<void> {
    const now = this.ctx.liveness.now().toISOString();
    const owner = this.done ? {} : { pid: this.ctx.pid, heartbeatAt: now };
    const next = { ...this.rec, ...patch, ...owner, updatedAt: now };
    this.rec = await writeJsonRecord(this.ctx.ops, join(this.dir, RUN_FILE), runRecordSchema, next);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.done) throw new RunStoreError('INVALID', `run ${this.id}: the writer is closed`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
