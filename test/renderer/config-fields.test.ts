/** The configuration form's validation: the contract's ranges flagged per field, and the round trip config ↔ fields. */
import { describe, expect, it } from 'vitest';
import { runConfigSchema, type RunConfig } from '../../src/contract/config.js';
import {
  CSV_CHOICE,
  CUSTOM_CHOICE,
  configToFields,
  fieldsToInput,
  isTokenDataset,
  rangeHint,
  validateFields,
  type FormFields,
} from '../../renderer/src/lib/config-fields.js';

const DATASETS = [{ spec: 'mnist' }, { spec: 'task:first-token' }];
const defaults = (): FormFields => configToFields(runConfigSchema.parse({}), DATASETS);
const errorOf = (f: FormFields, field: string) => validateFields(f).errors.find((e) => e.field === field)?.message;

describe('config form validation', () => {
  it('accepts the defaults and yields the same config the engine would', () => {
    const v = validateFields(defaults());
    expect(v.errors).toEqual([]);
    expect(v.config).toEqual(runConfigSchema.parse({ data: { dataset: 'mnist' } }));
  });

  it.each([
    ['hidden', '0', 'model.hidden', '1 to 4096'],
    ['hidden', '99999', 'model.hidden', '1 to 4096'],
    ['hidden', 'abc', 'model.hidden', '1 to 4096'],
    ['hidden', '', 'model.hidden', '1 to 4096'],
    ['hidden', '2.5', 'model.hidden', '1 to 4096'],
    ['layers', '9', 'model.layers', '1 to 8'],
    ['dropout', '1', 'model.dropout', '0 to 0.99'],
    ['lr', '0', 'train.lr', '> 0 and <= 10'],
    ['batch', '5000', 'train.batch', '1 to 4096'],
    ['evalEvery', '0', 'train.evalEvery', 'from 1'],
    ['trainLimit', '-3', 'data.trainLimit', 'from 1'],
  ] as const)('flags %s = %j at %s with its range', (key, value, field, range) => {
    const f = { ...defaults(), [key]: value };
    expect(errorOf(f, field)).toContain(range);
    expect(validateFields(f).config).toBeNull();
  });

  it('treats blank optional fields as absent', () => {
    const input = fieldsToInput({ ...defaults(), trainLimit: ' ', maxSteps: '' });
    expect(input.data).not.toHaveProperty('trainLimit');
    expect(input.train).not.toHaveProperty('maxSteps');
  });

  it('asks for a CSV path and for a custom spec when those are chosen', () => {
    expect(errorOf({ ...defaults(), datasetChoice: CSV_CHOICE, csvPath: '  ' }, 'data.dataset')).toMatch(/CSV file/);
    expect(validateFields({ ...defaults(), datasetChoice: CSV_CHOICE, csvPath: '/data/x.csv' }).config?.data.dataset).toBe('csv:/data/x.csv');
    expect(errorOf({ ...defaults(), datasetChoice: CUSTOM_CHOICE, customSpec: '' }, 'data.dataset')).toMatch(/task:NAME/);
  });

  it('sends the embedding size only for token data', () => {
    expect(fieldsToInput(defaults()).model).not.toHaveProperty('embeddingSize');
    expect(fieldsToInput({ ...defaults(), datasetChoice: 'task:first-token', embeddingSize: '16' }).model).toMatchObject({ embeddingSize: 16 });
    expect(isTokenDataset('mnist')).toBe(false);
    expect(isTokenDataset('idx:a,b')).toBe(false);
    expect(isTokenDataset('csv:x')).toBe(true);
  });

  it('round-trips a config through the fields', () => {
    const config: RunConfig = runConfigSchema.parse({
      model: { hidden: 64, layers: 2, bidirectional: true, batchFirst: false, dropout: 0.25, feature: 'output_step' },
      data: { dataset: 'csv:/tmp/a.csv', trainLimit: 100 },
      train: { optimizer: 'adam', lr: 0.001, batch: 16, epochs: 3, maxSteps: 50, evalEvery: 10, seed: 7, backend: 'cpu' },
    });
    const f = configToFields(config, DATASETS);
    expect(f.datasetChoice).toBe(CSV_CHOICE);
    expect(validateFields(f).config).toEqual(config);
    expect(configToFields(runConfigSchema.parse({ data: { dataset: 'idx:a,b' } }), DATASETS).datasetChoice).toBe(CUSTOM_CHOICE);
  });

  it('shows ranges as hints', () => {
    expect(rangeHint('hidden')).toBe('1–4,096');
    expect(rangeHint('layers')).toBe('1–8');
  });
});
