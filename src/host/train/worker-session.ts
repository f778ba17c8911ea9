/**
 * The life of one training child, independent of its transport (src/host/train/run-worker.ts wires node's
 * child_process or Electron's utilityProcess to it):
 * - commands are validated; `start` runs the job once (executeRun), `stop` / `pause` / `resume` steer it;
 * - the last message (`done` from the run, or `fatal`) is acknowledged by the host with `ack` before the
 *   child exits; without an ack it exits after `ackTimeoutMs`;
 * - when the host dies (parent watch), the run stops at the next step boundary, checkpoints, ends
 *   `interrupted`, and the child exits without waiting for an ack; at most `graceMs` later it exits anyway
 *   (and the heartbeat thread kills it if its loop is blocked).
 */
import type { RunRecord } from '../../contract/run-record.js';
import type { ExecuteIo } from './execute-run.js';
import type { HeartbeatThread } from './heartbeat-thread.js';
import { CommandControl } from './run-control.js';
import { type RunJob, workerCommandSchema, type WorkerMessage } from './run-job.js';

export const DEFAULT_ACK_TIMEOUT_MS = 5000;
export const DEFAULT_GRACE_MS = 3000;

/** The child's side of its transport. */
export interface WorkerPort {
  send(msg: WorkerMessage): void;
  onCommand(cb: (raw: unknown) => void): void;
  exit(code: number): void;
}

export interface WorkerSessionOptions {
  port: WorkerPort;
  /** Runs the job (executeRun in a real child). */
  execute: (job: RunJob, io: ExecuteIo) => Promise<RunRecord>;
  /** Starts watching the host; calls back once, with why, when it is gone. */
  watchParent?: (onGone: (why: string) => void) => void;
  /** The heartbeat thread of this process (passed to executeRun). */
  heartbeat?: HeartbeatThread | null;
  /** Grace between the host's death and a forced exit (default 3000 ms). */
  graceMs?: number;
  setTimer?: (cb: () => void, ms: number) => void;
}

export interface WorkerSession {
  /** A crash inside the child: report it (fatal) and leave. */
  crash(err: Error): void;
  /** Whether the host was found dead. */
  readonly hostGone: boolean;
}

const text = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function startWorkerSession(opts: WorkerSessionOptions): WorkerSession {
  const { port } = opts;
  const setTimer = opts.setTimer ?? ((cb: () => void, ms: number) => void setTimeout(cb, ms).unref());
  const control = new CommandControl();
  let started = false;
  let runId: string | null = null;
  let ackTimeoutMs = DEFAULT_ACK_TIMEOUT_MS;
  let hostGone = false;
  /** Set once the last message is out: exits with `code` on the ack, on the timeout, or when the host dies. */
  let leaving: { code: number } | null = null;
  /** `done` went out and the host acknowledged it before the run had quite finished (e.g. threads stopping). */
  let doneSent = false;
  let ackedEarly = false;
  let exited = false;

  const exit = (code: number): void => {
    if (exited) return;
    exited = true;
    port.exit(code);
  };

  const send = (msg: WorkerMessage): void => {
    if (!hostGone) port.send(msg);
  };

  /** Sends the last message, then exits on the host's ack (bounded wait), at once when the host is gone. */
  const leave = (code: number, last?: WorkerMessage): void => {
    if (leaving) return;
    leaving = { code };
    if (last) send(last);
    if (hostGone || (ackedEarly && !last)) return exit(code);
    setTimer(() => exit(code), ackTimeoutMs);
  };

  opts.watchParent?.((why) => {
    hostGone = true;
    if (leaving) return exit(leaving.code);
    if (!started) return exit(1);
    control.requestStop('host-died', why);
    setTimer(() => exit(1), opts.graceMs ?? DEFAULT_GRACE_MS);
  });

  port.onCommand((raw) => {
    const parsed = workerCommandSchema.safeParse(raw);
    if (!parsed.success) {
      send({ type: 'fatal', runId, message: `worker: invalid command: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      return;
    }
    const cmd = parsed.data;
    switch (cmd.type) {
      case 'ack':
        if (leaving) exit(leaving.code);
        else if (doneSent) ackedEarly = true;
        return;
      case 'stop':
        control.requestStop(cmd.by ?? 'user');
        return;
      case 'pause':
        control.requestPause();
        return;
      case 'resume':
        control.requestResume();
        return;
      case 'start': {
        if (started) {
          send({ type: 'fatal', runId, message: 'worker: a job is already running in this process' });
          return;
        }
        started = true;
        ackTimeoutMs = cmd.job.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
        opts.execute(cmd.job, {
          control,
          heartbeat: opts.heartbeat ?? null,
          onEvent: (e) => {
            // `done` is the run's last message; the ack that answers it may come before executeRun returns.
            if (e.type === 'done') doneSent = true;
            send(e);
          },
          onStarted: (id) => {
            runId = id;
            send({ type: 'started', runId: id });
          },
        }).then(
          () => leave(0),
          (e: unknown) => leave(1, { type: 'fatal', runId, message: text(e) }),
        );
        return;
      }
    }
  });

  return {
    crash: (err) => leave(1, { type: 'fatal', runId, message: `worker crashed: ${err.message}` }),
    get hostGone() {
      return hostGone;
    },
  };
}
