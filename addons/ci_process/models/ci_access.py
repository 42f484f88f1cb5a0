# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError


class CiAccess(models.AbstractModel):
    """Who may call a public method.

    Odoo 11 lets any user call any public method of a model over XML-RPC,
    with any ids and arguments: each public method of the suite checks its
    caller first, with these (docs/api.md, "Who may call what", lists who
    may call what). Methods that read in SQL filter their rows with
    ``_company_ids``, the companies the record rules let the user see.
    """

    _name = 'ci.access'
    _description = 'Method Access Checks'

    @api.model
    def _check_group(self, group_xmlid, method):
        """Raise AccessError unless the user is in ``group_xmlid``; ``method``
        ('model.method') names the call refused."""
        if not self.env.user.has_group(group_xmlid):
            raise AccessError(
                _("Only a %(group)s may call %(method)s.")
                % {'group': self.env.ref(group_xmlid).name, 'method': method}
            )

    @api.model
    def _check_records(self, records, operation, method):
        """Raise AccessError unless the user may ``operation`` ('read',
        'write', 'create', 'unlink') on ``records``: the model's access
        rights, and the record rules on the records."""
        try:
            records.check_access_rights(operation)
            records.check_access_rule(operation)
        except AccessError as err:
            raise AccessError(
                _("%(method)s refused: %(reason)s")
                % {'method': method, 'reason': err.name}
            )

    @api.model
    def _company_ids(self):
        """Ids of the companies whose data the user sees, as the suite's
        record rules say: the user's company and its children."""
        # sudo: a user may not read the companies below its own
        return (
            self.env['res.company']
            .sudo()
            .search([('id', 'child_of', self.env.user.company_id.ids)])
            .ids
        )

    @api.model
    def _check_company(self, company, method):
        """Raise AccessError unless ``company`` is one whose data the user sees."""
        if company and company.id not in self._company_ids():
            raise AccessError(
                _(
                    "%(method)s refused: the data of company %(company)s is "
                    "not yours to read."
                )
                % {'method': method, 'company': company.sudo().name}
            )
