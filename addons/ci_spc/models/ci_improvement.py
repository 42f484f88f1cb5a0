# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiImprovement(models.Model):
    _inherit = 'ci.improvement'

    spc_characteristic_id = fields.Many2one(
        'ci.spc.characteristic', string='SPC Characteristic', readonly=True, index=True,
        ondelete='set null', copy=False)
    spc_signal_ids = fields.One2many('ci.spc.signal', 'improvement_id', string='SPC Signals')

    def _protected_fields(self):
        res = super(CiImprovement, self)._protected_fields()
        # set by the signal that opens the improvement only: it keeps a
        # second one from opening while this one is open
        res['spc_characteristic_id'] = None
        return res
