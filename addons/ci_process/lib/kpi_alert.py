# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""KPI alert rules: the limit a KPI is held to, whether it is breached, the
daily values kept as evidence. Plain Python, fed by ``ci.kpi.alert.rule``.

* **absolute** mode: the limit is the threshold itself;
* **degradation** mode: the limit is the baseline made worse by
  ``degradation_pct`` percent, in the KPI's bad direction: ``baseline × (1 −
  pct/100)`` when higher is better, ``baseline × (1 + pct/100)`` when lower is
  better (a zero baseline of scrap makes any scrap a breach).

A KPI is breached when it is strictly worse than the limit (equal is within).
"""

import csv
import datetime
import io

from . import kpi as kpi_lib

# compared at this many decimals: 0.1 + 0.2 is not worse than 0.3
PRECISION = 6


def limit(code, mode, threshold=0.0, baseline=None, degradation_pct=0.0):
    """The value the KPI must not be worse than, or None (degradation mode
    without a baseline)."""
    if mode == 'absolute':
        return threshold
    if mode != 'degradation':
        raise ValueError("unknown alert mode %r" % mode)
    if baseline is None:
        return None
    sign = -1.0 if kpi_lib.get(code).higher_is_better else 1.0
    return baseline * (1.0 + sign * degradation_pct / 100.0)


def is_breached(code, value, limit_value):
    """True when ``value`` is strictly worse than ``limit_value``."""
    diff = round(value - limit_value, PRECISION)
    return diff < 0 if kpi_lib.get(code).higher_is_better else diff > 0


def degradation(code, value, baseline):
    """How much worse than the baseline the value is, in % (negative: better);
    None for a zero or missing baseline."""
    if not baseline:
        return None
    worse = (
        baseline - value
        if kpi_lib.get(code).higher_is_better
        else value - baseline
    )
    return 100.0 * worse / abs(baseline)


def daily(code, date_from, date_to, days=()):
    """[(day, value or None, data points)] for every day of [date_from,
    date_to], from ``days`` [(day, kpi.Totals)]: a day without facts has no
    value and no data points."""
    totals = dict(days)
    out = []
    day = date_from
    while day <= date_to:
        t = totals.get(day, kpi_lib.NO_TOTALS)
        out.append(
            (day, kpi_lib.value_of(code, t), kpi_lib.data_points(code, t))
        )
        day += datetime.timedelta(days=1)
    return out


def daily_csv(
    rows,
    evaluation_from,
    header=('date', 'window', 'value', 'data_points'),
    windows=('baseline', 'evaluation'),
):
    """CSV text of ``daily()`` rows; days from ``evaluation_from`` on are in
    the evaluation window, the earlier ones in the baseline window."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\n')
    writer.writerow(header)
    for day, value, count in rows:
        writer.writerow(
            [
                day.isoformat(),
                windows[1] if day >= evaluation_from else windows[0],
                '' if value is None else '%.4f' % value,
                count,
            ]
        )
    return out.getvalue()
