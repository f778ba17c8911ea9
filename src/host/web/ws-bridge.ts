/**
 * The browser host's WebSocket bridge: one JSON text frame per request (`{id, channel, payload}`), answered by
 * one reply frame (`{id, response}`); studio events pushed as `{event}` frames. Requests are dispatched through
 * the contract table (`channel` must be a contract channel; the service validates the payload). Malformed frames
 * get an `invalid` reply when they carry a usable id, else the socket is closed (1008).
 */
import type { WebSocket } from 'ws';
import { methodOfChannel } from '../../contract/api-methods.js';
import { errorResult, type ApiMethod, type ApiResponse, type Unsubscribe } from '../../contract/api.js';
import type { StudioEvent } from '../../contract/api-events.js';
import { wireRequestSchema, type WireEvent, type WireReply } from '../../contract/api-wire.js';
import { fieldErrors } from '../../contract/config.js';

/** What the bridge needs from the service. */
export interface ServiceEndpoint {
  call<M extends ApiMethod>(method: M, payload: unknown): Promise<ApiResponse<M>>;
  subscribe(listener: (event: StudioEvent) => void): Unsubscribe;
}

/** A client that lets this much unsent data pile up is too slow: it is disconnected. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

function send(socket: WebSocket, frame: WireReply | WireEvent): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.close(1013, 'client too slow');
    return;
  }
  socket.send(JSON.stringify(frame));
}

function idOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const id = (value as { id: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null;
}

/** Serves one connected socket until it closes. */
export function attachBridge(socket: WebSocket, service: ServiceEndpoint): void {
  const unsubscribe = service.subscribe((event) => send(socket, { event }));
  socket.on('close', unsubscribe);
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.close(1003, 'text frames only');
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      socket.close(1008, 'frame is not JSON');
      return;
    }
    const frame = wireRequestSchema.safeParse(parsed);
    if (!frame.success) {
      const id = idOf(parsed);
      if (id === null) {
        socket.close(1008, 'frame without a request id');
        return;
      }
      const fields = fieldErrors(frame.error);
      send(socket, { id, response: errorResult('invalid', `malformed request frame: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields) });
      return;
    }
    const { id, channel, payload } = frame.data;
    const method = methodOfChannel(channel);
    if (method === null) {
      send(socket, {
        id,
        response: errorResult('invalid', `unknown channel "${channel}"`, [{ field: 'channel', message: 'expected a studio:<method> channel of the contract' }]),
      });
      return;
    }
    void service.call(method, payload).then((response) => send(socket, { id, response }));
  });
}
