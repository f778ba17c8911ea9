/**
 * fast-check arbitraries for the studio API's request payloads, shared by the contract and service property
 * tests: per method, a mix of well-formed payloads (so handlers really run), near misses (one field out of
 * range, wrong type, unknown key) and hostile values: path traversal, absolute paths, NUL bytes, very long
 * strings, prototype-pollution keys (also as own keys, the way JSON.parse makes them), huge numbers, NaN-like
 * strings, and arbitrary JS values.
 */
import fc from 'fast-check';
import type { ApiMethod } from '../../src/contract/api-methods.js';
import { FEATURES, LIMITS } from '../../src/contract/config.js';

/** Strings a path- or id-handling bug would trip on. */
export const HOSTILE_STRINGS = [
  '../x', '../../etc/passwd', '..', '.', '', ' ', '/', '/etc/passwd', '/tmp', 'a/b', 'a\\b', '..\\..\\x', 'C:\\Windows\\System32',
  'a\0b', '\0', '%2e%2e%2fsecret', '..%2f..%2f', 'file:///etc/passwd', '__proto__', 'constructor', 'prototype', 'toString',
  'hasOwnProperty', 'NaN', 'Infinity', '-Infinity', '-1', '1e309', '0x10', 'null', 'undefined', 'true', '{}', '[]',
  'x'.repeat(81), 'a'.repeat(5000), 'é', '\u202e', 'CON', 'nul', 'A', 'run-1/../..',
] as const;

/** Keys that could pollute a prototype if a payload were merged into an object. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'] as const;

export const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

/** Numbers far outside every range, and the special values. */
const hostileNumber = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e309, -1e309, 2 ** 53 + 2, -(2 ** 31), 1e-320, 0.5, -1);

/** A value that is usually inside `LIMITS[name]`, sometimes just outside, sometimes hostile. */
export function limitValue(name: keyof typeof LIMITS): fc.Arbitrary<unknown> {
  const [lo, hi] = LIMITS[name];
  const inRange = Number.isInteger(lo) && Number.isInteger(hi) ? fc.integer({ min: lo, max: Math.min(hi, lo + 64) }) : fc.double({ min: lo, max: hi, noNaN: true });
  return fc.oneof(
    { weight: 8, arbitrary: inRange },
    { weight: 1, arbitrary: fc.constantFrom(lo - 1, hi + 1, lo - 0.5, hi * 10) },
    { weight: 1, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.oneof(hostileString, fc.boolean(), fc.constant(null)) },
  );
}

