/**
 * The run configuration: one zod schema per part, with every field's allowed range.
 * The CLI, the service, the Electron/web hosts and the renderer all validate with these schemas,
 * so a violation always names the field and the range, wherever it was entered.
 */
import { z } from 'zod';

export const FEATURES = ['output_step', 'hidden_concat', 'hidden_last', 'mean_pool'] as const;
export const featureSchema = z.enum(FEATURES);
export type Feature = z.infer<typeof featureSchema>;

export const OPTIMIZERS = ['sgd', 'adam'] as const;
export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export const backendSchema = z.enum(BACKENDS);
export type BackendChoice = z.infer<typeof backendSchema>;

export const LIMITS = {
  inputSize: [1, 4096],
  vocabSize: [2, 1_000_000],
  embeddingSize: [1, 4096],
  hidden: [1, 4096],
  layers: [1, 8],
  dropout: [0, 0.99],
  batch: [1, 4096],
  epochs: [1, 1000],
  maxSteps: [1, 10_000_000],
  evalEvery: [1, 10_000_000],
  seed: [0, 2 ** 31 - 1],
  lr: [1e-8, 10],
  seqLen: [1, 10_000],
  limit: [1, 10_000_000],
  repeats: [1, 100],
  numClasses: [2, 10_000],
  textVocabSize: [3, 1_000_000],
  maxLen: [1, 10_000],
} as const;

/** Text tokenisation: lowercase words (punctuation marks are tokens) or characters. */
export const TOKENIZE_MODES = ['word', 'char'] as const;
/** Which part of a text longer than maxLen is kept: its start or its end. */
export const TRUNCATE_MODES = ['start', 'end'] as const;

const int = (name: keyof typeof LIMITS) => {
  const [lo, hi] = LIMITS[name];
  return z
    .number({ error: `expected an integer from ${lo} to ${hi}` })
    .int({ error: `expected an integer from ${lo} to ${hi}` })
    .min(lo, { error: `expected an integer from ${lo} to ${hi}` })
    .max(hi, { error: `expected an integer from ${lo} to ${hi}` });
};

/** Model: optional embedding → LSTM (PyTorch semantics) → dropout → feature head → linear. */
export const modelConfigSchema = z.strictObject({
  /** Features per time step fed to the LSTM when there is no embedding (MNIST: 28). */
  inputSize: int('inputSize').optional(),
  /** Token vocabulary size; set by token datasets. Enables the embedding layer. */
  vocabSize: int('vocabSize').optional(),
  /** Embedding width for token data (default 64). */
  embeddingSize: int('embeddingSize').default(64),
  /** hidden_size of the LSTM (default 100, as the seed). */
  hidden: int('hidden').default(100),
  /** num_layers (default 1). */
  layers: int('layers').default(1),
  bidirectional: z.boolean().default(false),
  /** batch_first: input/output are [B, T, ·] when true, [T, B, ·] when false. */
  batchFirst: z.boolean().default(true),
  /** Dropout between LSTM layers and before the head, training only, in [0, 0.99]. */
  dropout: z
    .number({ error: 'expected a number from 0 to 0.99' })
    .min(0, { error: 'expected a number from 0 to 0.99' })
    .max(0.99, { error: 'expected a number from 0 to 0.99' })
    .default(0),
  feature: featureSchema.default('hidden_concat'),
});
export type ModelConfig = z.output<typeof modelConfigSchema>;

/**
 * Dataset: `mnist`, `imdb`, `names`, `spam`, `idx:IMAGES,LABELS`, `task:NAME` (seeded token tasks) or
 * `csv:PATH` (text,label). The text options apply to the text datasets (imdb, names, spam, csv:); each dataset
 * has its own defaults (`lstm-studio datasets`).
 */
export const dataConfigSchema = z.strictObject({
  dataset: z
    .string({ error: 'expected mnist, idx:IMAGES,LABELS, task:NAME or csv:PATH' })
    .min(1, { error: 'expected mnist, idx:IMAGES,LABELS, task:NAME or csv:PATH' })
    .refine((s) => !s.includes('\0'), { error: 'must not contain NUL bytes' })
    .default('mnist'),
  trainLimit: int('limit').optional(),
  testLimit: int('limit').optional(),
  /** When set, train + test are pooled and re-split with this seed (same sizes) before the limits. */
  splitSeed: int('seed').optional(),
  /** Text datasets: `word` (lowercase, punctuation split) or `char` tokens. */
  tokenize: z.enum(TOKENIZE_MODES, { error: 'expected word or char' }).optional(),
  /** Text datasets: ids in all, the most frequent training tokens plus <pad> and <unk>. */
  vocabSize: int('textVocabSize').optional(),
  /** Text datasets: longest sequence kept (longer texts are truncated). */
  maxLen: int('maxLen').optional(),
  /** Text datasets: keep the `start` or the `end` of a text longer than maxLen. */
  truncate: z.enum(TRUNCATE_MODES, { error: 'expected start or end (the part of a long text that is kept)' }).optional(),
});
export type DataConfig = z.output<typeof dataConfigSchema>;

const lrSchema = z
  .number({ error: 'expected a finite number > 0 and <= 10' })
  .finite({ error: 'expected a finite number > 0 and <= 10' })
  .gt(0, { error: 'expected a finite number > 0 and <= 10' })
  .max(10, { error: 'expected a finite number > 0 and <= 10' });

export const trainConfigSchema = z.strictObject({
  optimizer: z.enum(OPTIMIZERS).default('sgd'),
  lr: lrSchema.default(0.01),
  batch: int('batch').default(32),
  epochs: int('epochs').default(1),
  /** Stop after this many optimizer steps even if epochs remain. */
  maxSteps: int('maxSteps').optional(),
  /** Evaluate on the test set every N steps (the seed: 500) and at the end. */
  evalEvery: int('evalEvery').default(500),
  seed: int('seed').default(0),
  backend: backendSchema.default('auto'),
});
export type TrainConfig = z.output<typeof trainConfigSchema>;

export const runConfigSchema = z.strictObject({
  model: modelConfigSchema.default(modelConfigSchema.parse({})),
  data: dataConfigSchema.default(dataConfigSchema.parse({})),
  train: trainConfigSchema.default(trainConfigSchema.parse({})),
});
export type RunConfig = z.output<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;

/** A config problem: the dotted field path and what was expected. */
export interface FieldError {
  field: string;
  message: string;
}

/** Turns a zod error into field errors ("train.lr: expected a finite number > 0 and <= 10"). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(root)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseRunConfig(input: unknown): Parsed<RunConfig> {
  const r = runConfigSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrors(r.error) };
}
