# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CiImprovementApprove(models.TransientModel):
    """Asks the reviewer who carries the improvement, then approves it."""

    _name = 'ci.improvement.approve'
    _description = 'Approve Improvement'
    _inherit = 'ci.approval.dialog.mixin'
    _dialog_group = 'ci_process.group_ci_engineer'
    _dialog_target = 'improvement_id'

    improvement_id = fields.Many2one(
        'ci.improvement', required=True, ondelete='cascade'
    )
    company_id = fields.Many2one(
        related='improvement_id.company_id', readonly=True
    )
    # the group an owner needs, for the owner's domain in the dialog
    owner_group_id = fields.Many2one(
        'res.groups', compute='_compute_owner_group_id'
    )
    owner_id = fields.Many2one(
        'res.users',
        required=True,
        domain="[('share', '=', False), ('company_ids', 'in', [company_id]), "
        "('groups_id', 'in', [owner_group_id])]",
        help="Who carries the improvement through pilot and adoption: a CI "
        "Engineer of its company.",
    )
    comment = fields.Text(
        help="Posted in the improvement's chatter with the approval."
    )

    @api.depends('improvement_id')
    def _compute_owner_group_id(self):
        group = self.env.ref('ci_process.group_ci_engineer')
        for wizard in self:
            wizard.owner_group_id = group

    def action_approve(self):
        self.env['ci.access']._check_group(
            'ci_process.group_ci_engineer',
            'ci.improvement.approve.action_approve',
        )
        for wizard in self:
            wizard.improvement_id._approve_with_owner(
                wizard.owner_id, wizard.comment
            )
        return {'type': 'ir.actions.act_window_close'}
