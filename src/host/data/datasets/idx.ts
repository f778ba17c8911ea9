/** `idx:TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS]`: your own IDX image and label files. */
import { basename, resolve } from 'node:path';
import { makeImageDataset, type NamedBytes } from '../../../engine/data/image-dataset.js';
import { parseDatasetSpec } from '../dataset-spec.js';
import { readDataFile } from '../read-data-file.js';
import type { DatasetModule } from './dataset-module.js';

export async function readIdx(cwd: string, path: string, expected: string): Promise<NamedBytes> {
  return { file: path, bytes: await readDataFile(resolve(cwd, path), path, expected) };
}

export const idx: DatasetModule = {
  info: {
    spec: 'idx:TRAIN_IMAGES,TRAIN_LABELS[,TEST_IMAGES,TEST_LABELS]',
    name: 'IDX images',
    description: 'Your own IDX image and label files: each image is read row by row, one row per time step.',
    source: 'your files',
  },
  claims: (spec) => spec.toLowerCase().startsWith('idx:'),
  async load(spec, ctx) {
    const parsed = parseDatasetSpec(spec);
    if (parsed.kind !== 'idx') throw new Error('unreachable: idx module got a non-idx spec');
    const images = 'an IDX image file (count × rows × cols unsigned bytes)';
    const labels = 'an IDX label file (count unsigned bytes)';
    // Read in parallel, but report the first failing file in spec order (not whichever failed first).
    const settled = await Promise.allSettled([
      readIdx(ctx.cwd, parsed.trainImages, images),
      readIdx(ctx.cwd, parsed.trainLabels, labels),
      parsed.testImages === undefined ? undefined : readIdx(ctx.cwd, parsed.testImages, images),
      parsed.testLabels === undefined ? undefined : readIdx(ctx.cwd, parsed.testLabels, labels),
    ]);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [trainImages, trainLabels, testImages, testLabels] = settled.map((r) => (r as PromiseFulfilledResult<NamedBytes | undefined>).value);
    if (trainImages === undefined || trainLabels === undefined) throw new Error('unreachable: the train files are always read');
    const name = basename(parsed.trainImages);
    const description = `Images from ${name}, read row by row as time steps${testImages === undefined ? '; the last 1/6 is the test part' : ''}.`;
    return makeImageDataset({ spec: spec.trim(), name, description, trainImages, trainLabels, testImages, testLabels });
  },
};
