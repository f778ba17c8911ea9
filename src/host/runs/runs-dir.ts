/**
 * Where the runs folder is: an explicit path, else `LSTM_STUDIO_RUNS_DIR`, else the per-user data
 * folder of the app (Linux `$XDG_DATA_HOME/lstm-studio/runs` or `~/.local/share/lstm-studio/runs`,
 * macOS `~/Library/Application Support/LSTM Studio/runs`, Windows `%APPDATA%\LSTM Studio\runs`).
 */
import { homedir } from 'node:os';
import { isAbsolute, posix, resolve, win32 } from 'node:path';
import { RunStoreError } from './errors.js';

/** The environment variable that overrides the default runs folder. */
export const RUNS_DIR_ENV = 'LSTM_STUDIO_RUNS_DIR';

/** Inputs of the lookup (defaults: this process). */
export interface RunsDirContext {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The per-user default runs folder for a platform. */
export function defaultRunsDir(ctx: RunsDirContext = {}): string {
  const env = ctx.env ?? process.env;
  const platform = ctx.platform ?? process.platform;
  const home = ctx.home ?? homedir();
  if (platform === 'win32') {
    const appData = env.APPDATA && win32.isAbsolute(env.APPDATA) ? env.APPDATA : win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, 'LSTM Studio', 'runs');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'LSTM Studio', 'runs');
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  const dataHome = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
  return posix.join(dataHome, 'lstm-studio', 'runs');
}

/** The runs folder to use: `explicit` > `$LSTM_STUDIO_RUNS_DIR` > the per-user default; absolute. */
export function resolveRunsDir(explicit?: string, ctx: RunsDirContext = {}): string {
  const env = ctx.env ?? process.env;
  const pick = (value: string | undefined, source: string): string | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    if (value.includes('\0')) throw new RunStoreError('BAD_ID', `${source}: the runs folder path must not contain NUL bytes`);
    return isAbsolute(value) ? value : resolve(value);
  };
  return pick(explicit, 'runs folder') ?? pick(env[RUNS_DIR_ENV], RUNS_DIR_ENV) ?? defaultRunsDir(ctx);
}
