/**
 * The training child's session with a fake port and timers: the last message is acknowledged before the child
 * exits (no reliance on a transport's ordering of the last message and the exit), a missing ack ends in a bounded
 * wait, and a dead host stops the run (reason `host-died`) and lets the child go without waiting for an ack.
 */
import { describe, expect, it } from 'vitest';
import { runConfigSchema } from '../../../src/contract/config.js';
import type { RunRecord } from '../../../src/contract/run-record.js';
import type { ExecuteIo } from '../../../src/host/train/execute-run.js';
import type { RunJob, WorkerMessage } from '../../../src/host/train/run-job.js';
import { startWorkerSession } from '../../../src/host/train/worker-session.js';

const config = runConfigSchema.parse({});
const job: RunJob = { config, runsDir: '/tmp/none' };
const record = (status: RunRecord['status']): RunRecord => ({
  id: 'r1', name: 'r', status, config, versions: {}, seed: 0, plannedSteps: 1, step: 1, checkpointStep: 1,
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
});

function harness(execute: (job: RunJob, io: ExecuteIo) => Promise<RunRecord>) {
  const sent: WorkerMessage[] = [];
  const exits: number[] = [];
  const timers: { ms: number; cb: () => void }[] = [];
  let command: (raw: unknown) => void = () => undefined;
  let gone: (why: string) => void = () => undefined;
  const session = startWorkerSession({
    port: { send: (m) => sent.push(m), onCommand: (cb) => (command = cb), exit: (c) => exits.push(c) },
    execute,
    watchParent: (cb) => (gone = cb),
    setTimer: (cb, ms) => timers.push({ cb, ms }),
  });
  const tick = () => new Promise((r) => setImmediate(r));
  return { sent, exits, timers, session, command: (c: unknown) => command(c), hostDies: (why = 'host gone') => gone(why), tick };
}

/** An execute that sends `done` and returns at once. */
const finishing = async (_job: RunJob, io: ExecuteIo) => {
  const rec = record('completed');
  io.onEvent({ type: 'done', runId: 'r1', record: rec });
  return rec;
};

describe('worker session: the acknowledged last message', () => {
  it('sends done, then exits only when the host acknowledges it', async () => {
    const h = harness(finishing);
    h.command({ type: 'start', job });
    await h.tick();
    expect(h.sent.map((m) => m.type)).toEqual(['done']);
    expect(h.exits).toEqual([]);
    h.command({ type: 'ack' });
    expect(h.exits).toEqual([0]);
  });

  it('exits after the ack timeout (the job\'s ackTimeoutMs) when no ack comes', async () => {
    const h = harness(finishing);
    h.command({ type: 'start', job: { ...job, ackTimeoutMs: 1234 } });
    await h.tick();
    expect(h.exits).toEqual([]);
    expect(h.timers.map((t) => t.ms)).toEqual([1234]);
    h.timers[0].cb();
    expect(h.exits).toEqual([0]);
  });

  it('an ack that arrives before the run has quite returned lets the child exit as soon as it has', async () => {
    let finish!: () => void;
    const h = harness(
      (_job, io) =>
        new Promise((resolve) => {
          io.onEvent({ type: 'done', runId: 'r1', record: record('completed') });
          finish = () => resolve(record('completed'));
        }),
    );
    h.command({ type: 'start', job });
    await h.tick();
    h.command({ type: 'ack' });
    expect(h.exits).toEqual([]);
    finish();
    await h.tick();
    expect(h.exits).toEqual([0]);
  });

  it('a job that cannot start sends fatal with the real reason, then exits 1 on the ack', async () => {
    const h = harness(async () => {
      throw new Error('checkpoint.bin of run r1: meta.trainer.step: too small; it cannot be resumed');
    });
    h.command({ type: 'start', job });
    await h.tick();
    expect(h.sent).toEqual([{ type: 'fatal', runId: null, message: 'checkpoint.bin of run r1: meta.trainer.step: too small; it cannot be resumed' }]);
    expect(h.exits).toEqual([]);
    h.command({ type: 'ack' });
    expect(h.exits).toEqual([1]);
  });

  it('answers an invalid command with fatal and keeps going', () => {
    const h = harness(finishing);
    h.command({ type: 'launch' });
    expect(h.sent[0]).toMatchObject({ type: 'fatal', message: expect.stringContaining('invalid command') });
    expect(h.exits).toEqual([]);
  });
});

describe('worker session: the host dies', () => {
  it('stops the run with reason host-died and exits without an ack once it has ended', async () => {
    let seen: ExecuteIo | null = null;
    let end!: () => void;
    const h = harness(
      (_job, io) =>
        new Promise((resolve) => {
          seen = io;
          end = () => {
            io.onEvent({ type: 'done', runId: 'r1', record: record('interrupted') });
            resolve(record('interrupted'));
          };
        }),
    );
    h.command({ type: 'start', job });
    h.hostDies('its host process (pid 7) ended');
    expect(seen!.control.stopRequested).toBe(true);
    expect(seen!.control.stopReason).toBe('host-died');
    expect(seen!.control.stopDetail).toBe('its host process (pid 7) ended');
    // A bounded grace: the child leaves even if the run never ends.
    expect(h.timers.map((t) => t.ms)).toEqual([3000]);
    end();
    await h.tick();
    expect(h.exits).toEqual([0]);
    expect(h.sent).toEqual([]); // nothing is sent to a dead host
  });

  it('leaves at once when the host dies before a job started, or while it waits for an ack', async () => {
    const idle = harness(finishing);
    idle.hostDies();
    expect(idle.exits).toEqual([1]);
    const waiting = harness(finishing);
    waiting.command({ type: 'start', job });
    await waiting.tick();
    expect(waiting.exits).toEqual([]);
    waiting.hostDies();
    expect(waiting.exits).toEqual([0]);
  });

  it('forces the exit after the grace when the run does not end', () => {
    const h = harness(() => new Promise(() => undefined));
    h.command({ type: 'start', job });
    h.hostDies();
    h.timers[0].cb();
    expect(h.exits).toEqual([1]);
  });
});
