/**
 * The browser host refuses anyone without the per-start token: plain HTTP requests get 403, WebSocket
 * upgrades are refused. The same requests with the token get in (so a refusal is about the token, not a
 * broken server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { assertCliBuilt, ensureRendererBuilt } from './support/build.js';
import { startServe, type ServeHandle } from './support/server.js';

let serve: ServeHandle;
let runsDir: string;

type WsOutcome = { kind: 'open' } | { kind: 'refused'; status: number } | { kind: 'error'; message: string };

function tryWebSocket(url: string, origin: string | undefined): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    const done = (o: WsOutcome) => {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(o);
    };
    ws.once('open', () => done({ kind: 'open' }));
    ws.once('unexpected-response', (_req, res) => done({ kind: 'refused', status: res.statusCode ?? 0 }));
    ws.once('error', (err) => done({ kind: 'error', message: err.message }));
  });
}

beforeAll(async () => {
  assertCliBuilt();
  await ensureRendererBuilt();
  runsDir = await mkdtemp(path.join(tmpdir(), 'lstm-studio-e2e-access-'));
  serve = await startServe(runsDir);
}, 240_000);

afterAll(async () => {
  await serve?.stop();
  if (runsDir) await rm(runsDir, { recursive: true, force: true });
}, 30_000);

describe('web host access control (lstm-studio serve)', () => {
  it('refuses an HTTP request without the token or with a wrong one (403), serves the app with it', async () => {
    const none = await fetch(`${serve.origin}/`);
    expect(none.status).toBe(403);
    const asset = await fetch(`${serve.origin}/index.html`);
    expect(asset.status).toBe(403);
    const wrong = await fetch(`${serve.origin}/?token=${'x'.repeat(serve.token.length)}`);
    expect(wrong.status).toBe(403);
    const ok = await fetch(serve.url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<div id="app">');
  });

  it('refuses a WebSocket without the token, and one from a foreign origin, but accepts the app itself', async () => {
    const wsUrl = `ws://127.0.0.1:${serve.port}/ws`;
    const noToken = await tryWebSocket(wsUrl, serve.origin);
    expect(noToken.kind).not.toBe('open');
    if (noToken.kind === 'refused') expect(noToken.status).toBe(403);
    const foreign = await tryWebSocket(`${wsUrl}?token=${serve.token}`, 'http://evil.example');
    expect(foreign.kind).not.toBe('open');
    const good = await tryWebSocket(`${wsUrl}?token=${serve.token}`, serve.origin);
    expect(good.kind).toBe('open');
  });
});
