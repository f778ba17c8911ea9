/**
 * forkRun with a scripted transport: the host acknowledges the child's last message (done or fatal), a run that
 * ended before it started rejects with the record's reason, and a child that dies alone leaves its run
 * `interrupted` on disk with a status event saying so.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/contract/config.js';
import type { RunEvent } from '../../../src/contract/events.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import { type ChildTransport, forkRun, type TransportFactory } from '../../../src/host/train/fork-run.js';
import type { WorkerCommand } from '../../../src/host/train/run-job.js';
import { tempDir } from '../runs/helpers.js';

const config = runConfigSchema.parse({ data: { dataset: 'task:last-token' } });

interface Scripted {
  transport: TransportFactory;
  commands: WorkerCommand[];
  say(m: unknown): void;
  exit(code: number | null, signal?: string | null): void;
}

function scripted(): Scripted {
  const commands: WorkerCommand[] = [];
  let onMessage: (m: unknown) => void = () => undefined;
  let onExit: (code: number | null, signal?: string | null) => void = () => undefined;
  const child: ChildTransport = {
    send: (c) => commands.push(c),
    onMessage: (cb) => (onMessage = cb),
    onExit: (cb) => (onExit = cb),
    kill: () => onExit(null, 'SIGKILL'),
  };
  return { transport: () => child, commands, say: (m) => onMessage(m), exit: (c, s) => onExit(c, s) };
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('fork-run-'));
});
afterEach(async () => cleanup());

describe('forkRun', () => {
  it('acknowledges done and fatal', async () => {
    const s = scripted();
    const proc = forkRun({ config, runsDir: dir }, s.transport);
    s.say({ type: 'fatal', runId: null, message: 'dataset "csv:/x" not found' });
    await expect(proc.runId).rejects.toThrow('dataset "csv:/x" not found');
    expect(s.commands.map((c) => c.type)).toEqual(['start', 'ack']);
    s.exit(1);
    expect(await proc.done).toBeNull();
    expect(proc.failure).toBe('dataset "csv:/x" not found');
  });

  it('a run that ends before it started rejects its id with the record\'s reason, not "process exited"', async () => {
    const s = scripted();
    const proc = forkRun({ config, runsDir: dir, resumeId: 'r1' }, s.transport);
    const writer = await new RunStore(dir).create({ name: 'r', config, plannedSteps: 4 });
    const record = await writer.finish('failed', undefined, 'checkpoint.bin: fc.bias: expected shape [2], got [7]');
    s.say({ type: 'done', runId: record.id, record });
    s.exit(0);
    await expect(proc.runId).rejects.toThrow('checkpoint.bin: fc.bias: expected shape [2], got [7]');
    expect(s.commands.map((c) => c.type)).toEqual(['start', 'ack']);
    expect((await proc.done)?.status).toBe('failed');
  });

  it('sends who stops a run', () => {
    const s = scripted();
    const proc = forkRun({ config, runsDir: dir }, s.transport);
    proc.stop('host');
    proc.stop();
    expect(s.commands.slice(1)).toEqual([{ type: 'stop', by: 'host' }, { type: 'stop', by: 'user' }]);
  });

  it('a child that dies alone leaves its run interrupted on disk and says so in a status event', async () => {
    const s = scripted();
    // The run as the child left it: running, owned by a pid that is gone.
    const store = new RunStore(dir, undefined, { pid: 999_999_999 });
    const writer = await store.create({ name: 'r', config, plannedSteps: 100 });
    await writer.close();
    const proc = forkRun({ config, runsDir: dir }, s.transport);
    const events: RunEvent[] = [];
    proc.onEvent((e) => events.push(e));
    s.say({ type: 'started', runId: writer.id });
    expect(await proc.runId).toBe(writer.id);
    s.exit(null, 'SIGKILL');
    expect(await proc.done).toBeNull();
    const rec = await new RunStore(dir).get(writer.id);
    expect(rec.status).toBe('interrupted');
    expect(rec.error).toMatch(/training process was killed by SIGKILL before the run ended/);
    expect(events).toEqual([{ type: 'status', runId: writer.id, status: 'interrupted', message: rec.error }]);
    expect(proc.failure).toMatch(/killed by SIGKILL/);
  });
});
