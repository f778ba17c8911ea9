/**
 * The remembered window size and position: `window-state.json` in Electron's userData folder. A missing or
 * damaged file falls back to the defaults (never an error); writes are atomic (temp file + rename).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
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

/** Saves the state atomically; a state that breaks the schema is not written. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const parsed = windowStateSchema.safeParse({
    ...state,
    width: Math.round(Math.max(MIN_WINDOW.width, state.width)),
    height: Math.round(Math.max(MIN_WINDOW.height, state.height)),
    ...(state.x !== undefined ? { x: Math.round(state.x) } : {}),
    ...(state.y !== undefined ? { y: Math.round(state.y) } : {}),
  });
  if (!parsed.success) return;
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(parsed.data, null, 2)}\n`, 'utf8');
  await rename(tmp, file);
}
