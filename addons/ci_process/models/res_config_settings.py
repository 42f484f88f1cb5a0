# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug import urls

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .ir_config_parameter import PUBLIC_URL_KEY


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    ci_public_url = fields.Char(
        string='Public Address',
        help="The address phones and mail readers reach this server at, e.g. "
        "http://192.168.1.20:8069 "
        "or https://ci.plant.example.com: QR labels of the work centers and "
        "links in notification "
        "mails of the suite use it. Empty: the server's base URL (web.base.url).",
    )

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        # sudo: system parameters are read by administrators only (who alone
        # open Settings)
        res['ci_public_url'] = (
            self.env['ir.config_parameter'].sudo().get_param(PUBLIC_URL_KEY)
            or False
        )
        return res

    def set_values(self):
        # Settings are the administrators': the sudo below writes for them only
        self.env['ci.access']._check_group(
            'base.group_system', 'res.config.settings.set_values'
        )
        res = super(ResConfigSettings, self).set_values()
        # sudo: written from Settings, which only administrators open
        self.env['ir.config_parameter'].sudo().set_param(
            PUBLIC_URL_KEY, (self.ci_public_url or '').strip() or False
        )
        return res

    @api.constrains('ci_public_url')
    def _check_ci_public_url(self):
        for settings in self.filtered('ci_public_url'):
            url = urls.url_parse(settings.ci_public_url.strip())
            if (
                url.scheme not in ('http', 'https')
                or not url.netloc
                or url.query
                or url.fragment
            ):
                raise ValidationError(
                    _(
                        "Public Address: %(value)r is not an address like "
                        "http://192.168.1.20:8069 or "
                        "https://ci.example.com."
                    )
                    % {'value': settings.ci_public_url}
                )
