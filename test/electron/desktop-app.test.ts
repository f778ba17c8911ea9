/**
 * The built desktop app in real Electron, wherever an Electron binary exists (skipped, saying why, where it does
 * not): `electron . --lstm-studio-self-test=REPORT.json` (electron/self-test.ts) opens the window, trains a
 * tiny run from the page through `window.studio` (real preload, contextBridge, IPC, StudioService, a utility
 * process), checks the run on disk, checks with `v8.getHeapStatistics()` in a utility process that V8 flags
 * given as `--js-flags` took effect, writes the report and quits. test/electron/self-test.test.ts runs the same
 * code path here against a stand-in electron module.
 *
 * On Linux it needs a display (DISPLAY / WAYLAND_DISPLAY, or xvfb-run to make one). As root, Chromium refuses
 * to run sandboxed, so there (only) the test passes --no-sandbox and says so; `lstm-studio start` never does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectron, missingDisplay } from '../../src/cli/commands/electron-lookup.js';
import type { SelfTestReport } from '../../electron/self-test.js';
import { SELF_TEST_SWITCH } from '../../electron/self-test.js';
import { ROOT } from '../helpers/cli.js';

const electron = findElectron();
const xvfbRun = process.platform === 'linux' && spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim();
const noDisplay = missingDisplay() !== null && !xvfbRun;
const built = existsSync(join(ROOT, 'dist', 'electron', 'main.js')) && existsSync(join(ROOT, 'renderer', 'dist', 'index.html'));

const skipReason = !electron.ok
  ? `no Electron binary here (${electron.reason}; "npx install-electron" fetches it)`
  : noDisplay
    ? 'no display here (DISPLAY / WAYLAND_DISPLAY unset and no xvfb-run)'
    : !built
      ? 'the app is not built (run "npm run build")'
      : null;
if (skipReason) console.info(`test/electron/desktop-app.test.ts skipped: ${skipReason}`);

const base = mkdtempSync(join(tmpdir(), 'studio-desktop-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function runApp(binary: string, report: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.info('desktop-app.test.ts: running as root, so Electron gets --no-sandbox for this test only');
  const appArgs = [ROOT, `${SELF_TEST_SWITCH}=${report}`, ...(asRoot ? ['--no-sandbox'] : [])];
  const [cmd, args] = missingDisplay() !== null && xvfbRun ? [xvfbRun, ['-a', binary, ...appArgs]] : [binary, appArgs];
  const env: NodeJS.ProcessEnv = { ...process.env, LSTM_STUDIO_RUNS_DIR: join(base, 'runs') };
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe.skipIf(skipReason !== null)(`the built desktop app in real Electron${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('opens the window, trains a tiny run through the IPC, finds it on disk, sees the --js-flags in the utility process, quits 0', async () => {
    if (!electron.ok) throw new Error('unreachable');
    const report = join(base, 'report.json');
    const ran = await runApp(electron.binary, report);
    expect(existsSync(report), `no report; Electron ended ${ran.signal ?? ran.code}:\n${ran.output}`).toBe(true);
    const r = JSON.parse(readFileSync(report, 'utf8')) as SelfTestReport;
    expect(r.checks.filter((c) => !c.ok), JSON.stringify(r, null, 2)).toEqual([]);
    expect(r.checks.map((c) => c.name)).toEqual(['renderer-ipc', 'run-on-disk', 'utility-v8-flags']);
    expect(r.electron).toMatch(/^\d+\./);
    expect(r.run?.runsDir).toBe(join(base, 'runs'));
    expect(existsSync(join(base, 'runs', r.run!.runId!, 'run.json'))).toBe(true);
    expect(ran.code).toBe(0);
  }, 180_000);
});
