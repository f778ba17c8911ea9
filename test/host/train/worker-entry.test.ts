/**
 * Which file a training child runs: the bundle unless tfjs-node may be used (its own tfjs-core must be the
 * worker's), or the bundle was not built. And, after `npm run build`, the bundle exists and is the default.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../../src/contract/config.js';
import { bundledWorker, MODULE_WORKER, workerEntryFor, type WorkerEntryProbe } from '../../../src/host/train/worker-entry.js';

const BUNDLE = '/app/dist/worker/run-worker.cjs';

function probe(opts: { built: boolean; tfjsNode: boolean }): WorkerEntryProbe {
  return { bundle: BUNDLE, exists: (f) => opts.built && f === BUNDLE, tfjsNodeInstalled: () => opts.tfjsNode };
}

describe('workerEntryFor', () => {
  it.each<[BackendChoice, boolean, string]>([
    ['wasm', false, BUNDLE],
    ['cpu', false, BUNDLE],
    ['wasm', true, BUNDLE],
    ['cpu', true, BUNDLE],
    ['auto', false, BUNDLE],
    ['auto', true, MODULE_WORKER],
    ['tensorflow', false, MODULE_WORKER],
    ['tensorflow', true, MODULE_WORKER],
  ])('backend %s, tfjs-node installed: %s → %s', (backend, tfjsNode, expected) => {
    expect(workerEntryFor(backend, probe({ built: true, tfjsNode }))).toBe(expected);
  });

  it('falls back to the ES-module worker when the bundle was not built', () => {
    for (const backend of ['wasm', 'cpu', 'auto'] as const) {
      expect(workerEntryFor(backend, probe({ built: false, tfjsNode: false }))).toBe(MODULE_WORKER);
    }
  });

  it('after the build, the bundle exists and wasm/cpu runs use it', () => {
    expect(existsSync(bundledWorker()), `${bundledWorker()} is missing: run "npm run build" first`).toBe(true);
    expect(workerEntryFor('wasm')).toBe(bundledWorker());
    expect(workerEntryFor('cpu')).toBe(bundledWorker());
  });
});
