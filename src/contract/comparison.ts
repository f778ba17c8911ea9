/**
 * Comparisons: the same config trained once per variant (feature head) and repeat, then summarized
 * with paired statistics. `compareRequestSchema` validates a request to start one; `comparisonResultSchema`
 * is what the host stores and the CLI / renderer show (computed by `summarizeComparison` in the engine;
 * the statistics' own schemas are in comparison-analysis.ts).
 */
import { z } from 'zod';
import { analysisSchema, comparisonWarningSchema, migrateStoredResult, pairStatsSchema } from './comparison-analysis.js';
import { featureSchema, fieldErrors, FEATURES, LIMITS, runConfigSchema, type Parsed } from './config.js';
import { RUN_STATUSES, runIdSchema } from './run-record.js';

const [REPEATS_MIN, REPEATS_MAX] = LIMITS.repeats;
const repeatsMessage = `expected an integer from ${REPEATS_MIN} to ${REPEATS_MAX}`;
const repeatsSchema = z
  .number({ error: repeatsMessage })
  .int({ error: repeatsMessage })
  .min(REPEATS_MIN, { error: repeatsMessage })
  .max(REPEATS_MAX, { error: repeatsMessage });

/** Most variants one comparison may train side by side. */
export const MAX_VARIANTS = 4;
/** The default heads: hidden_last beside the two the blog post compares separates "which step" from "more layers". */
export const DEFAULT_VARIANTS = ['output_step', 'hidden_concat', 'hidden_last'] as const;

/** Range of the minimal effect and the equivalence margin, in percentage points. */
export const POINTS_RANGE = [0.01, 50] as const;
const pointsMessage = `expected a number of percentage points from ${POINTS_RANGE[0]} to ${POINTS_RANGE[1]}`;
const pointsSchema = z
  .number({ error: pointsMessage })
  .min(POINTS_RANGE[0], { error: pointsMessage })
  .max(POINTS_RANGE[1], { error: pointsMessage });
/** Default smallest difference worth detecting: 1 point of accuracy. */
export const DEFAULT_MIN_EFFECT_POINTS = 1;

const variantsMessage = `expected 1 to ${MAX_VARIANTS} different features out of ${FEATURES.join(', ')}`;

/** Request to start a comparison. `config.model.feature` is replaced by each variant in turn. */
export const compareRequestSchema = z.strictObject({
  /** The base run config (same input as a single run; omitted fields take their defaults). */
  config: runConfigSchema.prefault({}),
  /** Feature heads to compare; the first is the baseline every other one is compared with. */
  variants: z
    .array(featureSchema, { error: variantsMessage })
    .min(1, { error: variantsMessage })
    .max(MAX_VARIANTS, { error: variantsMessage })
    .refine((v) => new Set(v).size === v.length, { error: `${variantsMessage} (each at most once)` })
    .default([...DEFAULT_VARIANTS]),
  /** Repeats per variant; repeat i of every variant shares its seed, so results can be paired. */
  repeats: repeatsSchema.default(1),
  /** Smallest accuracy difference worth detecting, in points (for "repeats needed" and the underpowered warning). */
  minEffectPoints: pointsSchema.default(DEFAULT_MIN_EFFECT_POINTS),
  /** When set, also test whether the heads are equivalent within ±this many points (TOST). */
  equivalenceMarginPoints: pointsSchema.optional(),
  /** Re-split train + test per repeat (seeded, same sizes), so the intervals also cover which samples are tested. */
  resampleSplit: z.boolean({ error: 'expected true or false' }).default(false),
});
export type CompareRequest = z.output<typeof compareRequestSchema>;
export type CompareRequestInput = z.input<typeof compareRequestSchema>;

export function parseCompareRequest(input: unknown): Parsed<CompareRequest> {
  const r = compareRequestSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrors(r.error) };
}

/** A cell's status: a run status, or `pending` before its run has started. */
export const comparisonCellStatusSchema = z.enum([...RUN_STATUSES, 'pending']);
export type ComparisonCellStatus = z.infer<typeof comparisonCellStatusSchema>;

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);

