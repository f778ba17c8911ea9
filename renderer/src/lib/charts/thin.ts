/** Uniform thinning for band envelopes (drawn as fills, which the decimation plugin would tear apart). */
import type { XY } from './stats.js';

export function thinUniform(points: readonly XY[], max: number): XY[] {
  if (points.length <= max) return points.slice();
  const out: XY[] = [];
  const stride = points.length / max;
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * stride)]);
  const last = points[points.length - 1];
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
