/**
 * The remembered window size and position: `window-state.json` in Electron's userData folder. A missing or
 * damaged file falls back to the defaults (never an error). It is saved synchronously and atomically (temp
 * file, fsync, rename) from the window's `close` and the app's `before-quit`: an asynchronous write started
 * there can be cut off by the process exiting right after.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW = { width: 1280, height: 840 } as const;
export const MIN_WINDOW = { width: 800, height: 560 } as const;
const MAX_SIDE = 16_384;

const side = (min: number) => z.number().int().min(min).max(MAX_SIDE);
const coord = z.number().int().min(-MAX_SIDE).max(MAX_SIDE);

export const windowStateSchema = z.object({
  width: side(MIN_WINDOW.width),
  height: side(MIN_WINDOW.height),
  x: coord.optional(),
  y: coord.optional(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.output<typeof windowStateSchema>;

export function windowStatePath(userDataDir: string): string {
  return join(userDataDir, WINDOW_STATE_FILE);
}

/** The saved state, or the defaults when there is none or it is unreadable. */
export async function loadWindowState(file: string): Promise<WindowState> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // Missing or not JSON: defaults.
  }
  return { ...DEFAULT_WINDOW, maximized: false };
}

/** Rounds and clamps a window's bounds; null when the result breaks the schema (it is then not written). */
export function normalizeWindowState(state: WindowState): WindowState | null {
  const parsed = windowStateSchema.safeParse({
    ...state,
    width: Math.round(Math.max(MIN_WINDOW.width, state.width)),
    height: Math.round(Math.max(MIN_WINDOW.height, state.height)),
    ...(state.x !== undefined ? { x: Math.round(state.x) } : {}),
    ...(state.y !== undefined ? { y: Math.round(state.y) } : {}),
  });
  return parsed.success ? parsed.data : null;
}

/**
 * Saves the state synchronously and atomically: when it returns the file holds the new state, and at every
 * moment before it the old one. Returns whether it wrote (false: a state that breaks the schema). Throws on an
 * I/O error, after removing its temp file.
 */
export function saveWindowStateSync(file: string, state: WindowState): boolean {
  const normal = normalizeWindowState(state);
  if (!normal) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, `${JSON.stringify(normal, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return true;
}
