/**
 * Holm's step-down adjustment (Holm 1979) of a family of p-values: sorted ascending, the i-th smallest
 * (1-based) is multiplied by m − i + 1, then made monotone (running maximum) and capped at 1. Rejecting
 * where the adjusted p < α keeps the family-wise error rate ≤ α under any dependence between the tests.
 * Entries that are null (a pair without a test) are not in the family and stay null.
 */

/** Holm-adjusted p-values, in input order. */
export function holmAdjust(ps: readonly (number | null)[]): (number | null)[] {
  ps.forEach((p, i) => {
    if (p !== null && !(p >= 0 && p <= 1)) throw new RangeError(`Holm adjustment: p[${i}] must be in [0, 1], got ${p}`);
  });
  const present = ps.flatMap((p, i) => (p === null ? [] : [{ p, i }])).sort((x, y) => x.p - y.p || x.i - y.i);
  const m = present.length;
  const out: (number | null)[] = ps.map(() => null);
  let running = 0;
  present.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
