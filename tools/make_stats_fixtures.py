#!/usr/bin/env python3
"""Reference values for src/engine/stats from scipy, written to test/fixtures/stats/reference.json.

Run:  python3 tools/make_stats_fixtures.py   (numpy + scipy; the tests only read the JSON).
Covers the paired t interval and p (scipy.stats.ttest_1samp / t.ppf), the BCa bootstrap interval
(scipy.stats.bootstrap, method='BCa': its bootstrap distribution is stored, so the studio's interval from
the same distribution must match), the exact sign-flip p (scipy.stats.permutation_test, every sign pattern;
ties with exact rational arithmetic), the noncentral t CDF (scipy.stats.nct), the paired t-test's power and
repeats needed for 80 % power, TOST p-values and Holm's adjustment.
"""
import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy import stats

OUT = Path(__file__).resolve().parent.parent / 'test' / 'fixtures' / 'stats' / 'reference.json'
rng = np.random.default_rng(20261202)


def diffs(n, mean, sd):
    return [float(x) for x in rng.normal(mean, sd, n)]


def t_case(d):
    a = np.asarray(d)
    n = len(a)
    m = float(a.mean())
    sd = float(a.std(ddof=1))
    se = sd / np.sqrt(n)
    half = float(stats.t.ppf(0.975, n - 1) * se)
    res = stats.ttest_1samp(a, 0.0)
    return {'d': d, 'mean': m, 'sd': sd, 't': float(res.statistic), 'p': float(res.pvalue), 'ci': [m - half, m + half]}


def bca_case(d, resamples=999):
    a = np.asarray(d)
    res = stats.bootstrap((a,), np.mean, method='BCa', n_resamples=resamples, confidence_level=0.95,
                          rng=np.random.default_rng(len(d)))
    boot = res.bootstrap_distribution
    theta = a.mean()
    # Resamples that are permutations of the data tie with the estimate; both scipy and the studio count a
    # tie half, as long as scipy's float mean of it equals the estimate exactly (the studio uses a tolerance).
    near = int(np.sum(np.abs(boot - theta) <= 1e-12 * np.max(np.abs(a))))
    assert near == int(np.sum(boot == theta)), 'choose data whose tied resample means equal the estimate exactly'
    big = stats.bootstrap((a,), np.mean, method='BCa', n_resamples=200_000, rng=np.random.default_rng(7))
    ci = res.confidence_interval
    return {'d': d, 'boot': [float(x) for x in boot], 'ci': [float(ci.low), float(ci.high)],
            'ci_200k': [float(big.confidence_interval.low), float(big.confidence_interval.high)]}


def signflip_scipy(d):
    res = stats.permutation_test((np.asarray(d),), np.mean, permutation_type='samples', n_resamples=np.inf,
                                 alternative='two-sided')
    return float(res.pvalue)


def signflip_exact_fraction(d_fractions):
    """Exact two-sided sign-flip p with rational arithmetic (ties are exact)."""
    obs = sum(d_fractions)
    less = greater = 0
    for signs in itertools.product((1, -1), repeat=len(d_fractions)):
        s = sum(x * sg for x, sg in zip(d_fractions, signs))
        less += s <= obs
        greater += s >= obs
    return min(1.0, 2 * min(less, greater) / 2 ** len(d_fractions))


def signflip_mitm(d):
    """Exact p by meeting in the middle (for n = 25 where scipy would enumerate 33 million patterns)."""
    a = np.asarray(d)
    h = len(a) // 2
    def sums(x):
        s = np.zeros(1)
        for v in x:
            s = np.concatenate([s + v, s - v])
        return s
    left, right = sums(a[:h]), np.sort(sums(a[h:]))
    obs = a.sum()
    tol = 1e-12 * np.abs(a).sum()
    less = np.searchsorted(right, obs + tol - left, side='right').sum()
    greater = (len(right) - np.searchsorted(right, obs - tol - left, side='left')).sum()
    return float(min(1.0, 2 * min(less, greater) / 2 ** len(a)))


def power(n, effect, sd, alpha=0.05):
    df = n - 1
    c = stats.t.ppf(1 - alpha / 2, df)
    nc = effect * np.sqrt(n) / sd
    return float(stats.nct.sf(c, df, nc) + stats.nct.cdf(-c, df, nc))


def repeats_needed(effect, sd, target=0.8):
    n = 2
    while power(n, effect, sd) < target:
        n += 1
    return n


