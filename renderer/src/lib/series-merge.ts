/** Merging metric points that arrive from disk and from live events, in step order without repeats. */

/** Appends points whose step is beyond the last one held (keeps the series sorted and free of repeats). */
export function appendByStep<P extends { step: number }>(into: P[], points: readonly P[]): number {
  let added = 0;
  for (const p of points) {
    const last = into.length ? into[into.length - 1].step : Number.NEGATIVE_INFINITY;
    if (p.step > last) {
      into.push(p);
      added++;
    }
  }
  return added;
}
