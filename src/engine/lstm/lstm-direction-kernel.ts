/**
 * One LSTM direction on the WebAssembly kernel as a registered tfjs kernel (`LstmStudioSequence`, for the
 * cpu and wasm backends) with a registered gradient: tfjs keeps doing autodiff, tensors and optimizers.
 * Three outputs — output, h_n, c_n — so no slicing ops (and their padding gradients) are needed.
 *
 * The forward reads its inputs from the backend, runs `seqForward` and writes the outputs back. While tfjs
 * records gradients, the tape stays in the kernel's memory under an id carried in the op's attributes; the
 * gradient consumes it. A tape whose gradient never runs is freed once tfjs drops the op's record.
 */
import * as tf from '../tfjs.js';
import { seqBackward, seqForward, type SeqGrads, type SeqShape, type SeqTape } from '../kernels/lstm-seq-kernel.js';
import type { WasmHeap } from '../kernels/wasm-heap.js';
import type { DirectionInputs, DirectionOptions, DirectionResult } from './lstm-direction.js';

export const LSTM_KERNEL_NAME = 'LstmStudioSequence';
/** Backends the kernel is registered for (tensors in JS-reachable memory). */
export const LSTM_KERNEL_BACKENDS = ['cpu', 'wasm'] as const;

interface SeqAttrs {
  /** Tape id (0: no tape kept). */
  tape: number;
  reverse: boolean;
  batchFirst: boolean;
  inputGrad: boolean;
  stateGrad: boolean;
}

const tapes = new Map<number, SeqTape>();
let lastTapeId = 0;
/** Frees the tape of an op whose record (holding its attrs) was dropped without running the gradient. */
const orphans = new FinalizationRegistry<number>((id) => {
  tapes.get(id)?.release();
  tapes.delete(id);
});

/** Whether tfjs is recording a gradient tape for the next op (as engine.runKernel decides). */
function recordingGradients(): boolean {
  const state = tf.engine().state;
  return state.gradientDepth > 0 && state.kernelDepth === 0;
}

function floats(values: unknown, name: string): Float32Array {
  if (!(values instanceof Float32Array)) throw new Error(`LSTM ${name}: expected float32 data`);
  return values;
}

let heapRef: WasmHeap | null = null;

function forward(params: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const backend = params.backend as tf.KernelBackend;
  const attrs = params.attrs as unknown as SeqAttrs;
  const heap = heapRef!;
  const read = (name: string): Float32Array | null => {
    const info = params.inputs[name];
    return info ? floats(backend.readSync(info.dataId), name) : null;
  };
  const x = params.inputs.x!;
  const [n0, n1, inSize] = x.shape;
  const [steps, batch] = attrs.batchFirst ? [n1, n0] : [n0, n1];
  const hidden = params.inputs.weightHh!.shape[1];
  const shape: SeqShape = { steps, batch, inSize, hidden, batchFirst: attrs.batchFirst };
  const r = seqForward(
    heap,
    shape,
    {
      x: read('x')!,
      wIh: read('weightIh')!,
      wHh: read('weightHh')!,
      bIh: read('biasIh')!,
      bHh: read('biasHh')!,
      h0: read('h0'),
      c0: read('c0'),
      mask: read('mask'),
    },
    attrs.reverse,
    attrs.tape > 0,
  );
  if (r.tape) tapes.set(attrs.tape, r.tape);
  const out = (values: Float32Array, dims: number[]): tf.TensorInfo => ({ dataId: backend.write(values, dims, 'float32'), shape: dims, dtype: 'float32' });
  const outShape = attrs.batchFirst ? [batch, steps, hidden] : [steps, batch, hidden];
  return [out(r.output, outShape), out(r.hN, [batch, hidden]), out(r.cN, [batch, hidden])];
}

function gradient(dy: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], rawAttrs: tf.NamedAttrMap): Record<string, () => tf.Tensor> {
  const attrs = rawAttrs as unknown as SeqAttrs;
  const [dOut, dhN, dcN] = dy as tf.Tensor[];
  const tape = tapes.get(attrs.tape);
  if (!tape) throw new Error('LSTM kernel: gradient requested for a forward pass run without gradient recording');
  const { steps, batch, inSize, hidden, batchFirst } = tape.shape;
  const G = 4 * hidden;
  let grads: SeqGrads | null = null;
  // One backward pass for all inputs, on the first input gradient tfjs asks for; it consumes the tape.
  const get = (): SeqGrads => {
    if (!grads) {
      const dys = { dOut: floats(dOut.dataSync(), 'd output'), dhN: floats(dhN.dataSync(), 'd h_n'), dcN: floats(dcN.dataSync(), 'd c_n') };
      grads = seqBackward(heapRef!, tape, dys, attrs.inputGrad, attrs.stateGrad);
      tapes.delete(attrs.tape);
    }
    return grads;
  };
  const xShape = batchFirst ? [batch, steps, inSize] : [steps, batch, inSize];
  return {
    x: () => {
      const dx = get().dx;
      return dx ? tf.tensor(dx, xShape) : tf.zeros(xShape);
    },
    weightIh: () => tf.tensor2d(get().dWih, [G, inSize]),
    weightHh: () => tf.tensor2d(get().dWhh, [G, hidden]),
    biasIh: () => tf.tensor1d(get().dBias),
    biasHh: () => tf.tensor1d(get().dBias.slice()),
    h0: () => {
      const g = get().dh0;
      return g ? tf.tensor2d(g, [batch, hidden]) : tf.zeros([batch, hidden]);
    },
    c0: () => {
      const g = get().dc0;
      return g ? tf.tensor2d(g, [batch, hidden]) : tf.zeros([batch, hidden]);
    },
    mask: () => tf.zeros([steps, batch, 1]),
  };
}

function register(heap: WasmHeap): void {
  if (heapRef) return;
  heapRef = heap;
  for (const backendName of LSTM_KERNEL_BACKENDS) {
    tf.registerKernel({ kernelName: LSTM_KERNEL_NAME, backendName, kernelFunc: forward });
  }
  tf.registerGradient({ kernelName: LSTM_KERNEL_NAME, inputsToSave: [], outputsToSave: [], gradFunc: gradient });
}

export function runDirectionKernel(heap: WasmHeap, inp: DirectionInputs, opts: DirectionOptions): DirectionResult {
  register(heap);
  const inputs: tf.NamedTensorMap = {
    x: inp.x,
    weightIh: inp.weightIh,
    weightHh: inp.weightHh,
    biasIh: inp.biasIh,
    biasHh: inp.biasHh,
  };
  if (inp.h0) inputs.h0 = inp.h0;
  if (inp.c0) inputs.c0 = inp.c0;
  if (inp.mask) inputs.mask = inp.mask;
  const attrs: SeqAttrs = {
    tape: recordingGradients() ? ++lastTapeId : 0,
    reverse: opts.reverse,
    batchFirst: inp.batchFirst ?? false,
    inputGrad: opts.inputGrad ?? true,
    stateGrad: inp.h0 !== null || inp.c0 !== null,
  };
  const named = attrs as unknown as tf.NamedAttrMap;
  if (attrs.tape > 0) orphans.register(named, attrs.tape);
  const [output, hN, cN] = tf.engine().runKernel(LSTM_KERNEL_NAME, inputs, named) as tf.Tensor[];
  return { output: output as tf.Tensor3D, hN: hN as tf.Tensor2D, cN: cN as tf.Tensor2D };
}
