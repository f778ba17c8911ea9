/**
 * The jobs a StudioService is running now: single runs (one child each, or none yet while queued) and
 * comparisons (a grid of children). Tracks each job's state and which runs belong to a live comparison.
 */
import type { ActiveJob, JobState } from '../../contract/api-events.js';
import type { RunProcess } from '../train/fork-run.js';
import type { ComparisonHandle } from './service-deps.js';

export type LiveJob =
  | {
      kind: 'run';
      id: string;
      state: JobState;
      /** The child; null while the run waits for a training slot. */
      proc: RunProcess | null;
      /** Takes a queued run out of the queue. */
      cancel?: () => void;
      /** Display name (shown for a queued run, which has no folder yet). */
      name?: string;
    }
  | { kind: 'comparison'; id: string; state: JobState; handle: ComparisonHandle; members: Set<string> };

export class LiveJobs {
  private readonly jobs = new Map<string, LiveJob>();
  /** Member run id → comparison id. */
  private readonly memberOf = new Map<string, string>();

  add(job: LiveJob): void {
    this.jobs.set(job.id, job);
  }

  remove(id: string): void {
    const job = this.jobs.get(id);
    if (job?.kind === 'comparison') for (const runId of job.members) this.memberOf.delete(runId);
    this.jobs.delete(id);
  }

  get(id: string): LiveJob | undefined {
    return this.jobs.get(id);
  }

  addMember(comparisonId: string, runId: string): void {
    const job = this.jobs.get(comparisonId);
    if (job?.kind !== 'comparison') return;
    job.members.add(runId);
    this.memberOf.set(runId, comparisonId);
  }

  /** The live comparison a run belongs to, if any. */
  comparisonOf(runId: string): Extract<LiveJob, { kind: 'comparison' }> | undefined {
    const id = this.memberOf.get(runId);
    const job = id === undefined ? undefined : this.jobs.get(id);
    return job?.kind === 'comparison' ? job : undefined;
  }

  /** What is happening to a run or comparison: its own state, or that of the comparison it belongs to. */
  stateOf(id: string): JobState | null {
    return this.jobs.get(id)?.state ?? this.comparisonOf(id)?.state ?? null;
  }

  active(): ActiveJob[] {
    return [...this.jobs.values()].map((j) => ({
      id: j.id,
      kind: j.kind,
      state: j.state,
      ...(j.kind === 'run' && j.state === 'queued' && j.name !== undefined ? { name: j.name } : {}),
    }));
  }

  all(): LiveJob[] {
    return [...this.jobs.values()];
  }

  get size(): number {
    return this.jobs.size;
  }
}
