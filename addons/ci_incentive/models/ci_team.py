# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CiTeam(models.Model):
    """A team of the shop floor: a leader, members and the work centers it
    looks after. A user may belong to several teams; points earned on a work
    center go to the team that looks after it (see ``_team_for``).

    No workflow-owned field (hence no ``ci.protected.mixin``): every field
    is the CI Managers' configuration, ``member_count`` is computed and not
    stored."""

    _name = 'ci.team'
    _description = 'Improvement Team'
    _order = 'name, id'

    name = fields.Char(required=True)
    leader_id = fields.Many2one('res.users', index=True)
    member_ids = fields.Many2many(
        'res.users', 'ci_team_member_rel', 'team_id', 'user_id'
    )
    workcenter_ids = fields.Many2many(
        'mrp.workcenter',
        'ci_team_workcenter_rel',
        'team_id',
        'workcenter_id',
        string='Work Centers',
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    active = fields.Boolean(default=True)
    image = fields.Binary(attachment=True, help="Shown on the honour board.")
    member_count = fields.Integer(compute='_compute_member_count')

    @api.depends('member_ids')
    def _compute_member_count(self):
        for team in self:
            team.member_count = len(team.member_ids)

    @api.model
    def _team_for(self, user, workcenter, company):
        """The team ``user`` earns points for on ``workcenter``: among the
        user's teams (as member or leader), the one looking after the work
        center, else the first one; empty when the user is in no team."""
        if not user:
            return self.browse()
        teams = self.search(
            [
                ('company_id', '=', company.id),
                '|',
                ('member_ids', 'in', user.ids),
                ('leader_id', '=', user.id),
            ]
        )
        if workcenter:
            matching = teams.filtered(lambda t: workcenter in t.workcenter_ids)
            if matching:
                return matching[0]
        return teams[:1]

    @api.model
    def _team_of_workcenter(self, workcenter, company):
        """The (first) team that looks after ``workcenter``."""
        if not workcenter:
            return self.browse()
        return self.search(
            [
                ('company_id', '=', company.id),
                ('workcenter_ids', 'in', workcenter.ids),
            ],
            limit=1,
        )
