/**
 * The desktop self-test (electron/self-test.ts, `--lstm-studio-self-test=REPORT.json`) run for real here,
 * through electron/main.ts, against a stand-in of the `electron` module (the binary cannot run here; where it
 * can, test/electron/desktop-app.test.ts runs the same switch in real Electron):
 * - `webContents.executeJavaScript` evaluates the page script with `window.studio` built the way the preload
 *   builds it (each method an invoke of its `studio:<method>` channel from the app's main frame; events from
 *   `webContents.send`), so the run goes through main.ts's real IPC handlers and StudioService;
 * - `utilityProcess.fork` is node's fork, given only what Chromium would give V8: the flags inside
 *   `--js-flags` (a bare V8 flag in execArgv fails the fork here, as it is lost in Electron).
 * A tiny run trains in a real child, lands on disk, the heap probe sees its old-space cap, the report says so,
 * and the app exits 0.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf, EVENT_CHANNEL } from '../../src/contract/api-methods.js';
import { RUNS_DIR_ENV } from '../../src/host/runs/runs-dir.js';
import { TRAINING_V8_FLAGS } from '../../src/host/train/training-v8-flags.js';
import { PROBE_OLD_SPACE_MB, probeFlags, SELF_TEST_SWITCH, selfTestReportPath, type SelfTestReport } from '../../electron/self-test.js';
import { ROOT } from '../helpers/cli.js';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    ipc: new Map<string, Listener>(),
    eventListeners: [] as Listener[],
    exitCode: null as number | null,
    forks: [] as { modulePath: string; execArgv: string[] }[],
    root: '',
    nodeFork: null as unknown as (modulePath: string, execArgv: string[]) => unknown,
  };
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
  const appFrame = { url: 'studio://app/index.html', parent: null };
  /** What electron/preload.cts exposes, built over the registered ipcMain handlers. */
  function preloadBridge(methods: readonly string[], channelOf: (m: string) => string, eventChannel: string) {
    const api: Record<string, unknown> = {};
    for (const m of methods) api[m] = (payload?: unknown) => state.ipc.get(channelOf(m))!({ senderFrame: appFrame }, payload);
    api.onEvent = (listener: Listener) => {
      const wrapped = (channel: unknown, data: unknown) => channel === eventChannel && listener(data);
      state.eventListeners.push(wrapped);
      return () => state.eventListeners.splice(state.eventListeners.indexOf(wrapped), 1);
    };
    return api;
  }
  const bridge = { make: null as null | (() => Record<string, unknown>) };
  class FakeContents extends Emitter {
    url = '';
    setWindowOpenHandler() {}
    isDestroyed() {
      return false;
    }
    getURL() {
      return this.url;
    }
    send(channel: string, data: unknown) {
      for (const l of [...state.eventListeners]) l(channel, data);
    }
    async executeJavaScript(code: string) {
      (globalThis as { studio?: unknown }).studio = bridge.make!();
      try {
        return await (0, eval)(code);
      } finally {
        delete (globalThis as { studio?: unknown }).studio;
      }
    }
  }
  class FakeWindow extends Emitter {
    static getAllWindows() {
      return [];
    }
    webContents = new FakeContents();
    constructor(readonly options: unknown) {
      super();
    }
    async loadURL(url: string) {
      this.webContents.url = url;
    }
    maximize() {}
    show() {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 900, height: 600 };
    }
    isMaximized() {
      return false;
    }
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    setPath: (name: string, value: string) => {
      if (name === 'userData') state.userData = value;
    },
    getPath: () => state.userData,
    enableSandbox: () => undefined,
    getVersion: () => '0.0.0-test',
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: () => undefined,
    exit: (code: number) => {
      state.exitCode = code;
    },
    setAboutPanelOptions: () => undefined,
    showAboutPanel: () => undefined,
  });
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel: string, l: Listener) => state.ipc.set(channel, l), removeHandler: (c: string) => state.ipc.delete(c) },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
    dialog: { showErrorBox: (title: string, msg: string) => { throw new Error(`${title}: ${msg}`); } },
    shell: { openPath: async () => '' },
    utilityProcess: {
      fork: (modulePath: string, _args: string[], options: { execArgv?: string[] }) => {
        const execArgv = options.execArgv ?? [];
        const js = execArgv.filter((a) => a.startsWith('--js-flags='));
        if (js.length !== execArgv.length) throw new Error(`bare execArgv ${JSON.stringify(execArgv)} would be Chromium switches, not V8 flags`);
        const v8 = js.flatMap((a) => a.slice('--js-flags='.length).split(' '));
        state.forks.push({ modulePath, execArgv: v8 });
        return state.nodeFork(modulePath, v8);
      },
    },
  };
  return { state, electron, preloadBridge, bridge };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
