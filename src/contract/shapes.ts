/** The `shapes` report: tensor shapes for batch_first true and false, and identity checks on real tensors. */
import { z } from 'zod';

export const shapeRowSchema = z.object({
  /** e.g. "input", "output", "output[:, -1]", "h_n", "c_n", "feature hidden_concat", "fc.weight" */
  name: z.string(),
  batchFirst: z.array(z.number().int()),
  seqFirst: z.array(z.number().int()),
  note: z.string().optional(),
});

export const identityCheckSchema = z.object({
  name: z.string(),
  /** What the check claims, in plain words. */
  claim: z.string(),
  /** The measured quantity (e.g. max |out_last − h_n[-1]|). */
  measured: z.number(),
  /** Whether the claim held on the real tensors. */
  holds: z.boolean(),
  explanation: z.string(),
});

export const shapeReportSchema = z.object({
  batch: z.number().int(),
  seqLen: z.number().int(),
  rows: z.array(shapeRowSchema),
  checks: z.array(identityCheckSchema),
});
export type ShapeRow = z.infer<typeof shapeRowSchema>;
export type IdentityCheck = z.infer<typeof identityCheckSchema>;
export type ShapeReport = z.infer<typeof shapeReportSchema>;
