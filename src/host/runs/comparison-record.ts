/**
 * `comparison.json`: one comparison (a grid of variants × repeats, each cell a run). Lives in its own
 * folder in the runs folder, next to the runs, and is told apart by its file name and `kind`.
 * The result is opaque JSON here; whoever computes it passes its schema to read it back.
 */
import { z } from 'zod';
import { runConfigSchema } from '../../contract/config.js';
import { runIdSchema } from '../../contract/run-record.js';

export const COMPARISON_STATUSES = ['running', 'completed', 'stopped', 'failed', 'interrupted'] as const;
export const comparisonStatusSchema = z.enum(COMPARISON_STATUSES);
export type ComparisonStatus = z.infer<typeof comparisonStatusSchema>;

/** One cell of the grid: which run trained which variant, which repeat. */
export const comparisonMemberSchema = z.object({
  runId: runIdSchema,
  variant: z.string().min(1),
  repeat: z.number().int().nonnegative(),
});
export type ComparisonMember = z.infer<typeof comparisonMemberSchema>;

export const comparisonRecordSchema = z.object({
  kind: z.literal('comparison'),
  id: runIdSchema,
  /** Human label. */
  name: z.string(),
  status: comparisonStatusSchema,
  /** The base config every variant starts from. */
  config: runConfigSchema,
  preset: z.string().optional(),
  /** Variant names, e.g. the features compared ("output_step", "hidden_concat"). */
  variants: z.array(z.string().min(1)).min(1),
  /** Runs per variant (different seeds). */
  repeats: z.number().int().min(1),
  /** The statistics options it was started with (absent in records of older versions: the defaults). */
  stats: z
    .object({ minEffectPoints: z.number(), equivalenceMarginPoints: z.number().optional(), resampleSplit: z.boolean() })
    .optional(),
  /** Member runs, in the order they were started. */
  runs: z.array(comparisonMemberSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().optional(),
  /** Owner process and its heartbeat, for crash detection (as for runs). */
  pid: z.number().int().optional(),
  heartbeatAt: z.string().optional(),
  error: z.string().optional(),
  /** The comparison's result once done (opaque here; see ComparisonStore.result). */
  result: z.unknown().optional(),
});
export type ComparisonRecord = z.infer<typeof comparisonRecordSchema>;
