/** Shared by the training tests: a small synthetic dataset, a config that trains on it in 16 steps, temp folders. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runConfigSchema } from '../../../src/contract/config.js';
import type { Dataset, DenseSplit } from '../../../src/engine/data/dataset.js';

function dense(count: number, fill: (i: number) => number): DenseSplit {
  const seqLen = 4;
  const inputSize = 3;
  const x = new Float32Array(count * seqLen * inputSize).map((_, i) => fill(i));
  const y = Int32Array.from({ length: count }, (_, i) => i % 2);
  return { kind: 'dense', count, seqLen, inputSize, x, scale: 1, y };
}

export function dataset(fill: (i: number) => number = (i) => Math.sin(i)): Dataset {
  return { spec: 'test:dense', name: 'dense', description: 'synthetic', kind: 'dense', seqLen: 4, inputSize: 3, vocabSize: 0, numClasses: 2, train: dense(64, fill), test: dense(16, fill) };
}

export const config = runConfigSchema.parse({
  model: { hidden: 6 },
  data: { dataset: 'test:dense' },
  train: { optimizer: 'adam', lr: 0.01, batch: 8, epochs: 2, evalEvery: 4, backend: 'wasm' },
});

export function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'exec-run-'));
}

