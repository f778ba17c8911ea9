/**
 * Starting jobs in the service: a run takes a training slot (or waits in the queue as `queued`, with the id it
 * will have), forks its child, is registered once the child reports its run id, and gives its slot back when
 * the child ends; a comparison (new or continued) is registered once its comparison.json exists, and its cells
 * take slots from the same pool. Events that arrive before a job is registered are held back, so a view never
 * sees a job it cannot look up.
 */
import { ApiFailure, type JobState } from '../../contract/api.js';
import type { ComparisonEvent, RunEvent } from '../../contract/events.js';
import { RunStoreError } from '../runs/errors.js';
import type { RunJobInput } from '../train/run-job.js';
import type { SlotSource, SlotTicket } from '../train/run-slots.js';
import { toApiError } from './dispatch.js';
import type { LiveJob } from './live-jobs.js';
import type { ServiceCore } from './service-core.js';
import type { ComparisonHandle, ComparisonOptions } from './service-deps.js';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function startTimeout<T>(core: ServiceCore, promise: Promise<T>, onTimeout: () => void): Promise<T> {
  const ms = core.opts.startTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new ApiFailure('start-failed', `the training process did not report a run id within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function ended(core: ServiceCore, id: string, kind: 'run' | 'comparison'): void {
  core.live.remove(id);
  if (kind === 'run') core.tails.forget(id);
  core.emit({ type: 'job', id, kind, state: null });
  core.emit({ type: 'runs-changed', reason: 'ended', id });
}

/** Forks the run's child (holding `ticket`) and tracks it until it ends; rejects when it does not start. */
async function startChild(core: ServiceCore, id: string, job: RunJobInput, ticket: SlotTicket): Promise<void> {
  const proc = core.deps.forkRun(job, core.opts.transport);
  const pending: RunEvent[] = [];
  let started = false;
  proc.onEvent((event) => {
    if (started) core.emit(event);
    else pending.push(event);
  });
  let reported: string;
  try {
    reported = await startTimeout(core, proc.runId, () => proc.kill());
  } catch (err) {
    ticket.release();
    if (err instanceof ApiFailure) throw err;
    throw new ApiFailure('start-failed', `the run did not start: ${errorText(err)}`);
  }
  const queued = core.live.get(id);
  if (queued) core.live.remove(id);
  core.live.add({ kind: 'run', id: reported, state: 'running', proc });
  if (!queued) core.emit({ type: 'runs-changed', reason: 'started', id: reported });
  core.emit({ type: 'job', id: reported, kind: 'run', state: 'running' });
  for (const event of pending.splice(0)) core.emit(event);
  started = true;
  const end = () => {
    ticket.release();
    ended(core, reported, 'run');
  };
  void proc.done.then(end, end);
}

/**
 * Starts `job` (a new run with its `runId` assigned, or a resume): at once when a training slot is free
 * (resolves once its child reports the run), else queued (resolves at once; the run starts when a slot frees).
 */
export async function launchRun(core: ServiceCore, job: RunJobInput, name: string): Promise<{ id: string; state: JobState }> {
  if (core.closed) throw new ApiFailure('unavailable', 'the studio is shutting down; no new runs are started');
  const id = job.resumeId ?? job.runId;
  if (id === undefined) throw new Error('internal: a run is launched with its id');
  const ticket = core.slots.request();
  if (ticket.immediate) {
    await startChild(core, id, job, ticket);
    return { id, state: 'running' };
  }
  core.live.add({ kind: 'run', id, state: 'queued', proc: null, name, cancel: () => ticket.release() });
  core.emit({ type: 'runs-changed', reason: 'started', id });
  core.emit({ type: 'job', id, kind: 'run', state: 'queued' });
  void ticket.granted.then(async (ok) => {
    if (!ok) return; // taken out of the queue (stop, close)
    if (core.closed || core.live.get(id)?.state !== 'queued') {
      ticket.release();
      return;
    }
    try {
      await startChild(core, id, job, ticket);
    } catch (err) {
      core.emit({ type: 'status', runId: id, status: 'failed', message: err instanceof Error ? err.message : String(err) });
      ended(core, id, 'run');
    }
  });
  return { id, state: 'queued' };
}

/** Takes a queued run out of the queue (it never started: nothing is on disk). */
export function dequeue(core: ServiceCore, job: Extract<LiveJob, { kind: 'run' }>): void {
  job.cancel?.();
  ended(core, job.id, 'run');
}

/**
 * Starts a comparison through `start` (runComparison or resumeComparison) with the service's transport,
 * parallelism and training slots; resolves once its comparison.json exists, with its id and state (`queued`
 * while none of its cells has a slot yet).
 */
export async function launchComparison(
  core: ServiceCore,
  start: (opts: ComparisonOptions) => ComparisonHandle,
): Promise<{ id: string; state: JobState }> {
  if (core.closed) throw new ApiFailure('unavailable', 'the studio is shutting down; no new runs are started');
  let registered: string | null = null;
  let anySlot = false;
  const early: (ComparisonEvent | RunEvent)[] = [];
  const onComparisonEvent = (comparisonId: string, event: ComparisonEvent | RunEvent) => {
    if (event.type === 'comparison') {
      for (const cell of event.cells) if (cell.runId !== null) core.live.addMember(comparisonId, cell.runId);
    }
    core.emit(event);
  };
  const slots: SlotSource = () => {
    const ticket = core.slots.request();
    if (ticket.immediate) anySlot = true;
    void ticket.granted.then((ok) => {
      if (!ok) return;
      anySlot = true;
      if (registered !== null && core.live.get(registered)?.state === 'queued') core.setState(registered, 'running');
    });
    return ticket;
  };
  const handle = start({
    runsDir: core.opts.runsDir,
    ...(core.opts.transport ? { transport: core.opts.transport } : {}),
    ...(core.opts.parallel !== undefined ? { parallel: core.opts.parallel } : {}),
    slots,
    onEvent: (event) => {
      if (registered === null) early.push(event);
      else onComparisonEvent(registered, event);
    },
  });
  try {
    await handle.started;
  } catch (err) {
    const e = toApiError(err);
    const code = err instanceof RunStoreError && err.code === 'INVALID' ? 'conflict' : e.code;
    throw new ApiFailure(code, `the comparison could not be started: ${e.message}`);
  }
  const id = handle.id;
  const state: JobState = anySlot || core.slots.used < core.slots.limit ? 'running' : 'queued';
  core.live.add({ kind: 'comparison', id, state, handle, members: new Set() });
  core.emit({ type: 'runs-changed', reason: 'started', id });
  core.emit({ type: 'job', id, kind: 'comparison', state });
  for (const event of early.splice(0)) onComparisonEvent(id, event);
  registered = id;
  const end = () => ended(core, id, 'comparison');
  void handle.done.then(end, end);
  return { id, state };
}
