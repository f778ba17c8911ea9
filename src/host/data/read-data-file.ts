/**
 * Reads a whole dataset file into memory (one read, no streams), turning every file-system failure
 * into a DatasetError that names the file and says what was expected.
 */
import { readFile, stat } from 'node:fs/promises';
import { DatasetError } from '../../engine/data/dataset-error.js';

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function describeFailure(err: unknown): string {
  const code = errnoCode(err);
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read: permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'file not found (a folder on its path is a file)';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'cannot read: the file is too large (over 2 GiB)';
    default:
      return `cannot read${code === undefined ? '' : ` (${code})`}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * The bytes of `absPath`. `shown` is the name used in errors (usually the path as the user wrote it);
 * `expected` says what the file should be ("an IDX image file", "a CSV file with the header text,label").
 */
export async function readDataFile(absPath: string, shown: string, expected: string): Promise<Uint8Array> {
  const where = shown === absPath ? '' : ` (looked at ${absPath})`;
  try {
    const st = await stat(absPath);
    if (st.isDirectory()) throw new DatasetError(shown, `is a directory${where}; expected ${expected}`);
    if (!st.isFile()) throw new DatasetError(shown, `is not a regular file${where}; expected ${expected}`);
    const buf = await readFile(absPath);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(shown, `${describeFailure(err)}${where}; expected ${expected}`);
  }
}

/** A file that must be UTF-8 text (BOM allowed; invalid bytes are an error naming the file). */
export async function readTextFile(absPath: string, shown: string, expected: string): Promise<string> {
  const bytes = await readDataFile(absPath, shown, expected);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DatasetError(shown, `is not valid UTF-8 text; expected ${expected}`);
  }
}

/** Whether `absPath` is an existing regular file (no error). */
export async function isFile(absPath: string): Promise<boolean> {
  try {
    return (await stat(absPath)).isFile();
  } catch {
    return false;
  }
}
