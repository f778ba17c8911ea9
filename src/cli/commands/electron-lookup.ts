/**
 * Where `lstm-studio start` finds Electron: the `electron` npm package's folder, its version, and its binary,
 * located the way the package's own index.js does (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH) but without
 * index.js's side effect (it downloads synchronously, printing to stdout, the moment it is required). Whether a
 * window can open at all (a display on Linux) is decided here too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronLookup =
  | { ok: true; binary: string }
  /** `installable`: the package is there and its own installer (install.js) can fetch the binary. */
  | { ok: false; reason: string; installable: boolean };

/** The installed `electron` package's folder, or null when it is not installed. */
export function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The version in the electron package's package.json ("?" when unreadable). */
export function electronVersion(packageDir: string): string {
  try {
    const version: unknown = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '?';
  } catch {
    return '?';
  }
}

/** The Electron binary, or why there is none (and whether running the package's installer can fix that). */
export function findElectron(env: NodeJS.ProcessEnv = process.env, packageDir: string | null = electronPackageDir()): ElectronLookup {
  if (packageDir === null) return { ok: false, reason: 'the electron package is not installed', installable: false };
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `no Electron binary at ${binary}`, installable: false };
  }
  if (!relative) return { ok: false, reason: 'its binary was never downloaded', installable: true };
  const binary = join(packageDir, 'dist', relative);
  return existsSync(binary) ? { ok: true, binary } : { ok: false, reason: `its binary is missing (${binary})`, installable: true };
}

/** Why a window cannot open here, or null (Linux needs an X11 or Wayland display). */
export function missingDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)';
}
