import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticFile } from '../../../src/host/web/static-files.js';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'studio-static-'));
  root = join(base, 'dist');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'a b.css'), 'body{}');
  await writeFile(join(base, 'secret.txt'), 'top secret');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'leak.txt'));
  await symlink(base, join(root, 'up'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('resolveStaticFile', () => {
  it('serves index.html for / and files with their content type', async () => {
    const index = await resolveStaticFile(root, '/');
    expect(index.status).toBe(200);
    expect(index.status === 200 && index.contentType).toBe('text/html; charset=utf-8');
    const js = await resolveStaticFile(root, '/assets/app.js');
    expect(js.status === 200 && js.body.toString()).toBe('console.log(1)');
    expect(js.status === 200 && js.contentType).toBe('text/javascript; charset=utf-8');
    const spaced = await resolveStaticFile(root, '/assets/a%20b.css');
    expect(spaced.status).toBe(200);
  });

  it.each([
    ['/../secret.txt'],
    ['/assets/../../secret.txt'],
    ['/%2e%2e/secret.txt'],
    ['/assets/%2E%2E/%2E%2E/secret.txt'],
    ['/..%2fsecret.txt'],
    ['/%2e%2e%2fsecret.txt'],
    ['/assets/..%5c..%5csecret.txt'],
  ])('refuses traversal %s', async (path) => {
    const r = await resolveStaticFile(root, path);
    expect(r.status).toBe(403);
  });

  it('refuses symbolic links that lead out of the folder', async () => {
    expect((await resolveStaticFile(root, '/assets/leak.txt')).status).toBe(403);
    expect((await resolveStaticFile(root, '/up/secret.txt')).status).toBe(403);
  });

  it('refuses NUL bytes and malformed encodings; 404 for missing files and folders', async () => {
    expect((await resolveStaticFile(root, '/index.html%00.js')).status).toBe(400);
    expect((await resolveStaticFile(root, '/%E0%A4%A')).status).toBe(400);
    expect((await resolveStaticFile(root, '/nope.js')).status).toBe(404);
    expect((await resolveStaticFile(root, '/assets')).status).toBe(404);
    expect((await resolveStaticFile(join(base, 'missing'), '/')).status).toBe(404);
  });

  it('types unknown extensions as octet-stream', () => {
    expect(contentTypeOf('x.unknown')).toBe('application/octet-stream');
    expect(contentTypeOf('X.SVG')).toBe('image/svg+xml');
  });
});
