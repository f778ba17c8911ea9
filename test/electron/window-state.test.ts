import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, loadWindowState, MIN_WINDOW, saveWindowStateSync, windowStatePath } from '../../electron/window-state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-win-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('window state', () => {
  it('defaults when there is no file or it is damaged', async () => {
    const file = windowStatePath(dir);
    expect(await loadWindowState(file)).toEqual({ ...DEFAULT_WINDOW, maximized: false });
    await writeFile(file, '{not json');
    expect(await loadWindowState(file)).toEqual({ ...DEFAULT_WINDOW, maximized: false });
    await writeFile(file, JSON.stringify({ width: 'wide', height: 10 }));
    expect(await loadWindowState(file)).toEqual({ ...DEFAULT_WINDOW, maximized: false });
  });

  it('remembers size, position and maximized, clamping below the minimum', async () => {
    const file = windowStatePath(dir);
    expect(saveWindowStateSync(file, { width: 1500.4, height: 900, x: -20, y: 30, maximized: true })).toBe(true);
    expect(await loadWindowState(file)).toEqual({ width: 1500, height: 900, x: -20, y: 30, maximized: true });
    saveWindowStateSync(file, { width: 100, height: 100, maximized: false });
    expect(await loadWindowState(file)).toEqual({ width: MIN_WINDOW.width, height: MIN_WINDOW.height, maximized: false });
  });

  it('saves synchronously: the file holds the new state the moment the call returns, and no temp file is left', () => {
    const file = windowStatePath(dir);
    saveWindowStateSync(file, { width: 1000, height: 700, maximized: false });
    // No await anywhere: a process that exits right after the call (before-quit) still has the state on disk.
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ width: 1000, height: 700, maximized: false });
    expect(readdirSync(dir)).toEqual(['window-state.json']);
  });

  it('does not write absurd states', async () => {
    const file = windowStatePath(dir);
    expect(saveWindowStateSync(file, { width: 1e9, height: 900, maximized: false })).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(await loadWindowState(file)).toEqual({ ...DEFAULT_WINDOW, maximized: false });
  });

  it('a failed write throws, keeps what was there and leaves no temp file', () => {
    // The target is a non-empty folder: rename fails (for root too).
    const file = windowStatePath(dir);
    mkdirSync(file);
    writeFileSync(join(file, 'keep'), 'x');
    expect(() => saveWindowStateSync(file, { width: 1200, height: 800, maximized: true })).toThrow();
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    expect(readFileSync(join(file, 'keep'), 'utf8')).toBe('x');
  });
});
