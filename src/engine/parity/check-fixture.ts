/**
 * Runs the studio's LSTM (or text classifier) on a golden torch fixture and reports, per tensor, the max
 * absolute error: output, h_n, c_n, both features, every gradient, probabilities.
 */
import * as tf from '../tfjs.js';
import { Lstm } from '../lstm/lstm.js';
import { Rng } from '../rng.js';
import { SequenceClassifier } from '../model/classifier.js';
import { computeFeature } from '../model/features.js';
import type { Fixture, LstmFixture, StoredTensor, TextFixture } from './fixture.js';

export interface TensorError {
  tensor: string;
  maxAbsError: number;
  ok: boolean;
}

export const PARITY_TOLERANCE = 1e-4;

function toTensor(t: StoredTensor): tf.Tensor {
  return tf.tensor(t.data, t.shape, 'float32');
}

function maxAbsError(actual: tf.Tensor, expected: StoredTensor, name: string): number {
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    throw new Error(`${name}: expected shape [${expected.shape.join(', ')}], got [${actual.shape.join(', ')}]`);
  }
  const a = actual.dataSync();
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - expected.data[i]));
  return Number.isNaN(m) ? Infinity : m;
}

/** Assigns state_dict tensors to named variables; every name must be present with the same shape. */
export function assignWeights(params: Iterable<[string, tf.Variable]>, weights: Record<string, StoredTensor>, prefix = ''): void {
  for (const [name, v] of params) {
    const w = weights[name] ?? weights[name.slice(prefix.length)];
    if (!w) throw new Error(`weights: missing "${name}"`);
    if (w.shape.join(',') !== v.shape.join(',')) {
      throw new Error(`weights.${name}: expected shape [${v.shape.join(', ')}], got [${w.shape.join(', ')}]`);
    }
    v.assign(tf.tensor(w.data, w.shape, 'float32'));
  }
}

function checkLstm(fx: LstmFixture): TensorError[] {
  const c = fx.config;
  const lstm = new Lstm(
    { inputSize: c.input_size, hiddenSize: c.hidden_size, numLayers: c.num_layers, bidirectional: c.bidirectional, batchFirst: c.batch_first },
    new Rng(0),
  );
  const owned: tf.Tensor[] = [];
  try {
    return tf.tidy(() => {
      assignWeights(lstm.params.byName.entries(), fx.weights);
      const input = tf.variable(toTensor(fx.input), true);
      const h0 = fx.h0 ? tf.variable(toTensor(fx.h0), true) : null;
      const c0 = fx.c0 ? tf.variable(toTensor(fx.c0), true) : null;
      owned.push(...[input, h0, c0].filter((v): v is tf.Variable => v !== null));
      const extra: [string, tf.Variable][] = [['input', input]];
      if (h0) extra.push(['h0', h0]);
      if (c0) extra.push(['c0', c0]);
      const vars = [...lstm.params.byName.entries(), ...extra];
      let captured: { output: tf.Tensor; hN: tf.Tensor; cN: tf.Tensor } | null = null;
      const { grads } = tf.variableGrads(() => {
        const r = lstm.apply(input as tf.Tensor as tf.Tensor3D, {
          h0: (h0 ?? undefined) as tf.Tensor3D | undefined,
          c0: (c0 ?? undefined) as tf.Tensor3D | undefined,
          lengths: fx.lengths,
        });
        captured = { output: tf.keep(r.output), hN: tf.keep(r.hN), cN: tf.keep(r.cN) };
        owned.push(captured.output, captured.hN, captured.cN);
        const lw = fx.loss_weights;
        return tf.addN([
          tf.sum(tf.mul(r.output, toTensor(lw.output))),
          tf.sum(tf.mul(r.hN, toTensor(lw.h_n))),
          tf.sum(tf.mul(r.cN, toTensor(lw.c_n))),
        ]) as tf.Scalar;
      }, vars.map(([, v]) => v));
      const out = captured!;
      const geometry = { hiddenSize: c.hidden_size, numLayers: c.num_layers, dirs: c.bidirectional ? 2 : 1 };
      const feats = { output: out.output as tf.Tensor3D, hN: out.hN as tf.Tensor3D, batchFirst: c.batch_first, lengths: fx.lengths };
      const errors: [string, number][] = [
        ['output', maxAbsError(out.output, fx.output, 'output')],
        ['h_n', maxAbsError(out.hN, fx.h_n, 'h_n')],
        ['c_n', maxAbsError(out.cN, fx.c_n, 'c_n')],
        ['features.output_step', maxAbsError(computeFeature('output_step', geometry, feats), fx.features.output_step, 'output_step')],
        ['features.hidden_concat', maxAbsError(computeFeature('hidden_concat', geometry, feats), fx.features.hidden_concat, 'hidden_concat')],
      ];
      for (const [name, v] of vars) {
        const expected = fx.grads[name];
        if (!expected) throw new Error(`grads: missing "${name}"`);
        errors.push([`grad.${name}`, maxAbsError(grads[v.name], expected, `grad.${name}`)]);
      }
      return errors.map(([tensor, e]) => ({ tensor, maxAbsError: e, ok: e <= PARITY_TOLERANCE }));
    });
  } finally {
    tf.dispose(owned);
    lstm.dispose();
  }
}

function checkText(fx: TextFixture): TensorError[] {
  const c = fx.config;
  const model = new SequenceClassifier(
    {
      inputSize: 0,
      vocabSize: c.vocab_size,
      embeddingSize: c.embedding_size,
      hiddenSize: c.hidden_size,
      numLayers: c.num_layers,
      bidirectional: c.bidirectional,
      batchFirst: c.batch_first,
      dropout: 0,
      feature: c.feature,
      numClasses: c.output_size,
    },
    0,
  );
  try {
    return tf.tidy(() => {
      assignWeights(model.namedParameters(), fx.weights);
      const tokens = tf.tensor2d(fx.tokens.data, fx.tokens.shape as [number, number], 'int32');
      const probs = tf.softmax(model.forward({ x: tokens }, false).logits);
      const e = maxAbsError(probs, fx.probabilities, 'probabilities');
      return [{ tensor: 'probabilities', maxAbsError: e, ok: e <= PARITY_TOLERANCE }];
    });
  } finally {
    model.dispose();
  }
}

export function checkFixture(fx: Fixture): TensorError[] {
  return fx.kind === 'lstm' ? checkLstm(fx) : checkText(fx);
}
