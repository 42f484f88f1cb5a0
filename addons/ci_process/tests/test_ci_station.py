# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields

from .test_ci_sop import V1_TEXT, CiSopCase


class TestCiStation(CiSopCase):
    """The operator's station reads a work order without Manufacturing rights."""

    def start_workorder(self):
        production = self.env['mrp.production'].create(
            {
                'product_id': self.product.id,
                'product_qty': 3,
                'product_uom_id': self.product.uom_id.id,
                'bom_id': self.bom.id,
            }
        )
        production.button_plan()
        workorder = production.workorder_ids
        workorder.write(
            {'state': 'progress', 'date_start': fields.Datetime.now()}
        )
        return workorder

    def test_station_values_for_a_ci_user(self):
        """A CI User sees the running work order, its standard and their ideas;
        acknowledges in one call."""
        version = self.make_version(V1_TEXT, effective=self.days(-1))
        workorder = self.start_workorder()
        Station = self.env['ci.station'].sudo(self.user_ci)
        values = Station._values(Station._workcenter(self.workcenter.id))
        self.assertEqual(values['workorder'], workorder)
        self.assertEqual(
            values['workorder_values']['production'],
            workorder.production_id.name,
        )
        self.assertEqual(values['workorder_values']['state'], 'progress')
        self.assertEqual(values['sop_version'], version)
        self.assertFalse(values['sop_version'].is_acknowledged)
        Station._acknowledge(version.id)
        ack = self.env['ci.sop.acknowledgement'].search(
            [
                ('version_id', '=', version.id),
                ('user_id', '=', self.user_ci.id),
            ]
        )
        self.assertEqual(
            ack.display_name, '%s – %s' % (self.user_ci.name, version.name)
        )
        self.assertTrue(
            Station._values(self.workcenter.sudo(self.user_ci))[
                'sop_version'
            ].is_acknowledged
        )

    def test_ci_user_opens_work_orders_in_the_safe_form(self):
        """Links to a work order open a form without stock moves for CI Users,
        mrp's for mrp users."""
        workorder = self.start_workorder()
        safe = self.env.ref('ci_process.mrp_workorder_view_form_ci_user')
        self.assertEqual(
            workorder.sudo(self.user_ci).get_formview_id(), safe.id
        )
        self.assertNotEqual(
            workorder.sudo(self.operator).get_formview_id(), safe.id
        )
        # the form loads and reads for a CI User
        arch = workorder.sudo(self.user_ci).fields_view_get(
            view_id=safe.id, view_type='form'
        )
        names = [name for name in arch['fields']]
        workorder.sudo(self.user_ci).read(names)
        version = self.make_version(V1_TEXT, effective=self.days(-1))
        action = version.sudo(self.user_ci).action_view_workorders()
        self.assertIn(safe.id, [view_id for view_id, _mode in action['views']])
