# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from .common import IncentiveCase

REFUSED = (UserError, AccessError)


class ProtectedCase(IncentiveCase):
    """The CI User has 100 points; a voucher costs 60; the member won an
    award of last month, with its badge."""

    @classmethod
    def setUpClass(cls):
        super(ProtectedCase, cls).setUpClass()
        cls.rule('submitted', 100)
        cls.new_improvement().action_submit()
        cls.voucher = (
            cls.env['ci.reward']
            .sudo(cls.manager_ci)
            .create(
                {'name': 'Voucher', 'reward_type': 'gift', 'points_cost': 60}
            )
        )
        cls.pen = (
            cls.env['ci.reward']
            .sudo(cls.manager_ci)
            .create({'name': 'Pen', 'reward_type': 'gift', 'points_cost': 10})
        )
        Award = cls.env['ci.award']
        # as the award job makes it (ci.award._grant_awards)
        cls.award = Award._insert(
            {
                'kind': 'top_points',
                'user_id': cls.member.id,
                'improvement_id': None,
                'period_start': '2026-01-01',
                'company_id': cls.company.id,
            }
        )
        cls.award._grant_badges()
        cls.grant = cls.env['gamification.badge.user'].search(
            [('ci_award_id', '=', cls.award.id)]
        )
        cls.badge = cls.env.ref('ci_incentive.badge_improver_of_the_month')
        cls.thanks = cls.env['gamification.badge'].create(
            {'name': 'Thanks', 'rule_auth': 'everyone'}
        )

    def balance(self, user=None):
        return self.env['ci.point.entry']._balance(
            user or self.user_ci, self.company
        )


