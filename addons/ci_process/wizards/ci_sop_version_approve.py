# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import html_escape


class CiSopVersionApprove(models.TransientModel):
    """Approving a standard: the approver's comment, and a warning when the
    new version drops steps of the one in force."""

    _name = 'ci.sop.version.approve'
    _description = 'Approve SOP Version'
    _inherit = 'ci.approval.dialog.mixin'
    _dialog_group = 'ci_process.group_ci_manager'
    _dialog_target = 'version_id'

    version_id = fields.Many2one(
        'ci.sop.version', required=True, ondelete='cascade'
    )
    version_in_force_id = fields.Many2one(
        'ci.sop.version',
        string='Version in Force',
        compute='_compute_removed_steps',
    )
    removed_steps_html = fields.Html(
        string='Steps removed',
        compute='_compute_removed_steps',
        sanitize=False,
    )
    has_removed_steps = fields.Boolean(compute='_compute_removed_steps')
    comment = fields.Text(
        help="Kept on the version and posted in its chatter."
    )

    @api.depends('version_id')
    def _compute_removed_steps(self):
        for wizard in self:
            version = wizard.version_id
            steps = version._removed_steps() if version else []
            wizard.version_in_force_id = (
                version._version_in_force() if version else False
            )
            wizard.has_removed_steps = bool(steps)
            wizard.removed_steps_html = (
                '<ul class="o_ci_removed_steps">%s</ul>'
                % ''.join('<li>%s</li>' % html_escape(step) for step in steps)
                if steps
                else False
            )

    def action_approve(self):
        self.env['ci.access']._check_group(
            'ci_process.group_ci_manager',
            'ci.sop.version.approve.action_approve',
        )
        for wizard in self:
            wizard.version_id.action_approve(comment=wizard.comment)
        return {'type': 'ir.actions.act_window_close'}
