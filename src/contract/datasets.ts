/**
 * What the studio says about each dataset it offers (CLI `lstm-studio datasets`, `getInfo().datasets`, the UI's
 * dataset card): where it comes from, its licence, its size and its class balance, and for text datasets the
 * tokenisation it uses when the config leaves the text options out.
 */
import { z } from 'zod';
import { TOKENIZE_MODES, TRUNCATE_MODES } from './config.js';

export const textDefaultsSchema = z.object({
  tokenize: z.enum(TOKENIZE_MODES),
  vocabSize: z.number().int(),
  maxLen: z.number().int(),
  truncate: z.enum(TRUNCATE_MODES),
});
export type TextDefaults = z.infer<typeof textDefaultsSchema>;

export const datasetInfoSchema = z.object({
  /** The spec to put in the config (`imdb`, `task:last-token`, `csv:PATH`). */
  spec: z.string(),
  name: z.string(),
  description: z.string(),
  /** Where the data comes from (package, URL or "generated"). */
  source: z.string().optional(),
  licence: z.string().optional(),
  /** Samples and file size, in words ("50,000 reviews, 63 MB JSON"). */
  size: z.string().optional(),
  /** Class balance in words ("25,000 positive / 25,000 negative"). */
  balance: z.string().optional(),
  /** How the train/test split is made. */
  split: z.string().optional(),
  /** Text datasets: the tokenisation used when the config sets none. */
  textDefaults: textDefaultsSchema.optional(),
});
export type DatasetInfo = z.infer<typeof datasetInfoSchema>;

/** The packaged text datasets (the registry's modules with text defaults; a test keeps the two in step). */
export const TEXT_DATASET_SPECS = ['imdb', 'names', 'spam'] as const;

/** Whether the text options (tokenize, vocabSize, maxLen, truncate) apply to a dataset spec. */
export function isTextDatasetSpec(spec: string): boolean {
  const s = spec.trim().toLowerCase();
  return s.startsWith('csv:') || (TEXT_DATASET_SPECS as readonly string[]).includes(s);
}
