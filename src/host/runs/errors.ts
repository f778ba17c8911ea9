/**
 * The one error type of the runs folder. Every failure the store can meet (disk full, other I/O errors,
 * a missing run, a refused id or path, a corrupt file, bad input from the caller) surfaces as a
 * `RunStoreError` whose message names the file and says what went wrong, never a bare errno.
 */

/**
 * - `ENOSPC`: the disk (or quota) is full; the message says "disk full".
 * - `IO`: any other read/write failure.
 * - `NOT_FOUND`: no such run, comparison or file.
 * - `BAD_ID`: an id that is not a run id, or a path that would leave the runs folder (`..`, absolute,
 *   NUL byte, symbolic link).
 * - `CORRUPT`: a file exists but its content is unreadable (bad JSON, schema violation, CRC mismatch).
 * - `INVALID`: the caller asked for something the store refuses (bad metric record, resuming a live run).
 */
export type RunStoreErrorCode = 'ENOSPC' | 'IO' | 'NOT_FOUND' | 'BAD_ID' | 'CORRUPT' | 'INVALID';

export class RunStoreError extends Error {
  override readonly name = 'RunStoreError';
  readonly code: RunStoreErrorCode;
  /** The file or folder concerned, when there is one. */
  readonly path?: string;

  constructor(code: RunStoreErrorCode, message: string, options?: { path?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options?.path;
  }
}

/** The errno code of a Node system error, if any. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Wraps any failure of an fs call into a RunStoreError. `what` says what was being done, in words
 * ("write run.json"); `file` is the path. A RunStoreError passes through unchanged.
 */
export function toStoreError(err: unknown, what: string, file: string): RunStoreError {
  if (err instanceof RunStoreError) return err;
  const code = errnoCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new RunStoreError('ENOSPC', `disk full: could not ${what} (${file}); free some space and try again`, {
      path: file,
      cause: err,
    });
  }
  if (code === 'ENOENT') {
    return new RunStoreError('NOT_FOUND', `could not ${what}: ${file} does not exist`, { path: file, cause: err });
  }
  if (code === 'ELOOP') {
    return new RunStoreError('BAD_ID', `refused to ${what}: ${file} is a symbolic link`, { path: file, cause: err });
  }
  return new RunStoreError('IO', `could not ${what} (${file}): ${errText(err)}`, { path: file, cause: err });
}
