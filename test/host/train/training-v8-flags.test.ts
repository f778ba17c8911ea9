/** Training children start with the training V8 flags, added to (not replacing) the parent's own. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeTransport } from '../../../src/host/train/fork-run.js';
import { TRAINING_V8_FLAGS, trainingChildExecArgv } from '../../../src/host/train/training-v8-flags.js';

describe('training V8 flags', () => {
  it('keeps the parent flags and appends the training ones', () => {
    expect(trainingChildExecArgv(['--expose-gc'])).toEqual(['--expose-gc', ...TRAINING_V8_FLAGS]);
    expect(TRAINING_V8_FLAGS).toContain('--initial-old-space-size=64');
  });

  it('leaves out the flags that name the parent\'s script (a host started with node -e must not fork itself)', () => {
    expect(trainingChildExecArgv(['--input-type=module', '-e', 'import("x")', '--expose-gc'])).toEqual(['--expose-gc', ...TRAINING_V8_FLAGS]);
    expect(trainingChildExecArgv(['--eval=1', '-p', '2', '--watch', '--test'])).toEqual([...TRAINING_V8_FLAGS]);
  });

  it('a child forked by nodeTransport runs with them (and V8 accepts them)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'child-flags-'));
    const script = path.join(dir, 'echo-argv.cjs');
    writeFileSync(script, 'process.send({ execArgv: process.execArgv }, () => process.exit(0));\n');
    const child = nodeTransport(script);
    const received = await new Promise<unknown>((resolve, reject) => {
      child.onMessage(resolve);
      child.onExit((code) => reject(new Error(`child exited with ${code} before replying`)));
    });
    expect((received as { execArgv: string[] }).execArgv).toEqual(expect.arrayContaining([...TRAINING_V8_FLAGS]));
  });
});
