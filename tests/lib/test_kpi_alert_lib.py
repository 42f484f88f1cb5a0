# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.kpi_alert on hand-computed fixtures."""
import datetime as dt

import pytest

from odoo.addons.ci_process.lib import kpi, kpi_alert

D = dt.datetime


def test_limit_per_mode_and_direction():
    assert kpi_alert.limit('cycle_time', 'absolute', threshold=12.0, baseline=11.0) == 12.0
    # lower is better: the baseline made 20 % higher; higher is better: 20 % lower
    assert kpi_alert.limit('cycle_time', 'degradation', baseline=11.0, degradation_pct=20.0) == pytest.approx(13.2)
    assert kpi_alert.limit('efficiency', 'degradation', baseline=80.0, degradation_pct=20.0) == pytest.approx(64.0)
    assert kpi_alert.limit('efficiency', 'degradation', baseline=None, degradation_pct=20.0) is None
    with pytest.raises(ValueError):
        kpi_alert.limit('efficiency', 'relative')


def test_breached_only_when_strictly_worse():
    assert kpi_alert.is_breached('efficiency', 49.99, 50.0)
    assert not kpi_alert.is_breached('efficiency', 50.0, 50.0)
    assert not kpi_alert.is_breached('efficiency', 50.01, 50.0)
    assert kpi_alert.is_breached('scrap_rate', 3.01, 3.0)
    assert not kpi_alert.is_breached('scrap_rate', 3.0, 3.0)
    assert not kpi_alert.is_breached('scrap_rate', 2.9, 3.0)
    # float noise is not a breach
    assert not kpi_alert.is_breached('cycle_time', 0.1 + 0.2, 0.3)
    assert not kpi_alert.is_breached('yield', 0.3, 0.1 + 0.2)


def test_degradation_percent():
    assert kpi_alert.degradation('cycle_time', 14.0, 11.0) == pytest.approx(300.0 / 11)
    assert kpi_alert.degradation('efficiency', 40.0, 50.0) == pytest.approx(20.0)
    assert kpi_alert.degradation('efficiency', 60.0, 50.0) == pytest.approx(-20.0)
    assert kpi_alert.degradation('scrap_rate', 5.0, 0.0) is None


def by_day(workorders=(), timelogs=()):
    """[(day, kpi.Totals)] of raw rows: what ci.kpi._totals(period='day') reads."""
    days = sorted({r.date.date() for r in list(workorders) + list(timelogs)})
    return [(day, kpi.totals([r for r in workorders if r.date.date() == day],
                             [r for r in timelogs if r.date.date() == day])) for day in days]


def test_daily_values_and_csv():
    wos = [kpi.WorkOrderRow(D(2026, 3, 2, 10), 60.0, 100.0, 10.0, 0.0),
           kpi.WorkOrderRow(D(2026, 3, 2, 15), 60.0, 140.0, 10.0, 0.0),
           kpi.WorkOrderRow(D(2026, 3, 4, 10), 60.0, 130.0, 10.0, 0.0),
           kpi.WorkOrderRow(D(2026, 3, 9, 10), 60.0, 999.0, 10.0, 0.0)]  # outside
    rows = kpi_alert.daily('cycle_time', dt.date(2026, 3, 1), dt.date(2026, 3, 4), by_day(wos))
    assert rows == [(dt.date(2026, 3, 1), None, 0), (dt.date(2026, 3, 2), 12.0, 2),
                    (dt.date(2026, 3, 3), None, 0), (dt.date(2026, 3, 4), 13.0, 1)]
    assert kpi_alert.daily_csv(rows, dt.date(2026, 3, 3)).splitlines() == [
        'date,window,value,data_points',
        '2026-03-01,baseline,,0',
        '2026-03-02,baseline,12.0000,2',
        '2026-03-03,evaluation,,0',
        '2026-03-04,evaluation,13.0000,1',
    ]
    logs = [kpi.TimeLogRow(D(2026, 3, 2, 8), 300.0, 'productive'),
            kpi.TimeLogRow(D(2026, 3, 2, 9), 100.0, 'availability')]
    assert kpi_alert.daily('oee', dt.date(2026, 3, 2), dt.date(2026, 3, 2), by_day(wos, logs)) == [
        (dt.date(2026, 3, 2), 75.0, 2)]
