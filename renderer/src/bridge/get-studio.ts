/**
 * The one way the renderer reaches the backend: `window.studio` when the Electron preload exposed it, else the
 * WebSocket bridge of the browser host (created once).
 */
import type { StudioApi } from '../../../src/contract/api.js';
import { createWsStudio } from './ws-studio.js';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in the browser. */
    readonly studio?: StudioApi;
  }
}

let browserStudio: StudioApi | null = null;

export function getStudio(): StudioApi {
  const exposed = typeof window !== 'undefined' ? window.studio : undefined;
  if (exposed) return exposed;
  browserStudio ??= createWsStudio();
  return browserStudio;
}

/** Whether the app runs inside Electron (the preload bridge is present). */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.studio !== undefined;
}
