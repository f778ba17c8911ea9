import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import {
  parseStateDictJson,
  readStateDictJson,
  stateDictJsonText,
  writeStateDictJson,
} from '../../../src/host/runs/state-dict-json.js';
import type { TensorMap } from '../../../src/host/runs/tensor-map.js';
import { loadFixtures } from '../../helpers/fixtures.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** The weights of the text-classifier fixture (PyTorch state_dict names), as float32. */
function fixtureWeights(): TensorMap {
  const fx = loadFixtures().find((f) => f.kind === 'text_classifier');
  if (!fx) throw new Error('no text_classifier fixture in test/fixtures/torch-lstm');
  const out: TensorMap = {};
  for (const [name, t] of Object.entries(fx.weights)) out[name] = { shape: t.shape, data: Float32Array.from(t.data) };
  return out;
}

describe('state_dict.json', () => {
  it('writes the fixture format ({name: {shape, data}}, PyTorch names, row-major) and reads it back exactly', async () => {
    const weights = fixtureWeights();
    expect(Object.keys(weights)).toEqual(expect.arrayContaining(['embeddings.weight', 'lstm.weight_ih_l0', 'fc.weight', 'fc.bias']));
    const file = join(dir, 'state_dict.json');
    await writeStateDictJson(file, weights);
    const raw = JSON.parse(await readFile(file, 'utf8')) as Record<string, { shape: number[]; data: number[] }>;
    expect(Object.keys(raw)).toEqual(Object.keys(weights));
    expect(raw['fc.weight'].shape).toEqual(weights['fc.weight'].shape);
    expect(raw['fc.weight'].data).toEqual(Array.from(weights['fc.weight'].data));
    const back = await readStateDictJson(file);
    for (const [name, t] of Object.entries(weights)) expect(back[name]).toEqual(t);
    expect(await readdir(dir)).toEqual(['state_dict.json']);
  });

  it('refuses non-finite values, naming the tensor and index', () => {
    const t: TensorMap = { 'fc.bias': { shape: [2], data: new Float32Array([1, Number.POSITIVE_INFINITY]) } };
    expect(() => stateDictJsonText(t, 'sd.json')).toThrow(/sd\.json: tensor "fc\.bias" holds Infinity at index 1/);
  });

  it('reports malformed files as CORRUPT naming the tensor', () => {
    const err = (() => {
      try {
        parseStateDictJson('{"fc.bias": {"shape": [3], "data": [1, 2]}}', 'x.json');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RunStoreError);
    expect((err as RunStoreError).code).toBe('CORRUPT');
    expect((err as RunStoreError).message).toMatch(/x\.json: tensor "fc\.bias": 2 values for shape \[3\]/);
    expect(() => parseStateDictJson('[1]', 'x.json')).toThrow(/expected an object of tensors/);
    expect(() => parseStateDictJson('{"a": {"shape": [1], "data": ["1"]}}', 'x.json')).toThrow(/tensor "a": data\.0/);
  });

  it('writes an empty map as {}', () => {
    expect(JSON.parse(stateDictJsonText({}))).toEqual({});
  });
});
