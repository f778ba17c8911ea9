import { describe, expect, it } from 'vitest';
import {
  API,
  API_METHODS,
  apiResultSchema,
  channelOf,
  EVENT_CHANNEL,
  infoSchema,
  methodOfChannel,
  responseSchemaOf,
  shapesRequestSchema,
  startRunRequestSchema,
  studioEventSchema,
  type StudioApi,
} from '../../src/contract/api.js';
import { createApiClient } from '../../src/contract/api-client.js';
import { wireReplySchema, wireRequestSchema } from '../../src/contract/api-wire.js';
import { fieldErrors, LIMITS } from '../../src/contract/config.js';
import { z } from 'zod';

describe('the contract table', () => {
  it('has exactly one entry per method name, each with request and response schemas', () => {
    expect(Object.keys(API).sort()).toEqual([...API_METHODS].sort());
    for (const method of API_METHODS) {
      expect(API[method].request).toBeInstanceOf(z.ZodType);
      expect(API[method].response).toBeInstanceOf(z.ZodType);
    }
  });

  it('maps methods to studio:<method> channels and back; unknown channels map to null', () => {
    expect(channelOf('startRun')).toBe('studio:startRun');
    for (const method of API_METHODS) expect(methodOfChannel(channelOf(method))).toBe(method);
    expect(methodOfChannel('studio:nope')).toBeNull();
    expect(methodOfChannel('getInfo')).toBeNull();
    expect(methodOfChannel(EVENT_CHANNEL)).toBeNull();
    expect(methodOfChannel('studio:__proto__')).toBeNull();
  });

  it('methods without a payload accept only undefined', () => {
    for (const method of ['getInfo', 'listRuns', 'listComparisons'] as const) {
      expect(API[method].request.safeParse(undefined).success).toBe(true);
      expect(API[method].request.safeParse({}).success).toBe(false);
    }
  });

  it('id methods refuse anything that is not a run id (paths, uppercase, empty)', () => {
    for (const method of ['stop', 'pause', 'resume', 'getRun', 'getComparison', 'deleteRun', 'exportCsv'] as const) {
      expect(API[method].request.safeParse('mnist-20250101-abc').success).toBe(true);
      for (const bad of ['', '../etc', 'a/b', 'ABC', '-x', 'a'.repeat(81), 42, null, undefined]) {
        expect(API[method].request.safeParse(bad).success, `${method} ${String(bad)}`).toBe(false);
      }
    }
  });
});

describe('startRun requests', () => {
  it('fills defaults for a partial config', () => {
    const r = startRunRequestSchema.parse({ config: { train: { lr: 0.1 } } });
    expect(r.config.train.lr).toBe(0.1);
    expect(r.config.model.hidden).toBe(100);
    expect(r.config.data.dataset).toBe('mnist');
  });

  it('names the field and the range of every violation', () => {
    const r = startRunRequestSchema.safeParse({ config: { train: { lr: 0, batch: 5000 }, model: { hidden: 0 } } });
    expect(r.success).toBe(false);
    const fields = fieldErrors(r.error!);
    const byField = Object.fromEntries(fields.map((f) => [f.field, f.message]));
    expect(byField['config.train.lr']).toBe('expected a finite number > 0 and <= 10');
    expect(byField['config.train.batch']).toBe(`expected an integer from ${LIMITS.batch[0]} to ${LIMITS.batch[1]}`);
    expect(byField['config.model.hidden']).toBe(`expected an integer from ${LIMITS.hidden[0]} to ${LIMITS.hidden[1]}`);
  });

  it('refuses unknown fields at every level', () => {
    const top = startRunRequestSchema.safeParse({ config: {}, evil: 1 });
    expect(top.success).toBe(false);
    expect(fieldErrors(top.error!)[0].message).toContain('evil');
    const deep = startRunRequestSchema.safeParse({ config: { train: { learningRate: 1 } } });
    expect(fieldErrors(deep.error!)[0]).toEqual({ field: 'config.train', message: 'unknown field(s): learningRate' });
  });
});

