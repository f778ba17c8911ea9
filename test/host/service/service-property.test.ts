/**
 * Property test: 10,000 random payloads per request type through StudioService.call, with a real RunStore on a
 * temp runs folder that holds genuine runs and a comparison (so the read, delete, export and resume handlers
 * really run), a transport whose child refuses every job (so start/resume reach the launcher, and nothing
 * trains), and the real comparison launcher for its first requests. Every reply is a valid wire reply (a typed
 * error or a value that fits the method's response schema, never `internal`); no exception escapes, no promise
 * is left rejected, and nothing outside the runs folder is created, changed or deleted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, responseSchemaOf, type ApiMethod } from '../../../src/contract/api.js';
import { runConfigSchema } from '../../../src/contract/config.js';
import { RUN_ID_PATTERN } from '../../../src/contract/run-record.js';
import type { ShapeReport } from '../../../src/contract/shapes.js';
import { runComparison } from '../../../src/host/compare/run-comparison.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { defaultServiceDeps } from '../../../src/host/service/default-deps.js';
import type { ServiceDeps } from '../../../src/host/service/service-deps.js';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { payloadFor } from '../../helpers/api-payloads.js';
import { fakeWorkerTransport } from './fake-worker.js';
import { makeService } from './helpers.js';

const NUM_RUNS = 10_000;
/** Real comparison launches (folder + failing cells) per test; later valid requests are only recorded. */
const REAL_COMPARISONS = 50;
/** Real shape traces per test; later valid requests get the last real report. */
const REAL_SHAPES = 10;

