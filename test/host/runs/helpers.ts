/** Test helpers for the runs folder: temp roots, a sample run, and a fault-injecting FsOps. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfigSchema } from '../../../src/contract/config.js';
import type { MetricRecord } from '../../../src/contract/run-record.js';
import { type FsOps, nodeFsOps, type WritableFile } from '../../../src/host/runs/fs-ops.js';
import type { RunInit } from '../../../src/host/runs/run-store.js';

/** A fresh temp folder; `cleanup` removes it. */
export async function tempDir(prefix = 'lstm-runs-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function sampleInit(overrides: Partial<RunInit> = {}): RunInit {
  return {
    name: 'seed-mnist · hidden_concat',
    config: runConfigSchema.parse({ model: { inputSize: 28 }, train: { seed: 3 } }),
    plannedSteps: 100,
    versions: { node: process.version },
    ...overrides,
  };
}

export const trainPoint = (step: number, loss = 1 / step): MetricRecord => ({ type: 'train', step, epoch: 0, loss, t: step * 10 });
export const evalPoint = (step: number, acc = 0.5): MetricRecord => ({
  type: 'eval',
  step,
  epoch: 0,
  testLoss: 0.7,
  testAcc: acc,
  t: step * 10 + 1,
});

/** A clock that starts at `start` and moves only when told. */
export function manualClock(start = '2026-11-28T17:45:01.000Z'): { now: () => Date; advance: (ms: number) => void; set: (iso: string) => void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => void (t += ms), set: (iso) => void (t = Date.parse(iso)) };
}

export function enospc(op: string): Error {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${op}`), { code: 'ENOSPC', errno: -28 });
}

/** Kinds of operation the fault layer can fail. */
export type OpKind = 'open' | 'write' | 'sync' | 'truncate' | 'rename' | 'unlink' | 'mkdir' | 'rmTree' | 'syncDir';

/**
 * node:fs with faults on demand:
 * - `diskFull(pred)`: writes (and creating files) whose path matches `pred` fail with ENOSPC; with
 *   `partial`, a failing write first writes half of its bytes (a torn write).
 * - `crashAfter(n)`: the n-th mutating operation (counting from now) and every later one throw ECRASH,
 *   simulating the process dying there; a write that crashes writes half its bytes first.
 * Reads, lstat, readdir and close always work. `ops` counts mutating operations.
 */
export class FaultFs implements FsOps {
  ops = 0;
  log: string[] = [];
  private full?: (path: string, kind: OpKind) => boolean;
  private partial = false;
  private crashAt = Infinity;
  private crashed = false;

  diskFull(pred: (path: string, kind: OpKind) => boolean = () => true, partial = false): void {
    this.full = pred;
    this.partial = partial;
  }

  freeSpace(): void {
    this.full = undefined;
  }

  crashAfter(n: number): void {
    this.crashAt = this.ops + n;
  }

  get hasCrashed(): boolean {
    return this.crashed;
  }

  /** Counts a mutating op; returns the fault to apply, if any. */
  private fault(kind: OpKind, path: string): 'crash' | 'enospc' | undefined {
    this.ops += 1;
    this.log.push(`${kind} ${path}`);
    if (this.crashed || this.ops >= this.crashAt) {
      this.crashed = true;
      return 'crash';
    }
    if (this.full && (kind === 'write' || kind === 'open' || kind === 'sync') && this.full(path, kind)) return 'enospc';
    return undefined;
  }

  private throwFor(f: 'crash' | 'enospc', op: string): never {
    if (f === 'crash') throw Object.assign(new Error(`simulated crash during ${op}`), { code: 'ECRASH' });
    throw enospc(op);
  }

  async openWrite(path: string, mode: 'append' | 'exclusive'): Promise<WritableFile> {
    const f = this.fault('open', path);
    // Opening an existing file for append needs no space; creating one may.
    if (f === 'crash' || (f === 'enospc' && mode === 'exclusive')) this.throwFor(f, `open '${path}'`);
    const inner = await nodeFsOps.openWrite(path, mode);
    return {
      write: async (data) => {
        const wf = this.fault('write', path);
        if (wf) {
          if (wf === 'crash' || this.partial) await inner.write(data.subarray(0, Math.floor(data.byteLength / 2)));
          this.throwFor(wf, `write '${path}'`);
        }
        return inner.write(data);
      },
      sync: async () => {
        const sf = this.fault('sync', path);
        if (sf) this.throwFor(sf, `fsync '${path}'`);
        return inner.sync();
      },
      truncate: async (length) => {
        const tf = this.fault('truncate', path);
        if (tf === 'crash') this.throwFor(tf, `truncate '${path}'`);
        return inner.truncate(length);
      },
      size: () => inner.size(),
      close: () => inner.close(),
    };
  }

  readFile(path: string): Promise<Uint8Array> {
    return nodeFsOps.readFile(path);
  }

  async rename(from: string, to: string): Promise<void> {
    if (this.fault('rename', to) === 'crash') this.throwFor('crash', `rename '${from}'`);
    return nodeFsOps.rename(from, to);
  }

  async unlink(path: string): Promise<void> {
    if (this.fault('unlink', path) === 'crash') this.throwFor('crash', `unlink '${path}'`);
    return nodeFsOps.unlink(path);
  }

  lstat(path: string) {
    return nodeFsOps.lstat(path);
  }

  async mkdir(path: string, recursive: boolean): Promise<void> {
    if (this.fault('mkdir', path) === 'crash') this.throwFor('crash', `mkdir '${path}'`);
    return nodeFsOps.mkdir(path, recursive);
  }

  readdir(path: string): Promise<string[]> {
    return nodeFsOps.readdir(path);
  }

  async rmTree(path: string): Promise<void> {
    if (this.fault('rmTree', path) === 'crash') this.throwFor('crash', `rm '${path}'`);
    return nodeFsOps.rmTree(path);
  }

  async syncDir(path: string): Promise<void> {
    if (this.fault('syncDir', path) === 'crash') this.throwFor('crash', `fsync '${path}'`);
    return nodeFsOps.syncDir(path);
  }
}
