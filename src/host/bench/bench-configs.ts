/** The bench's two model configurations: the seed's MNIST model and the seed's text model ("bi2"). */
import type { Feature } from '../../contract/config.js';

export interface BenchConfig {
  name: 'seed-mnist' | 'bi2';
  batch: number;
  seqLen: number;
  /** Dense features per step (0 for tokens). */
  inputSize: number;
  vocabSize?: number;
  embeddingSize?: number;
  hidden: number;
  layers: number;
  bidirectional: boolean;
  numClasses: number;
  /** The studio's head (tf.layers reads the last output, which is h_n for its single direction). */
  feature: Feature;
  optimizer: 'sgd' | 'adam';
  lr: number;
}

export const BENCH_CONFIGS: readonly BenchConfig[] = [
  {
    name: 'seed-mnist', batch: 32, seqLen: 28, inputSize: 28, hidden: 100, layers: 1, bidirectional: false, numClasses: 10,
    feature: 'output_step', optimizer: 'sgd', lr: 0.01,
  },
  {
    name: 'bi2', batch: 64, seqLen: 20, inputSize: 0, vocabSize: 300, embeddingSize: 256, hidden: 128, layers: 2, bidirectional: true,
    numClasses: 2, feature: 'hidden_concat', optimizer: 'adam', lr: 0.001,
  },
];
