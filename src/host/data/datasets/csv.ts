/** `csv:PATH[,TEST_PATH]`: your own CSV text (header `text,label`), with the config's text options. */
import { basename, resolve } from 'node:path';
import { CSV_TEXT_DEFAULTS, makeCsvTextDataset } from '../../../engine/data/csv-text.js';
import { DatasetError } from '../../../engine/data/dataset-error.js';
import { parseDatasetSpec } from '../dataset-spec.js';
import { isFile, readTextFile } from '../read-data-file.js';
import type { DatasetModule } from './dataset-module.js';

export const csv: DatasetModule = {
  info: {
    spec: 'csv:PATH',
    name: 'CSV text',
    description: 'Your own CSV file with the header text,label: lowercase words (punctuation split) or characters, 80/20 train/test split.',
    source: 'your file',
    split: 'a second file (csv:TRAIN,TEST) is the test part; else 80/20, seeded',
    textDefaults: CSV_TEXT_DEFAULTS,
  },
  claims: (spec) => spec.toLowerCase().startsWith('csv:'),
  async load(spec, ctx) {
    const parsed = parseDatasetSpec(spec);
    if (parsed.kind !== 'csv') throw new Error('unreachable: csv module got a non-csv spec');
    const expected = 'a UTF-8 CSV file with the header text,label';
    // A comma separates an optional test file unless the whole text names an existing file.
    const comma = parsed.rest.lastIndexOf(',');
    const split = comma >= 0 && !(await isFile(resolve(ctx.cwd, parsed.rest)));
    const trainPath = split ? parsed.rest.slice(0, comma).trim() : parsed.rest;
    const testPath = split ? parsed.rest.slice(comma + 1).trim() : undefined;
    if (trainPath === '' || testPath === '') {
      throw new DatasetError(`dataset "${spec}"`, 'expected csv:PATH or csv:TRAIN_PATH,TEST_PATH (non-empty paths)');
    }
    const train = { file: trainPath, text: await readTextFile(resolve(ctx.cwd, trainPath), trainPath, expected) };
    const test =
      testPath === undefined ? undefined : { file: testPath, text: await readTextFile(resolve(ctx.cwd, testPath), testPath, expected) };
    return makeCsvTextDataset({ spec: spec.trim(), name: basename(trainPath), train, test, options: ctx.text });
  },
};
