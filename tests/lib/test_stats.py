# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.stats against scipy, an independent implementation (test dependency only)."""
import math
import random

import numpy as np
import pytest
from scipy import special
from scipy import stats as sps

from odoo.addons.ci_process.lib import stats


@pytest.mark.parametrize('a, b', [(0.5, 0.5), (1.0, 3.0), (2.5, 0.5), (30.0, 0.5), (0.5, 200.0), (150.0, 0.5)])
def test_betainc_matches_scipy(a, b):
    for x in np.linspace(0.0, 1.0, 41):
        assert stats.betainc(a, b, float(x)) == pytest.approx(special.betainc(a, b, x), abs=1e-12)


@pytest.mark.parametrize('seed, n1, n2, shift, sd2', [
    (1, 12, 15, 0.0, 1.0), (2, 30, 25, 0.6, 2.5), (3, 5, 40, -1.2, 0.3),
    (4, 200, 180, 0.1, 1.1), (5, 3, 3, 2.0, 1.0),
])
def test_welch_matches_scipy(seed, n1, n2, shift, sd2):
    rnd = random.Random(seed)
    before = [rnd.gauss(10.0, 1.0) for _ in range(n1)]
    after = [rnd.gauss(10.0 + shift, sd2) for _ in range(n2)]
    res = stats.welch(before, after)
    ref = sps.ttest_ind(after, before, equal_var=False)
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)
    assert res.dof == pytest.approx(ref.df, rel=1e-10)
    assert res.before.mean == pytest.approx(np.mean(before), rel=1e-12)
    assert res.after.std == pytest.approx(np.std(after, ddof=1), rel=1e-12)
    # Hedges' g, computed independently with numpy
    b, a = np.asarray(before), np.asarray(after)
    pooled = np.sqrt(((n1 - 1) * b.var(ddof=1) + (n2 - 1) * a.var(ddof=1)) / (n1 + n2 - 2))
    j = 1 - 3 / (4 * (n1 + n2) - 9)
    assert res.effect_size == pytest.approx(j * (a.mean() - b.mean()) / pooled, rel=1e-10)
    assert res.significant == (ref.pvalue < 0.05)


@pytest.mark.parametrize('e1, n1, e2, n2', [
    (30, 1000, 12, 1000), (5, 80, 9, 95), (0, 50, 3, 60), (120, 400, 118, 410),
])
def test_two_proportions_matches_chi2(e1, n1, e2, n2):
    res = stats.two_proportions(e1, n1, e2, n2)
    table = np.array([[e1, n1 - e1], [e2, n2 - e2]])
    chi2, p, _dof, _exp = sps.chi2_contingency(table, correction=False)
    assert abs(res.statistic) == pytest.approx(math.sqrt(chi2), rel=1e-10)
    assert res.p_value == pytest.approx(p, rel=1e-9)
    assert res.difference == pytest.approx(e2 / n2 - e1 / n1)
    h = 2 * np.arcsin(np.sqrt(e2 / n2)) - 2 * np.arcsin(np.sqrt(e1 / n1))
    assert res.effect_size == pytest.approx(h, rel=1e-12)


def test_cycle_time_pilot_example():
    """A small cycle-time pilot (minutes per unit), checked against scipy."""
    a = [19.1, 21.0, 20.8, 20.4, 19.9, 21.3, 20.6]
    b = [22.0, 21.7, 22.9, 21.2, 22.4, 23.1]
    res = stats.welch(a, b)
    ref = sps.ttest_ind(b, a, equal_var=False)
    assert res.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert res.p_value == pytest.approx(ref.pvalue, rel=1e-10)
    assert res.significant and stats.verdict(res, lower_is_better=True) == 'worse'


def test_verdicts():
    lower = stats.welch([10, 11, 10.5, 10.2, 10.8], [8, 8.2, 8.1, 7.9, 8.3])
    assert stats.verdict(lower, lower_is_better=True) == 'improved'
    assert stats.verdict(lower, lower_is_better=False) == 'worse'
    same = stats.welch([10, 11, 10.5, 10.2], [10.1, 10.9, 10.6, 10.3])
    assert stats.verdict(same, lower_is_better=True) == 'no_change'


@pytest.mark.parametrize('before, after', [([], [1, 2]), ([1], [1, 2]), ([1, float('nan')], [1, 2]),
                                           ([1, 2], [1, float('inf')])])
def test_bad_samples_refused(before, after):
    with pytest.raises(stats.StatsError):
        stats.welch(before, after)


