/**
 * Dataset specs as written in configs and on the command line:
 * `mnist`, `idx:TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS]`, `task:NAME`, `csv:PATH[,TEST_PATH]`.
 */
import { DatasetError } from '../../engine/data/dataset-error.js';
import { TOKEN_TASK_NAMES } from '../../engine/data/token-tasks.js';

export type DatasetSpec =
  | { kind: 'mnist' }
  | { kind: 'idx'; trainImages: string; trainLabels: string; testImages?: string; testLabels?: string }
  | { kind: 'task'; name: string }
  /** `rest` is everything after `csv:`; a comma may separate a test file or belong to the path. */
  | { kind: 'csv'; rest: string };

export const SPEC_FORMS =
  'mnist, imdb, names, spam, idx:TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS], task:NAME or csv:PATH';

/** Parses a spec (surrounding blanks ignored); a DatasetError names the spec and the expected forms. */
export function parseDatasetSpec(spec: string): DatasetSpec {
  const s = spec.trim();
  const shown = `dataset "${spec}"`;
  if (s === '') throw new DatasetError(shown, `is empty (expected ${SPEC_FORMS})`);
  if (s.includes('\0')) throw new DatasetError(shown, 'contains a NUL byte');
  if (s.toLowerCase() === 'mnist') return { kind: 'mnist' };
  const colon = s.indexOf(':');
  const prefix = colon < 0 ? '' : s.slice(0, colon).toLowerCase();
  const rest = colon < 0 ? '' : s.slice(colon + 1).trim();
  switch (prefix) {
    case 'idx': {
      const parts = rest.split(',').map((p) => p.trim());
      if ((parts.length !== 2 && parts.length !== 4) || parts.some((p) => p === '')) {
        throw new DatasetError(
          shown,
          'expected idx:TRAIN_IMAGES,TRAIN_LABELS or idx:TRAIN_IMAGES,TRAIN_LABELS,TEST_IMAGES,TEST_LABELS (2 or 4 non-empty paths)',
        );
      }
      const [trainImages, trainLabels, testImages, testLabels] = parts;
      return parts.length === 4
        ? { kind: 'idx', trainImages, trainLabels, testImages, testLabels }
        : { kind: 'idx', trainImages, trainLabels };
    }
    case 'task':
      if (!TOKEN_TASK_NAMES.includes(rest)) {
        throw new DatasetError(shown, `unknown token task "${rest}" (expected one of: ${TOKEN_TASK_NAMES.join(', ')})`);
      }
      return { kind: 'task', name: rest };
    case 'csv':
      if (rest === '') throw new DatasetError(shown, 'expected csv:PATH (a CSV file with the header text,label)');
      return { kind: 'csv', rest };
    default:
      throw new DatasetError(shown, `unknown dataset (expected ${SPEC_FORMS})`);
  }
}
