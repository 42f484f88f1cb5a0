# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.ci_spc_characteristic import VARIABLE_CHARTS


class CiSpcMeasurementEntry(models.TransientModel):
    """Operators record the measurements of a work order in one go: the
    values of a subgroup, or a count out of a sample."""

    _name = 'ci.spc.measurement.entry'
    _description = 'Record Measurements'

    workorder_id = fields.Many2one('mrp.workorder', string='Work Order')
    characteristic_id = fields.Many2one('ci.spc.characteristic', required=True)
    chart_type = fields.Selection(
        related='characteristic_id.chart_type', readonly=True
    )
    subgroup_size = fields.Integer(
        related='characteristic_id.subgroup_size', readonly=True
    )
    unit = fields.Char(related='characteristic_id.unit', readonly=True)
    values = fields.Char(
        help="The measured values, separated by spaces, commas or semicolons."
    )
    count = fields.Integer(help="Defectives (p, np) or defects (c, u) found.")
    sample_size = fields.Integer(help="Units inspected.")
    note = fields.Char()

    @api.onchange('workorder_id')
    def _onchange_workorder_id(self):
        """From a work order, only the characteristics measured there."""
        chars = self.workorder_id.ci_spc_characteristic_ids
        if len(chars) == 1:
            self.characteristic_id = chars
        return {
            'domain': {
                'characteristic_id': (
                    [('id', 'in', chars.ids)] if self.workorder_id else []
                )
            }
        }

    @api.onchange('characteristic_id')
    def _onchange_characteristic_id(self):
        if self.characteristic_id:
            self.sample_size = self.characteristic_id.subgroup_size

    def _parse_values(self):
        self.ensure_one()
        tokens = [t for t in re.split(r'[\s,;，；]+', self.values or '') if t]
        values = []
        for token in tokens:
            try:
                values.append(float(token))
            except ValueError:
                raise UserError(
                    _("Values: %(token)r is not a number.") % {'token': token}
                )
        if not values:
            raise UserError(_("Values: enter at least one measured value."))
        return values

    def action_record(self):
        self.env['ci.access']._check_records(
            self.env['ci.spc.measurement'],
            'create',
            'ci.spc.measurement.entry.action_record',
        )
        self.ensure_one()
        char = self.characteristic_id
        values = (
            self._parse_values()
            if char.chart_type in VARIABLE_CHARTS
            else None
        )
        char._record_floor(
            values=values,
            count=self.count,
            sample_size=self.sample_size,
            workorder=self.workorder_id,
            note=self.note,
        )
        return {'type': 'ir.actions.act_window_close'}
