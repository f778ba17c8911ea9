/** nn.Linear: y = x·Wᵀ + b, W [out, in], init uniform(±1/√in) for weight and bias as PyTorch. */
import * as tf from '../tfjs.js';
import type { Rng } from '../rng.js';
import { newVariable, uniformArray } from '../lstm/lstm-params.js';

export class Linear {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;

  constructor(readonly inFeatures: number, readonly outFeatures: number, rng: Rng) {
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = newVariable(uniformArray(rng, outFeatures * inFeatures, bound), [outFeatures, inFeatures], 'fc.weight');
    this.bias = newVariable(uniformArray(rng, outFeatures, bound), [outFeatures], 'fc.bias');
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    if (x.shape[1] !== this.inFeatures) {
      throw new Error(`Linear input: expected ${this.inFeatures} features, got shape [${x.shape.join(', ')}]`);
    }
    // A plain matMul against an explicit transpose: transposed operands are slow on wasm.
    return tf.add(tf.matMul(x, tf.transpose(this.weight)), this.bias);
  }

  get paramCount(): number {
    return this.outFeatures * this.inFeatures + this.outFeatures;
  }

  dispose(): void {
    this.weight.dispose();
    this.bias.dispose();
  }
}
