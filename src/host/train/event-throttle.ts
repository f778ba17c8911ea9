/**
 * Throttles a run's per-step events at the source: train-loss points are batched and sent with a progress
 * event at most every `intervalMs` (default 50 ms → ≤ 20 messages a second), plus on demand (flush).
 */
import type { RunEvent } from '../../contract/events.js';
import type { TrainPoint } from '../../contract/run-record.js';

export class EventThrottle {
  private points: TrainPoint[] = [];
  private lastSent = -Infinity;
  private lastProgress: Extract<RunEvent, { type: 'progress' }> | null = null;

  constructor(
    private readonly emit: (e: RunEvent) => void,
    private readonly intervalMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queues a point and the current progress; sends when the interval has passed. */
  step(point: TrainPoint, progress: Extract<RunEvent, { type: 'progress' }>): void {
    this.points.push(point);
    this.lastProgress = progress;
    if (this.now() - this.lastSent >= this.intervalMs) this.flush();
  }

  flush(): void {
    if (!this.lastProgress) return;
    const runId = this.lastProgress.runId;
    if (this.points.length) this.emit({ type: 'train', runId, points: this.points });
    this.emit(this.lastProgress);
    this.points = [];
    this.lastProgress = null;
    this.lastSent = this.now();
  }
}
