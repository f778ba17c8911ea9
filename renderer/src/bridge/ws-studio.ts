/**
 * The browser-side StudioApi over the browser host's WebSocket bridge (`/ws`). The token comes from the page's
 * own URL (`?token=…`, as printed by `lstm-studio serve`); when it is absent the HttpOnly cookie set by the host
 * still admits the socket. Calls made before the socket is open are queued; if the connection drops, pending
 * calls answer `{ ok: false, error: { code: 'unavailable' } }` and the next call (or a live event listener)
 * reconnects.
 */
import { createApiClient } from '../../../src/contract/api-client.js';
import { channelOf, type ApiMethod } from '../../../src/contract/api-methods.js';
import type { ApiResponse, StudioApi, Unsubscribe } from '../../../src/contract/api.js';
import type { StudioEvent } from '../../../src/contract/api-events.js';

/** The part of the DOM WebSocket used here (tests pass the `ws` package's client). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsStudioOptions {
  /** Full socket URL (default: same host as the page, `/ws`, with the page's token). */
  url?: string;
  /** Opens a socket (default: the browser's WebSocket). */
  connect?: (url: string) => WebSocketLike;
  /** Delay before reconnecting for event listeners, in ms (default 1000, doubling up to 10 s). */
  reconnectMs?: number;
}

export type WsStudio = StudioApi & {
  /** Connection changes (e.g. to show "reconnecting…" and to reload data after a reconnect). */
  onConnection(listener: (state: ConnectionState) => void): Unsubscribe;
  /** Closes the socket for good. */
  close(): void;
};

const OPEN = 1;

/** `ws://HOST/ws?token=…` for the current page. */
export function socketUrlFor(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token');
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

function unavailable(message: string): { ok: false; error: { code: 'unavailable'; message: string } } {
  return { ok: false, error: { code: 'unavailable', message } };
}

export function createWsStudio(opts: WsStudioOptions = {}): WsStudio {
  const url = opts.url ?? socketUrlFor(globalThis.location);
  const connect = opts.connect ?? ((u: string) => new WebSocket(u) as unknown as WebSocketLike);
  const baseDelay = opts.reconnectMs ?? 1000;
  const pending = new Map<number, (response: ApiResponse<ApiMethod>) => void>();
  const queue: string[] = [];
  const eventListeners = new Set<(event: StudioEvent) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let closedForGood = false;
  let delay = baseDelay;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const setState = (state: ConnectionState) => {
    for (const l of [...connectionListeners]) l(state);
  };

  const onFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    if ('event' in frame) {
      const event = (frame as { event: StudioEvent }).event;
      for (const l of [...eventListeners]) l(event);
      return;
    }
    const { id, response } = frame as { id?: unknown; response?: ApiResponse<ApiMethod> };
    if (typeof id !== 'number' || response === undefined) return;
    const resolve = pending.get(id);
    pending.delete(id);
    resolve?.(response);
  };

  const scheduleReconnect = () => {
    if (closedForGood || timer !== null || eventListeners.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      ensureSocket();
    }, delay);
    delay = Math.min(delay * 2, 10_000);
  };

  function ensureSocket(): WebSocketLike {
    if (socket) return socket;
    const ws = connect(url);
    socket = ws;
    setState('connecting');
    ws.addEventListener('open', () => {
      delay = baseDelay;
      setState('open');
      for (const frame of queue.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (e) => onFrame(e.data));
    ws.addEventListener('error', () => undefined);
    ws.addEventListener('close', () => {
      if (socket === ws) socket = null;
      queue.length = 0;
      for (const resolve of pending.values()) resolve(unavailable('the connection to the studio closed; try again'));
      pending.clear();
      setState('closed');
      scheduleReconnect();
    });
    return ws;
  }

  const invoke = <M extends ApiMethod>(method: M, payload: unknown): Promise<ApiResponse<M>> => {
    if (closedForGood) return Promise.resolve(unavailable('the studio connection was closed'));
    const id = nextId++;
    const frame = JSON.stringify(payload === undefined ? { id, channel: channelOf(method) } : { id, channel: channelOf(method), payload });
    return new Promise((resolve) => {
      pending.set(id, resolve as (r: ApiResponse<ApiMethod>) => void);
      const ws = ensureSocket();
      if (ws.readyState === OPEN) ws.send(frame);
      else queue.push(frame);
    });
  };

  const onEvent = (listener: (event: StudioEvent) => void): Unsubscribe => {
    eventListeners.add(listener);
    ensureSocket();
    return () => {
      eventListeners.delete(listener);
    };
  };

  const api = createApiClient(invoke, onEvent);
  return Object.freeze({
    ...api,
    onConnection(listener: (state: ConnectionState) => void): Unsubscribe {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close(): void {
      closedForGood = true;
      if (timer !== null) clearTimeout(timer);
      socket?.close(1000, 'closed by the page');
    },
  });
}