/** path → kind, size and content hash of everything under `root`, except `skip`. */
function snapshot(root: string, skip: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (p === skip) continue;
      const s = statSync(p);
      if (s.isDirectory()) {
        out.set(p, `d:${s.mtimeMs}`);
        walk(p);
      } else out.set(p, `f:${s.size}:${s.mtimeMs}:${createHash('sha1').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(root);
  return out;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

let parent = '';
let runsDir = '';
let service: StudioService;
let children: ReturnType<typeof fakeWorkerTransport>['children'];
const compareCalls: { runsDir: string; config: unknown }[] = [];
const shapeCalls: { batch: number; seqLen: number }[] = [];
const escaped: unknown[] = [];
const onEscape = (err: unknown) => void escaped.push(err);

/** Empties the runs folder and fills it with a completed run, a stopped run with a checkpoint, and a comparison. */
async function seedRuns(): Promise<string[]> {
  for (const name of readdirSync(runsDir)) rmSync(path.join(runsDir, name), { recursive: true, force: true });
  const store = new RunStore(runsDir);
  const config = runConfigSchema.parse({ data: { dataset: 'task:parity' } });
  const done = await store.create({ name: 'seed completed', config, plannedSteps: 2 });
  for (const step of [1, 2]) await done.appendMetric({ type: 'train', step, epoch: 0, loss: 1 / step, t: step });
  await done.flush();
  await done.finish('completed', { testAcc: 0.5, testLoss: 1, trainLoss: 0.5, steps: 2, wallMs: 2 });
  const stopped = await store.create({ name: 'seed stopped', config, plannedSteps: 4 });
  await stopped.appendMetric({ type: 'train', step: 1, epoch: 0, loss: 1, t: 1 });
  await stopped.writeCheckpoint(1, { meta: { seed: true }, tensors: {} });
  await stopped.finish('stopped');
  const cmp = await store.comparisons.create({ name: 'seed comparison', config, variants: ['output_step', 'hidden_concat'], repeats: 1 });
  await store.comparisons.update(cmp.id, { status: 'stopped' });
  return [done.id, stopped.id, cmp.id];
}

beforeAll(async () => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  parent = mkdtempSync(path.join(tmpdir(), 'svc-prop-'));
  runsDir = path.join(parent, 'runs');
  mkdirSync(runsDir);
  mkdirSync(path.join(parent, 'outside'));
  writeFileSync(path.join(parent, 'outside', 'sentinel'), 'keep me');
  writeFileSync(path.join(parent, 'sentinel'), 'keep me too');
  const fake = fakeWorkerTransport({ fatal: 'this child trains nothing (property test)' });
  children = fake.children;
  const real = defaultServiceDeps();
  let lastShape: ShapeReport | null = null;
  const deps: Partial<ServiceDeps> = {
    runComparison: (req, opts) => {
      compareCalls.push({ runsDir: opts.runsDir, config: req.config });
      if (compareCalls.length <= REAL_COMPARISONS) return runComparison(req, opts);
      return { id: `cmp-recorded-${compareCalls.length}`, done: Promise.reject(new Error('recorded only')), stop() {}, pause() {}, resume() {} };
    },
    shapeReport: async (model, batch, seqLen) => {
      shapeCalls.push({ batch, seqLen });
      if (shapeCalls.length <= REAL_SHAPES || lastShape === null) lastShape = await real.shapeReport(model, batch, seqLen);
      return lastShape;
    },
  };
  service = (await makeService(runsDir, fake.transport, deps)).service;
});

afterAll(async () => {
  await service?.close(5_000);
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe('StudioService under random payloads', () => {
  it.each(API_METHODS.map((m) => [m] as const))(
    '%s: 10,000 payloads give valid typed replies only and touch nothing outside the runs folder',
    async (method: ApiMethod) => {
      const known = await seedRuns();
      const before = snapshot(parent, runsDir);
      const childrenBefore = children.length;
      const wire = responseSchemaOf(method);
      const codes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(payloadFor(method, known), async (payload) => {
          const reply = await service.call(method, payload);
          const parsed = wire.safeParse(reply);
          check(parsed.success, `reply does not fit the ${method} wire schema: ${JSON.stringify(reply).slice(0, 300)}`);
          const code = reply.ok ? 'ok' : reply.error.code;
          check(code !== 'internal', `internal error: ${reply.ok ? '' : reply.error.message}`);
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }),
        { numRuns: NUM_RUNS },
      );
      await new Promise((r) => setTimeout(r, 20));

      expect(escaped).toEqual([]);
      expect(snapshot(parent, runsDir)).toEqual(before);
      expect(readFileSync(path.join(parent, 'outside', 'sentinel'), 'utf8')).toBe('keep me');
      // Inside the runs folder, only run / comparison folders (or the store's temp entries) ever appear.
      for (const name of readdirSync(runsDir)) expect(name).toMatch(/^(\.tmp-.*|[a-z0-9][a-z0-9-]{0,79})$/);
      // Every job that reached a training child targets this runs folder with a validated config.
      for (const child of children.slice(childrenBefore)) {
        for (const cmd of child.commands) {
          if (cmd.type !== 'start') continue;
          expect(cmd.job.runsDir).toBe(runsDir);
          expect(runConfigSchema.safeParse(cmd.job.config).success).toBe(true);
          if (cmd.job.resumeId !== undefined) expect(cmd.job.resumeId).toMatch(RUN_ID_PATTERN);
        }
      }
      for (const call of compareCalls) expect(call.runsDir).toBe(runsDir);
      for (const call of shapeCalls) expect(call.batch * call.seqLen).toBeLessThanOrEqual(64 * 512);

      // The payloads reached the handlers, not only the validator.
      const tally = Object.fromEntries(codes);
      expect(tally.invalid ?? 0, JSON.stringify(tally)).toBeGreaterThan(0);
      const reachesHandler: Partial<Record<ApiMethod, string>> = {
        getInfo: 'ok', listRuns: 'ok', listComparisons: 'ok', getRun: 'ok', getComparison: 'ok', exportCsv: 'ok',
        deleteRun: 'ok', startCompare: 'ok', shapes: 'ok', startRun: 'start-failed', resume: 'start-failed', stop: 'not-found', pause: 'conflict',
      };
      const expected = reachesHandler[method];
      if (expected) expect(tally[expected] ?? 0, JSON.stringify(tally)).toBeGreaterThan(0);
    },
    120_000,
  );
});
