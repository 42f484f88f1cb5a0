# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


def _(source):
    """Marks ``source`` for the translation export only (see ci.message)."""
    return source


TEMPLATES = {
    'award.announce': _("%(award)s, %(month)s: %(winner)s. Congratulations!"),
}


class CiMessage(models.AbstractModel):
    _inherit = 'ci.message'

    def _templates(self):
        res = super(CiMessage, self)._templates()
        res.update(TEMPLATES)
        return res

    def _selections(self):
        return super(CiMessage, self)._selections() + [('ci.award', 'kind')]
