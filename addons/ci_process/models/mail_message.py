# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

from .ci_protected_mixin import GRANT_KEY, _Grant

MARKS = ('ci_msg_key', 'ci_msg_args')


class MailMessage(models.Model):
    """System messages of the suite are read in the reader's language (see
    ci.message): their template and arguments are kept beside the body."""

    _inherit = 'mail.message'

    ci_msg_key = fields.Char(
        string='System Message', readonly=True, copy=False
    )
    ci_msg_args = fields.Text(
        string='System Message Arguments', readonly=True, copy=False
    )

    @api.model
    def _get_default_from(self):
        """Operators on the shop floor often have no mail address of their
        own: Odoo would refuse every message they cause (an idea submitted,
        a state tracked). Their messages keep them as author and go out
        from their company's address."""
        user = self.env.user
        if user.email:
            return super(MailMessage, self)._get_default_from()
        company = user.company_id
        # sudo: the catchall domain is a system parameter, not the user's to read
        domain = (
            self.env['ir.config_parameter']
            .sudo()
            .get_param('mail.catchall.domain')
        )
        address = company.email or 'noreply@%s' % (domain or 'localhost')
        return tools.formataddr((user.name, address))

    def _check_ci_marks(self, vals):
        grant = self.env.context.get(GRANT_KEY)
        # present at all, even empty: clearing a mark is changing it
        marks = sorted(name for name in MARKS if name in vals)
        if marks and not (
            isinstance(grant, _Grant) and self._name in grant.models
        ):
            raise AccessError(
                _("Only the suite marks its own system messages (%s).")
                % ', '.join(marks)
            )

    @api.model
    def create(self, vals):
        self._check_ci_marks(vals)
        return super(MailMessage, self).create(vals)

    @api.multi
    def write(self, vals):
        self._check_ci_marks(vals)
        return super(MailMessage, self).write(vals)

    @api.multi
    def read(self, fields=None, load='_classic_read'):
        result = super(MailMessage, self).read(fields=fields, load=load)
        if not fields or 'body' in fields:
            self.env['ci.message']._localize_bodies(result)
        return result

    def _message_read_dict_postprocess(self, messages, message_tree):
        res = super(MailMessage, self)._message_read_dict_postprocess(
            messages, message_tree
        )
        self.env['ci.message']._localize_trackings(messages)
        return res
