import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src/engine/tfjs.js';
import type { DenseSplit } from '../../../src/engine/data/dataset.js';
import { makeTokenTask } from '../../../src/engine/data/token-tasks.js';
import { SequenceClassifier, type ClassifierConfig } from '../../../src/engine/model/classifier.js';
import { optimizerState, restoreOptimizerState } from '../../../src/engine/train/optimizer.js';
import { batchesPerEpoch, plannedSteps, Trainer } from '../../../src/engine/train/trainer.js';
import { trainConfigSchema } from '../../../src/contract/config.js';
import { selectBackend } from '../../../src/host/backend/backends.js';

const task = makeTokenTask('last-token', { trainCount: 96, testCount: 32, seqLen: 10 });
const modelCfg = (over: Partial<ClassifierConfig> = {}): ClassifierConfig => ({
  inputSize: 0, vocabSize: task.vocabSize, embeddingSize: 8, hiddenSize: 8, numLayers: 2, bidirectional: true,
  batchFirst: true, dropout: 0.2, feature: 'hidden_concat', numClasses: task.numClasses, ...over,
});
const train = trainConfigSchema.parse({ optimizer: 'adam', lr: 0.01, batch: 16, epochs: 2, seed: 3 });

function weights(m: SequenceClassifier): number[][] {
  return m.namedParameters().map(([, v]) => Array.from(v.dataSync()));
}

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('Trainer', () => {
  it('plans epochs × full batches (the last partial batch dropped), capped by maxSteps', () => {
    expect(batchesPerEpoch(100, 32)).toBe(3);
    expect(batchesPerEpoch(10, 32)).toBe(1);
    expect(plannedSteps(100, { batch: 32, epochs: 2, maxSteps: undefined })).toBe(6);
    expect(plannedSteps(100, { batch: 32, epochs: 2, maxSteps: 4 })).toBe(4);
  });

  it('is deterministic, dropout included: same seed ⇒ identical losses and weights', () => {
    const run = () => {
      const m = new SequenceClassifier(modelCfg(), 1);
      const t = new Trainer(m, task.train, task.test, train);
      const losses = Array.from({ length: 8 }, () => t.step().loss);
      const w = weights(m);
      t.dispose();
      m.dispose();
      return { losses, w };
    };
    const a = run();
    const b = run();
    expect(a.losses).toEqual(b.losses);
    expect(a.w).toEqual(b.w);
  });

  it('resuming from a saved state (weights, Adam slots, data position) continues exactly as an uninterrupted run', async () => {
    const straight = new SequenceClassifier(modelCfg({ dropout: 0 }), 1);
    const ts = new Trainer(straight, task.train, task.test, train);
    for (let i = 0; i < 9; i++) ts.step();
    const finalStraight = weights(straight);

    const first = new SequenceClassifier(modelCfg({ dropout: 0 }), 1);
    const t1 = new Trainer(first, task.train, task.test, train);
    for (let i = 0; i < 5; i++) t1.step(); // crosses nothing yet; 6 batches per epoch
    const state = t1.state;
    const slots = await optimizerState(t1.optimizer);
    const saved = weights(first);

    const second = new SequenceClassifier(modelCfg({ dropout: 0 }), 99);
    second.namedParameters().forEach(([, v], i) => v.assign(tf.tensor(saved[i], v.shape)));
    const t2 = new Trainer(second, task.train, task.test, train, state);
    await restoreOptimizerState(t2.optimizer, slots);
    for (let i = 0; i < 4; i++) t2.step(); // crosses the epoch boundary at step 6
    const finalResumed = weights(second);
    finalResumed.forEach((w, i) => w.forEach((x, j) => expect(x).toBeCloseTo(finalStraight[i][j], 5)));
    for (const x of [ts, t1, t2]) x.dispose();
    for (const x of [straight, first, second]) x.dispose();
  });

  it('reports a NaN loss instead of crashing when the data holds NaN', () => {
    const split: DenseSplit = { kind: 'dense', count: 4, seqLen: 3, inputSize: 2, x: new Float32Array(24).fill(NaN), scale: 1, y: new Int32Array([0, 1, 0, 1]) };
    const m = new SequenceClassifier({ ...modelCfg({ dropout: 0 }), vocabSize: undefined, inputSize: 2, numClasses: 2 }, 0);
    const t = new Trainer(m, split, split, trainConfigSchema.parse({ batch: 4 }));
    expect(Number.isNaN(t.step().loss)).toBe(true);
    t.dispose();
    m.dispose();
  });

  it('leaks no tensors over many steps and evaluations', () => {
    const m = new SequenceClassifier(modelCfg(), 2);
    const t = new Trainer(m, task.train, task.test, { ...train, epochs: 10 });
    for (let i = 0; i < 5; i++) t.step();
    t.evaluate();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 40; i++) t.step();
    t.evaluate();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
    m.dispose();
  });

  it('learns: last-token accuracy rises well above chance in a few epochs', () => {
    const big = makeTokenTask('last-token', { trainCount: 512, testCount: 128, seqLen: 12 });
    const m = new SequenceClassifier({ ...modelCfg({ dropout: 0, numLayers: 1, bidirectional: false, hiddenSize: 24, embeddingSize: 16 }), numClasses: big.numClasses }, 0);
    const t = new Trainer(m, big.train, big.test, trainConfigSchema.parse({ optimizer: 'adam', lr: 0.02, batch: 32, epochs: 8, seed: 0 }));
    const before = t.evaluate().testAcc;
    while (!t.done) t.step();
    const after = t.evaluate().testAcc;
    expect(after).toBeGreaterThan(Math.max(0.8, before + 0.3));
    t.dispose();
    m.dispose();
  });
});

describe('memory over 1,000 training steps', () => {
  it('the tfjs tensor count after warm-up stays flat', () => {
    const split: DenseSplit = { kind: 'dense', count: 64, seqLen: 4, inputSize: 3, x: Float32Array.from({ length: 64 * 12 }, (_, i) => Math.sin(i)), scale: 1, y: Int32Array.from({ length: 64 }, (_, i) => i % 2) };
    const m = new SequenceClassifier({ inputSize: 3, hiddenSize: 4, numLayers: 1, bidirectional: false, batchFirst: true, dropout: 0, feature: 'hidden_concat', numClasses: 2 }, 0);
    const t = new Trainer(m, split, split, trainConfigSchema.parse({ optimizer: 'adam', lr: 0.01, batch: 8, epochs: 200 }));
    for (let i = 0; i < 10; i++) t.step();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 1000; i++) {
      t.step();
      if (i % 100 === 99) counts.push(tf.memory().numTensors);
    }
    expect(counts).toEqual(Array(10).fill(before));
    t.dispose();
    m.dispose();
  });
});
