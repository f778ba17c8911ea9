import { describe, expect, it } from 'vitest';
import * as tf from '../../../src/engine/tfjs.js';
import { Embedding } from '../../../src/engine/model/embedding.js';
import { Rng } from '../../../src/engine/rng.js';
import { selectBackend } from '../../../src/host/backend/backends.js';

describe.each(['wasm', 'cpu'] as const)('Embedding on %s', (backend) => {
  it('looks rows up and its gradient sums the upstream rows of repeated tokens (scatter-add)', async () => {
    await selectBackend(backend);
    const emb = new Embedding(5, 3, new Rng(1));
    const tokens = tf.tensor2d([[1, 3, 1], [0, 1, 4]], [2, 3], 'int32');
    const w = emb.weight.arraySync() as number[][];
    expect((emb.apply(tokens).arraySync() as number[][][])[0][1]).toEqual(w[3]);
    const upstream = tf.tensor3d(Array.from({ length: 18 }, (_, i) => i + 1), [2, 3, 3]);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(emb.apply(tokens), upstream)) as tf.Scalar, [emb.weight]);
    const g = grads[emb.weight.name].arraySync() as number[][];
    // token 1 appears at positions 0, 2 and 4 (flat): rows 1, 3 and 5 of upstream summed.
    expect(g[1]).toEqual([1 + 7 + 13, 2 + 8 + 14, 3 + 9 + 15]);
    expect(g[2]).toEqual([0, 0, 0]);
    expect(g[4]).toEqual([16, 17, 18]);
    emb.dispose();
  });
});
