/**
 * The studio's root state: the API connection, host info (backends, presets, datasets), the current view,
 * the forms, the run and comparison on screen, the runs list and the notices. Every API reply is a
 * `{ ok, value | error }` value; errors are shown (beside their field or in a banner), never thrown.
 */
import type { ApiError, StudioApi, StudioEvent, StudioInfo } from '../../../../src/contract/api.js';
import type { RunRecord } from '../../../../src/contract/run-record.js';
import type { XMode } from '../charts/series.js';
import { ConfigForm } from './config-form.svelte.js';
import { CompareForm } from './compare-form.svelte.js';
import { ShapesForm } from './shapes-form.svelte.js';
import { RunMonitor } from './run-monitor.svelte.js';
import { ComparisonMonitor } from './comparison-monitor.svelte.js';
import { RunsList } from './runs-list.svelte.js';
import { Notices } from './notices.svelte.js';
import { parallelQuestion, type ParallelQuestion } from '../parallel-question.js';

export const VIEWS = ['train', 'compare', 'shapes', 'runs'] as const;
export type View = (typeof VIEWS)[number];

export type Connection = { state: 'connecting' } | { state: 'ready' } | { state: 'failed'; message: string };

export class Studio {
  connection = $state<Connection>({ state: 'connecting' });
  info = $state<StudioInfo | null>(null);
  view = $state<View>('train');
  /** EMA weight of the train-loss smoothing, 0 (raw) … 0.99. */
  smoothing = $state(0.6);
  xMode = $state<XMode>('step');
  starting = $state(false);
  /** False while the connection to the host is lost (the bridge reconnects by itself). */
  linkUp = $state(true);
  /** The question shown before a run or comparison starts while others train (null: none). */
  parallelAsk = $state<(ParallelQuestion & { what: 'run' | 'comparison' }) | null>(null);

  readonly notices = new Notices();
  readonly form = new ConfigForm();
  readonly compareForm = new CompareForm();
  readonly shapes = new ShapesForm();
  readonly run: RunMonitor;
  readonly comparison: ComparisonMonitor;
  readonly runs: RunsList;

  #api: StudioApi | null = null;
  #unsubscribe: (() => void) | null = null;
  #unsubscribeLink: (() => void) | null = null;

  constructor() {
    const api = () => {
      if (!this.#api) throw new Error('the studio API is not connected');
      return this.#api;
    };
    this.run = new RunMonitor(api);
    this.comparison = new ComparisonMonitor(api);
    this.runs = new RunsList(api);
  }

  get api(): StudioApi {
    if (!this.#api) throw new Error('the studio API is not connected');
    return this.#api;
  }

  /** Connects to the API (given by the bridge), loads host info and the runs list. */
  async init(getApi: () => StudioApi): Promise<void> {
    try {
      this.#api = getApi();
    } catch (e) {
      this.connection = { state: 'failed', message: e instanceof Error ? e.message : String(e) };
      return;
    }
    this.#unsubscribe = this.#api.onEvent((e) => this.#onEvent(e));
    const withLink = this.#api as StudioApi & { onConnection?: (l: (s: 'connecting' | 'open' | 'closed') => void) => () => void };
    if (typeof withLink.onConnection === 'function') {
      this.#unsubscribeLink = withLink.onConnection((state) => this.#onLink(state));
    }
    const info = await this.#api.getInfo();
    if (!info.ok) {
      this.connection = { state: 'failed', message: `${info.error.message} (${info.error.code})` };
      return;
    }
    this.info = info.value;
    this.connection = { state: 'ready' };
    await this.runs.refresh();
    if (this.runs.error) this.notices.apiError('Could not list runs', this.runs.error);
    // Follow a run or comparison that is live right now (e.g. after a reload).
    const live = this.runs.active.find((a) => a.kind === 'run' && !this.runs.runs.find((r) => r.id === a.id)?.comparison);
    if (live) void this.run.attach(live.id, live.state);
    const liveComp = this.runs.active.find((a) => a.kind === 'comparison');
    if (liveComp) void this.comparison.attach(liveComp.id);
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#unsubscribeLink?.();
    this.#unsubscribeLink = null;
  }

  /** Lost connection: say so; back again: reload what may have changed meanwhile. */
  #onLink(state: 'connecting' | 'open' | 'closed'): void {
    if (state === 'closed') {
      this.linkUp = false;
      return;
    }
    if (state === 'open' && !this.linkUp) {
      this.linkUp = true;
      void this.runs.refresh();
      if (this.run.runId) void this.run.attach(this.run.runId, this.run.jobState);
      if (this.comparison.id) void this.comparison.attach(this.comparison.id);
    }
  }

  #onEvent(e: StudioEvent): void {
    if (e.type === 'runs-changed') {
      this.runs.refreshSoon();
      return;
    }
    if (e.type === 'job') this.runs.refreshSoon();
    this.run.handle(e);
    this.comparison.handle(e);
  }

  /** Fills the form from a preset of the host. */
  applyPreset(name: string): void {
    const p = this.info?.presets.find((x) => x.name === name);
    if (!p) return;
    this.form.load(p.config, this.info?.datasets ?? [], p.name);
    this.shapes.matchDataset(p.config.data.dataset);
  }

