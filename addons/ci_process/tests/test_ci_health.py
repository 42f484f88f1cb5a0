# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import io

from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from ..wizards.ci_health_dashboard import period_dates
from .common import CiShopFloorCase

try:
    import openpyxl
except ImportError:  # pragma: no cover - in requirements.txt
    openpyxl = None


def _fmt(when):
    return when.strftime('%Y-%m-%d %H:%M:%S')


def _month(today, back, day=10, hour=8):
    """``day`` of the month ``back`` months before ``today``'s, at ``hour``."""
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.datetime(year, month, day, hour)


class TestCiHealth(CiShopFloorCase):
    """Program health figures against a hand-counted company.

    Company B has five employees (u1..u4 and its manager; a portal user and
    an archived user are not employees). The period is the twelve months
    back to this one: 13 whole months. Improvements of the period ("M-10":
    the 10th of the month ten months ago):

    ====  ===  ===  ====  ============  =========================== ref   by
    wc   cat   state         submitted / other ====  ===  ===  ====
    ============  =========================== i1    u1   wc1  cat1
    standardized  M-10, standard 10 days later i2    u1   wc1  cat2
    standardized  M-10, standard 30 days later i3    u2   wc2  cat1
    standardized  M-10, standard 20.5 days later; pilot P3 closed, improved,
    adopted (1460) i4    u2   wc2  cat1  adopted       M-10; pilot P1 closed,
    improved, adopted (3000) i5    u3   wc1  cat2  rejected      M-10; pilot P2
    closed, no change, abandoned i6    u3   wc2  cat2  rejected      M-9; pilot
    P5 closed, worse, abandoned i7    u1   wc1  cat1  withdrawn     M-9 o1
    u2   wc1  cat1  submitted     now - 3 days o2    u1   wc2  cat2  review
    now - 20 days o3    u3   wc1  cat1  approved      now - 60 days o4    u2
    wc2  -     pilot         now - 200 days; pilot P4 running o5    u1   wc1
    cat1  submitted     now - 8 days 1 hour o6    u3   wc2  cat2  submitted
    now - 7 days 1 hour ====  ===  ===  ====  ============
    ===========================

    Not counted: a standardized improvement of u4 submitted 14 months ago
    (before the period), a draft of u4 never submitted, and an improvement
    of the main company. Done work orders of the period on B's work
    centers: M-10: wc1 1 (no standard), wc2 2 (no standard); M-9: wc1 2
    (both under a standard). Not counted: one in progress, one finished 14
    months ago, one of the main company.
    """

    @classmethod
    def setUpClass(cls):
        super(TestCiHealth, cls).setUpClass()
        cr = cls.env.cr
        cls.company_b = cls.env['res.company'].create({'name': 'CI Health Co'})
        user_groups = ['base.group_user']
        cls.u1, cls.u2, cls.u3, cls.u4 = [
            cls.make_user(
                'ci_health_u%d' % n, user_groups, company=cls.company_b
            )
            for n in (1, 2, 3, 4)
        ]
        cls.manager_b = cls.make_user(
            'ci_health_manager',
            ['base.group_user', 'ci_process.group_ci_manager'],
            company=cls.company_b,
        )
        cls.make_user(
            'ci_health_portal', ['base.group_portal'], company=cls.company_b
        )
        cls.make_user(
            'ci_health_gone', user_groups, company=cls.company_b
        ).active = False
        cls.wc1 = cls.env['mrp.workcenter'].create(
            {
                'name': 'CI Health WC1',
                'company_id': cls.company_b.id,
                'costs_hour': 60.0,
            }
        )
        cls.wc2 = cls.env['mrp.workcenter'].create(
            {
                'name': 'CI Health WC2',
                'company_id': cls.company_b.id,
                'costs_hour': 120.0,
            }
        )
        Category = cls.env['ci.category']
        cls.cat1 = Category.create(
            {
                'name': 'CI Health Safety',
                'code': 'CIH-S',
                'company_id': cls.company_b.id,
            }
        )
        cls.cat2 = Category.create(
            {
                'name': 'CI Health Quality',
                'code': 'CIH-Q',
                'company_id': cls.company_b.id,
            }
        )

        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        # the views age improvements from the transaction's clock: so do we
        cls.now = now = fields.Datetime.from_string(cr.fetchone()[0])
        cls.today = today = now.date()
        cls.date_from = datetime.date(today.year - 1, today.month, 1).strftime(
            '%Y-%m-%d'
        )
        cls.date_to = today.strftime('%Y-%m-%d')
        cls.m10, cls.m9 = _month(today, 10), _month(today, 9)
        days = datetime.timedelta(days=1)
        hour = datetime.timedelta(hours=1)
        spec = [
            # ref, submitter, wc, category, state, submitted, standardized
            (
                'i1',
                cls.u1,
                cls.wc1,
                cls.cat1,
                'standardized',
                cls.m10,
                cls.m10 + 10 * days,
            ),
            (
                'i2',
                cls.u1,
                cls.wc1,
                cls.cat2,
                'standardized',
                cls.m10,
                cls.m10 + 30 * days,
            ),
            (
                'i3',
                cls.u2,
                cls.wc2,
                cls.cat1,
                'standardized',
                cls.m10,
                cls.m10 + 20 * days + 12 * hour,
            ),
            ('i4', cls.u2, cls.wc2, cls.cat1, 'adopted', cls.m10, None),
            ('i5', cls.u3, cls.wc1, cls.cat2, 'rejected', cls.m10, None),
            ('i6', cls.u3, cls.wc2, cls.cat2, 'rejected', cls.m9, None),
            ('i7', cls.u1, cls.wc1, cls.cat1, 'withdrawn', cls.m9, None),
            (
                'o1',
                cls.u2,
                cls.wc1,
                cls.cat1,
                'submitted',
                now - 3 * days,
                None,
            ),
            ('o2', cls.u1, cls.wc2, cls.cat2, 'review', now - 20 * days, None),
            (
                'o3',
                cls.u3,
                cls.wc1,
                cls.cat1,
                'approved',
                now - 60 * days,
                None,
            ),
            ('o4', cls.u2, cls.wc2, None, 'pilot', now - 200 * days, None),
            (
                'o5',
                cls.u1,
                cls.wc1,
                cls.cat1,
                'submitted',
                now - 8 * days - hour,
                None,
            ),
            (
                'o6',
                cls.u3,
                cls.wc2,
                cls.cat2,
                'submitted',
                now - 7 * days - hour,
                None,
            ),
            (
                'old',
                cls.u4,
                cls.wc1,
                cls.cat1,
                'standardized',
                _month(today, 14),
                _month(today, 13),
            ),
            ('draft', cls.u4, cls.wc1, cls.cat1, 'draft', None, None),
        ]
        cls.imp = {}
        for ref, user, wc, cat, state, submitted, standardized in spec:
            cls.imp[ref] = cls._improvement(
                ref, user, wc, cat, state, submitted, standardized
            )
        # another company's improvement, in the period and standardized
        cls.imp['other'] = cls._improvement(
            'other',
            cls.user_ci,
            cls.workcenter,
            None,
            'standardized',
            cls.m10,
            cls.m10 + 5 * days,
            company=cls.company,
        )

        # pilots: P1 and P3 adopted; benefits, as ci.pilot computes them: P1 on
        # wc1 (60 / hour): (10 - 7) min x 1000 units / 365 days x 365 / 60 x 60
        # = 3000 P3 on wc2 (120 / hour): (5 - 4) min x 730 units / 365 days x
        # 365 / 60 x 120 = 1460
        cls.p1 = cls._pilot(
            'i4',
            cls.wc1,
            'closed',
            'improved',
            'adopt',
            (1000, 365, 10.0, 7.0),
        )
        cls._pilot('i5', cls.wc1, 'closed', 'no_change', 'abandon')
        cls._pilot(
            'i3', cls.wc2, 'closed', 'improved', 'adopt', (730, 365, 5.0, 4.0)
        )
        cls._pilot('o4', cls.wc2, 'running', None, None)
        cls._pilot('i6', cls.wc2, 'closed', 'worse', 'abandon')

        # work orders, on one production of the shop floor fixture
        cls.production = cls.env['mrp.production'].create(
            {
                'product_id': cls.product.id,
                'product_qty': 1.0,
                'product_uom_id': cls.product.uom_id.id,
                'bom_id': cls.bom.id,
            }
        )
        sop = cls.env['ci.sop'].create(
            {'name': 'CI Health SOP', 'operation_id': cls.operation.id}
        )
        cls.version = cls.env['ci.sop.version'].create({'sop_id': sop.id})
        for wc, finished, state, standard in [
            (cls.wc1, cls.m10, 'done', False),
            (cls.wc2, cls.m10, 'done', False),
            (cls.wc2, cls.m10 + days, 'done', False),
            (cls.wc1, cls.m9, 'done', True),
            (cls.wc1, cls.m9 + days, 'done', True),
            (cls.wc1, cls.m9, 'progress', True),
            (cls.wc1, _month(today, 14), 'done', True),
            (cls.workcenter, cls.m9, 'done', True),
        ]:
            cls._workorder(wc, finished, state, standard)
        cls.env['ci.improvement'].invalidate_cache()
        cls.env['ci.pilot'].invalidate_cache()
        cls.env['mrp.workorder'].invalidate_cache()

    @classmethod
    def _improvement(
        cls, ref, user, wc, cat, state, submitted, standardized, company=None
    ):
        rec = cls.env['ci.improvement'].create(
            {
                'title': 'CI Health %s' % ref,
                'problem': 'Counted by hand',
                'company_id': (company or cls.company_b).id,
                'workcenter_id': wc.id,
                'category_id': cat.id if cat else False,
            }
        )
        # workflow-only fields: set as the transitions would have
        cls.env.cr.execute(
            "UPDATE ci_improvement SET state = %s, submitter_id = %s, "
            "date_submitted = %s, date_standardized = %s "
            "WHERE id = %s",
            (
                state,
                user.id,
                submitted and _fmt(submitted),
                standardized and _fmt(standardized),
                rec.id,
            ),
        )
        rec.invalidate_cache()
        return rec

    @classmethod
    def _pilot(cls, ref, wc, state, verdict, decision, results=None):
        imp = cls.imp[ref]
        pilot = cls.env['ci.pilot'].create(
            {
                'name': 'CI Health pilot of %s' % ref,
                'improvement_id': imp.id,
                'workcenter_id': wc.id,
                'metric': 'cycle_time',
                'baseline_date_from': '2025-01-01',
                'baseline_date_to': '2025-12-31',
                'pilot_date_from': '2026-01-01',
                'pilot_date_to': '2026-01-31',
            }
        )
        units, days, before, after = results or (0, 0, 0.0, 0.0)
        cls.env.cr.execute(
            """UPDATE ci_pilot SET state = %s, verdict = %s, decision = %s,
                date_evaluated = %s,
                      baseline_units = %s, baseline_days = %s,
                          baseline_minutes_per_unit = %s,
                      pilot_minutes_per_unit = %s WHERE id = %s""",
            (
                state,
                verdict,
                decision,
                _fmt(cls.now) if verdict else None,
                units,
                days,
                before,
                after,
                pilot.id,
            ),
        )
        return pilot

    @classmethod
    def _workorder(cls, wc, finished, state, standard):
        workorder = cls.env['mrp.workorder'].create(
            {
                'name': 'CI Health WO',
                'workcenter_id': wc.id,
                'production_id': cls.production.id,
                'product_uom_id': cls.product.uom_id.id,
            }
        )
        cls.env.cr.execute(
            "UPDATE mrp_workorder SET state = %s, date_start = %s, "
            "date_finished = %s, "
            "ci_sop_version_id = %s WHERE id = %s",
            (
                state,
                _fmt(finished - datetime.timedelta(hours=1)),
                _fmt(finished),
                cls.version.id if standard else None,
                workorder.id,
            ),
        )
        return workorder

    def _figures(self, groupby=None, user=None, company=None):
        return (
            self.env['ci.health.improvement']
            .sudo(user or self.manager_b)
            ._program_figures(
                self.date_from,
                self.date_to,
                company or self.company_b,
                groupby=groupby,
            )
        )

    def test_participation(self):
        """Proposals per employee per month and participation rate."""
        fig = self._figures()
        # i1..i7 and o1..o6; not 'old' (before), 'draft', 'other' (company)
        self.assertEqual(fig['proposals'], 13)
        self.assertEqual(fig['months'], 13)
        # u1..u4 and the manager; not the portal user nor the archived one
        self.assertEqual(fig['employees'], 5)
        # u1, u2, u3 (u4 only in 'old' and 'draft')
        self.assertEqual(fig['participants'], 3)
        self.assertAlmostEqual(fig['participation_rate'], 60.0)
        # 13 proposals / 5 employees / 13 months
        self.assertAlmostEqual(fig['proposals_per_employee_month'], 0.2)

    def test_adoption_and_pilots(self):
        """Adoption rate over decided improvements, pilot success over closed
        pilots."""
        fig = self._figures()
        # decided: i1 i2 i3 (standardized) i4 (adopted) i5 i6 (rejected); i7
        # withdrawn is not
        self.assertEqual(
            (
                fig['decided'],
                fig['adopted'],
                fig['standardized'],
                fig['rejected'],
            ),
            (6, 4, 3, 2),
        )
        self.assertAlmostEqual(fig['adoption_rate'], 100.0 * 4 / 6)
        # closed: P1 P2 P3 P5 (P4 runs); improved: P1 P3
        self.assertEqual(
            (fig['pilots_closed'], fig['pilots_improved']), (4, 2)
        )
        self.assertAlmostEqual(fig['pilot_success_rate'], 50.0)

    def test_cycle_time(self):
        """Mean and median days from submission to standard, standardized
        improvements only."""
        fig = self._figures()
        # i1 10, i2 30, i3 20.5 days ('old' is before the period, 'other' in
        # another company)
        self.assertAlmostEqual(fig['cycle_days_mean'], (10 + 30 + 20.5) / 3)
        self.assertAlmostEqual(fig['cycle_days_median'], 20.5)

    def test_aging_buckets(self):
        """Open improvements by whole days since submission."""
        fig = self._figures()
        # o1 3 d, o6 7 d 1 h | o5 8 d 1 h, o2 20 d | o3 60 d | o4 200 d
        self.assertEqual(fig['open'], 6)
        self.assertEqual(
            fig['aging'], {'0_7': 2, '8_30': 2, '31_90': 1, '90_plus': 1}
        )
        rows = (
            self.env['ci.health.improvement']
            .sudo(self.manager_b)
            .search([('open_count', '=', 1)])
        )
        self.assertEqual(
            dict((r.improvement_id, r.age_bucket) for r in rows),
            {
                self.imp['o1']: '0_7',
                self.imp['o6']: '0_7',
                self.imp['o5']: '8_30',
                self.imp['o2']: '8_30',
                self.imp['o3']: '31_90',
                self.imp['o4']: '90_plus',
            },
        )

    def test_impact(self):
        """Impact achieved: the adopted pilots' yearly benefit, as ci.pilot
        computes it."""
        fig = self._figures()
        # P1 3000 (i4) + P3 1460 (i3)
        self.assertAlmostEqual(fig['impact'], 4460.0)
        row = (
            self.env['ci.health.improvement']
            .sudo(self.manager_b)
            .search([('improvement_id', '=', self.imp['i4'].id)])
        )
        self.assertAlmostEqual(row.impact, self.imp['i4'].benefit_actual)
        self.assertAlmostEqual(self.p1.benefit_annual, 3000.0)

    def test_standard_coverage(self):
        """Done work orders of the period under a standard, by the work
        center's company."""
        fig = self._figures()
        # M-10: wc1 1, wc2 2 (none under a standard); M-9: wc1 2 (both)
        self.assertEqual(
            (fig['workorders_done'], fig['workorders_standard']), (5, 2)
        )
        self.assertAlmostEqual(fig['standard_coverage'], 40.0)

    def test_coverage_is_never_stale(self):
        """A work order done counts at once (the facts follow the work orders),
        and stops counting when it is no longer done."""
        self.assertEqual(self._figures()['workorders_done'], 5)
        workorder = self._workorder(self.wc2, self.m9, 'done', True)
        fig = self._figures()
        # 6 done, 3 under a standard
        self.assertEqual(
            (fig['workorders_done'], fig['standard_coverage']), (6, 50.0)
        )
        workorder.write({'state': 'cancel'})
        self.assertEqual(self._figures()['workorders_done'], 5)

    def test_by_month(self):
        """Figures per month of submission / of work order completion."""
        by_month = {f['key']: f for f in self._figures('month')}
        m10, m9 = (
            by_month[self.m10.strftime('%Y-%m-01')],
            by_month[self.m9.strftime('%Y-%m-01')],
        )
        # M-10: i1..i5 by u1 u2 u3; 5 proposals / 5 employees / 1 month
        self.assertEqual(
            (
                m10['proposals'],
                m10['participants'],
                m10['decided'],
                m10['adopted'],
            ),
            (5, 3, 5, 4),
        )
        self.assertAlmostEqual(m10['proposals_per_employee_month'], 1.0)
        self.assertAlmostEqual(m10['adoption_rate'], 80.0)
        self.assertAlmostEqual(m10['cycle_days_median'], 20.5)
        self.assertAlmostEqual(m10['impact'], 4460.0)
        self.assertEqual(
            (m10['workorders_done'], m10['standard_coverage']), (3, 0.0)
        )
        # M-9: i6 (rejected), i7 (withdrawn); 2 done work orders, both under a
        # standard
        self.assertEqual(
            (m9['proposals'], m9['decided'], m9['adoption_rate']), (2, 1, 0.0)
        )
        self.assertEqual(
            (m9['workorders_done'], m9['standard_coverage']), (2, 100.0)
        )
        self.assertIsNone(m9['cycle_days_mean'])
        self.assertEqual(sum(f['proposals'] for f in by_month.values()), 13)

    def test_by_workcenter_and_category(self):
        """Figures per work center and per category."""
        by_wc = {f['key']: f for f in self._figures('workcenter_id')}
        self.assertEqual(set(by_wc), {self.wc1.id, self.wc2.id})
        wc1, wc2 = by_wc[self.wc1.id], by_wc[self.wc2.id]
        # wc1: i1 i2 i5 i7 o1 o3 o5; decided i1 i2 i5, adopted i1 i2; WOs 3, 2
        # under a standard
        self.assertEqual(
            (wc1['proposals'], wc1['decided'], wc1['adopted'], wc1['open']),
            (7, 3, 2, 3),
        )
        self.assertAlmostEqual(wc1['cycle_days_mean'], 20.0)
        self.assertEqual(
            (
                wc1['workorders_done'],
                wc1['workorders_standard'],
                wc1['impact'],
            ),
            (3, 2, 0.0),
        )
        # wc2: i3 i4 i6 o2 o4 o6; decided i3 i4 i6, adopted i3 i4; WOs 2, none
        # under a standard
        self.assertEqual(
            (wc2['proposals'], wc2['decided'], wc2['adopted'], wc2['open']),
            (6, 3, 2, 3),
        )
        self.assertEqual(
            (wc2['workorders_done'], wc2['standard_coverage'], wc2['impact']),
            (2, 0.0, 4460.0),
        )
        self.assertIsNone(wc2['participation_rate'])

        by_cat = {f['key']: f for f in self._figures('category_id')}
        # cat1: i1 i3 i4 i7 o1 o3 o5 (decided i1 i3 i4, all adopted); cat2: i2
        # i5 i6 o2 o6; none: o4
        self.assertEqual(
            {k: f['proposals'] for k, f in by_cat.items()},
            {self.cat1.id: 7, self.cat2.id: 5, False: 1},
        )
        self.assertAlmostEqual(by_cat[self.cat1.id]['adoption_rate'], 100.0)
        self.assertAlmostEqual(
            by_cat[self.cat2.id]['adoption_rate'], 100.0 / 3
        )
        self.assertEqual(by_cat[self.cat1.id]['workorders_done'], 0)

    def test_company_isolation(self):
        """A manager sees the figures of their company only."""
        # B's manager asking for the main company: refused
        with self.assertRaisesRegex(AccessError, '_program_figures'):
            self._figures(company=self.company)
        # the main company's manager reads none of B's rows
        for model in (
            'ci.health.improvement',
            'ci.health.participation',
            'ci.health.workorder',
        ):
            Model = self.env[model].sudo(self.manager_ci)
            self.assertFalse(
                Model.search([('company_id', '=', self.company_b.id)]), model
            )
        # the main company's own figures: its improvements (the demo's,
        # 'other') and work orders
        fig = self._figures(user=self.manager_ci, company=self.company)
        start, stop, _months = self.env['ci.health.improvement']._period(
            self.date_from, self.date_to
        )
        self.assertEqual(
            fig['proposals'],
            self.env['ci.improvement'].search_count(
                [
                    ('company_id', '=', self.company.id),
                    ('date_submitted', '>=', start),
                    ('date_submitted', '<', stop),
                ]
            ),
        )
        self.assertEqual(
            fig['workorders_done'],
            self.env['mrp.workorder'].search_count(
                [
                    ('workcenter_id.company_id', '=', self.company.id),
                    ('state', '=', 'done'),
                    ('date_finished', '>=', start),
                    ('date_finished', '<', stop),
                ]
            ),
        )
        self.assertIn(
            self.imp['other'],
            self.env['ci.health.improvement']
            .sudo(self.manager_ci)
            .search([])
            .mapped('improvement_id'),
        )

    def test_participation_view(self):
        """Proposals per month and submitter."""
        rows = (
            self.env['ci.health.participation']
            .sudo(self.manager_b)
            .read_group(
                [('month', '=', self.m10.strftime('%Y-%m-01'))],
                ['user_id', 'proposal_count'],
                ['user_id'],
            )
        )
        # M-10: u1 i1 i2, u2 i3 i4, u3 i5
        self.assertEqual(
            {r['user_id'][0]: r['proposal_count'] for r in rows},
            {self.u1.id: 2, self.u2.id: 2, self.u3.id: 1},
        )

    def test_access(self):
        """CI Users cannot read program health; Engineers read its figures (the
        cockpit) but
        not the dashboard's menu; managers both."""
        for model in (
            'ci.health.improvement',
            'ci.health.participation',
            'ci.health.workorder',
        ):
            with self.assertRaises(AccessError):
                self.env[model].sudo(self.user_ci).search([])
        with self.assertRaises(AccessError):
            self._figures(user=self.user_ci)
        # the engineer of the main company: B's figures are refused, the views
        # show none of B
        with self.assertRaises(AccessError):
            self._figures(user=self.engineer_ci)
        self.assertFalse(
            self.env['ci.health.improvement']
            .sudo(self.engineer_ci)
            .search([('company_id', '=', self.company_b.id)])
        )
        menu = self.env.ref('ci_process.menu_ci_health')
        Menu = self.env['ir.ui.menu']
        self.assertIn(menu.id, Menu.sudo(self.manager_b)._visible_menu_ids())
        self.assertNotIn(
            menu.id, Menu.sudo(self.engineer_ci)._visible_menu_ids()
        )
        # every submitted improvement of B: the 13 of the period and 'old'
        self.assertEqual(
            len(
                self.env['ci.health.improvement']
                .sudo(self.manager_b)
                .search([])
            ),
            14,
        )

    def test_dashboard(self):
        """The dashboard shows the period's figures and opens the analysis on it."""
        board = (
            self.env['ci.health.dashboard']
            .sudo(self.manager_b)
            .create(
                {
                    'date_from': self.date_from,
                    'date_to': self.date_to,
                    'company_id': self.company_b.id,
                }
            )
        )
        self.assertEqual(
            (
                board.proposal_count,
                board.employee_count,
                board.open_count,
                board.aging_90_plus,
                board.workorder_done_count,
            ),
            (13, 5, 6, 1, 5),
        )
        # the tiles show one decimal
        self.assertAlmostEqual(board.adoption_rate, 66.7)
        self.assertAlmostEqual(board.cycle_days_median, 20.5)
        self.assertAlmostEqual(board.standard_coverage, 40.0)
        action = board.action_open_improvements()
        self.assertEqual(action['res_model'], 'ci.health.improvement')
        self.assertEqual(
            self.env['ci.health.improvement']
            .sudo(self.manager_b)
            .search_count(action['domain']),
            13,
        )

    def test_figures_with_total_in_one_query(self):
        """The grouped figures and the period's total from one query equal the
        two asked apart."""
        for groupby in ('month', 'workcenter_id', 'category_id'):
            grouped, total = (
                self.env['ci.health.improvement']
                .sudo(self.manager_b)
                ._program_figures(
                    self.date_from,
                    self.date_to,
                    self.company_b,
                    groupby=groupby,
                    with_total=True,
                )
            )
            self.assertEqual(grouped, self._figures(groupby))
            self.assertEqual(total, self._figures())

    def test_dashboard_period(self):
        """A preset period sets its dates however the dashboard is made; odd
        periods are refused naming field and value."""
        Board = self.env['ci.health.dashboard'].sudo(self.manager_b)
        today = fields.Date.from_string(fields.Date.context_today(Board))
        first, last = [
            fields.Date.to_string(d) for d in period_dates('3m', today)
        ]
        for board in (
            Board.create(
                {
                    'period': '3m',
                    'date_from': '2001-01-01',
                    'date_to': '2001-12-31',
                }
            ),
            Board.with_context(default_period='3m').create({}),
        ):
            self.assertEqual(
                (board.period, board.date_from, board.date_to),
                ('3m', first, last),
            )
        board = Board.create(
            {'date_from': self.date_from, 'date_to': self.date_to}
        )
        self.assertEqual(board.period, 'custom')
        board.write({'period': 'ytd'})
        self.assertEqual(board.date_from, '%s-01-01' % today.year)
        for vals, words in (
            ({'period': 'bogus'}, "bogus"),
            ({'period': 'custom', 'date_from': '0001-03-01'}, "0001"),
            ({'period': 'custom', 'date_to': '9999-12-31'}, "9999"),
            (
                {
                    'period': 'custom',
                    'date_from': '2026-05-01',
                    'date_to': '2026-03-01',
                },
                "2026-03-01",
            ),
            (
                {
                    'period': 'custom',
                    'date_from': '2000-01-01',
                    'date_to': '2026-03-01',
                },
                "120",
            ),
        ):
            with self.assertRaisesRegex(ValidationError, words):
                with self.env.cr.savepoint():
                    Board.create(vals)

    def test_xlsx(self):
        """The XLSX program report, read back."""
        self.assertTrue(openpyxl, "openpyxl is in requirements.txt")
        board = (
            self.env['ci.health.dashboard']
            .sudo(self.manager_b)
            .create(
                {
                    'date_from': self.date_from,
                    'date_to': self.date_to,
                    'company_id': self.company_b.id,
                }
            )
        )
        report = self.env.ref(
            'ci_process.action_report_program_health_xlsx'
        ).sudo(self.manager_b)
        content, fmt = report.render(board.ids, {})
        self.assertEqual(fmt, 'xlsx')
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames,
            ['Summary', 'By month', 'By work center', 'By category'],
        )
        summary = {
            row[0]: row[1]
            for row in book['Summary'].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(summary['Company'], 'CI Health Co')
        self.assertEqual(summary['Proposals'], 13)
        self.assertEqual(summary['Employees'], 5)
        self.assertAlmostEqual(summary['Participation rate (%)'], 60.0)
        self.assertAlmostEqual(summary['Adoption rate (%)'], 100.0 * 4 / 6)
        self.assertAlmostEqual(summary['Pilot success rate (%)'], 50.0)
        self.assertAlmostEqual(
            summary['Cycle time idea to standard, median (days)'], 20.5
        )
        self.assertEqual(summary['Open, > 90 days'], 1)
        self.assertAlmostEqual(summary['Impact achieved / year'], 4460.0)
        self.assertAlmostEqual(summary['Standard coverage (%)'], 40.0)

        sheet = book['By work center']
        header = [c.value for c in sheet[1]]
        rows = {
            r[0]: dict(zip(header, r))
            for r in sheet.iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(set(rows), {'CI Health WC1', 'CI Health WC2'})
        self.assertEqual(rows['CI Health WC1']['Proposals'], 7)
        self.assertAlmostEqual(
            rows['CI Health WC1']['Standard coverage (%)'], 100.0 * 2 / 3
        )
        self.assertAlmostEqual(
            rows['CI Health WC2']['Cycle time, median (days)'], 20.5
        )

        sheet = book['By category']
        rows = {
            r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(
            rows, {'CI Health Safety': 7, 'CI Health Quality': 5, 'None': 1}
        )
        sheet = book['By month']
        rows = {
            r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(rows[self.m10.strftime('%Y-%m')], 5)
        self.assertEqual(sum(v for v in rows.values()), 13)
