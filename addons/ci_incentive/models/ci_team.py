# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiTeam(models.Model):
    """A team of the shop floor: a leader, members and the work centers it
    looks after. A user may belong to several teams; points earned on a work
    center go to the team that looks after it (see ``_team_for``)."""
    _name = 'ci.team'
    _description = 'Improvement Team'
    _order = 'name, id'

    name = fields.Char(required=True)
    leader_id = fields.Many2one('res.users', index=True)
    member_ids = fields.Many2many('res.users', 'ci_team_member_rel', 'team_id', 'user_id')
    workcenter_ids = fields.Many2many('mrp.workcenter', 'ci_team_workcenter_rel', 'team_id',
                                      'workcenter_id', string='Work Centers')
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    active = fields.Boolean(default=True)
    image = fields.Binary(attachment=True, help="Shown on the honour board.")
