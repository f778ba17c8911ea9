/**
 * The studio API's method names and channel names, with no imports at all, so that the sandboxed Electron
 * preload (which may `require` nothing but `electron`) and the browser bridge can use them without pulling in
 * zod. `src/contract/api.ts` builds its table with `satisfies Record<ApiMethod, …>`, so the table and this list
 * cannot drift apart.
 */

/** Every invoke method of `window.studio`, in display order. */
export const API_METHODS = [
  'getInfo',
  'startRun',
  'startCompare',
  'stop',
  'pause',
  'resume',
  'listRuns',
  'getRun',
  'listComparisons',
  'getComparison',
  'deleteRun',
  'exportCsv',
  'shapes',
  'datasetInfo',
] as const;

export type ApiMethod = (typeof API_METHODS)[number];

/** IPC / WebSocket channel of a method: `studio:<method>`. */
export type ApiChannel = `studio:${ApiMethod}`;

/** The one event channel (main → renderer, server → browser). */
export const EVENT_CHANNEL = 'studio:event';

export function channelOf<M extends ApiMethod>(method: M): `studio:${M}` {
  return `studio:${method}`;
}

const BY_CHANNEL: ReadonlyMap<string, ApiMethod> = new Map(API_METHODS.map((m) => [channelOf(m), m]));

/** The method of a channel name, or null when the name is not a contract channel. */
export function methodOfChannel(channel: string): ApiMethod | null {
  return BY_CHANNEL.get(channel) ?? null;
}
