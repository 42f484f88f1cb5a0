# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
    points_redeemed = fields.Integer(string='Points redeemed', readonly=True,
                                     help="Points spent on rewards in the period.")

    @api.model_cr
    def init(self):
        # runs before ci.leaderboard.team's init (models/__init__.py order)
        self._create_totals()
        self._create_view()
