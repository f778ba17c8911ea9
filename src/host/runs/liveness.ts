/**
 * Crash detection for records marked `running` (runs and comparisons): the owner process is gone
 * (its pid is dead) or its heartbeat is older than the stale threshold (default 30 s; a hung
 * process, or a pid reused by an unrelated process after a crash).
 *
 * A heartbeat is the record's own `heartbeatAt` (rewritten between training steps) or, newer, the mtime of
 * the run folder's `heartbeat` file, which a training process's heartbeat thread touches on a timer — while
 * the run is paused, in a long step or a long evaluation — as long as its `heartbeat` file names the same pid
 * as the record (src/host/train/heartbeat-thread.ts).
 */
import { join } from 'node:path';
import type { FsOps } from './fs-ops.js';
import { isPidAlive } from './process-alive.js';

export const DEFAULT_STALE_MS = 30_000;

/** The file a training process's heartbeat thread keeps fresh: its content is the owner's pid. */
export const HEARTBEAT_FILE = 'heartbeat';

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

/**
 * Why a `running` record is in fact dead, or undefined when it is alive (or not running). `beatMs`: the
 * time (ms since the epoch) of a heartbeat seen elsewhere (the heartbeat file), when newer than the record's.
 */
export function staleReason(rec: LiveFields, opts: LivenessOptions, beatMs?: number): string | undefined {
  if (rec.status !== 'running') return undefined;
  if (rec.pid === undefined) return 'interrupted: no owner process was recorded';
  if (!opts.isPidAlive(rec.pid)) return `interrupted: the training process (pid ${rec.pid}) is no longer running`;
  const recorded = Date.parse(rec.heartbeatAt ?? rec.updatedAt);
  const beat = beatMs !== undefined && !(beatMs <= recorded) ? beatMs : recorded;
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

/**
 * The mtime (ms) of `dir/heartbeat` when that file names `pid` as its owner; undefined when there is none,
 * it belongs to another process, or it cannot be read (a link, a torn first write).
 */
export async function heartbeatFileBeat(ops: FsOps, dir: string, pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const file = join(dir, HEARTBEAT_FILE);
  try {
    const stat = await ops.lstat(file);
    if (!stat.isFile() || stat.size > 64) return undefined;
    const owner = Number(new TextDecoder().decode(await ops.readFile(file)).trim());
    return owner === pid ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}