@pytest.mark.parametrize('args', [(1, 0, 1, 10), (11, 10, 1, 10), (-1, 10, 1, 10), (1, 10, None, 10)])
def test_bad_rates_refused(args):
    with pytest.raises(stats.StatsError):
        stats.two_proportions(*args)


def test_constant_samples():
    assert stats.welch([5, 5, 5], [5, 5]).p_value == 1.0
    res = stats.welch([5, 5, 5], [4, 4])
    assert res.p_value == 0.0 and res.significant


@pytest.mark.parametrize('q, dof', [(0.975, 1.0), (0.975, 2.5), (0.975, 9), (0.995, 17.3), (0.025, 40),
                                    (0.9, 300.0), (0.5, 4), (0.999, 3)])
def test_t_quantile_matches_scipy(q, dof):
    assert stats.t_quantile(q, dof) == pytest.approx(sps.t.ppf(q, dof), rel=1e-10, abs=1e-12)


def test_t_quantile_published_table():
    """Student's table: t(0.975; 10) = 2.228, t(0.975; 30) = 2.042, t(0.995; 5) = 4.032."""
    assert round(stats.t_quantile(0.975, 10), 3) == 2.228
    assert round(stats.t_quantile(0.975, 30), 3) == 2.042
    assert round(stats.t_quantile(0.995, 5), 3) == 4.032


@pytest.mark.parametrize('events, n, low, high', [
    # Newcombe (1998), Statist. Med. 17:857, table I, Wilson's score method
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_interval_published(events, n, low, high):
    ci = stats.wilson_interval(events, n)
    assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)


@pytest.mark.parametrize('e1, n1, e2, n2, low, high', [
    # Newcombe (1998), Statist. Med. 17:873, table II, method 10 (hybrid score), for e1/n1 - e2/n2
    (56, 70, 48, 80, 0.0524, 0.3339), (9, 10, 3, 10, 0.1705, 0.8090), (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926), (0, 10, 0, 20, -0.1611, 0.2775), (10, 10, 0, 20, 0.6791, 1.0),
])
def test_newcombe_difference_published(e1, n1, e2, n2, low, high):
    # our difference is after - before: before = e2/n2, after = e1/n1
    before, after, diff = stats.proportion_intervals(e2, n2, e1, n1)
    assert (round(diff.low, 4), round(diff.high, 4)) == (low, high)
    assert before.low <= e2 / n2 <= before.high and after.low <= e1 / n1 <= after.high


def test_welch_intervals_match_scipy():
    """Mean CIs are Student's; the difference's uses the Welch df (its bounds hold 0 iff p >= alpha)."""
    before = [19.1, 21.0, 20.8, 20.4, 19.9, 21.3, 20.6]
    after = [22.0, 21.7, 22.9, 21.2, 22.4, 23.1]
    res = stats.welch(before, after)
    b, a, d = stats.welch_intervals(res.before, res.after, res.dof, 0.95)
    ref_b = sps.t.interval(0.95, len(before) - 1, loc=np.mean(before), scale=sps.sem(before))
    ref_a = sps.t.interval(0.95, len(after) - 1, loc=np.mean(after), scale=sps.sem(after))
    assert b == pytest.approx(ref_b, rel=1e-10) and a == pytest.approx(ref_a, rel=1e-10)
    se = math.sqrt(np.var(before, ddof=1) / 7 + np.var(after, ddof=1) / 6)
    half = sps.t.ppf(0.975, res.dof) * se
    assert d == pytest.approx((res.difference - half, res.difference + half), rel=1e-10)
    assert d.low > 0 and res.p_value < 0.05
    # at the test's own level the interval's edge is 0 exactly when p = 1 - confidence
    _b, _a, d_edge = stats.welch_intervals(res.before, res.after, res.dof, 1 - res.p_value)
    assert d_edge.low == pytest.approx(0.0, abs=1e-9)


def test_intervals_of_odd_samples():
    const = stats.welch([5, 5, 5], [4, 4])
    b, a, d = stats.welch_intervals(const.before, const.after, const.dof)
    assert (b, a, d) == ((5, 5), (4, 4), (-1, -1))
    b, a, d = stats.proportion_intervals(0, 100, 0, 100)
    assert b.low == a.low == 0.0 and 0 < b.high < 0.04 and d.low < 0 < d.high
    with pytest.raises(stats.StatsError):
        stats.wilson_interval(1, 0)
    with pytest.raises(stats.StatsError):
        stats.welch_intervals(const.before, const.after, const.dof, confidence=1.5)
