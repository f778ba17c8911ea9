/**
 * The runs folder as the Runs view shows it: single runs, comparisons (with their member runs folded in),
 * which of them are live here, which wait in the queue, which another studio's process is training.
 * Reloaded on demand and whenever the service says the folder changed.
 */
import type { ActiveJob, ApiError, ComparisonSummary, ExternalJob, StudioApi } from '../../../../src/contract/api.js';
import type { RunRecord } from '../../../../src/contract/run-record.js';

export interface ComparisonRow {
  id: string;
  name: string;
  error: string | null;
  /** running, paused, completed, stopped, failed or interrupted */
  status: string;
  live: boolean;
  variants: string[];
  repeats: number;
  verdict: string | null;
  members: RunRecord[];
  createdAt: string | undefined;
  dataset: string | undefined;
}

export class RunsList {
  runs = $state<RunRecord[]>([]);
  comparisons = $state<ComparisonRow[]>([]);
  active = $state<ActiveJob[]>([]);
  /** Runs on disk that a live process of another host is training. */
  elsewhere = $state<ExternalJob[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<ApiError | null>(null);

  /** Single runs (not members of a comparison), newest first. */
  singles = $derived(this.runs.filter((r) => !r.comparison));
  /** Runs waiting for a training slot (they have no folder yet). */
  queued = $derived(this.active.filter((a) => a.kind === 'run' && a.state === 'queued'));

  readonly #api: () => StudioApi;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #seq = 0;

  constructor(api: () => StudioApi) {
    this.#api = api;
  }

  isLive(id: string): boolean {
    return this.active.some((a) => a.id === id);
  }

  /** Reloads soon, coalescing bursts of change events. */
  refreshSoon(delayMs = 300): void {
    if (this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.refresh();
    }, delayMs);
  }

  async refresh(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    const api = this.#api();
    const [runs, comps] = await Promise.all([api.listRuns(), api.listComparisons()]);
    if (seq !== this.#seq) return;
    this.loading = false;
    if (!runs.ok) {
      this.error = runs.error;
      return;
    }
    if (!comps.ok) {
      this.error = comps.error;
      return;
    }
    this.error = null;
    this.runs = runs.value.runs;
    this.active = runs.value.active;
    this.elsewhere = runs.value.elsewhere;
    this.comparisons = buildComparisonRows(runs.value.runs, comps.value, runs.value.active);
    this.loaded = true;
  }

  /** Drops a deleted run locally (the next refresh confirms). */
  forget(id: string): void {
    this.runs = this.runs.filter((r) => r.id !== id);
  }
}

export function buildComparisonRows(
  runs: readonly RunRecord[],
  summaries: readonly ComparisonSummary[],
  active: readonly ActiveJob[],
): ComparisonRow[] {
  const byId = new Map<string, RunRecord[]>();
  for (const r of runs) {
    if (!r.comparison) continue;
    const list = byId.get(r.comparison.id) ?? [];
    list.push(r);
    byId.set(r.comparison.id, list);
  }
  return summaries.map((s) => {
    const members = (byId.get(s.id) ?? []).sort((a, b) => a.comparison!.repeat - b.comparison!.repeat);
    const live = s.state !== null || active.some((a) => a.id === s.id);
    return {
      id: s.id,
      name: s.name,
      status: live ? (s.state === 'paused' ? 'paused' : 'running') : s.status,
      live,
      variants: [...s.variants],
      repeats: s.repeats,
      verdict: s.result?.verdict ?? null,
      error: s.error ?? null,
      members,
      createdAt: s.createdAt,
      dataset: members[0]?.config.data.dataset,
    };
  });
}
