# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import IncentiveCase


class TestLedger(IncentiveCase):
    """The ledger is append-only; corrections are reversals with a reason."""

    @classmethod
    def setUpClass(cls):
        super(TestLedger, cls).setUpClass()
        cls.submit_rule = cls.rule('submitted', 40)
        cls.imp = cls.new_improvement()
        cls.imp.action_submit()
        cls.entry = cls.env['ci.point.entry'].search(
            [('rule_id', '=', cls.submit_rule.id)]
        )

    def test_nobody_creates_changes_or_deletes_entries(self):
        """Not over the ORM, not as a manager, not as superuser."""
        Entry = self.env['ci.point.entry']
        vals = {
            'user_id': self.user_ci.id,
            'points': 1000,
            'kind': 'award',
            'rule_id': self.submit_rule.id,
            'res_model': 'ci.improvement',
            'res_id': self.imp.id,
            'date': self.today,
            'company_id': self.company.id,
        }
        # the roles' access is read-only; the ledger makes its entries itself
        for env_entry in (
            Entry.sudo(self.user_ci),
            Entry.sudo(self.manager_ci),
            Entry.sudo(),
        ):
            with self.assertRaises(AccessError):
                env_entry.create(vals)
        with self.assertRaises(AccessError):
            self.entry.sudo(self.manager_ci).write({'points': 1000})
        with self.assertRaises(AccessError):
            self.entry.sudo(self.manager_ci).unlink()
        # and every field is the workflow's, every entry frozen: the superuser too
        with self.assertRaisesRegex(UserError, 'Points = 1000'):
            self.entry.sudo().write({'points': 1000})
        with self.assertRaisesRegex(UserError, 'frozen'):
            self.entry.sudo().unlink()
        self.assertEqual(self.entry.points, 40)

    @mute_logger('odoo.sql_db')
    def test_database_refuses_update_and_delete(self):
        """Below the ORM, the trigger refuses too."""
        for query in (
            "UPDATE ci_point_entry SET points = 1000 WHERE id = %s",
            "DELETE FROM ci_point_entry WHERE id = %s",
        ):
            with self.assertRaises(
                psycopg2.Error
            ) as err, self.env.cr.savepoint():
                self.env.cr.execute(query, (self.entry.id,))
            self.assertIn('append-only', str(err.exception))
        self.env.cr.execute(
            "SELECT points FROM ci_point_entry WHERE id = %s", (self.entry.id,)
        )
        self.assertEqual(self.env.cr.fetchone()[0], 40)

    @mute_logger('odoo.sql_db')
    def test_database_refuses_a_second_award(self):
        """The unique index, not only the code, keeps one award per rule,
        person and source."""
        with self.assertRaises(
            psycopg2.IntegrityError
        ), self.env.cr.savepoint():
            self.env.cr.execute(
                "INSERT INTO ci_point_entry (user_id, points, kind, rule_id, "
                "res_model, res_id, date, company_id) "
                "VALUES (%s, 40, 'award', %s, 'ci.improvement', %s, %s, %s)",
                (
                    self.user_ci.id,
                    self.submit_rule.id,
                    self.imp.id,
                    self.today,
                    self.company.id,
                ),
            )

    def test_reversal(self):
        """A manager reverses with a reason: a negative entry of the same date
        and rule; once only."""
        wizard = (
            self.env['ci.point.entry.reverse']
            .sudo(self.manager_ci)
            .with_context(
                active_model='ci.point.entry', active_ids=self.entry.ids
            )
            .create({'reason': 'Duplicate of IMP-1'})
        )
        self.assertEqual(wizard.entry_ids, self.entry)
        wizard.action_reverse()
        reversal = self.entries(self.submit_rule, kind='reversal')
        self.assertEqual(
            (
                reversal.points,
                reversal.user_id,
                reversal.rule_id,
                reversal.date,
                reversal.reason,
                reversal.reversed_entry_id,
            ),
            (
                -40,
                self.user_ci,
                self.submit_rule,
                self.entry.date,
                'Duplicate of IMP-1',
                self.entry,
            ),
        )
        self.assertTrue(self.entry.is_reversed)
        self.assertEqual(
            self.entry.points, 40
        )  # the entry itself is unchanged
        self.assertEqual(
            self.env['ci.point.entry']._balance(self.user_ci, self.company), 0
        )
        Manager = self.entry.sudo(self.manager_ci)
        with self.assertRaisesRegex(UserError, 'already reversed'):
            Manager._reverse('Again')
        with self.assertRaisesRegex(UserError, 'only awards are reversed'):
            reversal.sudo(self.manager_ci)._reverse('Undo')
        self.assertEqual(
            len(self.entries(self.submit_rule, kind='reversal')), 1
        )

    def test_reversal_needs_manager_and_reason(self):
        for user in (self.user_ci, self.engineer_ci):
            with self.assertRaises(AccessError):
                self.entry.sudo(user)._reverse('Mine')
        with self.assertRaisesRegex(UserError, 'Reason'):
            self.entry.sudo(self.manager_ci)._reverse('  ')
        self.assertFalse(self.entries(self.submit_rule, kind='reversal'))

    def test_reversal_cannot_take_spent_points(self):
        """Reversing points already redeemed would leave a negative balance:
        refused."""
        reward = self.env['ci.reward'].create(
            {'name': 'Voucher', 'points_cost': 30}
        )
        request = (
            self.env['ci.reward.redemption']
            .sudo(self.user_ci)
            .create({'reward_id': reward.id})
        )
        request.sudo(self.manager_ci).action_approve()
        with self.assertRaises(UserError) as err:
            self.entry.sudo(self.manager_ci)._reverse('Mistake')
        self.assertIn('balance of 10', str(err.exception))
        self.assertFalse(self.entries(self.submit_rule, kind='reversal'))

    def test_people_see_their_own_entries(self):
        """A user sees their own entries; managers see all; other companies'
        entries are hidden."""
        Entry = self.env['ci.point.entry']
        self.rule('submitted', 3, recipient='members')
        self.submitted(title='Second')
        mine = Entry.sudo(self.user_ci).search([])
        self.assertTrue(mine)
        self.assertEqual(mine.mapped('user_id'), self.user_ci)
        self.assertEqual(
            Entry.sudo(self.member).search([]).mapped('user_id'), self.member
        )
        self.assertFalse(Entry.sudo(self.engineer_ci).search([]))
        self.assertLessEqual(
            {self.user_ci.id, self.member.id},
            set(Entry.sudo(self.manager_ci).search([]).mapped('user_id').ids),
        )
        other = self.env['res.company'].create({'name': 'Other Plant'})
        self.manager_ci.write(
            {'company_ids': [(4, other.id)], 'company_id': other.id}
        )
        self.assertFalse(
            Entry.sudo(self.manager_ci).search(
                [('company_id', '=', self.company.id)]
            )
        )
