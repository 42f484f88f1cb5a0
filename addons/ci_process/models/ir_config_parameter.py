# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

PUBLIC_URL_KEY = 'ci_process.public_url'


class IrConfigParameter(models.Model):
    _inherit = 'ir.config_parameter'

    @api.model
    def _ci_public_url(self):
        """The address the plant's phones and mail readers reach the server
        at (Settings > General Settings > Continuous Improvement), without a
        trailing slash; web.base.url when it is not set (web.base.url is the
        address of the last admin's browser, often http://localhost:8069)."""
        # sudo: system parameters are readable by administrators only
        params = self.sudo()
        url = (
            params.get_param(PUBLIC_URL_KEY)
            or params.get_param('web.base.url')
            or ''
        )
        return url.strip().rstrip('/')
