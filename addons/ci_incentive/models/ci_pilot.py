# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiPilot(models.Model):
    """Points for completing a pilot, and for the impact it verified."""

    _inherit = 'ci.pilot'

    def _decide(self, decision):
        res = super(CiPilot, self)._decide(decision)
        if decision in ('adopt', 'abandon'):
            Rule = self.env['ci.point.rule']
            # a pilot that ends teaches something, whatever its verdict
            Rule._award('pilot_completed', self)
            # impact only where the efficacy check found an improvement
            Rule._award(
                'impact_verified',
                self.filtered(
                    lambda p: p.decision == 'adopt' and p.verdict == 'improved'
                ),
            )
        return res

    def _ci_point_facts(self, event):
        """The people of the improvement piloted (see ci.point.rule); the
        amount of a verified impact is the pilot's yearly benefit."""
        self.ensure_one()
        imp = self.improvement_id
        return {
            'company': self.company_id,
            'date': fields.Date.context_today(self),
            'submitter': imp.submitter_id,
            'members': imp.member_ids,
            'reviewer': imp.reviewer_id,
            'owner': imp.owner_id,
            'workcenter': self.workcenter_id,
            'amount': (
                self.benefit_annual if event == 'impact_verified' else 0.0
            ),
        }
