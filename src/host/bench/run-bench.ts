/**
 * `lstm-studio bench`: in one process, on one backend, the median time of a full training step (forward, backward,
 * optimizer) of the studio's model and of the same model in tf.layers.lstm, for the seed-mnist and bi2 configs; then
 * a 2-variant comparison against one variant alone (parallel child processes) while the host's event-loop delay
 * is sampled. Speed goals are met here, never in timed tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { compareRequestSchema } from '../../contract/comparison.js';
import type { BackendChoice } from '../../contract/config.js';
import { trainConfigSchema } from '../../contract/config.js';
import type { DenseSplit, Split, TokenSplit } from '../../engine/data/dataset.js';
import { SequenceClassifier } from '../../engine/model/classifier.js';
import { Rng } from '../../engine/rng.js';
import * as tf from '../../engine/tfjs.js';
import { Trainer } from '../../engine/train/trainer.js';
import { selectBackend } from '../backend/backends.js';
import { runComparison } from '../compare/run-comparison.js';
import { BENCH_CONFIGS, type BenchConfig } from './bench-configs.js';
import { layersStepRunner, type StepRunner } from './layers-model.js';

export interface BenchOptions {
  backend: BackendChoice;
  /** Timed steps per model (median taken); default 50. */
  steps: number;
  /** Warm-up steps before timing; default 5. */
  warmup: number;
  /** Comparison size: train samples per run (default 3200) and evaluation samples (default 500). */
  compareTrain: number;
  compareTest: number;
  onProgress?: (line: string) => void;
}

export interface BenchConfigResult {
  name: string;
  studio_ms: number;
  tfjs_layers_ms: number;
  speedup: number;
  tensors_before: number;
  tensors_after: number;
  heap_growth_pct: number;
}

export interface BenchResult {
  backend: string;
  configs: BenchConfigResult[];
  compare: { single_s: number; pair_s: number; ratio: number; event_loop_p99_ms: number };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeSteps(r: StepRunner, steps: number, warmup: number): { ms: number; before: number; after: number; heapPct: number } {
  for (let i = 0; i < warmup; i++) r.step();
  const before = tf.memory().numTensors;
  const heap0 = process.memoryUsage().heapUsed;
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    r.step();
    times.push(performance.now() - t0);
  }
  const after = tf.memory().numTensors;
  const heapPct = (100 * (process.memoryUsage().heapUsed - heap0)) / heap0;
  return { ms: median(times), before, after, heapPct };
}

function syntheticSplit(c: BenchConfig, count: number): Split {
  const rng = new Rng(1);
  const y = Int32Array.from({ length: count }, () => rng.int(c.numClasses));
  if (c.vocabSize) {
    const tokens = Int32Array.from({ length: count * c.seqLen }, () => 1 + rng.int(c.vocabSize! - 1));
    const split: TokenSplit = { kind: 'tokens', count, seqLen: c.seqLen, tokens, lengths: new Int32Array(count).fill(c.seqLen), y };
    return split;
  }
  const x = Float32Array.from({ length: count * c.seqLen * c.inputSize }, () => rng.next());
  const split: DenseSplit = { kind: 'dense', count, seqLen: c.seqLen, inputSize: c.inputSize, x, scale: 1, y };
  return split;
}

function studioRunner(c: BenchConfig): StepRunner {
  const split = syntheticSplit(c, c.batch * 8);
  const model = new SequenceClassifier(
    {
      inputSize: c.inputSize, vocabSize: c.vocabSize, embeddingSize: c.embeddingSize, hiddenSize: c.hidden, numLayers: c.layers,
      bidirectional: c.bidirectional, batchFirst: true, dropout: 0, feature: 'hidden_concat', numClasses: c.numClasses,
    },
    0,
  );
  const trainer = new Trainer(model, split, split, trainConfigSchema.parse({ optimizer: c.optimizer, lr: c.lr, batch: c.batch, epochs: 1000 }));
  return { step: () => trainer.step().loss, dispose: () => (trainer.dispose(), model.dispose()) };
}

function layersRunner(c: BenchConfig): StepRunner {
  const split = syntheticSplit(c, c.batch);
  const x = split.kind === 'tokens' ? tf.tensor2d(split.tokens, [c.batch, c.seqLen], 'int32') : tf.tensor3d(split.x as Float32Array, [c.batch, c.seqLen, c.inputSize]);
  const y = tf.tensor1d(split.y, 'int32');
  const r = layersStepRunner(c, x, y, c.optimizer, c.lr);
  return { step: r.step, dispose: () => (r.dispose(), x.dispose(), y.dispose()) };
}

async function timeComparison(variants: ('output_step' | 'hidden_concat')[], opts: BenchOptions, backend: string): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lstm-bench-'));
  try {
    const req = compareRequestSchema.parse({
      config: {
        model: { hidden: 64 },
        data: { dataset: 'mnist', trainLimit: opts.compareTrain, testLimit: opts.compareTest },
        train: { optimizer: 'adam', lr: 0.002, batch: 32, epochs: 1, evalEvery: 1_000_000, backend },
      },
      variants,
      repeats: 1,
    });
    const t0 = performance.now();
    await runComparison(req, { runsDir: dir, parallel: 2 }).done;
    return (performance.now() - t0) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runBench(opts: BenchOptions): Promise<BenchResult> {
  const info = await selectBackend(opts.backend);
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
      tensors_before: studio.before,
      tensors_after: studio.after,
      heap_growth_pct: round(studio.heapPct),
    });
  }
  opts.onProgress?.('comparison: one variant…');
  const single = await timeComparison(['hidden_concat'], opts, info.name);
  opts.onProgress?.('comparison: two variants in parallel…');
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const pair = await timeComparison(['output_step', 'hidden_concat'], opts, info.name);
  h.disable();
  return {
    backend: info.name,
    configs,
    compare: { single_s: round(single), pair_s: round(pair), ratio: round(pair / single), event_loop_p99_ms: round(h.percentile(99) / 1e6) },
  };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