/** One run of the comparison: variant × repeat. Metrics are null until (or unless) the run completes. */
export const comparisonCellSchema = z.object({
  variant: z.string().min(1),
  /** Repeat index, 0-based; equal indices share a seed across variants. */
  repeat: count,
  runId: runIdSchema.nullable(),
  status: comparisonCellStatusSchema,
  /** Final test accuracy in [0, 1]. */
  testAcc: fraction.nullable(),
  testLoss: z.number().nullable(),
  trainLoss: z.number().nullable(),
  wallMs: z.number().min(0).nullable(),
  featureWidth: count.nullable(),
  headParams: count.nullable(),
  /** The task's classes and chance level (majority-class rate of the test split, at least 1/classes); absent in old results. */
  numClasses: count.nullable().optional(),
  chance: fraction.nullable().optional(),
  /** Whether the run's data has padding; absent in old results. */
  padded: z.boolean().nullable().optional(),
});
export type ComparisonCell = z.infer<typeof comparisonCellSchema>;

/** Per-variant summary over its completed repeats (std fields need n ≥ 2). */
export const variantSummarySchema = z.object({
  variant: z.string().min(1),
  /** Completed repeats that count in the statistics. */
  n: count,
  accMean: fraction.nullable(),
  accStd: z.number().min(0).nullable(),
  lossMean: z.number().nullable(),
  lossStd: z.number().min(0).nullable(),
  wallMsMean: z.number().min(0).nullable(),
  featureWidth: count.nullable(),
  headParams: count.nullable(),
});
export type VariantSummary = z.infer<typeof variantSummarySchema>;

const currentResultSchema = z
  .object({
    id: runIdSchema,
    variants: z.array(z.string().min(1)).min(1),
    repeats: repeatsSchema,
    metric: z.literal('testAcc'),
    cells: z.array(comparisonCellSchema),
    perVariant: z.array(variantSummarySchema),
    /** Every pair of variants, the baseline's pairs first. */
    pairs: z.array(pairStatsSchema),
    warnings: z.array(comparisonWarningSchema),
    /** Settings and context of the statistics; null in results stored before they existed. */
    analysis: analysisSchema.nullable(),
    /** Plain-language verdict, one paragraph per line. */
    verdict: z.string().min(1),
  })
  .superRefine((r, ctx) => {
    const known = new Set(r.variants);
    if (known.size !== r.variants.length) {
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'expected each variant at most once' });
    }
    const seen = new Set<string>();
    r.cells.forEach((c, i) => {
      if (!known.has(c.variant)) {
        ctx.addIssue({ code: 'custom', path: ['cells', i, 'variant'], message: `expected one of ${r.variants.join(', ')}` });
      }
      if (c.repeat >= r.repeats) {
        ctx.addIssue({ code: 'custom', path: ['cells', i, 'repeat'], message: `expected a repeat index below ${r.repeats}` });
      }
      const key = `${c.variant}#${c.repeat}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['cells', i], message: `duplicate cell for ${c.variant}, repeat ${c.repeat}` });
      }
      seen.add(key);
    });
    const order = r.perVariant.map((v) => v.variant).join('\n');
    if (order !== r.variants.join('\n')) {
      ctx.addIssue({ code: 'custom', path: ['perVariant'], message: 'expected one summary per variant, in variant order' });
    }
    r.perVariant.forEach((v, i) => {
      if (v.n > r.repeats) {
        ctx.addIssue({ code: 'custom', path: ['perVariant', i, 'n'], message: `expected at most ${r.repeats} (repeats)` });
      }
    });
    r.pairs.forEach((p, i) => {
      for (const side of ['a', 'b'] as const) {
        if (!known.has(p[side])) {
          ctx.addIssue({ code: 'custom', path: ['pairs', i, side], message: `expected one of ${r.variants.join(', ')}` });
        }
      }
      if (p.n > r.repeats) {
        ctx.addIssue({ code: 'custom', path: ['pairs', i, 'n'], message: `expected at most ${r.repeats} (repeats)` });
      }
    });
    r.warnings.forEach((w, i) => {
      w.variants.forEach((v, j) => {
        if (!known.has(v)) ctx.addIssue({ code: 'custom', path: ['warnings', i, 'variants', j], message: `expected one of ${r.variants.join(', ')}` });
      });
    });
  });

/** A comparison result; results stored before pairs / warnings / analysis existed are migrated on read. */
export const comparisonResultSchema = z.preprocess(migrateStoredResult, currentResultSchema);
export type ComparisonResult = z.output<typeof currentResultSchema>;
