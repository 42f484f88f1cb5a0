# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""ci.improvement.fact: whatever happens to improvements and pilots (through
the ORM or in SQL), program health read from the monthly facts equals program
health read from the improvements' rows (the ci.health.improvement view)."""

import datetime
import random

from odoo.exceptions import AccessError, UserError

from ..models.ci_improvement import OPEN_STATES
from .common import CiShopFloorCase


def _months_to(today, count):
    """The ``count`` months ('YYYY-MM') up to ``today``'s."""
    months, day = [], today.replace(day=1)
    for _i in range(count):
        months.insert(0, day.strftime('%Y-%m'))
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months


# the months of the history: up to this one, so that open improvements fall in
# every age bucket (the last three months' are counted live, the others' in the facts)
TODAY = datetime.date.today()
MONTHS = tuple(_months_to(TODAY, 5))
FIRST, LAST = _months_to(TODAY.replace(day=1) - datetime.timedelta(days=1), 5)[
    0
], TODAY.strftime('%Y-%m')
STATES = (
    'draft',
    'submitted',
    'review',
    'approved',
    'pilot',
    'adopted',
    'standardized',
    'rejected',
    'withdrawn',
)
METRICS = ('cycle_time', 'efficiency', 'scrap_rate', 'yield', 'oee')
STEPS = (
    'improvements',
    'pilots',
    'state',
    'move',
    'submitter',
    'delete',
    'pilot_update',
    'pilot_delete',
    'price',
    'orm',
)
# what the facts and the rows must agree on (impact to the cent, cycle times
# to a thousandth of a day: sums in another order)
EXACT = (
    'proposals',
    'employees',
    'participants',
    'proposals_per_employee_month',
    'participation_rate',
    'adopted',
    'standardized',
    'rejected',
    'decided',
    'adoption_rate',
    'pilots_closed',
    'pilots_improved',
    'pilot_success_rate',
    'open',
    'aging',
    'impact_count',
    'workorders_done',
    'workorders_standard',
)


