import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import { MetricsAppender } from '../../../src/host/runs/metrics-log.js';
import { assertEntryId, RunPaths } from '../../../src/host/runs/run-paths.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { sampleInit, tempDir, trainPoint } from './helpers.js';

let base: string;
let root: string;
let outside: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: base, cleanup } = await tempDir());
  root = join(base, 'runs');
  outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
  await writeFile(join(outside, 'run.json'), 'precious');
  await writeFile(join(outside, 'metrics.jsonl'), 'precious');
});
afterEach(() => cleanup());

async function failure(p: Promise<unknown>): Promise<RunStoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RunStoreError);
  return err as RunStoreError;
}

async function outsideIntact(): Promise<void> {
  expect((await readdir(outside)).sort()).toEqual(['metrics.jsonl', 'run.json']);
  expect(await readFile(join(outside, 'run.json'), 'utf8')).toBe('precious');
  expect(await readFile(join(outside, 'metrics.jsonl'), 'utf8')).toBe('precious');
}

describe('ids', () => {
  it.each([
    ['../x', /is a path/],
    ['..', /is a path/],
    ['/etc', /is a path/],
    ['a/b', /is a path/],
    ['a\\b', /is a path/],
    ['a\0b', /NUL/],
    ['', /expected lowercase/],
    ['Upper', /expected lowercase/],
    ['-lead', /expected lowercase/],
    ['x'.repeat(81), /1–80/],
  ])('refuses %j', (id, why) => {
    expect(() => assertEntryId(id)).toThrow(why);
    expect(() => new RunPaths(root).dir(id)).toThrow(RunStoreError);
  });

  it('accepts a generated-style id', () => {
    expect(assertEntryId('20261128-174501-mnist-7f3a')).toBe('20261128-174501-mnist-7f3a');
  });
});

describe('path safety of the store', () => {
  it.each(['../outside', '/etc', 'a\0b', '..', '../../etc/passwd'])('every operation refuses the id %j with BAD_ID', async (id) => {
    const store = new RunStore(root);
    for (const op of [
      () => store.get(id),
      () => store.readMetrics(id),
      () => store.readCheckpoint(id),
      () => store.exportCsv(id),
      () => store.delete(id, { force: true }),
      () => store.resume(id),
      () => store.getComparison(id),
      () => store.create({ ...sampleInit(), id }),
    ]) {
      expect((await failure(op())).code).toBe('BAD_ID');
    }
    await outsideIntact();
  });

  it('refuses a symlinked run folder pointing outside for reading and deleting; nothing outside is touched', async () => {
    await symlink(outside, join(root, 'evil-run'), 'dir');
    const store = new RunStore(root);
    for (const op of [
      () => store.get('evil-run'),
      () => store.readMetrics('evil-run'),
      () => store.readCheckpoint('evil-run'),
      () => store.exportCsv('evil-run'),
      () => store.delete('evil-run', { force: true }),
      () => store.resume('evil-run'),
      () => store.writeStateDict('evil-run', {}),
    ]) {
      const err = await failure(op());
      expect(err.code).toBe('BAD_ID');
      expect(err.message).toMatch(/symbolic link/);
    }
    expect(await store.list()).toEqual([]);
    await store.reconcile();
    await outsideIntact();
    expect((await readdir(root)).sort()).toEqual(['evil-run']);
  });

  it('refuses a run file that is a symlink (run.json, metrics.jsonl)', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    await w.finish('completed');
    const dir = join(root, w.id);
    await rm(join(dir, 'metrics.jsonl'));
    await symlink(join(outside, 'metrics.jsonl'), join(dir, 'metrics.jsonl'));
    expect((await failure(store.readMetrics(w.id))).message).toMatch(/symbolic link/);
    expect((await failure(MetricsAppender.open(join(dir, 'metrics.jsonl')))).code).toBe('BAD_ID');
    await rm(join(dir, 'run.json'));
    await symlink(join(outside, 'run.json'), join(dir, 'run.json'));
    expect((await failure(store.get(w.id))).code).toBe('BAD_ID');
    await outsideIntact();
  });

  it('delete removes only a real folder inside the root, and refuses a live run unless forced', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    await w.appendMetric(trainPoint(1));
    expect((await failure(store.delete(w.id))).code).toBe('INVALID');
    await w.finish('stopped');
    await store.delete(w.id);
    expect(await readdir(root)).toEqual([]);
    expect((await failure(store.delete(w.id))).code).toBe('NOT_FOUND');
    await writeFile(join(root, 'plain-file'), 'x');
    expect((await failure(store.delete('plain-file'))).code).toBe('CORRUPT');
    expect(await readFile(join(root, 'plain-file'), 'utf8')).toBe('x');
  });

  it('a symlink inside a run folder is removed with the folder, never followed', async () => {
    const store = new RunStore(root);
    const w = await store.create(sampleInit());
    await w.finish('completed');
    await symlink(outside, join(root, w.id, 'link-out'), 'dir');
    await store.delete(w.id);
    await outsideIntact();
  });
});
