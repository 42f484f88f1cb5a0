# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ci_process.models.ci_sop_version import FROZEN_STATES


class CiImprovement(models.Model):
    """Points for the improvement's steps, and the reuse of another operation's
    standard."""

    _inherit = 'ci.improvement'

    reused_version_id = fields.Many2one(
        'ci.sop.version',
        string='Adopts Standard',
        index=True,
        ondelete='restrict',
        domain=[('state', 'in', FROZEN_STATES)],
        help="The approved standard of another operation this improvement "
        "adopts here. When this "
        "improvement is standardized, the authors of that standard are "
        "credited for the reuse.",
    )

    def _protected_fields(self):
        res = super(CiImprovement, self)._protected_fields()
        # it credits the authors of that standard with points
        res['reused_version_id'] = 'ci_process.group_ci_engineer'
        return res

    @api.constrains('reused_version_id', 'operation_id')
    def _check_reused_version(self):
        for rec in self.filtered('reused_version_id'):
            # sudo: a CI User does not read drafts, yet must be told that one
            # was chosen; nor necessarily the improvement behind the standard
            version = rec.reused_version_id.sudo()
            if version.state not in FROZEN_STATES:
                raise ValidationError(
                    _(
                        "Improvement %(ref)s: %(field)s must be an approved "
                        "standard; %(version)s is not."
                    )
                    % {
                        'ref': rec.display_name,
                        'field': rec._fields['reused_version_id'].string,
                        'version': version.display_name,
                    }
                )
            if rec.operation_id and version.operation_id == rec.operation_id:
                raise ValidationError(
                    _(
                        "Improvement %(ref)s: %(field)s %(version)s is the "
                        "standard of this same operation "
                        "(%(operation)s); reuse adopts another operation's standard."
                    )
                    % {
                        'ref': rec.display_name,
                        'field': rec._fields['reused_version_id'].string,
                        'version': version.display_name,
                        'operation': rec.operation_id.name,
                    }
                )
            if version.improvement_id.id == rec.id:
                raise ValidationError(
                    _(
                        "Improvement %(ref)s: %(field)s %(version)s came from "
                        "this improvement itself."
                    )
                    % {
                        'ref': rec.display_name,
                        'field': rec._fields['reused_version_id'].string,
                        'version': version.display_name,
                    }
                )

    # ------------------------------------------------------------------
    # transitions: the events points are awarded for
    # ------------------------------------------------------------------
    def action_submit(self):
        res = super(CiImprovement, self).action_submit()
        self.env['ci.point.rule']._award('submitted', self)
        return res

    def action_approve(self):
        res = super(CiImprovement, self).action_approve()
        self.env['ci.point.rule']._award('approved', self)
        return res

    def _standardize(self):
        res = super(CiImprovement, self)._standardize()
        Rule = self.env['ci.point.rule']
        Rule._award('standardized', self)
        Rule._award('reuse', self.filtered('reused_version_id'))
        return res

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _ci_point_facts(self, event):
        """Who took part, for the point rules (see ci.point.rule). A reuse
        credits the people of the standard adopted: its improvement's, or
        its author when it came from no improvement."""
        self.ensure_one()
        facts = {
            'company': self.company_id,
            'date': fields.Date.context_today(self),
        }
        if event == 'reuse':
            version = self.reused_version_id
            if not version:
                return None
            origin = version.improvement_id
            author = version.author_id
            facts.update(
                submitter=origin.submitter_id or author,
                members=origin.member_ids,
                reviewer=origin.reviewer_id,
                owner=origin.owner_id or author,
                workcenter=version.workcenter_id,
            )
            return facts
        facts.update(
            submitter=self.submitter_id,
            members=self.member_ids,
            reviewer=self.reviewer_id,
            owner=self.owner_id,
            workcenter=self.workcenter_id,
        )
        return facts
