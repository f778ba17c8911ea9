/**
 * A token dataset from CSV text with the header `text,label`: lowercase word tokens, a vocabulary built
 * from the training part only (PAD = 0, UNK = 1, then words by frequency, ties alphabetical), class ids
 * from the sorted label strings, sequences truncated / padded to min(longest training text, maxSeqLen).
 */
import { Rng } from '../rng.js';
import { PAD_ID, UNK_ID, type Dataset, type TokenSplit } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import { parseCsv } from './csv-parse.js';

export interface CsvTextOptions {
  /** Longest sequence kept (default 200); longer texts are truncated at the end. */
  maxSeqLen?: number;
  /** Vocabulary size including PAD and UNK (default 20000). */
  maxVocab?: number;
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

interface Row {
  words: string[];
  label: string;
  line: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** Lowercase word tokens: runs of letters and digits, with inner apostrophes kept ("don't"). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

function readRows(file: string, text: string): Row[] {
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
    const words = tokenize(body);
    if (words.length === 0) {
      throw new DatasetError(file, `line ${r.line}: the text holds no words (expected letters or digits)`);
    }
    rows.push({ words, label, line: r.line });
  }
  if (rows.length === 0) throw new DatasetError(file, 'holds no data rows below the header (expected at least 2)');
  return rows;
}

/** Word → id for the training rows: PAD = 0, UNK = 1, then by frequency (desc), ties alphabetical. */
export function buildVocabulary(texts: readonly string[][], maxVocab: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const words of texts) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const vocab = new Map<string, number>();
  for (const [w] of sorted.slice(0, Math.max(0, maxVocab - 2))) vocab.set(w, vocab.size + 2);
  return vocab;
}

/** Sorted class names: numerically when every label is a number, otherwise by code point. */
export function sortLabels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  const numeric = unique.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric
    ? unique.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1))
    : unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function toSplit(rows: Row[], vocab: Map<string, number>, classes: Map<string, number>, seqLen: number): TokenSplit {
  const count = rows.length;
  const tokens = new Int32Array(count * seqLen).fill(PAD_ID);
  const lengths = new Int32Array(count);
  const y = new Int32Array(count);
  rows.forEach((row, i) => {
    const len = Math.min(row.words.length, seqLen);
    for (let t = 0; t < len; t++) tokens[i * seqLen + t] = vocab.get(row.words[t]) ?? UNK_ID;
    lengths[i] = len;
    y[i] = classes.get(row.label) as number;
  });
  return { kind: 'tokens', count, seqLen, tokens, lengths, y };
}

function option(value: number | undefined, fallback: number, min: number, what: string, spec: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new DatasetError(spec, `${what} ${v}: expected an integer of at least ${min}`);
  return v;
}

/** Builds the dataset; every problem is a DatasetError naming the file and line. */
export function makeCsvTextDataset(input: CsvTextInput): Dataset {
  const opts = input.options ?? {};
  const maxSeqLen = option(opts.maxSeqLen, DEFAULT_MAX_SEQ_LEN, 1, 'maxSeqLen', input.spec);
  const maxVocab = option(opts.maxVocab, DEFAULT_MAX_VOCAB, 3, 'maxVocab', input.spec);
  const seed = option(opts.seed, 0, 0, 'seed', input.spec);
  const all = readRows(input.train.file, input.train.text);
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
    testRows = readRows(input.test.file, input.test.text);
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
  const vocab = buildVocabulary(
    trainRows.map((r) => r.words),
    maxVocab,
  );
  const longest = trainRows.reduce((m, r) => Math.max(m, r.words.length), 1);
  const seqLen = Math.min(longest, maxSeqLen);
  const vocabSize = vocab.size + 2;
  return {
    spec: input.spec,
    name: input.name,
    description: `Text classification from ${input.name}: ${trainRows.length} train / ${testRows.length} test texts, ${classNames.length} classes, ${vocabSize} word ids.`,
    kind: 'tokens',
    seqLen,
    inputSize: 0,
    vocabSize,
    numClasses: classNames.length,
    classNames,
    train: toSplit(trainRows, vocab, classes, seqLen),
    test: toSplit(testRows, vocab, classes, seqLen),
  };
}