  /**
   * Train / Start comparison: while other jobs train, asks first whether to run another in parallel
   * (`parallelAsk`, answered by confirmParallel / cancelParallel); otherwise starts at once.
   */
  async startRun(): Promise<void> {
    if (this.#ask('run')) return;
    await this.#startRun();
  }

  async startCompare(): Promise<void> {
    if (this.#ask('comparison')) return;
    await this.#startCompare();
  }

  /** The user wants it in parallel: start what was asked about. */
  async confirmParallel(): Promise<void> {
    const ask = this.parallelAsk;
    this.parallelAsk = null;
    if (ask?.what === 'run') await this.#startRun();
    else if (ask?.what === 'comparison') await this.#startCompare();
  }

  cancelParallel(): void {
    this.parallelAsk = null;
  }

  /** Sets the question when something trains now; whether it did. */
  #ask(what: 'run' | 'comparison'): boolean {
    if (this.starting) return true;
    const info = this.info;
    const q = parallelQuestion(what, this.runs.active, this.runs.elsewhere, info ? { cores: info.cores, maxConcurrentRuns: info.maxConcurrentRuns } : null);
    if (!q) return false;
    this.parallelAsk = { ...q, what };
    return true;
  }

  /** Starts a training run with the form's config and shows it (waiting, when it is queued). */
  async #startRun(): Promise<void> {
    const config = this.form.config;
    if (!config || this.starting) return;
    this.starting = true;
    try {
      const res = await this.api.startRun({ config, ...(this.form.preset ? { preset: this.form.preset } : {}) });
      if (!res.ok) return this.#startFailed('Could not start the run', res.error);
      this.view = 'train';
      if (res.value.state === 'queued') this.notices.push('info', 'Run queued', 'It starts as soon as a training slot is free.');
      await this.run.attach(res.value.runId, res.value.state);
      this.runs.refreshSoon(0);
    } finally {
      this.starting = false;
    }
  }

  /** Starts a comparison of the chosen variants with the form's config and shows it. */
  async #startCompare(): Promise<void> {
    const req = this.compareForm.request(this.form.config);
    if (!req || this.starting) return;
    this.starting = true;
    try {
      const res = await this.api.startCompare(req);
      if (!res.ok) return this.#startFailed('Could not start the comparison', res.error);
      this.view = 'compare';
      this.comparison.startLive(res.value.comparisonId, req.variants, req.repeats);
      this.runs.refreshSoon(0);
    } finally {
      this.starting = false;
    }
  }

  #startFailed(title: string, error: ApiError): void {
    if (error.code === 'invalid' && error.fields?.length) {
      const unplaced = this.form.setServerErrors(error);
      const own = ['variants', 'repeats', 'minEffectPoints', 'equivalenceMarginPoints', 'resampleSplit'];
      const other = unplaced.filter((f) => !own.includes(f.field));
      if (other.length) this.notices.apiError(title, error, other);
      else this.notices.push('error', title, 'Some values are out of range: see the highlighted fields.', { code: error.code });
      return;
    }
    this.notices.apiError(title, error);
  }

  /** stop / pause / resume of a run or comparison; errors go to a banner. */
  async control(action: 'stop' | 'pause' | 'resume', id: string): Promise<boolean> {
    const res = await this.api[action](id);
    if (!res.ok) {
      this.notices.apiError(`Could not ${action} ${id}`, res.error);
      return false;
    }
    if (this.run.runId === res.value.id && res.value.kind === 'run') this.run.jobState = res.value.state;
    if (this.comparison.id === res.value.id && res.value.kind === 'comparison') this.comparison.jobState = res.value.state;
    this.runs.refreshSoon();
    return true;
  }

  /** Continues a stopped / interrupted run from its checkpoint and shows it. */
  async resumeRun(record: RunRecord): Promise<void> {
    if (this.run.runId !== record.id) await this.run.attach(record.id);
    this.run.rewindToCheckpoint();
    this.view = 'train';
    const ok = await this.control('resume', record.id);
    if (ok && this.run.jobState !== 'queued') {
      this.run.status = 'running';
      this.run.jobState ??= 'running';
    }
  }

  openRun(record: RunRecord): void {
    this.view = 'train';
    void this.run.attach(record.id, this.runs.active.find((a) => a.id === record.id)?.state ?? null);
  }

  /** Shows a queued run (it has no record yet). */
  openQueued(id: string): void {
    this.view = 'train';
    void this.run.attach(id, 'queued');
  }

  /** Continues a comparison that did not finish (unfinished cells from their checkpoints) and shows it. */
  async resumeComparison(id: string): Promise<void> {
    this.view = 'compare';
    if (await this.control('resume', id)) await this.comparison.attach(id);
  }

  openComparison(id: string): void {
    this.view = 'compare';
    void this.comparison.attach(id);
  }

  /** Loads a run's config into the form. */
  reuseConfig(record: RunRecord): void {
    this.form.load(record.config, this.info?.datasets ?? [], record.preset ?? null);
  }

  async deleteRun(id: string): Promise<boolean> {
    const res = await this.api.deleteRun(id);
    if (!res.ok) {
      this.notices.apiError(`Could not delete ${id}`, res.error);
      return false;
    }
    this.runs.forget(id);
    if (this.run.runId === id) this.run.clear();
    this.notices.push('info', 'Run deleted', id);
    this.runs.refreshSoon(0);
    return true;
  }

  async runShapes(): Promise<void> {
    const req = this.shapes.request(this.form.config);
    if (!req.ok) return;
    this.shapes.loading = true;
    this.shapes.error = null;
    const res = await this.api.shapes(req.value);
    this.shapes.loading = false;
    if (!res.ok) {
      this.shapes.error = res.error;
      return;
    }
    this.shapes.report = res.value;
    const m = req.value.model;
    this.shapes.reportFor = `hidden ${m.hidden}, ${m.layers} layer${m.layers > 1 ? 's' : ''}${m.bidirectional ? ', bidirectional' : ''}, feature ${m.feature}, batch ${req.value.batch}, seq ${req.value.seqLen}`;
  }
}
