/**
 * The comparison's own choices (which feature heads, how many repeats, the smallest difference worth
 * detecting, an optional equivalence margin, whether to re-split the data per repeat), validated with the
 * contract's compareRequestSchema; the base config comes from the configuration form.
 */
import {
  compareRequestSchema,
  DEFAULT_MIN_EFFECT_POINTS,
  DEFAULT_VARIANTS,
  MAX_VARIANTS,
  POINTS_RANGE,
} from '../../../../src/contract/comparison.js';
import { fieldErrors, type Feature, type RunConfig } from '../../../../src/contract/config.js';

export { MAX_VARIANTS };

/** "0.01–50" for the points fields' hints. */
export const POINTS_HINT = `${POINTS_RANGE[0]}–${POINTS_RANGE[1]} points`;

const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** A validated comparison request from the form. */
export interface CompareChoices {
  config: RunConfig;
  variants: Feature[];
  repeats: number;
  minEffectPoints: number;
  equivalenceMarginPoints?: number;
  resampleSplit: boolean;
}

export class CompareForm {
  variants = $state<Feature[]>([...DEFAULT_VARIANTS]);
  repeats = $state('3');
  minEffect = $state(String(DEFAULT_MIN_EFFECT_POINTS));
  /** Empty: no equivalence test. */
  equivalenceMargin = $state('');
  resampleSplit = $state(false);

  #parsed = $derived.by(() => {
    const margin = this.equivalenceMargin.trim();
    return compareRequestSchema
      .pick({ variants: true, repeats: true, minEffectPoints: true, equivalenceMarginPoints: true, resampleSplit: true })
      .safeParse({
        variants: this.variants,
        repeats: num(this.repeats),
        minEffectPoints: num(this.minEffect),
        ...(margin === '' ? {} : { equivalenceMarginPoints: num(margin) }),
        resampleSplit: this.resampleSplit,
      });
  });

  /** 'variants' / 'repeats' / 'minEffectPoints' / 'equivalenceMarginPoints' → message. */
  errors = $derived.by((): Record<string, string> => {
    const map: Record<string, string> = {};
    if (!this.#parsed.success) for (const e of fieldErrors(this.#parsed.error)) map[e.field.split('.')[0]] ??= e.message;
    return map;
  });

  valid = $derived(this.#parsed.success);

  toggle(v: Feature, on: boolean): void {
    if (on && !this.variants.includes(v)) this.variants = [...this.variants, v];
    if (!on) this.variants = this.variants.filter((x) => x !== v);
  }

  /** The request for a validated base config (null while invalid). */
  request(config: RunConfig | null): CompareChoices | null {
    if (!config || !this.#parsed.success) return null;
    const d = this.#parsed.data;
    return {
      config,
      variants: [...d.variants],
      repeats: d.repeats,
      minEffectPoints: d.minEffectPoints,
      ...(d.equivalenceMarginPoints !== undefined ? { equivalenceMarginPoints: d.equivalenceMarginPoints } : {}),
      resampleSplit: d.resampleSplit,
    };
  }
}
