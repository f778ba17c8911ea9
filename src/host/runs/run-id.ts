/**
 * New run and comparison ids: `YYYYMMDD-HHMMSS-SLUG-XXXX` (UTC time, a slug of the dataset or preset,
 * four random hex digits), e.g. `20261128-174501-mnist-7f3a`. Always matches RUN_ID_PATTERN.
 */
import { randomBytes } from 'node:crypto';
import { RUN_ID_PATTERN } from '../../contract/run-record.js';

const MAX_SLUG = 40;

/** Lowercase letters and digits, other runs of characters become one dash; at most 40 chars; "run" if empty. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
  return slug === '' ? 'run' : slug;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A fresh id; `random` returns the 4-hex-digit suffix (default: crypto). */
export function newRunId(slugSource: string, now: Date = new Date(), random: () => string = randomSuffix): string {
  const stamp =
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}` +
    `-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const id = `${stamp}-${slugify(slugSource)}-${random()}`;
  if (!RUN_ID_PATTERN.test(id)) throw new Error(`internal: generated id ${id} does not match RUN_ID_PATTERN`);
  return id;
}

/** Four random lowercase hex digits. */
export function randomSuffix(): string {
  return randomBytes(2).toString('hex');
}
