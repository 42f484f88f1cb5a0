# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Calendar periods of the incentive programme (no ORM).

A point entry counts for the month, the quarter and the year of its date;
PostgreSQL's ``date_trunc`` draws the same boundaries in the leaderboards'
SQL, these functions draw them in Python (wizards, the award job, tests).
"""
import datetime

PERIOD_TYPES = ('month', 'quarter', 'year')
MONTHS = {'month': 1, 'quarter': 3, 'year': 12}


def period_start(day, period_type):
    """The first day of the period of ``period_type`` containing ``day``."""
    if period_type not in MONTHS:
        raise ValueError('unknown period type %r' % (period_type,))
    if period_type == 'month':
        return day.replace(day=1)
    if period_type == 'quarter':
        return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return datetime.date(day.year, 1, 1)


def add_months(day, months):
    """The first day of the month ``months`` after (or before) ``day``'s."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_bounds(day, period_type):
    """(first day, first day of the next period) of the period containing ``day``."""
    start = period_start(day, period_type)
    return start, add_months(start, MONTHS[period_type])


def previous_month(today):
    """The first day of the month before ``today``'s: the month the monthly
    awards are for."""
    return add_months(today, -1)


def period_label(start, period_type):
    """'2026-03', '2026-Q1', '2026': the period as payroll writes it."""
    if period_type == 'month':
        return '%04d-%02d' % (start.year, start.month)
    if period_type == 'quarter':
        return '%04d-Q%d' % (start.year, (start.month - 1) // 3 + 1)
    return '%04d' % start.year
