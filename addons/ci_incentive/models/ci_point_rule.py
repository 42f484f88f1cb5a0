# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

EVENTS = [
    ('submitted', 'Improvement submitted'),
    ('approved', 'Improvement approved'),
    ('pilot_completed', 'Pilot completed'),
    ('standardized', 'Improvement standardized'),
    ('impact_verified', 'Impact verified'),
    ('sop_review_done', 'SOP review done'),
    ('reuse', 'Standard reused elsewhere'),
    ('award', 'Periodic award'),
]
RECIPIENTS = [
    ('submitter', 'Submitter'),
    ('members', 'Members'),
    ('reviewer', 'Reviewer'),
    ('owner', 'Owner'),
    ('team', 'Team'),
]
CAP_PERIODS = [
    ('month', 'Month'),
    ('quarter', 'Quarter'),
    ('year', 'Year'),
]


class CiPointRule(models.Model):
    """How many points an event of the improvement process is worth, and to whom."""
    _name = 'ci.point.rule'
    _description = 'Point Rule'
    _order = 'event, sequence, id'

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    event = fields.Selection(EVENTS, required=True, index=True)
    points = fields.Integer()
    points_per_unit = fields.Float(
        string='Points per unit of benefit', digits=(16, 4),
        help="Verified impact: points for each unit (of the company currency) of actual "
             "yearly benefit, on top of the fixed points.")
    recipient = fields.Selection(RECIPIENTS, required=True, default='submitter')
    cap_points = fields.Integer(
        string='Cap (points)',
        help="Most points one person (or team) receives from this rule in one period; 0 means no cap.")
    cap_period = fields.Selection(CAP_PERIODS, string='Cap period', required=True, default='month')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one('res.company', required=True, index=True,
                                 default=lambda self: self.env.user.company_id)
