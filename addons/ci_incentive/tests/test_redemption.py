# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import IncentiveCase


class TestRedemption(IncentiveCase):
    """Points are redeemed for rewards on a manager's approval, never below a
    zero balance."""

    @classmethod
    def setUpClass(cls):
        super(TestRedemption, cls).setUpClass()
        cls.rule('submitted', 100)
        cls.new_improvement().action_submit()
        Reward = cls.env['ci.reward'].sudo(cls.manager_ci)
        cls.voucher = Reward.create(
            {'name': 'Voucher', 'reward_type': 'gift', 'points_cost': 60}
        )
        cls.day_off = Reward.create(
            {'name': 'Day off', 'reward_type': 'time_off', 'points_cost': 150}
        )

    def request(self, reward, user=None):
        return (
            self.env['ci.reward.redemption']
            .sudo(user or self.user_ci)
            .create({'reward_id': reward.id})
        )

    def balance(self, user=None):
        return self.env['ci.point.entry']._balance(
            user or self.user_ci, self.company
        )

    def test_approve_writes_negative_entry(self):
        request = self.request(self.voucher)
        self.assertEqual(
            (request.state, request.points, request.user_id, request.balance),
            ('requested', 60, self.user_ci, 100),
        )
        self.assertEqual(self.balance(), 100)  # nothing taken on request
        request.sudo(self.manager_ci).action_approve()
        entry = request.entry_id
        self.assertEqual(
            (request.state, request.approver_id), ('approved', self.manager_ci)
        )
        self.assertEqual(
            (
                entry.kind,
                entry.points,
                entry.user_id,
                entry.res_model,
                entry.res_id,
            ),
            (
                'redemption',
                -60,
                self.user_ci,
                'ci.reward.redemption',
                request.id,
            ),
        )
        self.assertEqual(self.balance(), 40)
        with self.assertRaisesRegex(UserError, 'already Approved'):
            request.sudo(self.manager_ci).action_approve()

    def test_request_more_than_balance_refused(self):
        with self.assertRaises(UserError) as err:
            self.request(self.day_off)
        self.assertIn('150', str(err.exception))
        self.assertIn('balance of 100', str(err.exception))
        self.assertFalse(
            self.env['ci.reward.redemption'].search(
                [('reward_id', '=', self.day_off.id)]
            )
        )

    def test_approvals_never_go_below_zero(self):
        """Two requests each within the balance, together beyond it: approved
        together,
        both refused; one by one, the second is refused."""
        first, second = self.request(self.voucher), self.request(self.voucher)
        both = (first | second).sudo(self.manager_ci)
        with self.assertRaises(UserError) as err:
            both.action_approve()
        self.assertIn('balance of 100', str(err.exception))
        self.assertEqual(both.mapped('state'), ['requested', 'requested'])
        self.assertEqual(self.balance(), 100)
        first.sudo(self.manager_ci).action_approve()
        with self.assertRaises(UserError):
            second.sudo(self.manager_ci).action_approve()
        self.assertEqual((second.state, self.balance()), ('requested', 40))

    def test_refuse_and_cancel(self):
        request = self.request(self.voucher)
        with self.assertRaisesRegex(UserError, 'Reason'):
            request.sudo(self.manager_ci).action_refuse(reason=' ')
        wizard = (
            self.env['ci.reward.redemption.refuse']
            .sudo(self.manager_ci)
            .create(
                {
                    'redemption_ids': [(6, 0, request.ids)],
                    'reason': 'Out of stock',
                }
            )
        )
        wizard.action_refuse()
        self.assertEqual(
            (request.state, request.refuse_reason), ('refused', 'Out of stock')
        )
        other = self.request(self.voucher)
        other.sudo(self.user_ci).action_cancel()
        self.assertEqual(other.state, 'cancelled')
        self.assertEqual(self.balance(), 100)
        self.assertFalse(
            self.entries(kind='redemption', user_id=self.user_ci.id)
        )

    def test_users_cannot_decide_or_forge(self):
        """A user approves nothing, requests for nobody else, and sets no state
        or price."""
        request = self.request(self.voucher)
        for user in (self.user_ci, self.engineer_ci):
            with self.assertRaises(AccessError):
                request.sudo(user).action_approve()
        with self.assertRaises(AccessError):
            request.sudo(self.member).action_cancel()
        with self.assertRaises(AccessError):
            self.env['ci.reward.redemption'].sudo(self.member).create(
                {'reward_id': self.voucher.id, 'user_id': self.user_ci.id}
            )
        with self.assertRaises(UserError):
            self.env['ci.reward.redemption'].sudo(self.user_ci).create(
                {
                    'reward_id': self.voucher.id,
                    'state': 'approved',
                    'points': 1,
                }
            )
        with self.assertRaises(AccessError):
            request.sudo(self.user_ci).write({'note': 'Please'})
        with self.assertRaises(UserError):
            request.sudo(self.manager_ci).write({'state': 'approved'})
        self.assertEqual((request.state, self.balance()), ('requested', 100))

    def test_people_see_their_own_requests(self):
        mine = self.request(self.voucher)
        Redemption = self.env['ci.reward.redemption']
        self.assertEqual(Redemption.sudo(self.user_ci).search([]), mine)
        self.assertFalse(Redemption.sudo(self.member).search([]))
        self.assertIn(mine, Redemption.sudo(self.manager_ci).search([]))
