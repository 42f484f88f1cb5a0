# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class CiSopVersion(models.Model):
    _inherit = 'ci.sop.version'

    def _on_approved(self):
        """The process may have changed: the characteristics measured on the
        operation start a new phase on the version's effective date."""
        res = super(CiSopVersion, self)._on_approved()
        Char = self.env['ci.spc.characteristic']
        for version in self:
            domain = [('operation_id', '=', version.operation_id.id)]
            if version.product_id:
                domain += [
                    '|',
                    ('product_id', '=', False),
                    ('product_id', '=', version.product_id.id),
                ]
            # sudo: the manager approving the standard starts the phases of
            # every characteristic concerned, whoever owns them
            Char.sudo().search(domain)._start_phase_for_version(version)
        return res
