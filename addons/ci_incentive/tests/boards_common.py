# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.ci_process.tests.common import CiCase


class BoardsCase(CiCase):
    """A company of its own (no demo points in its rankings), three people,
    two teams (Alice in both), point rules, and a helper writing ledger
    entries as the awarders do."""

    @classmethod
    def setUpClass(cls):
        super(BoardsCase, cls).setUpClass()
        cls.plant = cls.env['res.company'].create({'name': 'Boards Plant'})
        cls.alice = cls.make_user(
            'boards_alice', ['base.group_user'], cls.plant
        )
        cls.bob = cls.make_user('boards_bob', ['base.group_user'], cls.plant)
        cls.carol = cls.make_user(
            'boards_carol', ['base.group_user'], cls.plant
        )
        cls.boss = cls.make_user(
            'boards_boss',
            ['base.group_user', 'ci_process.group_ci_manager'],
            cls.plant,
        )
        Team = cls.env['ci.team']
        cls.press_team = Team.create(
            {
                'name': 'Press team',
                'company_id': cls.plant.id,
                'member_ids': [(6, 0, (cls.alice | cls.bob).ids)],
            }
        )
        cls.paint_team = Team.create(
            {
                'name': 'Paint team',
                'company_id': cls.plant.id,
                'member_ids': [(6, 0, (cls.alice | cls.carol).ids)],
            }
        )
        Rule = cls.env['ci.point.rule']
        cls.rule = Rule.create(
            {
                'name': 'Submitted',
                'event': 'submitted',
                'points': 10,
                'recipient': 'submitter',
                'company_id': cls.plant.id,
            }
        )
        cls.impact_rule = Rule.create(
            {
                'name': 'Impact',
                'event': 'impact_verified',
                'points': 0,
                'points_per_unit': 0.01,
                'recipient': 'submitter',
                'company_id': cls.plant.id,
            }
        )
        cls.award_rule = Rule.create(
            {
                'name': 'Award',
                'event': 'award',
                'points': 50,
                'recipient': 'submitter',
                'company_id': cls.plant.id,
            }
        )
        cls.team_award_rule = Rule.create(
            {
                'name': 'Team award',
                'event': 'award',
                'points': 80,
                'recipient': 'team',
                'company_id': cls.plant.id,
            }
        )
        cls._source = 0

    @classmethod
    def entry(
        cls,
        user,
        points,
        date,
        team=None,
        kind='award',
        rule=None,
        source=None,
    ):
        """A ledger line of ``points`` for ``user`` (None: the team alone)."""
        cls._source += 1
        res_model, res_id = source or ('res.partner', cls._source)
        reversal = kind == 'reversal'
        # as the rules, reversals and redemptions write them (the ORM refuses)
        return cls.env['ci.point.entry']._insert(
            [
                {
                    'user_id': user.id if user else False,
                    'team_id': team.id if team else False,
                    'points': points,
                    'kind': kind,
                    'rule_id': (
                        (rule or cls.rule).id if kind == 'award' else False
                    ),
                    'res_model': res_model if kind == 'award' else False,
                    'res_id': res_id if kind == 'award' else False,
                    'date': date,
                    'company_id': cls.plant.id,
                    'reversed_entry_id': (
                        cls._reversible().id if reversal else False
                    ),
                    'reason': 'Correction' if reversal else False,
                }
            ]
        )

    @classmethod
    def _reversible(cls):
        return cls.env['ci.point.entry'].search(
            [('kind', '=', 'award'), ('company_id', '=', cls.plant.id)],
            order='id desc',
            limit=1,
        )

    def board(self, model, period_type, start, **kw):
        return (
            self.env[model]
            .sudo(kw.get('user', self.env.user))
            .search(
                [
                    ('period_type', '=', period_type),
                    ('period_start', '=', start),
                    ('company_id', '=', self.plant.id),
                ],
                order='rank, id',
            )
        )
