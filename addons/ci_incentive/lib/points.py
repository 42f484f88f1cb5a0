# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Points arithmetic of the incentive ledger: periods, rule amounts, caps
and balances. Plain Python, fed by ``ci.point.rule`` and the redemptions.

* A **period** is a calendar month, quarter or year, taken as the half-open
  range of days ``[start, next start)``.
* A rule's **points** for an event: its fixed points plus, when the event
  has an amount (verified impact: the yearly benefit), ``points_per_unit``
  per unit of it, rounded half up. An amount of zero or less gives no points
  per unit (nothing measured, nothing rewarded).
* A **cap** limits what one recipient receives from one rule in one period.
  An award that would pass the cap is cut to what is left; when nothing is
  left, nothing is awarded (no zero entry in the ledger).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

PERIODS = ('month', 'quarter', 'year')


def period_start(day, period):
    """First day of the ``period`` ('month', 'quarter', 'year') holding ``day``."""
    if period == 'month':
        return day.replace(day=1)
    if period == 'quarter':
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period == 'year':
        return datetime.date(day.year, 1, 1)
    raise ValueError(
        "unknown period %r (expected one of %s)" % (period, ', '.join(PERIODS))
    )


def period_bounds(day, period):
    """(first day, first day of the next period) of the period holding ``day``."""
    start = period_start(day, period)
    months = {'month': 1, 'quarter': 3, 'year': 12}[period]
    month = start.month - 1 + months
    return start, datetime.date(start.year + month // 12, month % 12 + 1, 1)


def period_label(day, period):
    """'2026-04', '2026-Q2' or '2026'."""
    start = period_start(day, period)
    if period == 'month':
        return '%04d-%02d' % (start.year, start.month)
    if period == 'quarter':
        return '%04d-Q%d' % (start.year, (start.month - 1) // 3 + 1)
    return '%04d' % start.year


def rule_points(points, points_per_unit=0.0, amount=0.0):
    """Points of one event: the fixed points plus ``points_per_unit`` per unit
    of a positive ``amount``, rounded half up to whole points."""
    variable = Decimal(0)
    if points_per_unit and amount and amount > 0:
        variable = Decimal(repr(float(points_per_unit))) * Decimal(
            repr(float(amount))
        )
    return int(points) + int(
        variable.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def capped(points, cap, used):
    """What may still be awarded of ``points`` when the recipient already has
    ``used`` points of a cap of ``cap`` in the period (``cap`` 0: no cap)."""
    if points <= 0:
        return 0
    if not cap:
        return points
    return max(0, min(points, cap - used))


def balance_after(balance, points):
    """The balance once ``points`` (negative: taken) are booked, or
    ValueError when it would fall below zero."""
    after = balance + points
    if after < 0:
        raise ValueError(
            "balance %d cannot cover %d points" % (balance, -points)
        )
    return after
