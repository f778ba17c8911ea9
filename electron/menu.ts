/**
 * The application menu, as a plain template built from actions (so a test can read it without Electron):
 * File → Open runs folder, Export run as CSV…, Quit; Edit; View; Help → About.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openRunsFolder(): void;
  exportRunCsv(): void;
  about(): void;
}

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const about: MenuItemConstructorOptions = { id: 'about', label: 'About LSTM Studio', click: () => actions.about() };
  return [
    ...(isMac ? [{ label: 'LSTM Studio', submenu: [about, { type: 'separator' as const }, { role: 'quit' as const }] }] : []),
    {
      label: 'File',
      submenu: [
        { id: 'open-runs-folder', label: 'Open Runs Folder', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openRunsFolder() },
        { id: 'export-csv', label: 'Export Run as CSV…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportRunCsv() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    ...(isMac ? [] : [{ label: 'Help', submenu: [about] }]),
  ];
}
