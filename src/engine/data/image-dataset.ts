/**
 * A dense dataset from IDX image + label files: each image of R rows × C columns is read as R time
 * steps of C features (MNIST: 28 steps × 28 pixels), pixels kept as bytes with scale 1/255.
 */
import type { Dataset, DenseSplit } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { parseIdxImages, parseIdxLabels, type IdxImages } from './idx.js';

/** The bytes of one file and the name to use for it in errors. */
export interface NamedBytes {
  file: string;
  bytes: Uint8Array;
}

export interface ImageDatasetInput {
  spec: string;
  name: string;
  description: string;
  trainImages: NamedBytes;
  trainLabels: NamedBytes;
  /** Test files: both or neither. Without them the last 1/6 of the train files becomes the test split. */
  testImages?: NamedBytes;
  testLabels?: NamedBytes;
}

/** Fraction of the samples held out as test when no test files are given. */
export const HOLD_OUT_FRACTION = 1 / 6;

function readPair(images: NamedBytes, labels: NamedBytes): { img: IdxImages; lab: Uint8Array } {
  const img = parseIdxImages(images.bytes, images.file);
  const lab = parseIdxLabels(labels.bytes, labels.file);
  if (lab.length !== img.count) {
    throw new DatasetError(
      labels.file,
      `holds ${lab.length} labels but ${images.file} holds ${img.count} images (expected one label per image)`,
    );
  }
  return { img, lab };
}

function split(img: IdxImages, lab: Uint8Array, start: number, end: number): DenseSplit {
  const stride = img.rows * img.cols;
  return {
    kind: 'dense',
    count: end - start,
    seqLen: img.rows,
    inputSize: img.cols,
    x: img.pixels.subarray(start * stride, end * stride),
    scale: 1 / 255,
    y: Int32Array.from(lab.subarray(start, end)),
  };
}

function maxLabel(y: Int32Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (y[i] > m) m = y[i];
  return m;
}

/** Builds the dataset, validating every file and the agreement between them (DatasetError otherwise). */
export function makeImageDataset(input: ImageDatasetInput): Dataset {
  const { trainImages, trainLabels, testImages, testLabels } = input;
  if ((testImages === undefined) !== (testLabels === undefined)) {
    const given = (testImages ?? testLabels) as NamedBytes;
    throw new DatasetError(given.file, 'a test image file needs a test label file and vice versa (give both or neither)');
  }
  const train = readPair(trainImages, trainLabels);
  let trainSplit: DenseSplit;
  let testSplit: DenseSplit;
  if (testImages !== undefined && testLabels !== undefined) {
    const test = readPair(testImages, testLabels);
    if (test.img.rows !== train.img.rows || test.img.cols !== train.img.cols) {
      throw new DatasetError(
        testImages.file,
        `images are ${test.img.rows}×${test.img.cols} but ${trainImages.file} holds ${train.img.rows}×${train.img.cols} (expected the same size)`,
      );
    }
    trainSplit = split(train.img, train.lab, 0, train.img.count);
    testSplit = split(test.img, test.lab, 0, test.img.count);
  } else {
    const n = train.img.count;
    if (n < 2) {
      throw new DatasetError(trainImages.file, `holds ${n} image(s); at least 2 are needed to split off a test part`);
    }
    const nTest = Math.max(1, Math.floor(n * HOLD_OUT_FRACTION));
    trainSplit = split(train.img, train.lab, 0, n - nTest);
    testSplit = split(train.img, train.lab, n - nTest, n);
  }
  const numClasses = Math.max(2, maxLabel(trainSplit.y) + 1, maxLabel(testSplit.y) + 1);
  return {
    spec: input.spec,
    name: input.name,
    description: input.description,
    kind: 'dense',
    seqLen: trainSplit.seqLen,
    inputSize: trainSplit.inputSize,
    vocabSize: 0,
    numClasses,
    classNames: Array.from({ length: numClasses }, (_, i) => String(i)),
    train: trainSplit,
    test: testSplit,
  };
}
