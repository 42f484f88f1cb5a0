# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CiOperationScopeMixin(models.AbstractModel):
    """Where a record applies: a work center, a routing operation on it, a
    product (each optional), read by the KPIs through ``_scope()``.

    One of the suite's mixins (``ci.<what>.mixin`` in
    ``models/ci_<what>_mixin.py``). Inheritors have a ``company_id``; they
    redefine a field to add attributes (tracking, index, required, help)
    and override ``_scope_mismatch_message`` to name their record.
    """

    _name = 'ci.operation.scope.mixin'
    _description = 'Work Center / Operation / Product Scope'

    workcenter_id = fields.Many2one('mrp.workcenter', string='Work Center')
    operation_id = fields.Many2one('mrp.routing.workcenter')
    product_id = fields.Many2one('product.product')

    def _scope(self):
        """The keyword arguments of ``ci.kpi``'s readers for this record."""
        self.ensure_one()
        return {
            'workcenter': self.workcenter_id or None,
            'operation': self.operation_id or None,
            'product': self.product_id or None,
            'company': self.company_id or None,
        }

    def _scope_mismatch_message(self, values):
        """The error of an operation off the work center; ``values`` has
        'op', 'op_wc' and 'wc' (names)."""
        return _(
            "%(record)s: operation %(op)s runs on work center "
            "%(op_wc)s, not on %(wc)s."
        ) % dict(values, record=self.display_name)

    @api.constrains('workcenter_id', 'operation_id')
    def _check_operation_scope(self):
        for rec in self:
            operation = rec.operation_id
            if (
                operation
                and rec.workcenter_id
                and operation.workcenter_id != rec.workcenter_id
            ):
                raise ValidationError(
                    rec._scope_mismatch_message(
                        {
                            'op': operation.name,
                            'op_wc': operation.workcenter_id.name,
                            'wc': rec.workcenter_id.name,
                        }
                    )
                )

    @api.onchange('operation_id')
    def _onchange_operation_id(self):
        if self.operation_id:
            self.workcenter_id = self.operation_id.workcenter_id

    @api.onchange('workcenter_id')
    def _onchange_workcenter_id(self):
        # py.js (Odoo 11's client) cannot evaluate a conditional domain in a
        # view
        domain = (
            [('workcenter_id', '=', self.workcenter_id.id)]
            if self.workcenter_id
            else []
        )
        return {'domain': {'operation_id': domain}}
