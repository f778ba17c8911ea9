import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../../src/contract/api-methods.js';
import type { ApiMethod, ApiResponse, StudioEvent } from '../../src/contract/api.js';
import type { ServiceEndpoint } from '../../src/host/web/ws-bridge.js';
import { forwardEvents, isTrustedSender, registerIpcHandlers, type IpcMainLike } from '../../electron/ipc.js';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** A minimal stand-in for ipcMain: a channel → handler map. */
class FakeIpcMain implements IpcMainLike {
  handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frame: { url: string; parent: unknown } | null, payload?: unknown): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h({ senderFrame: frame } as unknown as IpcMainInvokeEvent, payload));
  }
}

class FakeService implements ServiceEndpoint {
  calls: [ApiMethod, unknown][] = [];
  listeners = new Set<(e: StudioEvent) => void>();
  async call<M extends ApiMethod>(method: M, payload: unknown): Promise<ApiResponse<M>> {
    this.calls.push([method, payload]);
    return { ok: true, value: method } as unknown as ApiResponse<M>;
  }
  subscribe(l: (e: StudioEvent) => void) {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  }
}

const appMain = { url: 'studio://app/index.html', parent: null };

describe('IPC sender check', () => {
  it('trusts only the main frame of an app page', () => {
    expect(isTrustedSender(appMain)).toBe(true);
    expect(isTrustedSender({ url: 'studio://app/index.html#/runs', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'studio://app/index.html', parent: appMain })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'studio://evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel', () => {
    const ipc = new FakeIpcMain();
    registerIpcHandlers(ipc, new FakeService());
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map((m) => channelOf(m)).sort());
  });

  it('passes trusted calls to the service with their payload', async () => {
    const ipc = new FakeIpcMain();
    const service = new FakeService();
    registerIpcHandlers(ipc, service);
    expect(await ipc.invoke('studio:stop', appMain, 'run-1')).toEqual({ ok: true, value: 'stop' });
    expect(await ipc.invoke('studio:getInfo', appMain)).toEqual({ ok: true, value: 'getInfo' });
    expect(service.calls).toEqual([
      ['stop', 'run-1'],
      ['getInfo', undefined],
    ]);
  });

  it('refuses other frames and origins before the service runs, with a forbidden error', async () => {
    const ipc = new FakeIpcMain();
    const service = new FakeService();
    registerIpcHandlers(ipc, service);
    for (const frame of [
      { url: 'studio://app/index.html', parent: appMain },
      { url: 'https://evil.example/', parent: null },
      { url: 'devtools://devtools/bundled/inspector.html', parent: null },
      null,
    ]) {
      for (const method of API_METHODS) {
        const reply = (await ipc.invoke(channelOf(method), frame, 'x')) as ApiResponse<'stop'>;
        expect(reply.ok).toBe(false);
        expect(!reply.ok && reply.error.code).toBe('forbidden');
      }
    }
    expect(service.calls).toEqual([]);
  });

  it('removes every handler it added', () => {
    const ipc = new FakeIpcMain();
    const remove = registerIpcHandlers(ipc, new FakeService());
    remove();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('forwardEvents', () => {
  it('sends events on the event channel only while the target shows an app page', () => {
    const service = new FakeService();
    const sent: unknown[][] = [];
    let url = 'studio://app/index.html';
    let destroyed = false;
    const stop = forwardEvents(service, {
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (...args: unknown[]) => void sent.push(args),
    });
    const event: StudioEvent = { type: 'runs-changed', reason: 'started', id: 'r' };
    for (const l of service.listeners) l(event);
    url = 'https://evil.example/';
    for (const l of service.listeners) l(event);
    url = 'studio://app/index.html';
    destroyed = true;
    for (const l of service.listeners) l(event);
    expect(sent).toEqual([[EVENT_CHANNEL, event]]);
    stop();
    expect(service.listeners.size).toBe(0);
  });
});
