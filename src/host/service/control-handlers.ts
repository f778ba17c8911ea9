/**
 * The StudioService handlers that start, steer and delete jobs (the read-only ones are in read-handlers.ts).
 * Runs are refused with a clear `conflict` while another host's live process writes them (resume, delete);
 * queued runs can be stopped (taken out of the queue) but not paused.
 */
import { ApiFailure, type ApiHandlers } from '../../contract/api.js';
import type { RunRecord } from '../../contract/run-record.js';
import { newRunId } from '../runs/run-id.js';
import { datasetSlug } from '../runs/store-context.js';
import { runName } from '../train/execute-run.js';
import { dequeue, launchComparison, launchRun } from './job-launch.js';
import type { ReadMethod } from './read-handlers.js';
import type { ServiceCore } from './service-core.js';

/** Run statuses `resume` can continue from a checkpoint (`running` only when its process is gone). */
const RESUMABLE = new Set<RunRecord['status']>(['stopped', 'interrupted', 'failed', 'running']);

/** Why a job that is not live cannot be paused / stopped: not-found, or conflict naming its status. */
async function notLive(core: ServiceCore, id: string, what: string): Promise<never> {
  const record = await core.store.get(id).catch(() => null);
  if (record) throw new ApiFailure('conflict', `cannot ${what} run "${id}": it is not running here (status: ${record.status})`);
  const comparison = await core.store.getComparison(id).catch(() => null);
  if (comparison) {
    throw new ApiFailure('conflict', `cannot ${what} comparison "${id}": it is not running here (status: ${comparison.status})`);
  }
  throw new ApiFailure('not-found', `no run or comparison "${id}" in ${core.opts.runsDir}`);
}

/** Refuses when another host's live process writes `id`. */
async function refuseWrittenElsewhere(core: ServiceCore, id: string, what: string): Promise<void> {
  const owner = await core.store.owner(id).catch(() => undefined);
  if (owner && !owner.here) {
    throw new ApiFailure(
      'conflict',
      `cannot ${what} "${id}": it is being trained by a live process of another host (pid ${owner.pid ?? '?'}); stop it there first`,
    );
  }
}

function liveOrParent(core: ServiceCore, id: string, what: string) {
  const job = core.live.get(id);
  if (job) return job;
  const parent = core.live.comparisonOf(id);
  if (parent) throw new ApiFailure('conflict', `run "${id}" belongs to comparison "${parent.id}": ${what} the comparison`);
  return null;
}

async function continueStored(core: ServiceCore, id: string) {
  const comparison = await core.store.getComparison(id).catch(() => null);
  if (comparison) {
    const started = await launchComparison(core, (opts) => core.deps.resumeComparison(id, opts));
    return { id: started.id, kind: 'comparison' as const, state: started.state };
  }
  const record = await core.store.get(id);
  await refuseWrittenElsewhere(core, id, 'continue run');
  if (!RESUMABLE.has(record.status)) {
    throw new ApiFailure('conflict', `cannot continue run "${id}": its status is ${record.status} (only stopped, interrupted or failed runs continue from their checkpoint)`);
  }
  if (record.comparison) {
    throw new ApiFailure('conflict', `run "${id}" is a cell of comparison "${record.comparison.id}"; continue it by resuming the comparison`);
  }
  const started = await launchRun(
    core,
    { config: record.config, runsDir: core.opts.runsDir, resumeId: id, name: record.name, ...(record.preset !== undefined ? { preset: record.preset } : {}) },
    record.name,
  );
  return { id: started.id, kind: 'run' as const, state: started.state };
}

export function controlHandlers(core: ServiceCore): Omit<ApiHandlers, ReadMethod> {
  return {
    startRun: async (req) => {
      const runId = newRunId(req.preset ?? datasetSlug(req.config.data.dataset));
      const job = {
        config: req.config,
        runsDir: core.opts.runsDir,
        runId,
        ...(req.preset !== undefined ? { preset: req.preset } : {}),
        ...(req.name !== undefined ? { name: req.name } : {}),
      };
      const started = await launchRun(core, job, runName(req.config, job));
      return { runId: started.id, state: started.state };
    },

    startCompare: async (req) => ({ comparisonId: (await launchComparison(core, (opts) => core.deps.runComparison(req, opts))).id }),

    stop: async (id) => {
      const job = liveOrParent(core, id, 'stop');
      if (!job) return notLive(core, id, 'stop');
      if (job.kind === 'run' && job.proc === null) {
        dequeue(core, job);
        return { id, kind: 'run', state: 'stopping' };
      }
      if (job.kind === 'run') job.proc?.stop('user');
      else job.handle.stop('user');
      return core.setState(id, 'stopping');
    },

    pause: async (id) => {
      const job = liveOrParent(core, id, 'pause');
      if (!job) return notLive(core, id, 'pause');
      if (job.state === 'stopping') throw new ApiFailure('conflict', `"${id}" is stopping; it cannot be paused`);
      if (job.state === 'queued') throw new ApiFailure('conflict', `"${id}" is queued and has not started; stop takes it out of the queue`);
      if (job.kind === 'run') job.proc?.pause();
      else job.handle.pause();
      return core.setState(id, 'paused');
    },

    resume: async (id) => {
      const job = liveOrParent(core, id, 'resume');
      if (!job) return continueStored(core, id);
      if (job.state === 'stopping') throw new ApiFailure('conflict', `"${id}" is stopping; it cannot be resumed`);
      if (job.state === 'queued') throw new ApiFailure('conflict', `"${id}" is queued; it starts when a training slot is free`);
      if (job.kind === 'run') job.proc?.resume();
      else job.handle.resume();
      return core.setState(id, 'running');
    },

    deleteRun: async (id) => {
      const state = core.live.stateOf(id);
      if (state !== null) {
        const parent = core.live.comparisonOf(id);
        const owner = parent ? ` (it belongs to live comparison "${parent.id}")` : '';
        throw new ApiFailure('conflict', `cannot delete "${id}" while it is ${state}${owner}: stop it first`);
      }
      await refuseWrittenElsewhere(core, id, 'delete');
      await core.store.delete(id);
      core.tails.forget(id);
      core.emit({ type: 'runs-changed', reason: 'deleted', id });
      return { id };
    },
  };
}
