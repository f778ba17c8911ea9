/**
 * Named presets. `seed-*` reproduce the well-known PyTorch blog post's configurations exactly
 * (so their weaknesses are visible); the others are what we recommend.
 */
import type { RunConfigInput } from '../contract/config.js';

export interface Preset {
  name: string;
  description: string;
  config: RunConfigInput;
}

const IMDB_QUICK_DESCRIPTION =
  'IMDB in well under a minute on 2 CPU cores: all 25,000 training reviews cut to their first 120 words, vocabulary 5,000, ' +
  'embedding 32 → 1-layer LSTM H=32 → mean over real steps, Adam 1e-2, batch 64, 1 epoch, tested on 5,000 of the 25,000 ' +
  'test reviews. Measured once: 84.3 % test accuracy after 24 s of training (wasm backend, 2 shared cores).';
const IMDB_QUICK_CONFIG: RunConfigInput = {
  model: { embeddingSize: 32, hidden: 32, layers: 1, bidirectional: false, batchFirst: true, dropout: 0, feature: 'mean_pool' },
  data: { dataset: 'imdb', tokenize: 'word', vocabSize: 5000, maxLen: 120, truncate: 'start', testLimit: 5000 },
  train: { optimizer: 'adam', lr: 0.01, batch: 64, epochs: 1, evalEvery: 130 },
};

export const PRESETS: readonly Preset[] = [
  {
    name: 'seed-mnist',
    description:
      "The seed's MNIST model exactly: rows as 28 steps × 28 pixels, H=100, 1 layer, batch 32, SGD lr 0.01, out[:, -1]. " +
      'It learns slowly: PyTorch itself reaches only ~19 % test accuracy after 3 epochs with it.',
    config: {
      model: { hidden: 100, layers: 1, bidirectional: false, batchFirst: true, dropout: 0, feature: 'output_step' },
      data: { dataset: 'mnist' },
      train: { optimizer: 'sgd', lr: 0.01, batch: 32, epochs: 3, evalEvery: 500 },
    },
  },
  {
    name: 'seed-mnist-2layer',
    description:
      "The seed's MNIST model with layer_dim = 2 (where its head, sized for one layer, crashed on cat(h_n)); here the head is sized " +
      'from the feature. With SGD 0.01 it learns slowly; try --optimizer adam --lr 0.001 (~96 % in one epoch in PyTorch).',
    config: {
      model: { hidden: 100, layers: 2, bidirectional: false, batchFirst: true, dropout: 0, feature: 'output_step' },
      data: { dataset: 'mnist' },
      train: { optimizer: 'sgd', lr: 0.01, batch: 32, epochs: 3, evalEvery: 500 },
    },
  },
  {
    name: 'seed-text',
    description:
      "The seed's second model: embedding 256 → 2-layer bidirectional LSTM (H=128) → cat(h_n) → linear, Adam 1e-3, batch 64, " +
      'on the padded-last token task, where padding decides which head works.',
    config: {
      model: { embeddingSize: 256, hidden: 128, layers: 2, bidirectional: true, batchFirst: true, dropout: 0, feature: 'hidden_concat' },
      data: { dataset: 'task:padded-last' },
      train: { optimizer: 'adam', lr: 0.001, batch: 64, epochs: 3, evalEvery: 100 },
    },
  },
  {
    name: 'mnist-fast',
    description: 'A fast MNIST recipe: H=128, 1 layer, Adam 2e-3, batch 32, cat(h_n); over 95 % test accuracy in one epoch.',
    config: {
      model: { hidden: 128, layers: 1, bidirectional: false, batchFirst: true, dropout: 0, feature: 'hidden_concat' },
      data: { dataset: 'mnist' },
      train: { optimizer: 'adam', lr: 0.002, batch: 32, epochs: 1, evalEvery: 500 },
    },
  },
  {
    name: 'tokens-quick',
    description: 'A quick token-task demo: embedding 32 → 1-layer LSTM H=64, Adam 1e-2, on the last-token task (seconds to train).',
    config: {
      model: { embeddingSize: 32, hidden: 64, layers: 1, bidirectional: false, batchFirst: true, dropout: 0, feature: 'hidden_concat' },
      data: { dataset: 'task:last-token' },
      train: { optimizer: 'adam', lr: 0.01, batch: 64, epochs: 2, evalEvery: 50 },
    },
  },
  {
    name: 'imdb-bilstm',
    description:
      "The seed's text model on IMDB: embedding 256 → 2-layer bidirectional LSTM (H=128) → cat(h_n) → linear, Adam 1e-3, batch 64, " +
      'reviews cut to 200 words (keeping the end, as Keras pads), vocabulary 20,000. Anchor: a bidirectional LSTM reaches about ' +
      '85–88 % test accuracy on IMDB in 2 epochs (the Keras IMDB biLSTM example). Slow on a CPU: an hour or more per epoch.',
    config: {
      model: { embeddingSize: 256, hidden: 128, layers: 2, bidirectional: true, batchFirst: true, dropout: 0, feature: 'hidden_concat' },
      data: { dataset: 'imdb', tokenize: 'word', vocabSize: 20_000, maxLen: 200, truncate: 'end' },
      train: { optimizer: 'adam', lr: 0.001, batch: 64, epochs: 2, evalEvery: 200 },
    },
  },
  {
    name: 'imdb-quick',
    description: IMDB_QUICK_DESCRIPTION,
    config: IMDB_QUICK_CONFIG,
  },
  {
    name: 'names-char',
    description:
      'First names, female or male, one character per step (2–15 steps, so most samples are padded): embedding 16 → ' +
      '1-layer bidirectional LSTM H=64 → cat(h_n), Adam 1e-2, batch 64, 3 epochs (measured once: 85.9 % test accuracy in 6 s; the majority class is 56.5 %).',
    config: {
      model: { embeddingSize: 16, hidden: 64, layers: 1, bidirectional: true, batchFirst: true, dropout: 0, feature: 'hidden_concat' },
      data: { dataset: 'names', tokenize: 'char' },
      train: { optimizer: 'adam', lr: 0.01, batch: 64, epochs: 3, evalEvery: 50 },
    },
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
