/**
 * Timing of training steps: warm-up (at least `warmup` steps and, unless quick, about a second, so V8 has
 * optimised the JS and tiered the WebAssembly up), then the median of `steps` individually timed steps,
 * with the tfjs tensor count and JS heap before and after the timed steps.
 */
import { median } from '../../engine/stats/descriptive.js';
import * as tf from '../../engine/tfjs.js';

/** One training step (forward, backward, optimizer); returns the loss. */
export interface StepRunner {
  step(): number;
  dispose(): void;
}

export interface StepTiming {
  /** Median wall time of one step, ms. */
  ms: number;
  tensorsBefore: number;
  tensorsAfter: number;
  /** JS heap growth over the timed steps, % of the heap before. */
  heapGrowthPct: number;
}

/** Upper bound on warm-up steps (a slow model's second of warm-up ends sooner). */
const MAX_WARMUP_STEPS = 30;

export function timeSteps(r: StepRunner, steps: number, warmup: { steps: number; ms: number }): StepTiming {
  const start = performance.now();
  for (let i = 0; i < warmup.steps || (performance.now() - start < warmup.ms && i < MAX_WARMUP_STEPS); i++) {
    const loss = r.step();
    if (!Number.isFinite(loss)) throw new Error(`bench: a warm-up step gave a non-finite loss (${loss})`);
  }
  const tensorsBefore = tf.memory().numTensors;
  const heap0 = process.memoryUsage().heapUsed;
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    r.step();
    times.push(performance.now() - t0);
  }
  return {
    ms: median(times),
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    heapGrowthPct: (100 * (process.memoryUsage().heapUsed - heap0)) / heap0,
  };
}
