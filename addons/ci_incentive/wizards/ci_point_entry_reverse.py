# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiPointEntryReverse(models.TransientModel):
    """Asks the manager why, then writes the reversal entries."""

    _name = 'ci.point.entry.reverse'
    _description = 'Reverse Point Entries'

    def _default_entry_ids(self):
        if self.env.context.get('active_model') == 'ci.point.entry':
            return [(6, 0, self.env.context.get('active_ids', []))]
        return []

    entry_ids = fields.Many2many(
        'ci.point.entry',
        string='Entries',
        default=lambda self: self._default_entry_ids(),
    )
    reason = fields.Text(required=True)

    def action_reverse(self):
        self.env['ci.access']._check_group(
            'ci_process.group_ci_manager',
            'ci.point.entry.reverse.action_reverse',
        )
        self.ensure_one()
        reversals = self.entry_ids._reverse(self.reason)
        action = self.env.ref('ci_incentive.ci_point_entry_action').read()[0]
        action.update(
            domain=[('id', 'in', (self.entry_ids | reversals).ids)], context={}
        )
        return action
