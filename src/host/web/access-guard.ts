/**
 * Who may talk to the browser host: requests that carry the per-start token (as `?token=`, or the cookie set
 * from it), address the host by its loopback name (no DNS rebinding), and, for WebSocket upgrades, come from
 * the host's own origin. Everything else is refused with 403.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token: 32 bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameToken(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookie values by name (first wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const raw of header.split(';')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export interface AccessGuard {
  readonly token: string;
  /** Cookie name (port-specific, so two studios on one machine do not overwrite each other). */
  readonly cookieName: string;
  /** The `Set-Cookie` header value that lets the page's own requests in. */
  setCookieHeader(): string;
  /** Whether the request carries the token (query or cookie). */
  hasToken(req: IncomingMessage, url: URL): boolean;
  /** Whether the Host header names this server on loopback. */
  hostAllowed(req: IncomingMessage): boolean;
  /** Whether the Origin header is this server's own origin (absent: refused). */
  originAllowed(req: IncomingMessage): boolean;
}

export function createAccessGuard(port: number, token: string = newToken()): AccessGuard {
  const cookieName = `lstm_studio_${port}`;
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  return {
    token,
    cookieName,
    setCookieHeader: () => `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
    hasToken: (req, url) =>
      sameToken(token, url.searchParams.get('token')) || sameToken(token, parseCookies(req.headers.cookie).get(cookieName)),
    hostAllowed: (req) => typeof req.headers.host === 'string' && hosts.has(req.headers.host.toLowerCase()),
    originAllowed: (req) => typeof req.headers.origin === 'string' && origins.has(req.headers.origin.toLowerCase()),
  };
}
