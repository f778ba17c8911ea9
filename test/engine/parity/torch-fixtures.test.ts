import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { checkFixture, PARITY_TOLERANCE } from '../../../src/engine/parity/check-fixture.js';
import { selectBackend } from '../../../src/host/backend/backends.js';
import { loadFixtures } from '../../helpers/fixtures.js';

const fixtures = loadFixtures();

describe.each(['wasm', 'cpu'] as const)('torch.nn.LSTM parity on %s', (backend) => {
  it('has all seven golden fixtures', async () => {
    await selectBackend(backend);
    expect(tf.getBackend()).toBe(backend);
    expect(fixtures.length).toBeGreaterThanOrEqual(7);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: every tensor within 1e-4', async (_name, fx) => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    const errors = checkFixture(fx);
    expect(tf.memory().numTensors).toBe(before);
    const expected = fx.kind === 'lstm' ? 5 + Object.keys(fx.grads).length : 1;
    expect(errors).toHaveLength(expected);
    for (const e of errors) {
      expect(e.maxAbsError, `${fx.name} ${e.tensor}`).toBeLessThanOrEqual(PARITY_TOLERANCE);
    }
  });
});
