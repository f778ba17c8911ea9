/**
 * The WebSocket bridge's frames (browser host). Browser → server: a request frame per call. Server → browser:
 * a reply frame per request (same `id`) and an event frame per studio event. JSON text frames only.
 */
import { z } from 'zod';
import { apiErrorSchema } from './api-result.js';
import type { ApiMethod } from './api-methods.js';
import type { ApiResponse } from './api.js';
import type { StudioEvent } from './api-events.js';

/** Largest accepted frame, in bytes (a run config is a few hundred bytes; a compare request a few KB). */
export const MAX_FRAME_BYTES = 256 * 1024;

export const wireRequestSchema = z.strictObject({
  /** Chosen by the caller, echoed in the reply. */
  id: z.number({ error: 'expected a request id (integer >= 0)' }).int().nonnegative(),
  /** `studio:<method>` */
  channel: z.string({ error: 'expected a channel name' }).max(100),
  /** The method's request (absent for methods without one). */
  payload: z.unknown().optional(),
});
export type WireRequest<M extends ApiMethod = ApiMethod> = { id: number; channel: `studio:${M}`; payload?: unknown };

export const wireReplySchema = z.object({
  id: z.number().int().nonnegative(),
  response: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: apiErrorSchema }),
  ]),
});
export type WireReply<M extends ApiMethod = ApiMethod> = { id: number; response: ApiResponse<M> };

/** Events are trusted server output; the bridge checks only the frame's outline. */
export const wireEventSchema = z.object({ event: z.object({ type: z.string() }).passthrough() });
export type WireEvent = { event: StudioEvent };

/** Anything the server sends. */
export type WireServerFrame = WireReply | WireEvent;
