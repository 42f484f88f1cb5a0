# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CiSpcMeasurementVoid(models.TransientModel):
    """Void measurements with a reason (a wrong gauge, a mix-up of parts)."""

    _name = 'ci.spc.measurement.void'
    _description = 'Void Measurements'

    reason = fields.Text(required=True)

    def action_void(self):
        measurements = self.env['ci.spc.measurement'].browse(
            self.env.context.get('active_ids', [])
        )
        self.env['ci.access']._check_records(
            measurements, 'write', 'ci.spc.measurement.void.action_void'
        )
        measurements.action_void(self.reason)
        return {'type': 'ir.actions.act_window_close'}
