import { readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanStaleTmp, isTmpName, writeFileAtomic } from '../../../src/host/runs/atomic-file.js';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import { nodeFsOps } from '../../../src/host/runs/fs-ops.js';
import { FaultFs, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('writeFileAtomic', () => {
  it('creates and replaces a file and leaves no temp file behind', async () => {
    const file = join(dir, 'run.json');
    await writeFileAtomic(nodeFsOps, file, 'one');
    await writeFileAtomic(nodeFsOps, file, new TextEncoder().encode('two'));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('fault: a crash before the rename keeps the previous version and only leaves a temp file', async () => {
    const file = join(dir, 'run.json');
    await writeFileAtomic(nodeFsOps, file, 'previous');
    const fs = new FaultFs();
    // open, write, sync of the temp file succeed; the rename (4th op) "crashes".
    fs.crashAfter(4);
    await expect(writeFileAtomic(fs, file, 'next version')).rejects.toThrow(/simulated crash/);
    expect(await readFile(file, 'utf8')).toBe('previous');
  });

  it('fault: ENOSPC while writing the temp file is a typed "disk full" error and keeps the previous version', async () => {
    const file = join(dir, 'run.json');
    await writeFileAtomic(nodeFsOps, file, 'previous');
    const fs = new FaultFs();
    fs.diskFull(() => true, true);
    const err = await writeFileAtomic(fs, file, 'x'.repeat(1000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunStoreError);
    expect((err as RunStoreError).code).toBe('ENOSPC');
    expect((err as RunStoreError).message).toMatch(/disk full/);
    expect((err as RunStoreError).message).toContain(file);
    expect(await readFile(file, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['run.json']); // the torn temp file was removed
  });

  it('never writes through a symlink planted at the target: the link is replaced, its target untouched', async () => {
    const outside = join(dir, 'outside.txt');
    await writeFile(outside, 'secret');
    const sub = join(dir, 'run');
    await nodeFsOps.mkdir(sub, false);
    await symlink(outside, join(sub, 'run.json'));
    await writeFileAtomic(nodeFsOps, join(sub, 'run.json'), 'record');
    expect(await readFile(outside, 'utf8')).toBe('secret');
    expect(await readFile(join(sub, 'run.json'), 'utf8')).toBe('record');
  });
});

describe('cleanStaleTmp', () => {
  it('removes temp files of dead processes and old-style NAME.tmp, keeps those of live writers', async () => {
    await writeFile(join(dir, 'run.json'), '{}');
    await writeFile(join(dir, 'run.json.tmp'), '{"half');
    await writeFile(join(dir, 'run.json.4242.1.tmp'), '{"dead');
    await writeFile(join(dir, 'checkpoint.bin.777.3.tmp'), 'live');
    const removed = await cleanStaleTmp(nodeFsOps, dir, { isPidAlive: (pid) => pid === 777 });
    expect(removed.sort()).toEqual(['run.json.4242.1.tmp', 'run.json.tmp']);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.bin.777.3.tmp', 'run.json']);
  });

  it('removes a temp file of a live pid once it is older than 10 minutes (pid reuse)', async () => {
    const old = join(dir, 'run.json.777.3.tmp');
    await writeFile(old, 'x');
    const past = new Date(Date.now() - 11 * 60 * 1000);
    await utimes(old, past, past);
    expect(await cleanStaleTmp(nodeFsOps, dir, { isPidAlive: () => true })).toEqual(['run.json.777.3.tmp']);
  });

  it('recognizes temp names', () => {
    expect(isTmpName('run.json.tmp')).toBe(true);
    expect(isTmpName('run.json.12.3.tmp')).toBe(true);
    expect(isTmpName('run.json')).toBe(false);
    expect(isTmpName('metrics.jsonl')).toBe(false);
  });

  it('returns nothing for a missing folder', async () => {
    expect(await cleanStaleTmp(nodeFsOps, join(dir, 'nope'))).toEqual([]);
  });
});
