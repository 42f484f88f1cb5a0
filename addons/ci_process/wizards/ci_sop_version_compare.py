# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import sop_diff


class CiSopVersionCompare(models.TransientModel):
    """Two versions of a standard side by side, the differences highlighted."""

    _name = 'ci.sop.version.compare'
    _description = 'Compare SOP Versions'

    version_old_id = fields.Many2one(
        'ci.sop.version', string='Old Version', required=True
    )
    version_new_id = fields.Many2one(
        'ci.sop.version', string='New Version', required=True
    )
    diff_html = fields.Html(
        string='Differences', compute='_compute_diff_html', sanitize=False
    )
    change_summary = fields.Text(
        related='version_new_id.change_summary', readonly=True
    )

    @api.depends('version_old_id', 'version_new_id')
    def _compute_diff_html(self):
        for wizard in self:
            old, new = wizard.version_old_id, wizard.version_new_id
            if not (old and new):
                wizard.diff_html = False
                continue
            wizard.diff_html = sop_diff.diff_table(
                old.content, new.content, old.name, new.name
            )

    @api.constrains('version_old_id', 'version_new_id')
    def _check_same_sop(self):
        for wizard in self:
            if wizard.version_old_id.sop_id != wizard.version_new_id.sop_id:
                raise ValidationError(
                    _("%(old)s and %(new)s are versions of different SOPs.")
                    % {
                        'old': wizard.version_old_id.name,
                        'new': wizard.version_new_id.name,
                    }
                )
