/**
 * Exponential moving average with bias correction (TensorBoard-style smoothing).
 * `weight` in [0, 1): 0 returns the raw values; 0.9 averages over roughly the last ten points.
 * Non-finite values pass through unchanged and do not disturb the average.
 */
export function ema(values: readonly number[], weight: number): number[] {
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 0.999) : 0;
  const out = new Array<number>(values.length);
  let acc = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    acc = acc * w + (1 - w) * v;
    n += 1;
    out[i] = w === 0 ? v : acc / (1 - w ** n);
  }
  return out;
}
