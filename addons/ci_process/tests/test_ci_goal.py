# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common import CiShopFloorCase


class TestCiGoal(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiGoal, cls).setUpClass()
        today = dt.datetime.combine(
            fields.Date.from_string(fields.Date.today()), dt.time(10)
        )
        cls.today = today
        # baseline, 60 days ago: 10 units in 100 min -> 10 min/unit
        cls.record_workorder(today - dt.timedelta(days=60), 100, 60, 10)
        # since tracking started, 20 days ago: 10 units in 80 min -> 8 min/unit
        cls.record_workorder(today - dt.timedelta(days=5), 80, 60, 10)

    def make_goal(self, **values):
        def day(n):
            return fields.Date.to_string(
                self.today.date() + dt.timedelta(days=n)
            )

        vals = {
            'name': 'Faster stamping',
            'workcenter_id': self.workcenter.id,
            'kpi': 'cycle_time',
            'baseline_date_from': day(-70),
            'baseline_date_to': day(-50),
            'date_start': day(-20),
            'date_deadline': day(20),
            'target_value': 7.0,
        }
        vals.update(values)
        return self.env['ci.goal'].sudo(self.engineer_ci).create(vals)

    def test_baseline_actual_progress(self):
        goal = self.make_goal()
        self.assertTrue(goal.has_baseline)
        self.assertAlmostEqual(goal.baseline_value, 10.0)
        self.assertAlmostEqual(goal.actual_value, 8.0)
        # two thirds of the way from 10 to 7
        self.assertAlmostEqual(goal.progress, 100.0 * 2 / 3, places=1)
        self.assertEqual(goal.status, 'on_track')
        self.assertIn('<svg', goal.chart_svg)
        self.assertEqual(goal.chart_svg.count('class="o_ci_point"'), 2)

    def test_achieved_and_missed(self):
        self.assertEqual(self.make_goal(target_value=8.5).status, 'achieved')

        def day(n):
            return fields.Date.to_string(
                self.today.date() + dt.timedelta(days=n)
            )

        late = self.make_goal(date_start=day(-20), date_deadline=day(-1))
        self.assertEqual(late.status, 'missed')

    def test_at_risk_when_behind(self):
        # 40 days in of 40: expected all the way, only 2/6 done
        def day(n):
            return fields.Date.to_string(
                self.today.date() + dt.timedelta(days=n)
            )

        goal = self.make_goal(
            target_value=4.0, date_start=day(-20), date_deadline=day(1)
        )
        self.assertEqual(goal.status, 'at_risk')

    def test_target_in_the_wrong_direction(self):
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            self.make_goal(target_value=12.0)
        self.assertIn('12.00', str(cm.exception))
        self.assertIn('10.00', str(cm.exception))
        self.assertFalse(
            self.env['ci.goal'].search([('name', '=', 'Faster stamping')])
        )

    def test_impossible_windows(self):
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            self.make_goal(
                baseline_date_from='2026-03-31', baseline_date_to='2026-03-01'
            )
        self.assertIn('baseline window ends (2026-03-01)', str(cm.exception))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_goal(date_start='2026-06-01', date_deadline='2026-05-01')
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_goal(kpi='efficiency', target_value=140.0)

    def test_scope_plant_wide_or_consistent(self):
        """Neither work center nor operation: the goal is plant-wide (its
        baseline window empty here, whatever the database's history); an
        operation of another work center is refused by name."""

        def day(n):
            return fields.Date.to_string(
                self.today.date() + dt.timedelta(days=n)
            )

        plant = self.make_goal(
            workcenter_id=False,
            baseline_date_from=day(-4000),
            baseline_date_to=day(-3990),
        )
        self.assertEqual(
            plant._scope(),
            {
                'workcenter': None,
                'operation': None,
                'product': None,
                'company': plant.company_id,
            },
        )
        other = self.env['mrp.workcenter'].create({'name': 'Other line'})
        with self.assertRaisesRegex(
            ValidationError,
            'operation %s runs on work center %s, not on Other line'
            % (self.operation.name, self.workcenter.name),
        ), self.env.cr.savepoint():
            self.make_goal(
                workcenter_id=other.id, operation_id=self.operation.id
            )

    def test_users_read_engineers_write(self):
        goal = self.make_goal()
        self.assertEqual(
            goal.sudo(self.user_ci).actual_value, goal.actual_value
        )
        with self.assertRaises(AccessError):
            goal.sudo(self.user_ci).write({'target_value': 6.0})
        with self.assertRaises(AccessError):
            goal.sudo(self.engineer_ci).unlink()