/** An object whose own keys include a pollution key (as JSON.parse makes them, not via the prototype setter). */
export const pollutedObject: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...POLLUTION_KEYS), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{"${key}": ${JSON.stringify(value) ?? 'null'}, "polluted": true}`) as unknown);

/** Any JS value, including objects with a null prototype, boxed strings, functions-free deep structures. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true, maxDepth: 2 }),
  pollutedObject,
  hostileString,
  hostileNumber,
);

/** Sometimes adds an unknown or pollution key to an object arbitrary. */
function withStrayKey(arb: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: arb },
    {
      weight: 1,
      arbitrary: fc.tuple(arb, fc.constantFrom(...POLLUTION_KEYS, 'extra', 'polluted'), fc.jsonValue({ maxDepth: 1 })).map(([obj, key, value]) => {
        const copy: Record<string, unknown> = { ...obj };
        Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
        return copy;
      }),
    },
  );
}

const datasetValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('mnist', 'task:parity', 'task:nope', 'csv:data.csv', 'idx:a,b') },
  { weight: 2, arbitrary: hostileString.map((s) => `csv:${s}`) },
  { weight: 1, arbitrary: fc.constantFrom('csv:/dev/zero', 'csv:../../etc/passwd', 'idx:/etc/passwd,/etc/passwd', 'csv:a\0b') },
  { weight: 1, arbitrary: anything },
);

export const modelLike = withStrayKey(
  fc.record(
    {
      inputSize: limitValue('inputSize'),
      vocabSize: limitValue('vocabSize'),
      embeddingSize: limitValue('embeddingSize'),
      hidden: limitValue('hidden'),
      layers: limitValue('layers'),
      dropout: limitValue('dropout'),
      bidirectional: fc.oneof(fc.boolean(), anything),
      batchFirst: fc.oneof(fc.boolean(), anything),
      feature: fc.oneof(fc.constantFrom(...FEATURES), hostileString),
    },
    { requiredKeys: [] },
  ),
);

export const configLike = withStrayKey(
  fc.record(
    {
      model: modelLike,
      data: withStrayKey(fc.record({ dataset: datasetValue, trainLimit: limitValue('limit'), testLimit: limitValue('limit') }, { requiredKeys: [] })),
      train: withStrayKey(
        fc.record(
          {
            optimizer: fc.oneof(fc.constantFrom('sgd', 'adam'), hostileString),
            lr: limitValue('lr'),
            batch: limitValue('batch'),
            epochs: limitValue('epochs'),
            maxSteps: limitValue('maxSteps'),
            evalEvery: limitValue('evalEvery'),
            seed: limitValue('seed'),
            backend: fc.oneof(fc.constantFrom('auto', 'cpu', 'wasm', 'tensorflow'), hostileString),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

/** A run id: one of `known` (real runs on disk), a well-formed unknown one, or a hostile string. */
export function idLike(known: readonly string[] = []): fc.Arbitrary<unknown> {
  const arbs: fc.WeightedArbitrary<unknown>[] = [
    { weight: 3, arbitrary: hostileString },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/) },
    { weight: 1, arbitrary: fc.string({ maxLength: 100 }) },
    { weight: 1, arbitrary: anything },
  ];
  if (known.length > 0) arbs.push({ weight: 3, arbitrary: fc.constantFrom(...known) });
  return fc.oneof(...arbs);
}

const noPayload = fc.oneof({ weight: 1, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: anything });

/** Random payloads for `method`; `knownIds` are ids that exist in the runs folder under test. */
export function payloadFor(method: ApiMethod, knownIds: readonly string[] = []): fc.Arbitrary<unknown> {
  const shaped = ((): fc.Arbitrary<unknown> => {
    switch (method) {
      case 'getInfo':
      case 'listRuns':
      case 'listComparisons':
        return noPayload;
      case 'stop':
      case 'pause':
      case 'resume':
      case 'getRun':
      case 'getComparison':
      case 'deleteRun':
      case 'exportCsv':
        return idLike(knownIds);
      case 'startRun':
        return withStrayKey(
          fc.record(
            { config: configLike, preset: fc.oneof(fc.constantFrom('mnist-small', 'parity'), hostileString), name: fc.oneof(fc.string({ maxLength: 40 }), hostileString) },
            { requiredKeys: ['config'] },
          ),
        );
      case 'startCompare':
        return withStrayKey(
          fc.record(
            {
              config: configLike,
              variants: fc.oneof(fc.uniqueArray(fc.constantFrom(...FEATURES), { minLength: 1, maxLength: 4 }), fc.array(fc.oneof(fc.constantFrom(...FEATURES), hostileString), { maxLength: 12 }), anything),
              repeats: limitValue('repeats'),
            },
            { requiredKeys: [] },
          ),
        );
      case 'datasetInfo':
        return withStrayKey(fc.record({ spec: fc.oneof(fc.constantFrom('imdb', 'names', 'task:last-token', 'csv:a.csv'), hostileString) }, { requiredKeys: [] }));
      case 'shapes':
        return withStrayKey(fc.record({ model: modelLike, batch: fc.oneof(fc.integer({ min: 1, max: 64 }), limitValue('batch')), seqLen: fc.oneof(fc.integer({ min: 1, max: 512 }), limitValue('seqLen')) }, { requiredKeys: [] }));
    }
  })();
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anything });
}

/** Every own key, at any depth, of a plain data value (cycles cut). */
export function ownKeysDeep(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Reflect.ownKeys(value).flatMap((k) => [String(k), ...ownKeysDeep((value as Record<PropertyKey, unknown>)[k], seen)]);
}
