/**
 * Every pair of variants of a comparison, analysed on the repeats both completed: the mean of a − b, the t
 * and BCa intervals, the t and sign-flip p-values, d_z, P(A > B), repeats needed, optional TOST; then the
 * family step — Holm over the distinct hypotheses (pairs the model makes identical stay out, pairs that repeat
 * another through identical variants count once) — decides `significant` (and `equivalent`). Pairs come baseline first:
 * (v₁, v₀), (v₂, v₀), …, then (v₂, v₁), … — a is the later variant, b the earlier.
 */
import type { PairStats } from '../../contract/comparison-analysis.js';
import { Rng } from '../rng.js';
import { BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED, bcaMeanInterval } from './bootstrap-bca.js';
import { cohenDz, probabilityAGreater } from './effect-size.js';
import { holmAdjust } from './holm.js';
import { ALPHA, repeatsNeeded } from './power.js';
import { minSignFlipP, SIGN_FLIP_RESAMPLES, SIGN_FLIP_SEED, signFlipTest } from './sign-flip.js';
import { CONFIDENCE, tInterval } from './t-interval.js';
import { tost } from './tost.js';

export interface PairOptions {
  /** Smallest difference worth detecting (fraction), for repeats_needed. */
  minEffect: number;
  /** TOST margin (fraction), or null. */
  equivalenceMargin: number | null;
  bootstrapResamples?: number;
  signFlipResamples?: number;
  /** Offset of the seeded bootstrap / Monte Carlo streams. */
  seed?: number;
}

/** Accuracy per repeat index, for one variant (completed repeats only). */
export type RepeatValues = ReadonlyMap<number, number>;

/** The ordered list of pairs [a, b] of `variants`, the baseline's first. */
export function pairOrder(variants: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < variants.length - 1; i++) {
    for (let j = i + 1; j < variants.length; j++) out.push([variants[j], variants[i]]);
  }
  return out;
}

/** The fewest repeats whose sign-flip test can reach p < ALPHA (6 at 5 %): what identical differences need. */
export function signFlipRepeatsNeeded(alpha: number = ALPHA): number {
  let n = 1;
  while (minSignFlipP(n) >= alpha) n++;
  return n;
}

function needed(effect: number, sd: number | null, zeroVariance: boolean, mean: number | null): number | null {
  if (zeroVariance) return mean !== null && mean !== 0 ? signFlipRepeatsNeeded() : null;
  if (sd === null || sd === 0 || effect === 0) return null;
  return repeatsNeeded(effect, sd);
}

/** One pair's statistics before the family step (p_holm, p_tost_holm, significant, equivalent unset). */
function analyzeOne(a: string, b: string, av: RepeatValues, bv: RepeatValues, identical: boolean, k: number, opts: PairOptions): PairStats {
  const repeats = [...av.keys()].filter((r) => bv.has(r)).sort((x, y) => x - y);
  const as = repeats.map((r) => av.get(r) as number);
  const bs = repeats.map((r) => bv.get(r) as number);
  const diffs = as.map((x, i) => x - bs[i]);
  const t = tInterval(diffs, CONFIDENCE);
  const seed = (opts.seed ?? 0) + k;
  const flip = signFlipTest(diffs, { resamples: opts.signFlipResamples ?? SIGN_FLIP_RESAMPLES, rng: new Rng(SIGN_FLIP_SEED + seed) });
  const bca = bcaMeanInterval(diffs, { resamples: opts.bootstrapResamples ?? BOOTSTRAP_RESAMPLES, rng: new Rng(BOOTSTRAP_SEED + seed) });
  const equivalence = opts.equivalenceMargin === null ? null : tost(t, opts.equivalenceMargin);
  const decidedBy = t.n < 2 ? null : t.zeroVariance ? 'sign-flip' : 't';
  return {
    a,
    b,
    n: t.n,
    mean_diff: t.mean,
    sd_diff: t.sd,
    ci_t: t.ci,
    ci_bca: bca,
    p_t: t.p,
    p_signflip: flip?.p ?? null,
    signflip_exact: flip?.exact ?? null,
    decided_by: decidedBy,
    p_holm: null,
    d_z: cohenDz(diffs),
    p_a_gt_b: probabilityAGreater(as, bs),
    repeats_needed: t.n < 2 ? null : needed(opts.minEffect, t.sd, t.zeroVariance, t.mean),
    repeats_needed_observed: t.n < 2 || t.mean === null ? null : needed(Math.abs(t.mean), t.sd, t.zeroVariance, t.mean),
    p_tost: equivalence?.p ?? null,
    p_tost_holm: null,
    equivalent: null,
    identical,
    significant: false,
  };
}

/** The p-value a pair contributes to the Holm family. */
export function decidingP(p: PairStats): number | null {
  if (p.decided_by === 't') return p.p_t;
  if (p.decided_by === 'sign-flip') return p.p_signflip;
  return null;
}

/** Holm over the pairs that are their own hypothesis; a repeated hypothesis gets the adjusted p of its first pair. */
function familyAdjust(ps: readonly (number | null)[], own: readonly (number | null)[]): (number | null)[] {
  const adjusted = holmAdjust(own.map((k, i) => (k === null ? null : ps[i])));
  return own.map((k, i) => (k === null ? null : adjusted[k]));
}

/**
 * All pairs of `variants`; `values` gives each variant's accuracy per repeat, `group(v)` the first variant of
 * the group of same computations v belongs to (v itself when none). Pairs within a group are not hypotheses
 * (never significant, no Holm p); pairs that repeat an earlier pair's hypothesis through a group count once in
 * the family and share its adjusted p.
 */
export function analyzePairs(
  variants: readonly string[],
  values: ReadonlyMap<string, RepeatValues>,
  group: (v: string) => string,
  opts: PairOptions,
): PairStats[] {
  const empty: RepeatValues = new Map();
  const pairs = pairOrder(variants).map(([a, b], k) =>
    analyzeOne(a, b, values.get(a) ?? empty, values.get(b) ?? empty, group(a) === group(b), k, opts),
  );
  // Index of the first pair testing the same hypothesis (null: not a hypothesis).
  const firstOf = new Map<string, number>();
  const own = pairs.map((p, i) => {
    if (p.identical) return null;
    const key = [group(p.a), group(p.b)].sort().join('\n');
    if (!firstOf.has(key)) firstOf.set(key, i);
    return firstOf.get(key) as number;
  });
  const firstOnly = own.map((k, i) => (k === i ? k : null));
  const holm = familyAdjust(pairs.map(decidingP), firstOnly);
  const holmTost = familyAdjust(pairs.map((p) => p.p_tost), firstOnly);
  return pairs.map((p, i) => {
    const k = own[i];
    const pHolm = k === null ? null : holm[k];
    const pTost = k === null ? null : holmTost[k];
    return {
      ...p,
      p_holm: pHolm,
      significant: pHolm !== null && pHolm < ALPHA,
      p_tost_holm: pTost,
      equivalent: opts.equivalenceMargin === null ? null : pTost !== null && pTost < ALPHA,
    };
  });
}
