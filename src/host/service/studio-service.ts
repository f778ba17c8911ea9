/**
 * StudioService: the studio's backend, shared by the Electron main process and the browser host.
 * Starts, stops, pauses and resumes runs and comparisons, each training in its own child process (through an
 * injectable TransportFactory: node child_process or Electron utilityProcess), so the host never blocks and a
 * crashing child cannot take it down. At most `maxConcurrentRuns` children train at once (default: the core
 * count); more runs wait `queued`. Streams typed events to subscribers; lists, reopens, deletes and exports
 * past runs from the runs folder (reconciled at start). Every request goes through `call`, which validates the
 * payload against the contract table before anything runs and answers with data, never an exception.
 */
import { availableParallelism } from 'node:os';
import { createApiClient } from '../../contract/api-client.js';
import { ApiFailure, type ApiHandlers, type ApiMethod, type ApiResponse, type StudioApi, type Unsubscribe } from '../../contract/api.js';
import type { ActiveJob, JobState, StudioEvent } from '../../contract/api-events.js';
import { RunSlots } from '../train/run-slots.js';
import { controlHandlers } from './control-handlers.js';
import { dispatch } from './dispatch.js';
import { dequeue } from './job-launch.js';
import { LiveJobs } from './live-jobs.js';
import { LiveTails } from './live-tails.js';
import { readHandlers } from './read-handlers.js';
import type { ServiceCore, StudioServiceOptions } from './service-core.js';
import type { RunStoreLike, ServiceDeps } from './service-deps.js';

export type { StudioServiceOptions } from './service-core.js';

export class StudioService implements ServiceCore {
  readonly live = new LiveJobs();
  readonly tails = new LiveTails();
  readonly slots: RunSlots;
  readonly store: RunStoreLike;
  readonly deps: ServiceDeps;
  private readonly listeners = new Set<(event: StudioEvent) => void>();
  private readonly handlers: ApiHandlers;
  private isClosed = false;
  /** The in-process StudioApi over `call` (what tests and in-process callers use). */
  readonly api: StudioApi;

  private constructor(readonly opts: StudioServiceOptions) {
    this.deps = opts.deps;
    this.store = opts.deps.openStore(opts.runsDir);
    const cores = availableParallelism();
    this.slots = new RunSlots(opts.maxConcurrentRuns ?? cores);
    this.handlers = {
      ...readHandlers({
        store: this.store,
        deps: this.deps,
        live: this.live,
        tails: this.tails,
        info: { appVersion: opts.appVersion, runsDir: opts.runsDir, host: opts.host, cores, maxConcurrentRuns: this.slots.limit },
      }),
      ...controlHandlers(this),
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

  get closed(): boolean {
    return this.isClosed;
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

  /**
   * The host is shutting down: queued runs leave the queue, live jobs are stopped (checkpointed, recorded as
   * stopped by the host); waits up to `timeoutMs` for them to end and refuses new work afterwards.
   */
  async close(timeoutMs = 15_000): Promise<void> {
    this.isClosed = true;
    const waits: Promise<unknown>[] = [];
    for (const job of this.live.all()) {
      if (job.kind === 'run' && job.proc === null) {
        dequeue(this, job);
      } else if (job.kind === 'run') {
        job.proc?.stop('host');
        if (job.proc) waits.push(job.proc.done.catch(() => null));
      } else {
        job.handle.stop('host');
        waits.push(job.handle.done.catch(() => null));
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(waits), timeout]);
    clearTimeout(timer);
    this.listeners.clear();
  }

  emit(event: StudioEvent): void {
    if ('runId' in event) this.tails.observe(event);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing subscriber must not stop the others, nor the run.
      }
    }
  }

  setState(id: string, state: JobState): ActiveJob {
    const job = this.live.get(id);
    if (!job) throw new ApiFailure('not-found', `"${id}" is not running`);
    job.state = state;
    this.emit({ type: 'job', id, kind: job.kind, state });
    return { id, kind: job.kind, state };
  }
}
