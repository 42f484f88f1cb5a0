# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the ci_spc engine (addons/ci_spc/lib/spc.py) on 1,000,000 points.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python bench/spc_engine.py [--points N] [--repeat R]

Times I-MR limits + the 8 Nelson rules (+ capability for our engine) against
the pure-Python SPC libraries `shewhart` and `pycontrolcharts` on the same
data and against the floor, one numpy pass (mean, moving ranges, one
comparison). Before timing, the results are asserted equal: limits, and the
set of points flagged by each rule, mapped to each library's conventions
(see bench/README.md). Prints medians and ratios; exits 1 if a target is missed.
"""
import argparse
import importlib.util
import os
import statistics
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SPEC = importlib.util.spec_from_file_location('spc', os.path.join(ROOT, 'addons', 'ci_spc', 'lib', 'spc.py'))
spc = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(spc)

NELSON = [
    ('nelson1', 'beyond_limit', 1, 1, 3.0), ('nelson2', 'same_side', 9, 9, 0.0),
    ('nelson3', 'trend', 6, 6, 0.0), ('nelson4', 'alternating', 14, 14, 0.0),
    ('nelson5', 'm_of_n_beyond', 3, 2, 2.0), ('nelson6', 'm_of_n_beyond', 5, 4, 1.0),
    ('nelson7', 'within', 15, 15, 1.0), ('nelson8', 'outside', 8, 8, 1.0),
]
LSL, USL = 3.0, 17.0


def make_data(count, seed=20260501):
    """Normal noise with drifts, a zigzag stretch and a calm stretch, so every rule fires."""
    rnd = np.random.default_rng(seed)
    x = rnd.normal(10.0, 2.0, count)
    x += np.repeat(rnd.normal(0.0, 0.7, count // 1000 + 1), 1000)[:count]
    for start in rnd.integers(0, count - 40, count // 20000):
        x[start:start + 30] = np.linspace(8.0, 12.0, 30) + rnd.normal(0, 0.01, 30)
    for start in rnd.integers(0, count - 40, count // 50000):
        x[start:start + 20] = 10.0 + np.tile([2.5, -2.5], 10)
    return x


def ours(x):
    res = spc.chart('imr', x)
    hits = spc.evaluate(res, NELSON)
    cap = spc.capability(x, lsl=LSL, usl=USL)
    return res, hits, cap


def ours_listed(x):
    """The same, with every violation listed as a Violation tuple (what the models store)."""
    res = spc.chart('imr', x)
    return spc.rules(res, NELSON)


def floor(x):
    """One numpy pass: mean, mean moving range, one comparison against the limits."""
    mean = x.mean()
    sigma = np.abs(np.diff(x)).mean() / 1.128
    return np.count_nonzero(np.abs(x - mean) > 3 * sigma)


def run_shewhart(x):
    import shewhart
    return shewhart.imr(x, rules='nelson')


def run_pycontrolcharts(x):
    from pycontrolcharts.charts.xmr import xmr_chart
    return xmr_chart(x.tolist(), run_tests=True)


def median_times(funcs, x, repeat):
    """Median seconds of each function; the functions take turns, so that a
    busy moment of a shared machine weighs on all of them alike."""
    times = [[] for _f in funcs]
    for _i in range(repeat):
        for func, spent in zip(funcs, times):
            start = time.perf_counter()
            func(x)
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def median_time(func, x, repeat):
    return median_times([func], x, repeat)[0]


def check_shewhart(x, res, hits):
    """shewhart lists each maximal pattern with all its points; ours flags the
    completing points and gives the points involved: compare the union of the
    involved points, rule by rule. Its test 7 counts |z| < 1 (ours <= 1) and its
    M-of-N windows do not start before the third point: neither occurs here."""
    out = run_shewhart(x)
    stats = out.stats
    assert np.isclose(stats['i_center'], res.center[0], rtol=0, atol=1e-9)
    assert np.isclose(stats['i_ucl'], res.ucl[0], rtol=1e-12)
    assert np.isclose(stats['i_lcl'], res.lcl[0], rtol=1e-12)
    assert np.isclose(stats['mr_center'], res.secondary.center[0], rtol=1e-12)
    assert np.isclose(stats['mr_ucl'], res.secondary.ucl[0], rtol=1e-9)
    report = []
    for i in range(1, 9):
        theirs = np.zeros(x.size, dtype=bool)
        for sig in out.signals:
            if sig.chart == 'i' and sig.rule == 'nelson_%d' % i:
                theirs[list(sig.points)] = True
        mine = hits['nelson%d' % i].points()
        assert np.array_equal(mine, theirs), ('shewhart', i, np.flatnonzero(mine != theirs)[:10])
        report.append((i, int(len(hits['nelson%d' % i])), int(mine.sum())))
    return report


def check_pycontrolcharts(x, res, hits):
    """pycontrolcharts does tests 1, 2, 3, 5, 6 (no 4, 7, 8) and marks every point
    of a run. Its limits use the printed d2(2) = 1.128, so its limits are
    compared with MR-bar / 1.128 and its test 1 with our rule evaluated on its
    limits. Its test 3 parameter counts increases (6 = 7 points) and it marks
    the points after the first, so it maps to our trend rule with N = 7 less
    the first point of each pattern. Its tests 5 and 6 are state machines that differ
    from Minitab's M-of-N windows: the differing points are counted, not asserted."""
    out = run_pycontrolcharts(x)
    center = out['center_line'].to_numpy()
    ucl = out['ucl'].to_numpy()
    mrbar = res.secondary.center[0]
    assert np.allclose(center, res.center[0], rtol=0, atol=1e-9)
    assert np.allclose(ucl, res.center[0] + 3 * mrbar / 1.128, rtol=1e-12)
    assert np.allclose(out['variation_cl'].to_numpy(), mrbar, rtol=1e-12)
    types = {}
    for i, found in enumerate(out['violations']):
        for viol in found:
            types.setdefault(viol['type'], []).append(i)

    def marked(*codes):
        mask = np.zeros(x.size, dtype=bool)
        for code in codes:
            mask[types.get(code, [])] = True
        return mask

    sigma = (ucl - center) / 3
    mapped = spc.evaluate((x, center, sigma), [NELSON[0], NELSON[1], ('trend7', 'trend', 7, 7, 0.0)])
    assert np.array_equal(mapped['nelson1'].points(), marked(1, 2)), 'test 1'
    assert np.array_equal(hits['nelson2'].points(), marked(3, 4)), 'test 2'
    trend = mapped['trend7']
    without_first = spc.RuleHits(trend.spec, trend.index, trend.start + 1, trend.size)
    assert np.array_equal(without_first.points(), marked(5, 6)), 'test 3'
    exact_t1 = int((hits['nelson1'].points() != marked(1, 2)).sum())
    diff5 = int((hits['nelson5'].points() != marked(7, 8)).sum())
    diff6 = int((hits['nelson6'].points() != marked(9, 10)).sum())
    return exact_t1, diff5, diff6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--points', type=int, default=1000000)
    parser.add_argument('--repeat', type=int, default=15, help='runs of the numpy timings (libraries: 3)')
    parser.add_argument('--skip-libraries', action='store_true')
    args = parser.parse_args()
    x = make_data(args.points)
    res, hits, cap = ours(x)
    print('%d points: center %.6f, UCL %.6f, LCL %.6f, MR-bar %.6f, Cpk %.4f, Ppk %.4f'
          % (x.size, res.center[0], res.ucl[0], res.lcl[0], res.secondary.center[0], cap['cpk'], cap['ppk']))
    lib_repeat = max(1, min(3, args.repeat))
    if not args.skip_libraries:
        report = check_shewhart(x, res, hits)
        print('shewhart: limits and the points of all 8 Nelson rules equal to ours')
        for i, count, involved in report:
            print('  nelson%d: %7d violations, %7d points involved' % (i, count, involved))
        exact_t1, diff5, diff6 = check_pycontrolcharts(x, res, hits)
        print('pycontrolcharts: limits (with d2 = 1.128) and tests 1, 2, 3 equal to ours; with the exact d2, '
              'test 1 differs on %d points; its tests 5 / 6 (state machines) differ from the M-of-N windows on '
              '%d / %d points; it has no tests 4, 7, 8' % (exact_t1, diff5, diff6))
    numpy_times = median_times([floor, ours], x, args.repeat)
    timings = [
        ('floor: one numpy pass', numpy_times[0]),
        ('ci_spc: I-MR + 8 Nelson rules + capability', numpy_times[1]),
        ('ci_spc: same, violations listed as tuples', median_time(ours_listed, x, lib_repeat)),
    ]
    if not args.skip_libraries:
        timings.append(('shewhart 0.1.1: I-MR + 8 Nelson rules', median_time(run_shewhart, x, lib_repeat)))
        timings.append(('pycontrolcharts 0.1.2: XmR + tests 1,2,3,5,6', median_time(run_pycontrolcharts, x,
                                                                                    lib_repeat)))
    base = timings[0][1]
    engine = timings[1][1]
    print()
    print('%-46s %10s %12s %12s' % ('median of runs', 'seconds', 'x floor', 'lib / ours'))
    for name, seconds in timings:
        speedup = '' if name.startswith(('floor', 'ci_spc')) else '%.0fx' % (seconds / engine)
        print('%-46s %10.4f %11.1fx %12s' % (name, seconds, seconds / base, speedup))
    ok = engine <= 10 * base
    if not args.skip_libraries:
        fastest = min(t for n, t in timings[3:])
        ok = ok and fastest >= 50 * engine
        print('\ntargets: >= 50x the fastest library: %.0fx; <= 10x the numpy pass: %.1fx -> %s'
              % (fastest / engine, engine / base, 'met' if ok else 'MISSED'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
