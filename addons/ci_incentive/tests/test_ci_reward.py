# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.ci_process.tests.common import CiCase


class TestCiReward(CiCase):

    def test_everyone_reads_only_managers_maintain(self):
        Reward = self.env['ci.reward']
        reward = Reward.sudo(self.manager_ci).create(
            {'name': 'Cinema', 'reward_type': 'gift', 'points_cost': 120}
        )
        self.assertEqual(reward.company_id, self.manager_ci.company_id)
        for user in (self.user_ci, self.engineer_ci):
            self.assertIn(reward, Reward.sudo(user).search([]))
            with self.assertRaises(AccessError):
                reward.sudo(user).write({'points_cost': 1})
            with self.assertRaises(AccessError):
                Reward.sudo(user).create({'name': 'Free', 'points_cost': 1})
        reward.sudo(self.manager_ci).unlink()
        self.assertFalse(reward.exists())

    def test_price_must_be_positive(self):
        Reward = self.env['ci.reward'].sudo(self.manager_ci)
        for price in (0, -10):
            with self.assertRaises(
                ValidationError
            ) as cm, self.env.cr.savepoint():
                Reward.create({'name': 'Bad price', 'points_cost': price})
            self.assertIn('Price (points)', str(cm.exception))
            self.assertIn(str(price), str(cm.exception))
        self.assertFalse(Reward.search([('name', '=', 'Bad price')]))

    def test_rewards_per_company(self):
        other = self.env['res.company'].create({'name': 'Other Plant'})
        theirs = self.env['ci.reward'].create(
            {'name': 'Their gift', 'points_cost': 10, 'company_id': other.id}
        )
        self.assertNotIn(
            theirs, self.env['ci.reward'].sudo(self.user_ci).search([])
        )
