/**
 * A stand-in for the training child at the transport boundary: a ChildTransport that speaks the worker
 * protocol (start / stop / pause / resume in; started, status, progress, train, done, fatal out) and writes
 * the run folder through the real RunStore, so the service's disk-side methods see genuine runs. It "trains"
 * one step per tick; tests drive it with `behaviour`.
 */
import type { WorkerCommand } from '../../../src/host/train/run-job.js';
import type { ChildTransport, TransportFactory } from '../../../src/host/train/fork-run.js';
import { RunStore } from '../../../src/host/runs/run-store.js';
import type { RunWriter } from '../../../src/host/runs/run-writer.js';

/** Fake children's pids: beyond any real pid, so they count as dead once their writer is closed. */
export const FAKE_PID_BASE = 999_000_000;

export interface FakeBehaviour {
  /** Steps before the run completes (default 5). */
  steps?: number;
  /** Milliseconds per step (default 5). */
  tickMs?: number;
  /** Send `fatal` instead of starting. */
  fatal?: string;
  /** Exit with this code right after the start command, without a word. */
  crashOnStart?: number;
  /** Die (exit 137, no `done`) after this many steps, leaving the run `running` on disk. */
  dieAfterSteps?: number;
  /** Make metrics durable only every this many steps (default 1), as the real child does at evaluations. */
  flushEvery?: number;
}

export interface FakeChild {
  commands: WorkerCommand[];
  killed: boolean;
  exited: boolean;
}

export function fakeWorkerTransport(behaviour: FakeBehaviour = {}): { transport: TransportFactory; children: FakeChild[] } {
  const children: FakeChild[] = [];
  const transport: TransportFactory = (): ChildTransport => {
    const child: FakeChild = { commands: [], killed: false, exited: false };
    children.push(child);
    let onMessage: (m: unknown) => void = () => undefined;
    let onExit: (code: number | null) => void = () => undefined;
    let paused = false;
    let stopRequested = false;
    let stoppedBy: 'user' | 'host' | undefined;
    const post = (m: unknown) => setImmediate(() => onMessage(structuredClone(m)));
    const exit = (code: number | null) =>
      setImmediate(() => {
        if (child.exited) return;
        child.exited = true;
        onExit(code);
      });

    const train = async (job: Extract<WorkerCommand, { type: 'start' }>['job']) => {
      const steps = behaviour.steps ?? 5;
      // Each fake child has a pid of its own (one no process has), as a real child would.
      const store = new RunStore(job.runsDir, undefined, { pid: FAKE_PID_BASE + children.length });
      let writer: RunWriter;
      let from = 0;
      if (job.resumeId) {
        const resumed = await store.resume(job.resumeId);
        writer = resumed.writer;
        from = resumed.info.step;
        await writer.update({ stoppedBy: undefined });
      } else {
        writer = await store.create({
          ...(job.runId ? { id: job.runId } : {}),
          name: job.name ?? 'fake run',
          config: job.config,
          plannedSteps: steps,
          ...(job.preset ? { preset: job.preset } : {}),
          ...(job.comparison ? { comparison: job.comparison } : {}),
        });
      }
      const runId = writer.id;
      post({ type: 'started', runId });
      post({ type: 'status', runId, status: 'running' });
      for (let step = from + 1; step <= steps; step++) {
        while (paused && !stopRequested) await new Promise((r) => setTimeout(r, 2));
        if (stopRequested) {
          await writer.writeCheckpoint(step - 1, { meta: { fake: true }, tensors: {} });
          const record = await writer.finish('stopped', undefined, undefined, { stoppedBy: stoppedBy ?? 'user' });
          post({ type: 'done', runId, record });
          return exit(0);
        }
        await new Promise((r) => setTimeout(r, behaviour.tickMs ?? 5));
        const point = { type: 'train' as const, step, epoch: 0, loss: 1 / step, t: step };
        await writer.appendMetric(point);
        if (step % (behaviour.flushEvery ?? 1) === 0) await writer.flush();
        post({ type: 'progress', runId, step, plannedSteps: steps, epoch: 0, loss: point.loss, elapsedMs: step, etaMs: 0 });
        post({ type: 'train', runId, points: [point] });
        if (behaviour.dieAfterSteps !== undefined && step >= behaviour.dieAfterSteps) {
          await writer.close(true);
          return exit(137);
        }
      }
      const record = await writer.finish('completed', { testAcc: 0.5, testLoss: 1, trainLoss: 1 / steps, steps, wallMs: steps });
      post({ type: 'done', runId, record });
      exit(0);
    };

    return {
      send: (cmd) => {
        child.commands.push(cmd);
        if (cmd.type === 'start') {
          if (behaviour.crashOnStart !== undefined) return exit(behaviour.crashOnStart);
          if (behaviour.fatal) {
            post({ type: 'fatal', runId: null, message: behaviour.fatal });
            return exit(1);
          }
          void train(cmd.job).catch((err: unknown) => {
            post({ type: 'fatal', runId: null, message: String(err) });
            exit(1);
          });
        } else if (cmd.type === 'stop') {
          stopRequested = true;
          stoppedBy = cmd.by;
        }
        else if (cmd.type === 'pause') paused = true;
        else if (cmd.type === 'resume') paused = false;
      },
      onMessage: (cb) => {
        onMessage = cb;
      },
      onExit: (cb) => {
        onExit = cb;
      },
      kill: () => {
        child.killed = true;
        exit(null);
      },
    };
  };
  return { transport, children };
}
