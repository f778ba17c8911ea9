import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/host/web/security-headers.js';
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
