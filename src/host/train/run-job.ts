/**
 * The messages between a host (CLI, StudioService) and a training child process.
 * Parent → child: WorkerCommand. Child → parent: WorkerMessage (RunEvents plus lifecycle).
 * Validated on both sides with these schemas: a child is untrusted output, a parent's command is checked too.
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
  /** Share LSTM initial weights across variants: the init seed (defaults to the train seed). */
  initSeed: z.number().int().optional(),
  /** Seconds between heartbeats written to run.json (default 5). */
  heartbeatSec: z.number().positive().optional(),
  /** Steps between checkpoints (default: at every evaluation). */
  checkpointEvery: z.number().int().positive().optional(),
});
export type RunJob = z.infer<typeof runJobSchema>;
export type RunJobInput = z.input<typeof runJobSchema>;

export const workerCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), job: runJobSchema }),
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
]);
export type WorkerCommand = z.infer<typeof workerCommandSchema>;

export const workerMessageSchema = z.union([
  runEventSchema,
  z.object({ type: z.literal('started'), runId: z.string() }),
  /** The job could not start or crashed: message says why (field errors included). */
  z.object({ type: z.literal('fatal'), runId: z.string().nullable(), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

/** How a run observes stop / pause requests between steps. */
export interface RunControl {
  readonly stopRequested: boolean;
  readonly paused: boolean;
  /** Resolves immediately unless paused; while paused, resolves on resume or stop. */
  waitIfPaused(): Promise<void>;
}
