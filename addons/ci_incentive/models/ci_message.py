# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# marks the templates for the translation export only; ci.message translates them
from odoo.addons.ci_process.models.ci_message import _

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
