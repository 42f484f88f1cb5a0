# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Process KPIs computed from done work orders and productivity logs.

Plain Python: the models fetch the rows (SQL / read_group) and pass them in.
Definitions, per work center or routing operation over a date window:

* **efficiency** (%) = 100 × Σ expected duration / Σ real duration of the done
  work orders: Odoo's own *performance* of a work center;
* **cycle time** (min/unit) = Σ real duration / Σ quantity produced;
* **scrap rate** (%) = 100 × Σ finished product scrapped in the work orders /
  (Σ produced + Σ scrapped); **yield** (%) = 100 − scrap rate;
* **OEE** (%) = 100 × productive time / (productive + blocked time) of the
  work center's time logs: the definition Odoo 11 uses for a work center's
  OEE (``mrp.workcenter._compute_oee``; *blocked* is every loss type other
  than *productive*).
"""

import datetime
import math
from collections import namedtuple, OrderedDict

Kpi = namedtuple('Kpi', 'code name unit higher_is_better kind')

# kind: how a pilot compares two windows: 'continuous' (one value per work
# order, or per day for OEE: Welch's t-test) or 'rate' (events among units:
# two-proportion test)
KPIS = OrderedDict(
    (k.code, k)
    for k in (
        Kpi('efficiency', 'Efficiency', '%', True, 'continuous'),
        Kpi('cycle_time', 'Cycle time', 'min/unit', False, 'continuous'),
        Kpi('scrap_rate', 'Scrap rate', '%', False, 'rate'),
        Kpi('yield', 'Yield', '%', True, 'rate'),
        Kpi('oee', 'OEE', '%', True, 'continuous'),
    )
)

# date: datetime of the end of the work order (or start of the time log);
# durations in minutes, quantities in the produced product's unit
WorkOrderRow = namedtuple(
    'WorkOrderRow', 'date duration_expected duration qty_produced qty_scrapped'
)
TimeLogRow = namedtuple('TimeLogRow', 'date duration loss_type')


# The sums a KPI is computed from (ci.kpi.fact's measures): over any set of
# work orders and time logs, the sums of their facts are theirs.
Totals = namedtuple(
    'Totals',
    [
        'workorder_count',
        'duration_expected',
        'duration',
        'qty_produced',
        'qty_scrapped',
        'standard_count',
        'efficiency_n',
        'efficiency_sum',
        'efficiency_sumsq',
        'cycle_n',
        'cycle_sum',
        'cycle_sumsq',
        'timelog_count',
        'productive_minutes',
        'blocked_minutes',
    ],
)
NO_TOTALS = Totals(*[0] * len(Totals._fields))
# what a sample is summed into: its size, sum and sum of squares
Sums = namedtuple('Sums', 'n sum sumsq')


def get(code):
    try:
        return KPIS[code]
    except KeyError:
        raise ValueError(
            "unknown KPI %r (known: %s)" % (code, ', '.join(KPIS))
        )


def _ratio(num, den, scale=1.0):
    return scale * num / den if den else None


def value(code, workorders=(), timelogs=()):
    """The KPI over all the rows given, or None when they hold no data for it."""
    get(code)
    if code == 'oee':
        productive = sum(
            r.duration for r in timelogs if r.loss_type == 'productive'
        )
        blocked = sum(
            r.duration for r in timelogs if r.loss_type != 'productive'
        )
        return _ratio(productive, productive + blocked, 100.0)
    workorders = list(workorders)
    if code == 'efficiency':
        return _ratio(
            sum(r.duration_expected for r in workorders),
            sum(r.duration for r in workorders),
            100.0,
        )
    if code == 'cycle_time':
        return _ratio(
            sum(r.duration for r in workorders),
            sum(r.qty_produced for r in workorders),
        )
    produced = sum(r.qty_produced for r in workorders)
    scrapped = sum(r.qty_scrapped for r in workorders)
    rate = _ratio(scrapped, produced + scrapped, 100.0)
    if rate is None:
        return None
    return rate if code == 'scrap_rate' else 100.0 - rate


def observations(code, workorders=(), timelogs=()):
    """What a pilot compares: a list of values (continuous KPIs) or
    ``(events, units)`` (rates)."""
    kpi = get(code)
    if kpi.kind == 'rate':
        produced = sum(r.qty_produced for r in workorders)
        scrapped = sum(r.qty_scrapped for r in workorders)
        events = scrapped if code == 'scrap_rate' else produced
        return events, produced + scrapped
    if code == 'efficiency':
        return [
            100.0 * r.duration_expected / r.duration
            for r in workorders
            if r.duration
        ]
    if code == 'cycle_time':
        return [
            r.duration / r.qty_produced for r in workorders if r.qty_produced
        ]
    # oee: one value per day with time logs
    by_day = OrderedDict()
    for r in sorted(timelogs, key=lambda r: r.date):
        by_day.setdefault(r.date.date(), []).append(r)
    return [
        v
        for v in (value('oee', timelogs=rows) for rows in by_day.values())
        if v is not None
    ]


def period_start(date, period):
    day = date.date() if isinstance(date, datetime.datetime) else date
    if period == 'day':
        return day
    if period == 'week':
        return day - datetime.timedelta(days=day.weekday())
    if period == 'month':
        return day.replace(day=1)
    raise ValueError("unknown period %r" % period)


def series(code, workorders=(), timelogs=(), period='week'):
    """[(period start, value)] in date order, periods without data left out."""
    buckets = OrderedDict()
    rows = timelogs if code == 'oee' else workorders
    for r in sorted(rows, key=lambda r: r.date):
        buckets.setdefault(period_start(r.date, period), []).append(r)
    out = []
    for start, rows in buckets.items():
        v = (
            value(code, timelogs=rows)
            if code == 'oee'
            else value(code, workorders=rows)
        )
        if v is not None:
            out.append((start, v))
    return out


def is_better(code, new, old):
    kpi = get(code)
    return new > old if kpi.higher_is_better else new < old


# ----------------------------------------------------------------------
# from the sums (what the models read from ci.kpi.fact)
# ----------------------------------------------------------------------
def add(*totals):
    """The totals of the union of disjoint sets of rows."""
    return Totals(*[sum(column) for column in zip(NO_TOTALS, *totals)])


def totals(workorders=(), timelogs=()):
    """The totals of raw rows: what ci.kpi.fact holds for them (the
    reference its tests compare with)."""
    workorders, timelogs = list(workorders), list(timelogs)
    eff = [
        100.0 * r.duration_expected / r.duration
        for r in workorders
        if r.duration
    ]
    cyc = [r.duration / r.qty_produced for r in workorders if r.qty_produced]
    return Totals(
        len(workorders),
        sum(r.duration_expected for r in workorders),
        sum(r.duration for r in workorders),
        sum(r.qty_produced for r in workorders),
        sum(r.qty_scrapped for r in workorders),
        sum(1 for r in workorders if getattr(r, 'standard', False)),
        len(eff),
        sum(eff),
        sum(v * v for v in eff),
        len(cyc),
        sum(cyc),
        sum(v * v for v in cyc),
        len(timelogs),
        sum(r.duration for r in timelogs if r.loss_type == 'productive'),
        sum(r.duration for r in timelogs if r.loss_type != 'productive'),
    )


def value_of(code, t):
    """The KPI of the rows summed in ``t`` (a Totals), or None without data
    for it: equal to ``value`` on the rows themselves."""
    get(code)
    if code == 'oee':
        return _ratio(
            t.productive_minutes,
            t.productive_minutes + t.blocked_minutes,
            100.0,
        )
    if code == 'efficiency':
        return (
            _ratio(t.duration_expected, t.duration, 100.0)
            if t.workorder_count
            else None
        )
    if code == 'cycle_time':
        return (
            _ratio(t.duration, t.qty_produced) if t.workorder_count else None
        )
    rate = _ratio(t.qty_scrapped, t.qty_produced + t.qty_scrapped, 100.0)
    if rate is None:
        return None
    return rate if code == 'scrap_rate' else 100.0 - rate


def data_points(code, t):
    """How many rows the KPI stands on: time logs for OEE, else work orders."""
    return t.timelog_count if code == 'oee' else t.workorder_count


def observation_sums(code, daily):
    """What a pilot compares, from ``daily`` [(day, Totals)]: ``(events,
    units)`` for rates, else the Sums of the values (one per work order; per
    day for OEE)."""
    kpi = get(code)
    t = add(*[row for _day, row in daily])
    if kpi.kind == 'rate':
        return observations(
            code,
            [WorkOrderRow(None, 0.0, 0.0, t.qty_produced, t.qty_scrapped)],
        )
    if code == 'efficiency':
        return Sums(t.efficiency_n, t.efficiency_sum, t.efficiency_sumsq)
    if code == 'cycle_time':
        return Sums(t.cycle_n, t.cycle_sum, t.cycle_sumsq)
    values = [
        v
        for v in (value_of('oee', row) for _day, row in daily)
        if v is not None
    ]
    return Sums(
        len(values), math.fsum(values), math.fsum(v * v for v in values)
    )


def series_of(code, periods):
    """[(period start, value)] of ``periods`` [(start, Totals)], periods
    without data left out."""
    return [
        (start, v)
        for start, v in ((start, value_of(code, t)) for start, t in periods)
        if v is not None
    ]
