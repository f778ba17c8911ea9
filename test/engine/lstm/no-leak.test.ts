import { describe, expect, it } from 'vitest';
import * as tf from '../../../src/engine/tfjs.js';
import type { DenseSplit } from '../../../src/engine/data/dataset.js';
import { makeTokenTask } from '../../../src/engine/data/token-tasks.js';
import { kernelHeap } from '../../../src/engine/kernels/wasm-heap.js';
import { setLstmImplementation } from '../../../src/engine/lstm/lstm-direction.js';
import { SequenceClassifier } from '../../../src/engine/model/classifier.js';
import { Trainer } from '../../../src/engine/train/trainer.js';
import { trainConfigSchema } from '../../../src/contract/config.js';
import { Rng } from '../../../src/engine/rng.js';
import { selectBackend } from '../../../src/host/backend/backends.js';

const STEPS = 300;

function dense(count: number): DenseSplit {
  const rng = new Rng(5);
  return {
    kind: 'dense', count, seqLen: 7, inputSize: 6, scale: 1,
    x: Float32Array.from({ length: count * 42 }, () => rng.next()),
    y: Int32Array.from({ length: count }, () => rng.int(3)),
  };
}

describe.each(['wasm', 'cpu'] as const)(`no leaks over ${STEPS} training steps on %s`, (backend) => {
  it.each(['kernel', 'ops'] as const)('%s path: tensor count and kernel memory stay flat (dense, output_step, sgd)', async (impl) => {
    await selectBackend(backend);
    setLstmImplementation(impl);
    const split = dense(64);
    const model = new SequenceClassifier(
      { inputSize: 6, hiddenSize: 5, numLayers: 2, bidirectional: true, batchFirst: true, dropout: 0.1, feature: 'output_step', numClasses: 3 },
      1,
    );
    const trainer = new Trainer(model, split, split, trainConfigSchema.parse({ optimizer: 'sgd', lr: 0.05, batch: 8, epochs: 1000 }));
    for (let i = 0; i < 5; i++) trainer.step();
    const tensors = tf.memory().numTensors;
    const heapUsed = kernelHeap()!.used;
    const counts: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const { loss } = trainer.step();
      expect(Number.isFinite(loss)).toBe(true);
      if (i % 50 === 0) counts.push(tf.memory().numTensors);
    }
    expect(counts.every((c) => c === tensors)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(kernelHeap()!.used).toBe(heapUsed);
    trainer.evaluate();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(kernelHeap()!.used).toBe(heapUsed);
    trainer.dispose();
    model.dispose();
    setLstmImplementation('auto');
  });

  it('kernel path with padded token batches (embedding, masks, hidden_concat, adam)', async () => {
    await selectBackend(backend);
    const task = makeTokenTask('padded-last', { trainCount: 64, testCount: 16, seqLen: 9 });
    const model = new SequenceClassifier(
      { inputSize: 0, vocabSize: task.vocabSize, embeddingSize: 6, hiddenSize: 5, numLayers: 2, bidirectional: true, batchFirst: false, dropout: 0, feature: 'hidden_concat', numClasses: task.numClasses },
      2,
    );
    const trainer = new Trainer(model, task.train, task.test, trainConfigSchema.parse({ optimizer: 'adam', lr: 0.01, batch: 8, epochs: 1000 }));
    for (let i = 0; i < 5; i++) trainer.step();
    const tensors = tf.memory().numTensors;
    const heapUsed = kernelHeap()!.used;
    for (let i = 0; i < STEPS; i++) trainer.step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(kernelHeap()!.used).toBe(heapUsed);
    trainer.dispose();
    model.dispose();
  });
});
