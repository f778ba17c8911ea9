import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSecureWindow } from '../../electron/web-preferences.js';

/** Captures the options every window is created with. */
class RecordingWindow {
  static created: BrowserWindowConstructorOptions[] = [];
  constructor(readonly options: BrowserWindowConstructorOptions) {
    RecordingWindow.created.push(options);
  }
}

describe('BrowserWindow creation options', () => {
  const win = createSecureWindow(RecordingWindow, '/app/dist/electron/preload.cjs', { width: 1280, height: 800, title: 'LSTM Studio' }, false);
  const prefs = win.options.webPreferences ?? {};

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
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });

  it('turns DevTools off unless the caller allows them (main.ts: only when not packaged)', () => {
    expect(prefs.devTools).toBe(false);
    const dev = createSecureWindow(RecordingWindow, '/p.cjs', { title: 'dev' }, true);
    expect(dev.options.webPreferences?.devTools).toBe(true);
    RecordingWindow.created.pop();
  });

  it('loads only the given preload and keeps the frame options', () => {
    expect(prefs.preload).toBe('/app/dist/electron/preload.cjs');
    expect(win.options.width).toBe(1280);
    expect(RecordingWindow.created).toHaveLength(1);
  });

  it('is the only way main.ts creates windows', async () => {
    const { readFileSync } = await import('node:fs');
    const main = readFileSync(new URL('../../electron/main.ts', import.meta.url), 'utf8');
    expect(main).not.toMatch(/new BrowserWindow\(/);
    expect(main).toMatch(/createSecureWindow\(BrowserWindow, PRELOAD_PATH/);
    expect(main).toMatch(/\}, !app\.isPackaged\);/);
  });
});
