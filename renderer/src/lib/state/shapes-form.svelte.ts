/**
 * The shape inspector's request: the model part of the current config, an input kind (feature vectors or
 * tokens) with its size, and a small batch / sequence length, validated with the contract's shapesRequestSchema.
 */
import { shapesRequestSchema, type ApiError } from '../../../../src/contract/api.js';
import { fieldErrors, type RunConfig } from '../../../../src/contract/config.js';
import type { ShapeReport } from '../../../../src/contract/shapes.js';

export type InputKind = 'features' | 'tokens';

export class ShapesForm {
  inputKind = $state<InputKind>('features');
  inputSize = $state('28');
  vocabSize = $state('100');
  batch = $state('4');
  seqLen = $state('6');

  report = $state<ShapeReport | null>(null);
  /** The model config the report was made for (shown with it). */
  reportFor = $state<string | null>(null);
  loading = $state(false);
  error = $state<ApiError | null>(null);

  /** Builds and validates the request for a model config. */
  request(config: RunConfig | null) {
    if (!config) return { ok: false as const, errors: { model: 'fix the configuration first' } as Record<string, string> };
    const n = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
    const model = { ...config.model, inputSize: undefined, vocabSize: undefined } as Record<string, unknown>;
    delete model.inputSize;
    delete model.vocabSize;
    if (this.inputKind === 'features') model.inputSize = n(this.inputSize);
    else model.vocabSize = n(this.vocabSize);
    const parsed = shapesRequestSchema.safeParse({ model, batch: n(this.batch), seqLen: n(this.seqLen) });
    if (parsed.success) return { ok: true as const, value: parsed.data };
    const errors: Record<string, string> = {};
    for (const e of fieldErrors(parsed.error)) errors[e.field] ??= e.message;
    return { ok: false as const, errors };
  }

  #matched: string | null = null;

  /** Presets the input from a dataset spec (once per spec): MNIST rows are 28 features; token tasks use a vocabulary. */
  matchDataset(spec: string): void {
    if (spec === this.#matched) return;
    this.#matched = spec;
    if (spec === 'mnist' || spec.startsWith('idx:')) {
      this.inputKind = 'features';
      this.inputSize = '28';
    } else {
      this.inputKind = 'tokens';
    }
  }
}
