/**
 * Loads a dataset from its spec through the registry (datasets/registry.ts): MNIST, IMDB, first names,
 * SpamAssassin, IDX image/label files, generated token tasks or CSV text. Text options (tokenize, vocabSize,
 * maxLen, truncate) apply to the text datasets only; the tokenised form of a packaged text dataset is cached.
 * Every failure is a DatasetError naming the file or spec and what was expected.
 */
import type { Dataset } from '../../engine/data/dataset.js';
import { DatasetError } from '../../engine/data/dataset-error.js';
import { limitSplit } from '../../engine/data/batch.js';
import { resplitDataset } from '../../engine/data/resplit.js';
import type { TextOptions } from '../../engine/data/text-tokens.js';
import { SPEC_FORMS } from './dataset-spec.js';
import { datasetModuleFor } from './datasets/registry.js';
import { defaultCacheDir } from './text-cache.js';

export interface LoadDatasetOptions {
  /** Keep only the first N training samples. */
  trainLimit?: number;
  /** Keep only the first N test samples. */
  testLimit?: number;
  /** Folder that relative paths in the spec are resolved against (default: process.cwd()). */
  cwd?: string;
  /** Pool train + test and re-split them with this seed (same sizes) before the limits apply. */
  splitSeed?: number;
  /** Text datasets: tokenisation options over the dataset's defaults. */
  text?: Partial<TextOptions>;
  /** Where tokenised text is cached (default: defaultCacheDir(); null: no cache). */
  cacheDir?: string | null;
}

function checkLimit(value: number | undefined, field: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new DatasetError(field, `${value}: expected a positive integer`);
  }
}

/** The text options set in `text` (undefined values left out). */
function setTextOptions(text: Partial<TextOptions> | undefined): Partial<TextOptions> {
  return Object.fromEntries(Object.entries(text ?? {}).filter(([, v]) => v !== undefined)) as Partial<TextOptions>;
}

/** Loads `spec` (see SPEC_FORMS); the limits keep the first N samples of each split. */
export async function loadDataset(spec: string, opts: LoadDatasetOptions = {}): Promise<Dataset> {
  checkLimit(opts.trainLimit, 'trainLimit');
  checkLimit(opts.testLimit, 'testLimit');
  const module = datasetModuleFor(spec);
  const text = setTextOptions(opts.text);
  const textKeys = Object.keys(text);
  if (textKeys.length > 0 && module.info.textDefaults === undefined) {
    throw new DatasetError(
      `dataset "${spec.trim()}"`,
      `${textKeys.join(', ')}: text options apply to text datasets only (imdb, names, spam, csv:PATH)`,
    );
  }
  const ds = await module.load(spec.trim(), { cwd: opts.cwd ?? process.cwd(), text, cacheDir: opts.cacheDir === undefined ? defaultCacheDir() : opts.cacheDir });
  if (opts.splitSeed !== undefined) return resplitDataset(ds, opts.splitSeed, { train: opts.trainLimit, test: opts.testLimit });
  return {
    ...ds,
    train: opts.trainLimit === undefined ? ds.train : limitSplit(ds.train, opts.trainLimit),
    test: opts.testLimit === undefined ? ds.test : limitSplit(ds.test, opts.testLimit),
  };
}

export { datasetInfoFor, describeDatasets } from './datasets/registry.js';
export { MNIST_DIR_ENV, MNIST_FILES, mnistDir } from './datasets/mnist.js';
export { SPEC_FORMS };
