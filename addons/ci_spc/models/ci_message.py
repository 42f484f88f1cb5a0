# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

# marks the templates for the translation export only; ci.message translates them
from odoo.addons.ci_process.models.ci_message import _

TEMPLATES = {
    'spc.first_phase': _("First phase"),
    'spc.phase_reason': _("%(version)s takes effect: %(summary)s"),
    'spc.phase_dated': _("%(label)s (%(date)s)"),
    'spc.new_phase': _(
        "New phase from %(date)s: %(version)s takes effect. Its limits are "
        "provisional until %(n)s subgroups are measured."
    ),
    'spc.limits_frozen': _(
        "Control limits of %(phase)s frozen from its first %(k)s subgroups: center "
        "%(center)s, LCL %(lcl)s, UCL %(ucl)s."
    ),
    'spc.measurements_archived': _(
        "%(count)s measurements of %(phases)s phases with frozen limits ending by "
        "%(date)s moved to the archive: charts, capability and counts unchanged."
    ),
    'spc.opened_storm': _(
        "Opened from a storm of %(count)s SPC signals: %(rules)s."
    ),
    'spc.opened_signals': _("Opened from SPC signals: %(rules)s."),
    'spc.recorded': _("%(count)s measurements recorded for %(char)s."),
    'spc.recorded_signals': _(
        "%(count)s measurements recorded for %(char)s. "
        "The chart signals a change: %(rules)s."
    ),
}


class CiMessage(models.AbstractModel):
    _inherit = 'ci.message'

    def _templates(self):
        res = super(CiMessage, self)._templates()
        res.update(TEMPLATES)
        return res

    def _selections(self):
        return super(CiMessage, self)._selections() + [
            ('ci.spc.phase', 'origin')
        ]
