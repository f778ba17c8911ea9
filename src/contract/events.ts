/**
 * Events a training run streams to its host (child process → service → renderer / CLI).
 * Plain numbers only; progress is throttled at the source (≤ ~20 messages a second per run).
 */
import { z } from 'zod';
import { comparisonResultSchema } from './comparison.js';
import { evalPointSchema, RUN_STATUSES, runRecordSchema, runStatusSchema, trainPointSchema } from './run-record.js';
import { shapeReportSchema } from './shapes.js';

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), runId: z.string(), status: runStatusSchema, message: z.string().optional() }),
  z.object({
    type: z.literal('progress'),
    runId: z.string(),
    step: z.number().int(),
    plannedSteps: z.number().int(),
    epoch: z.number().int(),
    loss: z.number().nullable(),
    elapsedMs: z.number(),
    etaMs: z.number().nullable(),
  }),
  /** Train-loss points since the last such event (batched with progress). */
  z.object({
    type: z.literal('train'),
    runId: z.string(),
    points: z.array(trainPointSchema),
  }),
  z.object({ type: z.literal('eval'), runId: z.string(), point: evalPointSchema }),
  z.object({ type: z.literal('shapes'), runId: z.string(), report: shapeReportSchema }),
  /** Final record once the run has ended (any terminal status). */
  z.object({ type: z.literal('done'), runId: z.string(), record: runRecordSchema }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;

/** A comparison's own events; its member runs stream ordinary RunEvents. */
export const comparisonCellStateSchema = z.object({
  variant: z.string(),
  repeat: z.number().int(),
  runId: z.string().nullable(),
  status: z.enum(['pending', ...RUN_STATUSES]),
});
export const comparisonEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('comparison'),
    id: z.string(),
    status: z.enum(['running', 'completed', 'stopped', 'failed', 'interrupted']),
    cells: z.array(comparisonCellStateSchema),
  }),
  z.object({ type: z.literal('comparison-result'), id: z.string(), result: comparisonResultSchema }),
]);
export type ComparisonEvent = z.infer<typeof comparisonEventSchema>;
