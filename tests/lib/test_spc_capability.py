# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Capability indices: Montgomery's piston rings and hand computations."""
import math
from fractions import Fraction

import numpy as np
import pytest

from odoo.addons.ci_spc.lib import spc

from .spc_reference import pistonrings


def test_pistonrings_pcr():
    """Montgomery 6th ed., section 6.2.1: sigma = R-bar / d2 = 0.0099 and Cp = 0.10 / (6 x 0.0099) = 1.68
    (exact R-bar / d2 = 0.00979 gives 1.70)."""
    data, trial = pistonrings()
    res = spc.capability(data[trial], lsl=73.95, usl=74.05, method='rbar')
    assert round(res['sigma_within'], 4) == 0.0098
    assert res['cp'] == pytest.approx(0.1 / (6 * 0.02276 / spc.d2(5)))
    book = spc.capability(data[trial], lsl=73.95, usl=74.05, sigma_within=0.0099)
    assert round(book['cp'], 2) == 1.68


def test_indices_by_hand():
    """Within by pooled sigma (Minitab's default for subgroups), overall by the sample sd (ddof 1)."""
    data = np.array([[9.8, 10.1, 10.0], [10.3, 10.2, 10.6], [9.7, 9.9, 10.0], [10.1, 10.4, 10.2]])
    res = spc.capability(data, lsl=9.0, usl=11.5, target=10.0)
    mean = data.mean()
    ss = ((data - data.mean(axis=1, keepdims=True)) ** 2).sum()
    sw = math.sqrt(ss / 8) / spc.c4(9)
    so = data.std(ddof=1)
    assert res['method'] == 'pooled'
    assert res['sigma_within'] == pytest.approx(sw)
    assert res['sigma_overall'] == pytest.approx(so)
    assert res['cp'] == pytest.approx(2.5 / (6 * sw))
    assert res['cpu'] == pytest.approx((11.5 - mean) / (3 * sw))
    assert res['cpl'] == pytest.approx((mean - 9.0) / (3 * sw))
    assert res['cpk'] == pytest.approx(min(res['cpu'], res['cpl']))
    assert res['pp'] == pytest.approx(2.5 / (6 * so))
    assert res['ppk'] == pytest.approx(min((11.5 - mean) / (3 * so), (mean - 9.0) / (3 * so)))
    tau = math.sqrt(((data - 10.0) ** 2).sum() / (data.size - 1))
    # target off the midpoint 10.25: the nearer limit counts
    assert res['cpm'] == pytest.approx(1.0 / (3 * tau))
    mid = spc.capability(data, lsl=9.0, usl=11.5, target=10.25)
    tau_mid = math.sqrt(((data - 10.25) ** 2).sum() / (data.size - 1))
    assert mid['cpm'] == pytest.approx(2.5 / (6 * tau_mid))
    for method, kind in (('rbar', 'xbar_r'), ('sbar', 'xbar_s')):
        other = spc.capability(data, lsl=9.0, usl=11.5, method=method)
        assert other['sigma_within'] == pytest.approx(spc.chart(kind, data).limits[0].sigma)


def test_individuals_use_moving_ranges():
    x = np.array([5.0, 5.4, 5.1, 5.6, 5.2, 5.3])
    res = spc.capability(x, usl=6.0)
    sw = np.abs(np.diff(x)).mean() / spc.d2(2)
    assert res['method'] == 'mr'
    assert res['sigma_within'] == pytest.approx(sw)
    assert res['cpu'] == pytest.approx((6.0 - x.mean()) / (3 * sw))


def test_one_sided_specs():
    """Only USL: CPU and PPU, Cpk = CPU, no Cp / Pp; only LSL: the lower side."""
    x = np.array([5.0, 5.4, 5.1, 5.6, 5.2, 5.3])
    upper = spc.capability(x, usl=6.0, target=5.2)
    assert upper['cp'] is None and upper['pp'] is None and upper['cpl'] is None
    assert upper['cpk'] == upper['cpu'] and upper['ppk'] == upper['ppu']
    tau = math.sqrt(((x - 5.2) ** 2).sum() / 5)
    assert upper['cpm'] == pytest.approx(0.8 / (3 * tau))
    lower = spc.capability(x, lsl=4.5)
    assert lower['cpk'] == lower['cpl'] and lower['cpu'] is None and lower['cpm'] is None


