import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, isAppUrl } from '../../electron/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../src/host/web/security-headers.js';

let base: string;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'studio-proto-'));
  await mkdir(join(base, 'dist', 'assets'), { recursive: true });
  await writeFile(join(base, 'dist', 'index.html'), '<!doctype html>');
  await writeFile(join(base, 'dist', 'assets', 'app.js'), 'export {}');
  await writeFile(join(base, 'secret.txt'), 'secret');
  handler = createAppProtocolHandler(join(base, 'dist'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('studio://app/ protocol', () => {
  it('is a standard, secure, fetch-capable scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('studio');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, bypassCSP: false });
  });

  it('recognizes only the app origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('studio://app/assets/app.js')).toBe(true);
    expect(isAppUrl('studio://other/index.html')).toBe(false);
    expect(isAppUrl('studio://user@app/index.html')).toBe(false);
    expect(isAppUrl('file:///app/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('serves the renderer with the shared CSP and nosniff', async () => {
    const res = await handler({ url: APP_ENTRY_URL, method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe('<!doctype html>');
    const js = await handler({ url: 'studio://app/assets/app.js', method: 'GET' });
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('refuses traversal, other hosts and methods', async () => {
    expect((await handler({ url: 'studio://app/%2e%2e/secret.txt', method: 'GET' })).status).not.toBe(200);
    expect((await handler({ url: 'studio://app/assets/..%2f..%2fsecret.txt', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'studio://app/assets/..%5c..%5csecret.txt', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'studio://evil/index.html', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: APP_ENTRY_URL, method: 'POST' })).status).toBe(405);
    expect((await handler({ url: 'studio://app/nope.js', method: 'GET' })).status).toBe(404);
  });
});
