# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class CiActivityMixin(models.AbstractModel):
    """To-dos on a record, for models that also inherit
    ``mail.activity.mixin``.

    One of the suite's mixins (``ci.<what>.mixin`` in
    ``models/ci_<what>_mixin.py``). The caller's rights apply: elevate (and
    say why) before calling for someone else's to-do.
    """

    _name = 'ci.activity.mixin'
    _description = 'To-dos'

    def _activity_values(self, activity_type, user):
        self.ensure_one()
        return {
            'res_id': self.id,
            'res_model_id': self.env['ir.model']._get(self._name).id,
            'activity_type_id': activity_type.id,
            'user_id': user.id,
        }

    def _pending_activity(self, activity_type, user):
        """The to-do of ``activity_type`` ``user`` has open on the record,
        if any."""
        values = self._activity_values(activity_type, user)
        return self.env['mail.activity'].search(
            [(key, '=', value) for key, value in values.items()], limit=1
        )

    def _schedule_activity(
        self, activity_type, user, summary, date_deadline=None, note=None
    ):
        """A to-do of ``activity_type`` for ``user`` on the record, due
        ``date_deadline`` (default: today)."""
        values = dict(
            self._activity_values(activity_type, user), summary=summary
        )
        if date_deadline:
            values['date_deadline'] = date_deadline
        if note:
            values['note'] = note
        return self.env['mail.activity'].create(values)
