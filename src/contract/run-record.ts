/**
 * What a run stores on disk: `run.json` (RunRecord) and `metrics.jsonl` (MetricRecord, one a line).
 * Shared by the host (writer), the CLI, the service and the renderer (reader).
 */
import { z } from 'zod';
import { runConfigSchema } from './config.js';

export const RUN_STATUSES = ['running', 'completed', 'stopped', 'diverged', 'failed', 'interrupted'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** Run ids: lowercase letters, digits and dashes, 1–80 chars; never a path. */
export const RUN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const runIdSchema = z
  .string({ error: 'expected a run id (lowercase letters, digits, dashes)' })
  .regex(RUN_ID_PATTERN, { error: 'expected a run id (lowercase letters, digits, dashes; 1–80 chars)' });

export const backendInfoSchema = z.object({
  /** tfjs backend actually used: tensorflow | wasm | cpu */
  name: z.string(),
  /** Whether a GPU does the work (tfjs-node-gpu with a visible device). */
  gpu: z.boolean(),
  /** Why this backend was chosen / what was tried before it. */
  detail: z.string().optional(),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

export const finalMetricsSchema = z.object({
  testAcc: z.number().nullable(),
  testLoss: z.number().nullable(),
  trainLoss: z.number().nullable(),
  steps: z.number().int(),
  wallMs: z.number(),
});
export type FinalMetrics = z.infer<typeof finalMetricsSchema>;

export const runRecordSchema = z.object({
  id: runIdSchema,
  /** Human label, e.g. "seed-mnist · hidden_concat". */
  name: z.string(),
  status: runStatusSchema,
  config: runConfigSchema,
  preset: z.string().optional(),
  backend: backendInfoSchema.optional(),
  versions: z.record(z.string(), z.string()),
  seed: z.number().int(),
  /** Steps the run plans to make (epochs × batches, capped by maxSteps). */
  plannedSteps: z.number().int(),
  /** Last step whose metrics are on disk. */
  step: z.number().int(),
  /** Step of the last checkpoint on disk (0: none). */
  checkpointStep: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Owner process and its heartbeat (ISO time), for crash detection. */
  pid: z.number().int().optional(),
  heartbeatAt: z.string().optional(),
  final: finalMetricsSchema.optional(),
  /** Set when status is failed / diverged / interrupted. */
  error: z.string().optional(),
  /**
   * Who stopped a `stopped` run: the user (Stop in the UI, `stop` over the API, Ctrl-C in the CLI) or the host
   * shutting down (SIGTERM / SIGINT of `serve`, quitting the app, SIGTERM of the CLI).
   */
  stoppedBy: z.enum(['user', 'host']).optional(),
  /** When the run is one cell of a comparison. */
  comparison: z
    .object({ id: z.string(), variant: z.string(), repeat: z.number().int() })
    .optional(),
  /** Feature width and head parameter count (for the results table). */
  model: z.object({ featureWidth: z.number().int(), headParams: z.number().int(), params: z.number().int() }).optional(),
  /** Facts about the data it trained on (a comparison's chance level and same-function check use them). */
  dataset: z
    .object({
      numClasses: z.number().int().min(1),
      trainCount: z.number().int().min(0),
      testCount: z.number().int().min(0),
      /** Share of the test split in its most frequent class. */
      majorityRate: z.number().min(0).max(1),
      /** Whether any sample is shorter than the padded length. */
      padded: z.boolean(),
    })
    .optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export const trainPointSchema = z.object({
  type: z.literal('train'),
  step: z.number().int(),
  epoch: z.number().int(),
  loss: z.number(),
  /** Milliseconds since the run started (training time, excluding pauses). */
  t: z.number(),
});
export const evalPointSchema = z.object({
  type: z.literal('eval'),
  step: z.number().int(),
  epoch: z.number().int(),
  testLoss: z.number(),
  /** Test accuracy in [0, 1]. */
  testAcc: z.number(),
  t: z.number(),
});
export const metricRecordSchema = z.discriminatedUnion('type', [trainPointSchema, evalPointSchema]);
export type MetricRecord = z.infer<typeof metricRecordSchema>;
export type TrainPoint = Extract<MetricRecord, { type: 'train' }>;
export type EvalPoint = Extract<MetricRecord, { type: 'eval' }>;
