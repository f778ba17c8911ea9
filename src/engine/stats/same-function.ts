/**
 * Which feature heads compute the same function for a given model and data, so that comparing them can only
 * show zero (the `identical-variants` warning). Each head reads some state of the LSTM; two heads with the
 * same `readoutKey` read the same numbers (same width, same values, same initial head weights), so training
 * them from the same seed gives bit-identical results.
 *
 *   hidden_last    the last layer's h_n (both directions)
 *   hidden_concat  h_n of every layer — the same as hidden_last when there is one layer
 *   output_step    out[:, -1] — the same as hidden_last when the LSTM is one-directional and out[:, -1] is the
 *                  state after the last real token: no padding, or padding that the LSTM runs through to the
 *                  end ('post': h_n is then also after the padding) or that comes before the tokens ('pre').
 *                  With packed sequences and padding (this studio's way: out at padding steps is zeros, h_n is
 *                  at each sample's last real step) or with a backward direction (out[:, -1] holds the backward
 *                  state after one step, h_n after the whole sequence) it differs.
 *   pools          (mean_pool and any later max_pool / concat_pool) read every step: never the same as the above.
 */

/** How padded sequences reach the LSTM: packed (lengths honoured), padding after or before the tokens. */
export type PaddingMode = 'packed' | 'post' | 'pre';

export interface ReadoutContext {
  layers: number;
  bidirectional: boolean;
  /** Whether any sample of the data is shorter than the padded length. */
  padded: boolean;
  /** Default 'packed' (the only mode so far). */
  padding?: PaddingMode;
}

const LAST_LAYER_HN = 'h_n of the last layer';

/** Whether out[:, -1] of the forward direction is the state after each sample's last real token (= h_n). */
export function lastStepIsFinalState(ctx: ReadoutContext): boolean {
  return !ctx.padded || (ctx.padding ?? 'packed') !== 'packed';
}

/** What a feature head reads, as a key: equal keys mean the same function. */
export function readoutKey(feature: string, ctx: ReadoutContext): string {
  switch (feature) {
    case 'hidden_last':
      return LAST_LAYER_HN;
    case 'hidden_concat':
      return ctx.layers === 1 ? LAST_LAYER_HN : 'h_n of every layer';
    case 'output_step':
      return !ctx.bidirectional && lastStepIsFinalState(ctx) ? LAST_LAYER_HN : 'out[:, -1]';
    default:
      return feature;
  }
}

/** Groups (in variant order, each of 2+ variants) that compute the same function for `ctx`. */
export function sameFunctionGroups(variants: readonly string[], ctx: ReadoutContext): string[][] {
  const byKey = new Map<string, string[]>();
  for (const v of variants) {
    const key = readoutKey(v, ctx);
    byKey.set(key, [...(byKey.get(key) ?? []), v]);
  }
  return [...byKey.values()].filter((g) => g.length > 1);
}

/** Why the heads of a group coincide, in words (for the warning). */
export function sameFunctionReason(ctx: ReadoutContext): string {
  const parts = [
    ctx.layers === 1 ? 'one layer' : `${ctx.layers} layers`,
    ctx.bidirectional ? 'both directions' : 'one direction',
    ctx.padded ? `padding (${ctx.padding ?? 'packed'})` : 'no padding',
  ];
  return parts.join(', ');
}
