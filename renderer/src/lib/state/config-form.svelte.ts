/**
 * The configuration form as reactive state: every field as the user typed it, the RunConfig it stands for,
 * and each field's problem, validated with the contract's own zod schemas (lib/config-fields.ts) so the form
 * and the engine always agree. Errors returned by the host (`invalid` with field paths) are shown beside their
 * fields until the config changes.
 */
import { FEATURES, OPTIMIZERS, type BackendChoice, type Feature, type FieldError, type RunConfig } from '../../../../src/contract/config.js';
import type { ApiError } from '../../../../src/contract/api.js';
import { isTextDatasetSpec } from '../../../../src/contract/datasets.js';
import {
  CSV_CHOICE,
  CUSTOM_CHOICE,
  KNOWN_FIELDS,
  configToFields,
  datasetSpecOf,
  fieldsToInput,
  isTokenDataset,
  rangeHint,
  validateFields,
  type FormFields,
  type Optimizer,
} from '../config-fields.js';

export { CSV_CHOICE, CUSTOM_CHOICE, FEATURES, OPTIMIZERS, rangeHint };

export class ConfigForm implements FormFields {
  datasetChoice = $state('mnist');
  csvPath = $state('');
  customSpec = $state('');
  trainLimit = $state('');
  testLimit = $state('');
  tokenize = $state<FormFields['tokenize']>('');
  textVocabSize = $state('');
  maxLen = $state('');
  truncate = $state<FormFields['truncate']>('');

  embeddingSize = $state('64');
  hidden = $state('100');
  layers = $state('1');
  bidirectional = $state(false);
  batchFirst = $state(true);
  dropout = $state('0');
  feature = $state<Feature>('hidden_concat');

  optimizer = $state<Optimizer>('sgd');
  lr = $state('0.01');
  batch = $state('32');
  epochs = $state('1');
  maxSteps = $state('');
  evalEvery = $state('500');
  seed = $state('0');
  backend = $state<BackendChoice>('auto');

  /** Preset last applied (recorded with the run). */
  preset = $state<string | null>(null);
  /** Host-side field errors and the exact config they were about. */
  #server = $state<{ snapshot: string; fields: FieldError[] } | null>(null);

  /** The dataset spec the config will carry. */
  datasetSpec = $derived(datasetSpecOf(this));
  tokens = $derived(isTokenDataset(this.datasetSpec));
  /** Whether the text options (tokenize, vocabulary, max length, truncate) apply to the dataset. */
  text = $derived(isTextDatasetSpec(this.datasetSpec));
  #validation = $derived(validateFields(this));

  /** The validated config, or null while any field is invalid. */
  config = $derived(this.#validation.config);

  /** Field path ("model.hidden") → message: the schema's and the form's, then the host's for this exact config. */
  errors = $derived.by((): Record<string, string> => {
    const map: Record<string, string> = {};
    const add = (e: FieldError) => {
      if (!(e.field in map)) map[e.field] = e.message;
    };
    this.#validation.errors.forEach(add);
    const server = this.#server;
    if (server && server.snapshot === JSON.stringify(fieldsToInput(this))) server.fields.forEach(add);
    return map;
  });

  valid = $derived(Object.keys(this.errors).length === 0 && this.config !== null);

  /** Fills every field from a full config (a preset or a past run). */
  load(config: RunConfig, datasets: readonly { spec: string }[], preset: string | null = null): void {
    Object.assign(this, configToFields(config, datasets));
    this.preset = preset;
    this.#server = null;
  }

  /**
   * Records the host's field errors for the current config. `prefix` is stripped from each path
   * ("config." for startRun). Returns the errors that match no field of the form (for a banner).
   */
  setServerErrors(error: ApiError, prefix = 'config.'): FieldError[] {
    const fields = (error.fields ?? []).map((f) => ({
      field: f.field.startsWith(prefix) ? f.field.slice(prefix.length) : f.field,
      message: f.message,
    }));
    this.#server = { snapshot: JSON.stringify(fieldsToInput(this)), fields };
    return fields.filter((f) => !KNOWN_FIELDS.has(f.field));
  }

  /** The message for a field path, if any. */
  error(field: string): string | undefined {
    return this.errors[field];
  }
}
