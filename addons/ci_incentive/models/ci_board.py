# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Who is on which board: the people of each board's groups and its named
# people, less those of its excluded groups; a person competes on one board
# of a company only, the first (sequence, id) that takes them. Plain SQL on
# Odoo's group membership (res_groups_users_rel holds implied groups too):
# the leaderboard view joins it, no Python per row.
MEMBER_VIEW_SQL = """
    CREATE VIEW ci_board_member AS (
    SELECT DISTINCT ON (b.company_id, m.user_id) b.company_id, m.user_id, b.id
        AS board_id
      FROM ci_board b
     CROSS JOIN LATERAL (
           SELECT r.uid AS user_id
             FROM ci_board_res_groups_rel bg
             JOIN res_groups_users_rel r ON r.gid = bg.res_groups_id
            WHERE bg.ci_board_id = b.id
            UNION
           SELECT bu.res_users_id FROM ci_board_res_users_rel bu WHERE
               bu.ci_board_id = b.id) m
     WHERE b.active
       AND NOT EXISTS (SELECT 1
                         FROM ci_board_exclude_group_rel bx
                         JOIN res_groups_users_rel r ON r.gid = bx.group_id
                        WHERE bx.board_id = b.id AND r.uid = m.user_id)
     ORDER BY b.company_id, m.user_id, b.sequence, b.id
    )"""

AWARD_FIELDS = {
    'top_points': 'has_improver_award',
    'top_team': 'has_team_award',
    'best_impact': 'has_impact_award',
}


class CiBoard(models.Model):
    """A group of people who compete with each other: the honour board,
    the people's leaderboard (``board_rank``) and the monthly awards are
    scoped to a board, so the floor competes with the floor and the staff
    on their own board.

    Its people are the members of its groups and the people it names, less
    the members of its excluded groups. A person is on one board per
    company: the first (by sequence) that takes them. A company without any
    board ranks and awards all its people together."""

    _name = 'ci.board'
    _description = 'Board'
    _order = 'company_id, sequence, id'

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="A person on several boards competes on the first."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    group_ids = fields.Many2many(
        'res.groups',
        'ci_board_res_groups_rel',
        'ci_board_id',
        'res_groups_id',
        string='Groups',
        help="Everyone in these groups is on the board.",
    )
    exclude_group_ids = fields.Many2many(
        'res.groups',
        'ci_board_exclude_group_rel',
        'board_id',
        'group_id',
        string='Excluded groups',
        help="Nobody in these groups is on the board, even when named below.",
    )
    user_ids = fields.Many2many(
        'res.users',
        'ci_board_res_users_rel',
        'ci_board_id',
        'res_users_id',
        string='Named people',
        help="People on the board besides its groups.",
    )
    has_improver_award = fields.Boolean(
        string='Improver of the month',
        default=True,
        help="The board's top scorer of a month wins the award.",
    )
    has_team_award = fields.Boolean(
        string='Team of the month',
        default=True,
        help="The best team with people on the board wins; its people on the "
        "board get the badge.",
    )
    has_impact_award = fields.Boolean(
        string='Best verified impact',
        default=True,
        help="The board's people credited for the largest verified benefit win.",
    )
    member_count = fields.Integer(
        string='People on the board', compute='_compute_member_count'
    )

    @api.model_cr
    def init(self):
        # the leaderboard view reads it: dropped with it, made again by its
        # init (which runs after)
        self.env.cr.execute("DROP VIEW IF EXISTS ci_board_member CASCADE")
        self.env.cr.execute(MEMBER_VIEW_SQL)

    def _compute_member_count(self):
        counts = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT board_id, count(*) FROM ci_board_member WHERE board_id IN %s "
                "GROUP BY board_id",
                (tuple(self.ids),),
            )
            counts = dict(self.env.cr.fetchall())
        for board in self:
            board.member_count = counts.get(board.id, 0)

    @api.constrains('name', 'group_ids', 'user_ids')
    def _check_people(self):
        for board in self:
            if not board.group_ids and not board.user_ids:
                raise ValidationError(
                    _(
                        "Board %(board)s: Groups and Named people are both "
                        "empty; name a group "
                        "or a person."
                    )
                    % {'board': board.name}
                )

    def action_view_honour_board(self):
        """The board's honour board (this month)."""
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.board.action_view_honour_board'
        )
        action = self.env.ref(
            'ci_incentive.ci_leaderboard_user_action_honour'
        ).read()[0]
        action.update(
            name=self.name,
            domain=[('board_id', '=', self.id)],
            context={'search_default_this_month': 1},
        )
        return action

    def _member_ids(self):
        """Ids of the people on these boards."""
        if not self:
            return set()
        self.env.cr.execute(
            "SELECT user_id FROM ci_board_member WHERE board_id IN %s",
            (tuple(self.ids),),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _award_kinds(self):
        """The monthly awards of the board (every kind when there is no board)."""
        return [
            kind
            for kind, field in AWARD_FIELDS.items()
            if not self or self[field]
        ]

    @api.model
    def _of_user(self, user=None, company=None):
        """The board ``user`` competes on in ``company`` (defaults: the
        current user, their company); empty when on none."""
        user = user or self.env.user
        company = company or user.company_id
        self.env.cr.execute(
            "SELECT board_id FROM ci_board_member WHERE user_id = %s AND "
            "company_id = %s",
            (user.id, company.id),
        )
        row = self.env.cr.fetchone()
        return self.browse(row[0] if row else [])
