# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Charts against published examples (data and sources in tests/data), and input checks.

Montgomery = D. C. Montgomery, Introduction to Statistical Quality Control,
6th ed., Wiley, 2009. The book rounds intermediate values (R-bar = 0.023,
p-bar = 0.2313...) before multiplying; where that changes the last printed
digit, the test shows the exact figure and the book's figure from the
book's rounded inputs (given as frozen limits).
"""
import math

import numpy as np
import pytest

from odoo.addons.ci_spc.lib import spc

from .spc_reference import load, pistonrings


def r3(value):
    return round(float(value), 3)


def test_pistonrings_xbar_r():
    """Montgomery Example 6.1: X-double-bar 74.001, R-bar 0.023, X-bar limits 73.988 / 74.014, R chart 0 / 0.049."""
    data, trial = pistonrings()
    res = spc.chart('xbar_r', data[trial])
    assert r3(res.center[0]) == 74.001
    assert r3(res.secondary.center[0]) == 0.023
    assert (r3(res.lcl[0]), r3(res.ucl[0])) == (73.988, 74.014)
    assert res.secondary.lcl[0] == 0.0
    # exact R-bar 0.02276: D4 R-bar = 0.0481; the book multiplies the rounded 0.023
    assert res.secondary.ucl[0] == pytest.approx(2.114 * 0.02276, abs=5e-5)
    book = spc.chart('xbar_r', data[trial], limits=spc.Limits(74.001, 0.023 / spc.d2(5)))
    assert r3(book.secondary.ucl[0]) == 0.049
    assert (r3(book.lcl[0]), r3(book.ucl[0])) == (73.988, 74.014)
    # sigma = R-bar / d2 and the limits are A2 R-bar with the unrounded A2
    sigma = res.limits[0].sigma
    assert sigma == pytest.approx(0.02276 / spc.d2(5))
    assert res.ucl[0] - res.center[0] == pytest.approx(spc.constants(5)['A2'] * 0.02276)


def test_pistonrings_xbar_s():
    """Montgomery Example 6.3: X-bar limits from S-bar are 73.988 / 74.014, S chart LCL 0, UCL = B4 S-bar."""
    data, trial = pistonrings()
    res = spc.chart('xbar_s', data[trial])
    sbar = data[trial].std(axis=1, ddof=1).mean()
    assert res.secondary.center[0] == pytest.approx(sbar)
    assert (r3(res.lcl[0]), r3(res.ucl[0])) == (73.988, 74.014)
    assert res.secondary.lcl[0] == 0.0
    assert res.secondary.ucl[0] == pytest.approx(2.089 * sbar, rel=5e-4)
    assert res.ucl[0] - res.center[0] == pytest.approx(1.427 * sbar, rel=5e-4)


def test_pistonrings_phase_two():
    """Montgomery Example 6.1, Table 6.4: against the phase I limits, samples 37, 38 and 39 plot above the UCL."""
    data, trial = pistonrings()
    res = spc.chart('xbar_r', data, baseline=int(trial.sum()))
    assert res.limits[0].count == 25
    assert (r3(res.lcl[30]), r3(res.ucl[30])) == (73.988, 74.014)
    beyond = spc.rules(res, [('test1', 'beyond_limit', 1, 1, 3.0)])
    assert [v.index + 1 for v in beyond] == [37, 38, 39]
    assert not spc.rules(res.secondary, [('test1', 'beyond_limit', 1, 1, 3.0)])


def test_orangejuice_p_chart():
    """Montgomery Example 7.1: trial limits p-bar 0.2313, 0.0524 / 0.4102; samples 15 and 23 out;
    revised without them: 0.2150, 0.0407 / 0.3893."""
    cols = load('orangejuice')
    trial = cols['trial']
    d, n = cols['D'][trial], cols['size'][trial]
    res = spc.chart('p', d, sizes=n)
    assert [round(v, 4) for v in (res.center[0], res.lcl[0], res.ucl[0])] == [0.2313, 0.0524, 0.4102]
    assert [v.index + 1 for v in spc.rules(res, [('t1', 'beyond_limit', 1, 1, 3.0)])] == [15, 23]
    keep = np.ones(d.size, dtype=bool)
    keep[[14, 22]] = False
    rev = spc.chart('p', d, sizes=n, baseline=keep)
    assert [round(v, 4) for v in (rev.center[0], rev.lcl[0], rev.ucl[0])] == [0.2150, 0.0407, 0.3893]
    assert rev.limits[0].count == 28


def test_orangejuice_np_chart():
    """np chart of the same data: center n p-bar = 11.57, limits 2.62 / 20.51."""
    cols = load('orangejuice')
    trial = cols['trial']
    res = spc.chart('np', cols['D'][trial], sizes=50)
    assert [round(v, 2) for v in (res.center[0], res.lcl[0], res.ucl[0])] == [11.57, 2.62, 20.51]


def test_circuit_c_chart():
    """Montgomery Example 7.3: c-bar 19.85, limits 6.48 / 33.22; samples 6 and 20 out;
    revised without them: 19.67, 6.36 / 32.97."""
    cols = load('circuit')
    x = cols['x'][cols['trial']]
    res = spc.chart('c', x)
    # exact c-bar 19.846: UCL 33.21; the book adds 3 sqrt(19.85) to the rounded 19.85
    assert [round(v, 2) for v in (res.center[0], res.lcl[0], res.ucl[0])] == [19.85, 6.48, 33.21]
    book = spc.chart('c', x, limits=spc.Limits(19.85))
    assert [round(v, 2) for v in (book.lcl[0], book.ucl[0])] == [6.48, 33.22]
    assert [v.index + 1 for v in spc.rules(res, [('t1', 'beyond_limit', 1, 1, 3.0)])] == [6, 20]
    keep = np.ones(x.size, dtype=bool)
    keep[[5, 19]] = False
    rev = spc.chart('c', x, baseline=keep)
    assert [round(v, 2) for v in (rev.center[0], rev.lcl[0], rev.ucl[0])] == [19.67, 6.36, 32.97]


def test_pcmanufact_u_chart():
    """Montgomery Example 7.4: u-bar 1.93, limits 0.07 / 3.79, no point out."""
    cols = load('pcmanufact')
    res = spc.chart('u', cols['x'], sizes=cols['size'])
    assert [round(v, 2) for v in (res.center[0], res.lcl[0], res.ucl[0])] == [1.93, 0.07, 3.79]
    assert not spc.rules(res, [('t1', 'beyond_limit', 1, 1, 3.0)])


def test_dyedcloth_u_chart_varying_sizes():
    """Montgomery (2nd ed., pp. 183-184): u-bar = 153 / 107.5 = 1.42 and per-roll limits,
    printed from the rounded u-bar 1.42."""
    cols = load('dyedcloth')
    x, n = cols['x'], cols['size']
    res = spc.chart('u', x, sizes=n)
    assert round(res.center[0], 2) == 1.42
    assert res.center[0] == pytest.approx(153 / 107.5)
    assert np.allclose(res.sigma, np.sqrt(153 / 107.5 / n))
    book = spc.chart('u', x, sizes=n, limits=spc.Limits(1.42))
    assert list(np.round(book.ucl, 2)) == [2.55, 2.68, 2.41, 2.55, 2.58, 2.55, 2.45, 2.52, 2.45, 2.43]
    assert list(np.round(book.lcl, 2)) == [0.29, 0.16, 0.43, 0.29, 0.26, 0.29, 0.39, 0.32, 0.39, 0.41]
    assert not spc.rules(res, [('t1', 'beyond_limit', 1, 1, 3.0)])


def test_p_chart_varying_sizes_by_hand():
    """Per-point limits p-bar -+ 3 sqrt(p-bar (1 - p-bar) / n_i), clipped to [0, 1]."""
    d, n = np.array([3, 10, 1, 0, 8]), np.array([50, 200, 20, 10, 100])
    res = spc.chart('p', d, sizes=n)
    pbar = 22 / 380
    assert res.center[0] == pytest.approx(pbar)
    sd = np.sqrt(pbar * (1 - pbar) / n)
    assert np.allclose(res.sigma, sd)
    assert np.allclose(res.ucl, pbar + 3 * sd)
    assert np.allclose(res.lcl, np.maximum(0, pbar - 3 * sd))
    assert np.allclose(res.points, d / n)


def test_imr_by_hand():
    """I chart: mean -+ 3 MR-bar / d2(2); MR chart: UCL = D4 MR-bar, LCL 0, no MR for the first point."""
    x = np.array([10.0, 12.0, 11.0, 14.0, 13.0, 12.5])
    res = spc.chart('imr', x)
    mrbar = (2 + 1 + 3 + 1 + 0.5) / 5
    sigma = mrbar / (2 / math.sqrt(math.pi))
    assert res.limits[0].sigma == pytest.approx(sigma)
    assert res.ucl[0] == pytest.approx(x.mean() + 3 * sigma)
    assert math.isnan(res.secondary.points[0])
    assert res.secondary.center[0] == pytest.approx(mrbar)
    assert res.secondary.ucl[0] == pytest.approx(spc.constants(2)['D4'] * mrbar)
    assert round(res.secondary.ucl[0] / mrbar, 3) == 3.267
    assert res.secondary.lcl[0] == 0.0


def test_xbar_unequal_subgroups_minitab_weights():
    """Unequal sizes: sigma = sum(f r / d2) / sum(f), f = d2^2 / d3^2 (Minitab), limits per subgroup size."""
    groups = [[1.0, 2.0, 4.0], [2.0, 3.0], [0.0, 1.0, 3.0, 5.0], [2.0, 2.5, 3.5]]
    res = spc.chart('xbar_r', groups)
    n = np.array([3, 2, 4, 3])
    r = np.array([3.0, 1.0, 5.0, 1.5])
    f = spc.d2(n) ** 2 / spc.d3(n) ** 2
    sigma = (f * r / spc.d2(n)).sum() / f.sum()
    assert res.limits[0].sigma == pytest.approx(sigma)
    assert res.center[0] == pytest.approx(np.concatenate(groups).mean())
    assert np.allclose(res.ucl - res.center, 3 * sigma / np.sqrt(n))
    assert np.allclose(res.secondary.center, spc.d2(n) * sigma)
    flat = spc.chart('xbar_r', np.concatenate(groups), subgroups=np.repeat([1, 2, 3, 4], n))
    assert np.allclose(flat.ucl, res.ucl)
    by_size = spc.chart('xbar_r', np.concatenate(groups), sizes=n)
    assert np.allclose(by_size.ucl, res.ucl)
    s = spc.chart('xbar_s', groups)
    c4 = spc.c4(n)
    h = c4 ** 2 / (1 - c4 ** 2)
    sds = np.array([np.std(g, ddof=1) for g in groups])
    assert s.limits[0].sigma == pytest.approx((h * sds / c4).sum() / h.sum())


def test_pooled_sigma():
    """Pooled: sqrt(sum of squares within / sum(n - 1)) / c4(sum(n - 1) + 1)."""
    data, trial = pistonrings()
    res = spc.chart('xbar_s', data[trial], sigma_method='pooled')
    ss = ((data[trial] - data[trial].mean(axis=1, keepdims=True)) ** 2).sum()
    assert res.limits[0].sigma == pytest.approx(math.sqrt(ss / 100) / spc.c4(101))


@pytest.mark.parametrize('kind, values, kwargs, message', [
    ('imr', [1.0, float('nan'), 2.0], {}, 'not a finite number'),
    ('imr', [1.0, float('inf'), 2.0], {}, 'not a finite number'),
    ('imr', [1.0], {}, 'at least 2'),
    ('xbar_r', [[1.0], [2.0]], {}, 'subgroups need 2 to 25'),
    ('xbar_r', np.ones((3, 26)), {}, 'subgroups need 2 to 25'),
    ('xbar_s', [1.0, 2.0, 3.0], {}, '2-D array'),
    ('xbar_r', [1.0, 2.0, 3.0], {'sizes': [2, 2]}, 'sizes add up'),
    ('p', [3, 60], {'sizes': 50}, 'defectives out of'),
    ('p', [3, 4], {'sizes': [50, 0]}, 'at least 1'),
    ('u', [3, 4], {'sizes': [2.5, -1]}, 'positive'),
    ('p', [3, 4], {}, 'need the sample sizes'),
    ('c', [3, -1], {}, 'negative'),
    ('c', [3, 4], {'sizes': 2}, 'use a u chart'),
    ('x', [1, 2], {}, 'unknown chart kind'),
    ('imr', [1.0, 2.0, 3.0], {'k': 0}, 'positive'),
    ('imr', [1.0, 2.0, 3.0], {'baseline': 1}, 'no moving range'),
    ('xbar_r', np.ones((4, 3)), {'sigma_method': 'mr'}, 'does not apply'),
    ('imr', [1.0, 2.0, 3.0], {'phases': [1, 1]}, 'label every point'),
])
def test_bad_input_is_refused(kind, values, kwargs, message):
    with pytest.raises(ValueError, match=message):
        spc.chart(kind, values, **kwargs)
