/**
 * Resolves a request path to a file of the built renderer, never outside it: percent-decoding, `..`,
 * backslashes, NUL bytes, absolute paths and symbolic links that lead out of the folder are all refused.
 * Shared by the browser host and the Electron `studio://app/` protocol handler.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticResult =
  | { status: 200; file: string; contentType: string; body: Buffer }
  | { status: 400 | 403 | 404; reason: string };

function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The file for URL path `urlPath` (already split from any query) under `rootDir`. `/` and empty paths
 * serve `index.html`. The answer is a status with the bytes, or a refusal saying why.
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, reason: 'malformed percent-encoding in the path' };
  }
  if (decoded.includes('\0')) return { status: 400, reason: 'NUL byte in the path' };
  if (decoded.includes('\\')) return { status: 403, reason: 'backslash in the path' };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { status: 403, reason: 'path leaves the app folder' };
  const relPath = segments.length === 0 ? 'index.html' : segments.join('/');

  let root: string;
  try {
    root = await realpath(resolve(rootDir));
  } catch {
    return { status: 404, reason: `the app folder ${rootDir} does not exist` };
  }
  const candidate = join(root, relPath);
  if (!isInside(root, candidate)) return { status: 403, reason: 'path leaves the app folder' };
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { status: 404, reason: 'not found' };
  }
  if (!isInside(root, real)) return { status: 403, reason: 'path leads out of the app folder' };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { status: 404, reason: 'not a file' };
    const body = await readFile(real);
    return { status: 200, file: real, contentType: contentTypeOf(real), body };
  } catch {
    return { status: 404, reason: 'not found' };
  }
}
