# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from .common import CiShopFloorCase


class TestCiKpi(CiShopFloorCase):
    """KPIs from real work orders, scrap and time logs, against hand-computed
    values."""

    @classmethod
    def setUpClass(cls):
        super(TestCiKpi, cls).setUpClass()
        d = dt.datetime
        # expected 60 / real 75 min, 10 good + 1 scrapped; 30/25 min, 5 good;
        # 90/100, 20 good + 4 scrapped
        cls.record_workorder(d(2026, 3, 2, 10), 75, 60, 10, 1)
        cls.record_workorder(d(2026, 3, 3, 10), 25, 30, 5, 0)
        cls.record_workorder(d(2026, 3, 10, 10), 100, 90, 20, 4)
        cls.record_stop(d(2026, 3, 3, 16), 50)
        # outside the window
        cls.record_workorder(d(2026, 4, 1, 10), 10, 60, 10, 0)
        cls.Kpi = cls.env['ci.kpi']

    def value(self, code, **scope):
        scope.setdefault('workcenter', self.workcenter)
        return self.Kpi.compute(code, '2026-03-01', '2026-03-31', **scope)

    def test_efficiency(self):
        self.assertAlmostEqual(self.value('efficiency'), 100.0 * 180 / 200)

    def test_cycle_time(self):
        self.assertAlmostEqual(self.value('cycle_time'), 200.0 / 35)

    def test_scrap_and_yield(self):
        self.assertAlmostEqual(self.value('scrap_rate'), 100.0 * 5 / 40)
        self.assertAlmostEqual(self.value('yield'), 100.0 - 12.5)

    def test_oee_as_odoo_defines_it(self):
        # productive 75 + 25 + 100 minutes, blocked 50
        self.assertAlmostEqual(self.value('oee'), 100.0 * 200 / 250)

    def test_scope_by_operation_and_product(self):
        self.assertAlmostEqual(
            self.value(
                'efficiency', workcenter=None, operation=self.operation
            ),
            90.0,
        )
        other = self.env['product.product'].create({'name': 'Other'})
        self.assertIsNone(self.value('efficiency', product=other))

    def test_no_data(self):
        self.assertIsNone(
            self.Kpi.compute(
                'efficiency',
                '2025-01-01',
                '2025-01-31',
                workcenter=self.workcenter,
            )
        )

    def test_component_scrap_not_counted(self):
        wo = self.record_workorder(dt.datetime(2026, 3, 20, 10), 10, 10, 10, 0)
        scrap = self.env['stock.scrap'].create(
            {
                'product_id': self.component.id,
                'scrap_qty': 3,
                'workorder_id': wo.id,
                'production_id': wo.production_id.id,
                'product_uom_id': self.component.uom_id.id,
            }
        )
        scrap.write({'state': 'done'})
        self.assertAlmostEqual(self.value('scrap_rate'), 100.0 * 5 / 50)

    def test_company_scope(self):
        """The facts of a company's work centers only; a company without any
        has no data."""
        company = self.workcenter.company_id
        totals = self.Kpi._totals('2026-03-01', '2026-03-31', company=company)
        workcenters = (
            self.env['mrp.workcenter']
            .with_context(active_test=False)
            .search([('company_id', '=', company.id)])
        )
        by_workcenters = self.Kpi._totals(
            '2026-03-01', '2026-03-31', workcenter=workcenters
        )
        self.assertEqual(
            (totals.workorder_count, round(totals.duration, 6)),
            (
                by_workcenters.workorder_count,
                round(by_workcenters.duration, 6),
            ),
        )
        self.assertGreaterEqual(
            totals.workorder_count, 3
        )  # those of setUpClass in March
        bare = self.env['res.company'].create(
            {'name': 'CI Plant without work centers'}
        )
        self.assertEqual(
            self.Kpi._totals(
                '2026-03-01', '2026-03-31', company=bare
            ).workorder_count,
            0,
        )
        self.assertEqual(
            self.Kpi._totals(
                '2026-03-01', '2026-03-31', company=bare, period='month'
            ),
            [],
        )
        self.assertEqual(
            self.Kpi._totals(
                '2026-03-01',
                '2026-03-31',
                workcenter=self.workcenter,
                company=bare,
            ).workorder_count,
            0,
        )
