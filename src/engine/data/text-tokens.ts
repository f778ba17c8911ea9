/**
 * Tokenisation of text datasets (IMDB, names, spam, CSV): word tokens (lowercase; runs of letters and digits,
 * with inner apostrophes kept, and every punctuation mark its own token) or characters (Unicode code points,
 * case kept). The options say how many ids to keep (`vocabSize`, counting `<pad>` = 0 and `<unk>` = 1), how long
 * a sequence may be (`maxLen`) and which part of a longer text is kept (`truncate`: `start` or `end`).
 */
import type { TOKENIZE_MODES, TRUNCATE_MODES } from '../../contract/config.js';

export type Tokenizer = (typeof TOKENIZE_MODES)[number];
/** `start`: keep the first maxLen tokens (drop the end); `end`: keep the last maxLen tokens (drop the start). */
export type TruncateSide = (typeof TRUNCATE_MODES)[number];

export interface TextOptions {
  tokenize: Tokenizer;
  /** Ids in all, including `<pad>` and `<unk>`: the vocabSize − 2 most frequent training tokens get ids. */
  vocabSize: number;
  /** Longest sequence kept. */
  maxLen: number;
  truncate: TruncateSide;
}

export const PAD_TOKEN = '<pad>';
export const UNK_TOKEN = '<unk>';

const WORD_OR_MARK = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Lowercase word tokens: "Don't stop!" → ["don't", "stop", "!"]. HTML line breaks (`<br />`) count as space. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().replace(/<br\s*\/?>/g, ' ').match(WORD_OR_MARK) ?? [];
}

/** Character tokens (code points, case kept): "Ann" → ["A", "n", "n"]. */
export function charTokens(text: string): string[] {
  return Array.from(text);
}

export function tokenizerOf(kind: Tokenizer): (text: string) => string[] {
  return kind === 'char' ? charTokens : wordTokens;
}

/** The [from, to) range of a `length`-token text that `maxLen` and `truncate` keep. */
export function keptRange(length: number, maxLen: number, truncate: TruncateSide): [number, number] {
  if (length <= maxLen) return [0, length];
  return truncate === 'start' ? [0, maxLen] : [length - maxLen, length];
}
