/**
 * A token dataset from CSV text with the header `text,label`: word tokens (lowercase, punctuation marks as
 * tokens) or characters, a vocabulary built from the training part only (PAD = 0, UNK = 1, then tokens by
 * frequency, ties by code point), class ids from the sorted label strings, sequences truncated (keeping the
 * start or the end) and padded to min(longest training text, maxLen).
 */
import { Rng } from '../rng.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { parseCsv } from './csv-parse.js';
import { TextCorpus } from './text-corpus.js';
import { tokenizerOf, wordTokens, type TextOptions } from './text-tokens.js';

export interface CsvTextOptions extends Partial<TextOptions> {
  /** Seed of the 80/20 train/test split of a single file (default 0). */
  seed?: number;
}

export interface CsvTextInput {
  spec: string;
  name: string;
  /** The training file (or the only file, then split 80/20). */
  train: { file: string; text: string };
  /** An optional separate test file with the same header. */
  test?: { file: string; text: string };
  options?: CsvTextOptions;
}

export const DEFAULT_MAX_SEQ_LEN = 200;
export const DEFAULT_MAX_VOCAB = 20_000;
export const TEST_FRACTION = 0.2;
/** The text options of CSV data when the config leaves them out. */
export const CSV_TEXT_DEFAULTS: TextOptions = { tokenize: 'word', vocabSize: DEFAULT_MAX_VOCAB, maxLen: DEFAULT_MAX_SEQ_LEN, truncate: 'start' };

interface Row {
  text: string;
  label: string;
  line: number;
}

/** Lowercase word tokens (see text-tokens.ts): "Don't stop!" → ["don't", "stop", "!"]. */
export const tokenize = wordTokens;

function readRows(file: string, text: string, tokens: (text: string) => string[]): Row[] {
  const records = parseCsv(text, file);
  if (records.length === 0) throw new DatasetError(file, 'line 1: the file is empty (expected the header "text,label")');
  const header = records[0];
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const textCol = names.indexOf('text');
  const labelCol = names.indexOf('label');
  if (names.length !== 2 || textCol < 0 || labelCol < 0) {
    throw new DatasetError(
      file,
      `line ${header.line}: expected the header "text,label" but found "${header.fields.join(',')}"`,
    );
  }
  const rows: Row[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== 2) {
      throw new DatasetError(file, `line ${r.line}: expected 2 columns (text,label) but found ${r.fields.length}`);
    }
    const body = r.fields[textCol];
    const label = r.fields[labelCol].trim();
    if (body.trim() === '') throw new DatasetError(file, `line ${r.line}: the text is empty`);
    if (label === '') throw new DatasetError(file, `line ${r.line}: the label is empty`);
    if (tokens(body).length === 0) {
      throw new DatasetError(file, `line ${r.line}: the text holds no words (expected letters, digits or marks)`);
    }
    rows.push({ text: body, label, line: r.line });
  }
  if (rows.length === 0) throw new DatasetError(file, 'holds no data rows below the header (expected at least 2)');
  return rows;
}

/** Sorted class names: numerically when every label is a number, otherwise by code point. */
export function sortLabels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  const numeric = unique.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric
    ? unique.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1))
    : unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function option(value: number | undefined, fallback: number, min: number, what: string, spec: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new DatasetError(spec, `${what} ${v}: expected an integer of at least ${min}`);
  return v;
}

/** Builds the dataset; every problem is a DatasetError naming the file and line. */
export function makeCsvTextDataset(input: CsvTextInput): Dataset {
  const opts = input.options ?? {};
  const text: TextOptions = {
    tokenize: opts.tokenize ?? CSV_TEXT_DEFAULTS.tokenize,
    vocabSize: option(opts.vocabSize, CSV_TEXT_DEFAULTS.vocabSize, 3, 'vocabSize', input.spec),
    maxLen: option(opts.maxLen, CSV_TEXT_DEFAULTS.maxLen, 1, 'maxLen', input.spec),
    truncate: opts.truncate ?? CSV_TEXT_DEFAULTS.truncate,
  };
  const seed = option(opts.seed, 0, 0, 'seed', input.spec);
  const tokens = tokenizerOf(text.tokenize);
  const all = readRows(input.train.file, input.train.text, tokens);
  let trainRows: Row[];
  let testRows: Row[];
  if (input.test === undefined) {
    if (all.length < 2) {
      throw new DatasetError(input.train.file, `holds ${all.length} data row; at least 2 are needed to split off a test part`);
    }
    const perm = new Rng(seed).permutation(all.length);
    const nTest = Math.max(1, Math.round(all.length * TEST_FRACTION));
    trainRows = Array.from(perm.subarray(0, all.length - nTest), (k) => all[k]);
    testRows = Array.from(perm.subarray(all.length - nTest), (k) => all[k]);
  } else {
    trainRows = all;
    testRows = readRows(input.test.file, input.test.text, tokens);
  }
  const classNames = sortLabels((input.test === undefined ? all : trainRows).map((r) => r.label));
  if (classNames.length < 2) {
    throw new DatasetError(
      input.train.file,
      `every row has the label "${classNames[0]}" (expected at least 2 different labels)`,
    );
  }
  const classes = new Map(classNames.map((c, i) => [c, i]));
  if (input.test !== undefined) {
    const unknown = testRows.find((r) => !classes.has(r.label));
    if (unknown !== undefined) {
      throw new DatasetError(
        input.test.file,
        `line ${unknown.line}: label "${unknown.label}" does not occur in ${input.train.file} (expected one of: ${classNames.join(', ')})`,
      );
    }
  }
  const corpus = new TextCorpus(text);
  for (const r of [...trainRows, ...testRows]) corpus.add(r.text, classes.get(r.label) as number);
  const train = Int32Array.from({ length: trainRows.length }, (_, i) => i);
  const test = Int32Array.from({ length: testRows.length }, (_, i) => trainRows.length + i);
  const unit = text.tokenize === 'char' ? 'character' : 'word';
  const { vocabulary: _vocabulary, ...ds } = corpus.finish(
    { spec: input.spec, name: input.name, description: '', classNames },
    { train, test },
  );
  return {
    ...ds,
    description: `Text classification from ${input.name}: ${trainRows.length} train / ${testRows.length} test texts, ${classNames.length} classes, ${ds.vocabSize} ${unit} ids.`,
  };
}
