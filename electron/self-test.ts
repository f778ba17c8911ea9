/**
 * The desktop self-test: `electron . --lstm-studio-self-test=REPORT.json` opens the window as usual, then
 * 1. trains a tiny run from the page through `window.studio` (the real preload and IPC; self-test-renderer.ts),
 * 2. checks that run on disk (run.json valid and completed, metrics.jsonl with train and eval records),
 * 3. starts heap-probe.js the way training children start (utility process, the training V8 flags as
 *    `--js-flags`) and checks with `v8.getHeapStatistics()` in there that a V8 flag took effect: the
 *    old-space cap from TRAINING_V8_FLAGS, or one added for the probe when the list has none,
 * writes REPORT.json (atomically) and quits with 0 when every check passed, else 1.
 * test/electron/desktop-app.test.ts runs it wherever an Electron binary exists.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiRequestInput } from '../src/contract/api.js';
import { metricRecordSchema, runRecordSchema } from '../src/contract/run-record.js';
import type { ChildTransport } from '../src/host/train/fork-run.js';
import { trainThroughBridge, type BridgeRunResult } from './self-test-renderer.js';

export const SELF_TEST_SWITCH = '--lstm-studio-self-test';

/** A tiny run: 4 steps of a small LSTM on a token task, on the plain CPU backend. */
export const SELF_TEST_CONFIG = {
  model: { hidden: 8 },
  data: { dataset: 'task:last-token', trainLimit: 64, testLimit: 32 },
  train: { maxSteps: 4, batch: 8, evalEvery: 2, backend: 'cpu' },
} as const satisfies ApiRequestInput<'startRun'>['config'];

/** The old-space cap the probe adds when the training flags set none (MiB). */
export const PROBE_OLD_SPACE_MB = 200;

/** REPORT.json of `--lstm-studio-self-test=REPORT.json`, or null when the switch is absent. */
export function selfTestReportPath(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a === SELF_TEST_SWITCH || a.startsWith(`${SELF_TEST_SWITCH}=`));
  if (arg === undefined) return null;
  const path = arg.slice(SELF_TEST_SWITCH.length + 1);
  if (!path) throw new Error(`${SELF_TEST_SWITCH}: expected =REPORT.json (the file the report is written to)`);
  return path;
}

/** The probe's flags (the training flags, plus an old-space cap when they have none) and the cap it expects. */
export function probeFlags(trainingFlags: readonly string[]): { flags: string[]; oldSpaceMb: number } {
  const cap = (f: string) => /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(f);
  const own = trainingFlags.map(cap).filter((m) => m !== null).pop();
  if (own) return { flags: [...trainingFlags], oldSpaceMb: Number(own[1]) };
  return { flags: [...trainingFlags, `--max-old-space-size=${PROBE_OLD_SPACE_MB}`], oldSpaceMb: PROBE_OLD_SPACE_MB };
}

export interface SelfTestCheck {
  name: 'renderer-ipc' | 'run-on-disk' | 'utility-v8-flags';
  ok: boolean;
  detail: string;
}

export interface SelfTestReport {
  ok: boolean;
  checks: SelfTestCheck[];
  electron: string | null;
  run: BridgeRunResult | null;
  heap: { heapSizeLimitMb: number; expectedOldSpaceMb: number; flags: string[] } | null;
}

export interface SelfTestDeps {
  /** Runs a script in the window's page and resolves with its (awaited) result: webContents.executeJavaScript. */
  executeInPage(code: string): Promise<unknown>;
  /** Starts heap-probe.js in a utility process with these V8 flags (utilityTransportWith). */
  startProbe(v8Flags: readonly string[]): ChildTransport;
  trainingFlags: readonly string[];
  runTimeoutMs?: number;
  probeTimeoutMs?: number;
}

function checkRunOnDisk(runsDir: string, runId: string): SelfTestCheck {
  try {
    const record = runRecordSchema.parse(JSON.parse(readFileSync(join(runsDir, runId, 'run.json'), 'utf8')));
    const lines = readFileSync(join(runsDir, runId, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const metrics = lines.map((l) => metricRecordSchema.parse(JSON.parse(l)));
    const evals = metrics.filter((m) => m.type === 'eval').length;
    const ok = record.status === 'completed' && record.step === SELF_TEST_CONFIG.train.maxSteps && evals > 0 && metrics.length > evals;
    return { name: 'run-on-disk', ok, detail: `run.json ${record.status} at step ${record.step}; metrics.jsonl ${metrics.length} records (${evals} eval)` };
  } catch (err) {
    return { name: 'run-on-disk', ok: false, detail: `cannot read run ${runId} in ${runsDir}: ${(err as Error).message}` };
  }
}

async function probeHeap(deps: SelfTestDeps): Promise<{ check: SelfTestCheck; heap: SelfTestReport['heap'] }> {
  const { flags, oldSpaceMb } = probeFlags(deps.trainingFlags);
  const child = deps.startProbe(flags);
  const timeoutMs = deps.probeTimeoutMs ?? 20_000;
  const answer = await new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the probe did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.onMessage((m) => {
      clearTimeout(timer);
      child.send({ type: 'stop' });
      resolve(m);
    });
    child.onExit((code) => {
      clearTimeout(timer);
      reject(new Error(`the probe exited with code ${code} before answering`));
    });
  }).catch((err: Error) => err);
  const limit = (answer as { heapSizeLimit?: unknown } | null)?.heapSizeLimit;
  if (answer instanceof Error || typeof limit !== 'number') {
    const detail = answer instanceof Error ? answer.message : `unexpected answer ${JSON.stringify(answer)}`;
    return { check: { name: 'utility-v8-flags', ok: false, detail }, heap: null };
  }
  const mb = Math.round(limit / 1048576);
  // heap_size_limit is the old-space cap plus the young generation (tens of MB); V8's default is gigabytes.
  const ok = mb >= oldSpaceMb && mb <= oldSpaceMb + 128;
  return {
    check: { name: 'utility-v8-flags', ok, detail: `heap_size_limit ${mb} MiB with --max-old-space-size=${oldSpaceMb} in --js-flags (${flags.join(' ')})` },
    heap: { heapSizeLimitMb: mb, expectedOldSpaceMb: oldSpaceMb, flags },
  };
}

export async function runSelfTest(deps: SelfTestDeps): Promise<SelfTestReport> {
  const checks: SelfTestCheck[] = [];
  const timeoutMs = deps.runTimeoutMs ?? 120_000;
  let run: BridgeRunResult | null = null;
  try {
    run = (await deps.executeInPage(`(${trainThroughBridge.toString()})(${JSON.stringify(SELF_TEST_CONFIG)}, ${timeoutMs})`)) as BridgeRunResult;
    checks.push({ name: 'renderer-ipc', ok: run.ok && run.host === 'electron', detail: `${run.stage}: ${run.detail} (host ${run.host ?? '?'}, events ${run.events?.join(',') ?? '-'})` });
  } catch (err) {
    checks.push({ name: 'renderer-ipc', ok: false, detail: `the page script failed: ${(err as Error).message}` });
  }
  if (run?.runId && run.runsDir) checks.push(checkRunOnDisk(run.runsDir, run.runId));
  else checks.push({ name: 'run-on-disk', ok: false, detail: 'no run was started' });
  const { check, heap } = await probeHeap(deps);
  checks.push(check);
  return { ok: checks.every((c) => c.ok), checks, electron: process.versions.electron ?? null, run, heap };
}

/** Writes the report atomically (a reader never sees half of it). */
export function writeSelfTestReport(file: string, report: SelfTestReport): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(tmp, file);
}
