/**
 * Builds a `StudioApi` object from one `invoke(method, payload)` function and one event subscription: the
 * same shape whatever carries the calls (in-process service, WebSocket bridge). Imports nothing at run time
 * but the method list, so the browser bundle stays free of zod.
 */
import { API_METHODS, type ApiMethod } from './api-methods.js';
import type { ApiResponse, StudioApi, Unsubscribe } from './api.js';
import type { StudioEvent } from './api-events.js';

export type Invoke = <M extends ApiMethod>(method: M, payload: unknown) => Promise<ApiResponse<M>>;

export function createApiClient(
  invoke: Invoke,
  onEvent: (listener: (event: StudioEvent) => void) => Unsubscribe,
): StudioApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = (...args: unknown[]) => invoke(method, args[0]);
  }
  api.onEvent = onEvent;
  return Object.freeze(api) as StudioApi;
}
