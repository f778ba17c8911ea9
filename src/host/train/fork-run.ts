/**
 * Starts a training job in its own child process and follows it: the UI / CLI never blocks, and a crashing or
 * killed run cannot take its host down. The transport is injectable: node's child_process here, Electron's
 * utilityProcess in electron/ (tfjs-node cannot load in a second worker thread, a process is required).
 */
import { fork } from 'node:child_process';
import type { RunEvent } from '../../contract/events.js';
import type { RunRecord } from '../../contract/run-record.js';
import { type RunJobInput, runJobSchema, type WorkerCommand, workerMessageSchema } from './run-job.js';
import { trainingChildExecArgv } from './training-v8-flags.js';
import { workerEntryFor } from './worker-entry.js';

export interface ChildTransport {
  send(cmd: WorkerCommand): void;
  onMessage(cb: (m: unknown) => void): void;
  onExit(cb: (code: number | null) => void): void;
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
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => child.kill('SIGKILL'),
  };
};

export interface RunProcess {
  /** Resolves when the run folder exists; rejects when the job could not start (message says why). */
  readonly runId: Promise<string>;
  onEvent(cb: (e: RunEvent) => void): () => void;
  stop(): void;
  pause(): void;
  resume(): void;
  /** Kills the child at once (its run becomes `interrupted` at the next reconcile). */
  kill(): void;
  /** The final record, or null when the child died before ending the run (crash, kill). */
  readonly done: Promise<RunRecord | null>;
  /** Why the child failed, when it did. */
  readonly failure: string | null;
}

export function forkRun(jobInput: RunJobInput, transport: TransportFactory = nodeTransport): RunProcess {
  const job = runJobSchema.parse(jobInput);
  const child = transport(workerEntryFor(job.config.train.backend));
  const listeners = new Set<(e: RunEvent) => void>();
  let failure: string | null = null;
  let record: RunRecord | null = null;
  let resolveId!: (id: string) => void;
  let rejectId!: (e: Error) => void;
  const runId = new Promise<string>((res, rej) => {
    resolveId = res;
    rejectId = rej;
  });
  runId.catch(() => undefined);
  const done = new Promise<RunRecord | null>((resolve) => {
    child.onExit((code) => {
      if (!record && !failure) failure = `training process exited with code ${code ?? 'null'} before the run ended`;
      rejectId(new Error(failure ?? 'training process exited'));
      resolve(record);
    });
  });
  child.onMessage((raw) => {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return; // a child's malformed output is ignored, never trusted
    const msg = parsed.data;
    if (msg.type === 'started') return resolveId(msg.runId);
    if (msg.type === 'fatal') {
      failure = msg.message;
      rejectId(new Error(msg.message));
      return;
    }
    if (msg.type === 'done') record = msg.record;
    for (const cb of listeners) cb(msg);
  });
  child.send({ type: 'start', job });
  return {
    runId,
    onEvent(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    stop: () => child.send({ type: 'stop' }),
    pause: () => child.send({ type: 'pause' }),
    resume: () => child.send({ type: 'resume' }),
    kill: () => child.kill(),
    done,
    get failure() {
      return failure;
    },
  };
}
