# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CiLeaderboardTeam(models.Model):
    """Team leaderboard (SQL view): one row per team, company and period.

    A team's score for a period = the points of the ledger entries whose
    ``team_id`` is the team: its members' entries earned for it plus the
    team-only entries (team awards), reversals deducted, redemptions left
    out. Each entry counts for one team only, the one it was earned for: a
    member of several teams adds to each team only the points earned for
    it (``ci.point.entry.team_id``: the team of the improvement's work
    center, else the person's first team); entries without a team count for
    no team. ``member_points`` and ``team_points`` split the score.
    """

    _name = 'ci.leaderboard.team'
    _inherit = 'ci.leaderboard.mixin'
    _description = 'Leaderboard: Teams'
    _auto = False
    _rec_name = 'team_id'
    _order = 'period_start desc, period_type, rank, team_id'
    _holder = 'team_id'
    _totals_table = 'ci_point_team_total'
    _totals_columns = ('member_points', 'team_points')

    team_id = fields.Many2one('ci.team', readonly=True)
    member_points = fields.Integer(
        string="Members' points",
        readonly=True,
        help="Points the members earned for the team.",
    )
    team_points = fields.Integer(
        string='Team awards',
        readonly=True,
        help="Points awarded to the team as a whole.",
    )

    @api.model_cr
    def init(self):
        # the totals table is (re)created by ci.leaderboard.user's init, which
        # runs first
        self._create_view()
