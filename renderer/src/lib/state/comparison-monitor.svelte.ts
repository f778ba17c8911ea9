/**
 * One comparison on screen: its cells (variant × repeat), each member run's series, live progress and the
 * stored result. Member runs are learnt from `comparison` events (or the stored member records); each one is
 * backfilled from disk once and then follows its live events. Events of a member whose run id is not yet
 * known are held briefly and applied when the cell names it.
 */
import type { ApiError, JobState, StudioApi, StudioEvent } from '../../../../src/contract/api.js';
import type { ComparisonResult } from '../../../../src/contract/comparison.js';
import type { RunEvent } from '../../../../src/contract/events.js';
import type { EvalPoint, RunRecord, TrainPoint } from '../../../../src/contract/run-record.js';
import type { Progress } from './run-monitor.svelte.js';
import { appendByStep } from '../series-merge.js';

export interface CellView {
  variant: string;
  repeat: number;
  runId: string | null;
  status: string;
}

export interface Member {
  runId: string;
  variant: string;
  repeat: number;
  train: TrainPoint[];
  evals: EvalPoint[];
  progress: Progress | null;
  record: RunRecord | null;
  loading: boolean;
  buffer: RunEvent[];
}

const ORPHAN_RUN_LIMIT = 64;
const ORPHAN_EVENT_LIMIT = 2000;

export class ComparisonMonitor {
  id = $state<string | null>(null);
  /** The comparison's status from its latest event (running, completed, stopped…). */
  status = $state<string | null>(null);
  jobState = $state<JobState | null>(null);
  variants = $state<string[]>([]);
  repeats = $state(0);
  cells = $state<CellView[]>([]);
  result = $state<ComparisonResult | null>(null);
  loading = $state(false);
  loadError = $state<ApiError | null>(null);
  /** Bumped whenever a member's series or record changes. */
  version = $state(0);
  /** Bumped whenever a member's progress changes. */
  progressVersion = $state(0);
  startedAt = $state<number | null>(null);
  name = $state<string | null>(null);
  error = $state<string | null>(null);
  createdAt = $state<string | null>(null);

  members = new Map<string, Member>();
  #orphans = new Map<string, RunEvent[]>();
  #token = 0;
  readonly #api: () => StudioApi;

  constructor(api: () => StudioApi) {
    this.#api = api;
  }

  get live(): boolean {
    return this.jobState !== null;
  }

  /** Members grouped by variant, in variant order. */
  byVariant(): { variant: string; members: Member[] }[] {
    return this.variants.map((variant) => ({
      variant,
      members: [...this.members.values()].filter((m) => m.variant === variant).sort((a, b) => a.repeat - b.repeat),
    }));
  }

  /** A comparison just started here: its cells are pending until the service names their runs. */
  startLive(id: string, variants: string[], repeats: number): void {
    this.#reset(id);
    this.variants = variants;
    this.repeats = repeats;
    this.jobState = 'running';
    this.status = 'running';
    this.startedAt = Date.now();
    this.cells = variants.flatMap((variant) =>
      Array.from({ length: repeats }, (_, repeat) => ({ variant, repeat, runId: null, status: 'pending' })),
    );
    this.#adoptOrphans();
  }

  /** Shows a stored or live comparison: loads its detail and every member run. */
  async attach(id: string): Promise<void> {
    this.#reset(id);
    const token = this.#token;
    this.loading = true;
    const res = await this.#api().getComparison(id);
    if (token !== this.#token) return;
    this.loading = false;
    if (!res.ok) {
      this.loadError = res.error;
      return;
    }
    const d = res.value;
    this.name = d.name;
    this.jobState = d.state;
    this.result = d.result;
    this.status = d.status;
    this.error = d.error ?? null;
    this.createdAt = d.createdAt;
    this.variants = [...d.variants];
    this.repeats = d.repeats;
    this.#applyCells(d.status, d.cells);
    for (const r of d.runs) {
      const c = r.comparison;
      if (!c) continue;
      if (!this.cells.some((x) => x.variant === c.variant && x.repeat === c.repeat)) {
        this.cells = [...this.cells, { variant: c.variant, repeat: c.repeat, runId: r.id, status: r.status }];
      }
      this.#ensureMember(r.id, c.variant, c.repeat);
    }
    if (d.state && this.startedAt === null) this.startedAt = Date.parse(d.createdAt) || Date.now();
    this.version++;
  }

  clear(): void {
    this.#reset(null);
  }

  #reset(id: string | null): void {
    this.#token++;
    this.id = id;
    this.status = null;
    this.jobState = null;
    this.variants = [];
    this.repeats = 0;
    this.cells = [];
    this.result = null;
    this.loading = false;
    this.loadError = null;
    this.startedAt = null;
    this.name = null;
    this.error = null;
    this.createdAt = null;
    this.members = new Map();
    this.version++;
    this.progressVersion++;
  }

