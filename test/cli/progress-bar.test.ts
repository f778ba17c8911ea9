import { describe, expect, it } from 'vitest';
import {
  EtaEstimator,
  formatDuration,
  formatLoss,
  formatPercent,
  formatProgressLine,
  ProgressBar,
  renderBar,
} from '../../src/cli/progress-bar.js';

describe('formatting', () => {
  it('ETA text', () => {
    expect(formatDuration(72_000)).toBe('1m12s');
    expect(formatDuration(65_000)).toBe('1m05s');
    expect(formatDuration(45_200)).toBe('45s');
    expect(formatDuration(4_240)).toBe('4.2s');
    expect(formatDuration(0)).toBe('0.0s');
    expect(formatDuration(59_700)).toBe('1m00s');
    expect(formatDuration(3_599_000)).toBe('59m59s');
    expect(formatDuration(2 * 3_600_000 + 3 * 60_000)).toBe('2h03m');
    expect(formatDuration(null)).toBe('--');
    expect(formatDuration(Number.NaN)).toBe('--');
    expect(formatDuration(-5)).toBe('--');
  });

  it('percentage: rounded, never 100% before the end', () => {
    expect(formatPercent(312, 1875)).toBe('17%');
    expect(formatPercent(0, 1875)).toBe('0%');
    expect(formatPercent(1874, 1875)).toBe('99%');
    expect(formatPercent(1875, 1875)).toBe('100%');
    expect(formatPercent(5, 0)).toBe('--%');
  });

  it('loss', () => {
    expect(formatLoss(0.43214)).toBe('0.4321');
    expect(formatLoss(2.5e-5)).toBe('2.500e-5');
    expect(formatLoss(Number.NaN)).toBe('NaN');
  });

  it('bar: width cells between the brackets', () => {
    expect(renderBar(0.5, 10)).toBe('[=====>    ]');
    expect(renderBar(0, 10)).toBe('[>         ]');
    expect(renderBar(1, 10)).toBe('[==========]');
    expect(renderBar(2, 4)).toBe('[====]');
    for (const f of [0, 0.13, 0.5, 0.99, 1]) expect(renderBar(f, 20)).toHaveLength(22);
  });

  it('the whole line', () => {
    expect(formatProgressLine({ step: 312, total: 1875, loss: 0.43214, etaMs: 72_000 }, { barWidth: 10 })).toBe(
      '[=>        ] 312/1875 17% loss 0.4321 eta 1m12s',
    );
    expect(formatProgressLine({ step: 0, total: 100, loss: null, etaMs: null }, { barWidth: 10 })).toBe(
      '[>         ] 0/100 0% eta --',
    );
  });

  it('fits the terminal: the bar shrinks, then goes, then the text is cut', () => {
    const state = { step: 312, total: 1875, loss: 0.4321, etaMs: 72_000 };
    const full = formatProgressLine(state, { barWidth: 30 });
    expect(full).toHaveLength(30 + 3 + 'loss 0.4321'.length + ' 312/1875 17% '.length - 1 + ' eta 1m12s'.length);
    const narrow = formatProgressLine(state, { barWidth: 30, maxWidth: 50 });
    expect(narrow.length).toBe(49);
    expect(narrow.startsWith('[')).toBe(true);
    expect(formatProgressLine(state, { barWidth: 30, maxWidth: 40 })).toBe('312/1875 17% loss 0.4321 eta 1m12s');
    expect(formatProgressLine(state, { barWidth: 30, maxWidth: 20 })).toHaveLength(19);
  });
});

describe('EtaEstimator', () => {
  it('uses the average rate before the first window, then a smoothed rate', () => {
    const eta = new EtaEstimator({ windowMs: 1000, alpha: 0.5 });
    expect(eta.etaMs(100)).toBeNull();
    eta.observe(0, 0);
    expect(eta.etaMs(100)).toBeNull();
    eta.observe(5, 500); // 0.01 steps / ms
    expect(eta.etaMs(100)).toBeCloseTo(95 / 0.01, 6);
    eta.observe(10, 1000); // window closes: rate 0.01
    expect(eta.rate()).toBeCloseTo(0.01, 12);
    eta.observe(50, 2000); // window rate 0.04 → smoothed 0.025
    expect(eta.rate()).toBeCloseTo(0.025, 12);
    expect(eta.etaMs(100)).toBeCloseTo(50 / 0.025, 6);
    expect(eta.etaMs(50)).toBe(0);
  });

  it('restarts when the step goes back (a resumed run)', () => {
    const eta = new EtaEstimator({ windowMs: 100 });
    eta.observe(0, 0);
    eta.observe(100, 1000);
    eta.observe(10, 1100);
    expect(eta.rate()).toBeNull();
  });
});

function fakeStream(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (s: string) => writes.push(s) } };
}

describe('ProgressBar', () => {
  it('writes nothing at all when the stream is not a TTY', () => {
    const { writes, stream } = fakeStream(false);
    let t = 0;
    const bar = new ProgressBar(stream, { now: () => t });
    for (let step = 1; step <= 100; step++) {
      t += 1000;
      expect(bar.update(step, 100, 0.5)).toBe(false);
    }
    bar.clear();
    bar.finish();
    expect(bar.enabled).toBe(false);
    expect(writes).toEqual([]);
    const { writes: w2, stream: s2 } = fakeStream(undefined as unknown as boolean);
    new ProgressBar(s2).update(1, 10);
    expect(w2).toEqual([]);
  });

  it('draws on one line with \\r, at most 10 times a second', () => {
    const { writes, stream } = fakeStream(true, 120);
    let t = 0;
    const bar = new ProgressBar(stream, { now: () => t, barWidth: 10 });
    for (let step = 1; step <= 1000; step++) {
      t = step * 5; // 200 steps a second for 5 s
      bar.update(step, 1000, 0.25);
    }
    expect(writes.length).toBeLessThanOrEqual(51);
    expect(writes.length).toBeGreaterThanOrEqual(49);
    expect(writes.every((w) => w.startsWith('\r') && !w.includes('\n'))).toBe(true);
    const last = writes[writes.length - 1];
    expect(last).toMatch(/^\r\[=+>? *\] \d+\/1000 \d+% loss 0\.2500 eta \d/);
  });

  it('covers a longer previous line and clears the line at the end', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const bar = new ProgressBar(stream, { now: () => t, barWidth: 10 });
    bar.update(1, 1000, 1234.5678);
    const firstLength = writes[0].length - 1;
    t += 200;
    bar.update(2, 1000, null);
    expect(writes[1].length - 1).toBe(firstLength); // padded with spaces
    bar.finish();
    expect(writes[2]).toBe(`\r${' '.repeat(writes[1].trimEnd().length - 1)}\r`);
    t += 200;
    expect(bar.update(3, 1000)).toBe(false);
    expect(writes).toHaveLength(3);
  });
});
