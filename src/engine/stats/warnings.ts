/**
 * The warnings of a comparison, each with a stable code and a plain-language message:
 *   failed-repeats      a variant has fewer completed repeats than were asked for;
 *   identical-variants  the model makes variants the same function (and whether the results confirm it);
 *   zero-variance       every repeat gave the same difference: no interval, the sign-flip test decides;
 *   ceiling / floor     a variant is at ≥ 99.5 % in every repeat, or within 2 points of chance in every repeat;
 *   underpowered        too few repeats to settle the question at the minimal effect (default 1 point).
 */
import type { ComparisonWarning, PairStats } from '../../contract/comparison-analysis.js';
import type { ComparisonCell } from '../../contract/comparison.js';
import { formatP, formatPoints, listNames, pIs, shortPoints } from './format-stats.js';
import { duplicatePairs, type IdenticalGroup } from './identical-variants.js';
import { signFlipRepeatsNeeded } from './pair-stats.js';
import { ALPHA } from './power.js';
import { type ReadoutContext, sameFunctionReason } from './same-function.js';
import { minSignFlipP } from './sign-flip.js';

/** Every repeat at or above this accuracy: the task is saturated. */
export const CEILING_ACC = 0.995;
/** Every repeat at most this far above chance: the head learned nothing. */
export const FLOOR_MARGIN = 0.02;

