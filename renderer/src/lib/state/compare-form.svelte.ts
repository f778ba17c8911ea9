/**
 * The comparison's own choices (which feature heads, how many repeats), validated with the contract's
 * compareRequestSchema; the base config comes from the configuration form.
 */
import { compareRequestSchema, DEFAULT_VARIANTS, MAX_VARIANTS } from '../../../../src/contract/comparison.js';
import { fieldErrors, type Feature, type RunConfig } from '../../../../src/contract/config.js';

export { MAX_VARIANTS };

export class CompareForm {
  variants = $state<Feature[]>([...DEFAULT_VARIANTS]);
  repeats = $state('3');

  #parsed = $derived.by(() => {
    const t = this.repeats.trim();
    return compareRequestSchema
      .pick({ variants: true, repeats: true })
      .safeParse({ variants: this.variants, repeats: t === '' ? Number.NaN : Number(t) });
  });

  /** 'variants' / 'repeats' → message. */
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
  request(config: RunConfig | null): { config: RunConfig; variants: Feature[]; repeats: number } | null {
    if (!config || !this.#parsed.success) return null;
    return { config, variants: [...this.#parsed.data.variants], repeats: this.#parsed.data.repeats };
  }
}
