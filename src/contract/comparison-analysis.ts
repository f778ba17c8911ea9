/**
 * The statistics of a comparison result: one entry per pair of variants (keys as `compare --json` prints
 * them), warnings with stable codes, and the analysis settings (what the intervals cover, the task's chance
 * level). Accuracy differences are fractions (0.01 = 1 percentage point), like the accuracies themselves.
 * `migrateStoredResult` reads results stored before these existed (baseline pairs only, camelCase `paired`).
 */
import { z } from 'zod';

/** Warning codes; stable, for scripts and tests. */
export const WARNING_CODES = ['identical-variants', 'zero-variance', 'ceiling', 'floor', 'underpowered', 'failed-repeats'] as const;
export const warningCodeSchema = z.enum(WARNING_CODES);
export type WarningCode = z.infer<typeof warningCodeSchema>;

export const comparisonWarningSchema = z.object({
  code: warningCodeSchema,
  /** Plain-language explanation. */
  message: z.string().min(1),
  /** The variants it concerns. */
  variants: z.array(z.string().min(1)),
});
export type ComparisonWarning = z.infer<typeof comparisonWarningSchema>;

/** What differs between repeats, i.e. what the intervals cover. */
export const VARIANCE_SOURCES = ['initial-weights', 'data-order', 'train-test-split'] as const;
export type VarianceSource = (typeof VARIANCE_SOURCES)[number];

const fraction = z.number().min(0).max(1);
const count = z.number().int().min(0);
const interval = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo <= hi, { error: 'expected [low, high] with low ≤ high' })
  .nullable();

/**
 * One pair: differences a − b of test accuracy over the repeats where both completed. Variants are paired
 * in list order: every variant against the baseline (the first) first, then the other pairs.
 */
export const pairStatsSchema = z.object({
  a: z.string().min(1),
  b: z.string().min(1),
  /** Repeats where both completed. */
  n: count,
  /** Mean of a − b (null when n = 0). */
  mean_diff: z.number().min(-1).max(1).nullable(),
  /** Std of the differences (null when n < 2). */
  sd_diff: z.number().min(0).nullable(),
  /** 95 % t interval of the mean difference (null when n < 2 or the differences have no spread). */
  ci_t: interval,
  /** 95 % BCa bootstrap interval (null when n < 5 or no spread). */
  ci_bca: interval,
  /** Paired t-test p (null when n < 2 or no spread). */
  p_t: fraction.nullable(),
  /** Sign-flip permutation p (null when n = 0); never below 2/2ⁿ. */
  p_signflip: fraction.nullable(),
  /** Whether p_signflip counted all 2ⁿ sign patterns (else Monte Carlo). */
  signflip_exact: z.boolean().nullable(),
  /** Which test's p enters the Holm family: the t-test, or the sign-flip test when the differences have no spread. */
  decided_by: z.enum(['t', 'sign-flip']).nullable(),
  /** Holm-adjusted p over all pairs (null when the pair has no test). */
  p_holm: fraction.nullable(),
  /** Paired effect size mean / sd of the differences (null when n < 2 or no spread). */
  d_z: z.number().nullable(),
  /** Share of repeats where a beat b (ties half). */
  p_a_gt_b: fraction.nullable(),
  /** Repeats for 80 % power to detect the minimal effect (analysis.minEffect) at the 5 % level; null when unknown. */
  repeats_needed: count.nullable(),
  /** The same for the observed mean difference. */
  repeats_needed_observed: count.nullable(),
  /** TOST p against ±analysis.equivalenceMargin, raw and Holm-adjusted (null without a margin or n < 2). */
  p_tost: fraction.nullable(),
  p_tost_holm: fraction.nullable(),
  /** Equivalent within the margin (Holm-adjusted TOST p < α); null without a margin. */
  equivalent: z.boolean().nullable(),
  /** The model makes a and b the same function (see identical-variants). */
  identical: z.boolean(),
  /** p_holm < α: a real difference at the 5 % family-wise level. */
  significant: z.boolean(),
});
export type PairStats = z.infer<typeof pairStatsSchema>;

export const analysisSchema = z.object({
  /** Confidence level of the intervals and family-wise α of the tests. */
  confidence: fraction,
  alpha: fraction,
  /** Smallest difference worth detecting (fraction; default 0.01 = 1 point), for repeats_needed and `underpowered`. */
  minEffect: z.number().gt(0).max(1),
  /** Equivalence margin (fraction) for TOST; null when not asked. */
  equivalenceMargin: z.number().gt(0).max(1).nullable(),
  /** Sources of variation between repeats, i.e. what the intervals cover. */
  varianceSources: z.array(z.enum(VARIANCE_SOURCES)),
  /** Classes of the task and its chance level (majority-class rate or 1/classes), from the member runs. */
  numClasses: count.nullable(),
  chance: fraction.nullable(),
  /** Whether the data has padding (null when unknown). */
  padded: z.boolean().nullable(),
  /** The LSTM's shape, for the same-function rule and the verdict's explanations. */
  model: z.object({ layers: z.number().int().min(1), bidirectional: z.boolean() }).nullable(),
  bootstrapResamples: count,
  signFlipResamples: count,
});
export type ComparisonAnalysis = z.infer<typeof analysisSchema>;

type Loose = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** An old `paired` entry (b − a against the baseline a) as a pair (a − b with a the variant). */
function pairFromOld(p: Loose): Loose {
  const lo = num(p.ciLow);
  const hi = num(p.ciHigh);
  return {
    a: p.b,
    b: p.a,
    n: p.n,
    mean_diff: num(p.meanDiff),
    sd_diff: num(p.std),
    ci_t: lo !== null && hi !== null ? [lo, hi] : null,
    ci_bca: null,
    p_t: num(p.pValue),
    p_signflip: null,
    signflip_exact: null,
    decided_by: num(p.pValue) === null ? null : 't',
    p_holm: null,
    d_z: null,
    p_a_gt_b: null,
    repeats_needed: null,
    repeats_needed_observed: null,
    p_tost: null,
    p_tost_holm: null,
    equivalent: null,
    identical: false,
    significant: p.significant,
  };
}

/**
 * A stored result in today's shape: results written before pairs / warnings / analysis existed get their
 * baseline pairs converted, no warnings and `analysis: null` (their verdict text stays as stored).
 */
export function migrateStoredResult(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const r = input as Loose;
  if ('pairs' in r || !Array.isArray(r.paired)) return input;
  const { paired, ...rest } = r;
  return {
    ...rest,
    pairs: (paired as unknown[]).map((p) => (typeof p === 'object' && p !== null ? pairFromOld(p as Loose) : p)),
    warnings: [],
    analysis: null,
  };
}
