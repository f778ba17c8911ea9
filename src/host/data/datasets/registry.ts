/**
 * The dataset registry: every dataset the studio can load, one module each. A spec goes to the first module
 * that claims it; `describeDatasets` is what the CLI (`lstm-studio datasets`), `getInfo` and the UI list.
 */
import type { DatasetInfo } from '../../../contract/datasets.js';
import { DatasetError } from '../../../engine/data/dataset-error.js';
import { SPEC_FORMS } from '../dataset-spec.js';
import { csv } from './csv.js';
import type { DatasetModule } from './dataset-module.js';
import { idx } from './idx.js';
import { imdb } from './imdb.js';
import { mnist } from './mnist.js';
import { names } from './names.js';
import { spam } from './spam.js';
import { task } from './task.js';

export const DATASET_MODULES: readonly DatasetModule[] = [mnist, imdb, names, spam, task, csv, idx];

/** The module for `spec`; a DatasetError names the spec and the forms expected. */
export function datasetModuleFor(spec: string): DatasetModule {
  const s = spec.trim();
  if (s === '') throw new DatasetError(`dataset "${spec}"`, `is empty (expected ${SPEC_FORMS})`);
  if (s.includes('\0')) throw new DatasetError(`dataset "${spec}"`, 'contains a NUL byte');
  const found = DATASET_MODULES.find((m) => m.claims(s));
  if (found === undefined) throw new DatasetError(`dataset "${spec}"`, `unknown dataset (expected ${SPEC_FORMS})`);
  return found;
}

/** The facts for one spec: its listing entry, or its module's with the spec as given (`csv:my.csv`). */
export function datasetInfoFor(spec: string): DatasetInfo {
  const module = datasetModuleFor(spec);
  const s = spec.trim();
  if (module.listed !== undefined) {
    const entry = module.listed.find((d) => d.spec.toLowerCase() === s.toLowerCase());
    if (entry === undefined) throw new DatasetError(`dataset "${spec}"`, `unknown (expected one of: ${module.listed.map((d) => d.spec).join(', ')})`);
    return entry;
  }
  return module.info.spec.includes(':') ? { ...module.info, spec: s } : module.info;
}

/** Every dataset a UI can offer, with the spec to put in the config and its facts. */
export function describeDatasets(): DatasetInfo[] {
  return DATASET_MODULES.flatMap((m) => [...(m.listed ?? [m.info])]);
}
