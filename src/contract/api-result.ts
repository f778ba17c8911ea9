/**
 * How every studio API response travels: errors are data, never thrown across a process boundary.
 * `{ ok: true, value }` or `{ ok: false, error: { code, message, fields? } }`.
 */
import { z } from 'zod';
import type { FieldError } from './config.js';

/**
 * - `invalid`: the payload broke the contract (see `fields`: dotted path + expected range); nothing started.
 * - `not-found`: no run / comparison with that id.
 * - `conflict`: the request does not fit the current state (delete a live run, pause an ended one…).
 * - `start-failed`: the training child refused the job or died before it started.
 * - `unavailable`: a resource the request needs is missing (backend, dataset file, Electron…).
 * - `forbidden`: the caller is not the app (foreign frame / origin / missing token).
 * - `internal`: an unexpected failure; `message` says what, without a stack trace.
 */
export const API_ERROR_CODES = [
  'invalid',
  'not-found',
  'conflict',
  'start-failed',
  'unavailable',
  'forbidden',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });

export const apiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** Per-field problems for `invalid` (e.g. `{field: "config.train.lr", message: "expected a finite number > 0 and <= 10"}`). */
  fields: z.array(fieldErrorSchema).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The wire schema of a response carrying `value`. */
export function apiResultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: apiErrorSchema }),
  ]);
}

export function okResult<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function errorResult(code: ApiErrorCode, message: string, fields?: FieldError[]): { ok: false; error: ApiError } {
  return { ok: false, error: fields && fields.length > 0 ? { code, message, fields } : { code, message } };
}

/**
 * Thrown inside the host by handlers; the dispatcher turns it into `{ ok: false, error }`.
 * Never crosses a process boundary as an exception.
 */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  toError(): ApiError {
    return errorResult(this.code, this.message, this.fields).error;
  }
}
