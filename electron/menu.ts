/**
 * The application menu, as a plain template built from actions (so a test can read it without Electron):
 * on macOS the app menu (About, Services, Hide, Hide Others, Show All, Quit); File → Open runs folder, Export
 * run as CSV…, Close/Quit; Edit; View (Toggle Developer Tools only where DevTools are on: never in an installed
 * app); Window; Help → About elsewhere.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openRunsFolder(): void;
  exportRunCsv(): void;
  about(): void;
}

export interface MenuOptions {
  platform?: NodeJS.Platform;
  /** Whether the View menu offers the developer tools (main.ts: `!app.isPackaged`). */
  devTools?: boolean;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate(actions: MenuActions, options: MenuOptions = {}): MenuItemConstructorOptions[] {
  const isMac = (options.platform ?? process.platform) === 'darwin';
  const about: MenuItemConstructorOptions = { id: 'about', label: 'About LSTM Studio', click: () => actions.about() };
  const appMenu: MenuItemConstructorOptions = {
    label: 'LSTM Studio',
    submenu: [about, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
  };
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    separator,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    separator,
    { role: 'togglefullscreen' },
  ];
  return [
    ...(isMac ? [appMenu] : []),
    {
      label: 'File',
      submenu: [
        { id: 'open-runs-folder', label: 'Open Runs Folder', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openRunsFolder() },
        { id: 'export-csv', label: 'Export Run as CSV…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportRunCsv() },
        separator,
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, separator, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    ...(isMac ? [] : [{ label: 'Help', submenu: [about] }]),
  ];
}
