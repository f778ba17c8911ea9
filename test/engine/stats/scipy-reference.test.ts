/** The studio's statistics against scipy (test/fixtures/stats/reference.json, made by tools/make_stats_fixtures.py). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bcaInterval, bcaMeanInterval } from '../../../src/engine/stats/bootstrap-bca.js';
import { holmAdjust } from '../../../src/engine/stats/holm.js';
import { noncentralTCdf } from '../../../src/engine/stats/noncentral-t.js';
import { pairedTPower, repeatsNeeded } from '../../../src/engine/stats/power.js';
import { signFlipTest } from '../../../src/engine/stats/sign-flip.js';
import { pairedDiffs, tInterval } from '../../../src/engine/stats/t-interval.js';
import { tost } from '../../../src/engine/stats/tost.js';
import { Rng } from '../../../src/engine/rng.js';

interface Reference {
  t: { d: number[]; mean: number; sd: number; t: number; p: number; ci: [number, number] }[];
  bca: { d: number[]; boot: number[]; ci: [number, number]; ci_200k: [number, number] }[];
  signflip: { d: number[]; p: number }[];
  signflip_ties: { a: number[]; b: number[]; p: number };
  signflip_mc: { d: number[]; p_exact: number };
  nct: { t: number; df: number; nc: number; cdf: number }[];
  power: { n: number; effect: number; sd: number; power: number }[];
  repeats_needed: { effect: number; sd: number; n: number }[];
  tost: { d: number[]; margin: number; p: number }[];
  holm: { p: number[]; adjusted: number[] }[];
}

const ref = JSON.parse(readFileSync(new URL('../../fixtures/stats/reference.json', import.meta.url), 'utf8')) as Reference;
const rel = (x: number, y: number) => Math.abs(x - y) / Math.max(1e-300, Math.abs(y));

describe('statistics agree with scipy', () => {
  it.each(ref.t.map((c) => [c.d.length, c] as const))('t interval and p (n = %i)', (_n, c) => {
    const r = tInterval(c.d);
    expect(rel(r.mean as number, c.mean)).toBeLessThan(1e-12);
    expect(rel(r.sd as number, c.sd)).toBeLessThan(1e-12);
    expect(rel(r.t as number, c.t)).toBeLessThan(1e-10);
    expect(rel(r.p as number, c.p)).toBeLessThan(1e-9);
    expect(rel((r.ci as number[])[0], c.ci[0])).toBeLessThan(1e-10);
    expect(rel((r.ci as number[])[1], c.ci[1])).toBeLessThan(1e-10);
  });

  it.each(ref.bca.map((c) => [c.d.length, c] as const))('BCa interval from scipy\'s own bootstrap distribution (n = %i)', (_n, c) => {
    const ci = bcaInterval(c.d, c.boot) as [number, number];
    expect(Math.abs(ci[0] - c.ci[0])).toBeLessThan(1e-12);
    expect(Math.abs(ci[1] - c.ci[1])).toBeLessThan(1e-12);
  });

  it.each(ref.bca.map((c) => [c.d.length, c] as const))('BCa interval with the studio\'s seeded resampling ≈ scipy with 200,000 resamples (n = %i)', (_n, c) => {
    const ci = bcaMeanInterval(c.d, { resamples: 200_000, rng: new Rng(3) }) as [number, number];
    const width = c.ci_200k[1] - c.ci_200k[0];
    expect(Math.abs(ci[0] - c.ci_200k[0])).toBeLessThan(0.01 * width);
    expect(Math.abs(ci[1] - c.ci_200k[1])).toBeLessThan(0.01 * width);
  });

  it.each(ref.signflip.map((c) => [c.d.length, c] as const))('exact sign-flip p (n = %i)', (_n, c) => {
    const r = signFlipTest(c.d);
    expect(r?.exact).toBe(true);
    expect(r?.patterns).toBe(2 ** c.d.length);
    expect(Math.abs((r?.p as number) - c.p)).toBeLessThan(1e-12);
  });

  it('exact sign-flip p with ties from quantised accuracies (float noise in a − b still ties)', () => {
    const { a, b, p } = ref.signflip_ties;
    const d = pairedDiffs(b, a);
    expect(signFlipTest(d)?.p).toBe(p);
  });

  it('Monte Carlo sign-flip p beyond n = 20 is seeded and close to the exact p', () => {
    const { d, p_exact } = ref.signflip_mc;
    const r = signFlipTest(d);
    expect(r?.exact).toBe(false);
    expect(r?.patterns).toBe(100_000);
    // 4 standard errors of a Monte Carlo proportion (doubled for the two-sided p).
    expect(Math.abs((r?.p as number) - p_exact)).toBeLessThan(4 * 2 * Math.sqrt((p_exact / 2) * (1 - p_exact / 2) / 100_000));
    expect(signFlipTest(d)?.p).toBe(r?.p);
  });

  it.each(ref.nct.map((c) => [c.t, c.df, c.nc, c] as const))('noncentral t CDF at t = %f, df = %i, δ = %f', (_t, _df, _nc, c) => {
    expect(Math.abs(noncentralTCdf(c.t, c.df, c.nc) - c.cdf)).toBeLessThan(1e-10);
  });

  it.each(ref.power.map((c) => [c.n, c.effect, c.sd, c] as const))('paired t power (n = %i, effect %f, sd %f)', (_n, _e, _s, c) => {
    expect(Math.abs(pairedTPower(c.n, c.effect, c.sd) - c.power)).toBeLessThan(1e-9);
  });

  it.each(ref.repeats_needed.map((c) => [c.effect, c.sd, c.n] as const))('repeats needed for 80 %% power (effect %f, sd %f) = %i', (effect, sd, n) => {
    expect(repeatsNeeded(effect, sd)).toBe(n);
  });

  it.each(ref.tost.map((c) => [c.margin, c] as const))('TOST p (margin %f)', (_m, c) => {
    const r = tost(tInterval(c.d), c.margin);
    expect(r?.test).toBe('t');
    expect(rel(r?.p as number, c.p)).toBeLessThan(1e-9);
  });

  it.each(ref.holm.map((c) => [c.p.join(', '), c] as const))('Holm adjustment of [%s]', (_s, c) => {
    const adj = holmAdjust(c.p) as number[];
    adj.forEach((x, i) => expect(x).toBeCloseTo(c.adjusted[i], 15));
  });
});
