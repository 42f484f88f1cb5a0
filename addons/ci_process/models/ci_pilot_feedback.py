# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiPilotFeedback(models.Model):
    """What a participant thinks of a pilot."""
    _name = 'ci.pilot.feedback'
    _description = 'Pilot Feedback'
    _order = 'create_date desc, id desc'

    pilot_id = fields.Many2one('ci.pilot', required=True, ondelete='cascade', index=True)
    user_id = fields.Many2one('res.users', string='Participant', required=True,
                              default=lambda self: self.env.user, readonly=True)
    rating = fields.Selection([
        ('1', 'Much worse'), ('2', 'Worse'), ('3', 'No difference'), ('4', 'Better'),
        ('5', 'Much better'),
    ], required=True, default='3')
    comment = fields.Text()

    _sql_constraints = [
        ('pilot_user_uniq', 'unique (pilot_id, user_id)',
         'Each participant gives one feedback per pilot: edit yours.'),
    ]
