# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    """Files that are part of a record of the past do not change: those of a
    standard submitted or approved (a new draft gets copies), and those
    posted in the chatter of the suite's records (the evidence of an alert or
    a signal, what was said in a review)."""

    _inherit = 'ir.attachment'

    def _ci_frozen(self):
        """{attachment: why} for these attachments that are frozen."""
        if not self.ids:
            return {}
        # the link tables themselves: the caller may not read every version
        # or message, and the answer must not depend on it
        self.env.cr.execute(
            """
            SELECT rel.attachment_id, 'sop'
              FROM ci_sop_version_attachment_rel rel
              JOIN ci_sop_version v ON v.id = rel.version_id
             WHERE v.state != 'draft' AND rel.attachment_id IN %(ids)s
             UNION
            SELECT rel.attachment_id, 'chatter'
              FROM message_attachment_rel rel
              JOIN mail_message m ON m.id = rel.message_id
             WHERE m.model LIKE 'ci.%%' AND rel.attachment_id IN %(ids)s""",
            {'ids': tuple(self.ids)},
        )
        return dict(self.env.cr.fetchall())

    def _ci_check_frozen(self):
        frozen = self._ci_frozen()
        if not frozen:
            return
        names = ', '.join(self.browse(list(frozen)).mapped('name'))
        if 'sop' in frozen.values():
            raise UserError(
                _(
                    "%(files)s: part of a submitted or approved SOP version, "
                    "it does not change. "
                    "Draft a new version: it gets copies of the files."
                )
                % {'files': names}
            )
        raise UserError(
            _(
                "%(files)s: posted in the history of a continuous improvement "
                "record, it does "
                "not change. Post a new file instead."
            )
            % {'files': names}
        )

    def write(self, vals):
        self._ci_check_frozen()
        return super(IrAttachment, self).write(vals)

    def unlink(self):
        self._ci_check_frozen()
        return super(IrAttachment, self).unlink()
