/**
 * What the studio pushes on its one event channel (`studio:event`): the events of every live run, the
 * events of every live comparison, and two service events that tell a view when to refresh.
 */
import { z } from 'zod';
import { comparisonEventSchema, runEventSchema } from './events.js';

/**
 * What a live job is doing now, as the service sees it. `queued`: accepted, waiting for a free training slot
 * (the service trains at most `maxConcurrentRuns` children at once); `stop` takes it out of the queue.
 */
export const JOB_STATES = ['queued', 'running', 'paused', 'stopping'] as const;
export const jobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobStateSchema>;

/** A run or comparison the service is running now. */
export const activeJobSchema = z.object({
  id: z.string(),
  kind: z.enum(['run', 'comparison']),
  state: jobStateSchema,
  /** Display name, for a queued run (it has no run folder yet). */
  name: z.string().optional(),
});
export type ActiveJob = z.infer<typeof activeJobSchema>;

/** A run or comparison on disk that a live process of another host is writing now (it cannot be deleted here). */
export const externalJobSchema = z.object({
  id: z.string(),
  kind: z.enum(['run', 'comparison']),
  /** The writing process, when recorded. */
  pid: z.number().int().nullable(),
});
export type ExternalJob = z.infer<typeof externalJobSchema>;

export const serviceEventSchema = z.discriminatedUnion('type', [
  /** A live job changed state (paused, resumed, stopping), or ended (`state: null`). */
  z.object({
    type: z.literal('job'),
    id: z.string(),
    kind: z.enum(['run', 'comparison']),
    state: jobStateSchema.nullable(),
  }),
  /** The runs folder changed (a run started, ended or was deleted): lists should be reloaded. */
  z.object({ type: z.literal('runs-changed'), reason: z.enum(['started', 'ended', 'deleted']), id: z.string() }),
]);
export type ServiceEvent = z.infer<typeof serviceEventSchema>;

/**
 * Every event a subscriber may see. Run events carry `runId`; comparison events carry `id`; both kinds of
 * member-run events of a comparison arrive as plain run events.
 */
export const studioEventSchema = z.union([runEventSchema, comparisonEventSchema, serviceEventSchema]);
export type StudioEvent = z.infer<typeof studioEventSchema>;
