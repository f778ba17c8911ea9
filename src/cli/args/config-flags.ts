/**
 * Model, data and training flags → a validated RunConfig (preset first, flags override). Every problem names the
 * flag and the allowed range, e.g. `--hidden: expected an integer from 1 to 4096 (got 0)`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type RunConfig, type RunConfigInput, runConfigSchema, fieldErrors } from '../../contract/config.js';
import { findPreset, PRESETS } from '../../engine/presets.js';
import { UsageError } from '../usage-error.js';

type Section = 'model' | 'data' | 'train';
type Kind = 'int' | 'number' | 'string' | 'flag';

/** flag → [section, field, kind] */
const CONFIG_FLAGS: Record<string, [Section, string, Kind]> = {
  'input-size': ['model', 'inputSize', 'int'],
  'embedding-size': ['model', 'embeddingSize', 'int'],
  hidden: ['model', 'hidden', 'int'],
  layers: ['model', 'layers', 'int'],
  dropout: ['model', 'dropout', 'number'],
  feature: ['model', 'feature', 'string'],
  dataset: ['data', 'dataset', 'string'],
  'train-limit': ['data', 'trainLimit', 'int'],
  'test-limit': ['data', 'testLimit', 'int'],
  tokenize: ['data', 'tokenize', 'string'],
  'vocab-size': ['data', 'vocabSize', 'int'],
  'max-len': ['data', 'maxLen', 'int'],
  truncate: ['data', 'truncate', 'string'],
  optimizer: ['train', 'optimizer', 'string'],
  lr: ['train', 'lr', 'number'],
  batch: ['train', 'batch', 'int'],
  epochs: ['train', 'epochs', 'int'],
  'max-steps': ['train', 'maxSteps', 'int'],
  'eval-every': ['train', 'evalEvery', 'int'],
  seed: ['train', 'seed', 'int'],
  backend: ['train', 'backend', 'string'],
};

/** The options parseArgs needs for config flags (commands add their own). */
export const CONFIG_OPTIONS: ParseArgsConfig['options'] = {
  ...Object.fromEntries(Object.keys(CONFIG_FLAGS).map((k) => [k, { type: 'string' as const }])),
  bidirectional: { type: 'boolean' },
  unidirectional: { type: 'boolean' },
  'batch-first': { type: 'boolean' },
  'seq-first': { type: 'boolean' },
  preset: { type: 'string' },
  'runs-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const FIELD_TO_FLAG = new Map(Object.entries(CONFIG_FLAGS).map(([flag, [sec, field]]) => [`${sec}.${field}`, `--${flag}`]));
FIELD_TO_FLAG.set('model.bidirectional', '--bidirectional');
FIELD_TO_FLAG.set('model.batchFirst', '--batch-first/--seq-first');

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Strict argv parsing: unknown flags and stray arguments are usage errors. */
export function parseFlags(
  argv: string[],
  options: ParseArgsConfig['options'],
  allowPositionals = false,
): { values: ParsedValues; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options, strict: true, allowPositionals });
    return { values: r.values as ParsedValues, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

function toValue(flag: string, raw: string, kind: Kind): string | number {
  if (kind === 'string') return raw;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${flag}: expected ${kind === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
  }
  return n;
}

/** Preset (if any) + flags → validated RunConfig. */
export function configFromFlags(values: ParsedValues): { config: RunConfig; preset?: string } {
  const presetName = typeof values.preset === 'string' ? values.preset : undefined;
  const preset = presetName ? findPreset(presetName) : undefined;
  if (presetName && !preset) {
    throw new UsageError(`--preset: unknown preset "${presetName}"; expected one of ${PRESETS.map((p) => p.name).join(', ')}`);
  }
  const input: Record<Section, Record<string, unknown>> = {
    model: { ...(preset?.config.model ?? {}) },
    data: { ...(preset?.config.data ?? {}) },
    train: { ...(preset?.config.train ?? {}) },
  };
  for (const [flag, [section, field, kind]] of Object.entries(CONFIG_FLAGS)) {
    const raw = values[flag];
    if (typeof raw === 'string') input[section][field] = toValue(flag, raw, kind);
  }
  if (values.bidirectional && values.unidirectional) throw new UsageError('--bidirectional and --unidirectional: choose one');
  if (values.bidirectional) input.model.bidirectional = true;
  if (values.unidirectional) input.model.bidirectional = false;
  if (values['batch-first'] && values['seq-first']) throw new UsageError('--batch-first and --seq-first: choose one');
  if (values['batch-first']) input.model.batchFirst = true;
  if (values['seq-first']) input.model.batchFirst = false;
  const parsed = runConfigSchema.safeParse(input as RunConfigInput);
  if (!parsed.success) {
    const lines = fieldErrors(parsed.error).map((fe) => {
      const flag = FIELD_TO_FLAG.get(fe.field) ?? fe.field;
      const got = fe.field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], input);
      return `${flag}: ${fe.message}${got !== undefined ? ` (got ${JSON.stringify(got)})` : ''}`;
    });
    throw new UsageError(lines.join('\n'));
  }
  return { config: parsed.data, preset: presetName };
}

export const CONFIG_HELP = `Model:    --input-size N --embedding-size N --hidden N (1-4096) --layers N (1-8)
          --bidirectional | --unidirectional  --batch-first | --seq-first  --dropout P (0-0.99)
          --feature output_step|hidden_concat|hidden_last|mean_pool
Data:     --dataset mnist | imdb | names | spam | idx:IMAGES,LABELS[,TEST_IMAGES,TEST_LABELS] | task:NAME | csv:PATH
          --train-limit N --test-limit N   (lstm-studio datasets: sources, licences, sizes, balance)
Text:     --tokenize word|char  --vocab-size N (most frequent + <pad>, <unk>)  --max-len N
          --truncate start|end (the part of a longer text kept); for imdb, names, spam and csv: data
Training: --optimizer sgd|adam --lr X --batch N --epochs N --max-steps N --eval-every N --seed N
          --backend auto|tensorflow|wasm|cpu
Other:    --preset NAME (${PRESETS.map((p) => p.name).join(', ')})  --runs-dir DIR  --json`;
