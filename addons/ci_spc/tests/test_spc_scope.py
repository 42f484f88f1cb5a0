# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError

from odoo.addons.ci_process.tests.common import CiShopFloorCase


class TestSpcCharacteristicScope(CiShopFloorCase):
    """ci.operation.scope.mixin on SPC characteristics, as the CI Engineer
    who defines them."""

    @classmethod
    def setUpClass(cls):
        super(TestSpcCharacteristicScope, cls).setUpClass()
        cls.other = cls.env['mrp.workcenter'].create({'name': 'CI Other line'})
        cls.Char = cls.env['ci.spc.characteristic'].sudo(cls.engineer_ci)

    def make(self, **values):
        return self.Char.create(
            dict(
                {
                    'name': 'Bore',
                    'code': 'BORE-SCOPE',
                    'chart_type': 'imr',
                    'subgroup_size': 1,
                },
                **values,
            )
        )

    def test_operation_alone_takes_its_work_center(self):
        """Created with an operation only (RPC, import), a characteristic
        takes the operation's work center; _scope() reads both."""
        char = self.make(
            operation_id=self.operation.id, product_id=self.product.id
        )
        self.assertEqual(char.workcenter_id, self.workcenter)
        self.assertEqual(
            char._scope(),
            {
                'workcenter': self.workcenter,
                'operation': self.operation,
                'product': self.product,
                'company': self.company,
            },
        )

    def test_mismatch_names_characteristic_operation_and_work_centers(self):
        """An operation off the characteristic's work center is refused on
        create and write, naming all three; nothing is written."""
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            self.make(
                workcenter_id=self.other.id, operation_id=self.operation.id
            )
        self.assertEqual(
            cm.exception.name,
            "Characteristic Bore: operation Stamp runs on CI Press 1, not on "
            "work center CI Other line.",
        )
        self.assertFalse(self.Char.search([('code', '=', 'BORE-SCOPE')]))
        char = self.make(operation_id=self.operation.id)
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            char.write({'workcenter_id': self.other.id})
        self.assertIn('not on work center CI Other line', cm.exception.name)
        self.assertEqual(char.workcenter_id, self.workcenter)

    def test_onchanges_fill_work_center_and_limit_operations(self):
        """The form sets the operation's work center, and offers only the
        chosen work center's operations."""
        form = self.Char.new(
            {'workcenter_id': self.other.id, 'operation_id': self.operation.id}
        )
        form._onchange_operation_id()
        self.assertEqual(form.workcenter_id, self.workcenter)
        self.assertEqual(
            form._onchange_workcenter_id(),
            {
                'domain': {
                    'operation_id': [
                        ('workcenter_id', '=', self.workcenter.id)
                    ]
                }
            },
        )
