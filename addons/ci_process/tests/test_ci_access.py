# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo.exceptions import AccessError

from .common import CiShopFloorCase

# a month no demo data reaches: the plant-wide figures are this test's own
WINDOW = ('2019-03-01', '2019-03-31')


class TestCiMethodAccess(CiShopFloorCase):
    """Public methods check their caller first; figures read in SQL stay in
    the caller's company."""

    @classmethod
    def setUpClass(cls):
        super(TestCiMethodAccess, cls).setUpClass()
        # here: 75 min for 10 units; in the other company: 10 min for 10 units
        cls.record_workorder(dt.datetime(2019, 3, 4, 10), 75, 60, 10)
        cls.company2 = cls.env['res.company'].create(
            {'name': 'CI Other Plant'}
        )
        cls.workcenter2 = cls.env['mrp.workcenter'].create(
            {'name': 'CI Other Press', 'company_id': cls.company2.id}
        )
        other = cls.record_workorder(dt.datetime(2019, 3, 5, 10), 10, 60, 10)
        other.write({'workcenter_id': cls.workcenter2.id})
        other.time_ids.write({'workcenter_id': cls.workcenter2.id})
        cls.user2 = cls.make_user(
            'ci_test_user_plant2', ['base.group_user'], company=cls.company2
        )

    def test_kpi_compute_refused_to_ci_user(self):
        """A CI User may not call ci.kpi.compute: the refusal names the method."""
        with self.assertRaisesRegex(AccessError, r'ci\.kpi\.compute'):
            self.env['ci.kpi'].sudo(self.user_ci).compute(
                'cycle_time', *WINDOW
            )

    def test_kpi_compute_stays_in_the_company(self):
        """A CI Engineer's plant-wide figure counts the work orders of their
        own company only."""
        value = (
            self.env['ci.kpi']
            .sudo(self.engineer_ci)
            .compute('cycle_time', *WINDOW)
        )
        self.assertAlmostEqual(value, 7.5)
        # the other company's own figure, as its goals and alerts see it
        self.assertAlmostEqual(
            self.env['ci.kpi']._value(
                'cycle_time', *WINDOW, company=self.company2
            ),
            1.0,
        )
        # its work center, by id as over RPC, is not the engineer's to read
        with self.assertRaisesRegex(AccessError, r'ci\.kpi\.compute'):
            self.env['ci.kpi'].sudo(self.engineer_ci).compute(
                'cycle_time', *WINDOW, workcenter=self.workcenter2.id
            )
        self.assertAlmostEqual(
            self.env['ci.kpi']
            .sudo(self.engineer_ci)
            .compute('cycle_time', *WINDOW, workcenter=self.workcenter.id),
            7.5,
        )

    def test_pilot_feedback_company_rule(self):
        """Pilot feedback carries its pilot's company; another company's users
        neither read nor change it."""
        improvement = self.env['ci.improvement'].create(
            {
                'title': 'Other plant idea',
                'problem': 'Far away',
                'company_id': self.company2.id,
            }
        )
        pilot = self.env['ci.pilot'].create(
            {
                'name': 'Other plant pilot',
                'improvement_id': improvement.id,
                'workcenter_id': self.workcenter2.id,
                'baseline_date_from': '2019-01-01',
                'baseline_date_to': '2019-01-31',
                'pilot_date_from': '2019-02-01',
                'pilot_date_to': '2019-02-28',
            }
        )
        feedback = (
            self.env['ci.pilot.feedback']
            .sudo(self.user2)
            .create({'pilot_id': pilot.id, 'rating': '4'})
        )
        self.assertEqual(feedback.company_id, self.company2)
        Feedback = self.env['ci.pilot.feedback'].sudo(self.user_ci)
        self.assertFalse(Feedback.search([('id', '=', feedback.id)]))
        with self.assertRaises(AccessError):
            Feedback.browse(feedback.id).read(['rating'])
        with self.assertRaises(AccessError):
            pilot.sudo(self.user_ci).action_give_feedback()
        # its own company's users read it
        self.assertEqual(
            self.env['ci.pilot.feedback']
            .sudo(self.user2)
            .search([('pilot_id', '=', pilot.id)]),
            feedback,
        )

    def test_buttons_check_the_role_first(self):
        """Engineers' and managers' buttons refuse a CI User before looking at
        the records' state."""
        improvement = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create({'title': 'Mine', 'problem': 'Slow'})
        )
        for method in (
            'action_start_review',
            'action_approve',
            'action_start_pilot',
            'action_adopt',
            'action_open_reject_wizard',
        ):
            with self.assertRaisesRegex(AccessError, method):
                getattr(improvement.sudo(self.user_ci), method)()
        with self.assertRaisesRegex(AccessError, 'action_reject'):
            improvement.sudo(self.user_ci).action_reject(reason='no')
        board = self.env['ci.health.dashboard'].sudo(self.user_ci).create({})
        with self.assertRaisesRegex(AccessError, 'action_open_workorders'):
            board.action_open_workorders()
        # someone else's improvement is not a CI User's to withdraw
        other = (
            self.env['ci.improvement']
            .sudo(self.engineer_ci)
            .create({'title': 'Theirs', 'problem': 'Noise'})
        )
        other.sudo(self.engineer_ci).action_submit()
        with self.assertRaisesRegex(AccessError, 'action_withdraw'):
            other.sudo(self.user_ci).action_withdraw()
        self.assertEqual(other.state, 'submitted')
