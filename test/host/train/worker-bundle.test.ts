/**
 * The bundled worker (dist/worker/run-worker.cjs: tfjs from its ES module builds, tfjs-core's own gradient
 * registrations instead of tfjs-layers) trains exactly like the ES-module worker (tfjs's Node builds, the
 * gradients tfjs-layers registers): same losses at every step, same evaluation, on both kernel backends.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { packageRoot } from '../../../src/host/service/app-paths.js';
import { forkRun, nodeTransport } from '../../../src/host/train/fork-run.js';
import { bundledWorker } from '../../../src/host/train/worker-entry.js';

const BUILT_MODULE_WORKER = path.join(packageRoot(), 'dist', 'src', 'host', 'train', 'run-worker.js');

/** A small MNIST model (dense input) and a token model (embedding: the gather gradient) — both heads. */
const CONFIGS = {
  mnist: {
    model: { hidden: 12, layers: 2, bidirectional: true, feature: 'hidden_concat' as const },
    data: { dataset: 'mnist', trainLimit: 96, testLimit: 40 },
  },
  tokens: {
    model: { hidden: 10, embeddingSize: 8, bidirectional: true, feature: 'output_step' as const },
    data: { dataset: 'task:last-token', trainLimit: 96, testLimit: 40 },
  },
};

async function train(worker: string, backend: 'wasm' | 'cpu', which: keyof typeof CONFIGS) {
  const runsDir = await mkdtemp(path.join(tmpdir(), 'bundle-parity-'));
  try {
    const proc = forkRun(
      { runsDir, config: { ...CONFIGS[which], train: { optimizer: 'adam', lr: 0.01, batch: 16, epochs: 1, evalEvery: 3, backend, seed: 7 } } },
      () => nodeTransport(worker),
    );
    const record = await proc.done;
    expect(record, proc.failure ?? 'no record').not.toBeNull();
    const metrics = await new RunStore(runsDir).readMetrics(record!.id);
    return { record: record!, metrics: metrics.records };
  } finally {
    await rm(runsDir, { recursive: true, force: true });
  }
}

describe('bundled training worker', () => {
  it('is built, and carries no copy of tfjs-layers', () => {
    for (const f of [bundledWorker(), BUILT_MODULE_WORKER]) expect(existsSync(f), `${f} is missing: run "npm run build" first`).toBe(true);
    // A build that bundled tfjs-layers (~1.4 MB, loaded only for its gradient registrations) would name its LayersModel.
    expect(readFileSync(bundledWorker(), 'utf8')).not.toContain('LayersModel');
  });

  it.each([
    ['mnist', 'wasm'],
    ['mnist', 'cpu'],
    ['tokens', 'wasm'],
  ] as const)('trains %s exactly like the ES-module worker on %s', async (which, backend) => {
    const bundled = await train(bundledWorker(), backend, which);
    const modular = await train(BUILT_MODULE_WORKER, backend, which);
    expect(bundled.record.status).toBe('completed');
    expect(bundled.record.backend.name).toBe(backend);
    const points = (m: typeof bundled.metrics) => m.map((r) => ({ ...r, t: 0 }));
    expect(bundled.metrics.length).toBeGreaterThan(6);
    expect(points(bundled.metrics)).toEqual(points(modular.metrics));
    const { wallMs: _a, ...bundledFinal } = bundled.record.final!;
    const { wallMs: _b, ...modularFinal } = modular.record.final!;
    expect(bundledFinal).toEqual(modularFinal);
  });
});
