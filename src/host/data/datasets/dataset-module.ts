/**
 * One dataset behind the registry (registry.ts): what it says about itself (`info`), which specs it answers
 * (`claims`, cheap and without I/O), and how it loads (`load`, every failure a DatasetError naming the file).
 */
import type { DatasetInfo } from '../../../contract/datasets.js';
import type { Dataset } from '../../../engine/data/dataset.js';
import type { TextOptions } from '../../../engine/data/text-tokens.js';

export interface LoadContext {
  /** Folder that relative paths in the spec are resolved against. */
  cwd: string;
  /** The text options the config sets (each text dataset fills the rest from its defaults). */
  text: Partial<TextOptions>;
  /** Where tokenised text datasets are cached (null: no cache). */
  cacheDir: string | null;
}

export interface DatasetModule {
  info: DatasetInfo;
  /** The entries a listing shows, when one module answers several specs (the token tasks); default [info]. */
  listed?: readonly DatasetInfo[];
  /** Whether `spec` (trimmed) names this dataset. */
  claims(spec: string): boolean;
  load(spec: string, ctx: LoadContext): Promise<Dataset>;
}

/** The text options of a load: the config's over the dataset's defaults. */
export function textOptionsOf(info: DatasetInfo, ctx: LoadContext): TextOptions {
  const d = info.textDefaults;
  if (d === undefined) throw new Error(`${info.spec} has no text defaults`);
  return {
    tokenize: ctx.text.tokenize ?? d.tokenize,
    vocabSize: ctx.text.vocabSize ?? d.vocabSize,
    maxLen: ctx.text.maxLen ?? d.maxLen,
    truncate: ctx.text.truncate ?? d.truncate,
  };
}
