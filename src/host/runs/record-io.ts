/** JSON records on disk (run.json, comparison.json): read + parse + schema check, and atomic writes. */
import { basename } from 'node:path';
import type { z } from 'zod';
import { fieldErrors } from '../../contract/config.js';
import { writeFileAtomic } from './atomic-file.js';
import { RunStoreError, toStoreError } from './errors.js';
import type { FsOps } from './fs-ops.js';

/**
 * Reads `file` and validates it with `schema`. NOT_FOUND when absent; CORRUPT (naming the file and the
 * fields) when it is not JSON or does not match the schema.
 */
export async function readJsonRecord<S extends z.ZodType>(ops: FsOps, file: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = new TextDecoder().decode(await ops.readFile(file));
  } catch (err) {
    throw toStoreError(err, `read ${basename(file)}`, file);
  }
  if (text.trim() === '') throw new RunStoreError('CORRUPT', `${file} is empty`, { path: file });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RunStoreError('CORRUPT', `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`, {
      path: file,
    });
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const why = fieldErrors(r.error)
      .slice(0, 5)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ');
    throw new RunStoreError('CORRUPT', `${file} does not hold a valid record: ${why}`, { path: file });
  }
  return r.data;
}

/** Validates `value` with `schema` (INVALID naming the fields) and writes it to `file` atomically. */
export async function writeJsonRecord<S extends z.ZodType>(
  ops: FsOps,
  file: string,
  schema: S,
  value: unknown,
): Promise<z.output<S>> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const why = fieldErrors(r.error)
      .map((e) => `${e.field}: ${e.message}`)
      .join('; ');
    throw new RunStoreError('INVALID', `refused to write ${basename(file)}: ${why}`, { path: file });
  }
  await writeFileAtomic(ops, file, `${JSON.stringify(r.data, null, 2)}\n`);
  return r.data;
}
