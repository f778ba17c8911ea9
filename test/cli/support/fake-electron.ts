/**
 * Stand-ins for the electron npm package in a temp folder, for `lstm-studio start`'s tests: fake binaries
 * (shell scripts that log their arguments, or kill themselves with a signal), fake installers (node scripts),
 * and a copy of the REAL installer (node_modules/electron/install.js with @electron/get) pointed at a local
 * mirror that serves a zip holding a fake binary.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ROOT } from '../../helpers/cli.js';
import type { ServeOptions } from '../../../src/cli/commands/serve.js';
import type { CliIo } from '../../../src/cli/cli-io.js';

export const REAL_ELECTRON = join(ROOT, 'node_modules', 'electron');
export const ELECTRON_VERSION = (JSON.parse(readFileSync(join(REAL_ELECTRON, 'package.json'), 'utf8')) as { version: string }).version;

const made: string[] = [];

/** A fresh temp folder, removed by removeTempDirs(). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made (symlinks inside are removed, never followed). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A shell script that logs its arguments to `log` and exits 0, or kills itself with `signal` after printing `stderr`. */
export function fakeBinaryScript(opts: { log?: string; signal?: 'TRAP' | 'ABRT' | 'SEGV'; stderr?: string; sleepS?: number }): string {
  const lines = ['#!/bin/sh'];
  if (opts.log) lines.push(`printf '%s\\n' "$@" > '${opts.log}'`);
  if (opts.stderr) lines.push(`printf '%s\\n' '${opts.stderr.replace(/'/g, '')}' >&2`);
  if (opts.sleepS) lines.push(`sleep ${opts.sleepS}`);
  if (opts.signal) lines.push(`kill -${opts.signal} $$`);
  lines.push('exit 0');
  return `${lines.join('\n')}\n`;
}

export function writeExecutable(file: string, text: string): void {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

/** An electron package folder with the given install.js (a node script) and no binary yet. */
export function fakeElectronPackage(installer: string): string {
  const dir = join(tempDir('studio-fake-electron-'), 'electron');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: ELECTRON_VERSION }));
  writeFileSync(join(dir, 'install.js'), installer);
  return dir;
}

/** An installer that, like the real one, writes dist/electron and path.txt (after `delayMs`). */
export function installerWritingBinary(binaryScript: string, delayMs = 300): string {
  return `const fs = require('fs'); const path = require('path');
setTimeout(() => {
  fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(binaryScript)}, { mode: 0o755 });
  fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
}, ${delayMs});
`;
}

// ── The real installer against a local mirror ────────────────────────────────────────────────────────────

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A stored (uncompressed) zip with Unix modes, like Electron's release zips. */
export function storedZip(entries: { name: string; data: Buffer; mode: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export const zipName = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;

/**
 * A copy of the real electron package's installer in `<tmp>/node_modules/electron` (so `require('@electron/get')`
 * resolves through symlinks to this project's copy), with checksums.json holding `zip`'s SHA-256.
 */
export function realInstallerPackage(zip: Buffer): string {
  const modules = join(tempDir('studio-real-installer-'), 'node_modules');
  const dir = join(modules, 'electron');
  mkdirSync(dir, { recursive: true });
  for (const f of ['install.js', 'package.json']) copyFileSync(join(REAL_ELECTRON, f), join(dir, f));
  writeFileSync(join(dir, 'checksums.json'), JSON.stringify({ [zipName]: createHash('sha256').update(zip).digest('hex') }));
  for (const scope of ['@electron', '@electron-internal']) symlinkSync(join(ROOT, 'node_modules', scope), join(modules, scope), 'dir');
  return dir;
}

export interface Mirror {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP mirror on 127.0.0.1 answering every request with `zip`, a status code, or never. */
export async function startMirror(answer: Buffer | number | 'hang'): Promise<Mirror> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (answer === 'hang') return;
    if (typeof answer === 'number') {
      res.writeHead(answer);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': answer.length });
    res.end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment for the real installer: the mirror, a private download cache, nothing of the caller's electron settings. */
export function installerEnv(mirror: string, cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: mirror, electron_config_cache: cache };
  for (const k of ['ELECTRON_OVERRIDE_DIST_PATH', 'ELECTRON_CUSTOM_DIR', 'ELECTRON_CUSTOM_FILENAME', 'electron_use_remote_checksums', 'force_no_cache', 'ELECTRON_INSTALL_PLATFORM', 'ELECTRON_INSTALL_ARCH']) delete env[k];
  for (const k of Object.keys(env)) if (/^npm_config_(electron|platform|arch)/i.test(k)) delete env[k];
  return env;
}

// ── CLI io and a fake browser host ───────────────────────────────────────────────────────────────────────

export function captureIo(): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, cwd: ROOT, out: () => out, err: () => err };
}

export function fakeServe(served: ServeOptions[]): (opts: ServeOptions, io: CliIo) => Promise<number> {
  return async (opts, io) => {
    served.push(opts);
    io.stdout.write('Studio: http://127.0.0.1:1/?token=t\n');
    return 0;
  };
}
