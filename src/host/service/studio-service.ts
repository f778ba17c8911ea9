/**
 * StudioService: the studio's backend, shared by the Electron main process and the browser host.
 * Starts, stops, pauses and resumes runs and comparisons, each training in its own child process (through an
 * injectable TransportFactory: node child_process or Electron utilityProcess), so the host never blocks and a
 * crashing child cannot take it down. Streams typed events to subscribers; lists, reopens, deletes and exports
 * past runs from the runs folder (reconciled at start). Every request goes through `call`, which validates the
 * payload against the contract table before anything runs and answers with data, never an exception.
 */
import { createApiClient } from '../../contract/api-client.js';
import {
  ApiFailure,
  type ApiHandlers,
  type ApiMethod,
  type ApiResponse,
  type StudioApi,
  type Unsubscribe,
} from '../../contract/api.js';
import type { ActiveJob, JobState, ServiceEvent, StudioEvent } from '../../contract/api-events.js';
import type { ComparisonEvent, RunEvent } from '../../contract/events.js';
import type { RunRecord } from '../../contract/run-record.js';
import type { TransportFactory } from '../train/fork-run.js';
import { dispatch } from './dispatch.js';
import { LiveJobs } from './live-jobs.js';
import { readHandlers, type ReadMethod } from './read-handlers.js';
import type { RunStoreLike, ServiceDeps } from './service-deps.js';

export interface StudioServiceOptions {
  /** Absolute runs folder. */
  runsDir: string;
  /** Which host serves the API (reported by getInfo). */
  host: 'electron' | 'web';
  appVersion: string;
  /** How training children are started (default: the launcher's own, node child_process). */
  transport?: TransportFactory;
  /** Parallel children per comparison (default: the launcher's choice, one per core). */
  parallel?: number;
  /** Longest wait for a child to report its run id (default 120 s). */
  startTimeoutMs?: number;
  deps: ServiceDeps;
}

