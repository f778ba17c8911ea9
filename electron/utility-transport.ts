/**
 * Training children under Electron: `utilityProcess.fork` (a Node child that Chromium's process model
 * supervises; a crash there never takes the app down). The worker reads commands from `process.parentPort`.
 * Only usable after the app's `ready` event.
 */
import { utilityProcess } from 'electron';
import type { ChildTransport, TransportFactory } from '../src/host/train/fork-run.js';
import { TRAINING_V8_FLAGS } from '../src/host/train/training-v8-flags.js';

export const utilityTransport: TransportFactory = (workerPath: string): ChildTransport => {
  const child = utilityProcess.fork(workerPath, [], {
    serviceName: 'LSTM Studio training',
    stdio: 'inherit',
    execArgv: [...TRAINING_V8_FLAGS],
  });
  return {
    send: (cmd) => child.postMessage(cmd),
    onMessage: (cb) => {
      child.on('message', (message: unknown) => cb(message));
    },
    onExit: (cb) => {
      child.on('exit', (code: number) => cb(code));
    },
    kill: () => {
      child.kill();
    },
  };
};
