/**
 * Which file a training child process runs. Normally the bundle `dist/worker/run-worker.cjs`
 * (tools/bundle-worker.mjs): one file with tfjs inlined, which starts in about half the CPU time of the
 * ES-module worker. Runs that may use tfjs-node (backend `tensorflow`, or `auto` where tfjs-node is
 * installed) run the ES-module worker `run-worker.js` instead: tfjs-node loads its own tfjs-core, which must
 * be the one the worker uses. The ES-module worker is also the fallback when the bundle was not built.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackendChoice } from '../../contract/config.js';
import { installedNodePackage } from '../backend/tfjs-node-packages.js';
import { packageRoot } from '../service/app-paths.js';

/** The tsc-compiled worker beside this file (dist/src/host/train/run-worker.js in a build). */
export const MODULE_WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-worker.js');

/** The bundled worker of a build. */
export function bundledWorker(root: string = packageRoot()): string {
  return path.join(root, 'dist', 'worker', 'run-worker.cjs');
}

export interface WorkerEntryProbe {
  /** Whether a file exists (default: fs.existsSync). */
  exists(file: string): boolean;
  /** Whether tfjs-node (or tfjs-node-gpu) is installed. */
  tfjsNodeInstalled(): boolean;
  /** The bundle's path (default: bundledWorker()). */
  bundle: string;
}

const defaultProbe = (): WorkerEntryProbe => ({
  exists: existsSync,
  tfjsNodeInstalled: () => installedNodePackage() !== undefined,
  bundle: bundledWorker(),
});

/** The worker file for a run on `backend`. */
export function workerEntryFor(backend: BackendChoice, probe: WorkerEntryProbe = defaultProbe()): string {
  const mayUseTfjsNode = backend === 'tensorflow' || (backend === 'auto' && probe.tfjsNodeInstalled());
  if (mayUseTfjsNode) return MODULE_WORKER;
  return probe.exists(probe.bundle) ? probe.bundle : MODULE_WORKER;
}
