/** The form's text options: carried for text datasets (presets round-trip), left out for the others. */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../src/contract/config.js';
import { isTextDatasetSpec, TEXT_DATASET_SPECS } from '../../src/contract/datasets.js';
import { findPreset } from '../../src/engine/presets.js';
import { DATASET_MODULES } from '../../src/host/data/datasets/registry.js';
import { configToFields, fieldsToInput, validateFields } from '../../renderer/src/lib/config-fields.js';

const DATASETS = [{ spec: 'mnist' }, { spec: 'imdb' }, { spec: 'names' }];

describe('text options in the config form', () => {
  it('a text preset keeps its tokenisation through the form', () => {
    const config = runConfigSchema.parse(findPreset('imdb-quick')?.config);
    const fields = configToFields(config, DATASETS);
    expect(fields).toMatchObject({ tokenize: 'word', textVocabSize: '5000', maxLen: '120', truncate: 'start' });
    expect(validateFields(fields).config).toEqual(config);
  });

  it('blank fields mean the dataset defaults; bad values name the field', () => {
    const fields = configToFields(runConfigSchema.parse({ data: { dataset: 'names' } }), DATASETS);
    expect(fieldsToInput(fields).data).toEqual({ dataset: 'names' });
    expect(validateFields({ ...fields, maxLen: '0' }).errors.find((e) => e.field === 'data.maxLen')?.message).toMatch(/1 to 10000/);
  });

  it('are left out for datasets that are not text', () => {
    const fields = configToFields(runConfigSchema.parse({ data: { dataset: 'mnist' } }), DATASETS);
    expect(fieldsToInput({ ...fields, maxLen: '12', tokenize: 'char' }).data).toEqual({ dataset: 'mnist' });
  });

  it('the contract knows every text dataset of the registry', () => {
    const textModules = DATASET_MODULES.filter((m) => m.info.textDefaults !== undefined).map((m) => m.info.spec);
    expect(textModules.filter((s) => !s.startsWith('csv:'))).toEqual([...TEXT_DATASET_SPECS]);
    for (const s of textModules) expect(isTextDatasetSpec(s), s).toBe(true);
    expect(isTextDatasetSpec('task:last-token')).toBe(false);
  });
});
