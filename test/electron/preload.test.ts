import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { API_METHODS, EVENT_CHANNEL } from '../../src/contract/api-methods.js';

type Fn = (...args: unknown[]) => unknown;

/**
 * Runs the preload the way a sandboxed Electron preload runs: CommonJS, with a `require` that knows only
 * `electron`, here a stand-in contextBridge / ipcRenderer that record what the preload does.
 */
function loadPreload() {
  const source = readFileSync(join(import.meta.dirname, '../../electron/preload.cts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const required: string[] = [];
  const exposed = new Map<string, Record<string, Fn>>();
  const invokes: unknown[][] = [];
  const listeners = new Map<string, Set<Fn>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, Fn>) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invokes.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
      on: (channel: string, l: Fn) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      },
      removeListener: (channel: string, l: Fn) => listeners.get(channel)?.delete(l),
      send: () => {
        throw new Error('the preload must not use send');
      },
    },
  };
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require "${name}"`);
    return electron;
  };
  runInNewContext(js, { require: sandboxRequire, module, exports: module.exports, TypeError, Object, Promise });
  return { required, exposed, invokes, listeners };
}

describe('preload', () => {
  it('requires nothing but electron (sandboxed preloads cannot)', () => {
    expect(new Set(loadPreload().required)).toEqual(new Set(['electron']));
  });

  it('exposes window.studio with exactly the contract methods plus onEvent, frozen', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['studio']);
    const api = exposed.get('studio')!;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onEvent'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('invokes studio:<method> with the one payload, dropping extra arguments', async () => {
    const { exposed, invokes } = loadPreload();
    const api = exposed.get('studio')!;
    await api.getInfo();
    await api.stop('run-1', 'extra');
    await api.startRun({ config: {} });
    expect(invokes).toEqual([
      ['studio:getInfo', undefined],
      ['studio:stop', 'run-1'],
      ['studio:startRun', { config: {} }],
    ]);
  });

  it('delivers event data only (never the IPC event) and unsubscribes', () => {
    const { exposed, listeners } = loadPreload();
    const seen: unknown[][] = [];
    const off = exposed.get('studio')!.onEvent((...args: unknown[]) => void seen.push(args)) as () => void;
    const set = listeners.get(EVENT_CHANNEL)!;
    expect(set.size).toBe(1);
    for (const l of set) l({ sender: 'secret ipc event' }, { type: 'runs-changed', reason: 'deleted', id: 'r' });
    expect(seen).toEqual([[{ type: 'runs-changed', reason: 'deleted', id: 'r' }]]);
    off();
    expect(set.size).toBe(0);
    expect(() => exposed.get('studio')!.onEvent('not a function')).toThrow(TypeError);
  });
});

describe('preload build', () => {
  it('compiles with electron/tsconfig.preload.json to CommonJS preload.cjs requiring only electron', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const out = mkdtempSync(join(tmpdir(), 'studio-preload-'));
    try {
      const root = join(import.meta.dirname, '../..');
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'electron/tsconfig.preload.json'), '--outDir', out], {
        cwd: root,
        stdio: 'pipe',
      });
      const js = readFileSync(join(out, 'electron', 'preload.cjs'), 'utf8');
      expect(js).toContain('"use strict"');
      expect([...js.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
      expect(js).not.toMatch(/^\s*(import|export)\s/m);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
