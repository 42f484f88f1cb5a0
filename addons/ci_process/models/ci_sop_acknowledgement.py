# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
    company_id = fields.Many2one(related='version_id.company_id', readonly=True, store=True)

    _sql_constraints = [
        ('version_user_uniq', 'unique(version_id, user_id)', "This version is already acknowledged."),
    ]
