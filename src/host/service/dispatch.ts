/**
 * The one place where an untrusted request meets the contract table: validate the payload with the method's
 * request schema (invalid → `code: 'invalid'` naming each field and what was expected; the handler is not
 * called), run the handler, and turn whatever it throws into error data. Never throws.
 */
import type { z } from 'zod';
import { fieldErrors, type FieldError } from '../../contract/config.js';
import { runIdSchema } from '../../contract/run-record.js';
import {
  API,
  ApiFailure,
  errorResult,
  okResult,
  type ApiError,
  type ApiErrorCode,
  type ApiHandlers,
  type ApiMethod,
  type ApiRequest,
  type ApiResponse,
  type ApiValue,
} from '../../contract/api.js';
import { RunStoreError, type RunStoreErrorCode } from '../runs/errors.js';

/** What the root of a method's payload is called in field errors. */
function rootName(method: ApiMethod): string {
  const request: z.ZodType = API[method].request;
  if (request === runIdSchema) return 'id';
  return 'payload';
}

/** The field errors of a rejected payload, with the root named (`id`, `payload`) instead of `(root)`. */
export function requestFieldErrors(method: ApiMethod, error: z.ZodError): FieldError[] {
  return fieldErrors(error).map((f) => (f.field === '(root)' ? { ...f, field: rootName(method) } : f));
}

function invalidMessage(method: ApiMethod, fields: FieldError[]): string {
  const shown = fields.slice(0, 3).map((f) => `${f.field}: ${f.message}`);
  const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
  return `invalid ${method} request: ${shown.join('; ')}${more}`;
}

const STORE_CODES: Record<RunStoreErrorCode, ApiErrorCode> = {
  NOT_FOUND: 'not-found',
  BAD_ID: 'invalid',
  INVALID: 'conflict',
  CORRUPT: 'internal',
  ENOSPC: 'unavailable',
  IO: 'internal',
};

/** Any thrown value as error data: ApiFailure and RunStoreError keep their meaning; the rest is `internal`. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiFailure) return err.toError();
  if (err instanceof RunStoreError) return { code: STORE_CODES[err.code], message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message || 'unexpected failure' };
}

/** Validates `payload` for `method`; the error result when it does not fit, else the parsed request. */
export function parseRequest<M extends ApiMethod>(
  method: M,
  payload: unknown,
): { ok: true; value: ApiRequest<M> } | { ok: false; error: ApiError } {
  const parsed = API[method].request.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as ApiRequest<M> };
  const fields = requestFieldErrors(method, parsed.error);
  return errorResult('invalid', invalidMessage(method, fields), fields);
}

/** Validates, runs the handler, wraps the outcome. */
export async function dispatch<M extends ApiMethod>(
  handlers: ApiHandlers,
  method: M,
  payload: unknown,
): Promise<ApiResponse<M>> {
  const request = parseRequest(method, payload);
  if (!request.ok) return request;
  try {
    const handler = handlers[method] as (r: ApiRequest<M>) => Promise<ApiValue<M>>;
    return okResult(await handler(request.value));
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}
