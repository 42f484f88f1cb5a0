# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .boards_common import BoardsCase


class TestCiBoard(BoardsCase):
    """The plant's floor board (CI Users who are not engineers) and staff
    board (engineers and managers, no awards); Eve, an engineer of the press
    team, earns the most points in March 2025."""

    @classmethod
    def setUpClass(cls):
        super(TestCiBoard, cls).setUpClass()
        cls.eve = cls.make_user(
            'boards_eve',
            ['base.group_user', 'ci_process.group_ci_engineer'],
            cls.plant,
        )
        cls.press_team.member_ids |= cls.eve
        Board = cls.env['ci.board'].sudo(cls.boss)
        cls.floor = Board.create(
            {
                'name': 'Floor',
                'sequence': 10,
                'company_id': cls.plant.id,
                'group_ids': [
                    (6, 0, cls.env.ref('ci_process.group_ci_user').ids)
                ],
                'exclude_group_ids': [
                    (6, 0, cls.env.ref('ci_process.group_ci_engineer').ids)
                ],
            }
        )
        cls.staff = Board.create(
            {
                'name': 'Staff',
                'sequence': 20,
                'company_id': cls.plant.id,
                'group_ids': [
                    (6, 0, cls.env.ref('ci_process.group_ci_engineer').ids)
                ],
                'has_improver_award': False,
                'has_team_award': False,
                'has_impact_award': False,
            }
        )
        cls.members_rule = cls.env['ci.point.rule'].create(
            {
                'name': 'Award to members',
                'event': 'award',
                'points': 7,
                'recipient': 'members',
                'company_id': cls.plant.id,
            }
        )
        fix = (
            cls.env['ci.improvement']
            .sudo(cls.bob)
            .create(
                {'title': 'Fix', 'problem': 'p', 'company_id': cls.plant.id}
            )
            .sudo()
        )
        fix.action_submit()
        cls.fix = fix
        source = ('ci.improvement', fix.id)
        cls.entry(cls.eve, 100, '2025-03-03', cls.press_team)
        cls.entry(cls.alice, 60, '2025-03-04', cls.press_team)
        cls.entry(cls.bob, 20, '2025-03-05', cls.press_team)
        cls.entry(cls.carol, 30, '2025-03-06', cls.paint_team)
        # the fix's verified impact credits the engineer and the operator
        cls.entry(
            cls.eve,
            40,
            '2025-03-10',
            cls.press_team,
            rule=cls.impact_rule,
            source=source,
        )
        cls.entry(
            cls.bob,
            5,
            '2025-03-11',
            cls.press_team,
            rule=cls.impact_rule,
            source=source,
        )

    def march(self, user=None):
        rows = self.board(
            'ci.leaderboard.user', 'month', '2025-03-01', user=user
        )
        return {
            row.user_id: (row.rank, row.board_id, row.board_rank, row.points)
            for row in rows
        }

    def grant(self):
        return self.env['ci.award']._grant_awards(
            datetime.date(2025, 3, 1), self.plant
        )

    def test_members_floor_excludes_staff(self):
        """The floor board has the plant's CI Users but no engineer or manager;
        staff has those."""
        floor, staff = self.floor._member_ids(), self.staff._member_ids()
        self.assertTrue({self.alice.id, self.bob.id, self.carol.id} <= floor)
        self.assertFalse({self.eve.id, self.boss.id} & floor)
        self.assertTrue({self.eve.id, self.boss.id} <= staff)
        self.assertFalse(floor & staff)
        self.assertEqual(
            self.env['ci.board']._of_user(self.eve, self.plant), self.staff
        )
        self.assertEqual(self.floor.member_count, len(floor))

    def test_board_rank(self):
        """The company rank counts everyone; the board rank only the board's
        people."""
        self.assertEqual(
            self.march(user=self.carol),
            {
                self.eve: (1, self.staff, 1, 140),
                self.alice: (2, self.floor, 1, 60),
                self.carol: (3, self.floor, 2, 30),
                self.bob: (4, self.floor, 3, 25),
            },
        )

    def test_floor_awards_go_to_floor_people(self):
        """Eve tops the company, yet the floor's awards, badges and points go
        to floor people only."""
        awards = self.grant()
        nobody, no_team = self.env['res.users'], self.env['ci.team']
        self.assertEqual(
            {(a.kind, a.board_id, a.user_id, a.team_id) for a in awards},
            {
                ('top_points', self.floor, self.alice, no_team),
                ('top_team', self.floor, nobody, self.press_team),
                ('best_impact', self.floor, self.bob, no_team),
            },
        )
        badges = self.env['gamification.badge.user'].search(
            [('ci_award_id', 'in', awards.ids)]
        )
        self.assertEqual(badges.mapped('user_id'), self.alice | self.bob)
        entries = self.env['ci.point.entry'].search(
            [('res_model', '=', 'ci.award'), ('res_id', 'in', awards.ids)]
        )
        self.assertNotIn(self.eve, entries.mapped('user_id'))
        self.assertIn(
            self.bob,
            entries.filtered(lambda e: e.rule_id == self.members_rule).mapped(
                'user_id'
            ),
        )
        # the staff board gives awards once a manager says so: Eve's own,
        # beside the floor's
        self.staff.sudo(self.boss).has_improver_award = True
        again = self.grant()
        self.assertEqual(
            again - awards, again.filtered(lambda a: a.board_id == self.staff)
        )
        self.assertEqual(
            {(a.kind, a.user_id) for a in again - awards},
            {('top_points', self.eve)},
        )
        self.assertEqual(self.grant(), again)

    def test_only_managers_configure_boards(self):
        """An operator and an engineer read the boards; creating or changing
        one is refused."""
        for user in (self.alice, self.eve):
            self.assertEqual(
                self.env['ci.board'].sudo(user).search([]),
                self.floor | self.staff,
            )
            with self.assertRaises(AccessError):
                self.env['ci.board'].sudo(user).create(
                    {
                        'name': 'Mine',
                        'company_id': self.plant.id,
                        'user_ids': [(6, 0, user.ids)],
                    }
                )
            with self.assertRaises(AccessError):
                self.floor.sudo(user).write({'exclude_group_ids': [(5,)]})
        with self.assertRaises(ValidationError):
            self.env['ci.board'].sudo(self.boss).create(
                {'name': 'Nobody', 'company_id': self.plant.id}
            )

    def test_company_scoping(self):
        """Another company's boards are neither shown nor ranked with; the
        plant's rows carry its boards."""
        main_floor = self.env.ref('ci_incentive.ci_board_floor')
        self.assertNotEqual(main_floor.company_id, self.plant)
        # Alice is a CI User: a member of the main company's floor too, but
        # ranked there only on its points
        self.assertIn(self.alice.id, main_floor._member_ids())
        self.assertEqual(
            {board for _r, board, _b, _p in self.march().values()},
            {self.floor, self.staff},
        )
        self.assertNotIn(
            main_floor, self.env['ci.board'].sudo(self.alice).search([])
        )
        with self.assertRaises(AccessError):
            self.env['ci.leaderboard.user'].sudo(self.alice).honour_board(
                main_floor.id
            )

    def test_honour_board(self):
        """This month's board of the caller by default, another board by id;
        bad arguments name themselves."""
        today = fields.Date.context_today(self.env['ci.award'])
        self.entry(self.eve, 9, today)
        self.entry(self.alice, 50, today)
        self.entry(self.carol, 3, today)
        Board = self.env['ci.leaderboard.user'].sudo(self.alice)
        # (Bob submitted the fix today: 10 points)
        self.assertEqual(
            [
                (r['rank'], r['user_id'], r['points'])
                for r in Board.honour_board()
            ],
            [
                (1, self.alice.id, 50),
                (2, self.bob.id, 10),
                (3, self.carol.id, 3),
            ],
        )
        self.assertEqual(
            Board.honour_board(limit=1)[0]['name'], self.alice.name
        )
        self.assertEqual(
            [r['user_id'] for r in Board.honour_board(self.staff.id)],
            [self.eve.id],
        )
        with self.assertRaises(ValidationError) as cm:
            Board.honour_board(limit=0)
        self.assertIn('Limit = 0', str(cm.exception))
        with self.assertRaises(UserError) as cm:
            Board.honour_board('floor')
        self.assertIn("Board = 'floor'", str(cm.exception))
        # the honour board screen's default filter: the caller's board
        rows = (
            self.env['ci.leaderboard.user']
            .sudo(self.eve)
            .search(
                [
                    ('is_my_board', '=', True),
                    ('company_id', '=', self.plant.id),
                ]
            )
        )
        self.assertEqual(rows.mapped('user_id'), self.eve)
