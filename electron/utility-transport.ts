/**
 * Training children under Electron: `utilityProcess.fork` (a Node child that Chromium's process model
 * supervises; a crash there never takes the app down). The worker reads commands from `process.parentPort`.
 * The training V8 flags travel as `--js-flags=…` (js-flags.ts). Only usable after the app's `ready` event.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { ChildTransport, TransportFactory } from '../src/host/train/fork-run.js';
import { TRAINING_V8_FLAGS } from '../src/host/train/training-v8-flags.js';
import { utilityExecArgv } from './js-flags.js';

/** A utility process running `modulePath` with these V8 flags (stdout/stderr inherited). */
function forkUtility(modulePath: string, serviceName: string, v8Flags: readonly string[]): UtilityProcess {
  return utilityProcess.fork(modulePath, [], { serviceName, stdio: 'inherit', execArgv: utilityExecArgv(v8Flags) });
}

/** Children in utility processes with these V8 flags. */
export function utilityTransportWith(v8Flags: readonly string[], serviceName = 'LSTM Studio training'): TransportFactory {
  return (workerPath: string): ChildTransport => {
    const child = forkUtility(workerPath, serviceName, v8Flags);
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
}

/** Training children: the training V8 flags (TRAINING_V8_FLAGS), as `--js-flags`. */
export const utilityTransport: TransportFactory = utilityTransportWith(TRAINING_V8_FLAGS);
