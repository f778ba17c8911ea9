/**
 * One LSTM time step, PyTorch gate order (input, forget, cell g, output), and its hand-written backward.
 * The input projection x_t·W_ihᵀ + b_ih + b_hh is computed for all steps at once by the caller (`xw`),
 * so a step costs one recurrent matMul plus element-wise ops.
 *
 *   gates = xw_t + h_{t-1}·W_hhᵀ          i, f, o = σ(·)   g = tanh(·)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g              h_t = o ⊙ tanh(c_t)
 */
import * as tf from '../tfjs.js';

/** What a step keeps for its backward pass. */
export interface CellTape {
  /** σ of all four gate pre-activations, [B, 4H] (the g slot is unused). */
  sig: tf.Tensor2D;
  /** tanh of the cell pre-activation, [B, H]. */
  g: tf.Tensor2D;
  cPrev: tf.Tensor2D;
  /** tanh(c_t), [B, H]. */
  tc: tf.Tensor2D;
}

export interface CellOut {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
  tape: CellTape;
}

/** Forward of one step. `whhT` is W_hhᵀ, [H, 4H]; `xw` is this step's input projection with both biases, [B, 4H]. */
export function cellForward(xw: tf.Tensor2D, hPrev: tf.Tensor2D, cPrev: tf.Tensor2D, whhT: tf.Tensor2D): CellOut {
  const batch = xw.shape[0];
  const hidden = whhT.shape[0];
  const gates = tf.add(xw, tf.matMul(hPrev, whhT)) as tf.Tensor2D;
  const sig = tf.sigmoid(gates);
  const i = tf.slice(sig, [0, 0], [batch, hidden]);
  const f = tf.slice(sig, [0, hidden], [batch, hidden]);
  const o = tf.slice(sig, [0, 3 * hidden], [batch, hidden]);
  const g = tf.tanh(tf.slice(gates, [0, 2 * hidden], [batch, hidden]));
  const c = tf.add(tf.mul(f, cPrev), tf.mul(i, g)) as tf.Tensor2D;
  const tc = tf.tanh(c);
  const h = tf.mul(o, tc) as tf.Tensor2D;
  return { h, c, tape: { sig, g, cPrev, tc } };
}

export interface CellGrads {
  /** d loss / d gate pre-activations, [B, 4H] (feeds the weight and input gradients). */
  dGates: tf.Tensor2D;
  /** d loss / d c_{t-1} through this step. */
  dcPrev: tf.Tensor2D;
}

/**
 * Backward of one step: given dh (d loss / d h_t) and dc (d loss / d c_t from later steps),
 * returns the gate gradient and d c_{t-1}. d h_{t-1} is dGates·W_hh, done by the caller.
 */
export function cellBackward(dh: tf.Tensor2D, dc: tf.Tensor2D, tape: CellTape): CellGrads {
  const { sig, g, cPrev, tc } = tape;
  const [batch, fourH] = sig.shape;
  const hidden = fourH / 4;
  const i = tf.slice(sig, [0, 0], [batch, hidden]);
  const f = tf.slice(sig, [0, hidden], [batch, hidden]);
  const o = tf.slice(sig, [0, 3 * hidden], [batch, hidden]);
  // dc_t total = dc + dh ⊙ o ⊙ (1 − tanh²(c_t))
  const dcTotal = tf.add(dc, tf.mul(tf.mul(dh, o), tf.sub(1, tf.square(tc))));
  const di = tf.mul(tf.mul(dcTotal, g), tf.mul(i, tf.sub(1, i)));
  const df = tf.mul(tf.mul(dcTotal, cPrev), tf.mul(f, tf.sub(1, f)));
  const dg = tf.mul(tf.mul(dcTotal, i), tf.sub(1, tf.square(g)));
  const dO = tf.mul(tf.mul(dh, tc), tf.mul(o, tf.sub(1, o)));
  const dGates = tf.concat([di, df, dg, dO], 1) as tf.Tensor2D;
  const dcPrev = tf.mul(dcTotal, f) as tf.Tensor2D;
  return { dGates, dcPrev };
}