@pytest.mark.parametrize('args, kwargs, message', [
    (([1.0, 2.0, 3.0],), {}, 'at least one specification'),
    (([1.0, 2.0, 3.0],), {'lsl': 5, 'usl': 4}, 'below the upper'),
    (([1.0, 2.0, 3.0],), {'usl': 4, 'method': 'pooled'}, 'moving ranges'),
    (([1.0],), {'usl': 4}, 'at least 2'),
    (([1.0, float('nan')],), {'usl': 4}, 'finite'),
    ((np.ones((3, 3)),), {'usl': 4, 'method': 'mr'}, 'individual'),
])
def test_bad_input_is_refused(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        spc.capability(*args, **kwargs)


@pytest.mark.parametrize('seed', range(6))
def test_capability_from_sums_equals_capability(seed):
    """Random data, every kept method (mr, rbar, sbar), one- and two-sided specs, with and without a target:
    the capability from n, sums and spreads is spc.capability's, whatever the offset of the values."""
    rng = np.random.RandomState(seed)
    offset = [0.0, 25.0, 1e6, -3.5, 1e4, 74.0][seed]
    size = [2, 5, 9, 3, 25, 4][seed]
    x = np.round(offset + rng.normal(0, 0.01 + seed, 300), 6)
    groups = np.round(offset + rng.normal(0, 0.02 + seed, (60, size)), 6)
    specs = [dict(lsl=offset - 3 * (1 + seed), usl=offset + 2 * (1 + seed), target=offset + 0.1),
             dict(lsl=None, usl=offset + 2.0, target=None), dict(lsl=offset - 1.0, usl=None, target=offset)]
    for spec in specs:
        cases = [('mr', x, float(np.abs(np.diff(x)).sum()), x.size - 1, 1)]
        ranges = groups.max(axis=1) - groups.min(axis=1)
        cases.append(('rbar', groups, float(ranges.sum()), len(groups), size))
        cases.append(('sbar', groups, float(groups.std(axis=1, ddof=1).sum()), len(groups), size))
        for method, values, spread, count, n in cases:
            flat = np.asarray(values).ravel()
            full = spc.capability(values, method=method, **spec)
            # exact sums, as the phase keeps them in NUMERIC columns
            exact = [Fraction(float(v)) for v in flat]
            kept = spc.capability_from_sums(flat.size, sum(exact), sum(v * v for v in exact), spread, count,
                                            method, subgroup_size=n, **spec)
            assert set(kept) == set(full)
            for key, value in full.items():
                if isinstance(value, float):
                    assert kept[key] == pytest.approx(value, rel=1e-7, abs=1e-9), (method, key)
                else:
                    assert kept[key] == value, (method, key)


def test_capability_from_sums_refuses_what_capability_refuses():
    """Too few values, no spec, no spread: SpcError, as spc.capability."""
    with pytest.raises(spc.SpcError):
        spc.capability_from_sums(1, 10.0, 100.0, 0.0, 0, 'mr', lsl=9.0)
    with pytest.raises(spc.SpcError):
        spc.capability_from_sums(5, 50.0, 500.0, 1.0, 4, 'mr')
    with pytest.raises(spc.SpcError):
        spc.capability_from_sums(5, 50.0, 500.0, 1.0, 4, 'pooled', lsl=9.0)


def test_histogram_from_bins():
    """Fine bins gathered into at most 40 bars of whole bins, from the lowest to the highest occupied."""
    # 8 values: 6 bars at most, of 2 fine bins each
    counts, edges = spc.histogram_from_bins({-3: 2, 0: 5, 4: 1}, 10.0, 0.5)
    assert counts.tolist() == [2, 5, 0, 1] and edges.tolist() == [8.5, 9.5, 10.5, 11.5, 12.5]
    values = np.random.RandomState(1).normal(10, 1, 5000)
    bins = {}
    for v in values:
        k = spc.bin_index(v, 10.0, 0.125)
        bins[k] = bins.get(k, 0) + 1
    counts, edges = spc.histogram_from_bins(bins, 10.0, 0.125)
    assert counts.sum() == 5000 and len(counts) <= 40
    assert np.histogram(values, bins=edges)[0].tolist() == counts.tolist()
    assert spc.histogram_from_bins({}, 0.0, 1.0)[0].size == 0
