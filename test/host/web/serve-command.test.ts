/**
 * `lstm-studio serve` (src/cli/commands/serve.ts): flag parsing, the one stdout line, serving until told to stop,
 * and, with the build, a real process that exits cleanly on SIGINT.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServeArgs, run, serveUntil } from '../../../src/cli/commands/serve.js';
import type { CliIo } from '../../../src/cli/cli-io.js';
import { packageRoot } from '../../../src/host/service/app-paths.js';

const LINE = /^Studio: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})\n$/;

function captureIo(cwd = '/'): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, cwd, out: () => out, err: () => err };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-serve-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><div id="app"></div>');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseServeArgs', () => {
  it('reads --port, --runs-dir and --renderer-dir (also as --flag=value), resolving paths against cwd', () => {
    expect(parseServeArgs(['--port', '8080', '--runs-dir', 'runs', '--renderer-dir=/r'], '/home/u')).toEqual({
      ok: true,
      value: { port: 8080, runsDir: '/home/u/runs', rendererDir: '/r' },
    });
    expect(parseServeArgs([], '/')).toEqual({ ok: true, value: { port: 0 } });
    expect(parseServeArgs(['-h'], '/')).toEqual({ ok: 'help' });
  });

  it('names the flag and what was expected', () => {
    expect(parseServeArgs(['--port', '70000'], '/')).toEqual({ ok: false, message: '--port: expected an integer from 0 to 65535, got "70000"' });
    expect(parseServeArgs(['--port', '-1'], '/')).toMatchObject({ ok: false, message: expect.stringContaining('--port') });
    expect(parseServeArgs(['--port'], '/')).toEqual({ ok: false, message: '--port: expected a value' });
    expect(parseServeArgs(['--host', '0.0.0.0'], '/')).toEqual({ ok: false, message: 'unknown option "--host"' });
  });
});

describe('serve', () => {
  it('prints exactly one line with the tokened URL, serves until told to stop, then closes', async () => {
    const io = captureIo();
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    const exit = serveUntil({ port: 0, runsDir: join(dir, 'runs'), rendererDir: join(dir, 'dist') }, io, until);
    for (let i = 0; i < 500 && !io.out(); i++) await new Promise((r) => setTimeout(r, 10));
    const m = LINE.exec(io.out());
    expect(m, io.out() + io.err()).not.toBeNull();
    const url = io.out().trim().slice('Studio: '.length);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`http://127.0.0.1:${m![1]}/`)).status).toBe(403);
    stop();
    expect(await exit).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
    expect(io.out().split('\n')).toHaveLength(2);
    expect(existsSync(join(dir, 'runs'))).toBe(true);
  });

  it('fails with a clear message when the renderer is not built, or the port is taken', async () => {
    const io = captureIo();
    expect(await serveUntil({ port: 0, runsDir: join(dir, 'runs'), rendererDir: join(dir, 'nope') }, io, Promise.resolve())).toBe(1);
    expect(io.err()).toMatch(/^lstm-studio serve: the renderer is not built: .*index\.html does not exist/);
    expect(io.out()).toBe('');

    const first = captureIo();
    let stop!: () => void;
    const until = new Promise<void>((r) => (stop = r));
    const running = serveUntil({ port: 0, runsDir: join(dir, 'runs'), rendererDir: join(dir, 'dist') }, first, until);
    for (let i = 0; i < 500 && !first.out(); i++) await new Promise((r) => setTimeout(r, 10));
    const port = Number(LINE.exec(first.out())![1]);
    const second = captureIo();
    expect(await serveUntil({ port, runsDir: join(dir, 'runs'), rendererDir: join(dir, 'dist') }, second, Promise.resolve())).toBe(1);
    expect(second.err()).toContain(`port ${port} on 127.0.0.1 is already in use`);
    stop();
    await running;
  });

  it('rejects bad flags with exit code 2 and usage on stderr', async () => {
    const io = captureIo();
    expect(await run(['--port', 'x'], io)).toBe(2);
    expect(io.err()).toContain('--port: expected an integer from 0 to 65535, got "x"');
    expect(io.err()).toContain('usage: lstm-studio serve');
    expect(io.out()).toBe('');
  });

  it('as a process (the build): one stdout line, exit 0 on SIGINT', async () => {
    const built = join(packageRoot(), 'dist', 'src', 'cli', 'commands', 'serve.js');
    if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" before these tests`);
    const script = `import(${JSON.stringify(built)}).then((m) => m.run(process.argv.slice(1), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() })).then((c) => { process.exitCode = c; });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', '--port', '0', '--runs-dir', join(dir, 'runs'), '--renderer-dir', join(dir, 'dist')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    for (let i = 0; i < 1500 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(out, err).toMatch(LINE);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(LINE);
  }, 30_000);
});