export interface WarningInput {
  variants: readonly string[];
  repeats: number;
  cells: readonly ComparisonCell[];
  counts: (c: ComparisonCell) => boolean;
  pairs: readonly PairStats[];
  groups: readonly IdenticalGroup[];
  ctx: ReadoutContext | null;
  minEffect: number;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function failedRepeats({ variants, repeats, cells, counts }: WarningInput): ComparisonWarning[] {
  const short = variants.flatMap((v) => {
    const own = cells.filter((c) => c.variant === v);
    const done = own.filter(counts).length;
    if (done >= repeats) return [];
    const why = new Map<string, number>();
    for (const c of own) if (!counts(c)) why.set(c.status, (why.get(c.status) ?? 0) + 1);
    const missing = repeats - own.length;
    if (missing > 0) why.set('not started', (why.get('not started') ?? 0) + missing);
    const detail = [...why].map(([s, k]) => `${s} ${k}`).join(', ');
    return [{ v, text: `${v}: ${done} of ${repeats} (${detail})` }];
  });
  if (short.length === 0) return [];
  return [{
    code: 'failed-repeats',
    variants: short.map((s) => s.v),
    message: `Not every repeat finished — ${short.map((s) => s.text).join('; ')}. The statistics use only the repeats that finished, so they rest on fewer repeats than planned.`,
  }];
}

function why(group: readonly string[], ctx: ReadoutContext | null): string {
  if (!ctx) return '';
  const notes: string[] = [];
  if (group.includes('hidden_concat') && ctx.layers === 1) notes.push('cat(h_n) of a single layer is just that layer’s h_n');
  if (group.includes('output_step')) {
    const data = ctx.padded ? `with ${ctx.padding ?? 'packed'} padding` : 'on unpadded data';
    notes.push(`out[:, -1] of a one-directional LSTM ${data} is its final state h_n`);
  }
  return ` (${sameFunctionReason(ctx)}: ${notes.join('; ') || 'they read the same state'})`;
}

function identical({ groups, ctx }: WarningInput): ComparisonWarning[] {
  return groups.map((g) => {
    const names = listNames(g.variants);
    let message: string;
    if (!g.predicted) {
      message = `${names} gave bit-identical results in all ${plural(g.repeats, 'repeat')}, although the model does not make them the same computation; here they read the same numbers, so their difference is zero by construction, not evidence.`;
    } else if (g.check === 'confirmed') {
      message = `${names} are the same computation for this model${why(g.variants, ctx)}, and their results are bit-identical in all ${plural(g.repeats, 'repeat')}. Their difference is zero by construction, not evidence.`;
    } else if (g.check === 'unchecked') {
      message = `${names} are the same computation for this model${why(g.variants, ctx)}; no repeat finished for all of them to confirm it. Their difference is zero by construction.`;
    } else {
      message = `${names} should be the same computation for this model${why(g.variants, ctx)}, but their results differ: training was not bit-for-bit repeatable, so their differences measure that noise, not the heads.`;
    }
    return { code: 'identical-variants', variants: [...g.variants], message };
  });
}

/** The pairs that are their own hypothesis (not a repeat of an earlier pair through identical variants). */
function distinct({ pairs, groups }: WarningInput): PairStats[] {
  const dup = duplicatePairs(groups, pairs);
  return pairs.filter((_, i) => !dup[i]);
}

function zeroVariance(input: WarningInput): ComparisonWarning[] {
  return distinct(input)
    .filter((p) => p.n >= 2 && p.decided_by === 'sign-flip' && !p.identical && p.mean_diff !== null)
    .map((p) => ({
      code: 'zero-variance' as const,
      variants: [p.a, p.b],
      message:
        `${p.a} − ${p.b} was ${formatPoints(p.mean_diff as number, true)} points in every one of the ${p.n} repeats. With no spread between ` +
        `repeats there is no confidence interval and no t-test; the sign-flip test decides instead: ${pIs(p.p_signflip ?? 1)}, ` +
        `and the smallest p-value ${p.n} repeats can give is ${formatP(minSignFlipP(p.n))}.`,
    }));
}

function ceilingAndFloor({ variants, cells, counts }: WarningInput): ComparisonWarning[] {
  const counted = (v: string) => cells.filter((c) => c.variant === v && counts(c));
  const atCeiling = variants.filter((v) => {
    const own = counted(v);
    return own.length > 0 && own.every((c) => (c.testAcc as number) >= CEILING_ACC);
  });
  const atFloor = variants.filter((v) => {
    const own = counted(v);
    return own.length > 0 && own.every((c) => c.chance != null && (c.testAcc as number) <= c.chance + FLOOR_MARGIN);
  });
  const out: ComparisonWarning[] = [];
  if (atCeiling.length > 0) {
    out.push({
      code: 'ceiling',
      variants: atCeiling,
      message: `${listNames(atCeiling)} reached at least ${pct(CEILING_ACC)} test accuracy in every repeat: the task is too easy for ${atCeiling.length === 1 ? 'this head' : 'these heads'} to show a difference (a ceiling). A harder task, less training data or fewer steps would separate them.`,
    });
  }
  if (atFloor.length > 0) {
    const sample = cells.find((c) => atFloor.includes(c.variant) && counts(c) && c.chance != null) as ComparisonCell;
    const classes = sample.numClasses != null ? ` with ${sample.numClasses} classes` : '';
    out.push({
      code: 'floor',
      variants: atFloor,
      message: `${listNames(atFloor)} stayed at chance level in every repeat (within ${shortPoints(FLOOR_MARGIN)} points of the ${pct(sample.chance as number)} that always guessing the most frequent class scores${classes}): ${atFloor.length === 1 ? 'it' : 'they'} learned nothing useful here, so a difference with ${atFloor.length === 1 ? 'it' : 'them'} shows that this head fails on this task, not by how much it trails.`,
    });
  }
  return out;
}

function underpowered(input: WarningInput): ComparisonWarning[] {
  const effect = `${shortPoints(input.minEffect)}-point`;
  const { minEffect } = input;
  return distinct(input).flatMap((p): ComparisonWarning[] => {
    if (p.identical || p.significant || p.n === 0 || p.mean_diff === null) return [];
    const head = `${p.a} vs ${p.b}:`;
    let message: string | null = null;
    if (p.n === 1) {
      message = `${head} only one repeat finished for both, so there is no interval and no test. Detecting a ${effect} difference needs several repeats — how many depends on how much repeats vary.`;
    } else if (p.decided_by === 'sign-flip') {
      if (minSignFlipP(p.n) >= ALPHA) {
        message = `${head} every repeat agrees, but with ${p.n} repeats no test can reach p < 0.05; at least ${signFlipRepeatsNeeded()} repeats are needed.`;
      }
    } else if (p.ci_t !== null && (p.ci_t[1] - p.ci_t[0]) / 2 > minEffect) {
      const need = p.repeats_needed === null ? 'far more repeats than practical' : `about ${p.repeats_needed} repeats`;
      message = `${head} with ${p.n} repeats the 95 % interval is ±${formatPoints((p.ci_t[1] - p.ci_t[0]) / 2)} points wide, more than the ${effect} difference worth detecting; ${need} would detect a ${effect} difference 80 % of the time.`;
    }
    return message === null ? [] : [{ code: 'underpowered', variants: [p.a, p.b], message }];
  });
}

/** All warnings, in a fixed order of codes. */
export function comparisonWarnings(input: WarningInput): ComparisonWarning[] {
  return [...failedRepeats(input), ...identical(input), ...zeroVariance(input), ...ceilingAndFloor(input), ...underpowered(input)];
}
