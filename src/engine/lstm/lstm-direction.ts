/**
 * One direction of one LSTM layer as a single fused op with a hand-written backward pass through time.
 *
 * Forward: the input projection of all T steps is ONE matMul; then one recurrent matMul per step.
 * Backward (tf.customGrad): per step only the gate gradient and one matMul for d h_{t-1}; the weight
 * gradients are single large matMuls after the loop (Xᵀ·dG, Hprevᵀ·dG), the bias gradient one sum.
 *
 * Optional `mask` [T, B, 1] (1 at real steps, 0 at padding) gives packed-sequence semantics: at a padded
 * step the state is carried unchanged and the output is zero, so the forward direction ends at each
 * sample's last real step and the reverse direction starts there.
 */
import * as tf from '../tfjs.js';
import { cellBackward, cellForward, type CellTape } from './lstm-cell.js';

export interface DirectionInputs {
  /** Time-major input [T, B, in]. */
  x: tf.Tensor3D;
  /** W_ihᵀ [in, 4H]. */
  wihT: tf.Tensor2D;
  /** W_hhᵀ [H, 4H]. */
  whhT: tf.Tensor2D;
  /** b_ih + b_hh [4H]. */
  bias: tf.Tensor1D;
  h0: tf.Tensor2D;
  c0: tf.Tensor2D;
  /** [T, B, 1] float mask, or null when every sample uses all T steps. */
  mask: tf.Tensor3D | null;
}

export interface DirectionOptions {
  /** Run from t = T−1 down to 0 (the `_reverse` direction). */
  reverse: boolean;
  /** Compute d loss / d x (false for a first layer fed by data: saves one matMul). Default true. */
  inputGrad?: boolean;
}

export interface DirectionResult {
  /** [T, B, H] in time order (zero at padded steps). */
  output: tf.Tensor3D;
  hN: tf.Tensor2D;
  cN: tf.Tensor2D;
}

/** Step indices in processing order. */
function order(steps: number, reverse: boolean): number[] {
  const idx = Array.from({ length: steps }, (_, i) => i);
  return reverse ? idx.reverse() : idx;
}

