/**
 * The bench's reference: the same classifier built with tfjs-layers (tf.layers.lstm), trained with the same
 * optimizer and loss, so the studio's fused LSTM is compared with what tfjs itself offers.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '../../engine/tfjs.js';
import { crossEntropy } from '../../engine/model/classifier.js';
import { makeOptimizer } from '../../engine/train/optimizer.js';
import type { BenchConfig } from './bench-configs.js';
import type { StepRunner } from './step-timing.js';

export function layersModel(c: BenchConfig): tfl.LayersModel {
  const m = tfl.sequential();
  if (c.vocabSize) {
    m.add(tfl.layers.embedding({ inputDim: c.vocabSize, outputDim: c.embeddingSize!, inputLength: c.seqLen }));
  }
  for (let k = 0; k < c.layers; k++) {
    const last = k === c.layers - 1;
    const lstm = (extra: Record<string, unknown>) => tfl.layers.lstm({ units: c.hidden, returnSequences: !last, recurrentInitializer: 'glorotUniform', ...extra });
    const first = k === 0 && !c.vocabSize ? { inputShape: [c.seqLen, c.inputSize] } : {};
    m.add(c.bidirectional ? tfl.layers.bidirectional({ layer: lstm({}) as unknown as tfl.RNN, mergeMode: 'concat', ...first }) : lstm(first));
  }
  m.add(tfl.layers.dense({ units: c.numClasses }));
  return m;
}

/** A training step of the tf.layers model on one fixed batch (forward, backward, optimizer). */
export function layersStepRunner(c: BenchConfig, x: tf.Tensor, y: tf.Tensor1D): StepRunner {
  const model = layersModel(c);
  const opt = makeOptimizer(c.optimizer, c.lr);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  return {
    step: () =>
      tf.tidy(() => {
        const cost = opt.minimize(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, y), true, vars);
        return cost ? cost.dataSync()[0] : NaN;
      }),
    dispose: () => {
      opt.dispose();
      model.dispose();
    },
  };
}
