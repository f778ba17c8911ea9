/**
 * The training child process. Works under node's child_process.fork (process.send / 'message' /
 * 'disconnect') and Electron's utilityProcess.fork (process.parentPort). Everything else — validated commands,
 * the acknowledged last message, noticing the host's death — is in worker-session.ts; the heartbeat thread
 * (heartbeat-thread.ts) keeps the run's heartbeat fresh and kills an orphan whose loop is blocked.
 * One job per process: the process exits when the run has ended.
 */
import { executeRun } from './execute-run.js';
import type { WorkerMessage } from './run-job.js';
import { startHeartbeatThread } from './heartbeat-thread.js';
import { watchParent } from './parent-watch.js';
import { startWorkerSession } from './worker-session.js';

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const parentPid = process.ppid;

// The host may be gone: a broken stderr pipe must not crash the child before it has saved its run.
process.stderr.on('error', () => undefined);

const heartbeat = startHeartbeatThread({ parentPid });

const session = startWorkerSession({
  port: {
    send(msg: WorkerMessage) {
      if (parentPort) parentPort.postMessage(msg);
      // A send to a host that just died fails: ignore it (with no callback it would be thrown); the parent
      // watch notices the death and the run ends `interrupted`.
      else if (process.connected) process.send?.(msg, undefined, {}, () => undefined);
    },
    onCommand(cb) {
      if (parentPort) parentPort.on('message', (e) => cb(e.data));
      else process.on('message', cb);
    },
    exit: (code) => process.exit(code),
  },
  execute: executeRun,
  heartbeat,
  watchParent: (onGone) => {
    watchParent({ parentPid, ...(parentPort ? {} : { onDisconnect: (cb) => process.once('disconnect', cb) }) }, onGone);
  },
});

process.on('uncaughtException', (e) => session.crash(e));
