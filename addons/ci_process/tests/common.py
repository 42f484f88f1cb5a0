# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo.tests.common import SavepointCase


class CiCase(SavepointCase):
    """Fixtures shared by the suite's tests: one user per CI role."""

    @classmethod
    def setUpClass(cls):
        super(CiCase, cls).setUpClass()
        cls.company = cls.env.ref('base.main_company')
        cls.user_ci = cls.make_user('ci_test_user', ['base.group_user'])
        cls.engineer_ci = cls.make_user(
            'ci_test_engineer',
            ['base.group_user', 'ci_process.group_ci_engineer'],
        )
        cls.manager_ci = cls.make_user(
            'ci_test_manager',
            ['base.group_user', 'ci_process.group_ci_manager'],
        )

    @classmethod
    def make_user(cls, login, group_xmlids, company=None):
        company = company or cls.company
        return (
            cls.env['res.users']
            .with_context(no_reset_password=True)
            .create(
                {
                    'name': login.replace('_', ' ').title(),
                    'login': login,
                    'email': '%s@example.com' % login,
                    # messages asserted in English; the demo database defaults
                    # to Chinese
                    'lang': 'en_US',
                    # the plant's timezone (the administrator's): everyone's "today"
                    # is the same day, as on a shop floor
                    'tz': cls.env.user.tz,
                    'company_id': company.id,
                    'company_ids': [(6, 0, company.ids)],
                    'groups_id': [
                        (6, 0, [cls.env.ref(x).id for x in group_xmlids])
                    ],
                }
            )
        )


class CiShopFloorCase(CiCase):
    """A work center with a one-operation routing, and helpers that record
    done work orders with chosen durations, quantities and scrap."""

    @classmethod
    def setUpClass(cls):
        super(CiShopFloorCase, cls).setUpClass()
        cls.workcenter = cls.env['mrp.workcenter'].create(
            {
                'name': 'CI Press 1',
                'costs_hour': 60.0,
                'owner_id': cls.engineer_ci.id,
            }
        )
        cls.routing = cls.env['mrp.routing'].create(
            {
                'name': 'CI Bracket routing',
                'operation_ids': [
                    (
                        0,
                        0,
                        {
                            'name': 'Stamp',
                            'workcenter_id': cls.workcenter.id,
                            'time_cycle_manual': 6.0,
                        },
                    )
                ],
            }
        )
        cls.operation = cls.routing.operation_ids
        cls.product = cls.env['product.product'].create(
            {'name': 'CI Bracket', 'type': 'product', 'standard_price': 12.5}
        )
        cls.component = cls.env['product.product'].create(
            {'name': 'CI Steel sheet', 'type': 'product'}
        )
        cls.bom = cls.env['mrp.bom'].create(
            {
                'product_tmpl_id': cls.product.product_tmpl_id.id,
                'product_qty': 1.0,
                'routing_id': cls.routing.id,
                'bom_line_ids': [
                    (
                        0,
                        0,
                        {'product_id': cls.component.id, 'product_qty': 1.0},
                    )
                ],
            }
        )
        cls.loss_productive = cls.env[
            'mrp.workcenter.productivity.loss'
        ].search([('loss_type', '=', 'productive')], limit=1)
        cls.loss_blocked = cls.env['mrp.workcenter.productivity.loss'].search(
            [('loss_type', '=', 'availability')], limit=1
        )

    @classmethod
    def record_workorder(cls, when, minutes, expected, produced, scrapped=0.0):
        """A done work order finished at ``when`` that took ``minutes``."""
        production = cls.env['mrp.production'].create(
            {
                'product_id': cls.product.id,
                'product_qty': produced + scrapped,
                'product_uom_id': cls.product.uom_id.id,
                'bom_id': cls.bom.id,
            }
        )
        production.button_plan()
        workorder = production.workorder_ids
        start = when - datetime.timedelta(minutes=minutes)
        cls.env['mrp.workcenter.productivity'].create(
            {
                'workcenter_id': cls.workcenter.id,
                'workorder_id': workorder.id,
                'loss_id': cls.loss_productive.id,
                'date_start': start.strftime('%Y-%m-%d %H:%M:%S'),
                'date_end': when.strftime('%Y-%m-%d %H:%M:%S'),
            }
        )
        workorder.write(
            {
                'state': 'done',
                'date_finished': when.strftime('%Y-%m-%d %H:%M:%S'),
                'date_start': start.strftime('%Y-%m-%d %H:%M:%S'),
                'duration_expected': expected,
                'qty_produced': produced,
            }
        )
        if scrapped:
            scrap = cls.env['stock.scrap'].create(
                {
                    'product_id': cls.product.id,
                    'scrap_qty': scrapped,
                    'workorder_id': workorder.id,
                    'production_id': production.id,
                    'product_uom_id': cls.product.uom_id.id,
                }
            )
            scrap.write({'state': 'done'})
        return workorder

    @classmethod
    def record_stop(cls, when, minutes):
        """A blocked time log of ``minutes`` on the work center."""
        return cls.env['mrp.workcenter.productivity'].create(
            {
                'workcenter_id': cls.workcenter.id,
                'loss_id': cls.loss_blocked.id,
                'date_start': (
                    when - datetime.timedelta(minutes=minutes)
                ).strftime('%Y-%m-%d %H:%M:%S'),
                'date_end': when.strftime('%Y-%m-%d %H:%M:%S'),
            }
        )
