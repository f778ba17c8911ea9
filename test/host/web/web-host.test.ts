import { request } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiMethod, ApiResponse, StudioEvent } from '../../../src/contract/api.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/host/web/security-headers.js';
import { startWebHost, type WebHost } from '../../../src/host/web/web-host.js';
import type { ServiceEndpoint } from '../../../src/host/web/ws-bridge.js';

/** A stand-in for the service at the bridge boundary: records calls, answers with canned data, emits on demand. */
class FakeEndpoint implements ServiceEndpoint {
  calls: [ApiMethod, unknown][] = [];
  listeners = new Set<(e: StudioEvent) => void>();
  async call<M extends ApiMethod>(method: M, payload: unknown): Promise<ApiResponse<M>> {
    this.calls.push([method, payload]);
    if (method === 'stop' && payload === 'missing') {
      return { ok: false, error: { code: 'not-found', message: 'no run "missing"' } } as ApiResponse<M>;
    }
    return { ok: true, value: { echoed: method } } as unknown as ApiResponse<M>;
  }
  subscribe(listener: (e: StudioEvent) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(e: StudioEvent) {
    for (const l of this.listeners) l(e);
  }
}

let dir: string;
let host: WebHost;
let service: FakeEndpoint;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-web-'));
  await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(dir, 'dist', 'assets', 'app.js'), 'export {}');
  await writeFile(join(dir, 'secret.txt'), 'secret');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<WebHost> {
  service = new FakeEndpoint();
  host = await startWebHost({ service, rendererDir: join(dir, 'dist') });
  return host;
}

afterEach(async () => {
  await host?.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(opts: { token?: string | null; origin?: string | null; path?: string } = {}): Promise<WebSocket> {
  const token = opts.token === undefined ? host.token : opts.token;
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const origin = opts.origin === undefined ? `http://127.0.0.1:${host.port}` : opts.origin;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${opts.path ?? '/ws'}${query}`, origin === null ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
}

describe('browser host: HTTP', () => {
  it('listens on 127.0.0.1 only and prints a tokened URL', async () => {
    await start();
    expect(host.address).toBe('127.0.0.1');
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      await expect(
        new Promise((resolve, reject) => {
          const s = connect({ host: external.address, port: host.port }, () => resolve('connected'));
          s.on('error', reject);
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('uses a different random token on every start', async () => {
    const first = (await start()).token;
    await host.close();
    expect((await start()).token).not.toBe(first);
  });

  it('refuses requests without the token (403)', async () => {
    await start();
    const r = await get('/');
    expect(r.status).toBe(403);
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
  });

  it('serves the app with the token, sets the cookie, and strict headers', async () => {
    await start();
    const r = await get(`/?token=${host.token}`, { host: `127.0.0.1:${host.port}` });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<!doctype html>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`lstm_studio_${host.port}=${host.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await get('/assets/app.js', { cookie: `lstm_studio_${host.port}=${host.token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('has no unsafe-inline or unsafe-eval in its CSP', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('refuses foreign Host headers (DNS rebinding), other methods, and path traversal', async () => {
    await start();
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, {}, 'POST')).status).toBe(405);
    expect((await get(`/../secret.txt?token=${host.token}`)).status).toBe(403);
    expect((await get(`/%2e%2e/secret.txt?token=${host.token}`)).status).toBe(403);
    expect((await get(`/assets/%2e%2e%2f%2e%2e%2fsecret.txt?token=${host.token}`)).status).toBe(403);
    expect((await get(`/missing.js?token=${host.token}`)).status).toBe(404);
  });
});

describe('browser host: WebSocket bridge', () => {
  it('refuses upgrades without the token, with a foreign or missing Origin, or on another path', async () => {
    await start();
    await expect(openSocket({ token: null })).rejects.toThrow('HTTP 403');
    await expect(openSocket({ token: 'nope' })).rejects.toThrow('HTTP 403');
    await expect(openSocket({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket({ origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow('HTTP 403');
    await expect(openSocket({ origin: null })).rejects.toThrow('HTTP 403');
    await expect(openSocket({ path: '/other' })).rejects.toThrow('HTTP 404');
    expect(service.calls).toEqual([]);
  });

  it('dispatches request frames through the contract channels and answers with the same id', async () => {
    await start();
    const ws = await openSocket();
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 7, channel: 'studio:getInfo' }));
    expect(await reply).toEqual({ id: 7, response: { ok: true, value: { echoed: 'getInfo' } } });
    const reply2 = nextMessage(ws);
    ws.send(JSON.stringify({ id: 8, channel: 'studio:stop', payload: 'missing' }));
    expect(await reply2).toEqual({ id: 8, response: { ok: false, error: { code: 'not-found', message: 'no run "missing"' } } });
    expect(service.calls).toEqual([
      ['getInfo', undefined],
      ['stop', 'missing'],
    ]);
    ws.close();
  });

  it('answers unknown channels and malformed frames with invalid errors; closes on frames without an id', async () => {
    await start();
    const ws = await openSocket();
    let reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 1, channel: 'studio:constructor' }));
    expect(await reply).toMatchObject({ id: 1, response: { ok: false, error: { code: 'invalid', fields: [{ field: 'channel' }] } } });
    reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 2, channel: 'studio:getInfo', extra: true }));
    expect(await reply).toMatchObject({ id: 2, response: { ok: false, error: { code: 'invalid' } } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1008);
    expect(service.calls).toEqual([]);
  });

  it('pushes studio events as {event} frames and stops after the socket closes', async () => {
    await start();
    const ws = await openSocket();
    const msg = nextMessage(ws);
    service.emit({ type: 'runs-changed', reason: 'started', id: 'r1' });
    expect(await msg).toEqual({ event: { type: 'runs-changed', reason: 'started', id: 'r1' } });
    ws.close();
    await new Promise((r) => ws.once('close', r));
    await new Promise((r) => setTimeout(r, 50));
    expect(service.listeners.size).toBe(0);
  });
});
