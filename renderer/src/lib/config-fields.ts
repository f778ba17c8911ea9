/**
 * The configuration form's fields as plain text / choices, and the pure functions between them and a
 * RunConfig: build the config object, validate it with the contract's schemas (field path → message), and
 * fill the fields back from a config. The reactive form (state/config-form.svelte.ts) wraps these.
 */
import {
  LIMITS,
  fieldErrors,
  runConfigSchema,
  type BackendChoice,
  type Feature,
  type FieldError,
  type RunConfig,
  type RunConfigInput,
} from '../../../src/contract/config.js';
import { isTextDatasetSpec } from '../../../src/contract/datasets.js';

export const CSV_CHOICE = '__csv__';
export const CUSTOM_CHOICE = '__custom__';

export type Optimizer = RunConfig['train']['optimizer'];

export interface FormFields {
  /** A dataset spec offered by the host, CSV_CHOICE or CUSTOM_CHOICE. */
  datasetChoice: string;
  csvPath: string;
  customSpec: string;
  trainLimit: string;
  testLimit: string;
  /** Text datasets: '' = the dataset's default. */
  tokenize: '' | 'word' | 'char';
  textVocabSize: string;
  maxLen: string;
  truncate: '' | 'start' | 'end';
  embeddingSize: string;
  hidden: string;
  layers: string;
  bidirectional: boolean;
  batchFirst: boolean;
  dropout: string;
  feature: Feature;
  optimizer: Optimizer;
  lr: string;
  batch: string;
  epochs: string;
  maxSteps: string;
  evalEvery: string;
  seed: string;
  backend: BackendChoice;
}

/** Parses a numeric text field; blank → undefined (optional) or NaN (required, so the schema names the range). */
export function parseNumber(text: string, optional: boolean): number | undefined {
  const t = text.trim();
  if (t === '') return optional ? undefined : Number.NaN;
  return Number(t);
}

/** "1–4,096" for a LIMITS entry (hints next to inputs). */
export function rangeHint(name: keyof typeof LIMITS): string {
  const [lo, hi] = LIMITS[name];
  return `${lo}–${hi.toLocaleString('en-US')}`;
}

/** Does a dataset spec feed tokens (embedding) rather than feature vectors? */
export function isTokenDataset(spec: string): boolean {
  return !(spec === 'mnist' || spec.startsWith('idx:'));
}

export function datasetSpecOf(f: Pick<FormFields, 'datasetChoice' | 'csvPath' | 'customSpec'>): string {
  if (f.datasetChoice === CSV_CHOICE) return `csv:${f.csvPath.trim()}`;
  if (f.datasetChoice === CUSTOM_CHOICE) return f.customSpec.trim();
  return f.datasetChoice;
}

/** The raw config object the fields stand for (not yet validated). */
export function fieldsToInput(f: FormFields): RunConfigInput {
  const spec = datasetSpecOf(f);
  const model: Record<string, unknown> = {
    hidden: parseNumber(f.hidden, false),
    layers: parseNumber(f.layers, false),
    bidirectional: f.bidirectional,
    batchFirst: f.batchFirst,
    dropout: parseNumber(f.dropout, false),
    feature: f.feature,
  };
  if (isTokenDataset(spec)) model.embeddingSize = parseNumber(f.embeddingSize, false);
  const data: Record<string, unknown> = { dataset: spec };
  const trainLimit = parseNumber(f.trainLimit, true);
  const testLimit = parseNumber(f.testLimit, true);
  if (trainLimit !== undefined) data.trainLimit = trainLimit;
  if (testLimit !== undefined) data.testLimit = testLimit;
  if (isTextDatasetSpec(spec)) {
    if (f.tokenize !== '') data.tokenize = f.tokenize;
    if (f.truncate !== '') data.truncate = f.truncate;
    const vocabSize = parseNumber(f.textVocabSize, true);
    const maxLen = parseNumber(f.maxLen, true);
    if (vocabSize !== undefined) data.vocabSize = vocabSize;
    if (maxLen !== undefined) data.maxLen = maxLen;
  }
  const train: Record<string, unknown> = {
    optimizer: f.optimizer,
    lr: parseNumber(f.lr, false),
    batch: parseNumber(f.batch, false),
    epochs: parseNumber(f.epochs, false),
    evalEvery: parseNumber(f.evalEvery, false),
    seed: parseNumber(f.seed, false),
    backend: f.backend,
  };
  const maxSteps = parseNumber(f.maxSteps, true);
  if (maxSteps !== undefined) train.maxSteps = maxSteps;
  return { model, data, train } as RunConfigInput;
}

