import { describe, expect, it } from 'vitest';
import { ApiFailure, type ApiHandlers } from '../../../src/contract/api.js';
import { RunStoreError } from '../../../src/host/runs/errors.js';
import { dispatch, toApiError } from '../../../src/host/service/dispatch.js';

function handlers(overrides: Partial<ApiHandlers>, called: string[]): ApiHandlers {
  return new Proxy({} as ApiHandlers, {
    get: (_t, method: string) =>
      (overrides as Record<string, unknown>)[method] ??
      (async () => {
        called.push(method);
        return { id: 'x' };
      }),
  });
}

describe('dispatch', () => {
  it('does not call the handler when the payload is invalid, and names the field', async () => {
    const called: string[] = [];
    const reply = await dispatch(handlers({}, called), 'deleteRun', '../x');
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'invalid',
        message: 'invalid deleteRun request: id: expected a run id (lowercase letters, digits, dashes; 1–80 chars)',
        fields: [{ field: 'id', message: 'expected a run id (lowercase letters, digits, dashes; 1–80 chars)' }],
      },
    });
    expect(called).toEqual([]);
  });

  it('summarizes many field errors in the message', async () => {
    const reply = await dispatch(handlers({}, []), 'startRun', { config: { train: { lr: -1, batch: -1, epochs: -1, seed: -1 } } });
    expect(!reply.ok && reply.error.fields).toHaveLength(4);
    expect(!reply.ok && reply.error.message).toMatch(/\(and 1 more\)$/);
  });

  it('passes the parsed request (defaults applied) and wraps the value', async () => {
    let seen: unknown;
    const reply = await dispatch(
      handlers(
        {
          startRun: async (req) => {
            seen = req;
            return { runId: 'r-1' };
          },
        },
        [],
      ),
      'startRun',
      { config: {} },
    );
    expect(reply).toEqual({ ok: true, value: { runId: 'r-1' } });
    expect(seen).toMatchObject({ config: { train: { lr: 0.01 }, model: { hidden: 100 } } });
  });

  it('turns thrown errors into error data, never rethrowing', async () => {
    const boom = await dispatch(handlers({ deleteRun: async () => Promise.reject(new Error('disk on fire')) }, []), 'deleteRun', 'abc');
    expect(boom).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
    const typed = await dispatch(handlers({ deleteRun: async () => Promise.reject(new ApiFailure('conflict', 'live')) }, []), 'deleteRun', 'abc');
    expect(typed).toEqual({ ok: false, error: { code: 'conflict', message: 'live' } });
  });
});

describe('toApiError', () => {
  it('maps run store errors to contract codes', () => {
    expect(toApiError(new RunStoreError('NOT_FOUND', 'gone'))).toEqual({ code: 'not-found', message: 'gone' });
    expect(toApiError(new RunStoreError('BAD_ID', 'bad'))).toEqual({ code: 'invalid', message: 'bad' });
    expect(toApiError(new RunStoreError('INVALID', 'running'))).toEqual({ code: 'conflict', message: 'running' });
    expect(toApiError(new RunStoreError('ENOSPC', 'disk full'))).toEqual({ code: 'unavailable', message: 'disk full' });
    expect(toApiError(new RunStoreError('CORRUPT', 'bad json')).code).toBe('internal');
    expect(toApiError('plain string')).toEqual({ code: 'internal', message: 'plain string' });
    expect(toApiError(new ApiFailure('invalid', 'm', [{ field: 'f', message: 'x' }]))).toEqual({
      code: 'invalid',
      message: 'm',
      fields: [{ field: 'f', message: 'x' }],
    });
  });
});
