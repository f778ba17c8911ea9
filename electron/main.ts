/**
 * Electron main process: one window showing the renderer from `studio://app/` (strict CSP, sandboxed,
 * isolated, no Node, DevTools only when not packaged), the StudioService behind the contract's IPC channels
 * (sender-checked), training in utility processes, an app menu, and a remembered window size (saved
 * synchronously on close and before quit). `--lstm-studio-self-test=REPORT.json` runs self-test.ts and quits.
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
import { TRAINING_V8_FLAGS } from '../src/host/train/training-v8-flags.js';
import { runSelfTest, selfTestReportPath, writeSelfTestReport } from './self-test.js';
import { utilityTransport, utilityTransportWith } from './utility-transport.js';
import { createSecureWindow } from './web-preferences.js';
import { loadWindowState, MIN_WINDOW, saveWindowStateSync, windowStatePath } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Built next to main.js by `tsc -p electron/tsconfig.preload.json`. */
const PRELOAD_PATH = join(here, 'preload.cjs');
/** The self-test's V8 probe, built next to main.js. */
const HEAP_PROBE_PATH = join(here, 'heap-probe.js');

const selfTestReport = selfTestReportPath(process.argv);
// A self-test has a profile of its own: it neither meets a running studio's single-instance lock nor moves its window.
if (selfTestReport) app.setPath('userData', `${selfTestReport}.user-data`);

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

let service: StudioService | null = null;
let mainWindow: BrowserWindow | null = null;
/** Set once the app is on its way out (live runs stopped first, see before-quit). */
let closing = false;
/** Saves the main window's size and place now (synchronously); set while a window is open. */
let saveMainWindowState: (() => void) | null = null;

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
  }, !app.isPackaged);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const unforward = forwardEvents(svc, win.webContents);
  const saveState = () => {
    try {
      saveWindowStateSync(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      // A read-only profile folder: the next start uses the defaults.
    }
  };
  saveMainWindowState = saveState;
  win.on('close', saveState);
  win.on('closed', () => {
    unforward();
    if (mainWindow === win) mainWindow = null;
    if (saveMainWindowState === saveState) saveMainWindowState = null;
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
  const template = buildMenuTemplate(
    {
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
    },
    { devTools: !app.isPackaged },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** `--lstm-studio-self-test=REPORT.json`: the self-test in the open window, the report, then quit (0: all passed). */
async function selfTest(svc: StudioService, win: BrowserWindow, reportFile: string): Promise<void> {
  let code = 1;
  try {
    const report = await runSelfTest({
      executeInPage: (js) => win.webContents.executeJavaScript(js),
      startProbe: (flags) => utilityTransportWith(flags, 'LSTM Studio self-test probe')(HEAP_PROBE_PATH),
      trainingFlags: TRAINING_V8_FLAGS,
    });
    writeSelfTestReport(reportFile, report);
    code = report.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`lstm-studio self-test: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
  closing = true;
  await svc.close().catch(() => undefined);
  app.exit(code);
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
  if (selfTestReport) void selfTest(svc, mainWindow, selfTestReport);
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

app.on('before-quit', (event) => {
  saveMainWindowState?.();
  if (closing || !service) return;
  // Stop live runs first: each child checkpoints and marks its run stopped before the app exits.
  event.preventDefault();
  closing = true;
  void service.close().finally(() => app.quit());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
