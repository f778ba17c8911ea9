/**
 * The `shapes` report: what batch_first, num_layers and bidirectional do to output, h_n and c_n, measured on
 * real tensors (a randomly initialised LSTM on random input), plus identity checks that expose the pitfalls of
 * reading out[:, -1].
 */
import * as tf from './tfjs.js';
import type { ModelConfig } from '../contract/config.js';
import type { IdentityCheck, ShapeReport, ShapeRow } from '../contract/shapes.js';
import { FEATURES } from '../contract/config.js';
import { Lstm, type LstmResult } from './lstm/lstm.js';
import { computeFeature, featureWidth } from './model/features.js';
import { Rng } from './rng.js';

export interface ShapeRequest {
  model: ModelConfig;
  batch: number;
  seqLen: number;
  /** Classes of the linear head (default 10). */
  numClasses?: number;
}

const ZERO = 1e-6;

function lstmInputSize(m: ModelConfig): number {
  return m.vocabSize !== undefined ? m.embeddingSize : (m.inputSize ?? 28);
}

function run(m: ModelConfig, overrides: Partial<{ layers: number; bidirectional: boolean; batchFirst: boolean }>, batch: number, seqLen: number, lengths?: number[]): LstmResult & { lstm: Lstm } {
  const inputSize = lstmInputSize(m);
  const batchFirst = overrides.batchFirst ?? m.batchFirst;
  const lstm = new Lstm(
    { inputSize, hiddenSize: m.hidden, numLayers: overrides.layers ?? m.layers, bidirectional: overrides.bidirectional ?? m.bidirectional, batchFirst },
    new Rng(7),
  );
  const rng = new Rng(11);
  const data = Float32Array.from({ length: batch * seqLen * inputSize }, () => rng.normal());
  const x = tf.tensor3d(data, batchFirst ? [batch, seqLen, inputSize] : [seqLen, batch, inputSize]);
  return { ...lstm.apply(x, { lengths }), lstm };
}

function maxAbs(t: tf.Tensor): number {
  return tf.max(tf.abs(t)).dataSync()[0];
}

function lastStep(out: tf.Tensor3D): tf.Tensor2D {
  const [B, T, W] = out.shape;
  return tf.reshape(tf.slice(out, [0, T - 1, 0], [B, 1, W]), [B, W]);
}

function stepAt(out: tf.Tensor3D, t: number): tf.Tensor2D {
  const [B, , W] = out.shape;
  return tf.reshape(tf.slice(out, [0, t, 0], [B, 1, W]), [B, W]);
}

function half(x: tf.Tensor2D, which: 0 | 1, H: number): tf.Tensor2D {
  return tf.slice(x, [0, which * H], [x.shape[0], H]);
}

