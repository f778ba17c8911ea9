/**
 * What the service's handlers and launchers share (one object, built by StudioService): its options, the runs
 * folder, its dependencies, the live jobs, the training slots, the live metric tails, and how to tell
 * subscribers. Kept in its own file so the handler modules and the service do not import each other.
 */
import type { ActiveJob, JobState, StudioEvent } from '../../contract/api-events.js';
import type { TransportFactory } from '../train/fork-run.js';
import type { RunSlots } from '../train/run-slots.js';
import type { LiveJobs } from './live-jobs.js';
import type { LiveTails } from './live-tails.js';
import type { RunStoreLike, ServiceDeps } from './service-deps.js';

export interface StudioServiceOptions {
  /** Absolute runs folder. */
  runsDir: string;
  /** Which host serves the API (reported by getInfo). */
  host: 'electron' | 'web';
  appVersion: string;
  /** How training children are started (default: the launcher's own, node child_process). */
  transport?: TransportFactory;
  /** Parallel children per comparison (default: the launcher's choice, one per core). */
  parallel?: number;
  /** Training children at once, across runs and comparisons; more wait in a queue (default: the core count). */
  maxConcurrentRuns?: number;
  /** Longest wait for a child to report its run id (default 120 s). */
  startTimeoutMs?: number;
  deps: ServiceDeps;
}

export interface ServiceCore {
  readonly opts: StudioServiceOptions;
  readonly store: RunStoreLike;
  readonly deps: ServiceDeps;
  readonly live: LiveJobs;
  readonly slots: RunSlots;
  readonly tails: LiveTails;
  /** True once close() began: nothing new starts. */
  readonly closed: boolean;
  emit(event: StudioEvent): void;
  /** Sets a live job's state and tells subscribers (not-found when it is not live). */
  setState(id: string, state: JobState): ActiveJob;
}
