/**
 * The app's own origin, `studio://app/`: a privileged standard, secure scheme (so the renderer gets a real
 * origin, fetch and the same CSP as the browser host) served from the built renderer folder, never file://.
 * Requests for another host, other methods, or paths leaving the folder are refused.
 */
import type { CustomScheme } from 'electron';
import { SECURITY_HEADERS } from '../src/host/web/security-headers.js';
import { resolveStaticFile } from '../src/host/web/static-files.js';

export const APP_SCHEME = 'studio';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Registered before `ready` with `protocol.registerSchemesAsPrivileged`. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, bypassCSP: false, corsEnabled: false, stream: false },
};

/** Whether `url` is on the app origin (`studio://app/...`). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The `protocol.handle('studio', …)` handler for the renderer folder. */
export function createAppProtocolHandler(rendererDir: string): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    if (!isAppUrl(request.url)) return text(403, 'forbidden: not the app origin');
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const file = await resolveStaticFile(rendererDir, new URL(request.url).pathname);
    if (file.status !== 200) return text(file.status, file.reason);
    const body = request.method === 'HEAD' ? null : new Uint8Array(file.body);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType } });
  };
}