export interface Validation {
  /** The validated config, or null while any field is invalid. */
  config: RunConfig | null;
  /** Every problem, schema errors and form-only checks, by dotted field path. */
  errors: FieldError[];
}

/** Validates the fields with the contract's runConfigSchema plus the form's own checks (empty CSV path…). */
export function validateFields(f: FormFields): Validation {
  const errors: FieldError[] = [];
  if (f.datasetChoice === CSV_CHOICE && f.csvPath.trim() === '')
    errors.push({ field: 'data.dataset', message: 'enter the path of a CSV file (text,label per line)' });
  if (f.datasetChoice === CUSTOM_CHOICE && f.customSpec.trim() === '')
    errors.push({ field: 'data.dataset', message: 'expected mnist, imdb, names, spam, idx:IMAGES,LABELS, task:NAME or csv:PATH' });
  const parsed = runConfigSchema.safeParse(fieldsToInput(f));
  if (!parsed.success) errors.push(...fieldErrors(parsed.error));
  return { config: parsed.success && errors.length === 0 ? parsed.data : null, errors };
}

/** The fields for a full config (a preset or a past run). */
export function configToFields(config: RunConfig, knownDatasets: readonly { spec: string }[]): FormFields {
  const d = config.data.dataset;
  let datasetChoice = d;
  let csvPath = '';
  let customSpec = '';
  if (d.startsWith('csv:')) {
    datasetChoice = CSV_CHOICE;
    csvPath = d.slice(4);
  } else if (!knownDatasets.some((x) => x.spec === d)) {
    datasetChoice = CUSTOM_CHOICE;
    customSpec = d;
  }
  const m = config.model;
  const t = config.train;
  return {
    datasetChoice,
    csvPath,
    customSpec,
    trainLimit: config.data.trainLimit?.toString() ?? '',
    testLimit: config.data.testLimit?.toString() ?? '',
    tokenize: config.data.tokenize ?? '',
    textVocabSize: config.data.vocabSize?.toString() ?? '',
    maxLen: config.data.maxLen?.toString() ?? '',
    truncate: config.data.truncate ?? '',
    embeddingSize: String(m.embeddingSize),
    hidden: String(m.hidden),
    layers: String(m.layers),
    bidirectional: m.bidirectional,
    batchFirst: m.batchFirst,
    dropout: String(m.dropout),
    feature: m.feature,
    optimizer: t.optimizer,
    lr: String(t.lr),
    batch: String(t.batch),
    epochs: String(t.epochs),
    maxSteps: t.maxSteps?.toString() ?? '',
    evalEvery: String(t.evalEvery),
    seed: String(t.seed),
    backend: t.backend,
  };
}

/** Field paths that have a control in the form (errors for others go to the banner). */
export const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'data.dataset',
  'data.trainLimit',
  'data.testLimit',
  'data.tokenize',
  'data.vocabSize',
  'data.maxLen',
  'data.truncate',
  'model.embeddingSize',
  'model.hidden',
  'model.layers',
  'model.bidirectional',
  'model.batchFirst',
  'model.dropout',
  'model.feature',
  'train.optimizer',
  'train.lr',
  'train.batch',
  'train.epochs',
  'train.maxSteps',
  'train.evalEvery',
  'train.seed',
  'train.backend',
]);