def tost_p(d, margin):
    a = np.asarray(d)
    n = len(a)
    se = a.std(ddof=1) / np.sqrt(n)
    m = a.mean()
    p_lower = stats.t.sf((m + margin) / se, n - 1)
    p_upper = stats.t.sf((margin - m) / se, n - 1)
    return float(max(p_lower, p_upper))


def holm(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: (ps[i], i))
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        out[i] = running
    return out


def main():
    t_cases = [t_case([0.02, 0.01, 0.03, 0.01, 0.03]), t_case(diffs(2, 0.01, 0.02)), t_case(diffs(10, 0.005, 0.01)),
               t_case(diffs(30, -0.002, 0.015)), t_case(diffs(100, 0.001, 0.004))]
    bca_cases = [bca_case(diffs(10, 0.01, 0.02)), bca_case([float(x) for x in rng.exponential(0.01, 12) - 0.005]),
                 bca_case(diffs(30, 0.003, 0.01))]
    sign_cases = [{'d': d, 'p': signflip_scipy(d)} for d in (diffs(5, 0.01, 0.01), diffs(10, 0.004, 0.01),
                                                              diffs(15, 0.002, 0.01), diffs(20, 0.004, 0.01))]
    # Quantised accuracies (1000 test samples): many exact ties between sign patterns.
    # (These accuracies were picked so that comparing float sums without a tolerance gets the count wrong.)
    quantised = [Fraction(k, 1000) for k in (0, -3, 3, -1, 2, -2, 3, -2, -3, -2)]
    acc_a = [Fraction(k, 1000) for k in (939, 969, 939, 942, 940, 918, 933, 986, 906, 947)]
    acc_b = [x - q for x, q in zip(acc_a, quantised)]
    sign_ties = {'a': [float(x) for x in acc_a], 'b': [float(x) for x in acc_b],
                 'p': signflip_exact_fraction(quantised)}
    d25 = diffs(25, 0.002, 0.01)
    sign_mc = {'d': d25, 'p_exact': signflip_mitm(d25)}
    nct_cases = [{'t': t, 'df': df, 'nc': nc, 'cdf': float(stats.nct.cdf(t, df, nc))}
                 for t, df, nc in [(2.0, 9, 1.5), (-1.0, 4, 0.7), (0.0, 3, 2.0), (2.262, 9, 3.0), (-2.262, 9, 3.0),
                                   (1.96, 99, 2.8), (5.0, 2, -1.0), (3.0, 29, 8.0), (0.5, 1, 0.3), (2.0, 50, 20.0)]]
    power_cases = [{'n': n, 'effect': e, 'sd': s, 'power': power(n, e, s)}
                   for n, e, s in [(10, 0.01, 0.01), (5, 0.02, 0.01), (30, 0.01, 0.03), (2, 0.05, 0.01), (100, 0.001, 0.004)]]
    needed_cases = [{'effect': e, 'sd': s, 'n': repeats_needed(e, s)}
                    for e, s in [(0.01, 0.01), (0.01, 0.02), (0.01, 0.04), (0.01, 0.005), (0.02, 0.0397), (0.01, 0.0397), (0.05, 0.001)]]
    tost_cases = [{'d': d, 'margin': mg, 'p': tost_p(d, mg)} for d, mg in [(diffs(10, 0.001, 0.004), 0.01),
                                                                         (diffs(10, 0.008, 0.004), 0.01),
                                                                         (diffs(20, -0.002, 0.01), 0.005)]]
    holm_cases = [{'p': ps, 'adjusted': holm(ps)} for ps in ([0.01, 0.04, 0.03, 0.005], [0.2, 0.01, 0.5], [0.04],
                                                              [0.012, 0.012, 0.3, 0.9, 0.0001, 0.04])]
    data = {
        'generator': 'tools/make_stats_fixtures.py',
        'versions': {'numpy': np.__version__, 'scipy': stats.__name__ and __import__('scipy').__version__},
        't': t_cases, 'bca': bca_cases, 'signflip': sign_cases, 'signflip_ties': sign_ties, 'signflip_mc': sign_mc,
        'nct': nct_cases, 'power': power_cases, 'repeats_needed': needed_cases, 'tost': tost_cases, 'holm': holm_cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, indent=1) + '\n')
    print(f'wrote {OUT} ({OUT.stat().st_size} bytes)')


if __name__ == '__main__':
    main()
