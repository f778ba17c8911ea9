/**
 * The studio's model: [embedding] → LSTM → feature head → dropout → linear → logits.
 * The linear layer is sized from the feature width, so the seed's crash with layer_dim = 2 (a head sized
 * for one layer fed cat(h_n) of two) cannot happen. Parameters use PyTorch state_dict names:
 * `embeddings.weight`, `lstm.weight_ih_l0`, …, `fc.weight`, `fc.bias`.
 */
import * as tf from '../tfjs.js';
import type { Feature } from '../../contract/config.js';
import { Rng } from '../rng.js';
import { Lstm, type LstmResult } from '../lstm/lstm.js';
import { Embedding } from './embedding.js';
import { computeFeature, featureWidth } from './features.js';
import { Linear } from './linear.js';

export interface ClassifierConfig {
  /** Dense input features per step (ignored when vocabSize is set). */
  inputSize: number;
  /** Token vocabulary; enables the embedding. */
  vocabSize?: number;
  embeddingSize?: number;
  hiddenSize: number;
  numLayers: number;
  bidirectional: boolean;
  batchFirst: boolean;
  dropout: number;
  feature: Feature;
  numClasses: number;
}

export interface ClassifierInput {
  /** Dense [B, T, D] / [T, B, D] float, or tokens [B, T] / [T, B] int32 (layout follows batchFirst). */
  x: tf.Tensor3D | tf.Tensor2D;
  lengths?: ArrayLike<number>;
}

export interface ClassifierOutput {
  logits: tf.Tensor2D;
  feature: tf.Tensor2D;
  lstm: LstmResult;
}

export class SequenceClassifier {
  readonly embedding: Embedding | null;
  readonly lstm: Lstm;
  readonly fc: Linear;
  readonly featureWidth: number;

  /**
   * `initSeed` decides the initial weights: the LSTM and embedding draw from streams that do not depend on the
   * feature head, so variants of one comparison start from identical LSTM weights.
   */
  constructor(readonly config: ClassifierConfig, initSeed: number) {
    const root = new Rng(initSeed);
    const lstmRng = root.fork(1);
    const embRng = root.fork(2);
    const fcRng = root.fork(3);
    const tokens = config.vocabSize !== undefined && config.vocabSize > 0;
    this.embedding = tokens ? new Embedding(config.vocabSize!, config.embeddingSize ?? 64, embRng) : null;
    const inputSize = tokens ? (config.embeddingSize ?? 64) : config.inputSize;
    this.lstm = new Lstm(
      {
        inputSize,
        hiddenSize: config.hiddenSize,
        numLayers: config.numLayers,
        bidirectional: config.bidirectional,
        batchFirst: config.batchFirst,
        dropout: config.dropout,
      },
      lstmRng,
      'lstm.',
    );
    this.featureWidth = featureWidth(config.feature, this.geometry);
    this.fc = new Linear(this.featureWidth, config.numClasses, fcRng);
  }

  get geometry() {
    return { hiddenSize: this.config.hiddenSize, numLayers: this.config.numLayers, dirs: this.config.bidirectional ? 2 : 1 };
  }

  forward(input: ClassifierInput, training: boolean, dropoutSeed = 0): ClassifierOutput {
    const x = this.embedding ? this.embedding.apply(input.x as tf.Tensor2D) : (input.x as tf.Tensor3D);
    const lstm = this.lstm.apply(x, {
      lengths: input.lengths,
      training,
      dropoutSeed,
      inputGrad: this.embedding !== null,
    });
    let feature = computeFeature(this.config.feature, this.geometry, {
      output: lstm.output,
      hN: lstm.hN,
      batchFirst: this.config.batchFirst,
      lengths: input.lengths,
    });
    if (training && this.config.dropout > 0) {
      feature = tf.dropout(feature, this.config.dropout, undefined, dropoutSeed + 1000) as tf.Tensor2D;
    }
    return { logits: this.fc.apply(feature), feature, lstm };
  }

  /** Every trainable variable by its PyTorch state_dict name, in PyTorch's order. */
  namedParameters(): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    if (this.embedding) out.push(['embeddings.weight', this.embedding.weight]);
    out.push(...this.lstm.params.byName.entries());
    out.push(['fc.weight', this.fc.weight], ['fc.bias', this.fc.bias]);
    return out;
  }

  get paramCount(): number {
    return this.namedParameters().reduce((n, [, v]) => n + v.size, 0);
  }

  get headParamCount(): number {
    return this.fc.paramCount;
  }

  dispose(): void {
    this.embedding?.dispose();
    this.lstm.dispose();
    this.fc.dispose();
  }
}

/** Mean softmax cross-entropy on logits (no softmax before it: the seed's double-softmax bug is not repeated). */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const numClasses = logits.shape[1];
  const logProbs = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(labels, numClasses)), 1);
  return tf.neg(tf.mean(picked)) as tf.Scalar;
}
