/**
 * The host's death, with real processes (the build): a SIGKILLed studio host (serve's own start-up,
 * startBrowserStudio, in a process of its own) and a SIGKILLed `lstm-studio compare` leave no training child
 * alive for more than 5 s; the children end their runs `interrupted` with a checkpoint, and the runs (and the
 * comparison, with `resume COMPARISON_ID`) continue. A SIGTERMed host records its runs as stopped by the host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/contract/run-record.js';
import { isPidAlive } from '../../src/host/runs/process-alive.js';
import { BIN, cliAsync, lastJson, ROOT, tmpRunsDir } from '../helpers/cli.js';

const SERVE_JS = path.join(ROOT, 'dist', 'src', 'cli', 'commands', 'serve.js');
/** ~1600 steps of a tiny token model: long enough to be killed mid-run, checkpointed every 10 steps. */
const LONG = { data: { dataset: 'task:last-token', trainLimit: 64, testLimit: 32 }, model: { hidden: 8 }, train: { batch: 8, epochs: 200, evalEvery: 10, backend: 'cpu' } };

const spawned: ChildProcess[] = [];
const orphans: number[] = [];
afterEach(() => {
  for (const c of spawned.splice(0)) c.kill('SIGKILL');
  for (const pid of orphans.splice(0)) if (isPidAlive(pid)) process.kill(pid, 'SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readRun(dir: string, id: string): RunRecord | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, id, 'run.json'), 'utf8')) as RunRecord;
  } catch {
    return null;
  }
}

async function until<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 90_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A studio host process (what `serve` starts) that starts `runs` runs and prints their ids; stops on SIGTERM. */
function startHost(runsDir: string, runs: number): { child: ChildProcess; ids: Promise<string[]> } {
  if (!existsSync(SERVE_JS)) throw new Error(`${SERVE_JS} is missing: run "npm run build" before these tests`);
  const rendererDir = path.join(runsDir, '..', `renderer-${path.basename(runsDir)}`);
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const script = `
    const m = await import(${JSON.stringify(SERVE_JS)});
    const studio = await m.startBrowserStudio({ port: 0, runsDir: ${JSON.stringify(runsDir)}, rendererDir: ${JSON.stringify(rendererDir)} });
    const ids = [];
    for (let i = 0; i < ${runs}; i++) {
      const r = await studio.service.call('startRun', { config: ${JSON.stringify(LONG)} });
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.value.runId);
    }
    console.log(JSON.stringify({ ids }));
    await m.untilSignal();
    await studio.close();
    process.exit(0);`;
  const file = path.join(rendererDir, 'host.mjs');
  writeFileSync(file, script);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ids = new Promise<string[]>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]) as { ids: string[] }).ids);
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}) before starting its runs: ${err}`)));
  });
  return { child, ids };
}

/** Waits until every run has a checkpoint past step 0; the training children's pids. */
async function trainingPids(dir: string, ids: string[]): Promise<number[]> {
  return until('checkpointed runs', () => {
    const recs = ids.map((id) => readRun(dir, id));
    if (!recs.every((r) => r && r.status === 'running' && r.checkpointStep >= 10 && r.pid)) return null;
    return recs.map((r) => r!.pid!);
  });
}

/** SIGKILLs `host`; resolves with how long (ms) the last of `pids` outlived it. */
async function killAndTime(host: ChildProcess, pids: number[]): Promise<number> {
  orphans.push(...pids);
  const exited = new Promise((r) => host.once('exit', r));
  host.kill('SIGKILL');
  await exited;
  const t0 = Date.now();
  await until('the children to exit', () => pids.every((p) => !isPidAlive(p)), 10_000);
  return Date.now() - t0;
}

describe('the host dies', () => {
  it('SIGKILL of the studio host: its children exit within 5 s, their runs interrupted and resumable', async () => {
    const dir = tmpRunsDir('host-kill-');
    const host = startHost(dir, 2);
    const ids = await host.ids;
    const pids = await trainingPids(dir, ids);
    const outlived = await killAndTime(host.child, pids);
    expect(outlived).toBeLessThan(5000);
    for (const id of ids) {
      const rec = readRun(dir, id)!;
      expect(rec.status).toBe('interrupted');
      expect(rec.error).toMatch(/host process \(pid \d+\)/);
      expect(rec.checkpointStep).toBe(rec.step);
    }
    // Resumable: the CLI continues one from its checkpoint (stopped again by SIGINT after a few more steps).
    const at = readRun(dir, ids[0])!.checkpointStep;
    const resume = spawn(process.execPath, [BIN, 'resume', ids[0], '--runs-dir', dir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.push(resume);
    let out = '';
    resume.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const done = new Promise((r) => resume.once('exit', r));
    await until('the resumed run to progress', () => (readRun(dir, ids[0])?.step ?? 0) > at + 10);
    resume.kill('SIGINT');
    await done;
    const rec = lastJson<{ run: RunRecord }>(out).run;
    expect(rec.status).toBe('stopped');
    expect(rec.stoppedBy).toBe('user');
    expect(rec.step).toBeGreaterThan(at);
  }, 180_000);

  it('SIGTERM of the studio host: its runs are stopped by the host, and `runs list` says so', async () => {
    const dir = tmpRunsDir('host-term-');
    const host = startHost(dir, 1);
    const [id] = await host.ids;
    await trainingPids(dir, [id]);
    const exited = new Promise<number | null>((r) => host.child.once('exit', (code) => r(code)));
    host.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const rec = readRun(dir, id)!;
    expect(rec.status).toBe('stopped');
    expect(rec.stoppedBy).toBe('host');
    const list = await cliAsync(['runs', 'list', '--runs-dir', dir]);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+stopped by host`));
  }, 120_000);

  it('SIGKILL of `lstm-studio compare`: its children exit within 5 s; `resume COMPARISON_ID` finishes and summarises it', async () => {
    const dir = tmpRunsDir('compare-kill-');
    const args = ['compare', '--dataset', 'task:last-token', '--train-limit', '64', '--test-limit', '32', '--hidden', '8', '--batch', '8', '--epochs', '60', '--eval-every', '10', '--backend', 'cpu', '--variants', 'output_step,hidden_concat', '--repeats', '1', '--parallel', '2', '--runs-dir', dir, '--json'];
    const compare = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    spawned.push(compare);
    const cmpFile = () => {
      const name = existsSync(dir) ? readdirSync(dir).find((n) => existsSync(path.join(dir, n, 'comparison.json'))) : undefined;
      return name ? (JSON.parse(readFileSync(path.join(dir, name, 'comparison.json'), 'utf8')) as { id: string; runs: { runId: string }[] }) : null;
    };
    const cmp = await until('both cells to start', () => {
      const c = cmpFile();
      return c && c.runs.length === 2 ? c : null;
    });
    const ids = cmp.runs.map((r) => r.runId);
    const pids = await trainingPids(dir, ids);
    const outlived = await killAndTime(compare, pids);
    expect(outlived).toBeLessThan(5000);
    for (const id of ids) expect(readRun(dir, id)!.status).toBe('interrupted');
    const listed = lastJson<{ comparisons: { id: string; status: string }[] }>((await cliAsync(['runs', 'list', '--runs-dir', dir, '--json'])).stdout);
    expect(listed.comparisons.find((c) => c.id === cmp.id)?.status).toBe('interrupted');
    const resumed = await cliAsync(['resume', cmp.id, '--runs-dir', dir, '--json']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const result = lastJson<{ comparison: { cells: { runId: string; status: string }[]; verdict: string } }>(resumed.stdout).comparison;
    expect(result.cells.map((c) => c.status)).toEqual(['completed', 'completed']);
    expect(result.cells.map((c) => c.runId).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const steps = readFileSync(path.join(dir, id, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; step: number }).filter((m) => m.type === 'train').map((m) => m.step);
      expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1)); // no step lost or repeated
    }
  }, 240_000);
});
