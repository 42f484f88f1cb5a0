# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Phases: limits from a baseline, frozen, judged; several phases; limits given."""
import numpy as np
import pytest

from odoo.addons.ci_spc.lib import spc

from .spc_reference import load


def test_orangejuice_two_phases():
    """Montgomery Example 7.1: phase 1 (samples 1-30, 15 and 23 left out of the baseline) 0.2150 /
    0.0407 / 0.3893; after the adjustment, phase 2 (samples 31-54): p-bar 0.1108, UCL 0.2440, LCL 0."""
    cols = load('orangejuice')
    phase = np.where(cols['trial'], 1, 2)
    keep = np.ones(phase.size, dtype=bool)
    keep[[14, 22]] = False
    res = spc.chart('p', cols['D'], sizes=cols['size'], phases=phase, baseline=keep)
    first, second = res.limits
    assert round(first.center, 4) == 0.2150 and first.count == 28
    assert round(second.center, 4) == 0.1108 and second.count == 24
    assert [round(v, 4) for v in (res.lcl[0], res.ucl[0])] == [0.0407, 0.3893]
    assert [round(v, 4) for v in (res.lcl[40], res.ucl[40])] == [0.0, 0.2440]
    assert list(res.phase[[0, 29, 30, 53]]) == [0, 0, 1, 1]
    # against the revised limits sample 21 (p = 0.40) is above the UCL too, as the book notes
    beyond = spc.rules(res, [('t1', 'beyond_limit', 1, 1, 3.0)])
    assert [v.index + 1 for v in beyond] == [15, 21, 23]


def test_circuit_frozen_limits_judge_later_samples():
    """Montgomery Example 7.3: the 20 new samples (Table 7.8) against the revised limits show no point out."""
    cols = load('circuit')
    keep = cols['trial'].copy()
    keep[[5, 19]] = False
    res = spc.chart('c', cols['x'], baseline=keep)
    assert round(res.center[-1], 2) == 19.67
    late = [v.index for v in spc.rules(res, [('t1', 'beyond_limit', 1, 1, 3.0)]) if v.index >= 26]
    assert late == []


def test_baseline_first_k_points_of_every_phase():
    x = np.array([1.0, 2.0, 1.0, 2.0, 9.0, 9.0, 5.0, 6.0, 5.0, 6.0, 0.0, 0.0])
    res = spc.chart('imr', x, phases=[0] * 6 + [1] * 6, baseline=4)
    assert [lim.center for lim in res.limits] == [1.5, 5.5]
    assert [lim.count for lim in res.limits] == [4, 4]
    assert res.limits[0].sigma == pytest.approx(1.0 / spc.d2(2))
    assert list(res.baseline) == [True] * 4 + [False] * 2 + [True] * 4 + [False] * 2
    # the moving range from 9.0 to 5.0 crosses phases: not plotted
    assert np.isnan(res.secondary.points[6]) and res.secondary.points[5] == 0.0
    assert list(res.center) == [1.5] * 6 + [5.5] * 6


def test_given_limits_are_used_as_frozen():
    """Stored limits (Minitab's historical parameters) replace the computation, per phase if wanted."""
    x = np.array([10.0, 11.0, 12.0, 11.0, 20.0, 21.0, 22.0, 21.0])
    res = spc.chart('imr', x, limits=spc.Limits(11.0, 0.5))
    assert res.ucl[0] == 12.5 and res.lcl[0] == 9.5
    assert not res.baseline.any()
    assert res.secondary.ucl[0] == pytest.approx(0.5 * (spc.d2(2) + 3 * spc.d3(2)))
    mixed = spc.chart('imr', x, phases=[0] * 4 + [1] * 4, limits=[spc.Limits(11.0, 0.5), None])
    assert mixed.limits[0] == spc.Limits(11.0, 0.5)
    assert mixed.limits[1].center == 21.0 and mixed.limits[1].count == 4
    subgroups = np.array([[1.0, 2.0], [2.0, 3.0], [1.5, 2.5]])
    xr = spc.chart('xbar_r', subgroups, limits={'center': 2.0, 'sigma': 1.0})
    assert xr.ucl[0] == pytest.approx(2.0 + 3.0 / np.sqrt(2))
    assert xr.secondary.center[0] == pytest.approx(spc.d2(2))
    p = spc.chart('p', [1, 2, 3], sizes=[10, 20, 30], limits=spc.Limits(0.1))
    assert np.allclose(p.ucl, 0.1 + 3 * np.sqrt(0.09 / np.array([10, 20, 30])))


@pytest.mark.parametrize('kwargs, message', [
    ({'limits': [spc.Limits(1.0, 1.0)]}, '1 limits given for 2 phases'),
    ({'limits': spc.Limits(1.0)}, 'need a sigma'),
    ({'limits': spc.Limits(float('nan'), 1.0)}, 'finite center'),
    ({'baseline': np.ones(3, dtype=bool)}, 'boolean mask of 8'),
    ({'baseline': 0}, 'at least 1'),
])
def test_bad_phase_arguments(kwargs, message):
    x = np.arange(8.0)
    with pytest.raises(ValueError, match=message):
        spc.chart('imr', x, phases=[0] * 4 + [1] * 4, **kwargs)
