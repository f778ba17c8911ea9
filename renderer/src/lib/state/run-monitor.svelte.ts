/**
 * One run on screen: its record, live state and progress, and its metric series.
 * Attaching subscribes first (events for the run are held while it loads), then loads what is on disk plus
 * the live points the host holds that are not on disk yet (`getRun`); held events are merged in by step, so
 * points are neither lost nor doubled — a reload or a second tab shows every step. A queued run has nothing
 * to load: it is shown as waiting, and loaded once the host says it started. Series are plain arrays (no deep
 * reactivity on thousands of points); `version` changes whenever they grow, which is what charts watch.
 */
import type { StudioApi, StudioEvent, JobState, ApiError } from '../../../../src/contract/api.js';
import type { EvalPoint, RunRecord, RunStatus, TrainPoint } from '../../../../src/contract/run-record.js';
import { appendByStep } from '../series-merge.js';

export interface Progress {
  step: number;
  plannedSteps: number;
  epoch: number;
  elapsedMs: number;
  etaMs: number | null;
  loss: number | null;
}

export class RunMonitor {
  runId = $state<string | null>(null);
  record = $state<RunRecord | null>(null);
  /** Status from the latest event or the record. */
  status = $state<RunStatus | null>(null);
  statusMessage = $state<string | null>(null);
  /** What the service is doing with the run now (null: not live). */
  jobState = $state<JobState | null>(null);
  progress = $state<Progress | null>(null);
  loading = $state(false);
  loadError = $state<ApiError | null>(null);
  /** The metrics file ended in a cut line / had unreadable lines (shown as a note). */
  tailCut = $state(false);
  badLines = $state(0);
  /** Bumped whenever `train` or `evals` change. */
  version = $state(0);

  train: TrainPoint[] = [];
  evals: EvalPoint[] = [];
  #buffer: StudioEvent[] = [];
  #loadToken = 0;

  readonly #api: () => StudioApi;

  constructor(api: () => StudioApi) {
    this.#api = api;
  }

  get live(): boolean {
    return this.jobState !== null;
  }

  /** Steps done and planned, from the live progress or the record. */
  get stepInfo(): { step: number; planned: number } {
    if (this.progress) return { step: this.progress.step, planned: this.progress.plannedSteps };
    if (this.record) return { step: this.record.step, planned: this.record.plannedSteps };
    return { step: 0, planned: 0 };
  }

  /** Shows a run: clears the view, loads it from disk, merges live events that came meanwhile. */
  async attach(runId: string, live: JobState | null = null): Promise<void> {
    const token = ++this.#loadToken;
    this.runId = runId;
    this.record = null;
    this.status = live && live !== 'queued' ? 'running' : null;
    this.statusMessage = null;
    this.jobState = live;
    this.progress = null;
    this.loadError = null;
    this.tailCut = false;
    this.badLines = 0;
    this.train = [];
    this.evals = [];
    this.#buffer = [];
    this.version++;
    if (live === 'queued') {
      this.loading = false;
      return;
    }
    this.loading = true;
    const res = await this.#api().getRun(runId);
    if (token !== this.#loadToken) return;
    this.loading = false;
    if (!res.ok) {
      this.loadError = res.error;
      this.#replay();
      return;
    }
    const d = res.value;
    this.record = d.record;
    this.status = d.record.status;
    if (d.record.error) this.statusMessage = d.record.error;
    this.jobState = d.state ?? this.jobState;
    this.tailCut = d.tailCut;
    this.badLines = d.badLines;
    for (const m of d.metrics) {
      if (m.type === 'train') appendByStep(this.train, [m]);
      else appendByStep(this.evals, [m]);
    }
    this.#replay();
    this.version++;
  }

  /** Forgets the run on screen. */
  clear(): void {
    this.#loadToken++;
    this.runId = null;
    this.record = null;
    this.status = null;
    this.statusMessage = null;
    this.jobState = null;
    this.progress = null;
    this.loading = false;
    this.loadError = null;
    this.train = [];
    this.evals = [];
    this.#buffer = [];
    this.version++;
  }

  #replay(): void {
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const e of buffered) this.handle(e);
  }

  /** Applies an event if it concerns this run. Returns whether it did. */
  handle(e: StudioEvent): boolean {
    if (this.runId === null) return false;
    if (e.type === 'job') {
      if (e.kind !== 'run' || e.id !== this.runId) return false;
      const was = this.jobState;
      this.jobState = e.state;
      if (was === 'queued' && e.state === 'running') void this.attach(e.id, 'running');
      if (was === 'queued' && e.state === null && this.status === null) this.statusMessage = 'Taken out of the queue before it started.';
      return true;
    }
    if (!('runId' in e) || e.runId !== this.runId) return false;
    if (this.loading) {
      this.#buffer.push(e);
      return true;
    }
    switch (e.type) {
      case 'status':
        this.status = e.status;
        if (e.message) this.statusMessage = e.message;
        if (e.status === 'running' && this.jobState === null) this.jobState = 'running';
        break;
      case 'progress':
        this.progress = {
          step: e.step,
          plannedSteps: e.plannedSteps,
          epoch: e.epoch,
          elapsedMs: e.elapsedMs,
          etaMs: e.etaMs,
          loss: e.loss,
        };
        break;
      case 'train':
        if (appendByStep(this.train, e.points) > 0) this.version++;
        break;
      case 'eval':
        if (appendByStep(this.evals, [e.point]) > 0) this.version++;
        break;
      case 'done':
        this.record = e.record;
        this.status = e.record.status;
        if (e.record.error) this.statusMessage = e.record.error;
        this.jobState = null;
        if (this.progress) this.progress = { ...this.progress, step: e.record.step, etaMs: null };
        break;
      case 'shapes':
        break;
    }
    return true;
  }

  /**
   * Before a stopped / interrupted run continues from its checkpoint: drop points past the checkpoint,
   * which the run will compute again.
   */
  rewindToCheckpoint(): void {
    const cp = this.record?.checkpointStep ?? 0;
    this.train = this.train.filter((p) => p.step <= cp);
    this.evals = this.evals.filter((p) => p.step <= cp);
    this.progress = null;
    this.version++;
  }
}
