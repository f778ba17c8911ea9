/**
 * Crash detection for records marked `running` (runs and comparisons): the owner process is gone
 * (its pid is dead) or its heartbeat is older than the stale threshold (default 30 s; a hung
 * process, or a pid reused by an unrelated process after a crash).
 */
import { isPidAlive } from './process-alive.js';

export const DEFAULT_STALE_MS = 30_000;

/** How liveness is judged (injectable for tests). */
export interface LivenessOptions {
  /** Heartbeat age beyond which a running record counts as crashed (ms). */
  staleMs: number;
  now: () => Date;
  isPidAlive: (pid: number) => boolean;
}

export const defaultLiveness: LivenessOptions = { staleMs: DEFAULT_STALE_MS, now: () => new Date(), isPidAlive };

/** The fields liveness looks at. */
export interface LiveFields {
  status: string;
  pid?: number;
  heartbeatAt?: string;
  updatedAt: string;
}

/** Why a `running` record is in fact dead, or undefined when it is alive (or not running). */
export function staleReason(rec: LiveFields, opts: LivenessOptions): string | undefined {
  if (rec.status !== 'running') return undefined;
  if (rec.pid === undefined) return 'interrupted: no owner process was recorded';
  if (!opts.isPidAlive(rec.pid)) return `interrupted: the training process (pid ${rec.pid}) is no longer running`;
  const beat = Date.parse(rec.heartbeatAt ?? rec.updatedAt);
  if (Number.isNaN(beat)) return `interrupted: the heartbeat time of pid ${rec.pid} is unreadable`;
  const age = opts.now().getTime() - beat;
  if (age > opts.staleMs) {
    return (
      `interrupted: no heartbeat for ${Math.round(age / 1000)} s (limit ${Math.round(opts.staleMs / 1000)} s); ` +
      `the training process (pid ${rec.pid}) stopped responding`
    );
  }
  return undefined;
}