let base = '';
let report = '';
const savedRunsDir = process.env[RUNS_DIR_ENV];

/** node's fork behind the utilityProcess surface main.ts uses; the self-test's probe is the built one. */
state.nodeFork = (modulePath, execArgv) => {
  const file = existsSync(modulePath) ? modulePath : join(ROOT, 'dist', 'electron', basename(modulePath));
  const child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    postMessage: (m: unknown) => child.connected && child.send(m as object),
    on: (event: string, cb: Listener) => {
      if (event === 'message') child.on('message', cb);
      if (event === 'exit') child.on('exit', (code) => cb(code ?? 1));
    },
    kill: () => child.kill(),
  };
};

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'electron', 'heap-probe.js'))) throw new Error('dist/electron/heap-probe.js is missing: run "npm run build" before these tests');
  base = mkdtempSync(join(tmpdir(), 'studio-self-test-'));
  report = join(base, 'report.json');
  process.env[RUNS_DIR_ENV] = join(base, 'runs');
  fake.bridge.make = () => fake.preloadBridge(API_METHODS, (m) => channelOf(m as (typeof API_METHODS)[number]), EVENT_CHANNEL);
  process.argv.push(`${SELF_TEST_SWITCH}=${report}`);
  try {
    await import('../../electron/main.js');
  } finally {
    process.argv.pop();
  }
  for (let i = 0; i < 1500 && state.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
}, 180_000);

afterAll(() => {
  if (savedRunsDir === undefined) delete process.env[RUNS_DIR_ENV];
  else process.env[RUNS_DIR_ENV] = savedRunsDir;
  rmSync(base, { recursive: true, force: true });
});

describe('the self-test switch', () => {
  it('is read from argv and needs a report path', () => {
    expect(selfTestReportPath(['electron', '.'])).toBeNull();
    expect(selfTestReportPath(['electron', '.', `${SELF_TEST_SWITCH}=/tmp/r.json`])).toBe('/tmp/r.json');
    expect(() => selfTestReportPath([SELF_TEST_SWITCH])).toThrow(/expected =REPORT\.json/);
  });

  it('probes with the training flags plus an old-space cap, or with the training flags own cap', () => {
    expect(probeFlags(['--initial-old-space-size=64'])).toEqual({ flags: ['--initial-old-space-size=64', `--max-old-space-size=${PROBE_OLD_SPACE_MB}`], oldSpaceMb: PROBE_OLD_SPACE_MB });
    expect(probeFlags(['--initial-old-space-size=64', '--max-old-space-size=1536'])).toEqual({ flags: ['--initial-old-space-size=64', '--max-old-space-size=1536'], oldSpaceMb: 1536 });
  });
});

describe('electron/main.ts --lstm-studio-self-test, with a stand-in electron module', () => {
  it('trains a tiny run through the IPC, finds it on disk, sees the V8 flags in the utility process, reports and exits 0', () => {
    expect(existsSync(report)).toBe(true);
    const r = JSON.parse(readFileSync(report, 'utf8')) as SelfTestReport;
    expect(r.checks.map((c) => [c.name, c.ok, c.detail])).toEqual([
      ['renderer-ipc', true, expect.stringMatching(/^done: completed \(host electron, events .*done.*\)$/)],
      ['run-on-disk', true, expect.stringMatching(/^run\.json completed at step 4; metrics\.jsonl \d+ records \(\d+ eval\)$/)],
      ['utility-v8-flags', true, expect.stringContaining(`--max-old-space-size=${PROBE_OLD_SPACE_MB} in --js-flags`)],
    ]);
    expect(r.ok).toBe(true);
    expect(r.run?.runsDir).toBe(join(base, 'runs'));
    expect(r.heap?.heapSizeLimitMb).toBeGreaterThanOrEqual(PROBE_OLD_SPACE_MB);
    expect(state.exitCode).toBe(0);
  });

  it('ran the training child and the probe as utility processes with the flags in --js-flags only', () => {
    expect(state.forks.map((f) => basename(f.modulePath))).toEqual(['run-worker.cjs', 'heap-probe.js']);
    expect(state.forks[0].execArgv).toEqual([...TRAINING_V8_FLAGS]);
    expect(state.forks[1].execArgv).toEqual(probeFlags(TRAINING_V8_FLAGS).flags);
  });

  it('used a profile of its own (no single-instance clash, no window state moved)', () => {
    expect(state.userData).toBe(`${report}.user-data`);
  });
});
