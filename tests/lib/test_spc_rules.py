# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run rules on hand-made series (a positive and a negative case each, window
edges), and the vectorised engine against a point-by-point implementation."""
import numpy as np
import pytest

from odoo.addons.ci_spc.lib import spc

# the catalogue of data/ci_spc_rule_data.xml
CATALOGUE = [
    ('we1', 'beyond_limit', 1, 1, 3.0), ('we2', 'm_of_n_beyond', 3, 2, 2.0),
    ('we3', 'm_of_n_beyond', 5, 4, 1.0), ('we4', 'same_side', 8, 8, 0.0),
    ('nelson1', 'beyond_limit', 1, 1, 3.0), ('nelson2', 'same_side', 9, 9, 0.0),
    ('nelson3', 'trend', 6, 6, 0.0), ('nelson4', 'alternating', 14, 14, 0.0),
    ('nelson5', 'm_of_n_beyond', 3, 2, 2.0), ('nelson6', 'm_of_n_beyond', 5, 4, 1.0),
    ('nelson7', 'within', 15, 15, 1.0), ('nelson8', 'outside', 8, 8, 1.0),
]
SPEC = {c[0]: c for c in CATALOGUE}


def flagged(code, points, center=0.0, sigma=1.0, phase=None):
    return list(spc.evaluate((points, center, sigma, phase), [SPEC[code]])[code].index)


def test_beyond_limit():
    """Test 1: strictly beyond 3 sigma, either side; a point on the limit is not beyond."""
    assert flagged('nelson1', [0, 3.0, 3.0001, -3.5, -3.0]) == [2, 3]
    assert flagged('nelson1', [0, 2.9, -2.99]) == []


def test_beyond_limit_uses_each_point_sigma():
    """Zones follow the per-point sigma (p and u charts with varying sizes)."""
    assert flagged('nelson1', [0.5, 0.5], center=0.2, sigma=[0.05, 0.2]) == [0]


def test_same_side():
    """Test 2: 9 in a row on one side flags the 9th and every later point of the run."""
    assert flagged('nelson2', [0.1] * 9) == [8]
    assert flagged('nelson2', [-0.1] * 11) == [8, 9, 10]
    assert flagged('nelson2', [0.1] * 8) == []
    assert flagged('nelson2', [0.1] * 4 + [-0.1] + [0.1] * 5) == []


def test_same_side_center_line_breaks_the_run():
    """A point exactly on the center line is on neither side."""
    assert flagged('nelson2', [0.1] * 4 + [0.0] + [0.1] * 4) == []
    assert flagged('nelson2', [0.1] * 4 + [0.0] + [0.1] * 9) == [13]


def test_same_side_involved_points():
    res = spc.evaluate(([1.0] * 9, 0.0, 1.0), [SPEC['we4']])['we4']
    assert list(res.index) == [7, 8]
    assert res.involved(0) == tuple(range(8))
    assert res.involved(1) == tuple(range(1, 9))


def test_same_side_m_of_n():
    """M < N: e.g. 10 of 11 on one side (AIAG); the completing point is on that side."""
    spec = ('ten_of_eleven', 'same_side', 11, 10, 0.0)
    series = [1.0] * 5 + [-1.0] + [1.0] * 5
    assert list(spc.evaluate((series, 0, 1), [spec])['ten_of_eleven'].index) == [10]
    assert list(spc.evaluate((series[:-1] + [-1.0], 0, 1), [spec])['ten_of_eleven'].index) == []


def test_trend():
    """Test 3: 6 points in a row all increasing = 5 increases; a tie breaks the trend."""
    assert flagged('nelson3', [1, 2, 3, 4, 5, 6]) == [5]
    assert flagged('nelson3', [6, 5, 4, 3, 2, 1, 0]) == [5, 6]
    assert flagged('nelson3', [1, 2, 3, 4, 5]) == []
    assert flagged('nelson3', [1, 2, 3, 3, 4, 5, 6]) == []
    assert flagged('nelson3', [1, 2, 3, 2, 3, 4, 5, 6]) == []
    assert flagged('nelson3', [1, 2, 3, 2, 3, 4, 5, 6, 7]) == [8]
    res = spc.evaluate(([5, 1, 2, 3, 4, 5, 6], 0, 1), [SPEC['nelson3']])['nelson3']
    assert res.involved(0) == (1, 2, 3, 4, 5, 6)


def test_alternating():
    """Test 4: 14 points alternating up and down (13 differences, each reversing the previous one); a tie breaks it."""
    zigzag = [0, 1] * 7
    assert flagged('nelson4', zigzag) == [13]
    assert flagged('nelson4', zigzag + [0]) == [13, 14]
    assert flagged('nelson4', zigzag[:13]) == []
    broken = list(zigzag)
    broken[6] = broken[5]
    assert flagged('nelson4', broken) == []
    assert flagged('nelson4', [0, 1, 2] + [1, 2] * 5 + [1]) == []
    assert flagged('nelson4', [0, 1, 2] + [1, 2] * 6) == [14]


def test_two_of_three_beyond_two_sigma():
    """Test 5: 2 of 3 beyond 2 sigma on the same side; the completing point is in the zone."""
    assert flagged('nelson5', [0, 2.5, 0, 2.5]) == [3]
    assert flagged('nelson5', [0, 2.5, 0, 0, 2.5]) == []
    assert flagged('nelson5', [0, 2.5, -2.5, 0]) == []
    assert flagged('nelson5', [0, 2.5, 2.0, 0]) == []
    assert flagged('nelson5', [0, -2.1, -2.2, 0]) == [2]
    assert flagged('nelson5', [0, 2.5, 2.5, 2.5]) == [2, 3]


def test_two_of_three_window_edges():
    """At the start of a series two points suffice; a later point outside the zone is not flagged."""
    assert flagged('nelson5', [2.5, 2.5]) == [1]
    assert flagged('nelson5', [2.5, 2.5, 0.0, 0.0]) == [1]


def test_two_of_three_involved_points_are_the_zone_points():
    res = spc.evaluate(([2.5, -2.5, 2.5], 0, 1), [SPEC['we2']])['we2']
    assert list(res.index) == [2]
    assert res.involved(0) == (0, 2)


def test_four_of_five_beyond_one_sigma():
    """Test 6: 4 of 5 beyond 1 sigma on the same side."""
    assert flagged('nelson6', [1.5, 1.5, 0, 1.5, 1.5]) == [4]
    assert flagged('nelson6', [1.5, 1.5, 0, 0, 1.5, 1.5]) == []
    assert flagged('nelson6', [-1.5, -1.5, 1.5, -1.5, -1.5]) == [4]
    assert flagged('nelson6', [1.5, 1.5, 1.0, 1.5, 0]) == []
    res = spc.evaluate(([1.5, 1.5, 0, 1.5, 1.5], 0, 1), [SPEC['we3']])['we3']
    assert res.involved(0) == (0, 1, 3, 4)


def test_within_one_sigma():
    """Test 7: 15 in a row within 1 sigma, either side (a point on 1 sigma is within)."""
    calm = [0.5, -0.5, 1.0] * 5
    assert flagged('nelson7', calm) == [14]
    assert flagged('nelson7', calm[:14]) == []
    assert flagged('nelson7', calm[:7] + [1.01] + calm[8:]) == []


def test_outside_one_sigma():
    """Test 8: 8 in a row beyond 1 sigma, either side (Minitab: one side is enough)."""
    assert flagged('nelson8', [1.5, -1.5] * 4) == [7]
    assert flagged('nelson8', [1.5] * 8) == [7]
    assert flagged('nelson8', [1.5, -1.5] * 3 + [1.0, 1.5]) == []
    assert flagged('nelson8', [1.5, -1.5] * 3 + [1.5]) == []


def test_patterns_do_not_cross_phases():
    """A new phase starts every count afresh."""
    phase = [0] * 5 + [1] * 5
    assert flagged('nelson2', [0.1] * 10, phase=phase) == []
    assert flagged('nelson2', [0.1] * 10) == [8, 9]
    assert flagged('nelson3', list(range(10)), phase=phase) == []
    assert flagged('nelson5', [0, 0, 0, 0, 2.5, 2.5], phase=[0] * 5 + [1]) == []


def test_missing_point_breaks_runs():
    assert flagged('nelson2', [0.1] * 4 + [np.nan] + [0.1] * 4) == []
    assert flagged('nelson3', [1, 2, 3, np.nan, 4, 5, 6]) == []


def test_rules_list_and_order():
    """rules() lists Violation(code, index, involved) by point, then by the order of the specs."""
    found = spc.rules(([0.1] * 8 + [3.5], 0.0, 1.0), [SPEC['nelson2'], SPEC['nelson1'], SPEC['we4']])
    assert [(v.code, v.index) for v in found] == [('we4', 7), ('nelson2', 8), ('nelson1', 8), ('we4', 8)]
    assert found[1].involved == tuple(range(9))
    assert found[2].involved == (8,)


def test_rules_accept_dicts_like_the_model_reads_them():
    spec = {'code': 'nelson1', 'test_type': 'beyond_limit', 'window': 1, 'min_count': 1, 'sigma': 3.0}
    assert [v.index for v in spc.rules(([0, 4], 0, 1), [spec])] == [1]


@pytest.mark.parametrize('spec, message', [
    (('x', 'wiggle', 3, 2, 1.0), 'unknown test type'),
    (('x', 'same_side', 3, 4, 0.0), 'M'),
    (('x', 'same_side', 0, 0, 0.0), 'M'),
    (('x', 'trend', 6, 5, 0.0), 'M = N'),
    (('x', 'alternating', 2, 2, 0.0), 'at least 3'),
    (('x', 'beyond_limit', 1, 1, -1.0), 'sigma level'),
])
def test_bad_specs_are_refused(spec, message):
    with pytest.raises(ValueError, match=message):
        spc.evaluate(([0.0, 1.0, 2.0], 0, 1), [spec])


# ----------------------------------------------------------------- reference

def _reference(x, center, sigma, phase, spec):
    """Point-by-point reading of the conventions in the module docstring."""
    _code, test, window, need, level = spec
    n = len(x)
    first = [0] * n
    for i in range(1, n):
        first[i] = i if phase[i] != phase[i - 1] else first[i - 1]
    up = [x[i] > center[i] + level * sigma[i] for i in range(n)]
    down = [x[i] < center[i] - level * sigma[i] for i in range(n)]
    out = []
    for i in range(n):
        lo = max(i - window + 1, first[i])
        if test == 'beyond_limit':
            cond = [up[j] or down[j] for j in range(n)]
            ok = cond[i] and sum(cond[lo:i + 1]) >= need
        elif test in ('m_of_n_beyond', 'same_side'):
            ok = (up[i] and sum(up[lo:i + 1]) >= need) or (down[i] and sum(down[lo:i + 1]) >= need)
        elif test == 'within':
            cond = [not (up[j] or down[j]) for j in range(n)]
            ok = cond[i] and sum(cond[lo:i + 1]) >= need
        elif test == 'outside':
            cond = [up[j] or down[j] for j in range(n)]
            ok = cond[i] and sum(cond[lo:i + 1]) >= need
        elif test == 'trend':
            start = i - window + 1
            ok = start >= first[i] and (all(x[j] > x[j - 1] for j in range(start + 1, i + 1))
                                        or all(x[j] < x[j - 1] for j in range(start + 1, i + 1)))
        else:
            start = i - window + 1
            ok = start >= first[i] and all(
                (x[j] - x[j - 1]) * (x[j - 1] - x[j - 2]) < 0 for j in range(start + 2, i + 1))
        if ok:
            out.append(i)
    return out


@pytest.mark.parametrize('seed', range(6))
@pytest.mark.parametrize('phased', [True, False])
def test_engine_matches_point_by_point_reference(seed, phased):
    """All catalogue rules, random series with ties, varying sigma and three phases (or one phase,
    one center and one sigma: the engine's fast path)."""
    rnd = np.random.default_rng(seed)
    n = 400
    x = np.round(rnd.normal(0, 1, n) + np.repeat(rnd.normal(0, 0.6, 4), n // 4), 1)
    if seed % 2:
        x[100:130] = np.arange(30) * 0.1
        x[200:240] = np.tile([0.8, -0.8], 20)
    center = np.repeat([0.0, 0.2, -0.1], [150, 150, 100])
    sigma = rnd.uniform(0.7, 1.3, n)
    phase = np.repeat([3, 1, 3], [150, 150, 100])
    if not phased:
        center, sigma, phase = np.full(n, 0.1), np.full(n, 0.9), np.zeros(n)
    got = spc.evaluate((x, center, sigma, phase), CATALOGUE + [('ten_of_11', 'same_side', 11, 10, 0.0),
                                                                 ('m3of7', 'within', 7, 3, 0.5)])
    for spec in CATALOGUE + [('ten_of_11', 'same_side', 11, 10, 0.0), ('m3of7', 'within', 7, 3, 0.5)]:
        assert list(got[spec[0]].index) == _reference(list(x), center, sigma, phase, spec), spec[0]


def test_points_mask_is_the_union_of_involved_points():
    rnd = np.random.default_rng(7)
    x = np.round(rnd.normal(0, 1, 3000), 1)
    for code, res in spc.evaluate((x, 0.0, 1.0), CATALOGUE).items():
        union = np.zeros(x.size, dtype=bool)
        for j in range(len(res)):
            union[list(res.involved(j))] = True
        assert np.array_equal(res.points(), union), code
