/**
 * `lstm-studio bench`: in one process, on one backend, the median time of a full training step (forward,
 * backward, optimizer) of the studio's model and of the same model in tf.layers.lstm, for the seed-mnist and
 * bi2 configs; then a 2-variant comparison against one variant alone (parallel child processes) while the
 * host's event-loop delay is sampled. Speed goals are checked here, never in timed tests.
 */
import { backendSchema, type BackendChoice } from '../../contract/config.js';
import { kernelHeap } from '../../engine/kernels/wasm-heap.js';
import { lstmImplementation } from '../../engine/lstm/lstm-direction.js';
import { selectBackend } from '../backend/backends.js';
import { BENCH_CONFIGS } from './bench-configs.js';
import { layersRunner, studioRunner } from './bench-models.js';
import { timeComparisons, type CompareSize, type CompareTiming } from './compare-timing.js';
import { PLAIN_SIMD_ENV } from '../backend/relaxed-simd.js';
import { timeSteps } from './step-timing.js';

export interface BenchOptions {
  backend: BackendChoice;
  /**
   * Let the LSTM kernel use fused multiply-add (relaxed SIMD: on in Electron and Node ≥ 22, switched on by
   * selectBackend for Node 20), as every training process does. False measures plain SIMD, here and in the
   * comparison's child processes. Only effective before the process's first LSTM kernel use.
   */
  fma: boolean;
  /** Timed steps per model (the median is reported). */
  steps: number;
  /** Warm-up before timing: at least `steps` steps, and up to about `ms` milliseconds. */
  warmup: { steps: number; ms: number };
  compare: CompareSize;
  onProgress?: (line: string) => void;
}

export interface BenchConfigResult {
  name: string;
  /** Median ms per training step: the studio's model, and the same model in tf.layers.lstm. */
  studio_ms: number;
  tfjs_layers_ms: number;
  /** tfjs_layers_ms / studio_ms. */
  speedup: number;
  /** tfjs tensors before and after the studio's timed steps (equal: no leak). */
  tensors_before: number;
  tensors_after: number;
  /** JS heap growth over the studio's timed steps, %. */
  heap_growth_pct: number;
}

export interface BenchResult {
  backend: string;
  /** The studio LSTM's implementation on this backend: the WebAssembly kernel or tfjs ops. */
  lstm: 'kernel' | 'ops';
  /** Whether the kernel's matrix products used fused multiply-add. */
  fma: boolean;
  configs: BenchConfigResult[];
  compare: CompareTiming;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  // Before the first kernel use; the comparison's child processes inherit the choice.
  if (!opts.fma) process.env[PLAIN_SIMD_ENV] = '1';
  const info = await selectBackend(opts.backend);
  const impl = lstmImplementation();
  const configs: BenchConfigResult[] = [];
  for (const c of BENCH_CONFIGS) {
    opts.onProgress?.(`${c.name}: studio LSTM…`);
    const s = studioRunner(c);
    const studio = timeSteps(s, opts.steps, opts.warmup);
    s.dispose();
    opts.onProgress?.(`${c.name}: tf.layers.lstm…`);
    const l = layersRunner(c);
    const layers = timeSteps(l, opts.steps, opts.warmup);
    l.dispose();
    configs.push({
      name: c.name,
      studio_ms: round(studio.ms),
      tfjs_layers_ms: round(layers.ms),
      speedup: round(layers.ms / studio.ms),
      tensors_before: studio.tensorsBefore,
      tensors_after: studio.tensorsAfter,
      heap_growth_pct: round(studio.heapGrowthPct),
    });
  }
  // The comparison's runs use the backend this process resolved (`auto` → the one actually picked).
  const resolved = backendSchema.safeParse(info.name);
  const cmp = await timeComparisons(opts.compare, resolved.success ? resolved.data : opts.backend, opts.onProgress);
  return {
    backend: info.name,
    lstm: impl,
    fma: impl === 'kernel' && (kernelHeap()?.fma ?? false),
    configs,
    compare: {
      single_s: round(cmp.single_s),
      pair_s: round(cmp.pair_s),
      ratio: round(cmp.ratio),
      event_loop_p99_ms: round(cmp.event_loop_p99_ms),
      workload: cmp.workload,
      single_rounds_s: cmp.single_rounds_s.map(round),
      pair_rounds_s: cmp.pair_rounds_s.map(round),
    },
  };
}
