# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class CiApprovalDialogMixin(models.AbstractModel):
    """An approval dialog's record (transient models have no access rules:
    any user could make one over XML-RPC). What the dialog never sends is
    refused before anything is written: a caller outside ``_dialog_group``,
    a record that is not there (not a whole number, or no such id), a
    ``_dialog_target`` record the caller may not change, a comment that is
    not text. The errors name the field and the value."""

    _name = 'ci.approval.dialog.mixin'
    _description = 'Approval Dialog'
    # the group that approves, the field of the record approved
    _dialog_group = None
    _dialog_target = None

    @api.model
    def create(self, vals):
        # the values as the record would get them, context defaults included
        vals = self._add_missing_default_values(vals)
        self._check_dialog_values(vals)
        return super(CiApprovalDialogMixin, self).create(vals)

    def write(self, vals):
        self._check_dialog_values(vals)
        return super(CiApprovalDialogMixin, self).write(vals)

    def _check_dialog_values(self, vals):
        method = '%s.%s' % (self._name, 'write' if self else 'create')
        access = self.env['ci.access']
        access._check_group(self._dialog_group, method)
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is None or value is False:
                continue
            label = field._description_string(self.env)
            if field.type == 'many2one' and (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not self.env[field.comodel_name].browse(value).exists()
            ):
                raise UserError(
                    _("%(field)s = %(value)r: no such record.")
                    % {'field': label, 'value': value}
                )
            if field.type == 'text' and not isinstance(value, str):
                raise UserError(
                    _("%(field)s = %(value)r: a comment is text.")
                    % {'field': label, 'value': value}
                )
        target = vals.get(self._dialog_target)
        if target:
            access._check_records(
                self.env[
                    self._fields[self._dialog_target].comodel_name
                ].browse(target),
                'write',
                method,
            )
