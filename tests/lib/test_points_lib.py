# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.points on hand-computed cases."""
import datetime as dt

import pytest

from odoo.addons.ci_incentive.lib import points

D = dt.date


def test_period_bounds_month_quarter_year():
    assert points.period_bounds(D(2026, 4, 17), 'month') == (D(2026, 4, 1), D(2026, 5, 1))
    assert points.period_bounds(D(2026, 12, 31), 'month') == (D(2026, 12, 1), D(2027, 1, 1))
    assert points.period_bounds(D(2026, 2, 28), 'quarter') == (D(2026, 1, 1), D(2026, 4, 1))
    assert points.period_bounds(D(2026, 11, 1), 'quarter') == (D(2026, 10, 1), D(2027, 1, 1))
    assert points.period_bounds(D(2026, 6, 30), 'year') == (D(2026, 1, 1), D(2027, 1, 1))
    with pytest.raises(ValueError):
        points.period_bounds(D(2026, 6, 30), 'week')


def test_period_labels():
    assert points.period_label(D(2026, 4, 17), 'month') == '2026-04'
    assert points.period_label(D(2026, 4, 17), 'quarter') == '2026-Q2'
    assert points.period_label(D(2026, 12, 1), 'quarter') == '2026-Q4'
    assert points.period_label(D(2026, 4, 17), 'year') == '2026'


def test_rule_points_fixed_and_per_unit():
    assert points.rule_points(10) == 10
    # 0.01 point per unit of 12,345.50 of benefit: 123.455 -> 123, plus 5
    assert points.rule_points(5, 0.01, 12345.5) == 128
    # half up, not banker's rounding
    assert points.rule_points(0, 0.5, 5.0) == 3
    assert points.rule_points(0, 0.5, 3.0) == 2
    # float noise does not cost a point: 0.1 x 35 is 3.5
    assert points.rule_points(0, 0.1, 35.0) == 4
    # nothing measured or a loss: no variable points
    assert points.rule_points(5, 0.01, 0.0) == 5
    assert points.rule_points(5, 0.01, -1000.0) == 5


def test_capped_cuts_to_what_is_left():
    assert points.capped(30, 0, 1000) == 30            # no cap
    assert points.capped(30, 100, 0) == 30
    assert points.capped(30, 100, 80) == 20            # partial
    assert points.capped(30, 100, 100) == 0            # nothing left
    assert points.capped(30, 100, 130) == 0            # over (cap lowered since)
    # reversals give room back: used is the net of the period
    assert points.capped(30, 100, 100 - 30) == 30
    assert points.capped(0, 100, 0) == 0


def test_balance_never_below_zero():
    assert points.balance_after(100, -100) == 0
    assert points.balance_after(100, 20) == 120
    with pytest.raises(ValueError) as err:
        points.balance_after(99, -100)
    assert '99' in str(err.value) and '100' in str(err.value)
