/**
 * An Electron that dies by a signal (src/cli/commands/electron-launch.ts, electron-crash-advice.ts), with real
 * fake binaries (shell scripts that kill themselves): killed right at start it is a failed launch, so `start`
 * serves the browser and says what happened and the remedy (the .deb's AppArmor profile, the sysctl, never
 * --no-sandbox); killed after it ran a while, or by a signal `start` forwarded, `start` exits 128 + N.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeStartDeps, runStart, type StartDeps } from '../../src/cli/commands/start.js';
import { watchElectron } from '../../src/cli/commands/electron-launch.js';
import type { ServeOptions } from '../../src/cli/commands/serve.js';
import { captureIo, fakeBinaryScript, fakeServe, removeTempDirs, tempDir, writeExecutable } from './support/fake-electron.js';

afterAll(removeTempDirs);

const SUID_FATAL =
  "[77996:0908/150845.938417:FATAL:sandbox/linux/suid/client/setuid_sandbox_host.cc:166] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I am aborting now. You need to make sure that /x/chrome-sandbox is owned by root and has mode 4755.";

/** A package folder holding dist/electron = `script`, and `start` on it (a display, a fake browser host). */
async function startWith(script: string, over: Partial<StartDeps> = {}) {
  const pkg = tempDir('studio-crash-pkg-');
  const binary = join(pkg, 'electron');
  writeExecutable(binary, script);
  const served: ServeOptions[] = [];
  const io = captureIo();
  const code = await runStart([], io, {
    ...makeStartDeps({ packageDir: pkg, env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: pkg } }),
    missingDisplay: () => null,
    serve: fakeServe(served),
    ...over,
  });
  return { code, served, err: io.err(), binary };
}

const user = { crashContext: () => ({ platform: 'linux' as const, uid: 1000, usernsRestricted: true }) };

describe.skipIf(process.platform === 'win32')('Electron killed by a signal', () => {
  it('SIGTRAP at start (the SUID/userns sandbox FATAL): browser fallback, what happened, and the real remedy', async () => {
    const { code, served, err, binary } = await startWith(fakeBinaryScript({ stderr: SUID_FATAL, signal: 'TRAP' }), user);
    expect(code).toBe(0);
    expect(served).toHaveLength(1);
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe(SUID_FATAL); // Electron's own stderr is passed through
    expect(lines[1]).toBe(
      "Electron is unavailable (it was killed by SIGTRAP as it started: Chromium's sandbox could not start, as on Ubuntu 23.10+ where AppArmor restricts unprivileged user namespaces), so the studio is served to your browser instead: open the URL below.",
    );
    expect(lines[2]).toMatch(/^To open the desktop app, install the studio's \.deb .*AppArmor profile/);
    expect(lines[2]).toContain('sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    expect(lines[2]).toContain(`sudo chmod 4755 ${join(binary, '..', 'chrome-sandbox')}`);
    expect(lines[2]).toContain('https://ubuntu.com/blog/ubuntu-23-10-restricted-unprivileged-user-namespaces');
    expect(lines[2]).toContain('does not start Electron with --no-sandbox');
    expect(lines).toHaveLength(3);
  });

  it('SIGABRT at start with the userns restriction on (no message): the same diagnosis', async () => {
    const { served, err } = await startWith(fakeBinaryScript({ signal: 'ABRT' }), user);
    expect(served).toHaveLength(1);
    expect(err).toContain("Electron is unavailable (it was killed by SIGABRT as it started: Chromium's sandbox could not start");
  });

  it('a signal at start with no known cause: what happened and its last message, no invented remedy', async () => {
    const { served, err } = await startWith(fakeBinaryScript({ stderr: 'something odd', signal: 'ABRT' }), {
      crashContext: () => ({ platform: 'linux', uid: 1000, usernsRestricted: false }),
    });
    expect(served).toHaveLength(1);
    expect(err).toContain('Electron is unavailable (it was killed by SIGABRT as it started (its last message: something odd)), so the studio');
    expect(err).not.toContain('To open the desktop app');
  });

  it('as root: says Chromium will not run as root with its sandbox', async () => {
    const { served, err } = await startWith(fakeBinaryScript({ stderr: 'Running as root without --no-sandbox is not supported. See https://crbug.com/638180.', signal: 'TRAP' }), {
      crashContext: () => ({ platform: 'linux', uid: 0, usernsRestricted: null }),
    });
    expect(served).toHaveLength(1);
    expect(err).toContain('(it was killed by SIGTRAP as it started: Chromium does not run as root with its sandbox)');
    expect(err).toContain('To open the desktop app, run `npm start` as a normal user');
  });

  it('a signal after the app ran a while is no fallback: exit 128+N', async () => {
    const { code, served, err } = await startWith(fakeBinaryScript({ sleepS: 1, signal: 'SEGV' }), { ...user, earlyExitMs: 200 });
    expect(code).toBe(128 + 11);
    expect(served).toEqual([]);
    expect(err).toBe('Electron was killed by SIGSEGV.\n');
  });
});

describe.skipIf(process.platform === 'win32')('signals sent to start', () => {
  const groups: number[] = [];
  afterEach(() => {
    // The scripts' background `sleep`s: each fake Electron has its own process group.
    for (const pgid of groups.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  function launch(script: string) {
    const dir = tempDir('studio-signal-');
    const binary = join(dir, 'electron');
    writeExecutable(binary, script);
    const handlers = new Map<NodeJS.Signals, () => void>();
    const child = spawn(binary, [], { stdio: ['ignore', 'inherit', 'pipe'], detached: true });
    if (child.pid !== undefined) groups.push(child.pid);
    const outcome = watchElectron(child, {
      earlyExitMs: 60_000,
      binary,
      stderr: captureIo().stderr,
      crashContext: () => ({ platform: 'linux', uid: 1000, usernsRestricted: true }),
      forwardSignals: true,
      onSignal: (signal, cb) => {
        handlers.set(signal, cb);
        return () => handlers.delete(signal);
      },
    });
    return { dir, outcome, handlers };
  }

  it('are forwarded to Electron exactly once, and its clean exit is returned', async () => {
    const dir = tempDir('studio-signal-log-');
    const log = join(dir, 'signals');
    const { outcome, handlers } = launch(`#!/bin/sh\ntrap 'echo TERM >> ${log}; exit 0' TERM\necho up > ${log}.up\nsleep 30 &\nwait\n`);
    for (let i = 0; i < 100 && !readFileSafe(`${log}.up`); i++) await new Promise((r) => setTimeout(r, 20));
    expect([...handlers.keys()].sort()).toEqual(['SIGHUP', 'SIGINT', 'SIGTERM']);
    handlers.get('SIGTERM')!();
    expect(await outcome).toEqual({ launched: true, code: 0 });
    expect(readFileSync(log, 'utf8')).toBe('TERM\n');
    expect(handlers.size).toBe(0); // unsubscribed once Electron has exited
  });

  it('an Electron ended by a forwarded signal, even right at start, is no failed launch: exit 128+N', async () => {
    const { outcome, handlers, dir } = launch(`#!/bin/sh\necho up > ${'$0'}.up\nsleep 30 &\nwait\n`);
    for (let i = 0; i < 100 && !readFileSafe(join(dir, 'electron.up')); i++) await new Promise((r) => setTimeout(r, 20));
    handlers.get('SIGINT')!();
    expect(await outcome).toEqual({ launched: true, code: 128 + 2 });
  });
});

function readFileSafe(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
