/**
 * Training V8 flags under Electron (electron/js-flags.ts, utility-transport.ts): `utilityProcess.fork` hands
 * `execArgv` to Chromium as switches, so V8 flags must travel inside one `--js-flags=…`, built from whatever
 * TRAINING_V8_FLAGS holds. (That V8 in a real utility process takes them is checked by the desktop self-test,
 * test/electron/desktop-app.test.ts, where an Electron binary exists.)
 */
import { describe, expect, it, vi } from 'vitest';
import { TRAINING_V8_FLAGS } from '../../src/host/train/training-v8-flags.js';
import { utilityExecArgv } from '../../electron/js-flags.js';

const forks = vi.hoisted(() => [] as { modulePath: string; args: string[]; options: { execArgv?: string[]; serviceName?: string } }[]);
vi.mock('electron', () => {
  const utilityProcess = {
    fork: (modulePath: string, args: string[], options: { execArgv?: string[] }) => {
      forks.push({ modulePath, args, options });
      return { postMessage: () => undefined, on: () => undefined, kill: () => true };
    },
  };
  return { utilityProcess, default: { utilityProcess } };
});

describe('utilityExecArgv', () => {
  it('puts every V8 flag, in order, into one --js-flags switch', () => {
    expect(utilityExecArgv(['--initial-old-space-size=64'])).toEqual(['--js-flags=--initial-old-space-size=64']);
    expect(utilityExecArgv(['--initial-old-space-size=64', '--max-old-space-size=2048', '--expose-gc'])).toEqual([
      '--js-flags=--initial-old-space-size=64 --max-old-space-size=2048 --expose-gc',
    ]);
    expect(utilityExecArgv([])).toEqual([]);
  });

  it('refuses what cannot travel in a space-separated switch', () => {
    expect(() => utilityExecArgv(['--stack-size=1 --evil'])).toThrow(/is not a V8 flag that can travel in --js-flags/);
    expect(() => utilityExecArgv(['initial-old-space-size=64'])).toThrow(/--name or --name=value/);
    expect(() => utilityExecArgv(['--title="x"'])).toThrow();
  });

  it('builds the training flags as they are today', () => {
    expect(utilityExecArgv(TRAINING_V8_FLAGS)).toEqual([`--js-flags=${TRAINING_V8_FLAGS.join(' ')}`]);
  });
});

describe('utilityTransport', () => {
  it('forks training children with TRAINING_V8_FLAGS as --js-flags, never as bare execArgv', async () => {
    const { utilityTransport, utilityTransportWith } = await import('../../electron/utility-transport.js');
    utilityTransport('/app/dist/worker/run-worker.cjs');
    expect(forks.at(-1)).toEqual({
      modulePath: '/app/dist/worker/run-worker.cjs',
      args: [],
      options: { serviceName: 'LSTM Studio training', stdio: 'inherit', execArgv: utilityExecArgv(TRAINING_V8_FLAGS) },
    });
    for (const flag of TRAINING_V8_FLAGS) expect(forks.at(-1)!.options.execArgv).not.toContain(flag);
    utilityTransportWith(['--max-old-space-size=200'], 'probe')('/p.js');
    expect(forks.at(-1)!.options).toMatchObject({ serviceName: 'probe', execArgv: ['--js-flags=--max-old-space-size=200'] });
  });
});
