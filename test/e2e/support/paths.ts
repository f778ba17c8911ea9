/** Paths the end-to-end tests use. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'renderer');
export const RENDERER_DIST = path.join(RENDERER_DIR, 'dist');
export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'lstm-studio.js');
export const CLI_MAIN = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
