/**
 * A heartbeat that does not depend on the training thread's event loop. A training step, an evaluation or a
 * checkpoint capture is synchronous tfjs work: while it runs, no timer of the training thread fires. So a
 * worker thread (started from source text: it needs no file of its own, in the tsc build or the bundle) keeps
 * the run folder's `heartbeat` file fresh (its mtime, every `intervalMs`; its content is this process's pid,
 * see src/host/runs/liveness.ts) — while the run is paused, in a long step or a long evaluation.
 *
 * It beats only while the training thread checks in (`checkIn`, at every step and from a 1 s timer that runs
 * whenever the training thread's loop is free) within `hangMs`: a training thread stuck for longer than that
 * stops the heartbeat, so a hung process is still found out by the 30 s staleness rule.
 *
 * It also watches the parent process (a training child's host): when the parent pid changes (the host died),
 * the training thread is expected to checkpoint, mark its run interrupted and exit (src/host/train/worker-session.ts);
 * if the process is still alive `graceMs` later (its loop blocked in a long step), the thread kills it.
 */
import { Worker } from 'node:worker_threads';
import { HEARTBEAT_FILE } from '../runs/liveness.js';

export interface HeartbeatThreadOptions {
  /** Milliseconds between touches of the heartbeat file (default 5000). */
  intervalMs?: number;
  /** Longest time the training thread may go without checking in before the heartbeat stops (default 15 min). */
  hangMs?: number;
  /** Watch this parent pid; when the process's parent changes, kill the process after `graceMs`. */
  parentPid?: number;
  /** Grace between noticing the parent's death and killing this process (default 3000 ms). */
  graceMs?: number;
  /** How often the thread looks (default 200 ms). */
  tickMs?: number;
}

export interface HeartbeatThread {
  /** Keeps `dir/heartbeat` fresh from now on, every `intervalMs` if given (null: stop beating, remove the file). */
  watch(dir: string | null, intervalMs?: number): void;
  /** The training thread is alive (call between steps). */
  checkIn(): void;
  /** Ends the thread (the heartbeat file is removed). */
  stop(): Promise<void>;
}

interface ThreadData {
  shared: SharedArrayBuffer;
  intervalMs: number;
  hangMs: number;
  parentPid: number | null;
  graceMs: number;
  tickMs: number;
  fileName: string;
}

type ThreadCommand = { type: 'watch'; dir: string | null; intervalMs?: number } | { type: 'stop' };

/**
 * The thread's code. It runs from its source text (`toString`), so it may use nothing from outside: only the
 * built-in modules `load` (process.getBuiltinModule: the same as a script or as a module) gives it.
 */
function threadMain(load: NodeJS.Process['getBuiltinModule']): void {
  const wt = load('node:worker_threads');
  const fs = load('node:fs');
  const path = load('node:path');
  const data = wt.workerData as ThreadData;
  const port = wt.parentPort!;
  const checkedIn = new BigInt64Array(data.shared);
  let file: string | null = null;
  let lastBeat = 0;
  let intervalMs = data.intervalMs;
  let parentGoneAt = 0;
  const forget = (): void => {
    if (file !== null) {
      try {
        fs.unlinkSync(file);
      } catch {
        // already gone (the run folder was deleted)
      }
    }
    file = null;
  };
  const timer = setInterval(() => {
    const now = Date.now();
    if (data.parentPid !== null && parentGoneAt === 0 && process.ppid !== data.parentPid) parentGoneAt = now;
    if (parentGoneAt !== 0 && now - parentGoneAt >= data.graceMs) process.kill(process.pid, 'SIGKILL');
    if (file === null || now - lastBeat < intervalMs) return;
    if (now - Number(Atomics.load(checkedIn, 0)) > data.hangMs) return;
    try {
      const t = now / 1000;
      fs.utimesSync(file, t, t);
      lastBeat = now;
    } catch {
      // the folder may have been deleted; the next watch() starts again
    }
  }, data.tickMs);
  port.on('message', (cmd: ThreadCommand) => {
    if (cmd.type === 'stop') {
      clearInterval(timer);
      forget();
      port.close();
      return;
    }
    forget();
    if (cmd.dir === null) return;
    if (cmd.intervalMs !== undefined) intervalMs = cmd.intervalMs;
    const target = path.join(cmd.dir, data.fileName);
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.writeFileSync(tmp, `${process.pid}\n`, { flag: 'wx' });
      fs.renameSync(tmp, target);
      file = target;
      lastBeat = Date.now();
    } catch {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // never created
      }
    }
  });
}

const THREAD_SOURCE = `(${threadMain.toString()})(process.getBuiltinModule);`;

export function startHeartbeatThread(opts: HeartbeatThreadOptions = {}): HeartbeatThread {
  const shared = new SharedArrayBuffer(8);
  const checkedIn = new BigInt64Array(shared);
  const checkIn = (): void => {
    Atomics.store(checkedIn, 0, BigInt(Date.now()));
  };
  checkIn();
  const data: ThreadData = {
    shared,
    intervalMs: opts.intervalMs ?? 5000,
    hangMs: opts.hangMs ?? 15 * 60_000,
    parentPid: opts.parentPid ?? null,
    graceMs: opts.graceMs ?? 3000,
    tickMs: opts.tickMs ?? 200,
    fileName: HEARTBEAT_FILE,
  };
  // execArgv: [] — the thread must not inherit what the process runs (e.g. --input-type=module).
  const worker = new Worker(THREAD_SOURCE, { eval: true, execArgv: [], workerData: data, stdout: false, stderr: false });
  worker.unref();
  worker.on('error', () => undefined); // a failed heartbeat thread leaves the between-steps heartbeat in place
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Checks in whenever the training thread's loop is free (paused, waiting for the disk, between steps).
  const idle = setInterval(checkIn, 1000);
  idle.unref();
  const post = (cmd: ThreadCommand): void => {
    try {
      worker.postMessage(cmd);
    } catch {
      // the thread has already ended
    }
  };
  let stopped = false;
  return {
    watch: (dir, intervalMs) => post({ type: 'watch', dir, ...(intervalMs !== undefined ? { intervalMs } : {}) }),
    checkIn,
    stop: async () => {
      if (stopped) return exited;
      stopped = true;
      clearInterval(idle);
      post({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
