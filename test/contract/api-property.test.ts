/**
 * Property test of the contract table itself: 10,000 random payloads per channel through the method's request
 * schema and through `parseRequest` (the service's one validation step). Never a throw; a refusal is always
 * `invalid` with field errors; an accepted payload comes out as plain, cloneable data that parses again to
 * itself, carries no prototype-pollution key, and (for ids) cannot name a path. Object.prototype stays clean.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { API, API_METHODS, type ApiMethod, responseSchemaOf } from '../../src/contract/api.js';
import { runIdSchema, RUN_ID_PATTERN } from '../../src/contract/run-record.js';
import { parseRequest } from '../../src/host/service/dispatch.js';
import { anything, ownKeysDeep, payloadFor, POLLUTION_KEYS } from '../helpers/api-payloads.js';

const NUM_RUNS = 10_000;
const prototypeKeys = Reflect.ownKeys(Object.prototype);

/** A cheap assertion for the hot loop (fast-check reports the payload that broke it). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

afterAll(() => {
  // Nothing a payload carried reached a shared prototype.
  expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('contract request schemas under random payloads', () => {
  it.each(API_METHODS.map((m) => [m] as const))('%s: 10,000 payloads are accepted as clean data or refused with field errors', (method: ApiMethod) => {
    const schema = API[method].request;
    let accepted = 0;
    fc.assert(
      fc.property(payloadFor(method), (payload) => {
        const direct = schema.safeParse(payload);
        const parsed = parseRequest(method, payload);
        check(parsed.ok === direct.success, 'parseRequest and the schema disagree');
        if (!parsed.ok) {
          const { code, message, fields } = parsed.error;
          check(code === 'invalid', `code ${code}`);
          check(message.startsWith(`invalid ${method} request: `) && !/\n\s+at /.test(message), `message ${message}`);
          check(Array.isArray(fields) && fields.length > 0, 'no field errors');
          for (const f of fields ?? []) check(typeof f.field === 'string' && typeof f.message === 'string', 'malformed field error');
          return;
        }
        accepted++;
        const value: unknown = parsed.value;
        // Plain data: survives the IPC / WebSocket boundary unchanged, and validates again to itself.
        const json = JSON.stringify(value ?? null);
        check(JSON.stringify(JSON.parse(json)) === json, 'not JSON data');
        check(JSON.stringify(structuredClone(value) ?? null) === json, 'not cloneable');
        const again = schema.safeParse(value);
        check(again.success && JSON.stringify(again.data ?? null) === json, 'does not parse again to itself');
        const bad = ownKeysDeep(value).filter((k) => (POLLUTION_KEYS as readonly string[]).includes(k));
        check(bad.length === 0, `pollution keys ${bad.join(', ')}`);
        if (schema === runIdSchema) check(typeof value === 'string' && RUN_ID_PATTERN.test(value) && !/[/\\.\0]/.test(value), `id ${String(value)}`);
        if (method === 'startRun' || method === 'startCompare') {
          const dataset = (value as { config: { data: { dataset: string } } }).config.data.dataset;
          check(!dataset.includes('\0'), 'NUL in dataset');
        }
      }),
      { numRuns: NUM_RUNS },
    );
    // The arbitraries reach the handlers' side too, not only the refusals (the no-payload methods accept undefined).
    expect(accepted).toBeGreaterThan(method === 'shapes' || method.startsWith('start') ? 50 : 500);
  });

  it.each(API_METHODS.map((m) => [m] as const))('%s: the reply schema never throws on random replies', (method: ApiMethod) => {
    const reply = responseSchemaOf(method);
    fc.assert(
      fc.property(fc.oneof(anything, fc.record({ ok: fc.boolean(), value: anything, error: anything }, { requiredKeys: ['ok'] })), (r) => {
        check(typeof reply.safeParse(r).success === 'boolean', 'no verdict');
      }),
      { numRuns: 1_000 },
    );
  });
});
