# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from scipy import stats as sps

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CiShopFloorCase

# minutes for 10 units, one done work order a day
BEFORE = [100, 104, 98, 102, 101, 99, 103, 97, 105, 100]
AFTER = [90, 93, 88, 91, 92, 89, 90, 94, 87, 91]


class TestCiPilot(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiPilot, cls).setUpClass()
        for i, minutes in enumerate(BEFORE):
            cls.record_workorder(dt.datetime(2026, 3, 1 + i, 10), minutes, 90, 10, 1 if i % 2 else 0)
        for i, minutes in enumerate(AFTER):
            cls.record_workorder(dt.datetime(2026, 4, 1 + i, 10), minutes, 90, 10, 0)
        cls.imp = cls.env['ci.improvement'].sudo(cls.user_ci).create({
            'title': 'Quick-change die', 'problem': 'Die change takes long',
            'workcenter_id': cls.workcenter.id, 'product_id': cls.product.id})
        cls.imp.action_submit()
        as_eng = cls.imp.sudo(cls.engineer_ci)
        as_eng.action_start_review()
        as_eng.write({'owner_id': cls.engineer_ci.id})
        as_eng.action_approve()

    def make_pilot(self, **values):
        vals = {'name': 'Die pilot', 'improvement_id': self.imp.id, 'workcenter_id': self.workcenter.id,
                'metric': 'cycle_time', 'baseline_date_from': '2026-03-01', 'baseline_date_to': '2026-03-10',
                'pilot_date_from': '2026-04-01', 'pilot_date_to': '2026-04-10'}
        vals.update(values)
        return self.env['ci.pilot'].sudo(self.engineer_ci).create(vals)

    def test_cycle_time_pilot_figures(self):
        pilot = self.make_pilot()
        pilot.action_start()
        self.assertEqual(self.imp.state, 'pilot')
        pilot.action_evaluate()
        ref = sps.ttest_ind([m / 10.0 for m in AFTER], [m / 10.0 for m in BEFORE], equal_var=False)
        self.assertEqual((pilot.baseline_n, pilot.pilot_n), (10, 10))
        self.assertAlmostEqual(pilot.baseline_mean, sum(BEFORE) / 100.0, places=4)
        self.assertAlmostEqual(pilot.pilot_mean, sum(AFTER) / 100.0, places=4)
        self.assertAlmostEqual(pilot.statistic, ref.statistic, places=4)
        self.assertAlmostEqual(pilot.p_value, ref.pvalue, places=6)
        self.assertAlmostEqual(pilot.dof, ref.df, places=2)
        self.assertEqual(pilot.verdict, 'improved')
        self.assertEqual(self.imp.pdca_stage, 'check')
        # benefit: (10.09 - 9.05) min/unit / 60 * 60 per hour * 100 units in 10 days * 365 / 10
        saved = (sum(BEFORE) - sum(AFTER)) / 100.0
        self.assertAlmostEqual(pilot.benefit_annual, saved / 60.0 * 60.0 * 100 * 36.5, places=2)
        pilot.write({'feedback_ids': [(0, 0, {'rating': '5', 'comment': 'Much easier'})]})
        self.env['ci.pilot.feedback'].sudo(self.user_ci).create({'pilot_id': pilot.id, 'rating': '4'})
        action = pilot.sudo(self.user_ci).action_give_feedback()
        self.assertEqual(action['context']['default_pilot_id'], pilot.id)
        self.assertAlmostEqual(pilot.rating_avg, 4.5)
        pilot.action_adopt()
        self.assertEqual((pilot.state, pilot.decision, self.imp.state), ('closed', 'adopt', 'adopted'))
        self.assertAlmostEqual(self.imp.benefit_actual, pilot.benefit_annual, places=2)

    def test_scrap_rate_pilot_two_proportions(self):
        pilot = self.make_pilot(metric='scrap_rate', product_id=self.product.id)
        pilot.action_start()
        pilot.action_evaluate()
        # 5 scrapped of 105 before, 0 of 100 after
        self.assertAlmostEqual(pilot.baseline_mean, 100.0 * 5 / 105, places=4)
        self.assertAlmostEqual(pilot.pilot_mean, 0.0)
        table = [[5, 100], [0, 100]]
        _chi2, p, _dof, _exp = sps.chi2_contingency(table, correction=False)
        self.assertAlmostEqual(pilot.p_value, p, places=6)
        self.assertEqual(pilot.test_name, 'Two-proportion z-test')
        self.assertEqual(pilot.verdict, 'improved')
        self.assertAlmostEqual(pilot.benefit_annual, (100.0 * 5 / 105) / 100 * 100 * 36.5 * 12.5, places=2)

    def test_no_significant_change_and_abandon(self):
        pilot = self.make_pilot(pilot_date_from='2026-03-06', baseline_date_to='2026-03-05',
                                pilot_date_to='2026-03-10')
        pilot.action_start()
        pilot.action_evaluate()
        self.assertEqual(pilot.verdict, 'no_change')
        with self.assertRaises(UserError):
            pilot.action_abandon()                      # a note is required
        self.assertEqual(self.imp.state, 'pilot')
        pilot.write({'decision_note': 'No measurable gain'})
        pilot.action_abandon()
        self.assertEqual(self.imp.state, 'rejected')
        self.assertIn('No measurable gain', self.imp.rejection_reason)

    def test_extend_keeps_running(self):
        pilot = self.make_pilot()
        pilot.action_start()
        pilot.action_evaluate()
        pilot.action_extend()
        self.assertEqual((pilot.state, self.imp.state), ('running', 'pilot'))

    def test_empty_pilot_window(self):
        pilot = self.make_pilot(pilot_date_from='2026-05-01', pilot_date_to='2026-05-31')
        pilot.action_start()
        with self.assertRaises(UserError) as cm:
            pilot.action_evaluate()
        self.assertIn('2026-05-01', str(cm.exception))
        self.assertFalse(pilot.date_evaluated)

    def test_bad_windows_and_results_not_writable(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_pilot(pilot_date_from='2026-04-10', pilot_date_to='2026-04-01')
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_pilot(pilot_date_from='2026-03-05')   # overlaps the baseline
        pilot = self.make_pilot()
        with self.assertRaises(UserError):
            pilot.write({'verdict': 'improved'})
        with self.assertRaises(UserError):
            self.make_pilot(verdict='improved')
        with self.assertRaises(AccessError):
            pilot.sudo(self.user_ci).action_start()

    def test_pilot_needs_approved_improvement(self):
        draft = self.env['ci.improvement'].sudo(self.user_ci).create(
            {'title': 'x', 'problem': 'y', 'workcenter_id': self.workcenter.id})
        draft.action_submit()
        pilot = self.make_pilot(improvement_id=draft.id)
        with self.assertRaises(UserError):
            pilot.action_start()
        self.assertEqual(pilot.state, 'draft')