/** Run statuses `resume` can continue from a checkpoint. */
const RESUMABLE = new Set<RunRecord['status']>(['stopped', 'interrupted', 'failed']);

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class StudioService {
  private readonly live = new LiveJobs();
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private readonly store: RunStoreLike;
  private readonly deps: ServiceDeps;
  private readonly handlers: ApiHandlers;
  private closed = false;
  /** The in-process StudioApi over `call` (what tests and in-process callers use). */
  readonly api: StudioApi;

  private constructor(private readonly opts: StudioServiceOptions) {
    this.deps = opts.deps;
    this.store = opts.deps.openStore(opts.runsDir);
    this.handlers = {
      ...readHandlers({
        store: this.store,
        deps: this.deps,
        live: this.live,
        info: { appVersion: opts.appVersion, runsDir: opts.runsDir, host: opts.host },
      }),
      ...this.controlHandlers(),
    };
    this.api = createApiClient(
      (method, payload) => this.call(method, payload),
      (listener) => this.subscribe(listener),
    );
  }

  /** Opens the runs folder, marks runs left `running` by a dead process as interrupted, and returns the service. */
  static async create(opts: StudioServiceOptions): Promise<StudioService> {
    const service = new StudioService(opts);
    await service.store.reconcile();
    return service;
  }

  get runsDir(): string {
    return this.opts.runsDir;
  }

  /** Validates `payload` against the contract, runs the method, answers with data (never throws). */
  call<M extends ApiMethod>(method: M, payload: unknown): Promise<ApiResponse<M>> {
    return dispatch(this.handlers, method, payload);
  }

  /** Every event (runs, comparisons, service) until the returned function is called. */
  subscribe(listener: (event: StudioEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The jobs live now. */
  active(): ActiveJob[] {
    return this.live.active();
  }

  /** Stops every live job and waits (up to `timeoutMs`) for them to end; refuses new work afterwards. */
  async close(timeoutMs = 15_000): Promise<void> {
    this.closed = true;
    const waits = this.live.all().map((job) => {
      if (job.kind === 'run') {
        job.proc.stop();
        return job.proc.done.catch(() => null);
      }
      job.handle.stop();
      return job.handle.done.catch(() => null);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(waits), timeout]);
    clearTimeout(timer);
    this.listeners.clear();
  }

  private emit(event: StudioEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not stop the others, nor the run.
      }
    }
  }

  private emitService(event: ServiceEvent): void {
    this.emit(event);
  }

  private setState(id: string, state: JobState): ActiveJob {
    const job = this.live.get(id);
    if (!job) throw new ApiFailure('not-found', `"${id}" is not running`);
    job.state = state;
    this.emitService({ type: 'job', id, kind: job.kind, state });
    return { id, kind: job.kind, state };
  }

  private refuseWhenClosed(): void {
    if (this.closed) throw new ApiFailure('unavailable', 'the studio is shutting down; no new runs are started');
  }

  /** Why a job that is not live cannot be paused / stopped: not-found, or conflict naming its status. */
  private async notLive(id: string, what: string): Promise<never> {
    const record = await this.store.get(id).catch(() => null);
    if (record) throw new ApiFailure('conflict', `cannot ${what} run "${id}": it is not running here (status: ${record.status})`);
    const comparison = await this.store.getComparison(id).catch(() => null);
    if (comparison) {
      throw new ApiFailure('conflict', `cannot ${what} comparison "${id}": it is not running here (status: ${comparison.status})`);
    }
    throw new ApiFailure('not-found', `no run or comparison "${id}" in ${this.opts.runsDir}`);
  }

  private startTimeout<T>(promise: Promise<T>, onTimeout: () => void): Promise<T> {
    const ms = this.opts.startTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new ApiFailure('start-failed', `the training process did not report a run id within ${Math.round(ms / 1000)} s`));
      }, ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** Forks one run (new, or continuing `resumeId`) and tracks it until it ends. */
  private async launchRun(job: Parameters<ServiceDeps['forkRun']>[0]): Promise<string> {
    this.refuseWhenClosed();
    const proc = this.deps.forkRun(job, this.opts.transport);
    // Events that arrive before the run is registered are held back, so a view never sees a run it cannot look up.
    const pending: RunEvent[] = [];
    let started = false;
    proc.onEvent((event) => {
      if (started) this.emit(event);
      else pending.push(event);
    });
    let id: string;
    try {
      id = await this.startTimeout(proc.runId, () => proc.kill());
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      throw new ApiFailure('start-failed', `the run did not start: ${errorText(err)}`);
    }
    this.live.add({ kind: 'run', id, state: 'running', proc });
    this.emitService({ type: 'runs-changed', reason: 'started', id });
    this.emitService({ type: 'job', id, kind: 'run', state: 'running' });
    for (const event of pending.splice(0)) this.emit(event);
    started = true;
    const ended = () => {
      this.live.remove(id);
      this.emitService({ type: 'job', id, kind: 'run', state: null });
      this.emitService({ type: 'runs-changed', reason: 'ended', id });
    };
    void proc.done.then(ended, ended);
    return id;
  }

  private onComparisonEvent(comparisonId: string, event: ComparisonEvent | RunEvent): void {
    if (event.type === 'comparison') {
      for (const cell of event.cells) if (cell.runId !== null) this.live.addMember(comparisonId, cell.runId);
    }
    this.emit(event);
  }

  /** The handlers that start, steer and delete jobs (the read-only ones are in read-handlers.ts). */
  private controlHandlers(): Omit<ApiHandlers, ReadMethod> {
    return {
      startRun: async (req) => {
        const runId = await this.launchRun({
          config: req.config,
          runsDir: this.opts.runsDir,
          ...(req.preset !== undefined ? { preset: req.preset } : {}),
          ...(req.name !== undefined ? { name: req.name } : {}),
        });
        return { runId };
      },

      startCompare: async (req) => {
        this.refuseWhenClosed();
        // Events that arrive before the comparison is registered are held back (a view could not look it up yet).
        let registered: string | null = null;
        const early: (ComparisonEvent | RunEvent)[] = [];
        const handle = this.deps.runComparison(req, {
          runsDir: this.opts.runsDir,
          ...(this.opts.transport ? { transport: this.opts.transport } : {}),
          ...(this.opts.parallel !== undefined ? { parallel: this.opts.parallel } : {}),
          onEvent: (event) => {
            if (registered === null) early.push(event);
            else this.onComparisonEvent(registered, event);
          },
        });
        const id = handle.id;
        this.live.add({ kind: 'comparison', id, state: 'running', handle, members: new Set() });
        this.emitService({ type: 'runs-changed', reason: 'started', id });
        this.emitService({ type: 'job', id, kind: 'comparison', state: 'running' });
        for (const event of early.splice(0)) this.onComparisonEvent(id, event);
        registered = id;
        const ended = () => {
          this.live.remove(id);
          this.emitService({ type: 'job', id, kind: 'comparison', state: null });
          this.emitService({ type: 'runs-changed', reason: 'ended', id });
        };
        void handle.done.then(ended, ended);
        return { comparisonId: id };
      },

      stop: async (id) => {
        const job = this.live.get(id);
        if (!job) {
          const parent = this.live.comparisonOf(id);
          if (parent) throw new ApiFailure('conflict', `run "${id}" belongs to comparison "${parent.id}": stop the comparison`);
          return this.notLive(id, 'stop');
        }
        if (job.kind === 'run') job.proc.stop();
        else job.handle.stop();
        return this.setState(id, 'stopping');
      },

      pause: async (id) => {
        const job = this.live.get(id);
        if (!job) {
          const parent = this.live.comparisonOf(id);
          if (parent) throw new ApiFailure('conflict', `run "${id}" belongs to comparison "${parent.id}": pause the comparison`);
          return this.notLive(id, 'pause');
        }
        if (job.state === 'stopping') throw new ApiFailure('conflict', `"${id}" is stopping; it cannot be paused`);
        if (job.kind === 'run') job.proc.pause();
        else job.handle.pause();
        return this.setState(id, 'paused');
      },

      resume: async (id) => {
        const job = this.live.get(id);
        if (job) {
          if (job.state === 'stopping') throw new ApiFailure('conflict', `"${id}" is stopping; it cannot be resumed`);
          if (job.kind === 'run') job.proc.resume();
          else job.handle.resume();
          return this.setState(id, 'running');
        }
        const parent = this.live.comparisonOf(id);
        if (parent) throw new ApiFailure('conflict', `run "${id}" belongs to comparison "${parent.id}": resume the comparison`);
        const record = await this.store.get(id).catch(async (err: unknown) => {
          const comparison = await this.store.getComparison(id).catch(() => null);
          if (comparison) {
            throw new ApiFailure('conflict', `comparison "${id}" is not running here (status: ${comparison.status}); only live comparisons can be resumed`);
          }
          throw err;
        });
        if (!RESUMABLE.has(record.status)) {
          const why = record.status === 'running' ? 'it is running in another process' : `its status is ${record.status}`;
          throw new ApiFailure('conflict', `cannot continue run "${id}": ${why} (only stopped, interrupted or failed runs continue from their checkpoint)`);
        }
        if (record.comparison) {
          throw new ApiFailure('conflict', `run "${id}" is a cell of comparison "${record.comparison.id}"; continue it by starting the comparison again`);
        }
        const runId = await this.launchRun({
          config: record.config,
          runsDir: this.opts.runsDir,
          resumeId: id,
          name: record.name,
          ...(record.preset !== undefined ? { preset: record.preset } : {}),
        });
        return { id: runId, kind: 'run', state: 'running' };
      },

      deleteRun: async (id) => {
        const state = this.live.stateOf(id);
        if (state !== null) {
          const parent = this.live.comparisonOf(id);
          const owner = parent ? ` (it belongs to live comparison "${parent.id}")` : '';
          throw new ApiFailure('conflict', `cannot delete "${id}" while it is ${state}${owner}: stop it first`);
        }
        await this.store.delete(id);
        this.emitService({ type: 'runs-changed', reason: 'deleted', id });
        return { id };
      },
    };
  }
}
