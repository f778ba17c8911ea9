/**
 * Comparison overhead: the wall time of a comparison of one variant and of two variants (parallel child
 * processes, via runComparison) in a temporary runs folder, while the host's event-loop delay is sampled —
 * training must never block the process that hosts the UI.
 *
 * The workload is the project's reference comparison (issue 2's done criterion): the seed's 2-layer MNIST
 * model (seed-mnist-2layer: H=100, batch 32, batch_first) with Adam 1e-3, one epoch over `trainLimit` images,
 * evaluated on `testLimit`. Shared machines are noisy (±15 % between identical runs here), so one-variant and
 * two-variant comparisons alternate for `rounds` rounds and the medians are compared; every round is reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compareRequestSchema } from '../../contract/comparison.js';
import type { BackendChoice, Feature } from '../../contract/config.js';
import { findPreset } from '../../engine/presets.js';
import { median } from '../../engine/stats/descriptive.js';
import { runComparison } from '../compare/run-comparison.js';

export const COMPARE_PRESET = 'seed-mnist-2layer';
const OPTIMIZER = 'adam';
const LR = 0.001;

export interface CompareSize {
  /** Training images (one epoch: trainLimit / 32 steps) and evaluation images per run. */
  trainLimit: number;
  testLimit: number;
  /** Alternating rounds of (one variant, two variants). */
  rounds: number;
}

export interface CompareTiming {
  /** Median wall time of a one-variant comparison, s. */
  single_s: number;
  /** Median wall time of a two-variant comparison (two processes side by side), s. */
  pair_s: number;
  /** pair_s / single_s: about 1 when the two runs really run side by side. */
  ratio: number;
  /** 99th percentile of the host's event-loop delay over all comparisons, ms. */
  event_loop_p99_ms: number;
  /** What each cell trains. */
  workload: string;
  /** Every round's wall times, s, in the order run. */
  single_rounds_s: number[];
  pair_rounds_s: number[];
}

export function compareWorkload(size: CompareSize): string {
  return `${COMPARE_PRESET}, ${OPTIMIZER} ${LR}, 1 epoch of ${size.trainLimit} images, ${size.testLimit} test images`;
}

async function timeComparison(variants: Feature[], size: CompareSize, backend: BackendChoice): Promise<number> {
  const preset = findPreset(COMPARE_PRESET);
  if (!preset) throw new Error(`bench: preset ${COMPARE_PRESET} is missing`);
  const dir = mkdtempSync(path.join(tmpdir(), 'lstm-bench-'));
  try {
    const req = compareRequestSchema.parse({
      config: {
        ...preset.config,
        data: { dataset: 'mnist', trainLimit: size.trainLimit, testLimit: size.testLimit },
        train: { ...preset.config.train, optimizer: OPTIMIZER, lr: LR, epochs: 1, backend },
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
  if (!Number.isInteger(size.rounds) || size.rounds < 1) throw new Error(`bench: rounds must be a positive integer, got ${size.rounds}`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const singles: number[] = [];
  const pairs: number[] = [];
  try {
    for (let r = 1; r <= size.rounds; r++) {
      onProgress?.(`comparison round ${r}/${size.rounds}: one variant…`);
      singles.push(await timeComparison(['hidden_concat'], size, backend));
      onProgress?.(`comparison round ${r}/${size.rounds}: two variants in parallel…`);
      pairs.push(await timeComparison(['output_step', 'hidden_concat'], size, backend));
    }
    const single = median(singles);
    const pair = median(pairs);
    return {
      single_s: single,
      pair_s: pair,
      ratio: pair / single,
      event_loop_p99_ms: delay.percentile(99) / 1e6,
      workload: compareWorkload(size),
      single_rounds_s: singles,
      pair_rounds_s: pairs,
    };
  } finally {
    delay.disable();
  }
}
