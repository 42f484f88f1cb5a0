# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CiSopAcknowledgement(models.Model):
    """An operator read a version of a standard (签收)."""

    _name = 'ci.sop.acknowledgement'
    _description = 'SOP Acknowledgement'
    _inherit = ['ci.protected.mixin']
    _order = 'date desc, id desc'
    # made by the version's Acknowledge button, for its user, now
    _ci_workflow_create = True

    version_id = fields.Many2one(
        'ci.sop.version',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    user_id = fields.Many2one(
        'res.users',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now
    )
    sop_id = fields.Many2one(
        related='version_id.sop_id', readonly=True, store=True
    )
    # set at creation (see ci.sop.version.company_id)
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True
    )

    _sql_constraints = [
        (
            'version_user_uniq',
            'unique(version_id, user_id)',
            "This version is already acknowledged.",
        ),
    ]

    def _protected_fields(self):
        res = super(CiSopAcknowledgement, self)._protected_fields()
        # who read which version, and when: the record of an acknowledgement
        res.update(
            dict.fromkeys(
                ('version_id', 'user_id', 'date', 'company_id'), None
            )
        )
        return res

    def _frozen(self):
        """Every acknowledgement: who read which version, and when."""
        return self

    def name_get(self):
        # who read which version: "Li Wei – Lathe SOP v2", not a record id
        return [
            (ack.id, '%s – %s' % (ack.user_id.name, ack.version_id.name))
            for ack in self
        ]

    @api.model
    def create(self, vals):
        version = self.env['ci.sop.version'].browse(vals.get('version_id'))
        return super(CiSopAcknowledgement, self).create(
            dict(vals, company_id=version.company_id.id)
        )
