import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../electron/web-preferences.js';

describe('BrowserWindow webPreferences', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');

  it('isolates and sandboxes the renderer, with no Node in any frame or worker', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads only the given preload', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
  });
});
