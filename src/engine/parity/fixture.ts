/**
 * The golden-fixture format written by tools/make_lstm_fixture.py (and ../shared/anchors): torch.nn.LSTM
 * results in float64, every tensor `{shape, data}` flat row-major. Validated here so a bad file gives a
 * clear message naming the field.
 */
import { z } from 'zod';

export const storedTensorSchema = z
  .object({ shape: z.array(z.number().int().nonnegative()), data: z.array(z.number()) })
  .refine((t) => t.shape.reduce((a, b) => a * b, 1) === t.data.length, {
    error: 'data length must equal the product of shape',
  });
export type StoredTensor = z.infer<typeof storedTensorSchema>;

export const lstmFixtureSchema = z.object({
  kind: z.literal('lstm'),
  name: z.string(),
  config: z.object({
    input_size: z.number().int().positive(),
    hidden_size: z.number().int().positive(),
    num_layers: z.number().int().positive(),
    bidirectional: z.boolean(),
    batch_first: z.boolean(),
    batch: z.number().int().positive(),
    seq_len: z.number().int().positive(),
  }),
  lengths: z.array(z.number().int().positive()).optional(),
  weights: z.record(z.string(), storedTensorSchema),
  input: storedTensorSchema,
  h0: storedTensorSchema.optional(),
  c0: storedTensorSchema.optional(),
  output: storedTensorSchema,
  h_n: storedTensorSchema,
  c_n: storedTensorSchema,
  features: z.object({ output_step: storedTensorSchema, hidden_concat: storedTensorSchema }),
  loss_weights: z.object({ output: storedTensorSchema, h_n: storedTensorSchema, c_n: storedTensorSchema }),
  grads: z.record(z.string(), storedTensorSchema),
});
export type LstmFixture = z.infer<typeof lstmFixtureSchema>;

export const textFixtureSchema = z.object({
  kind: z.literal('text_classifier'),
  name: z.string(),
  config: z.object({
    vocab_size: z.number().int().positive(),
    embedding_size: z.number().int().positive(),
    hidden_size: z.number().int().positive(),
    num_layers: z.number().int().positive(),
    bidirectional: z.boolean(),
    batch_first: z.boolean(),
    output_size: z.number().int().positive(),
    feature: z.enum(['output_step', 'hidden_concat', 'hidden_last', 'mean_pool']),
    batch: z.number().int().positive(),
    seq_len: z.number().int().positive(),
  }),
  weights: z.record(z.string(), storedTensorSchema),
  tokens: storedTensorSchema,
  probabilities: storedTensorSchema,
});
export type TextFixture = z.infer<typeof textFixtureSchema>;

export const fixtureSchema = z.discriminatedUnion('kind', [lstmFixtureSchema, textFixtureSchema]);
export type Fixture = z.infer<typeof fixtureSchema>;
