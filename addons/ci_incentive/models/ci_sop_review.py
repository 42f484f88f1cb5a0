# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiSopReview(models.Model):
    """Points for reviewing a standard."""

    _inherit = 'ci.sop.review'

    def _close(self, state, **values):
        res = super(CiSopReview, self)._close(state, **values)
        self.env['ci.point.rule']._award('sop_review_done', self)
        return res

    def _ci_point_facts(self, event):
        """For the point rules (see ci.point.rule): the reviewer who did the
        review is its submitter and reviewer, the SOP's responsible its owner;
        a review has no members."""
        self.ensure_one()
        return {
            'company': self.company_id,
            'date': self.date_done or fields.Date.context_today(self),
            'submitter': self.user_id,
            'members': self.env['res.users'],
            'reviewer': self.user_id,
            'owner': self.sop_id.owner_id,
            'workcenter': self.workcenter_id,
        }
