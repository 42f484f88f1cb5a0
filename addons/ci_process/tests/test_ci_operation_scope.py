# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.exceptions import ValidationError

from .common import CiShopFloorCase


class TestOperationScopeMixin(CiShopFloorCase):
    """ci.operation.scope.mixin in each ci_process model that has a scope,
    acting as the least privileged role that creates its records."""

    @classmethod
    def setUpClass(cls):
        super(TestOperationScopeMixin, cls).setUpClass()
        cls.other = cls.env['mrp.workcenter'].create({'name': 'CI Other line'})
        cls.imp = (
            cls.env['ci.improvement']
            .sudo(cls.user_ci)
            .create({'title': 'Scope', 'problem': 'Burrs on the bracket.'})
        )
        today = dt.date.today()

        def day(n):
            return fields.Date.to_string(today + dt.timedelta(days=n))

        # model: (creator, values of a record scoped on the press)
        cls.cases = {
            'ci.goal': (
                cls.engineer_ci,
                {
                    'name': 'Scope goal',
                    'kpi': 'efficiency',
                    'baseline_date_from': day(-4000),
                    'baseline_date_to': day(-3990),
                    'date_start': day(-1),
                    'date_deadline': day(20),
                    'target_value': 90.0,
                },
            ),
            'ci.kpi.alert.rule': (
                cls.manager_ci,
                {'name': 'Scope rule', 'kpi': 'cycle_time', 'threshold': 12.0},
            ),
            'ci.improvement': (
                cls.user_ci,
                {'title': 'Scope idea', 'problem': 'Burrs on the bracket.'},
            ),
            'ci.pilot': (
                cls.engineer_ci,
                {
                    'name': 'Scope pilot',
                    'improvement_id': cls.imp.id,
                    'baseline_date_from': '2026-03-01',
                    'baseline_date_to': '2026-03-10',
                    'pilot_date_from': '2026-04-01',
                    'pilot_date_to': '2026-04-10',
                },
            ),
        }

    def make(self, model, **values):
        user, vals = self.cases[model]
        vals = dict(vals, workcenter_id=self.workcenter.id)
        vals.update(values)
        return self.env[model].sudo(user).create(vals)

    def mismatch(self, model):
        """The error of an operation of the press on the other line, and
        the record it was raised for."""
        record = self.make(model)
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            record.write(
                {
                    'workcenter_id': self.other.id,
                    'operation_id': self.operation.id,
                }
            )
        self.assertEqual(record.workcenter_id, self.workcenter)
        self.assertFalse(record.operation_id)
        with self.assertRaises(
            ValidationError
        ) as cm_create, self.env.cr.savepoint():
            self.make(
                model,
                workcenter_id=self.other.id,
                operation_id=self.operation.id,
            )
        return record, cm.exception.name, cm_create.exception.name

    def test_mismatch_names_record_operation_and_work_centers(self):
        """An operation off the record's work center is refused, on create
        and write, with each model's message naming the record, the
        operation and both work centers (the pilot's names its own)."""
        expected = {
            'ci.goal': lambda rec: (
                "Goal %s: operation Stamp runs on work center CI Press 1, "
                "not on CI Other line." % rec.name
            ),
            'ci.kpi.alert.rule': lambda rec: (
                "KPI alert rule %s: Operation Stamp runs on work center "
                "CI Press 1, not on the rule's Work Center CI Other line."
                % rec.name
            ),
            'ci.improvement': lambda rec: (
                "Improvement %s: operation Stamp runs on CI Press 1, not on "
                "work center CI Other line." % rec.display_name
            ),
            'ci.pilot': lambda rec: (
                "Pilot %s: operation Stamp does not run on work center "
                "CI Other line." % rec.name
            ),
        }
        for model, message in sorted(expected.items()):
            record, on_write, on_create = self.mismatch(model)
            self.assertEqual(on_write, message(record), model)
            self.assertRegex(on_create, '[Oo]peration Stamp', model)
            self.assertIn('CI Other line', on_create, model)
            self.assertFalse(
                self.env[model].search(
                    [('workcenter_id', '=', self.other.id)]
                ),
                model,
            )

    def test_operation_on_its_work_center_accepted(self):
        """The operation with its own work center saves; _scope() hands the
        KPI readers the record's work center, operation, product and
        company."""
        for model in sorted(self.cases):
            record = self.make(
                model,
                operation_id=self.operation.id,
                product_id=self.product.id,
            )
            self.assertEqual(
                record._scope(),
                {
                    'workcenter': self.workcenter,
                    'operation': self.operation,
                    'product': self.product,
                    'company': self.company,
                },
                model,
            )

    def test_unscoped_record_reads_none(self):
        """Without work center, operation or product, _scope() gives None
        for each: the whole plant (the pilot needs a work center)."""
        rule = self.make(
            'ci.kpi.alert.rule',
            workcenter_id=False,
            owner_id=self.manager_ci.id,
        )
        self.assertEqual(
            rule._scope(),
            {
                'workcenter': None,
                'operation': None,
                'product': None,
                'company': self.company,
            },
        )
        idea = self.make(
            'ci.improvement',
            workcenter_id=False,
            operation_id=self.operation.id,
        )
        self.assertEqual(idea._scope()['workcenter'], None)

    def test_onchange_operation_fills_its_work_center(self):
        """Choosing an operation in the form sets its work center, over
        another one chosen before; clearing it keeps the work center."""
        for model in sorted(self.cases):
            user, _vals = self.cases[model]
            form = (
                self.env[model]
                .sudo(user)
                .new(
                    {
                        'workcenter_id': self.other.id,
                        'operation_id': self.operation.id,
                    }
                )
            )
            form._onchange_operation_id()
            self.assertEqual(form.workcenter_id, self.workcenter, model)
            form.operation_id = False
            form._onchange_operation_id()
            self.assertEqual(form.workcenter_id, self.workcenter, model)

    def test_onchange_work_center_limits_operations(self):
        """Choosing a work center offers only its operations; without one,
        every operation."""
        for model in sorted(self.cases):
            user, _vals = self.cases[model]
            form = (
                self.env[model]
                .sudo(user)
                .new({'workcenter_id': self.workcenter.id})
            )
            self.assertEqual(
                form._onchange_workcenter_id(),
                {
                    'domain': {
                        'operation_id': [
                            ('workcenter_id', '=', self.workcenter.id)
                        ]
                    }
                },
                model,
            )
            form.workcenter_id = False
            self.assertEqual(
                form._onchange_workcenter_id(),
                {'domain': {'operation_id': []}},
                model,
            )
