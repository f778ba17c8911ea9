/**
 * The training child process. Works under node's child_process.fork (process.send / 'message') and Electron's
 * utilityProcess.fork (process.parentPort). Every command is validated; everything sent back is a WorkerMessage.
 * One job per process: the process exits when the run has ended.
 */
import { workerCommandSchema, type WorkerMessage } from './run-job.js';
import { CommandControl } from './run-control.js';
import { executeRun } from './execute-run.js';

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

let lastSend: Promise<void> = Promise.resolve();

function send(msg: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(msg);
  else if (process.connected) lastSend = new Promise((resolve) => process.send?.(msg, () => resolve()));
}

function onCommand(cb: (raw: unknown) => void): void {
  if (parentPort) parentPort.on('message', (e) => cb(e.data));
  else process.on('message', cb);
}

/** Leaves once the last message has been handed to the parent. */
function exit(code: number): void {
  void lastSend.then(() => process.exit(code));
}

const control = new CommandControl();
let started = false;
let runId: string | null = null;

onCommand((raw) => {
  const parsed = workerCommandSchema.safeParse(raw);
  if (!parsed.success) {
    send({ type: 'fatal', runId, message: `worker: invalid command: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    return;
  }
  const cmd = parsed.data;
  switch (cmd.type) {
    case 'stop':
      control.requestStop();
      return;
    case 'pause':
      control.requestPause();
      return;
    case 'resume':
      control.requestResume();
      return;
    case 'start':
      if (started) {
        send({ type: 'fatal', runId, message: 'worker: a job is already running in this process' });
        return;
      }
      started = true;
      executeRun(cmd.job, {
        control,
        onEvent: send,
        onStarted: (id) => {
          runId = id;
          send({ type: 'started', runId: id });
        },
      }).then(
        () => exit(0),
        (e: unknown) => {
          send({ type: 'fatal', runId, message: e instanceof Error ? e.message : String(e) });
          exit(1);
        },
      );
  }
});

process.on('uncaughtException', (e) => {
  send({ type: 'fatal', runId, message: `worker crashed: ${e.message}` });
  exit(1);
});
