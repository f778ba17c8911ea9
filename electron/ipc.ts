/**
 * IPC wiring from the contract table: one `ipcMain.handle` per contract channel, every call checked by ONE
 * sender check (the sending frame must be the main frame of a page on the app origin) before the service sees
 * it; replies are always `ApiResult` data. Events go out on the one event channel, to app pages only.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../src/contract/api-methods.js';
import { errorResult } from '../src/contract/api-result.js';
import type { ServiceEndpoint } from '../src/host/web/ws-bridge.js';
import { isAppUrl } from './app-protocol.js';

/** The part of a sending frame the check reads (Electron's WebFrameMain). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/** The part of `ipcMain` used here (a stand-in in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** THE sender check: the main frame of an app page, nothing else (no subframes, no other origins, no detached frames). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}

/** Registers a handler for every contract channel; returns a function that removes them. */
export function registerIpcHandlers(ipc: IpcMainLike, service: ServiceEndpoint): () => void {
  for (const method of API_METHODS) {
    ipc.handle(channelOf(method), async (event, payload) => {
      if (!isTrustedSender(event.senderFrame)) {
        return errorResult('forbidden', `${channelOf(method)} refused: the caller is not the studio window`);
      }
      return service.call(method, payload);
    });
  }
  return () => {
    for (const method of API_METHODS) ipc.removeHandler(channelOf(method));
  };
}

/** The part of a WebContents events are sent to. */
export interface EventTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

/** Forwards every studio event to `target` while it shows an app page; returns the unsubscribe. */
export function forwardEvents(service: ServiceEndpoint, target: EventTarget): () => void {
  return service.subscribe((event) => {
    if (target.isDestroyed() || !isAppUrl(target.getURL())) return;
    target.send(EVENT_CHANNEL, event);
  });
}
