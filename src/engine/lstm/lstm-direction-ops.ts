/**
 * One direction of one LSTM layer as a single fused op built from tfjs ops, with a hand-written backward pass
 * through time. This is the portable path (any backend, e.g. tfjs-node's `tensorflow`); on cpu and wasm the
 * WebAssembly kernel (`lstm-direction-kernel.ts`) computes the same thing faster.
 *
 * Forward: the input projection of all T steps is ONE matMul; then one recurrent matMul per step.
 * Backward (tf.customGrad): per step only the gate gradient and one matMul for d h_{t-1}; the weight
 * gradients are single large matMuls after the loop (Xᵀ·dG, Hprevᵀ·dG), the bias gradient one sum.
 */
import * as tf from '../tfjs.js';
import { cellBackward, cellForward, type CellTape } from './lstm-cell.js';
import type { DirectionInputs, DirectionOptions, DirectionResult } from './lstm-direction.js';

/** Step indices in processing order. */
function order(steps: number, reverse: boolean): number[] {
  const idx = Array.from({ length: steps }, (_, i) => i);
  return reverse ? idx.reverse() : idx;
}

export function runDirectionOps(inp: DirectionInputs, opts: DirectionOptions): DirectionResult {
  if (!inp.batchFirst) return runTimeMajor(inp, opts);
  const r = runTimeMajor({ ...inp, x: tf.transpose(inp.x, [1, 0, 2]), batchFirst: false }, opts);
  return { ...r, output: tf.transpose(r.output, [1, 0, 2]) };
}

function runTimeMajor(inp: DirectionInputs, opts: DirectionOptions): DirectionResult {
  const [steps, batch, inSize] = inp.x.shape;
  const hidden = inp.weightHh.shape[1];
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
  const inputs: tf.Tensor[] = [
    inp.x,
    tf.transpose(inp.weightIh),
    tf.transpose(inp.weightHh),
    tf.add(inp.biasIh, inp.biasHh),
    inp.h0 ?? tf.zeros([batch, hidden]),
    inp.c0 ?? tf.zeros([batch, hidden]),
  ];
  if (inp.mask) inputs.push(inp.mask);
  const packed = fused(...inputs) as tf.Tensor3D;
  return {
    output: tf.slice(packed, [0, 0, 0], [steps, batch, hidden]),
    hN: tf.reshape(tf.slice(packed, [steps, 0, 0], [1, batch, hidden]), [batch, hidden]),
    cN: tf.reshape(tf.slice(packed, [steps + 1, 0, 0], [1, batch, hidden]), [batch, hidden]),
  };
}
