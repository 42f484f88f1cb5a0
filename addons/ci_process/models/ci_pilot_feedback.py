# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiPilotFeedback(models.Model):
    """What a participant thinks of a pilot."""

    _name = 'ci.pilot.feedback'
    _description = 'Pilot Feedback'
    _inherit = ['ci.protected.mixin']
    _order = 'create_date desc, id desc'

    pilot_id = fields.Many2one(
        'ci.pilot', required=True, ondelete='cascade', index=True
    )
    # the pilot's: what the record rule of the company reads
    company_id = fields.Many2one(
        related='pilot_id.company_id', store=True, readonly=True, index=True
    )
    user_id = fields.Many2one(
        'res.users',
        string='Participant',
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
    )
    rating = fields.Selection(
        [
            ('1', 'Much worse'),
            ('2', 'Worse'),
            ('3', 'No difference'),
            ('4', 'Better'),
            ('5', 'Much better'),
        ],
        required=True,
        default='3',
    )
    comment = fields.Text()

    def _protected_fields(self):
        res = super(CiPilotFeedback, self)._protected_fields()
        # one's own feedback, never in someone else's name
        res['user_id'] = None
        return res

    def _fixed_fields(self):
        return super(CiPilotFeedback, self)._fixed_fields() | {'pilot_id'}

    _sql_constraints = [
        (
            'pilot_user_uniq',
            'unique (pilot_id, user_id)',
            'Each participant gives one feedback per pilot: edit yours.',
        ),
    ]
