/** Named float32 tensors (PyTorch state_dict names, row-major data), as checkpoints and exports hold them. */
import { RunStoreError } from './errors.js';

/** One tensor: its shape and its data, flat in row-major (C) order. */
export interface TensorData {
  shape: number[];
  data: Float32Array;
}

/** Tensors by name, e.g. `lstm.weight_ih_l0`, `fc.bias`. */
export type TensorMap = Record<string, TensorData>;

/** Number of elements of a shape (1 for a scalar `[]`). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Whether `shape` is a list of non-negative safe integers. */
export function isValidShape(shape: unknown): shape is number[] {
  return Array.isArray(shape) && shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);
}

/**
 * Checks every tensor of a map before it is written: a non-empty name, a valid shape, a Float32Array
 * whose length matches the shape. Throws RunStoreError INVALID naming the tensor and the file.
 */
export function assertTensorMap(tensors: unknown, file: string): asserts tensors is TensorMap {
  if (typeof tensors !== 'object' || tensors === null || Array.isArray(tensors)) {
    throw new RunStoreError('INVALID', `${file}: tensors: expected an object of {shape, data} by name`, { path: file });
  }
  for (const [name, t] of Object.entries(tensors as Record<string, unknown>)) {
    const where = `${file}: tensor "${name}"`;
    if (name === '' || name.includes('\0')) throw new RunStoreError('INVALID', `${where}: expected a non-empty name`, { path: file });
    if (typeof t !== 'object' || t === null) throw new RunStoreError('INVALID', `${where}: expected {shape, data}`, { path: file });
    const { shape, data } = t as { shape?: unknown; data?: unknown };
    if (!isValidShape(shape)) {
      throw new RunStoreError('INVALID', `${where}: shape: expected a list of non-negative integers`, { path: file });
    }
    if (!(data instanceof Float32Array)) {
      throw new RunStoreError('INVALID', `${where}: data: expected a Float32Array`, { path: file });
    }
    if (data.length !== shapeSize(shape)) {
      throw new RunStoreError(
        'INVALID',
        `${where}: data has ${data.length} values but shape [${shape.join(', ')}] needs ${shapeSize(shape)}`,
        { path: file },
      );
    }
  }
}
