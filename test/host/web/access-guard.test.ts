import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createAccessGuard, newToken, parseCookies } from '../../../src/host/web/access-guard.js';

function req(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('access guard', () => {
  const guard = createAccessGuard(4321, 'tok-123');

  it('makes long random tokens', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(a);
  });

  it('accepts the token in the query or in its cookie, nothing else', () => {
    expect(guard.hasToken(req({}), new URL('http://127.0.0.1:4321/?token=tok-123'))).toBe(true);
    expect(guard.hasToken(req({ cookie: 'a=b; lstm_studio_4321=tok-123' }), new URL('http://127.0.0.1:4321/x'))).toBe(true);
    expect(guard.hasToken(req({}), new URL('http://127.0.0.1:4321/'))).toBe(false);
    expect(guard.hasToken(req({}), new URL('http://127.0.0.1:4321/?token=tok-12'))).toBe(false);
    expect(guard.hasToken(req({ cookie: 'lstm_studio_9999=tok-123' }), new URL('http://127.0.0.1:4321/'))).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict, port-specific cookie', () => {
    expect(guard.setCookieHeader()).toBe('lstm_studio_4321=tok-123; Path=/; HttpOnly; SameSite=Strict');
  });

  it('allows only loopback Host headers for its own port', () => {
    expect(guard.hostAllowed(req({ host: '127.0.0.1:4321' }))).toBe(true);
    expect(guard.hostAllowed(req({ host: 'localhost:4321' }))).toBe(true);
    expect(guard.hostAllowed(req({ host: 'evil.example:4321' }))).toBe(false);
    expect(guard.hostAllowed(req({ host: '127.0.0.1:80' }))).toBe(false);
    expect(guard.hostAllowed(req({}))).toBe(false);
  });

  it('allows only its own origin (missing Origin refused)', () => {
    expect(guard.originAllowed(req({ origin: 'http://127.0.0.1:4321' }))).toBe(true);
    expect(guard.originAllowed(req({ origin: 'http://localhost:4321' }))).toBe(true);
    expect(guard.originAllowed(req({ origin: 'http://evil.example' }))).toBe(false);
    expect(guard.originAllowed(req({ origin: 'http://127.0.0.1:4322' }))).toBe(false);
    expect(guard.originAllowed(req({ origin: 'null' }))).toBe(false);
    expect(guard.originAllowed(req({}))).toBe(false);
  });

  it('parses cookies, first value wins', () => {
    expect(parseCookies('a=1; b = 2; a=3; junk; =x')).toEqual(new Map([['a', '1'], ['b', '2']]));
    expect(parseCookies(undefined).size).toBe(0);
  });
});
