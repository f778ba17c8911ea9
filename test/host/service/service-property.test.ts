/**
 * Property test: random payloads for every request type go through the contract validation and the service.
 * Only typed responses come back (never a thrown error or a rejected promise), and nothing outside the runs folder
 * is created, changed or deleted.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, type ApiMethod } from '../../../src/contract/api.js';
import { API_METHODS } from '../../../src/contract/api-methods.js';
import type { StudioService } from '../../../src/host/service/studio-service.js';
import { fakeWorkerTransport } from './fake-worker.js';
import { makeService } from './helpers.js';

const NUM_RUNS = 10_000;

/** path → size:mtime of every file and folder under `root`, skipping `skip`. */
function snapshot(root: string, skip: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (p === skip) continue;
      const s = statSync(p);
      out.set(p, `${s.size}:${s.mtimeMs}:${s.isDirectory() ? 'd' : 'f'}`);
      if (s.isDirectory()) walk(p);
    }
  };
  walk(root);
  return out;
}

const hostile = fc.constantFrom(
  '../x', '../../etc/passwd', '/etc/passwd', 'a\0b', '..', '.', '', ' ', '__proto__', 'constructor', 'prototype',
  'C:\\Windows\\System32', '%2e%2e%2fsecret', 'x'.repeat(5000), 'sentinel', '../outside/sentinel', 'NaN', 'Infinity', '-1', '1e309',
);
const idLike = fc.oneof(hostile, fc.string(), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/));
const numberish = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e309, Number.NaN, 2 ** 53, 99_999));
const configLike = fc.record(
  {
    model: fc.dictionary(fc.constantFrom('hidden', 'layers', 'dropout', 'feature', 'inputSize', '__proto__', 'vocabSize'), fc.oneof(numberish, fc.string(), fc.boolean())),
    data: fc.record({ dataset: fc.oneof(hostile, fc.constantFrom('csv:../../etc/passwd', 'idx:/etc/passwd,/etc/passwd', 'task:nope', 'csv:/dev/zero')) }, { requiredKeys: [] }),
    train: fc.dictionary(fc.constantFrom('lr', 'batch', 'epochs', 'seed', 'backend', 'optimizer', 'constructor'), fc.oneof(numberish, fc.string())),
  },
  { requiredKeys: [] },
);
const payload = fc.oneof(
  { weight: 3, arbitrary: fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }) },
  { weight: 3, arbitrary: idLike },
  { weight: 2, arbitrary: fc.record({ config: configLike, variants: fc.array(fc.oneof(fc.string(), fc.constantFrom('output_step', 'hidden_concat')), { maxLength: 6 }), repeats: numberish }, { requiredKeys: [] }) },
  { weight: 2, arbitrary: configLike },
  { weight: 1, arbitrary: fc.record({ model: configLike, batch: numberish, seqLen: numberish }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.record({ id: idLike, __proto__: fc.anything() }) },
);

let parent = '';
let runsDir = '';
let service: StudioService;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'svc-prop-'));
  runsDir = path.join(parent, 'runs');
  mkdirSync(runsDir);
  mkdirSync(path.join(parent, 'outside'));
  writeFileSync(path.join(parent, 'outside', 'sentinel'), 'keep me');
  writeFileSync(path.join(parent, 'sentinel'), 'keep me too');
  // A valid-looking run id that is a symlink-free folder outside: must never be read or deleted through the API.
  const { transport } = fakeWorkerTransport({ steps: 1, tickMs: 1 });
  service = (await makeService(runsDir, transport)).service;
});

afterAll(async () => {
  await service?.close();
});

describe('StudioService under random payloads', () => {
  it.each(API_METHODS.map((m) => [m] as const))('%s: 10,000 payloads give typed responses only and touch nothing outside the runs folder', async (method: ApiMethod) => {
    const before = snapshot(parent, runsDir);
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        // The contract itself never throws on any input.
        const parsed = API[method].request.safeParse(p);
        expect(typeof parsed.success).toBe('boolean');
        const r = await service.call(method, p);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(typeof r.error.code).toBe('string');
          expect(typeof r.error.message).toBe('string');
          expect(r.error.code).not.toBe('internal');
        }
      }),
      { numRuns: NUM_RUNS },
    );
    expect(snapshot(parent, runsDir)).toEqual(before);
    expect(readFileSync(path.join(parent, 'outside', 'sentinel'), 'utf8')).toBe('keep me');
  });
});
