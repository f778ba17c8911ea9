/**
 * The one place a BrowserWindow is created: an isolated, sandboxed renderer with no Node, web security on,
 * middle-click (auxclick) navigation off, and only the narrow preload bridge; DevTools only where the caller
 * allows them (main.ts: `!app.isPackaged`, so never in an installed app). The options are an object literal
 * at the `new BrowserWindow({…})` call so static checkers (electronegativity) can read them; the constructor is
 * passed in so a test can capture exactly what every window is created with.
 */
import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';

/** Size, position and title of the window (everything but webPreferences). */
export type WindowFrame = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

export function createSecureWindow<W = ElectronBrowserWindow>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  preloadPath: string,
  frame: WindowFrame,
  devTools: boolean,
): W {
  return new BrowserWindow({
    ...frame,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  });
}
