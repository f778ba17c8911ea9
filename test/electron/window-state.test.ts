import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, loadWindowState, MIN_WINDOW, saveWindowState, windowStatePath } from '../../electron/window-state.js';

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
    await saveWindowState(file, { width: 1500.4, height: 900, x: -20, y: 30, maximized: true });
    expect(await loadWindowState(file)).toEqual({ width: 1500, height: 900, x: -20, y: 30, maximized: true });
    await saveWindowState(file, { width: 100, height: 100, maximized: false });
    expect(await loadWindowState(file)).toEqual({ width: MIN_WINDOW.width, height: MIN_WINDOW.height, maximized: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ width: MIN_WINDOW.width });
  });

  it('does not write absurd states', async () => {
    const file = windowStatePath(dir);
    await saveWindowState(file, { width: 1e9, height: 900, maximized: false });
    expect(await loadWindowState(file)).toEqual({ ...DEFAULT_WINDOW, maximized: false });
  });
});
