/**
 * The Electron shell as a whole: electron/main.ts run for real against a recording stand-in of the `electron`
 * module (the binary cannot run here). Checks what the unit tests of its parts cannot: that main.ts wires
 * them: every BrowserWindow it creates (at start and on `activate`) is sandboxed and isolated with no Node;
 * every web contents gets the navigation / new-window guard; permissions are denied; the sandbox is forced
 * app-wide; the app scheme cannot bypass CSP and serves the shared policy; the window loads only the app
 * origin; and the IPC channels main.ts registers are exactly the contract's, refusing every other frame.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf } from '../../src/contract/api-methods.js';
import type { ApiResponse } from '../../src/contract/api.js';
import { RUNS_DIR_ENV } from '../../src/host/runs/runs-dir.js';
import { CONTENT_SECURITY_POLICY } from '../../src/host/web/security-headers.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  class Emitter {
    listeners = new Map<string, Listener[]>();
    on(event: string, l: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
      return this;
    }
    once(event: string, l: Listener) {
      return this.on(event, l);
    }
    emit(event: string, ...args: unknown[]) {
      for (const l of this.listeners.get(event) ?? []) l(...args);
    }
  }
  class FakeContents extends Emitter {
    windowOpenHandler: ((details: unknown) => unknown) | null = null;
    url = '';
    setWindowOpenHandler(h: (details: unknown) => unknown) {
      this.windowOpenHandler = h;
    }
    isDestroyed() {
      return false;
    }
    getURL() {
      return this.url;
    }
    send() {}
  }
  const state = {
    userData: '',
    windows: [] as FakeWindow[],
    app: null as unknown as Emitter,
    ipc: new Map<string, Listener>(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    sandboxForced: false,
    menu: null as unknown,
    Emitter,
    FakeContents,
  };
  class FakeWindow extends Emitter {
    static getAllWindows() {
      return state.windows;
    }
    webContents = new FakeContents();
    loaded: string[] = [];
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      state.windows.push(this);
      state.app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      this.loaded.push(url);
      this.webContents.url = url;
    }
    loadFile(file: string) {
      throw new Error(`loadFile(${file}) is not allowed: the app loads from its own origin`);
    }
    maximize() {}
    show() {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 800, height: 600 };
    }
    isMaximized() {
      return false;
    }
  }
  const app = Object.assign(new Emitter(), {
    // An installed app: DevTools must be off.
    isPackaged: true,
    enableSandbox: () => {
      state.sandboxForced = true;
    },
    getPath: () => state.userData,
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
    exit: () => undefined,
    setAboutPanelOptions: () => undefined,
    showAboutPanel: () => undefined,
  });
  state.app = app;
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, l: Listener) => {
        if (state.ipc.has(channel)) throw new Error(`second handler for ${channel}`);
        state.ipc.set(channel, l);
      },
      removeHandler: (channel: string) => state.ipc.delete(channel),
      on: (channel: string) => {
        throw new Error(`ipcMain.on(${channel}): only invoke handlers are allowed`);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
      handle: (scheme: string, h: Listener) => state.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Listener) => (state.permissionCheck = h),
      },
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (state.menu = m) },
    dialog: { showErrorBox: (title: string, msg: string) => { throw new Error(`${title}: ${msg}`); } },
    shell: { openPath: async () => '', openExternal: () => { throw new Error('openExternal is not allowed'); } },
    utilityProcess: { fork: () => { throw new Error('no training in this test'); } },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
let base = '';
const savedRunsDir = process.env[RUNS_DIR_ENV];

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !pred(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!pred()) throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'studio-shell-'));
  state.userData = join(base, 'user-data');
  mkdirSync(state.userData);
  process.env[RUNS_DIR_ENV] = join(base, 'runs');
  await import('../../electron/main.js');
  await until(() => state.windows[0]?.loaded.length === 1, 'the first window to load');
}, 30_000);

afterAll(() => {
  if (savedRunsDir === undefined) delete process.env[RUNS_DIR_ENV];
  else process.env[RUNS_DIR_ENV] = savedRunsDir;
  rmSync(base, { recursive: true, force: true });
});

function expectSecure(options: BrowserWindowConstructorOptions): void {
  const p = options.webPreferences ?? {};
  expect(p.sandbox).toBe(true);
  expect(p.contextIsolation).toBe(true);
  expect(p.nodeIntegration).toBe(false);
  expect(p.nodeIntegrationInWorker).toBe(false);
  expect(p.nodeIntegrationInSubFrames).toBe(false);
  expect(p.webSecurity).toBe(true);
  expect(p.allowRunningInsecureContent).toBe(false);
  expect(p.webviewTag).toBe(false);
  expect(p.experimentalFeatures).toBe(false);
  expect(p.preload).toMatch(/[/\\]preload\.cjs$/);
  expect(p).not.toHaveProperty('enableBlinkFeatures');
}

describe('electron/main.ts, run against a stand-in electron module', () => {
  it('forces the sandbox app-wide and registers the app scheme without CSP bypass', () => {
    expect(state.sandboxForced).toBe(true);
    expect(state.schemes).toEqual([expect.objectContaining({ scheme: 'studio', privileges: expect.objectContaining({ bypassCSP: false }) })]);
  });

  it('creates every window with sandbox, context isolation, no Node and web security, loading only the app origin', async () => {
    expect(state.windows).toHaveLength(1);
    // macOS `activate` with no window open creates another: through the same secure path.
    const all = state.windows.splice(0);
    state.app.emit('activate');
    await until(() => state.windows[0]?.loaded.length === 1, 'the second window to load');
    state.windows.unshift(...all);
    expect(state.windows).toHaveLength(2);
    for (const win of state.windows) {
      expectSecure(win.options);
      expect(win.loaded).toEqual(['studio://app/index.html']);
    }
  });

  it('turns DevTools off in an installed app (app.isPackaged): in every window and in the menu', () => {
    for (const win of state.windows) expect(win.options.webPreferences?.devTools).toBe(false);
    const roles = JSON.stringify(state.menu);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).toContain('windowMenu');
  });

  it('guards every web contents: navigation, redirects and webviews prevented, new windows denied', () => {
    for (const win of state.windows) {
      const contents = win.webContents;
      for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
        let prevented = false;
        contents.emit(event, { preventDefault: () => (prevented = true) }, 'https://evil.example/');
        expect(prevented, event).toBe(true);
      }
      expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    }
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    for (const perm of ['media', 'geolocation', 'notifications', 'openExternal']) state.permissionRequest?.({}, perm, (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(state.permissionCheck?.({}, 'media')).toBe(false);
  });

  it('serves studio://app/ with the shared CSP, and refuses other hosts', async () => {
    const handler = state.protocolHandlers.get('studio')!;
    const refused = (await handler({ url: 'studio://evil/index.html', method: 'GET' })) as Response;
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('handles exactly the contract channels, and answers only the main frame of an app page', async () => {
    expect([...state.ipc.keys()].sort()).toEqual(API_METHODS.map((m) => channelOf(m)).sort());
    const appFrame = { url: 'studio://app/index.html', parent: null };
    const foreign = [
      { url: 'studio://app/index.html', parent: appFrame },
      { url: 'https://evil.example/', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'studio://evil/index.html', parent: null },
      null,
    ];
    for (const method of API_METHODS) {
      for (const senderFrame of foreign) {
        const reply = (await state.ipc.get(channelOf(method))!({ senderFrame }, 'x')) as ApiResponse<typeof method>;
        expect(reply.ok).toBe(false);
        expect(!reply.ok && reply.error.code).toBe('forbidden');
      }
    }
    const list = (await state.ipc.get('studio:listRuns')!({ senderFrame: appFrame })) as ApiResponse<'listRuns'>;
    expect(list).toEqual({ ok: true, value: { runs: [], active: [], elsewhere: [] } });
    const bad = (await state.ipc.get('studio:deleteRun')!({ senderFrame: appFrame }, '../outside')) as ApiResponse<'deleteRun'>;
    expect(!bad.ok && bad.error.code).toBe('invalid');
  });

  // Last: before-quit also closes the service.
  it('saves the window state synchronously when the window closes and before quit', () => {
    const file = join(state.userData, 'window-state.json');
    expect(existsSync(file)).toBe(false);
    state.windows[0].emit('close', { preventDefault: () => undefined });
    // Read at once, no await: the write is done when the handler returns.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 0, y: 0, width: 800, height: 600, maximized: false });
    rmSync(file);
    state.app.emit('before-quit', { preventDefault: () => undefined });
    expect(existsSync(file)).toBe(true);
  });
});
