/**
 * The sandboxed preload: exposes `window.studio` through contextBridge with exactly the contract's methods
 * (each one `ipcRenderer.invoke('studio:<method>', payload)`) and `onEvent`, never ipcRenderer itself.
 *
 * A sandboxed preload may `require` nothing but `electron`, so this file has no other run-time import: the
 * method list below is checked against the contract at compile time (`satisfies Record<ApiMethod, true>`: a
 * missing or extra method is a type error). It is CommonJS (.cts → preload.cjs), built by
 * `tsc -p electron/tsconfig.preload.json`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiChannel, ApiMethod, EVENT_CHANNEL as EventChannel } from '../src/contract/api-methods.js';
import type { StudioApi } from '../src/contract/api.js';
import type { StudioEvent } from '../src/contract/api-events.js';

const METHODS = {
  getInfo: true,
  startRun: true,
  startCompare: true,
  stop: true,
  pause: true,
  resume: true,
  listRuns: true,
  getRun: true,
  listComparisons: true,
  getComparison: true,
  deleteRun: true,
  exportCsv: true,
  shapes: true,
  datasetInfo: true,
} as const satisfies Record<ApiMethod, true>;

const EVENT_CHANNEL: typeof EventChannel = 'studio:event';

function invoker(method: ApiMethod): (payload?: unknown) => Promise<unknown> {
  const channel: ApiChannel = `studio:${method}`;
  return (payload?: unknown) => ipcRenderer.invoke(channel, payload);
}

const api: Record<string, unknown> = {};
for (const method of Object.keys(METHODS) as ApiMethod[]) api[method] = invoker(method);

const onEvent: StudioApi['onEvent'] = (listener) => {
  if (typeof listener !== 'function') throw new TypeError('onEvent: expected a function');
  // The renderer gets the event data only, never the IpcRendererEvent (which exposes the sender).
  const wrapped = (_event: IpcRendererEvent, data: StudioEvent) => listener(data);
  ipcRenderer.on(EVENT_CHANNEL, wrapped);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  };
};
api.onEvent = onEvent;

contextBridge.exposeInMainWorld('studio', Object.freeze(api) as StudioApi);
