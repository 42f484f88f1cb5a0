# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CiSopAcknowledgement(models.Model):
    """An operator read a version of a standard (签收)."""
    _name = 'ci.sop.acknowledgement'
    _description = 'SOP Acknowledgement'
    _order = 'date desc, id desc'

    version_id = fields.Many2one('ci.sop.version', required=True, index=True, ondelete='cascade',
                                 readonly=True)
    user_id = fields.Many2one('res.users', required=True, index=True, ondelete='cascade',
                              readonly=True, default=lambda self: self.env.user)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    sop_id = fields.Many2one(related='version_id.sop_id', readonly=True, store=True)
    # set at creation (see ci.sop.version.company_id)
    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True)

    _sql_constraints = [
        ('version_user_uniq', 'unique(version_id, user_id)', "This version is already acknowledged."),
    ]

    @api.model
    def create(self, vals):
        version = self.env['ci.sop.version'].browse(vals.get('version_id'))
        return super(CiSopAcknowledgement, self).create(dict(vals, company_id=version.company_id.id))
