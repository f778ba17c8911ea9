import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { APP_ENTRY_URL, createAppProtocolHandler } from '../../../electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/host/web/security-headers.js';
import { startWebHost, type WebHost } from '../../../src/host/web/web-host.js';
import type { ServiceEndpoint } from '../../../src/host/web/ws-bridge.js';
import { ROOT } from '../../helpers/cli.js';

const directives = (csp: string) => csp.split(';').map((d) => d.trim()).filter(Boolean);

describe('Content-Security-Policy', () => {
  it('has no unsafe-inline, unsafe-eval or wasm-unsafe-eval (the renderer runs no WebAssembly)', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
    expect(directives(CONTENT_SECURITY_POLICY)).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"]));
  });

  it("the renderer's meta policy is the header policy minus the header-only frame-ancestors", () => {
    const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(directives(meta!)).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
  });
});

/** The value of one directive's source list (null when absent). */
function sources(csp: string, name: string): string[] | null {
  const d = directives(csp).find((x) => x.split(/\s+/)[0] === name);
  return d ? d.split(/\s+/).slice(1) : null;
}

describe('one CSP for both hosts, served the same', () => {
  let base = '';
  let host: WebHost | null = null;

  beforeAll(async () => {
    base = mkdtempSync(path.join(tmpdir(), 'studio-csp-'));
    mkdirSync(path.join(base, 'dist'));
    writeFileSync(path.join(base, 'dist', 'index.html'), '<!doctype html>');
    const service: ServiceEndpoint = {
      call: async () => ({ ok: false, error: { code: 'forbidden', message: 'not in this test' } }) as never,
      subscribe: () => () => undefined,
    };
    host = await startWebHost({ service, rendererDir: path.join(base, 'dist') });
  });

  afterAll(async () => {
    await host?.close();
    rmSync(base, { recursive: true, force: true });
  });

  function get(p: string, method = 'GET', headers: Record<string, string> = {}): Promise<{ status: number; csp: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host!.port, path: p, method, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('studio:// (Electron) and the browser host send the identical policy string, on success and refusal', async () => {
    const handler = createAppProtocolHandler(path.join(base, 'dist'));
    const fromProtocol = (await handler({ url: APP_ENTRY_URL, method: 'GET' })).headers.get('content-security-policy');
    const refusedProtocol = (await handler({ url: 'studio://evil/x', method: 'GET' })).headers.get('content-security-policy');
    const fromHost = await get(`/?token=${host!.token}`);
    const refusedHost = await get('/');
    expect(fromHost.status).toBe(200);
    expect(refusedHost.status).toBe(403);
    expect(new Set([fromProtocol, refusedProtocol, fromHost.csp, refusedHost.csp])).toEqual(new Set([CONTENT_SECURITY_POLICY]));
  });

  it("default-src and script-src are exactly 'self'; no source anywhere is a wildcard host or a scheme-only source", () => {
    expect(sources(CONTENT_SECURITY_POLICY, 'default-src')).toEqual(["'self'"]);
    expect(sources(CONTENT_SECURITY_POLICY, 'script-src')).toEqual(["'self'"]);
    expect(sources(CONTENT_SECURITY_POLICY, 'object-src')).toEqual(["'none'"]);
    expect(sources(CONTENT_SECURITY_POLICY, 'base-uri')).toEqual(["'none'"]);
    expect(sources(CONTENT_SECURITY_POLICY, 'frame-ancestors')).toEqual(["'none'"]);
    expect(sources(CONTENT_SECURITY_POLICY, 'script-src-elem')).toBeNull();
    expect(sources(CONTENT_SECURITY_POLICY, 'worker-src')).toBeNull();
    for (const d of directives(CONTENT_SECURITY_POLICY)) {
      for (const s of d.split(/\s+/).slice(1)) {
        expect(s, d).not.toMatch(/^\*|^https?:$|^wss?:$|unsafe|nonce-|sha\d+-/);
      }
    }
    // The only non-'self' connection target is a loopback WebSocket (the browser host's bridge).
    expect(sources(CONTENT_SECURITY_POLICY, 'connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*']);
  });

  it('the built renderer (npm run build) has no inline script, style or event handler the policy would need to allow', () => {
    const built = path.join(ROOT, 'renderer', 'dist', 'index.html');
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" before these tests`);
    const html = readFileSync(built, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(directives(meta ?? '')).toEqual(directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')));
  });

  it('the browser host asks for the token before anything else, for any path and method', async () => {
    const paths = ['/', '/index.html', '/missing.js', '/../etc/passwd', '/%2e%2e/x', '/ws', '/?token=', `/?token=${host!.token.slice(1)}`, `/?token=${host!.token}x`, `/?Token=${host!.token}`];
    for (const p of paths) {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS']) {
        const r = await get(p, method, { cookie: `lstm_studio_${host!.port + 1}=${host!.token}` });
        expect(r.status, `${method} ${p}`).toBe(403);
        expect(r.csp).toBe(CONTENT_SECURITY_POLICY);
      }
    }
  });

  it('refuses a WebSocket that carries the token (query or cookie) but comes from a foreign Origin', async () => {
    const tryOpen = (query: string, headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host!.port}/ws${query}`, { headers });
        ws.once('open', () => {
          ws.close();
          resolve('open');
        });
        ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
        ws.once('error', (e) => resolve(`error ${e.message}`));
      });
    const cookie = `lstm_studio_${host!.port}=${host!.token}`;
    const own = `http://127.0.0.1:${host!.port}`;
    expect(await tryOpen(`?token=${host!.token}`, { origin: own })).toBe('open');
    expect(await tryOpen('', { origin: own, cookie })).toBe('open');
    for (const origin of ['http://evil.example', 'null', `https://127.0.0.1:${host!.port}`, `http://127.0.0.1:${host!.port}.evil.example`, 'file://']) {
      expect(await tryOpen(`?token=${host!.token}`, { origin }), origin).toBe('HTTP 403');
      expect(await tryOpen('', { origin, cookie }), origin).toBe('HTTP 403');
    }
    expect(await tryOpen('', { origin: own })).toBe('HTTP 403');
  });
});
