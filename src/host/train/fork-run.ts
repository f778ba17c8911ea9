/**
 * Starts a training job in its own child process and follows it: the UI / CLI never blocks, and a crashing or
 * killed run cannot take its host down. The transport is injectable: node's child_process here, Electron's
 * utilityProcess in electron/ (tfjs-node cannot load in a second worker thread, a process is required).
 *
 * The child's last message (`done` or `fatal`) is acknowledged with `ack`; the child exits only then (see
 * run-job.ts), so its reason always arrives before its exit. A child that exits without ending its run (a
 * crash, a kill) leaves the run `interrupted` on disk, with a `status` event saying so.
 */
import { fork } from 'node:child_process';
import type { RunEvent } from '../../contract/events.js';
import type { RunRecord } from '../../contract/run-record.js';
import { RunStore } from '../runs/run-store.js';
import { type RunJobInput, runJobSchema, type StopBy, type WorkerCommand, workerMessageSchema } from './run-job.js';
import { trainingChildExecArgv } from './training-v8-flags.js';
import { workerEntryFor } from './worker-entry.js';

export interface ChildTransport {
  send(cmd: WorkerCommand): void;
  onMessage(cb: (m: unknown) => void): void;
  /** `signal` where the transport knows it (node's child_process). */
  onExit(cb: (code: number | null, signal?: string | null) => void): void;
  kill(): void;
}

export type TransportFactory = (workerPath: string) => ChildTransport;

export const nodeTransport: TransportFactory = (workerPath) => {
  const child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', execArgv: trainingChildExecArgv() });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  return {
    send: (cmd) => {
      if (child.connected) child.send(cmd);
    },
    onMessage: (cb) => child.on('message', cb),
    onExit: (cb) => child.on('exit', (code, signal) => cb(code, signal)),
    kill: () => child.kill('SIGKILL'),
  };
};

export interface RunProcess {
  /** Resolves when the run folder exists; rejects when the job could not start (message says why). */
  readonly runId: Promise<string>;
  onEvent(cb: (e: RunEvent) => void): () => void;
  /** Asks the run to stop at the next step (checkpointed, `stopped`, recording who stopped it). */
  stop(by?: StopBy): void;
  pause(): void;
  resume(): void;
  /** Kills the child at once (its run becomes `interrupted`). */
  kill(): void;
  /** The final record, or null when the child died before ending the run (crash, kill). */
  readonly done: Promise<RunRecord | null>;
  /** Why the child failed, when it did. */
  readonly failure: string | null;
}

export interface ForkOptions {
  /** Marks the run of a child that died alone interrupted (default: RunStore.interrupt on the job's runs folder). */
  interrupt?: (runsDir: string, runId: string, why: string) => Promise<RunRecord | null>;
}

const defaultInterrupt = async (runsDir: string, runId: string, why: string): Promise<RunRecord | null> =>
  new RunStore(runsDir).interrupt(runId, why);

function exitWords(code: number | null, signal: string | null | undefined): string {
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code ?? 'null'}`;
}

export function forkRun(jobInput: RunJobInput, transport: TransportFactory = nodeTransport, opts: ForkOptions = {}): RunProcess {
  const job = runJobSchema.parse(jobInput);
  const child = transport(workerEntryFor(job.config.train.backend));
  const listeners = new Set<(e: RunEvent) => void>();
  let failure: string | null = null;
  let record: RunRecord | null = null;
  let startedId: string | null = null;
  let resolveId!: (id: string) => void;
  let rejectId!: (e: Error) => void;
  const runId = new Promise<string>((res, rej) => {
    resolveId = res;
    rejectId = rej;
  });
  runId.catch(() => undefined);
  const emit = (e: RunEvent) => {
    for (const cb of listeners) cb(e);
  };
  const done = new Promise<RunRecord | null>((resolve) => {
    child.onExit((code, signal) => {
      if (!record && !failure) failure = `training process ${exitWords(code, signal)} before the run ended`;
      rejectId(new Error(failure ?? 'training process exited'));
      const id = startedId;
      if (record || id === null) return resolve(record);
      // The child died alone: its run must not stay `running` (un-resumable, deletable) until a restart.
      const why = `interrupted: the training process ${exitWords(code, signal)} before the run ended`;
      void (opts.interrupt ?? defaultInterrupt)(job.runsDir, id, why)
        .catch(() => null)
        .then((rec) => {
          emit({ type: 'status', runId: id, status: 'interrupted', message: rec?.error ?? why });
          resolve(null);
        });
    });
  });
  child.onMessage((raw) => {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return; // a child's malformed output is ignored, never trusted
    const msg = parsed.data;
    if (msg.type === 'started') {
      startedId = msg.runId;
      return resolveId(msg.runId);
    }
    if (msg.type === 'fatal') {
      failure = msg.message;
      rejectId(new Error(msg.message));
      child.send({ type: 'ack' });
      return;
    }
    if (msg.type === 'done') {
      record = msg.record;
      // A run that ended before it started (e.g. its checkpoint did not fit) carries the reason in its record.
      if (startedId === null) {
        failure = msg.record.error ?? `the run ended ${msg.record.status} before it started`;
        rejectId(new Error(failure));
      }
      child.send({ type: 'ack' });
    }
    emit(msg);
  });
  child.send({ type: 'start', job });
  return {
    runId,
    onEvent(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    stop: (by = 'user') => child.send({ type: 'stop', by }),
    pause: () => child.send({ type: 'pause' }),
    resume: () => child.send({ type: 'resume' }),
    kill: () => child.kill(),
    done,
    get failure() {
      return failure;
    },
  };
}
