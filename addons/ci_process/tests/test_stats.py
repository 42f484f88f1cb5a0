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