export function runDirection(inp: DirectionInputs, opts: DirectionOptions): DirectionResult {
  const [steps, batch, inSize] = inp.x.shape;
  const hidden = inp.whhT.shape[0];
  const hasMask = inp.mask !== null;
  const inputGrad = opts.inputGrad ?? true;
  const fused = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, wihT, whhT, bias, h0, c0] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D];
    const mask = hasMask ? (args[6] as tf.Tensor3D) : null;
    const save = args[args.length - 1] as tf.GradSaveFunc;

    const xFlat = tf.reshape(x, [steps * batch, inSize]);
    const xw = tf.add(tf.matMul(xFlat, wihT), bias);
    const xws = tf.unstack(tf.reshape(xw, [steps, batch, 4 * hidden])) as tf.Tensor2D[];
    const ms = mask ? (tf.unstack(mask) as tf.Tensor2D[]) : null;
    const outs: tf.Tensor2D[] = new Array(steps);
    const hPrev: tf.Tensor2D[] = new Array(steps);
    const tapes: CellTape[] = new Array(steps);
    let h = h0;
    let c = c0;
    for (const t of order(steps, opts.reverse)) {
      hPrev[t] = h;
      const step = cellForward(xws[t], h, c, whhT);
      tapes[t] = step.tape;
      if (ms) {
        const m = ms[t];
        outs[t] = tf.mul(m, step.h);
        h = tf.add(h, tf.mul(m, tf.sub(step.h, h)));
        c = tf.add(c, tf.mul(m, tf.sub(step.c, c)));
      } else {
        outs[t] = step.h;
        h = step.h;
        c = step.c;
      }
    }
    const packed = tf.concat([tf.stack(outs), tf.expandDims(h, 0), tf.expandDims(c, 0)], 0);
    save([
      xFlat,
      wihT,
      whhT,
      ...hPrev,
      ...tapes.map((tp) => tp.sig),
      ...tapes.map((tp) => tp.g),
      ...tapes.map((tp) => tp.cPrev),
      ...tapes.map((tp) => tp.tc),
      ...(mask ? [mask] : []),
    ]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sxFlat, swihT, swhhT] = saved as tf.Tensor2D[];
      const at = (k: number) => saved.slice(3 + k * steps, 3 + (k + 1) * steps) as tf.Tensor2D[];
      const sh = at(0);
      const sSig = at(1);
      const sG = at(2);
      const sCPrev = at(3);
      const sTc = at(4);
      const sMask = hasMask ? (tf.unstack(saved[3 + 5 * steps]) as tf.Tensor2D[]) : null;
      const dOut = tf.unstack(tf.slice(dy, [0, 0, 0], [steps, batch, hidden])) as tf.Tensor2D[];
      let dH = tf.reshape(tf.slice(dy, [steps, 0, 0], [1, batch, hidden]), [batch, hidden]) as tf.Tensor2D;
      let dC = tf.reshape(tf.slice(dy, [steps + 1, 0, 0], [1, batch, hidden]), [batch, hidden]) as tf.Tensor2D;
      const whh = tf.transpose(swhhT) as tf.Tensor2D;
      const dGs: tf.Tensor2D[] = new Array(steps);
      for (const t of order(steps, !opts.reverse)) {
        const tape = { sig: sSig[t], g: sG[t], cPrev: sCPrev[t], tc: sTc[t] };
        let dhNew = tf.add(dH, dOut[t]) as tf.Tensor2D;
        let dcNew = dC;
        let carryH: tf.Tensor2D | null = null;
        let carryC: tf.Tensor2D | null = null;
        if (sMask) {
          const m = sMask[t];
          const keep = tf.sub(1, m) as tf.Tensor2D;
          carryH = tf.mul<tf.Tensor2D>(keep, dH);
          carryC = tf.mul<tf.Tensor2D>(keep, dC);
          dhNew = tf.mul(m, dhNew);
          dcNew = tf.mul(m, dC);
        }
        const { dGates, dcPrev } = cellBackward(dhNew, dcNew, tape);
        dGs[t] = dGates;
        dH = tf.matMul(dGates, whh);
        dC = dcPrev;
        if (carryH && carryC) {
          dH = tf.add(dH, carryH) as tf.Tensor2D;
          dC = tf.add(dC, carryC) as tf.Tensor2D;
        }
      }
      const dG = tf.concat(dGs, 0) as tf.Tensor2D;
      const dWihT = tf.matMul(tf.transpose(sxFlat), dG);
      const dWhhT = tf.matMul(tf.transpose(tf.concat(sh, 0)), dG);
      const dBias = tf.sum(dG, 0);
      const dx = inputGrad
        ? tf.reshape(tf.matMul(dG, tf.transpose(swihT)), [steps, batch, inSize])
        : tf.zeros([steps, batch, inSize]);
      const grads: tf.Tensor[] = [dx, dWihT, dWhhT, dBias, dH, dC];
      if (hasMask) grads.push(tf.zeros([steps, batch, 1]));
      return grads;
    };
    return { value: packed, gradFunc };
  });
  const inputs: tf.Tensor[] = [inp.x, inp.wihT, inp.whhT, inp.bias, inp.h0, inp.c0];
  if (inp.mask) inputs.push(inp.mask);
  const packed = fused(...inputs) as tf.Tensor3D;
  return {
    output: tf.slice(packed, [0, 0, 0], [steps, batch, hidden]),
    hN: tf.reshape(tf.slice(packed, [steps, 0, 0], [1, batch, hidden]), [batch, hidden]),
    cN: tf.reshape(tf.slice(packed, [steps + 1, 0, 0], [1, batch, hidden]), [batch, hidden]),
  };
}
