# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo.exceptions import AccessError, UserError

from .boards_common import BoardsCase


class TestCiAward(BoardsCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiAward, cls).setUpClass()
        Imp = cls.env['ci.improvement']
        # in their submitters' names, as they would submit them
        cls.small = (
            Imp.sudo(cls.bob)
            .create(
                {
                    'title': 'Small win',
                    'problem': 'p',
                    'company_id': cls.plant.id,
                }
            )
            .sudo()
        )
        cls.big = (
            Imp.sudo(cls.carol)
            .create(
                {
                    'title': 'Big win',
                    'problem': 'p',
                    'company_id': cls.plant.id,
                }
            )
            .sudo()
        )
        (cls.small | cls.big).action_submit()
        # March: Alice tops the points; Press (Alice + Bob) tops the teams
        cls.entry(
            cls.alice,
            60,
            '2025-03-03',
            cls.press_team,
            source=('ci.improvement', cls.small.id),
        )
        cls.entry(
            cls.bob,
            20,
            '2025-03-04',
            cls.press_team,
            source=('ci.improvement', cls.small.id),
        )
        cls.entry(
            cls.carol,
            30,
            '2025-03-05',
            cls.paint_team,
            source=('ci.improvement', cls.big.id),
        )
        # their pilots measured 1 and 10 minutes saved per unit, 365 units a
        # year at 60 per hour: 365 and 3650 a year
        workcenter = cls.env['mrp.workcenter'].create(
            {
                'name': 'Boards press',
                'costs_hour': 60.0,
                'company_id': cls.plant.id,
            }
        )
        pilots = {}
        for improvement, saved in ((cls.small, 1.0), (cls.big, 10.0)):
            pilot = pilots[improvement] = cls.env['ci.pilot'].create(
                {
                    'name': 'Pilot',
                    'improvement_id': improvement.id,
                    'workcenter_id': workcenter.id,
                    'baseline_date_from': '2025-01-01',
                    'baseline_date_to': '2025-01-31',
                    'pilot_date_from': '2025-02-01',
                    'pilot_date_to': '2025-02-28',
                    'metric': 'cycle_time',
                }
            )
            # what evaluating and adopting it records (the buttons' own write)
            pilot._workflow().write(
                {
                    'state': 'closed',
                    'date_evaluated': '2025-03-01 10:00:00',
                    'verdict': 'improved',
                    'decision': 'adopt',
                    'baseline_units': 365,
                    'baseline_days': 365,
                    'baseline_minutes_per_unit': 12.0,
                    'pilot_minutes_per_unit': 12.0 - saved,
                }
            )
        # verified impacts: more points for the small one, more benefit for
        # the big one; the rules credit them to the pilot that verified them
        # (the small one is credited to its improvement: both sources count)
        cls.entry(
            cls.bob,
            25,
            '2025-03-10',
            cls.press_team,
            rule=cls.impact_rule,
            source=('ci.improvement', cls.small.id),
        )
        cls.entry(
            cls.carol,
            5,
            '2025-03-11',
            cls.paint_team,
            rule=cls.impact_rule,
            source=('ci.pilot', pilots[cls.big].id),
        )

    def grant(self, user=None):
        Award = (
            self.env['ci.award'].sudo(user) if user else self.env['ci.award']
        )
        return Award._grant_awards(datetime.date(2025, 3, 1), self.plant)

    def counts(self):
        Message = self.env['mail.message']
        return (
            self.env['ci.award'].search_count(
                [('company_id', '=', self.plant.id)]
            ),
            self.env['gamification.badge.user'].search_count(
                [('ci_award_id.company_id', '=', self.plant.id)]
            ),
            self.env['ci.point.entry'].search_count(
                [
                    ('res_model', '=', 'ci.award'),
                    ('company_id', '=', self.plant.id),
                ]
            ),
            Message.search_count(
                [
                    ('model', '=', 'ci.improvement'),
                    ('res_id', 'in', (self.small | self.big).ids),
                    ('message_type', '=', 'comment'),
                ]
            ),
        )

    def test_winners_badges_points_and_announcements(self):
        awards = self.grant()
        got = {
            (a.kind, a.user_id, a.team_id, a.improvement_id, a.points)
            for a in awards
        }
        nobody, no_team = self.env['res.users'], self.env['ci.team']
        self.assertEqual(
            got,
            {
                ('top_points', self.alice, no_team, self.small, 50),
                ('top_team', nobody, self.press_team, self.small, 80),
                ('best_impact', self.carol, no_team, self.big, 50),
            },
        )
        badges = self.env['gamification.badge.user'].search(
            [('ci_award_id', 'in', awards.ids)]
        )
        self.assertEqual(
            sorted((b.user_id.login, b.badge_id.name) for b in badges),
            sorted(
                [
                    ('boards_alice', 'Improver of the Month'),
                    ('boards_alice', 'Team of the Month'),
                    ('boards_bob', 'Team of the Month'),
                    ('boards_carol', 'Best Verified Impact'),
                ]
            ),
        )
        # the award points are dated the day after the month: March's ranking
        # stays as it was
        entries = self.env['ci.point.entry'].search(
            [('res_model', '=', 'ci.award'), ('res_id', 'in', awards.ids)]
        )
        self.assertEqual(set(entries.mapped('date')), {'2025-04-01'})
        self.assertEqual(
            sorted(
                (e.user_id.login or e.team_id.name, e.points) for e in entries
            ),
            [('Press team', 80), ('boards_alice', 50), ('boards_carol', 50)],
        )
        self.assertIn(
            'Improver of the month',
            self.small.message_ids[0].body + self.small.message_ids[1].body,
        )
        self.assertIn('Best verified impact', self.big.message_ids[0].body)
        # the honour board shows the badges on the month's rows
        board = self.board(
            'ci.leaderboard.user', 'month', '2025-03-01', user=self.carol
        )
        self.assertEqual(
            board.filtered(lambda r: r.user_id == self.alice).badge_ids.mapped(
                'name'
            ),
            ['Improver of the Month', 'Team of the Month'],
        )

    def test_running_twice_changes_nothing(self):
        """The award job run twice: no duplicate award, badge, entry or message."""
        first = self.grant()
        after_first = self.counts()
        self.assertEqual(after_first, (3, 4, 3, 3))
        second = self.grant(self.boss)
        self.assertEqual(second, first)
        self.assertEqual(self.counts(), after_first)

    def test_only_past_months_and_only_managers(self):
        with self.assertRaises(UserError) as cm:
            self.env['ci.award']._grant_awards(
                datetime.date.today(), self.plant
            )
        self.assertIn('is not over yet', str(cm.exception))
        wizard = (
            self.env['ci.award.run']
            .sudo(self.alice)
            .create({'month': '2025-03-01', 'company_id': self.plant.id})
        )
        with self.assertRaises(AccessError):
            wizard.action_grant()
        self.assertEqual(self.counts()[0], 0)
        wizard = (
            self.env['ci.award.run']
            .sudo(self.boss)
            .create({'month': '2025-03-17', 'company_id': self.plant.id})
        )
        action = wizard.action_grant()
        self.assertEqual(len(action['domain'][0][2]), 3)

    def test_cron_grants_last_month(self):
        self.entry(self.bob, 5, str(self.env['ci.award']._previous_month()))
        self.env['ci.award']._cron_grant_monthly_awards()
        award = self.env['ci.award'].search(
            [('company_id', '=', self.plant.id), ('kind', '=', 'top_points')]
        )
        self.assertEqual(
            (award.user_id, award.period_start),
            (self.bob, str(self.env['ci.award']._previous_month())),
        )