class TestRedemptionProtected(ProtectedCase):
    """A redemption's decision, price and person are the workflow's; decided
    ones are frozen."""

    def request(self, user=None, reward=None, **vals):
        return (
            self.env['ci.reward.redemption']
            .sudo(user or self.user_ci)
            .create(dict(vals, reward_id=(reward or self.voucher).id))
        )

    def assert_nothing_requested(self):
        self.assertFalse(
            self.env['ci.reward.redemption'].search(
                [('reward_id', '=', self.voucher.id)]
            )
        )
        self.assertEqual(self.balance(), 100)

    def test_forged_values_refused(self):
        """A CI User sets no state, price, decision or ledger entry, nor
        someone else as the person."""
        entry = self.entries(kind='award', user_id=self.user_ci.id)
        for vals in (
            {'state': 'approved'},
            {'points': 1},
            {'entry_id': entry.id},
            {'approver_id': self.manager_ci.id},
            {'date_decided': '2026-01-01 00:00:00'},
            {'refuse_reason': 'No'},
            {'date_requested': '2020-01-01 00:00:00'},
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.request(**vals)
        with self.assertRaisesRegex(
            AccessError, 'CI Manager'
        ), self.env.cr.savepoint():
            self.request(user_id=self.member.id)
        self.assert_nothing_requested()
        # their own name is no forgery; a CI Manager requests for someone else
        self.assertEqual(
            self.request(user_id=self.user_ci.id).user_id, self.user_ci
        )
        self.assertEqual(
            self.request(self.manager_ci, user_id=self.user_ci.id).user_id,
            self.user_ci,
        )

    def test_forged_context_and_user_defaults_ignored(self):
        """default_state='approved' and the like in the context, or as the user's
        defaults, do not reach the workflow's fields: a plain request, no
        points taken.
        """
        self.env['ir.default'].set(
            'ci.reward.redemption',
            'state',
            'approved',
            user_id=self.user_ci.id,
        )
        self.env['ir.default'].set(
            'ci.reward.redemption', 'points', 1, user_id=self.user_ci.id
        )
        request = (
            self.env['ci.reward.redemption']
            .sudo(self.user_ci)
            .with_context(
                default_state='approved',
                default_points=1,
                default_approver_id=self.manager_ci.id,
                default_refuse_reason='No',
                default_date_requested='2020-01-01 00:00:00',
            )
            .create({'reward_id': self.voucher.id})
        )
        self.assertEqual(
            (
                request.state,
                request.points,
                request.user_id,
                request.approver_id,
                request.entry_id,
                request.refuse_reason,
            ),
            (
                'requested',
                60,
                self.user_ci,
                self.env['res.users'],
                self.env['ci.point.entry'],
                False,
            ),
        )
        self.assertNotEqual(request.date_requested[:4], '2020')
        self.assertEqual(self.balance(), 100)
        # and the manager's approval still takes the points
        request.sudo(self.manager_ci).action_approve()
        self.assertEqual(
            (request.state, request.entry_id.points, self.balance()),
            ('approved', -60, 40),
        )
        # nor is the person taken from the context (mail's auto-subscription
        # reads context defaults too, and refuses to subscribe someone else)
        Redemption = self.env['ci.reward.redemption'].sudo(self.user_ci)
        try:
            with self.env.cr.savepoint():
                other = Redemption.with_context(
                    default_user_id=self.member.id
                ).create({'reward_id': self.pen.id})
        except AccessError:
            other = Redemption.browse()
        self.assertLessEqual(
            set(other.mapped('user_id').ids), set(self.user_ci.ids)
        )
        self.assertFalse(
            Redemption.sudo().search([('user_id', '=', self.member.id)])
        )

    def test_write_after_the_fact_refused(self):
        """Nobody writes the decision or the price, a CI Manager included."""
        request = self.request()
        for user in (self.user_ci, self.manager_ci):
            for vals in (
                {'state': 'approved'},
                {'points': 1},
                {'approver_id': user.id},
                {
                    'entry_id': self.entries(
                        kind='award', user_id=self.user_ci.id
                    ).id
                },
            ):
                with self.assertRaises(REFUSED), self.env.cr.savepoint():
                    request.sudo(user).write(vals)
        with self.assertRaises(REFUSED), self.env.cr.savepoint():
            request.sudo(self.user_ci).write({'user_id': self.member.id})
        self.assertEqual(
            (request.state, request.points, request.user_id, request.entry_id),
            ('requested', 60, self.user_ci, self.env['ci.point.entry']),
        )
        self.assertEqual(self.balance(), 100)

    def test_new_reward_new_price(self):
        """A CI Manager changing the reward of a request changes its price with it."""
        request = self.request()
        request.sudo(self.manager_ci).write({'reward_id': self.pen.id})
        self.assertEqual((request.reward_id, request.points), (self.pen, 10))
        request.sudo(self.manager_ci).action_approve()
        self.assertEqual(self.balance(), 90)

    def test_decided_requests_frozen(self):
        """Approved and refused requests change no more and are kept; chatter
        goes on."""
        approved, refused = self.request(), self.request()
        approved.sudo(self.manager_ci).action_approve()
        refused.sudo(self.manager_ci).action_refuse(reason='Out of stock')
        for request in (approved, refused):
            Manager = request.sudo(self.manager_ci)
            for vals in (
                {'note': 'Changed'},
                {'reward_id': self.pen.id},
                {'user_id': self.member.id},
            ):
                with self.assertRaisesRegex(
                    UserError, 'frozen'
                ), self.env.cr.savepoint():
                    Manager.write(vals)
            with self.assertRaisesRegex(
                UserError, 'frozen'
            ), self.env.cr.savepoint():
                Manager.unlink()
            Manager.message_post(body='Handed over')
        with self.assertRaises(UserError):
            refused.sudo(self.manager_ci).action_cancel()
        self.assertEqual(
            (
                approved.state,
                approved.points,
                approved.reward_id,
                approved.note,
            ),
            ('approved', 60, self.voucher, False),
        )
        self.assertEqual(
            (refused.state, refused.refuse_reason), ('refused', 'Out of stock')
        )
        self.assertEqual(self.balance(), 40)
        # a request not decided yet may still be deleted
        cancelled = self.request(
            self.manager_ci, self.pen, user_id=self.user_ci.id
        )
        cancelled.sudo(self.user_ci).action_cancel()
        cancelled.sudo(self.manager_ci).unlink()
        self.assertFalse(cancelled.exists())

    def test_copy_starts_a_new_request(self):
        """A copy is a new request: a forged default is refused, the rest
        starts over."""
        request = self.request(reward=self.pen)
        request.sudo(self.manager_ci).action_approve()
        for default in (
            {'state': 'approved'},
            {'points': 1},
            {'entry_id': request.entry_id.id},
            {'user_id': self.member.id},
        ):
            with self.assertRaises(REFUSED), self.env.cr.savepoint():
                request.sudo(self.user_ci).copy(default)
        copy = request.sudo(self.user_ci).copy()
        self.assertEqual(
            (
                copy.state,
                copy.points,
                copy.user_id,
                copy.entry_id,
                copy.approver_id,
            ),
            (
                'requested',
                10,
                self.user_ci,
                self.env['ci.point.entry'],
                self.env['res.users'],
            ),
        )
        self.assertEqual((request.state, self.balance()), ('approved', 90))


class TestLedgerProtected(ProtectedCase):
    """The ledger through the mixin: every field the workflow's, every entry
    frozen."""

    def test_forged_creates_refused(self):
        """Over the ORM nobody creates an entry, with values, context defaults
        or a copy."""
        Entry = self.env['ci.point.entry']
        entry = self.entries(kind='award', user_id=self.user_ci.id)
        count = Entry.search_count([])
        vals = {
            'user_id': self.user_ci.id,
            'points': 1000,
            'kind': 'award',
            'rule_id': entry.rule_id.id,
            'res_model': 'res.partner',
            'res_id': 1,
            'date': self.today,
            'company_id': self.company.id,
        }
        context = {'default_%s' % key: value for key, value in vals.items()}
        # the roles' access is read-only, and the superuser's creates are the
        # ledger's own
        for env_entry in (
            Entry.sudo(self.user_ci),
            Entry.sudo(self.manager_ci),
            Entry.sudo(),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                env_entry.create(vals)
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                env_entry.with_context(**context).create({})
        # a copy is a create: the ledger's own only; who may not create hears
        # that first, the superuser that the points are the ledger's
        for env_entry, forged in (
            (entry.sudo(self.manager_ci), AccessError),
            (entry.sudo(), UserError),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                env_entry.copy()
            with self.assertRaises(forged), self.env.cr.savepoint():
                env_entry.copy({'points': 1000})
        self.assertEqual(Entry.search_count([]), count)
        self.assertEqual(self.balance(), 100)

    def test_entries_frozen(self):
        """No field of an entry changes, nor does it go, superuser included;
        the reversal corrects it."""
        entry = self.entries(kind='award', user_id=self.user_ci.id)
        for env_entry in (
            entry.sudo(self.user_ci),
            entry.sudo(self.manager_ci),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                env_entry.write({'user_id': self.member.id})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                env_entry.unlink()
        for vals in (
            {'points': 1000},
            {'user_id': self.member.id},
            {'date': '2020-01-01'},
        ):
            with self.assertRaisesRegex(
                UserError, 'by the workflow'
            ), self.env.cr.savepoint():
                entry.sudo().write(vals)
        with self.assertRaisesRegex(
            UserError, 'frozen'
        ), self.env.cr.savepoint():
            entry.sudo().unlink()
        self.assertEqual((entry.points, entry.user_id), (100, self.user_ci))
        reversal = entry.sudo(self.manager_ci)._reverse('Duplicate')
        self.assertEqual((reversal.points, self.balance()), (-100, 0))


class TestAwardProtected(ProtectedCase):
    """Awards are the job's findings: frozen once made."""

    def test_awards_frozen(self):
        Award = self.env['ci.award']
        count = Award.search_count([])
        for vals in (
            {'user_id': self.user_ci.id},
            {'points': 1000},
            {'badge_id': self.thanks.id},
        ):
            with self.assertRaises(REFUSED), self.env.cr.savepoint():
                self.award.sudo(self.manager_ci).write(vals)
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.award.sudo().write(vals)
        with self.assertRaisesRegex(
            UserError, 'frozen'
        ), self.env.cr.savepoint():
            self.award.sudo().unlink()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.award.sudo().copy({'period_start': '2026-02-01'})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Award.sudo().create(
                {
                    'kind': 'top_points',
                    'user_id': self.user_ci.id,
                    'company_id': self.company.id,
                    'period_start': '2026-02-01',
                    'badge_id': self.badge.id,
                }
            )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Award.sudo().with_context(
                default_kind='top_points',
                default_user_id=self.user_ci.id,
                default_company_id=self.company.id,
                default_period_start='2026-02-01',
                default_badge_id=self.badge.id,
            ).create({})
        self.assertEqual(Award.search_count([]), count)
        self.assertEqual(
            (self.award.user_id, self.award.badge_id),
            (self.member, self.badge),
        )


class TestBadgeGrantProtected(ProtectedCase):
    """The programme's badges are the award job's: granted by it only, never
    moved nor removed."""

    def test_award_grant_cannot_be_moved(self):
        """A CI User moves nobody's award badge to themselves, nor changes or
        deletes it."""
        self.assertEqual(
            (self.grant.user_id, self.grant.badge_id),
            (self.member, self.badge),
        )
        Grant = self.grant.sudo(self.user_ci)
        for vals in (
            {'user_id': self.user_ci.id},
            {'badge_id': self.thanks.id},
            {'comment': 'Mine now'},
            {'ci_award_id': False},
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                Grant.write(vals)
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.grant.sudo().write(vals)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Grant.unlink()  # Odoo's access: employees delete no grant
        with self.assertRaisesRegex(
            UserError, 'frozen'
        ), self.env.cr.savepoint():
            self.grant.sudo().unlink()
        self.assertEqual(
            (self.grant.user_id, self.grant.badge_id, self.grant.ci_award_id),
            (self.member, self.badge, self.award),
        )

    def test_programme_badges_granted_by_the_job_only(self):
        """Nobody grants a programme badge by hand, the superuser and Odoo's
        wizard included;
        nor turns another grant into one, nor ties a grant to an award."""
        BadgeUser = self.env['gamification.badge.user']
        count = BadgeUser.search_count([('badge_id', '=', self.badge.id)])
        for env_badge in (BadgeUser.sudo(self.user_ci), BadgeUser.sudo()):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                env_badge.create(
                    {'user_id': self.user_ci.id, 'badge_id': self.badge.id}
                )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.env['gamification.badge.user.wizard'].create(
                {'user_id': self.user_ci.id, 'badge_id': self.badge.id}
            ).action_grant_badge()
        # Odoo's own badges stay Odoo's: a CI User thanks a colleague
        thanks = BadgeUser.sudo(self.user_ci).create(
            {'user_id': self.member.id, 'badge_id': self.thanks.id}
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            thanks.write({'badge_id': self.badge.id})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            thanks.write({'ci_award_id': self.award.id})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            BadgeUser.sudo(self.user_ci).create(
                {
                    'user_id': self.user_ci.id,
                    'badge_id': self.thanks.id,
                    'ci_award_id': self.award.id,
                }
            )
        forged = (
            BadgeUser.sudo(self.user_ci)
            .with_context(default_ci_award_id=self.award.id)
            .create({'user_id': self.user_ci.id, 'badge_id': self.thanks.id})
        )
        self.assertFalse(forged.ci_award_id)
        self.assertEqual(
            (thanks.badge_id, thanks.ci_award_id),
            (self.thanks, self.env['ci.award']),
        )
        self.assertEqual(
            BadgeUser.search_count([('badge_id', '=', self.badge.id)]), count
        )
        # the honour board counts the award's badges only
        self.assertEqual(
            BadgeUser.search(
                [
                    ('ci_award_id', '!=', False),
                    ('user_id', '=', self.user_ci.id),
                ]
            ),
            BadgeUser,
        )

    def test_award_job_still_grants(self):
        """The job grants a team award's badge to every member, once however
        often it runs."""
        award = self.env['ci.award']._insert(
            {
                'kind': 'top_team',
                'team_id': self.team_press.id,
                'improvement_id': None,
                'period_start': '2026-01-01',
                'company_id': self.company.id,
            }
        )
        award._grant_badges()
        award._grant_badges()
        grants = self.env['gamification.badge.user'].search(
            [('ci_award_id', '=', award.id)]
        )
        self.assertEqual(
            sorted(grants.mapped('user_id').ids),
            sorted(self.team_press.member_ids.ids),
        )
        self.assertEqual(
            grants.mapped('badge_id'),
            self.env.ref('ci_incentive.badge_team_of_the_month'),
        )