class TestCiImprovementFact(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiImprovementFact, cls).setUpClass()
        cls.workcenter2 = cls.env['mrp.workcenter'].create(
            {'name': 'CI Lathe 2', 'costs_hour': 40.0}
        )
        cls.product2 = cls.env['product.product'].create(
            {'name': 'CI Bracket XL', 'standard_price': 20.0}
        )
        cls.submitters = cls.user_ci | cls.engineer_ci | cls.manager_ci
        cls.Health = cls.env['ci.health.improvement']

    # ------------------------------------------------------------------
    # random history
    # ------------------------------------------------------------------
    def _stamp(self, rnd):
        month = rnd.choice(MONTHS)
        return '%s-%02d %02d:%02d:00' % (
            month,
            rnd.randint(1, 28),
            rnd.randint(0, 23),
            rnd.randint(0, 59),
        )

    def _insert_improvements(self, rnd, count):
        for _i in range(count):
            state = rnd.choice(STATES)
            submitted = (
                None
                if state == 'draft' and rnd.random() < 0.7
                else self._stamp(rnd)
            )
            standardized = None
            if state == 'standardized' and submitted and rnd.random() < 0.9:
                standardized = str(
                    datetime.datetime.strptime(submitted, '%Y-%m-%d %H:%M:%S')
                    + datetime.timedelta(days=rnd.uniform(0, 90))
                )
            self.env.cr.execute(
                """
                INSERT INTO ci_improvement (name, title, state, origin,
                    problem, company_id, submitter_id,
                                            date_submitted, date_standardized)
                VALUES ('IMP-T', 'random', %s, 'proposal', 'p', %s, %s, %s, %s)""",
                (
                    state,
                    self.company.id,
                    rnd.choice(self.submitters).id,
                    submitted,
                    standardized,
                ),
            )

    def _insert_pilots(self, rnd, count):
        self.env.cr.execute(
            "SELECT id FROM ci_improvement WHERE title = 'random'"
        )
        improvements = [row[0] for row in self.env.cr.fetchall()]
        for _i in range(count if improvements else 0):
            metric = rnd.choice(METRICS)
            closed = rnd.random() < 0.8
            self.env.cr.execute(
                """
                INSERT INTO ci_pilot (name, improvement_id, company_id, state,
                    workcenter_id, product_id, metric,
                                      baseline_date_from, baseline_date_to,
                                          pilot_date_from, pilot_date_to,
                                      verdict, decision, date_evaluated,
                                          baseline_days, baseline_units,
                                      baseline_minutes_per_unit,
                                          pilot_minutes_per_unit, baseline_mean,
                                      pilot_mean)
                VALUES ('PIL-T', %s, %s, %s, %s, %s, %s, '2025-12-01',
                    '2025-12-31', %s, '2026-06-30',
                        %s, %s, %s, %s, %s, %s, %s, %s, %s)""",
                (
                    rnd.choice(improvements),
                    self.company.id,
                    'closed' if closed else 'running',
                    rnd.choice([self.workcenter, self.workcenter2]).id,
                    rnd.choice([self.product.id, self.product2.id, None]),
                    metric,
                    '2026-0%d-0%d' % (rnd.randint(1, 5), rnd.randint(1, 9)),
                    (
                        rnd.choice(['improved', 'worse', 'no_change'])
                        if closed
                        else None
                    ),
                    (
                        rnd.choice(['adopt', 'adopt', 'abandon'])
                        if closed
                        else None
                    ),
                    (
                        '2026-06-30 12:00:00'
                        if closed and rnd.random() < 0.9
                        else None
                    ),
                    rnd.choice([0, 30, 31]),
                    rnd.choice([0.0, 120.0, 1000.0]),
                    rnd.uniform(1, 9),
                    rnd.uniform(1, 9),
                    rnd.uniform(0, 10),
                    rnd.uniform(0, 10),
                ),
            )

    def _step(self, rnd, step):
        cr = self.env.cr
        if step == 'improvements':
            self._insert_improvements(rnd, rnd.randint(1, 8))
        elif step == 'pilots':
            self._insert_pilots(rnd, rnd.randint(1, 6))
        elif step == 'state':
            cr.execute(
                "UPDATE ci_improvement SET state = %s WHERE title = 'random' "
                "AND id %% 3 = %s",
                (rnd.choice(STATES), rnd.randint(0, 2)),
            )
        elif step == 'move':
            cr.execute(
                "UPDATE ci_improvement SET date_submitted = date_submitted + "
                "%s * interval '1 day' "
                "WHERE title = 'random' AND id %% 4 = %s",
                (rnd.randint(-40, 40), rnd.randint(0, 3)),
            )
        elif step == 'submitter':
            cr.execute(
                "UPDATE ci_improvement SET submitter_id = %s WHERE title = "
                "'random' AND id %% 5 = %s",
                (rnd.choice(self.submitters).id, rnd.randint(0, 4)),
            )
        elif step == 'delete':
            cr.execute(
                "DELETE FROM ci_improvement WHERE title = 'random' AND id %% 7 = %s",
                (rnd.randint(0, 6),),
            )
        elif step == 'pilot_update':
            cr.execute(
                "UPDATE ci_pilot SET decision = %s, state = 'closed', "
                "pilot_mean = pilot_mean + 1, "
                "pilot_date_from = pilot_date_from - 3 WHERE name = 'PIL-T' "
                "AND id %% 3 = %s",
                (rnd.choice(['adopt', 'abandon', None]), rnd.randint(0, 2)),
            )
        elif step == 'pilot_delete':
            cr.execute(
                "DELETE FROM ci_pilot WHERE name = 'PIL-T' AND id %% 5 = %s",
                (rnd.randint(0, 4),),
            )
        elif step == 'price':
            # priced when read: no fact moves, the benefit does
            self.workcenter2.costs_hour = rnd.choice([0.0, 25.0, 40.0])
            self.product2.standard_price = rnd.choice([0.0, 7.5, 20.0])
        elif step == 'orm':
            improvement = (
                self.env['ci.improvement']
                .sudo(self.user_ci)
                .create(
                    {
                        'title': 'random ORM',
                        'problem': 'p',
                        'workcenter_id': self.workcenter.id,
                    }
                )
            )
            improvement.action_submit()

    # ------------------------------------------------------------------
    # the comparison
    # ------------------------------------------------------------------
    def assertSameFigures(self, facts, rows, label):
        for name in EXACT:
            self.assertEqual(facts[name], rows[name], '%s: %s' % (label, name))
        self.assertAlmostEqual(
            facts['impact'], rows['impact'], places=2, msg='%s: impact' % label
        )
        for name in ('cycle_days_mean', 'cycle_days_median'):
            if rows[name] is None:
                self.assertIsNone(facts[name], '%s: %s' % (label, name))
            else:
                self.assertAlmostEqual(
                    facts[name],
                    rows[name],
                    places=6,
                    msg='%s: %s' % (label, name),
                )

    def check_figures(self, label):
        """Facts against rows: the period, and each month."""
        self.env['ci.improvement'].invalidate_cache()
        Health = self.Health.sudo(self.manager_ci)
        period = (FIRST + '-01', str(TODAY))
        monthly, total = Health._program_figures(
            *period, company=self.company, groupby='month', with_total=True
        )
        # grouped by work center, the figures come from the view's rows: their
        # total is the rows' reading of the same period
        _by_wc, rows_total = Health._program_figures(
            *period,
            company=self.company,
            groupby='workcenter_id',
            with_total=True,
        )
        self.assertSameFigures(total, rows_total, label)
        by_month = {fig['key']: fig for fig in monthly}
        for month in (FIRST,) + MONTHS:
            first = month + '-01'
            _rows, month_rows = Health._program_figures(
                first,
                first,
                self.company,
                groupby='category_id',
                with_total=True,
            )
            month_facts = Health._program_figures(first, first, self.company)
            self.assertSameFigures(
                month_facts, month_rows, '%s, %s' % (label, month)
            )
            if first in by_month:
                fig = dict(by_month[first])
                # a month of a longer period counts one month per employee
                self.assertEqual(fig['proposals'], month_rows['proposals'])
                self.assertEqual(
                    fig['participants'], month_rows['participants']
                )
                self.assertAlmostEqual(
                    fig['impact'], month_rows['impact'], places=2
                )
            else:
                self.assertEqual(
                    month_rows['proposals'],
                    0,
                    '%s: %s missing' % (label, month),
                )
        # the review queue against the rows' age buckets
        for states in (('submitted', 'review'), OPEN_STATES, ('pilot',)):
            queue = Health._review_queue(self.company, states, oldest=50)
            self.env.cr.execute(
                """
                SELECT age_bucket, count(*) FROM ci_health_improvement
                 WHERE company_id = %s AND state IN %s GROUP BY 1""",
                (self.company.id, states),
            )
            rows = dict(self.env.cr.fetchall())
            self.assertEqual(
                queue['aging'],
                {bucket: rows.get(bucket, 0) for bucket in queue['aging']},
                '%s: queue %s' % (label, states),
            )
            self.assertEqual(queue['count'], sum(rows.values()))
            self.env.cr.execute(
                """
                SELECT improvement_id, age_days FROM ci_health_improvement
                 WHERE company_id = %s AND state IN %s ORDER BY date_submitted,
                     id LIMIT 50""",
                (self.company.id, states),
            )
            self.assertEqual(queue['oldest'], self.env.cr.fetchall())
        return total

    def facts(self, table='ci_improvement_month_fact_live'):
        self.env.cr.execute(
            "SELECT * FROM %s ORDER BY company_id, month" % table
        )  # one of two names
        return self.env.cr.fetchall()

    def test_random_history(self):
        """Each kind of step three times, in random order and with random
        values (SQL and ORM); after each one the facts read as the rows do,
        and a rebuild gives the same facts."""
        rnd = random.Random(20261203)
        self._insert_improvements(rnd, 40)
        self._insert_pilots(rnd, 25)
        total = self.check_figures('start')
        self.assertGreater(total['proposals'], 20)
        self.assertGreater(total['impact_count'], 0)
        steps = list(STEPS) * 3
        rnd.shuffle(steps)
        for n, step in enumerate(steps):
            self._step(rnd, step)
            self.check_figures('step %s (%s)' % (n, step))
        before = self.facts()
        self.assertTrue(before)
        # the fold writes what readers computed; then nothing is left to fold
        self.assertGreater(self.env['ci.improvement.fact']._fold(), 0)
        self.assertEqual(self.facts('ci_improvement_month_fact'), before)
        self.assertEqual(self.facts(), before)
        self.assertEqual(self.env['ci.improvement.fact']._fold(), 0)
        self.env['ci.improvement.fact']._rebuild()
        self.assertEqual(self.facts('ci_improvement_month_fact'), before)

    def test_reads_months_not_improvements(self):
        """A period's figures read its facts: one row per month, whatever
        the number of improvements."""
        rnd = random.Random(7)
        self._insert_improvements(rnd, 300)
        self.env['ci.improvement.fact']._fold()
        self.env.cr.execute(
            """
            SELECT count(*), sum(proposals) FROM ci_improvement_month_fact
             WHERE company_id = %s AND month >= %s""",
            (self.company.id, MONTHS[0] + '-01'),
        )
        rows, proposals = self.env.cr.fetchone()
        self.assertLessEqual(rows, len(MONTHS))
        self.assertGreater(proposals, 200)

    def test_rebuild_rights_and_queue_states(self):
        with self.assertRaises(AccessError):
            self.env['ci.improvement.fact'].sudo(self.engineer_ci)._rebuild()
        self.assertIsInstance(
            self.env['ci.improvement.fact'].sudo(self.manager_ci)._rebuild(),
            int,
        )
        with self.assertRaises(UserError):
            self.Health.sudo(self.manager_ci)._review_queue(
                self.company, states=('adopted',)
            )
        empty = self.Health.sudo(self.manager_ci)._review_queue(
            self.company, states=()
        )
        self.assertEqual((empty['count'], empty['oldest']), (0, []))
