/**
 * Comparison overhead: the wall time of a comparison of one variant and of two variants (parallel child
 * processes, via runComparison) on a small MNIST config in a temporary runs folder, while the host's
 * event-loop delay is sampled — training must never block the process that hosts the UI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compareRequestSchema } from '../../contract/comparison.js';
import type { BackendChoice, Feature } from '../../contract/config.js';
import { runComparison } from '../compare/run-comparison.js';

export interface CompareSize {
  /** Training samples per run (steps = trainLimit / 32) and evaluation samples. */
  trainLimit: number;
  testLimit: number;
}

export interface CompareTiming {
  single_s: number;
  pair_s: number;
  /** pair_s / single_s: about 1 when the two runs really run side by side. */
  ratio: number;
  /** 99th percentile of the host's event-loop delay over both comparisons, ms. */
  event_loop_p99_ms: number;
}

async function timeComparison(variants: Feature[], size: CompareSize, backend: BackendChoice): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lstm-bench-'));
  try {
    const req = compareRequestSchema.parse({
      config: {
        model: { hidden: 64 },
        data: { dataset: 'mnist', trainLimit: size.trainLimit, testLimit: size.testLimit },
        train: { optimizer: 'adam', lr: 0.002, batch: 32, epochs: 1, evalEvery: 1_000_000, backend },
      },
      variants,
      repeats: 1,
    });
    const t0 = performance.now();
    const result = await runComparison(req, { runsDir: dir, parallel: 2 }).done;
    const failed = result.cells.filter((c) => c.status !== 'completed');
    if (failed.length > 0) {
      throw new Error(`bench: comparison run(s) did not complete: ${failed.map((c) => `${c.variant} ${c.status}`).join(', ')}`);
    }
    return (performance.now() - t0) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function timeComparisons(size: CompareSize, backend: BackendChoice, onProgress?: (line: string) => void): Promise<CompareTiming> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    onProgress?.('comparison: one variant…');
    const single = await timeComparison(['hidden_concat'], size, backend);
    onProgress?.('comparison: two variants in parallel…');
    const pair = await timeComparison(['output_step', 'hidden_concat'], size, backend);
    return { single_s: single, pair_s: pair, ratio: pair / single, event_loop_p99_ms: delay.percentile(99) / 1e6 };
  } finally {
    delay.disable();
  }
}
