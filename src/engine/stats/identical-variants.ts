/**
 * Variants that are the same function: predicted from the model (same-function.ts) and checked against the
 * results — the final test accuracy, test loss and train loss of every repeat both completed must be
 * bit-identical (same seed, same numbers in, same numbers out). Variants the model does not predict to be the
 * same but whose results are bit-identical in every shared repeat are reported too.
 */
import type { ComparisonCell } from '../../contract/comparison.js';
import { type ReadoutContext, sameFunctionGroups } from './same-function.js';

export type IdentityCheck = 'confirmed' | 'differs' | 'unchecked';

export interface IdenticalGroup {
  variants: string[];
  /** Whether the model config implies it (else only the results showed it). */
  predicted: boolean;
  check: IdentityCheck;
  /** Repeats compared (those every member completed). */
  repeats: number;
}

type Finals = ReadonlyMap<number, readonly [number | null, number | null, number | null]>;

function finalsOf(cells: readonly ComparisonCell[], counts: (c: ComparisonCell) => boolean): Map<string, Finals> {
  const out = new Map<string, Map<number, [number | null, number | null, number | null]>>();
  for (const c of cells) {
    if (!counts(c)) continue;
    const m = out.get(c.variant) ?? new Map();
    m.set(c.repeat, [c.testAcc, c.testLoss, c.trainLoss]);
    out.set(c.variant, m);
  }
  return out;
}

/** Repeats every member completed, and whether all their final metrics are bit-identical there. */
function compare(group: readonly string[], finals: ReadonlyMap<string, Finals>): { repeats: number; same: boolean } {
  const maps = group.map((v) => finals.get(v) ?? new Map());
  const shared = [...maps[0].keys()].filter((r) => maps.every((m) => m.has(r)));
  const same = shared.every((r) => {
    const first = maps[0].get(r);
    return maps.every((m) => m.get(r).every((x: number | null, i: number) => x === first[i]));
  });
  return { repeats: shared.length, same };
}

/**
 * The identical groups of a comparison. `ctx` (null when the model or the padding is unknown) gives the
 * predicted groups; `counts` says which cells count (completed with a test accuracy).
 */
export function identicalGroups(
  variants: readonly string[],
  cells: readonly ComparisonCell[],
  ctx: ReadoutContext | null,
  counts: (c: ComparisonCell) => boolean,
): IdenticalGroup[] {
  const finals = finalsOf(cells, counts);
  const groups: IdenticalGroup[] = [];
  const grouped = new Set<string>();
  for (const g of ctx ? sameFunctionGroups(variants, ctx) : []) {
    const { repeats, same } = compare(g, finals);
    groups.push({ variants: g, predicted: true, check: repeats === 0 ? 'unchecked' : same ? 'confirmed' : 'differs', repeats });
    g.forEach((v) => grouped.add(v));
  }
  // Not predicted, but bit-identical in every shared repeat: grow groups greedily in variant order.
  const rest = variants.filter((v) => !grouped.has(v));
  for (let i = 0; i < rest.length; i++) {
    if (grouped.has(rest[i])) continue;
    const g = [rest[i]];
    for (let j = i + 1; j < rest.length; j++) {
      if (grouped.has(rest[j])) continue;
      const { repeats, same } = compare([...g, rest[j]], finals);
      if (repeats > 0 && same) g.push(rest[j]);
    }
    if (g.length > 1) {
      groups.push({ variants: g, predicted: false, check: 'confirmed', repeats: compare(g, finals).repeats });
      g.forEach((v) => grouped.add(v));
    }
  }
  return groups;
}

/** The group's first variant for members of a group, else the variant itself. */
export function representative(groups: readonly IdenticalGroup[], v: string): string {
  return groups.find((g) => g.variants.includes(v))?.variants[0] ?? v;
}

/**
 * Which hypothesis a pair tests: pairs whose variants are the same computations as another pair's test the same
 * thing (with output_step ≡ hidden_last, hidden_concat − output_step and hidden_concat − hidden_last are one test).
 */
export function hypothesisKey(groups: readonly IdenticalGroup[], a: string, b: string): string {
  return [representative(groups, a), representative(groups, b)].sort().join('\n');
}

/** Whether a pair repeats the hypothesis of an earlier pair in `pairs` (same order as given). */
export function duplicatePairs<P extends { a: string; b: string }>(groups: readonly IdenticalGroup[], pairs: readonly P[]): boolean[] {
  const seen = new Set<string>();
  return pairs.map((p) => {
    const key = hypothesisKey(groups, p.a, p.b);
    const dup = seen.has(key);
    seen.add(key);
    return dup;
  });
}
