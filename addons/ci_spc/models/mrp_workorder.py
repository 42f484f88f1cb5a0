# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MrpWorkorder(models.Model):
    _inherit = 'mrp.workorder'

    ci_spc_measurement_ids = fields.One2many(
        'ci.spc.measurement', 'workorder_id', string='Measurements'
    )
    ci_spc_characteristic_ids = fields.Many2many(
        'ci.spc.characteristic',
        compute='_compute_ci_spc_characteristic_ids',
        string='Characteristics',
    )

    def _compute_ci_spc_characteristic_ids(self):
        Char = self.env['ci.spc.characteristic']
        for workorder in self:
            domain = [
                '|',
                ('operation_id', '=', workorder.operation_id.id),
                '&',
                ('operation_id', '=', False),
                ('workcenter_id', '=', workorder.workcenter_id.id),
            ]
            chars = (
                Char.search(domain)
                if workorder.operation_id or workorder.workcenter_id
                else Char
            )
            workorder.ci_spc_characteristic_ids = chars.filtered(
                lambda c: not c.product_id
                or c.product_id == workorder.product_id
            )

    def action_ci_spc_record(self):
        self.ensure_one()
        Access = self.env['ci.access']
        Access._check_records(
            self, 'read', 'mrp.workorder.action_ci_spc_record'
        )
        Access._check_records(
            self.env['ci.spc.measurement'],
            'create',
            'mrp.workorder.action_ci_spc_record',
        )
        return {
            'type': 'ir.actions.act_window',
            'name': self.env['ci.spc.measurement.entry']._description,
            'res_model': 'ci.spc.measurement.entry',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_workorder_id': self.id},
        }
