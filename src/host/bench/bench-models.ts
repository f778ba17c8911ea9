/**
 * The two step runners the bench compares on one config: the studio's SequenceClassifier trained by the
 * Trainer (its real step: batch gather, forward, backward, optimizer), and the same classifier built with
 * tf.layers.lstm, trained with the same optimizer and loss on a batch of the same data.
 */
import * as tf from '../../engine/tfjs.js';
import type { DenseSplit, Split, TokenSplit } from '../../engine/data/dataset.js';
import { SequenceClassifier } from '../../engine/model/classifier.js';
import { Rng } from '../../engine/rng.js';
import { Trainer } from '../../engine/train/trainer.js';
import { trainConfigSchema } from '../../contract/config.js';
import type { BenchConfig } from './bench-configs.js';
import { layersStepRunner } from './layers-model.js';
import type { StepRunner } from './step-timing.js';

/** Random data of the config's shape: pixels in [0, 1) or tokens 1..vocab−1 (full length), random labels. */
export function syntheticSplit(c: BenchConfig, count: number): Split {
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

export function studioRunner(c: BenchConfig): StepRunner {
  const split = syntheticSplit(c, c.batch * 8);
  const model = new SequenceClassifier(
    {
      inputSize: c.inputSize,
      vocabSize: c.vocabSize,
      embeddingSize: c.embeddingSize,
      hiddenSize: c.hidden,
      numLayers: c.layers,
      bidirectional: c.bidirectional,
      batchFirst: true,
      dropout: 0,
      feature: c.feature,
      numClasses: c.numClasses,
    },
    0,
  );
  const trainer = new Trainer(model, split, split, trainConfigSchema.parse({ optimizer: c.optimizer, lr: c.lr, batch: c.batch, epochs: 1000 }));
  return {
    step: () => trainer.step().loss,
    dispose: () => {
      trainer.dispose();
      model.dispose();
    },
  };
}

export function layersRunner(c: BenchConfig): StepRunner {
  const split = syntheticSplit(c, c.batch);
  const x =
    split.kind === 'tokens'
      ? tf.tensor2d(split.tokens, [c.batch, c.seqLen], 'int32')
      : tf.tensor3d(split.x as Float32Array, [c.batch, c.seqLen, c.inputSize]);
  const y = tf.tensor1d(split.y, 'int32');
  const r = layersStepRunner(c, x, y);
  return {
    step: r.step,
    dispose: () => {
      r.dispose();
      tf.dispose([x, y]);
    },
  };
}
