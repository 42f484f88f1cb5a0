# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiRewardRedemptionRefuse(models.TransientModel):
    """Asks the manager why, then refuses the requests."""

    _name = 'ci.reward.redemption.refuse'
    _description = 'Refuse Redemption'

    redemption_ids = fields.Many2many(
        'ci.reward.redemption', string='Redemptions'
    )
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.env['ci.access']._check_group(
            'ci_process.group_ci_manager',
            'ci.reward.redemption.refuse.action_refuse',
        )
        self.ensure_one()
        self.redemption_ids.action_refuse(reason=self.reason)
        return {'type': 'ir.actions.act_window_close'}