describe('shapes requests', () => {
  it('needs inputSize or vocabSize and small batch / seqLen', () => {
    expect(shapesRequestSchema.safeParse({ model: { inputSize: 28 }, batch: 4, seqLen: 28 }).success).toBe(true);
    expect(shapesRequestSchema.safeParse({ model: { vocabSize: 50 }, batch: 2, seqLen: 5 }).success).toBe(true);
    const missing = shapesRequestSchema.safeParse({ model: {}, batch: 4, seqLen: 28 });
    expect(fieldErrors(missing.error!)).toEqual([
      { field: 'model.inputSize', message: 'set inputSize (feature inputs) or vocabSize (token inputs)' },
    ]);
    const big = shapesRequestSchema.safeParse({ model: { inputSize: 28 }, batch: 65, seqLen: 513 });
    expect(fieldErrors(big.error!).map((f) => f.field).sort()).toEqual(['batch', 'seqLen']);
  });
});

describe('responses and frames', () => {
  it('a reply is ok+value or an error with code and message', () => {
    const schema = responseSchemaOf('deleteRun');
    expect(schema.safeParse({ ok: true, value: { id: 'abc' } }).success).toBe(true);
    expect(schema.safeParse({ ok: true, value: { id: '../x' } }).success).toBe(false);
    expect(schema.safeParse({ ok: false, error: { code: 'not-found', message: 'no run' } }).success).toBe(true);
    expect(schema.safeParse({ ok: false, error: { code: 'weird', message: 'x' } }).success).toBe(false);
    expect(apiResultSchema(z.number()).safeParse({ ok: false, error: { code: 'invalid', message: 'm', fields: [{ field: 'a', message: 'b' }] } }).success).toBe(true);
  });

  it('getInfo values carry limits as [min, max] pairs', () => {
    const limits = Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, [...v]]));
    const value = { appVersion: '1', runsDir: '/r', host: 'web', backends: [], presets: [], datasets: [], limits, cores: 2, maxConcurrentRuns: 2 };
    expect(infoSchema.safeParse(value).success).toBe(true);
    expect(infoSchema.safeParse({ ...value, host: 'other' }).success).toBe(false);
  });

  it('wire request frames need an integer id and a channel, nothing else', () => {
    expect(wireRequestSchema.safeParse({ id: 1, channel: 'studio:getInfo' }).success).toBe(true);
    expect(wireRequestSchema.safeParse({ id: 1, channel: 'studio:stop', payload: 'abc' }).success).toBe(true);
    expect(wireRequestSchema.safeParse({ id: -1, channel: 'studio:getInfo' }).success).toBe(false);
    expect(wireRequestSchema.safeParse({ id: 1.5, channel: 'studio:getInfo' }).success).toBe(false);
    expect(wireRequestSchema.safeParse({ id: 1, channel: 'studio:getInfo', extra: 1 }).success).toBe(false);
    expect(wireReplySchema.safeParse({ id: 1, response: { ok: true, value: 3 } }).success).toBe(true);
  });

  it('studio events include run, comparison and service events', () => {
    expect(studioEventSchema.safeParse({ type: 'status', runId: 'r', status: 'running' }).success).toBe(true);
    expect(studioEventSchema.safeParse({ type: 'comparison', id: 'c', status: 'running', cells: [] }).success).toBe(true);
    expect(studioEventSchema.safeParse({ type: 'job', id: 'c', kind: 'comparison', state: null }).success).toBe(true);
    expect(studioEventSchema.safeParse({ type: 'runs-changed', reason: 'deleted', id: 'r' }).success).toBe(true);
    expect(studioEventSchema.safeParse({ type: 'bogus' }).success).toBe(false);
  });
});

describe('createApiClient', () => {
  it('builds exactly the named methods plus onEvent, forwarding method and first argument', async () => {
    const calls: [string, unknown][] = [];
    const api: StudioApi = createApiClient(
      async (method, payload) => {
        calls.push([method, payload]);
        return { ok: false, error: { code: 'internal', message: method } };
      },
      () => () => undefined,
    );
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'onEvent'].sort());
    await api.getInfo();
    await api.stop('abc');
    const reply = await api.startRun({ config: {} });
    expect(calls).toEqual([
      ['getInfo', undefined],
      ['stop', 'abc'],
      ['startRun', { config: {} }],
    ]);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'startRun' } });
  });
});
