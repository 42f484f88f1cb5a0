# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

HONOUR_BOARD_MAX = 100


class CiLeaderboardUser(models.Model):
    """Individual leaderboard (SQL view): one row per person, company and
    period (the month, quarter and year of the entries' dates).

    ``points`` = the person's awards less their reversals in the period;
    redemptions are left out (spending points does not lower one's
    standing) and shown in ``points_redeemed``. ``rank`` = competition rank
    ("1224") among the company's people for that period. The rows come from
    the totals the database keeps (see ``ci.leaderboard.mixin``), not from
    the raw ledger: everyone reads the boards, while ledger lines stay
    private to their owner.
    """

    _name = 'ci.leaderboard.user'
    _inherit = 'ci.leaderboard.mixin'
    _description = 'Leaderboard: People'
    _auto = False
    _rec_name = 'user_id'
    _order = 'period_start desc, period_type, rank, user_id'
    _holder = 'user_id'
    _totals_table = 'ci_point_user_total'
    _totals_columns = ('points_redeemed',)

    user_id = fields.Many2one('res.users', string='Person', readonly=True)
    points_redeemed = fields.Integer(
        string='Points redeemed',
        readonly=True,
        help="Points spent on rewards in the period.",
    )
    board_id = fields.Many2one(
        'ci.board',
        readonly=True,
        help="The board the person competes on (ci.board); empty when on none.",
    )
    board_rank = fields.Integer(
        string='Rank on the board',
        readonly=True,
        group_operator='min',
        help="1 for the most points of the period among the people of the board.",
    )
    is_my_board = fields.Boolean(
        string='My board',
        compute='_compute_is_my_board',
        search='_search_is_my_board',
    )

    @api.model_cr
    def init(self):
        # runs before ci.leaderboard.team's init (report/__init__.py order)
        self._create_totals()
        self._create_view()

    def _compute_is_my_board(self):
        mine = self.env['ci.board']._of_user()
        for row in self:
            row.is_my_board = row.board_id == mine

    @api.model
    def _search_is_my_board(self, operator, value):
        mine = self.env['ci.board']._of_user()
        positive = (operator == '=') == bool(value)
        return [('board_id', '=' if positive else '!=', mine.id or False)]

    @api.model
    def _view_columns(self):
        # the rank among the people of one's board (people on none: together)
        return sql.SQL(
            """, m.board_id,
                   rank() OVER (PARTITION BY t.period_type, t.period_start,
                       t.company_id, m.board_id
                                ORDER BY t.points DESC)::integer AS board_rank"""
        )

    @api.model
    def _view_joins(self):
        return sql.SQL("""
              LEFT JOIN ci_board_member m ON (m.company_id, m.user_id) =
                  (t.company_id, t.user_id)""")

    @api.model
    def honour_board(self, board=None, limit=10):
        """This month's honour board of ``board`` (a ci.board id; default:
        the board the caller competes on in their company): [{rank, user_id,
        name, points}], best first, at most ``limit`` rows (1 to 100)."""
        method = 'ci.leaderboard.user.honour_board'
        self.env['ci.access']._check_group('ci_process.group_ci_user', method)
        if (
            isinstance(limit, bool)
            or not isinstance(limit, int)
            or not 0 < limit <= HONOUR_BOARD_MAX
        ):
            raise ValidationError(
                _("Limit = %(value)r: a whole number from 1 to %(max)s.")
                % {'value': limit, 'max': HONOUR_BOARD_MAX}
            )
        Board = self.env['ci.board']
        if board is None or board is False:
            board = Board._of_user()
        elif (
            isinstance(board, bool)
            or not isinstance(board, int)
            or not Board.browse(board).exists()
        ):
            raise UserError(
                _("Board = %(value)r: no such board.") % {'value': board}
            )
        else:
            board = Board.browse(board)
            self.env['ci.access']._check_records(board, 'read', method)
        company = board.company_id or self.env.user.company_id
        rows = self.search(
            [
                ('period_type', '=', 'month'),
                ('is_current', '=', True),
                ('company_id', '=', company.id),
                ('board_id', '=', board.id or False),
            ],
            order='board_rank, user_id',
            limit=limit,
        )
        return [
            {
                'rank': row.board_rank,
                'user_id': row.user_id.id,
                'name': row.user_id.name,
                'points': row.points,
            }
            for row in rows
        ]
