/** The parent watch notices a changed parent pid within its poll interval, or a closed channel, once. */
import { describe, expect, it } from 'vitest';
import { watchParent } from '../../../src/host/train/parent-watch.js';

describe('watchParent', () => {
  it('calls back once when the parent pid changes', async () => {
    let ppid = 100;
    const calls: string[] = [];
    const stop = watchParent({ parentPid: 100, ppid: () => ppid, intervalMs: 10 }, (why) => calls.push(why));
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toEqual([]);
    ppid = 1;
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toEqual(['its host process (pid 100) ended (the training process\'s parent is now pid 1)']);
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toHaveLength(1);
    stop();
  });

  it('calls back when the channel to the parent closes', () => {
    let disconnect: () => void = () => undefined;
    const calls: string[] = [];
    const stop = watchParent({ parentPid: 5, ppid: () => 5, onDisconnect: (cb) => (disconnect = cb) }, (why) => calls.push(why));
    disconnect();
    disconnect();
    expect(calls).toEqual(['its host process (pid 5) closed the connection']);
    stop();
  });
});
