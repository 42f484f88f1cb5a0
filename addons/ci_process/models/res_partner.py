# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .mail_template import CONTEXT_KEY


class ResPartner(models.Model):
    _inherit = 'res.partner'

    @api.model
    def _notify_prepare_template_context(self, message):
        values = super(ResPartner, self)._notify_prepare_template_context(
            message
        )
        if message.model and message.model.startswith('ci.'):
            # the suite's records: links lead to the address phones reach
            values[CONTEXT_KEY] = self.env[
                'ir.config_parameter'
            ]._ci_public_url()
        return values
