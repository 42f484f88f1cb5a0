# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The cockpit's plain arithmetic: its period, its months, the geometry of
its sparklines and bars (drawn the same by the browser and the server)."""

import datetime

SPARK_WIDTH, SPARK_HEIGHT = 100.0, 24.0


def month_start(day):
    return day.replace(day=1)


def add_months(day, months):
    """The first day of the month ``months`` after ``day``'s (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def cockpit_period(today, whole_months=12):
    """(first day, today): the last ``whole_months`` whole months and the
    month so far."""
    return add_months(today, -whole_months), today


def last_whole_months(today, months):
    """(first day, last day) of the ``months`` whole months before today's."""
    first = add_months(today, -months)
    last = month_start(today) - datetime.timedelta(days=1)
    return first, last


def months_between(start, stop):
    """The first days of the months from ``start``'s to ``stop``'s, both included."""
    out, day = [], month_start(start)
    while day <= stop:
        out.append(day)
        day = add_months(day, 1)
    return out


def spark_points(values, width=SPARK_WIDTH, height=SPARK_HEIGHT):
    """An SVG polyline's ``points`` for ``values`` (None: no data, skipped),
    scaled into width x height with a one-unit margin; '' with fewer than
    two values."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ''
    low, high = min(v for _i, v in known), max(v for _i, v in known)
    span = (high - low) or 1.0
    step = (width - 2) / max(len(values) - 1, 1)
    return ' '.join(
        '%.1f,%.1f'
        % (1 + i * step, height - 1 - (v - low) / span * (height - 2))
        for i, v in known
    )


def bar_heights(values):
    """Each value as a percentage of the largest (0 for none or negative)."""
    top = max([v for v in values if v] or [0])
    return [
        round(100.0 * max(v or 0, 0) / top, 1) if top > 0 else 0.0
        for v in values
    ]


def age_buckets_oldest_first(buckets):
    """[(key, label)] of age buckets, the oldest at the top."""
    return list(reversed(buckets))
