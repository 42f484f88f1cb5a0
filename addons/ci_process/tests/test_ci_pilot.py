# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

import numpy as np

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import stats
from ..models.ci_pilot import RESULT_FIELDS
from .common import CiShopFloorCase

NEW_EVIDENCE = (
    'test_kind',
    'ci_level',
    'baseline_ci_low',
    'baseline_ci_high',
    'pilot_ci_low',
    'pilot_ci_high',
    'difference_ci_low',
    'difference_ci_high',
)

# minutes for 10 units, one done work order a day
BEFORE = [100, 104, 98, 102, 101, 99, 103, 97, 105, 100]
AFTER = [90, 93, 88, 91, 92, 89, 90, 94, 87, 91]


def scipy_stats():
    """scipy.stats, the reference figures. scipy is a development
    dependency (requirements-dev.txt): imported by the tests that compare
    with it, so that the addon's tests still load without it."""
    from scipy import stats as sps

    return sps


class TestCiPilot(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiPilot, cls).setUpClass()
        for i, minutes in enumerate(BEFORE):
            cls.record_workorder(
                dt.datetime(2026, 3, 1 + i, 10),
                minutes,
                90,
                10,
                1 if i % 2 else 0,
            )
        for i, minutes in enumerate(AFTER):
            cls.record_workorder(
                dt.datetime(2026, 4, 1 + i, 10), minutes, 90, 10, 0
            )
        cls.imp = (
            cls.env['ci.improvement']
            .sudo(cls.user_ci)
            .create(
                {
                    'title': 'Quick-change die',
                    'problem': 'Die change takes long',
                    'workcenter_id': cls.workcenter.id,
                    'product_id': cls.product.id,
                }
            )
        )
        cls.imp.action_submit()
        as_eng = cls.imp.sudo(cls.engineer_ci)
        as_eng.action_start_review()
        as_eng.write({'owner_id': cls.engineer_ci.id})
        as_eng.action_approve()

    def make_pilot(self, **values):
        vals = {
            'name': 'Die pilot',
            'improvement_id': self.imp.id,
            'workcenter_id': self.workcenter.id,
            'metric': 'cycle_time',
            'baseline_date_from': '2026-03-01',
            'baseline_date_to': '2026-03-10',
            'pilot_date_from': '2026-04-01',
            'pilot_date_to': '2026-04-10',
        }
        vals.update(values)
        return self.env['ci.pilot'].sudo(self.engineer_ci).create(vals)

    def test_cycle_time_pilot_figures(self):
        sps = scipy_stats()
        pilot = self.make_pilot()
        pilot.action_start()
        self.assertEqual(self.imp.state, 'pilot')
        pilot.action_evaluate()
        ref = sps.ttest_ind(
            [m / 10.0 for m in AFTER],
            [m / 10.0 for m in BEFORE],
            equal_var=False,
        )
        self.assertEqual((pilot.baseline_n, pilot.pilot_n), (10, 10))
        self.assertAlmostEqual(
            pilot.baseline_mean, sum(BEFORE) / 100.0, places=4
        )
        self.assertAlmostEqual(pilot.pilot_mean, sum(AFTER) / 100.0, places=4)
        self.assertAlmostEqual(pilot.statistic, ref.statistic, places=4)
        self.assertAlmostEqual(pilot.p_value, ref.pvalue, places=6)
        self.assertAlmostEqual(pilot.dof, ref.df, places=2)
        self.assertEqual(pilot.verdict, 'improved')
        self.assertEqual(self.imp.pdca_stage, 'check')
        # benefit: (10.09 - 9.05) min/unit / 60 * 60 per hour * 100 units in 10
        # days * 365 / 10
        saved = (sum(BEFORE) - sum(AFTER)) / 100.0
        self.assertAlmostEqual(
            pilot.benefit_annual, saved / 60.0 * 60.0 * 100 * 36.5, places=2
        )
        pilot.write(
            {
                'feedback_ids': [
                    (0, 0, {'rating': '5', 'comment': 'Much easier'})
                ]
            }
        )
        self.env['ci.pilot.feedback'].sudo(self.user_ci).create(
            {'pilot_id': pilot.id, 'rating': '4'}
        )
        action = pilot.sudo(self.user_ci).action_give_feedback()
        self.assertEqual(action['context']['default_pilot_id'], pilot.id)
        self.assertAlmostEqual(pilot.rating_avg, 4.5)
        pilot.action_adopt()
        self.assertEqual(
            (pilot.state, pilot.decision, self.imp.state),
            ('closed', 'adopt', 'adopted'),
        )
        self.assertAlmostEqual(
            self.imp.benefit_actual, pilot.benefit_annual, places=2
        )

    def test_scrap_rate_pilot_two_proportions(self):
        sps = scipy_stats()
        pilot = self.make_pilot(
            metric='scrap_rate', product_id=self.product.id
        )
        pilot.action_start()
        pilot.action_evaluate()
        # 5 scrapped of 105 before, 0 of 100 after
        self.assertAlmostEqual(pilot.baseline_mean, 100.0 * 5 / 105, places=4)
        self.assertAlmostEqual(pilot.pilot_mean, 0.0)
        table = [[5, 100], [0, 100]]
        _chi2, p, _dof, _exp = sps.chi2_contingency(table, correction=False)
        self.assertAlmostEqual(pilot.p_value, p, places=6)
        self.assertEqual(pilot.test_name, 'Two-proportion z-test')
        self.assertEqual(pilot.verdict, 'improved')
        self.assertAlmostEqual(
            pilot.benefit_annual,
            (100.0 * 5 / 105) / 100 * 100 * 36.5 * 12.5,
            places=2,
        )

    def test_no_significant_change_and_abandon(self):
        pilot = self.make_pilot(
            pilot_date_from='2026-03-06',
            baseline_date_to='2026-03-05',
            pilot_date_to='2026-03-10',
        )
        pilot.action_start()
        pilot.action_evaluate()
        self.assertEqual(pilot.verdict, 'no_change')
        with self.assertRaises(UserError):
            pilot.action_abandon()  # a note is required
        self.assertEqual(self.imp.state, 'pilot')
        pilot.write({'decision_note': 'No measurable gain'})
        pilot.action_abandon()
        self.assertEqual(self.imp.state, 'rejected')
        self.assertIn('No measurable gain', self.imp.rejection_reason)

    def test_extend_keeps_running(self):
        pilot = self.make_pilot()
        pilot.action_start()
        pilot.action_evaluate()
        pilot.action_extend()
        self.assertEqual((pilot.state, self.imp.state), ('running', 'pilot'))

    def test_empty_pilot_window(self):
        pilot = self.make_pilot(
            pilot_date_from='2026-05-01', pilot_date_to='2026-05-31'
        )
        pilot.action_start()
        with self.assertRaises(UserError) as cm:
            pilot.action_evaluate()
        self.assertIn('2026-05-01', str(cm.exception))
        self.assertFalse(pilot.date_evaluated)

    def test_bad_windows_and_results_not_writable(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_pilot(
                pilot_date_from='2026-04-10', pilot_date_to='2026-04-01'
            )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.make_pilot(
                pilot_date_from='2026-03-05'
            )  # overlaps the baseline
        pilot = self.make_pilot()
        with self.assertRaises(UserError):
            pilot.write({'verdict': 'improved'})
        with self.assertRaises(UserError):
            self.make_pilot(verdict='improved')
        with self.assertRaises(AccessError):
            pilot.sudo(self.user_ci).action_start()

    def test_pilot_needs_approved_improvement(self):
        draft = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create(
                {
                    'title': 'x',
                    'problem': 'y',
                    'workcenter_id': self.workcenter.id,
                }
            )
        )
        draft.action_submit()
        pilot = self.make_pilot(improvement_id=draft.id)
        with self.assertRaises(UserError):
            pilot.action_start()
        self.assertEqual(pilot.state, 'draft')

    # ------------------------------------------------------------------
    # evidence shaped to its test (issue #15)
    # ------------------------------------------------------------------
    def test_welch_evidence_intervals_and_words(self):
        """A Welch pilot stores Student/Welch intervals and reads as means, t,
        df and Hedges' g."""
        sps = scipy_stats()
        pilot = self.make_pilot()
        pilot.action_start()
        pilot.action_evaluate()
        before, after = [m / 10.0 for m in BEFORE], [m / 10.0 for m in AFTER]
        self.assertEqual((pilot.test_kind, pilot.ci_level), ('welch', 95.0))
        ref_b = sps.t.interval(
            0.95, 9, loc=np.mean(before), scale=sps.sem(before)
        )
        ref_a = sps.t.interval(
            0.95, 9, loc=np.mean(after), scale=sps.sem(after)
        )
        for got, ref in (
            ((pilot.baseline_ci_low, pilot.baseline_ci_high), ref_b),
            ((pilot.pilot_ci_low, pilot.pilot_ci_high), ref_a),
        ):
            self.assertAlmostEqual(got[0], ref[0], places=4)
            self.assertAlmostEqual(got[1], ref[1], places=4)
        ref = sps.ttest_ind(after, before, equal_var=False)
        half = sps.t.ppf(0.975, ref.df) * np.sqrt(
            np.var(before, ddof=1) / 10 + np.var(after, ddof=1) / 10
        )
        diff = np.mean(after) - np.mean(before)
        self.assertAlmostEqual(pilot.difference_ci_low, diff - half, places=4)
        self.assertAlmostEqual(pilot.difference_ci_high, diff + half, places=4)
        summary = pilot.evidence_summary
        for part in (
            'Cycle time: 10.09 min/unit → 9.05 min/unit',
            '(\u22121.04 min/unit, 95 % CI \u22121.27',
            't = %.2f' % ref.statistic,
            'df = %.1f' % ref.df,
            'p < 0.0001',
            "Hedges' g = \u22124.16",
        ):
            part = part.replace('-', '\u2212')
            self.assertIn(part, summary)
        self.assertNotIn("Cohen's h", summary)
        self.assertIn('lower is better', pilot.verdict_sentence)
        self.assertIn('the pilot improved it', pilot.verdict_sentence)
        self.assertIn('n = 10', pilot.evidence_baseline)
        chart = pilot.evidence_chart
        self.assertTrue(
            chart.startswith('<svg') and chart.count('class="o_ci_point"') == 2
        )
        self.assertEqual(chart.count('class="o_ci_whisker"'), 2)
        self.assertIn('Baseline', chart)

    def test_proportion_evidence_in_percent_with_z_and_h(self):
        """A rate pilot reads in % and percentage points with Wilson/Newcombe
        intervals, z and Cohen's h."""
        pilot = self.make_pilot(
            metric='scrap_rate', product_id=self.product.id
        )
        pilot.action_start()
        pilot.action_evaluate()
        self.assertEqual(pilot.test_kind, 'proportion')
        b, a, d = stats.proportion_intervals(5, 105, 0, 100)
        self.assertAlmostEqual(pilot.baseline_ci_low, 100 * b.low, places=4)
        self.assertAlmostEqual(pilot.baseline_ci_high, 100 * b.high, places=4)
        self.assertEqual(
            (pilot.pilot_ci_low, round(pilot.pilot_ci_high, 4)),
            (0.0, round(100 * a.high, 4)),
        )
        self.assertAlmostEqual(pilot.difference_ci_low, 100 * d.low, places=4)
        self.assertAlmostEqual(
            pilot.difference_ci_high, 100 * d.high, places=4
        )
        # by hand: Wilson's interval of 0/100 at 95 %: z^2 / (n + z^2) = 3.6994 %
        self.assertAlmostEqual(
            pilot.pilot_ci_high,
            100 * 1.959964**2 / (100 + 1.959964**2),
            places=3,
        )
        summary = pilot.evidence_summary
        for part in (
            'Scrap rate: 4.76% → 0.00%',
            '\u22124.76 pp',
            '95 % CI',
            'z = \u22122.',
            "Cohen's h = \u22120.44",
        ):
            self.assertIn(part, summary)
        self.assertNotIn('df', summary)
        self.assertFalse(pilot.evidence_dof)
        self.assertIn('%', pilot.evidence_baseline)
        self.assertIn('pp', pilot.evidence_difference)

    def test_no_significant_change_says_so(self):
        """The verdict sentence of a pilot that changed nothing names chance,
        not an improvement."""
        pilot = self.make_pilot(
            pilot_date_from='2026-03-06',
            baseline_date_to='2026-03-05',
            pilot_date_to='2026-03-10',
        )
        pilot.action_start()
        pilot.action_evaluate()
        self.assertEqual(pilot.verdict, 'no_change')
        self.assertIn('could be chance', pilot.verdict_sentence)
        self.assertIn('no significant change', pilot.verdict_sentence)
        self.assertLess(pilot.difference_ci_low, 0)
        self.assertGreater(pilot.difference_ci_high, 0)

    def test_evidence_fields_owned_by_the_workflow(self):
        """Neither an engineer nor a CI user sets the new results by write,
        create or default_*."""
        self.assertTrue(set(NEW_EVIDENCE) <= set(RESULT_FIELDS))
        pilot = self.make_pilot()
        for name, value in (
            ('test_kind', 'proportion'),
            ('difference_ci_low', -9.0),
            ('ci_level', 50.0),
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                pilot.write({name: value})
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self.make_pilot(**{name: value})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                pilot.sudo(self.user_ci).write({name: value})
        Pilot = (
            self.env['ci.pilot']
            .sudo(self.engineer_ci)
            .with_context(
                default_test_kind='proportion',
                default_baseline_ci_low=1.0,
                default_ci_level=80.0,
            )
        )
        self.assertFalse(
            {'test_kind', 'baseline_ci_low', 'ci_level'}
            & set(
                k
                for k, v in Pilot.default_get(list(Pilot._fields)).items()
                if v
            )
        )
        created = Pilot.create(
            {
                'name': 'Ctx pilot',
                'improvement_id': self.imp.id,
                'workcenter_id': self.workcenter.id,
                'baseline_date_from': '2026-03-01',
                'baseline_date_to': '2026-03-10',
                'pilot_date_from': '2026-04-01',
                'pilot_date_to': '2026-04-10',
            }
        )
        self.assertEqual(
            (created.test_kind, created.baseline_ci_low, created.ci_level),
            (False, 0.0, 0.0),
        )
        self.assertFalse(created.evidence_chart)

    def test_default_windows_thirty_days(self):
        """A new pilot's baseline is the 30 days before today, its trial today
        + 29 days; both overridable."""
        today = fields.Date.from_string(
            fields.Date.context_today(
                self.env['ci.pilot'].sudo(self.engineer_ci)
            )
        )
        Pilot = self.env['ci.pilot'].sudo(self.engineer_ci)
        defaults = Pilot.default_get(
            [
                'baseline_date_from',
                'baseline_date_to',
                'pilot_date_from',
                'pilot_date_to',
            ]
        )
        day = fields.Date.to_string
        self.assertEqual(
            defaults,
            {
                'baseline_date_from': day(today - dt.timedelta(days=30)),
                'baseline_date_to': day(today - dt.timedelta(days=1)),
                'pilot_date_from': day(today),
                'pilot_date_to': day(today + dt.timedelta(days=29)),
            },
        )
        pilot = Pilot.create(
            {
                'name': 'Defaults',
                'improvement_id': self.imp.id,
                'workcenter_id': self.workcenter.id,
            }
        )
        self.assertEqual(
            (pilot.baseline_date_from, pilot.pilot_date_to),
            (defaults['baseline_date_from'], defaults['pilot_date_to']),
        )
        # a context default (the improvement's Start Pilot) or a value wins
        other = Pilot.with_context(
            default_pilot_date_from='2099-01-02'
        ).create(
            {
                'name': 'Later',
                'improvement_id': self.imp.id,
                'workcenter_id': self.workcenter.id,
                'pilot_date_to': '2099-02-01',
            }
        )
        self.assertEqual(
            (other.pilot_date_from, other.pilot_date_to),
            ('2099-01-02', '2099-02-01'),
        )

    def test_upgrade_fills_evidence_of_older_pilots(self):
        """Pilots evaluated before 11.0.1.3.0 get the same intervals from their
        stored figures."""
        done = []
        for metric in ('cycle_time', 'scrap_rate'):
            pilot = self.make_pilot(metric=metric, product_id=self.product.id)
            pilot.action_start()
            pilot.action_evaluate()
            done.append((pilot, {name: pilot[name] for name in NEW_EVIDENCE}))
        done[0][
            0
        ].action_adopt()  # a closed pilot is frozen: filled all the same
        ids = tuple(p.id for p, _v in done)
        self.env.cr.execute(
            'UPDATE ci_pilot SET %s WHERE id IN %%s'
            % ', '.join('%s = NULL' % name for name in NEW_EVIDENCE),
            (ids,),
        )
        self.env['ci.pilot'].invalidate_cache()
        self.assertFalse(
            done[0][0].evidence_summary
        )  # the form still opens: nothing shown
        self.assertEqual(
            len(self.env['ci.pilot'].browse(ids)._recompute_evidence()), 2
        )
        for pilot, before in done:
            for name, value in before.items():
                if isinstance(value, float):
                    self.assertAlmostEqual(
                        pilot[name], value, places=3, msg=name
                    )
                else:
                    self.assertEqual(pilot[name], value)
            self.assertTrue(pilot.evidence_summary)

    def test_odd_stored_results_never_break_the_form(self):
        """Zero units, equal figures and missing intervals still give texts and
        a chart."""
        pilot = self.make_pilot(
            metric='scrap_rate', product_id=self.product.id
        )
        pilot._workflow().write(
            {
                'state': 'evaluated',
                'date_evaluated': fields.Datetime.now(),
                'test_kind': 'proportion',
                'baseline_n': 0,
                'pilot_n': 0,
                'verdict': 'no_change',
            }
        )
        self.assertIn('0.00%', pilot.evidence_summary)
        self.assertTrue(pilot.evidence_chart.startswith('<svg'))
        self.assertFalse(pilot._recompute_evidence())
        data = pilot.read(
            ['evidence_summary', 'evidence_chart', 'verdict_sentence']
        )[0]
        self.assertTrue(data['verdict_sentence'])
