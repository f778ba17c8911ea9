/**
 * Builds the renderer (vite) when renderer/dist is missing or older than its sources, once per machine at a
 * time (a lock folder serializes test files that ask at the same moment), and checks that the compiled CLI
 * exists (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CLI_BIN, CLI_MAIN, REPO_ROOT, RENDERER_DIR, RENDERER_DIST } from './paths.js';

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(p));
    else newest = Math.max(newest, (await stat(p)).mtimeMs);
  }
  return newest;
}

async function rendererIsFresh(): Promise<boolean> {
  const index = path.join(RENDERER_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = (await stat(index)).mtimeMs;
  const sources = Math.max(await newestMtime(RENDERER_DIR), await newestMtime(path.join(REPO_ROOT, 'src', 'contract')));
  return built >= sources;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const LOCK = path.join(REPO_ROOT, 'test-artifacts', '.renderer-build-lock');

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 180_000) await rm(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the renderer build lock ${LOCK}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}

/** Builds the renderer if needed; throws with the build output when the build fails. */
export async function ensureRendererBuilt(): Promise<void> {
  await withLock(async () => {
    if (await rendererIsFresh()) return;
    const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = await run(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
    if (r.code !== 0) throw new Error(`renderer build failed (exit ${r.code}):\n${r.output}`);
  });
}

/** The compiled CLI must exist (`npm run build`). */
export function assertCliBuilt(): void {
  for (const f of [CLI_BIN, CLI_MAIN]) {
    if (!existsSync(f)) throw new Error(`${path.relative(REPO_ROOT, f)} is missing: run \`npm run build\` before the e2e tests`);
  }
}
