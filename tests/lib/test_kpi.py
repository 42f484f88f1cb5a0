# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.kpi on hand-computed fixtures."""
import datetime as dt

import pytest

from odoo.addons.ci_process.lib import kpi

D = dt.datetime
WOS = [
    # date, expected min, real min, produced, scrapped
    kpi.WorkOrderRow(D(2026, 3, 2, 10), 60.0, 75.0, 10.0, 1.0),
    kpi.WorkOrderRow(D(2026, 3, 3, 10), 30.0, 25.0, 5.0, 0.0),
    kpi.WorkOrderRow(D(2026, 3, 10, 10), 90.0, 100.0, 20.0, 4.0),
]
LOGS = [
    kpi.TimeLogRow(D(2026, 3, 2, 8), 400.0, 'productive'),
    kpi.TimeLogRow(D(2026, 3, 2, 15), 50.0, 'availability'),
    kpi.TimeLogRow(D(2026, 3, 3, 8), 300.0, 'productive'),
    kpi.TimeLogRow(D(2026, 3, 3, 14), 30.0, 'quality'),
    kpi.TimeLogRow(D(2026, 3, 3, 16), 20.0, 'performance'),
]


def test_values_by_hand():
    # efficiency: (60+30+90) / (75+25+100) = 180/200
    assert kpi.value('efficiency', WOS) == pytest.approx(90.0)
    # cycle time: 200 min / 35 units
    assert kpi.value('cycle_time', WOS) == pytest.approx(200.0 / 35.0)
    # scrap: 5 / (35 + 5)
    assert kpi.value('scrap_rate', WOS) == pytest.approx(12.5)
    assert kpi.value('yield', WOS) == pytest.approx(87.5)
    # OEE: 700 productive / (700 + 100)
    assert kpi.value('oee', timelogs=LOGS) == pytest.approx(87.5)


def test_no_data_is_none():
    for code in kpi.KPIS:
        assert kpi.value(code, [], []) is None
    idle = [kpi.WorkOrderRow(D(2026, 1, 1), 0.0, 0.0, 0.0, 0.0)]
    assert kpi.value('efficiency', idle) is None
    assert kpi.value('cycle_time', idle) is None
    assert kpi.value('scrap_rate', idle) is None


def test_observations():
    assert kpi.observations('efficiency', WOS) == pytest.approx([80.0, 120.0, 90.0])
    assert kpi.observations('cycle_time', WOS) == pytest.approx([7.5, 5.0, 5.0])
    assert kpi.observations('scrap_rate', WOS) == (5.0, 40.0)
    assert kpi.observations('yield', WOS) == (35.0, 40.0)
    # OEE per day: 400/450 and 300/350
    assert kpi.observations('oee', timelogs=LOGS) == pytest.approx([400 / 4.5, 300 / 3.5])


def test_weekly_series():
    # weeks starting Monday 2 March and Monday 9 March
    assert kpi.series('efficiency', WOS, period='week') == [
        (dt.date(2026, 3, 2), pytest.approx(90.0 / 100.0 * 100)),
        (dt.date(2026, 3, 9), pytest.approx(90.0)),
    ]
    assert kpi.series('scrap_rate', WOS, period='month') == [(dt.date(2026, 3, 1), pytest.approx(12.5))]


def test_direction():
    assert kpi.is_better('efficiency', 95, 90)
    assert kpi.is_better('cycle_time', 4.0, 5.0)
    assert not kpi.is_better('scrap_rate', 3.0, 2.0)
    with pytest.raises(ValueError):
        kpi.get('nonsense')
