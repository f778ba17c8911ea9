/**
 * The train points of live runs that may not be on disk yet. A training child buffers metrics and makes them
 * durable at every evaluation, and sends the evaluation's event only after that (execute-run.ts); so the train
 * points since a run's last evaluation event are exactly the ones a reader of metrics.jsonl may miss (an
 * evaluation point itself is durable when its event is sent). The service keeps those (per run, bounded) and
 * `getRun` adds them to what is on disk: a page that attaches mid-run (a reload, a second tab) subscribes
 * first, then loads, and so sees every step with no hole.
 */
import type { RunEvent } from '../../contract/events.js';
import type { MetricRecord, TrainPoint } from '../../contract/run-record.js';

/** Most points kept per run (evaluations far apart: the oldest go; metrics.jsonl has them by then in practice). */
export const MAX_TAIL_POINTS = 100_000;

export class LiveTails {
  private readonly tails = new Map<string, TrainPoint[]>();

  constructor(private readonly maxPoints = MAX_TAIL_POINTS) {}

  /** Follows one event of any run. */
  observe(e: RunEvent): void {
    if (e.type === 'done') {
      this.tails.delete(e.runId);
    } else if (e.type === 'train') {
      const tail = this.tails.get(e.runId) ?? [];
      tail.push(...e.points);
      if (tail.length > this.maxPoints) tail.splice(0, tail.length - this.maxPoints);
      this.tails.set(e.runId, tail);
    } else if (e.type === 'eval') {
      // Everything up to this evaluation is durable now.
      const tail = this.tails.get(e.runId);
      if (tail) this.tails.set(e.runId, tail.filter((p) => p.step > e.point.step));
    }
  }

  /** Forgets a run (it ended without a `done`, or was deleted). */
  forget(runId: string): void {
    this.tails.delete(runId);
  }

  /** A copy of the points held for a run (take it before reading the disk). */
  snapshot(runId: string): TrainPoint[] {
    return [...(this.tails.get(runId) ?? [])];
  }
}

/** The records on disk, followed by the held train points past the last train step on disk. */
export function withTail(disk: readonly MetricRecord[], tail: readonly TrainPoint[]): MetricRecord[] {
  let last = Number.NEGATIVE_INFINITY;
  for (const r of disk) if (r.type === 'train' && r.step > last) last = r.step;
  return [...disk, ...tail.filter((p) => p.step > last)];
}
