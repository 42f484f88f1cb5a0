# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import AccessError

from .boards_common import BoardsCase


class TestCiLeaderboard(BoardsCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiLeaderboard, cls).setUpClass()
        # March: Bob 30 (for Press), Alice 20 for Press + 15 for Paint, Carol
        # 35 (Paint)
        cls.entry(cls.bob, 30, '2025-03-03', cls.press_team)
        cls.entry(cls.alice, 20, '2025-03-10', cls.press_team)
        cls.entry(cls.alice, 15, '2025-03-31', cls.paint_team)
        cls.entry(cls.carol, 35, '2025-03-15', cls.paint_team)
        # a team award to Paint alone, a reversal of 5 of Carol's, a redemption
        # of Bob's
        cls.entry(
            None, 40, '2025-03-20', cls.paint_team, rule=cls.team_award_rule
        )
        cls.entry(cls.carol, 7, '2025-03-21', cls.paint_team)
        cls.entry(cls.carol, -7, '2025-03-22', cls.paint_team, kind='reversal')
        cls.entry(cls.bob, -25, '2025-03-25', kind='redemption')
        # April (same quarter), and a point without a team
        cls.entry(cls.bob, 12, '2025-04-01', cls.press_team)
        cls.entry(cls.carol, 3, '2025-04-02')

    def test_people_ranked_per_month(self):
        """Month: points less reversals, redemptions apart; ties share a rank."""
        rows = self.board('ci.leaderboard.user', 'month', '2025-03-01')
        self.assertEqual(
            [(r.user_id, r.points, r.rank) for r in rows],
            (
                [(self.alice, 35, 1), (self.carol, 35, 1), (self.bob, 30, 3)]
                if self.alice.id < self.carol.id
                else [
                    (self.carol, 35, 1),
                    (self.alice, 35, 1),
                    (self.bob, 30, 3),
                ]
            ),
        )
        bob = rows.filtered(lambda r: r.user_id == self.bob)
        self.assertEqual((bob.entry_count, bob.points_redeemed), (1, 25))
        carol = rows.filtered(lambda r: r.user_id == self.carol)
        self.assertEqual(carol.entry_count, 3)  # 35, +7, -7

    def test_quarter_and_year_add_up_the_months(self):
        first = self.board('ci.leaderboard.user', 'quarter', '2025-01-01')
        self.assertEqual(
            {r.user_id: (r.points, r.rank) for r in first},
            {self.alice: (35, 1), self.carol: (35, 1), self.bob: (30, 3)},
        )
        second = self.board('ci.leaderboard.user', 'quarter', '2025-04-01')
        self.assertEqual(
            {r.user_id: (r.points, r.rank) for r in second},
            {self.bob: (12, 1), self.carol: (3, 2)},
        )
        year = self.board('ci.leaderboard.user', 'year', '2025-01-01')
        self.assertEqual(
            {r.user_id: (r.points, r.rank, r.entry_count) for r in year},
            {
                self.bob: (42, 1, 2),
                self.carol: (38, 2, 4),
                self.alice: (35, 3, 2),
            },
        )
        april = self.board('ci.leaderboard.user', 'month', '2025-04-01')
        self.assertEqual(
            {r.user_id: r.points for r in april}, {self.bob: 12, self.carol: 3}
        )

    def test_team_score_follows_the_entries_team(self):
        """A team's score: the entries earned for it plus its team awards;
        Alice (in both teams) adds to each only what she earned for it."""
        rows = self.board('ci.leaderboard.team', 'month', '2025-03-01')
        self.assertEqual(
            [
                (r.team_id, r.points, r.member_points, r.team_points, r.rank)
                for r in rows
            ],
            [
                (self.paint_team, 90, 50, 40, 1),
                (self.press_team, 50, 50, 0, 2),
            ],
        )
        year = self.board('ci.leaderboard.team', 'year', '2025-01-01')
        # Carol's 3 April points had no team: they count for no team
        self.assertEqual(
            {r.team_id: r.points for r in year},
            {self.paint_team: 90, self.press_team: 62},
        )

    def test_totals_equal_the_ledger(self):
        """The totals the trigger keeps equal a GROUP BY over the whole ledger."""
        self.env.cr.execute(
            """
            SELECT user_id, sum(points) FROM ci_point_entry
             WHERE company_id = %s AND kind != 'redemption' AND user_id IS NOT NULL
               AND date >= '2025-01-01' AND date < '2026-01-01' GROUP BY user_id""",
            (self.plant.id,),
        )
        expected = dict(self.env.cr.fetchall())
        rows = self.board('ci.leaderboard.user', 'year', '2025-01-01')
        self.assertEqual({r.user_id.id: r.points for r in rows}, expected)

    def test_new_points_folded_in_unchanged(self):
        """New points wait as deltas (no total is updated in place by an award,
        so concurrent awards to one team do not collide); folding them in
        changes none of the boards' figures.
        """

        def figures():
            self.env['ci.leaderboard.user'].invalidate_cache()
            self.env['ci.leaderboard.team'].invalidate_cache()
            return (
                {
                    (
                        r.user_id,
                        r.points,
                        r.entry_count,
                        r.points_redeemed,
                        r.rank,
                    )
                    for r in self.board(
                        'ci.leaderboard.user', 'month', '2025-03-01'
                    )
                },
                {
                    (
                        r.team_id,
                        r.points,
                        r.member_points,
                        r.team_points,
                        r.rank,
                    )
                    for r in self.board(
                        'ci.leaderboard.team', 'year', '2025-01-01'
                    )
                },
            )

        def deltas():
            self.env.cr.execute(
                "SELECT (SELECT count(*) FROM ci_point_user_delta), "
                "(SELECT count(*) FROM ci_point_team_delta)"
            )
            return self.env.cr.fetchone()

        self.assertTrue(all(deltas()))
        before = figures()
        self.env['ci.leaderboard.user']._compact_totals()
        self.assertEqual(deltas(), (0, 0))
        self.assertEqual(figures(), before)
        # and the next points land on top of the folded totals
        self.entry(self.bob, 10, '2025-03-28', self.press_team)
        people, teams = figures()
        self.assertIn((self.bob, 40, 2, 25, 1), people)
        self.assertIn((self.press_team, 72, 72, 0, 2), teams)

    def test_current_period_filter(self):
        """'This month/quarter/year' select the periods holding today (UTC)."""
        self.entry(self.bob, 1, fields.Date.today())
        for period_type in ('month', 'quarter', 'year'):
            rows = self.env['ci.leaderboard.user'].search(
                [
                    ('is_current', '=', True),
                    ('period_type', '=', period_type),
                    ('company_id', '=', self.plant.id),
                ]
            )
            self.assertEqual((rows.user_id, rows.points), (self.bob, 1))

    def test_honour_board_for_an_operator(self):
        """An operator sees everyone's rows with photo and best improvement,
        but still none of the others' ledger lines."""
        improvement = (
            self.env['ci.improvement']
            .sudo(self.carol)
            .create(
                {
                    'title': 'Quick die change',
                    'problem': 'Long setups',
                    'company_id': self.plant.id,
                }
            )
        )
        improvement.sudo(self.carol).action_submit()
        # (its submission earned Carol points today already: another rule here)
        self.entry(
            self.carol,
            9,
            '2025-03-05',
            self.paint_team,
            rule=self.impact_rule,
            source=('ci.improvement', improvement.id),
        )
        self.entry(
            self.carol,
            2,
            '2025-03-06',
            self.paint_team,
            source=('ci.improvement', 999999),
        )
        rows = self.board(
            'ci.leaderboard.user', 'month', '2025-03-01', user=self.bob
        )
        self.assertEqual(
            set(rows.mapped('user_id')), {self.alice, self.bob, self.carol}
        )
        carol = rows.filtered(lambda r: r.user_id == self.carol)
        self.assertEqual(carol.best_improvement_id, improvement)
        view = self.env.ref('ci_incentive.ci_leaderboard_user_view_kanban')
        arch = (
            self.env['ci.leaderboard.user']
            .sudo(self.bob)
            .fields_view_get(view.id, 'kanban')['arch']
        )
        self.assertIn("kanban_image('res.users', 'image_small'", arch)
        own = (
            self.env['ci.point.entry']
            .sudo(self.bob)
            .search([('company_id', '=', self.plant.id)])
        )
        self.assertEqual(own.mapped('user_id'), self.bob)
        self.assertEqual(
            sum(own.mapped('points')), 30 + 12 - 25
        )  # the "My Points" balance

    def test_boards_are_read_only_and_per_company(self):
        row = self.board('ci.leaderboard.user', 'month', '2025-03-01')[:1]
        with self.assertRaises(AccessError):
            row.sudo(self.boss).write({'points': 1000})
        self.assertFalse(
            self.board(
                'ci.leaderboard.user', 'month', '2025-03-01', user=self.user_ci
            )
        )