function checks(m: ModelConfig, batch: number, seqLen: number): IdentityCheck[] {
  const H = m.hidden;
  const out: IdentityCheck[] = [];
  // 1. One layer, one direction: out[:, -1] is h_n[-1].
  const uni = run(m, { layers: 1, bidirectional: false, batchFirst: true }, batch, seqLen);
  const d1 = maxAbs(tf.sub(lastStep(uni.output), tf.squeeze(uni.hN, [0])));
  uni.lstm.dispose();
  out.push({
    name: 'one layer, one direction',
    claim: 'max |out[:, -1] − h_n[-1]| = 0',
    measured: d1,
    holds: d1 <= ZERO,
    explanation: 'With a single unidirectional layer and no padding the last output step IS the final hidden state: both heads read the same numbers.',
  });
  // 2. Several layers: cat(h_n) is layers·dirs·H wide; out[:, -1] is only the last layer.
  const L = Math.max(2, m.layers);
  const deep = run(m, { layers: L, batchFirst: true }, batch, seqLen);
  const dirs = m.bidirectional ? 2 : 1;
  const g = { hiddenSize: H, numLayers: L, dirs };
  const width = computeFeature('hidden_concat', g, { output: deep.output, hN: deep.hN, batchFirst: true }).shape[1];
  deep.lstm.dispose();
  out.push({
    name: `${L} layers: hidden_concat width`,
    claim: `cat(h_n) is layers·dirs·H = ${L}·${dirs}·${H} = ${L * dirs * H} wide; out[:, -1] only ${dirs * H}`,
    measured: width,
    holds: width === L * dirs * H,
    explanation: 'cat(h_n) stacks the final state of every layer (and direction); out[:, -1] only holds the last layer. A head sized for one layer crashes on cat(h_n) of two: the seed\'s layer_dim = 2 bug.',
  });
  // 3. Bidirectional: the backward half of out[:, -1] has seen one step; out[:, 0] holds the backward final state.
  const bi = run(m, { layers: 1, bidirectional: true, batchFirst: true }, batch, seqLen);
  const hBack = tf.reshape(tf.slice(bi.hN, [1, 0, 0], [1, batch, H]), [batch, H]);
  const dLast = maxAbs(tf.sub(half(lastStep(bi.output), 1, H), hBack));
  const dFirst = maxAbs(tf.sub(half(stepAt(bi.output, 0), 1, H), hBack));
  bi.lstm.dispose();
  out.push({
    name: 'bidirectional: backward half of out[:, -1]',
    claim: 'max |out[:, -1, H:] − h_n[-1]| > 0 (it matches nothing in h_n)',
    measured: dLast,
    holds: dLast > ZERO,
    explanation: 'The backward direction runs from the end to the start, so at the last step it has read one input only; its summary of the whole sequence is at out[:, 0].',
  });
  out.push({
    name: 'bidirectional: backward half of out[:, 0]',
    claim: 'max |out[:, 0, H:] − h_n[-1]| = 0',
    measured: dFirst,
    holds: dFirst <= ZERO,
    explanation: 'h_n of the backward direction is its state after reading step 0: the first output step, not the last.',
  });
  // 4. Padding (packed sequences): out[:, -1] of a short sample is a pad step (zeros); h_n holds its last real step.
  const lengths = Array.from({ length: batch }, (_, b) => (b % 2 === 0 ? seqLen : Math.max(1, Math.ceil(seqLen / 2))));
  const pad = run(m, { layers: 1, bidirectional: false, batchFirst: true }, batch, seqLen, lengths);
  const shortIdx = lengths.map((l, b) => (l < seqLen ? b : -1)).filter((b) => b >= 0);
  const outData = pad.output.arraySync();
  const hData = pad.hN.arraySync()[0];
  let padLast = 0;
  let realLast = 0;
  for (const b of shortIdx) {
    for (let j = 0; j < H; j++) {
      padLast = Math.max(padLast, Math.abs(outData[b][seqLen - 1][j]));
      realLast = Math.max(realLast, Math.abs(outData[b][lengths[b] - 1][j] - hData[b][j]));
    }
  }
  pad.lstm.dispose();
  if (shortIdx.length > 0) {
    out.push({
      name: 'padding: out[:, -1] of a short sample',
      claim: 'max |out[b, -1]| = 0 for samples shorter than T (a pad step)',
      measured: padLast,
      holds: padLast <= ZERO,
      explanation: 'With packed sequences a short sample has no output after its length: out[:, -1] reads zeros (without packing it reads the LSTM run over pad tokens).',
    });
    out.push({
      name: 'padding: h_n of a short sample',
      claim: 'max |out[b, len_b − 1] − h_n[-1][b]| = 0',
      measured: realLast,
      holds: realLast <= ZERO,
      explanation: 'h_n is taken at each sample\'s own last real step, so cat(h_n) is unaffected by padding.',
    });
  }
  return out;
}

export async function shapeReport(req: ShapeRequest): Promise<ShapeReport> {
  const { model: m, batch, seqLen } = req;
  const numClasses = req.numClasses ?? 10;
  return tf.tidy(() => {
    const results = ([true, false] as const).map((bf) => {
      const r = run(m, { batchFirst: bf }, batch, seqLen);
      r.lstm.dispose();
      return r;
    });
    const [bfR, sfR] = results;
    const g = { hiddenSize: m.hidden, numLayers: m.layers, dirs: m.bidirectional ? 2 : 1 };
    const inputSize = lstmInputSize(m);
    const tokens = m.vocabSize !== undefined;
    const rows: ShapeRow[] = [];
    if (tokens) rows.push({ name: 'tokens', batchFirst: [batch, seqLen], seqFirst: [seqLen, batch], note: `ids < vocab ${m.vocabSize}` });
    rows.push({ name: tokens ? 'input (embedded)' : 'input', batchFirst: [batch, seqLen, inputSize], seqFirst: [seqLen, batch, inputSize] });
    rows.push({ name: 'output', batchFirst: bfR.output.shape, seqFirst: sfR.output.shape, note: 'dirs·H features per step' });
    rows.push({
      name: 'output[:, -1] / output[-1]',
      batchFirst: computeFeature('output_step', g, { output: bfR.output, hN: bfR.hN, batchFirst: true }).shape,
      seqFirst: computeFeature('output_step', g, { output: sfR.output, hN: sfR.hN, batchFirst: false }).shape,
      note: 'the index depends on batch_first',
    });
    rows.push({ name: 'h_n', batchFirst: bfR.hN.shape, seqFirst: sfR.hN.shape, note: 'layers·dirs first, whatever batch_first is' });
    rows.push({ name: 'c_n', batchFirst: bfR.cN.shape, seqFirst: sfR.cN.shape });
    for (const f of FEATURES) {
      rows.push({
        name: `feature ${f}`,
        batchFirst: computeFeature(f, g, { output: bfR.output, hN: bfR.hN, batchFirst: true }).shape,
        seqFirst: computeFeature(f, g, { output: sfR.output, hN: sfR.hN, batchFirst: false }).shape,
        note: f === m.feature ? 'selected' : undefined,
      });
    }
    const w = featureWidth(m.feature, g);
    rows.push({ name: 'fc.weight', batchFirst: [numClasses, w], seqFirst: [numClasses, w], note: `sized from ${m.feature}` });
    return { batch, seqLen, rows, checks: checks(m, batch, seqLen) };
  });
}
