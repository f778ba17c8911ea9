/**
 * Where the app's own files are, found from this module's location so it works from `src/` (vitest, tsx)
 * and from `dist/src/` (the build): the package root (the folder whose package.json is `lstm-studio`),
 * the app version, and the built renderer folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'lstm-studio';

function readPackageJson(dir: string): { name?: unknown; version?: unknown } | null {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown; version?: unknown }) : null;
  } catch {
    return null;
  }
}

/** The package root above `from` (default: this module), or throws naming where it looked. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (readPackageJson(dir)?.name === PACKAGE_NAME) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`could not find the ${PACKAGE_NAME} package.json above ${from}`);
    dir = up;
  }
}

/** The `version` of package.json ("0.0.0" when it cannot be read). */
export function readAppVersion(root: string = packageRoot()): string {
  const version = readPackageJson(root)?.version;
  return typeof version === 'string' ? version : '0.0.0';
}

/** The Vite build of the renderer: `<root>/renderer/dist`. */
export function defaultRendererDir(root: string = packageRoot()): string {
  return join(root, 'renderer', 'dist');
}
