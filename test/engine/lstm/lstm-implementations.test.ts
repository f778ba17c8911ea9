import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '../../../src/engine/tfjs.js';
import { Lstm } from '../../../src/engine/lstm/lstm.js';
import { lstmImplementation, setLstmImplementation, type LstmImplementation } from '../../../src/engine/lstm/lstm-direction.js';
import { checkFixture, PARITY_TOLERANCE } from '../../../src/engine/parity/check-fixture.js';
import { Rng } from '../../../src/engine/rng.js';
import { selectBackend } from '../../../src/host/backend/backends.js';
import { loadFixtures } from '../../helpers/fixtures.js';

const fixtures = loadFixtures();

afterEach(() => setLstmImplementation('auto'));

interface Outcome {
  values: Float32Array[];
}

/** Output, h_n, c_n and the gradient of a weighted sum w.r.t. every weight, the input and the initial states. */
function run(impl: LstmImplementation, cfg: { layers: number; bidirectional: boolean; batchFirst: boolean; lengths?: number[] }): Outcome {
  setLstmImplementation(impl);
  const [T, B, I, H] = [6, 3, 5, 7];
  const lstm = new Lstm({ inputSize: I, hiddenSize: H, numLayers: cfg.layers, bidirectional: cfg.bidirectional, batchFirst: cfg.batchFirst }, new Rng(4));
  const rng = new Rng(9);
  const n = cfg.layers * (cfg.bidirectional ? 2 : 1);
  const rand = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1)), shape);
  const [x, h0, c0] = [cfg.batchFirst ? [B, T, I] : [T, B, I], [n, B, H], [n, B, H]].map((shape) => tf.tidy(() => tf.variable(rand(shape))));
  const wOut = rand(cfg.batchFirst ? [B, T, n / cfg.layers * H] : [T, B, n / cfg.layers * H]);
  const wH = rand([n, B, H]);
  const wC = rand([n, B, H]);
  const vars = [...lstm.params.byName.values(), x, h0, c0];
  const values: Float32Array[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const r = lstm.apply(x as tf.Tensor as tf.Tensor3D, { h0: h0 as tf.Tensor as tf.Tensor3D, c0: c0 as tf.Tensor as tf.Tensor3D, lengths: cfg.lengths });
    values.push(r.output.dataSync() as Float32Array, r.hN.dataSync() as Float32Array, r.cN.dataSync() as Float32Array);
    return tf.addN([tf.sum(tf.mul(r.output, wOut)), tf.sum(tf.mul(r.hN, wH)), tf.sum(tf.mul(r.cN, wC))]) as tf.Scalar;
  }, vars);
  for (const v of vars) values.push(grads[v.name].dataSync() as Float32Array);
  tf.dispose([value, x, h0, c0, wOut, wH, wC, ...Object.values(grads)]);
  lstm.dispose();
  return { values };
}

function maxDiff(a: Outcome, b: Outcome): number {
  let m = 0;
  a.values.forEach((va, k) => {
    const vb = b.values[k];
    expect(va.length).toBe(vb.length);
    for (let i = 0; i < va.length; i++) m = Math.max(m, Math.abs(va[i] - vb[i]));
  });
  return m;
}

describe('LSTM implementation choice', () => {
  it('auto uses tfjs ops on other backends (e.g. tfjs-node), and a forced kernel there is a clear error', async () => {
    tf.registerBackend('lstm-test-other', () => new MathBackendCPU());
    try {
      await tf.setBackend('lstm-test-other');
      expect(lstmImplementation()).toBe('ops');
      setLstmImplementation('kernel');
      expect(() => lstmImplementation()).toThrow('LSTM implementation "kernel": runs on the cpu and wasm backends only (current backend: lstm-test-other)');
    } finally {
      setLstmImplementation('auto');
      await selectBackend('cpu');
      tf.removeBackend('lstm-test-other');
    }
  });
});

describe.each(['cpu', 'wasm'] as const)('LSTM implementations on %s', (backend) => {
  it('auto picks the WebAssembly kernel here; "ops" can be forced', async () => {
    await selectBackend(backend);
    expect(lstmImplementation()).toBe('kernel');
    setLstmImplementation('ops');
    expect(lstmImplementation()).toBe('ops');
  });

  it.each([
    { layers: 1, bidirectional: false, batchFirst: true },
    { layers: 2, bidirectional: true, batchFirst: false },
    { layers: 2, bidirectional: true, batchFirst: true, lengths: [6, 2, 4] },
    { layers: 3, bidirectional: false, batchFirst: false, lengths: [1, 6, 3] },
  ])('kernel and ops agree on outputs and all gradients: %o', async (cfg) => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    const kernel = run('kernel', cfg);
    const ops = run('ops', cfg);
    expect(kernel.values).toHaveLength(ops.values.length);
    expect(maxDiff(kernel, ops)).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['kernel', 'ops'] as const)('torch.nn.LSTM fixtures within 1e-4 through the %s path', async (impl) => {
    await selectBackend(backend);
    setLstmImplementation(impl);
    for (const fx of fixtures) {
      const before = tf.memory().numTensors;
      const errors = checkFixture(fx);
      expect(tf.memory().numTensors).toBe(before);
      for (const e of errors) expect(e.maxAbsError, `${fx.name} ${e.tensor}`).toBeLessThanOrEqual(PARITY_TOLERANCE);
    }
  });
});