  #applyCells(status: string, cells: readonly CellView[]): void {
    this.status = status;
    this.cells = cells.map((c) => ({ variant: c.variant, repeat: c.repeat, runId: c.runId, status: c.status }));
    for (const c of cells) {
      if (!this.variants.includes(c.variant)) this.variants = [...this.variants, c.variant];
      this.repeats = Math.max(this.repeats, c.repeat + 1);
      if (c.runId) this.#ensureMember(c.runId, c.variant, c.repeat);
    }
  }

  #ensureMember(runId: string, variant: string, repeat: number): void {
    if (this.members.has(runId)) return;
    const m: Member = { runId, variant, repeat, train: [], evals: [], progress: null, record: null, loading: true, buffer: [] };
    this.members.set(runId, m);
    const orphaned = this.#orphans.get(runId);
    if (orphaned) {
      m.buffer.push(...orphaned);
      this.#orphans.delete(runId);
    }
    void this.#load(m, this.#token);
  }

  async #load(m: Member, token: number): Promise<void> {
    const res = await this.#api().getRun(m.runId);
    if (token !== this.#token) return;
    m.loading = false;
    if (res.ok) {
      m.record = res.value.record;
      for (const p of res.value.metrics) {
        if (p.type === 'train') appendByStep(m.train, [p]);
        else appendByStep(m.evals, [p]);
      }
    }
    const buffered = m.buffer;
    m.buffer = [];
    for (const e of buffered) this.#applyRunEvent(m, e);
    this.version++;
    this.progressVersion++;
  }

  #adoptOrphans(): void {
    for (const c of this.cells) if (c.runId) this.#ensureMember(c.runId, c.variant, c.repeat);
  }

  #applyRunEvent(m: Member, e: RunEvent): void {
    if (m.loading) {
      m.buffer.push(e);
      return;
    }
    switch (e.type) {
      case 'train':
        if (appendByStep(m.train, e.points) > 0) this.version++;
        break;
      case 'eval':
        if (appendByStep(m.evals, [e.point]) > 0) this.version++;
        break;
      case 'progress':
        m.progress = { step: e.step, plannedSteps: e.plannedSteps, epoch: e.epoch, elapsedMs: e.elapsedMs, etaMs: e.etaMs, loss: e.loss };
        this.progressVersion++;
        break;
      case 'done':
        m.record = e.record;
        if (m.progress) m.progress = { ...m.progress, step: e.record.step, etaMs: 0 };
        this.#setCellStatus(m.runId, e.record.status);
        this.version++;
        this.progressVersion++;
        break;
      case 'status':
        this.#setCellStatus(m.runId, e.status);
        break;
      case 'shapes':
        break;
    }
  }

  #setCellStatus(runId: string, status: string): void {
    const i = this.cells.findIndex((c) => c.runId === runId);
    if (i >= 0 && this.cells[i].status !== status) this.cells[i] = { ...this.cells[i], status };
  }

  /** Applies an event if it concerns this comparison or one of its runs. Returns whether it did. */
  handle(e: StudioEvent): boolean {
    if (this.id === null) return false;
    if (e.type === 'job') {
      if (e.kind !== 'comparison' || e.id !== this.id) return false;
      this.jobState = e.state;
      return true;
    }
    if (e.type === 'comparison') {
      if (e.id !== this.id) return false;
      this.#applyCells(e.status, e.cells);
      if (this.startedAt === null) this.startedAt = Date.now();
      return true;
    }
    if (e.type === 'comparison-result') {
      if (e.id !== this.id) return false;
      this.result = e.result;
      this.version++;
      return true;
    }
    if (!('runId' in e)) return false;
    const m = this.members.get(e.runId);
    if (m) {
      this.#applyRunEvent(m, e);
      return true;
    }
    if (this.jobState !== null) this.#holdOrphan(e);
    return false;
  }

  #holdOrphan(e: RunEvent): void {
    let list = this.#orphans.get(e.runId);
    if (!list) {
      if (this.#orphans.size >= ORPHAN_RUN_LIMIT) {
        const oldest = this.#orphans.keys().next().value;
        if (oldest !== undefined) this.#orphans.delete(oldest);
      }
      list = [];
      this.#orphans.set(e.runId, list);
    }
    if (list.length < ORPHAN_EVENT_LIMIT) list.push(e);
  }

  /** Planned steps of one member run (all share the config), 0 while unknown. */
  plannedPerRun(): number {
    void this.progressVersion;
    for (const m of this.members.values()) {
      const p = m.progress?.plannedSteps ?? m.record?.plannedSteps;
      if (p) return p;
    }
    return 0;
  }

  /** Steps done / planned over all cells, and an ETA for the whole comparison. */
  overallProgress(): { step: number; planned: number; etaMs: number | null; elapsedMs: number } {
    void this.progressVersion;
    const ms = [...this.members.values()];
    const knownPlan = ms.find((m) => m.progress || m.record)?.progress?.plannedSteps ?? ms.find((m) => m.record)?.record?.plannedSteps ?? 0;
    let step = 0;
    let planned = 0;
    for (const c of this.cells) {
      const m = c.runId ? this.members.get(c.runId) : undefined;
      const p = m?.progress;
      const rec = m?.record;
      planned += p?.plannedSteps ?? rec?.plannedSteps ?? knownPlan;
      step += p?.step ?? rec?.step ?? 0;
    }
    const elapsedMs = this.startedAt !== null ? Date.now() - this.startedAt : 0;
    let etaMs: number | null = null;
    if (this.live && step > 0 && planned > step) etaMs = (elapsedMs * (planned - step)) / step;
    else if (!this.live || planned <= step) etaMs = null;
    return { step, planned, etaMs, elapsedMs };
  }
}
