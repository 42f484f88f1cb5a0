# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError


def _default_month(model):
    return fields.Date.to_string(model.env['ci.award']._previous_month())


class CiAwardRun(models.TransientModel):
    """Runs the monthly awards for a chosen month: what the scheduled job
    does on the first of each month for the month before (a re-run grants
    nothing twice)."""

    _name = 'ci.award.run'
    _description = 'Grant Monthly Awards'

    month = fields.Date(
        required=True,
        default=_default_month,
        help="Any day of the month to grant the awards for; the month must be over.",
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )

    def action_grant(self):
        # transient models have no access rules in 11.0: the right is checked here
        if not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(_("Only CI Managers grant the monthly awards."))
        self.ensure_one()
        # the awards read the ledger in SQL: of the manager's companies only
        self.env['ci.access']._check_company(
            self.company_id, 'ci.award.run.action_grant'
        )
        awards = self.env['ci.award']._grant_awards(
            fields.Date.from_string(self.month), self.company_id
        )
        action = self.env.ref('ci_incentive.ci_award_action').read()[0]
        action['domain'] = [('id', 'in', awards.ids)]
        return action
