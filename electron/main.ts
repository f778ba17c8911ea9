/**
 * Electron main process: one window showing the renderer from `studio://app/` (strict CSP, sandboxed,
 * isolated, no Node), the StudioService behind the contract's IPC channels (sender-checked), training in
 * utility processes, an app menu, and a remembered window size.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRunsDir } from '../src/host/runs/runs-dir.js';
import { defaultRendererDir } from '../src/host/service/app-paths.js';
import { defaultServiceDeps } from '../src/host/service/default-deps.js';
import { StudioService } from '../src/host/service/studio-service.js';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol.js';
import { forwardEvents, registerIpcHandlers } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { denyPermissions, guardWebContents } from './navigation-guard.js';
import { utilityTransport } from './utility-transport.js';
import { createSecureWindow } from './web-preferences.js';
import { loadWindowState, MIN_WINDOW, saveWindowState, windowStatePath } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Built next to main.js by `tsc -p electron/tsconfig.preload.json`. */
const PRELOAD_PATH = join(here, 'preload.cjs');

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

let service: StudioService | null = null;
let mainWindow: BrowserWindow | null = null;

async function createWindow(svc: StudioService): Promise<BrowserWindow> {
  const stateFile = windowStatePath(app.getPath('userData'));
  const state = await loadWindowState(stateFile);
  const win = createSecureWindow(BrowserWindow, PRELOAD_PATH, {
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    title: 'LSTM Studio',
    show: false,
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const unforward = forwardEvents(svc, win.webContents);
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    void saveWindowState(stateFile, { ...bounds, maximized: win.isMaximized() }).catch(() => undefined);
  });
  win.on('closed', () => {
    unforward();
    if (mainWindow === win) mainWindow = null;
  });
  await win.loadURL(APP_ENTRY_URL);
  return win;
}

/** File → Export Run as CSV…: pick a run folder in the runs folder, then where to save its metrics. */
async function exportRunCsv(svc: StudioService): Promise<void> {
  const parent = mainWindow ?? undefined;
  const pick = await (parent
    ? dialog.showOpenDialog(parent, { title: 'Export run as CSV', defaultPath: svc.runsDir, properties: ['openDirectory'] })
    : dialog.showOpenDialog({ title: 'Export run as CSV', defaultPath: svc.runsDir, properties: ['openDirectory'] }));
  const folder = pick.filePaths[0];
  if (pick.canceled || !folder) return;
  if (resolve(dirname(folder)) !== resolve(svc.runsDir)) {
    dialog.showErrorBox('Export run as CSV', `Pick a run folder directly inside ${svc.runsDir}.`);
    return;
  }
  const reply = await svc.call('exportCsv', basename(folder));
  if (!reply.ok) {
    dialog.showErrorBox('Export run as CSV', reply.error.message);
    return;
  }
  const save = await dialog.showSaveDialog({ title: 'Save CSV', defaultPath: reply.value.fileName, filters: [{ name: 'CSV', extensions: ['csv'] }] });
  if (save.canceled || !save.filePath) return;
  try {
    await writeFile(save.filePath, reply.value.csv, 'utf8');
  } catch (err) {
    dialog.showErrorBox('Export run as CSV', `Could not write ${save.filePath}: ${(err as Error).message}`);
  }
}

function installMenu(svc: StudioService): void {
  const template = buildMenuTemplate({
    openRunsFolder: () => {
      void shell.openPath(svc.runsDir).then((error) => {
        if (error) dialog.showErrorBox('Open runs folder', error);
      });
    },
    exportRunCsv: () => void exportRunCsv(svc),
    about: () => {
      app.setAboutPanelOptions({ applicationName: 'LSTM Studio', applicationVersion: app.getVersion(), credits: `Runs folder: ${svc.runsDir}` });
      app.showAboutPanel();
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function startup(): Promise<void> {
  denyPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(defaultRendererDir()));
  const runsDir = resolveRunsDir();
  await mkdir(runsDir, { recursive: true });
  const svc = await StudioService.create({
    runsDir,
    host: 'electron',
    appVersion: app.getVersion(),
    transport: utilityTransport,
    deps: defaultServiceDeps(),
  });
  service = svc;
  registerIpcHandlers(ipcMain, svc);
  installMenu(svc);
  mainWindow = await createWindow(svc);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(svc).then((w) => (mainWindow = w));
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app
    .whenReady()
    .then(startup)
    .catch((err: unknown) => {
      dialog.showErrorBox('LSTM Studio could not start', err instanceof Error ? err.message : String(err));
      app.exit(1);
    });
}

let closing = false;
app.on('before-quit', (event) => {
  if (closing || !service) return;
  // Stop live runs first: each child checkpoints and marks its run stopped before the app exits.
  event.preventDefault();
  closing = true;
  void service.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
