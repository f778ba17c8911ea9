/**
 * `state_dict.json`: model weights as plain JSON, in the format of the project's PyTorch fixtures:
 * `{"lstm.weight_ih_l0": {"shape": [4H, in], "data": [...]}, ...}` with PyTorch state_dict names and
 * data flat in row-major order. `tools/load_state_dict.py` loads it into torch.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import { RunStoreError, toStoreError } from './errors.js';
import { type FsOps, nodeFsOps } from './fs-ops.js';
import { assertTensorMap, shapeSize, type TensorMap } from './tensor-map.js';

/** The JSON text for `tensors` (one tensor per line). Non-finite values are refused: JSON cannot hold them. */
export function stateDictJsonText(tensors: TensorMap, file = 'state_dict.json'): string {
  assertTensorMap(tensors, file);
  const parts: string[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const values: string[] = new Array<string>(t.data.length);
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i];
      if (!Number.isFinite(v)) {
        throw new RunStoreError('INVALID', `${file}: tensor "${name}" holds ${v} at index ${i}; JSON can only hold finite numbers`, {
          path: file,
        });
      }
      values[i] = String(v);
    }
    parts.push(`  ${JSON.stringify(name)}: {"shape": ${JSON.stringify(t.shape)}, "data": [${values.join(', ')}]}`);
  }
  return parts.length === 0 ? '{}\n' : `{\n${parts.join(',\n')}\n}\n`;
}

/** Writes `tensors` to `file` atomically in the fixture format. */
export async function writeStateDictJson(file: string, tensors: TensorMap, ops: FsOps = nodeFsOps): Promise<void> {
  await writeFileAtomic(ops, file, stateDictJsonText(tensors, file));
}

const entrySchema = z.object({
  shape: z.array(z.number().int().nonnegative()),
  data: z.array(z.number()),
});

/** Parses state_dict JSON text; RunStoreError CORRUPT naming the file and tensor when malformed. */
export function parseStateDictJson(text: string, file: string): TensorMap {
  const corrupt = (why: string): RunStoreError => new RunStoreError('CORRUPT', `${file}: ${why}`, { path: file });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw corrupt(`not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw corrupt('expected an object of tensors by name');
  const out = Object.create(null) as TensorMap;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const r = entrySchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw corrupt(`tensor "${name}": ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    if (r.data.data.length !== shapeSize(r.data.shape)) {
      throw corrupt(`tensor "${name}": ${r.data.data.length} values for shape [${r.data.shape.join(', ')}]`);
    }
    out[name] = { shape: r.data.shape, data: Float32Array.from(r.data.data) };
  }
  return out;
}

/** Reads a state_dict JSON file. */
export async function readStateDictJson(file: string, ops: FsOps = nodeFsOps): Promise<TensorMap> {
  let bytes: Uint8Array;
  try {
    bytes = await ops.readFile(file);
  } catch (err) {
    throw toStoreError(err, `read ${basename(file)}`, file);
  }
  return parseStateDictJson(new TextDecoder().decode(bytes), file);
}
