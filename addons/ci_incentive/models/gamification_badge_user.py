# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class GamificationBadgeUser(models.Model):
    """A badge grant remembers the monthly award it came from: the award
    job grants a badge once per award and person, however often it runs."""
    _inherit = 'gamification.badge.user'

    ci_award_id = fields.Many2one('ci.award', string='Monthly Award', readonly=True,
                                  index=True, ondelete='cascade')
