/**
 * Child entry of the desktop self-test (self-test.ts): started like a training child (utilityTransportWith, the
 * same `--js-flags` argument), it reports what V8 in that process was configured with, then exits when the parent
 * answers. Works under Electron's utilityProcess (process.parentPort) and node's fork (process.send).
 */
import { getHeapStatistics } from 'node:v8';

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const report = { type: 'heap', heapSizeLimit: getHeapStatistics().heap_size_limit, execArgv: process.execArgv };

// Never outlive a parent that does not answer.
const leave = setTimeout(() => process.exit(0), 30_000);
const exit = () => {
  clearTimeout(leave);
  process.exit(0);
};
if (parentPort) {
  parentPort.on('message', exit);
  parentPort.postMessage(report);
} else if (process.send) {
  process.on('message', exit);
  process.send(report);
}
