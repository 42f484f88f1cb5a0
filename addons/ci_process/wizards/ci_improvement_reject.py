# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiImprovementReject(models.TransientModel):
    """Asks the reviewer why, then rejects."""

    _name = 'ci.improvement.reject'
    _description = 'Reject Improvement'

    improvement_ids = fields.Many2many('ci.improvement', string='Improvements')
    reason = fields.Text(required=True)

    def action_reject(self):
        self.env['ci.access']._check_group(
            'ci_process.group_ci_engineer',
            'ci.improvement.reject.action_reject',
        )
        self.ensure_one()
        self.improvement_ids.action_reject(reason=self.reason)
        return {'type': 'ir.actions.act_window_close'}
