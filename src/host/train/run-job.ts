/**
 * The messages between a host (CLI, StudioService) and a training child process.
 * Parent → child: WorkerCommand. Child → parent: WorkerMessage (RunEvents plus lifecycle).
 * Validated on both sides with these schemas: a child is untrusted output, a parent's command is checked too.
 *
 * Ending: the child's last message is `done` (the run ended) or `fatal` (it could not start / crashed); the host
 * answers it with `ack`, and only then does the child exit (after `ackTimeoutMs` without an ack it exits anyway).
 * No transport's ordering of "last message" against "exit" is relied on.
 */
import { z } from 'zod';
import { runConfigSchema } from '../../contract/config.js';
import { runEventSchema } from '../../contract/events.js';

export const runJobSchema = z.strictObject({
  config: runConfigSchema,
  /** Absolute runs folder. */
  runsDir: z.string().min(1),
  /** Preset name, recorded in run.json. */
  preset: z.string().optional(),
  /** Display name; derived from dataset and feature when absent. */
  name: z.string().optional(),
  /** Set when the run is one cell of a comparison. */
  comparison: z.object({ id: z.string(), variant: z.string(), repeat: z.number().int() }).optional(),
  /** Continue this run from its last checkpoint instead of creating a new one. */
  resumeId: z.string().optional(),
  /** The id of the new run (the host assigns it, e.g. to show a queued run); generated when absent. */
  runId: z.string().optional(),
  /** Share LSTM initial weights across variants: the init seed (defaults to the train seed). */
  initSeed: z.number().int().optional(),
  /** Seconds between heartbeats written to run.json (default 5). */
  heartbeatSec: z.number().positive().optional(),
  /** Steps between checkpoints (default: at every evaluation). */
  checkpointEvery: z.number().int().positive().optional(),
  /** Longest wait for the host's `ack` of the last message before the child exits anyway (ms, default 5000). */
  ackTimeoutMs: z.number().int().positive().optional(),
});
export type RunJob = z.infer<typeof runJobSchema>;
export type RunJobInput = z.input<typeof runJobSchema>;

/** Who asked a run to stop: the user, or the host shutting down (recorded as run.json's `stoppedBy`). */
export const stopBySchema = z.enum(['user', 'host']);
export type StopBy = z.infer<typeof stopBySchema>;

export const workerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: runJobSchema }),
  z.object({ type: z.literal('stop'), by: stopBySchema.optional() }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  /** The host received the child's last message (`done` or `fatal`): the child may exit now. */
  z.object({ type: z.literal('ack') }),
]);
export type WorkerCommand = z.infer<typeof workerCommandSchema>;

export const workerMessageSchema = z.union([
  runEventSchema,
  z.object({ type: z.literal('started'), runId: z.string() }),
  /** The job could not start or crashed: message says why (field errors included). */
  z.object({ type: z.literal('fatal'), runId: z.string().nullable(), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** Why a run is asked to stop: a user or host stop (the run ends `stopped`), or its host died (`interrupted`). */
export type StopReason = StopBy | 'host-died';

/** How a run observes stop / pause requests between steps. */
export interface RunControl {
  readonly stopRequested: boolean;
  /** Why the stop was requested (meaningful once stopRequested). */
  readonly stopReason: StopReason;
  /** Words for the reason, e.g. which host process died (null when none were given). */
  readonly stopDetail: string | null;
  readonly paused: boolean;
  /** Resolves immediately unless paused; while paused, resolves on resume or stop. */
  waitIfPaused(): Promise<void>;
}
