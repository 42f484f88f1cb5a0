# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""ci.kpi.fact: whatever happens to work orders, time logs, scraps and
productions (through the ORM or in SQL), the KPIs read from the facts equal
the KPIs computed from the raw rows."""

import datetime
import math
import random

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..lib import kpi as kpi_lib
from ..lib import stats
from .common import CiShopFloorCase

DAY0 = datetime.datetime(2026, 3, 2, 8, 0)


def raw_rows(
    cr,
    date_from,
    date_to,
    company_ids,
    workcenter=None,
    operation=None,
    product=None,
):
    """The reference: the work orders and time logs of the scope read from
    the raw tables (the computation ci.kpi made before the facts)."""
    start = '%s 00:00:00' % date_from
    stop = '%s 00:00:00' % (date_to + datetime.timedelta(days=1))
    where, params = [
        "wo.state = 'done'",
        "wo.date_finished >= %s",
        "wo.date_finished < %s",
        "wc.company_id IN %s",
    ], [start, stop, tuple(company_ids)]
    for column, value in (
        ('wo.workcenter_id', workcenter),
        ('wo.operation_id', operation),
        ('mp.product_id', product),
    ):
        if value:
            where.append(column + " = %s")
            params.append(value)
    cr.execute(
        """
        SELECT wo.date_finished, COALESCE(wo.duration_expected, 0),
            COALESCE(wo.duration, 0),
               COALESCE(wo.qty_produced, 0),
               COALESCE((SELECT SUM(s.scrap_qty / su.factor * pu.factor) FROM
                   stock_scrap s
                           JOIN product_uom su ON su.id = s.product_uom_id
                          WHERE s.workorder_id = wo.id AND s.state = 'done' AND
                              s.product_id = mp.product_id), 0),
               wo.ci_sop_version_id
          FROM mrp_workorder wo
          JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
          JOIN mrp_production mp ON mp.id = wo.production_id
          JOIN product_uom pu ON pu.id = mp.product_uom_id
         WHERE """ + " AND ".join(where),
        params,
    )
    rows = cr.fetchall()
    workorders = [
        kpi_lib.WorkOrderRow(
            fields.Datetime.from_string(r[0]), *map(float, r[1:5])
        )
        for r in rows
    ]
    standard = sum(1 for r in rows if r[5])
    where, params = [
        "t.date_end IS NOT NULL",
        "t.date_start >= %s",
        "t.date_start < %s",
        "wc.company_id IN %s",
    ], [start, stop, tuple(company_ids)]
    if workcenter:
        where.append("t.workcenter_id = %s")
        params.append(workcenter)
    if operation or product:
        where.append("""t.workorder_id IN (
            SELECT wo.id FROM mrp_workorder wo JOIN mrp_production mp ON mp.id
                = wo.production_id
             WHERE (%s IS NULL OR wo.operation_id = %s) AND (%s IS NULL OR
                 mp.product_id = %s))""")
        params += [operation, operation, product, product]
    cr.execute(
        """
        SELECT t.date_start, COALESCE(t.duration, 0), COALESCE(t.loss_type,
            'availability')
          FROM mrp_workcenter_productivity t JOIN mrp_workcenter wc ON wc.id =
              t.workcenter_id
         WHERE """ + " AND ".join(where),
        params,
    )
    timelogs = [
        kpi_lib.TimeLogRow(
            fields.Datetime.from_string(r[0]), float(r[1]), r[2]
        )
        for r in cr.fetchall()
    ]
    return workorders, timelogs, standard


class TestCiKpiFact(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiKpiFact, cls).setUpClass()
        cls.workcenter2 = cls.env['mrp.workcenter'].create(
            {'name': 'CI Lathe 2', 'costs_hour': 40.0}
        )
        cls.routing.write(
            {
                'operation_ids': [
                    (
                        0,
                        0,
                        {
                            'name': 'Turn',
                            'workcenter_id': cls.workcenter2.id,
                            'time_cycle_manual': 4.0,
                        },
                    )
                ]
            }
        )
        cls.operation2 = cls.routing.operation_ids - cls.operation
        cls.product2 = cls.env['product.product'].create(
            {
                'name': 'CI Bracket XL',
                'type': 'product',
                'standard_price': 20.0,
            }
        )
        cls.dozen = cls.env['product.uom'].create(
            {
                'name': 'CI dozen',
                'category_id': cls.product.uom_id.category_id.id,
                'uom_type': 'bigger',
                'factor_inv': 12.0,
                'rounding': 0.001,
            }
        )

    def make_workorder(self, rng, product=None, uom=None):
        """A done work order of a random operation, day, duration, quantity."""
        product = product or rng.choice([self.product, self.product2])
        production = self.env['mrp.production'].create(
            {
                'product_id': product.id,
                'product_qty': 10.0,
                'bom_id': self.bom.id,
                'product_uom_id': (uom or product.uom_id).id,
            }
        )
        production.button_plan()
        finished = DAY0 + datetime.timedelta(
            days=rng.randint(0, 9),
            hours=rng.randint(0, 23),
            minutes=rng.randint(0, 59),
        )
        minutes = rng.choice([0.0, rng.uniform(5, 120)])
        for workorder in production.workorder_ids:
            self.env['mrp.workcenter.productivity'].create(
                {
                    'workcenter_id': workorder.workcenter_id.id,
                    'workorder_id': workorder.id,
                    'loss_id': rng.choice(
                        [self.loss_productive, self.loss_blocked]
                    ).id,
                    'date_start': fields.Datetime.to_string(
                        finished - datetime.timedelta(minutes=minutes or 1)
                    ),
                    'date_end': fields.Datetime.to_string(finished),
                }
            )
            workorder.write(
                {
                    'state': 'done',
                    'date_finished': fields.Datetime.to_string(finished),
                    'duration_expected': rng.uniform(5, 100),
                    'qty_produced': rng.choice(
                        [0.0, float(rng.randint(1, 30))]
                    ),
                }
            )
        return production

    def scrap(self, rng, workorder, product=None):
        scrap = self.env['stock.scrap'].create(
            {
                'product_id': (
                    product or workorder.production_id.product_id
                ).id,
                'scrap_qty': float(rng.randint(1, 5)),
                'workorder_id': workorder.id,
                'production_id': workorder.production_id.id,
                'product_uom_id': (
                    product or workorder.production_id.product_id
                ).uom_id.id,
            }
        )
        if rng.random() < 0.8:
            scrap.write({'state': 'done'})
        return scrap

    def assert_facts_equal_raw(self):
        Kpi = self.env['ci.kpi']
        company_ids = self.env['ci.access']._company_ids()
        date_from, date_to = DAY0.date() - datetime.timedelta(
            days=1
        ), DAY0.date() + datetime.timedelta(days=10)
        scopes = [
            {},
            {'workcenter': self.workcenter},
            {'workcenter': self.workcenter2},
            {'operation': self.operation},
            {'operation': self.operation2},
            {'product': self.product},
            {'workcenter': self.workcenter2, 'product': self.product2},
        ]
        for scope in scopes:
            for window in (
                (date_from, date_to),
                (
                    DAY0.date() + datetime.timedelta(days=2),
                    DAY0.date() + datetime.timedelta(days=4),
                ),
            ):
                ids = {key: record.id for key, record in scope.items()}
                workorders, timelogs, standard = raw_rows(
                    self.env.cr, window[0], window[1], company_ids, **ids
                )
                facts = Kpi._totals(window[0], window[1], **scope)
                days = Kpi._totals(window[0], window[1], period='day', **scope)
                expected = kpi_lib.totals(workorders, timelogs)
                where = (scope, window)
                self.assertEqual(facts.workorder_count, len(workorders), where)
                self.assertEqual(facts.timelog_count, len(timelogs), where)
                self.assertEqual(facts.standard_count, standard, where)
                for field in kpi_lib.Totals._fields:
                    self.assertAlmostEqual(
                        getattr(facts, field),
                        getattr(expected, field),
                        places=6,
                        msg='%s %s' % (field, where),
                    )
                for code in kpi_lib.KPIS:
                    raw = kpi_lib.value(code, workorders, timelogs)
                    mine = kpi_lib.value_of(code, facts)
                    if raw is None:
                        self.assertIsNone(mine, (code, where))
                    else:
                        self.assertAlmostEqual(
                            mine, raw, places=9, msg=(code, where)
                        )
                    self.assertEqual(
                        kpi_lib.data_points(code, facts),
                        len(timelogs) if code == 'oee' else len(workorders),
                    )
                    # what a pilot compares
                    observed = kpi_lib.observation_sums(code, days)
                    reference = kpi_lib.observations(
                        code, workorders, timelogs
                    )
                    if kpi_lib.get(code).kind == 'rate':
                        self.assertEqual(
                            tuple(round(x, 9) for x in observed),
                            tuple(round(x, 9) for x in reference),
                            (code, where),
                        )
                    elif reference:
                        sample = stats.describe_sums(*observed)
                        expected_sample = stats.describe(reference)
                        self.assertEqual(
                            sample.n, expected_sample.n, (code, where)
                        )
                        self.assertAlmostEqual(
                            sample.mean, expected_sample.mean, places=9
                        )
                        self.assertTrue(
                            math.isclose(
                                sample.std,
                                expected_sample.std,
                                rel_tol=1e-6,
                                abs_tol=1e-6,
                            ),
                            (code, where, sample, expected_sample),
                        )
                    else:
                        self.assertEqual(observed.n, 0, (code, where))
                self.assertEqual(
                    kpi_lib.add(*[t for _d, t in days]).workorder_count,
                    len(workorders),
                )
        # the monthly sums program health reads: the raw done work orders
        self.env.cr.execute("""
            SELECT date_trunc('month', wo.date_finished)::date::text,
                wo.workcenter_id, count(*)::integer,
                   count(wo.ci_sop_version_id)::integer
              FROM mrp_workorder wo WHERE wo.state = 'done' AND
                  wo.date_finished IS NOT NULL
             GROUP BY 1, 2 ORDER BY 1, 2""")
        raw_months = self.env.cr.fetchall()
        self.env.cr.execute(
            "SELECT month::text, workcenter_id, workorder_count, standard_count "
            "FROM ci_kpi_month_fact_live ORDER BY 1, 2"
        )
        self.assertEqual(self.env.cr.fetchall(), raw_months)
        # a line (several work centers): the sum of its work centers
        line = Kpi._totals(
            date_from, date_to, workcenter=self.workcenter | self.workcenter2
        )
        each = kpi_lib.add(
            Kpi._totals(date_from, date_to, workcenter=self.workcenter),
            Kpi._totals(date_from, date_to, workcenter=self.workcenter2),
        )
        for field in kpi_lib.Totals._fields:
            self.assertAlmostEqual(
                getattr(line, field), getattr(each, field), places=6, msg=field
            )

    def snapshot(self, live='_live'):
        """The daily and monthly facts, as read (live) or as folded ('')."""
        self.env.cr.execute(
            "SELECT day, workcenter_id, operation_id, product_id, %s FROM "
            "ci_kpi_fact%s "
            "ORDER BY 1, 2, 3, 4" % (', '.join(kpi_lib.Totals._fields), live)
        )
        rows = [
            tuple(round(v, 6) if isinstance(v, float) else v for v in row)
            for row in self.env.cr.fetchall()
        ]
        self.env.cr.execute(
            "SELECT month, workcenter_id, workorder_count, standard_count FROM "
            "ci_kpi_month_fact%s "
            "ORDER BY 1, 2" % live
        )
        return rows + self.env.cr.fetchall()

    def test_random_history_facts_equal_raw_rows(self):
        rng = random.Random(16)
        productions = self.env['mrp.production']
        for _i in range(6):
            productions |= self.make_workorder(rng)
        productions |= self.make_workorder(
            rng, product=self.product, uom=self.dozen
        )
        self.assert_facts_equal_raw()
        cr = self.env.cr
        steps = [
            'scrap',
            'scrap_component',
            'scrap_change',
            'scrap_delete',
            'duration',
            'move_day',
            'undone',
            'sql_duration',
            'blocked_log',
            'log_open',
            'log_delete',
            'new',
            'sql_delete',
            'product_sql',
            'operation_sql',
            'workcenter_sql',
        ]
        for step in steps * 2:
            workorders = productions.exists().mapped('workorder_ids')
            workorder = rng.choice(workorders)
            if step == 'scrap':
                self.scrap(rng, workorder)
            elif step == 'scrap_component':
                self.scrap(rng, workorder, product=self.component)
            elif step == 'scrap_change':
                scraps = self.env['stock.scrap'].search(
                    [('workorder_id', 'in', workorders.ids)]
                )
                if scraps:
                    cr.execute(
                        "UPDATE stock_scrap SET scrap_qty = scrap_qty + 2 "
                        "WHERE id = %s",
                        (rng.choice(scraps).id,),
                    )
            elif step == 'scrap_delete':
                scraps = self.env['stock.scrap'].search(
                    [('workorder_id', 'in', workorders.ids)]
                )
                if scraps:
                    cr.execute(
                        "DELETE FROM stock_scrap WHERE id = %s",
                        (rng.choice(scraps).id,),
                    )
            elif step == 'duration':
                log = workorder.time_ids[:1]
                if log:
                    log.write(
                        {
                            'date_end': fields.Datetime.to_string(
                                fields.Datetime.from_string(log.date_end)
                                + datetime.timedelta(minutes=17)
                            )
                        }
                    )
            elif step == 'move_day':
                workorder.write(
                    {
                        'date_finished': fields.Datetime.to_string(
                            fields.Datetime.from_string(
                                workorder.date_finished
                            )
                            + datetime.timedelta(days=1)
                        )
                    }
                )
            elif step == 'undone':
                cr.execute(
                    "UPDATE mrp_workorder SET state = 'progress' WHERE id = %s",
                    (workorder.id,),
                )
            elif step == 'sql_duration':
                cr.execute(
                    "UPDATE mrp_workorder SET duration = %s, state = 'done' "
                    "WHERE id = %s",
                    (rng.uniform(1, 50), workorder.id),
                )
            elif step == 'blocked_log':
                self.record_stop(
                    DAY0 + datetime.timedelta(days=rng.randint(0, 9), hours=3),
                    rng.randint(5, 60),
                )
            elif step == 'log_open':
                cr.execute(
                    "UPDATE mrp_workcenter_productivity SET date_end = NULL "
                    "WHERE id = %s",
                    (rng.choice(workorders.mapped('time_ids')).id,),
                )
            elif step == 'log_delete':
                cr.execute(
                    "DELETE FROM mrp_workcenter_productivity WHERE id = %s",
                    (rng.choice(workorders.mapped('time_ids')).id,),
                )
            elif step == 'new':
                productions |= self.make_workorder(rng)
            elif step == 'sql_delete':
                # a production and its work orders gone at once (their logs lose them)
                production = rng.choice(productions.exists())
                cr.execute(
                    "DELETE FROM stock_scrap WHERE production_id = %s",
                    (production.id,),
                )
                cr.execute(
                    "DELETE FROM stock_move WHERE raw_material_production_id = "
                    "%s OR production_id = %s",
                    (production.id, production.id),
                )
                cr.execute(
                    "DELETE FROM mrp_production WHERE id = %s",
                    (production.id,),
                )
            elif step == 'product_sql':
                cr.execute(
                    "UPDATE mrp_production SET product_id = %s WHERE id = %s",
                    (
                        rng.choice([self.product, self.product2]).id,
                        workorder.production_id.id,
                    ),
                )
            elif step == 'operation_sql':
                cr.execute(
                    "UPDATE mrp_workorder SET operation_id = %s WHERE id = %s",
                    (
                        rng.choice([self.operation, self.operation2]).id,
                        workorder.id,
                    ),
                )
            elif step == 'workcenter_sql':
                cr.execute(
                    "UPDATE mrp_workorder SET workcenter_id = %s WHERE id = %s",
                    (
                        rng.choice([self.workcenter, self.workcenter2]).id,
                        workorder.id,
                    ),
                )
            self.env[
                "res.users"
            ].invalidate_cache()  # the whole cache: rows changed in SQL
            self.assert_facts_equal_raw()
        # the rebuild finds what the triggers kept
        kept = self.snapshot()
        self.assertTrue(kept)
        # the fold writes what readers computed; then nothing is left to fold
        self.assertGreater(self.env['ci.kpi.fact']._fold(), 0)
        self.assertEqual(self.snapshot(live=''), kept)
        self.assertEqual(self.snapshot(), kept)
        self.assertEqual(self.env['ci.kpi.fact']._fold(), 0)
        self.env['ci.kpi.fact']._rebuild()
        self.assertEqual(self.snapshot(live=''), kept)

    def test_facts_are_the_triggers_alone(self):
        rng = random.Random(3)
        self.make_workorder(rng)
        Fact = self.env['ci.kpi.fact']
        fact = Fact.search([], limit=1)
        self.assertTrue(fact)
        for user in (self.engineer_ci, self.manager_ci):
            with self.assertRaises((UserError, AccessError)):
                fact.sudo(user).write({'duration': 1.0})
            with self.assertRaises((UserError, AccessError)):
                Fact.sudo(user).create(
                    {'day': '2026-03-02', 'workcenter_id': self.workcenter.id}
                )
            with self.assertRaises((UserError, AccessError)):
                fact.sudo(user).unlink()
        # even the superuser goes through the work orders
        with self.assertRaises(UserError):
            fact.write({'duration': 1.0})
        # engineers read them (the KPI analysis); operators do not
        self.assertTrue(Fact.sudo(self.engineer_ci).search([]))
        with self.assertRaises(AccessError):
            Fact.sudo(self.user_ci).search([])
        # the rebuild is the managers' (and the administrator's command)
        with self.assertRaises(AccessError):
            Fact.sudo(self.engineer_ci)._rebuild()
        self.assertGreater(Fact.sudo(self.manager_ci)._rebuild(), 0)

    def test_plant_wide_goal(self):
        """A goal without work center or operation reads the whole plant."""
        rng = random.Random(5)
        for _i in range(4):
            self.make_workorder(rng)
        goal = (
            self.env['ci.goal']
            .sudo(self.manager_ci)
            .create(
                {
                    'name': 'Plant cycle time',
                    'kpi': 'cycle_time',
                    'target_value': 0.001,
                    'baseline_date_from': str(DAY0.date()),
                    'baseline_date_to': str(
                        DAY0.date() + datetime.timedelta(days=9)
                    ),
                    'date_start': str(DAY0.date()),
                    'date_deadline': str(
                        DAY0.date() + datetime.timedelta(days=60)
                    ),
                }
            )
        )
        workorders, timelogs, _standard = raw_rows(
            self.env.cr,
            DAY0.date(),
            DAY0.date() + datetime.timedelta(days=9),
            self.env['ci.access']._company_ids(),
        )
        self.assertTrue(goal.has_baseline)
        self.assertAlmostEqual(
            goal.baseline_value,
            kpi_lib.value('cycle_time', workorders, timelogs),
            places=2,
        )
        self.assertTrue(goal.chart_svg)
