/** nn.Embedding: a [vocab, dim] table, init N(0, 1) as PyTorch; row 0 is the padding token (trained like any row). */
import * as tf from '../tfjs.js';
import type { Rng } from '../rng.js';
import { newVariable } from '../lstm/lstm-params.js';

export class Embedding {
  readonly weight: tf.Variable;

  constructor(readonly vocabSize: number, readonly dim: number, rng: Rng) {
    const a = new Float32Array(vocabSize * dim);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    this.weight = newVariable(a, [vocabSize, dim], 'embeddings.weight');
  }

  /** tokens [B, T] (or [T, B]) int32 → [B, T, dim] (or [T, B, dim]). */
  apply(tokens: tf.Tensor2D): tf.Tensor3D {
    const [a, b] = tokens.shape;
    const flat = tf.gather(this.weight, tf.reshape(tokens, [a * b]));
    return tf.reshape(flat, [a, b, this.dim]);
  }

  dispose(): void {
    this.weight.dispose();
  }
}
