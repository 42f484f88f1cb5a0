# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import lxml.html
from werkzeug import urls

from odoo import api, models

CONTEXT_KEY = 'ci_public_url'


class MailTemplate(models.Model):
    _inherit = 'mail.template'

    @api.model
    def _replace_local_links(self, html):
        """Links in the notification mails of the suite's records lead to the
        public address (see res.partner._notify_prepare_template_context),
        not to web.base.url."""
        html = super(MailTemplate, self)._replace_local_links(html)
        public = self.env.context.get(CONTEXT_KEY)
        if not html or not public:
            return html
        base = urls.url_parse(
            self.env['ir.config_parameter'].sudo().get_param('web.base.url')
            or ''
        )
        prefix = '%s://%s' % (base.scheme, base.netloc)
        if not base.netloc or prefix == public:
            return html
        root = lxml.html.fromstring('<div>%s</div>' % html)
        for node in root.iter():
            for attr in ('href', 'src'):
                value = node.get(attr)
                if value and (
                    value == prefix or value.startswith(prefix + '/')
                ):
                    node.set(attr, public + value[len(prefix) :])
        html = lxml.html.tostring(
            root, pretty_print=False, method='html', encoding='unicode'
        )
        return html[5:-6]
