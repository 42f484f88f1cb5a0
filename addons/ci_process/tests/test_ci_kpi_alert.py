# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import datetime as dt
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from ..models.ci_kpi_alert_rule import CiKpiAlertRule
from .common import CiShopFloorCase


class TestCiKpiAlert(CiShopFloorCase):
    """Rules over real done work orders on the press (figures by hand):

    baseline window (28 days before the 7-day window): day -20 100 min, day -15
    120 min; window: day -2 150 min, day -1 130 min (2 units scrapped); 10
    units and 60 expected minutes each. Cycle time: baseline 220/20 = 11.0,
    window 280/20 = 14.0 min/unit; efficiency: baseline 100*120/220 = 54.55,
    window 100*120/280 = 42.86 %; scrap rate: baseline 0, window 2/22 = 9.09 %.
    """

    @classmethod
    def setUpClass(cls):
        super(TestCiKpiAlert, cls).setUpClass()
        cls.today = fields.Date.from_string(fields.Date.today())

        def at(days):
            return dt.datetime.combine(
                cls.today - dt.timedelta(days=days), dt.time(10)
            )

        cls.record_workorder(at(20), 100, 60, 10)
        cls.record_workorder(at(15), 120, 60, 10)
        cls.record_workorder(at(2), 150, 60, 10)
        cls.record_workorder(at(1), 130, 60, 10, scrapped=2)
        cls.Rule = cls.env['ci.kpi.alert.rule']

    def day(self, offset):
        return self.today + dt.timedelta(days=offset)

    def make_rule(self, **values):
        vals = {
            'name': 'Press drift',
            'workcenter_id': self.workcenter.id,
            'kpi': 'cycle_time',
            'mode': 'absolute',
            'threshold': 12.0,
            'window_days': 7,
            'baseline_days': 28,
            'cooldown_days': 7,
        }
        vals.update(values)
        return self.Rule.sudo(self.manager_ci).create(vals)

    def evaluate(self, rule, offset=0):
        """Evaluate as the manager as of today + ``offset`` days."""
        return rule.sudo(self.manager_ci)._evaluate(today=self.day(offset))

    def test_absolute_lower_is_better_fires(self):
        """Cycle time 14.0 above the threshold 12.0: an improvement for the
        work center's owner."""
        rule = self.make_rule()
        rule.sudo(self.manager_ci).action_evaluate_now()
        ev = rule.evaluation_ids
        self.assertEqual(len(ev), 1)
        self.assertEqual(ev.outcome, 'fired')
        self.assertEqual(ev.trigger, 'manual')
        self.assertEqual(ev.user_id, self.manager_ci)
        self.assertAlmostEqual(ev.value, 14.0)
        self.assertAlmostEqual(ev.baseline, 11.0)
        self.assertAlmostEqual(ev.limit, 12.0)
        self.assertEqual(ev.data_points, 2)
        self.assertEqual(
            (ev.date_from, ev.date_to), (str(self.day(-6)), str(self.day(0)))
        )
        self.assertEqual(
            (ev.baseline_date_from, ev.baseline_date_to),
            (str(self.day(-34)), str(self.day(-7))),
        )
        imp = ev.improvement_id
        self.assertTrue(imp)
        self.assertIn(imp.name, ev.message)
        self.assertEqual(imp.origin, 'kpi_alert')
        self.assertEqual(imp.state, 'submitted')
        self.assertEqual(imp.kpi_alert_rule_id, rule)
        self.assertEqual(imp.workcenter_id, self.workcenter)
        self.assertEqual(imp.owner_id, self.engineer_ci)
        self.assertIn('14.00 min/unit', imp.title)
        self.assertIn('threshold 12.00 min/unit', imp.problem)
        self.assertIn('11.00 min/unit', imp.problem)
        review = self.env.ref('ci_process.mail_activity_ci_review')
        activities = imp.activity_ids.filtered(
            lambda a: a.activity_type_id == review
        )
        self.assertEqual(activities.mapped('user_id'), self.engineer_ci)
        self.assertEqual(rule.date_last_fired, str(self.today))
        self.assertEqual(rule.improvement_count, 1)
        self.assertEqual(rule.evaluation_count, 1)
        self.assertEqual(rule.last_outcome, 'fired')
        self.assertTrue(
            any(imp.name in (m.body or '') for m in rule.message_ids)
        )
        # the link that prevents duplicates cannot be cleared or forged, not
        # even by a manager
        with self.assertRaisesRegex(UserError, 'KPI Alert Rule'):
            imp.sudo(self.manager_ci).write({'kpi_alert_rule_id': False})
        with self.assertRaisesRegex(UserError, 'KPI Alert Rule'):
            self.env['ci.improvement'].sudo(self.manager_ci).with_context(
                ci_origin_link=True
            ).create(
                {
                    'title': 'Fake',
                    'problem': 'Fake',
                    'kpi_alert_rule_id': rule.id,
                }
            )
        self.assertEqual(imp.kpi_alert_rule_id, rule)

    def test_absolute_higher_is_better(self):
        """Efficiency 42.86 % fires below a threshold of 50, not below 40;
        equal is within."""
        ev = self.evaluate(self.make_rule(kpi='efficiency', threshold=50.0))
        self.assertEqual(ev.outcome, 'fired')
        self.assertAlmostEqual(ev.value, 100.0 * 120 / 280, delta=0.005)
        self.assertAlmostEqual(ev.baseline, 100.0 * 120 / 220, delta=0.005)
        ev = self.evaluate(self.make_rule(kpi='efficiency', threshold=40.0))
        self.assertEqual(ev.outcome, 'within_limits')
        self.assertFalse(ev.improvement_id)
        self.assertIn('Within limits', ev.message)
        # a threshold equal to the value is not breached
        ev = self.evaluate(self.make_rule(threshold=14.0))
        self.assertEqual(ev.outcome, 'within_limits')
        self.assertFalse(
            self.env['ci.improvement'].search(
                [('kpi_alert_rule_id', '=', ev.rule_id.id)]
            )
        )

    def test_degradation_mode(self):
        """Cycle time 14.0 vs baseline 11.0 (+27 %): fires at 20 % (limit
        13.2), not at 30 % (14.3)."""
        ev = self.evaluate(
            self.make_rule(mode='degradation', degradation_pct=20.0)
        )
        self.assertEqual(ev.outcome, 'fired')
        self.assertAlmostEqual(ev.limit, 13.2)
        self.assertAlmostEqual(ev.baseline, 11.0)
        self.assertIn(
            'the baseline 11.00 min/unit made 20.00% worse',
            ev.improvement_id.problem,
        )
        ev = self.evaluate(
            self.make_rule(mode='degradation', degradation_pct=30.0)
        )
        self.assertEqual(ev.outcome, 'within_limits')
        self.assertAlmostEqual(ev.limit, 14.3)
        # efficiency goes down: limit 54.55 * 0.8 = 43.64 > 42.86
        ev = self.evaluate(
            self.make_rule(
                kpi='efficiency', mode='degradation', degradation_pct=20.0
            )
        )
        self.assertEqual(ev.outcome, 'fired')
        self.assertAlmostEqual(ev.limit, 0.8 * 100.0 * 120 / 220, delta=0.005)

    def test_degradation_from_a_zero_baseline(self):
        """No scrap in the baseline: any scrap is a degradation (2/22 = 9.09 %
        > 0)."""
        ev = self.evaluate(
            self.make_rule(
                kpi='scrap_rate', mode='degradation', degradation_pct=50.0
            )
        )
        self.assertEqual(ev.outcome, 'fired')
        self.assertAlmostEqual(ev.value, 100.0 * 2 / 22, delta=0.005)
        self.assertTrue(ev.has_baseline)
        self.assertEqual(ev.baseline, 0.0)

    def test_no_data(self):
        """No work order, too few, or no baseline for a degradation: logged as
        no data."""
        empty = self.env['mrp.workcenter'].create({'name': 'CI Empty line'})
        ev = self.evaluate(self.make_rule(workcenter_id=empty.id))
        self.assertEqual(ev.outcome, 'no_data')
        self.assertFalse(ev.has_value)
        self.assertEqual(ev.data_points, 0)
        self.assertIn('No data', ev.message)
        ev = self.evaluate(self.make_rule(min_data_points=3))
        self.assertEqual(ev.outcome, 'no_data')
        self.assertEqual(ev.data_points, 2)
        self.assertAlmostEqual(ev.value, 14.0)
        self.assertIn('3 needed', ev.message)
        # baseline window [-11, -7] holds no work order
        ev = self.evaluate(
            self.make_rule(
                mode='degradation', degradation_pct=10.0, baseline_days=5
            )
        )
        self.assertEqual(ev.outcome, 'no_data')
        self.assertFalse(ev.has_baseline)
        self.assertIn('No baseline', ev.message)
        self.assertFalse(
            self.env['ci.improvement']
            .search([('origin', '=', 'kpi_alert')])
            .filtered(lambda i: i.kpi_alert_rule_id.name == 'Press drift')
        )

    def test_job_twice_one_improvement(self):
        """The daily job run twice the same day: fired, then held back by the
        open improvement."""
        rule = self.make_rule()
        self.Rule._cron_evaluate()
        self.Rule._cron_evaluate()
        improvements = self.env['ci.improvement'].search(
            [('kpi_alert_rule_id', '=', rule.id)]
        )
        self.assertEqual(len(improvements), 1)
        self.assertEqual(
            rule.evaluation_ids.mapped('outcome'), ['open_task', 'fired']
        )
        self.assertEqual(rule.last_outcome, 'open_task')
        self.assertEqual(set(rule.evaluation_ids.mapped('trigger')), {'cron'})
        open_task = rule.evaluation_ids[0]
        self.assertEqual(open_task.improvement_id, improvements)
        self.assertIn(improvements.name, open_task.message)
        self.assertAlmostEqual(open_task.value, 14.0)

    def test_open_improvement_in_review_holds_back(self):
        """Still open in review, weeks later and past the cooldown: no second
        improvement."""
        rule = self.make_rule(cooldown_days=1)
        first = self.evaluate(rule).improvement_id
        first.sudo(self.engineer_ci).action_start_review()
        ev = self.evaluate(rule, offset=3)
        self.assertEqual(ev.outcome, 'open_task')
        self.assertEqual(ev.improvement_id, first)

    def test_cooldown_then_fires_again(self):
        """Rejected the same day: quiet for the 5 cooldown days, fires again on
        the fifth."""
        rule = self.make_rule(cooldown_days=5)
        first = self.evaluate(rule).improvement_id
        first.sudo(self.engineer_ci).action_reject('A one-off die change.')
        self.assertEqual(first.state, 'rejected')
        ev = self.evaluate(rule)
        self.assertEqual(ev.outcome, 'cooldown')
        self.assertFalse(ev.improvement_id)
        self.assertIn(str(self.day(5)), ev.message)
        self.assertEqual(self.evaluate(rule, offset=4).outcome, 'cooldown')
        # as of day +5: window [-1, +5] holds day -1 only (130 / 10 = 13.0); the
        # baseline [-29, -2] days -20, -15 and -2: 370 / 30
        ev = self.evaluate(rule, offset=5)
        self.assertEqual(ev.outcome, 'fired')
        self.assertAlmostEqual(ev.value, 13.0)
        self.assertAlmostEqual(ev.baseline, 370.0 / 30, delta=0.005)
        self.assertNotEqual(ev.improvement_id, first)
        self.assertEqual(rule.improvement_count, 2)
        self.assertEqual(rule.date_last_fired, str(self.day(5)))

    def test_zero_cooldown_fires_once_a_day(self):
        """Without cooldown the rule still fires at most once a day."""
        rule = self.make_rule(cooldown_days=0)
        self.evaluate(rule).improvement_id.sudo(
            self.engineer_ci
        ).action_reject('Noise.')
        self.assertEqual(self.evaluate(rule).outcome, 'cooldown')
        self.assertEqual(self.evaluate(rule, offset=1).outcome, 'fired')

    def test_evidence_attached(self):
        """A CSV of the 35 daily values and an SVG chart of them are attached
        to the improvement."""
        imp = self.evaluate(self.make_rule()).improvement_id
        attachments = self.env['ir.attachment'].search(
            [('res_model', '=', 'ci.improvement'), ('res_id', '=', imp.id)]
        )
        self.assertEqual(len(attachments), 2)
        csv_file = attachments.filtered(
            lambda a: a.datas_fname.endswith('.csv')
        )
        lines = base64.b64decode(csv_file.datas).decode('utf-8').splitlines()
        self.assertEqual(lines[0], 'date,window,value,data_points')
        self.assertEqual(len(lines), 1 + 28 + 7)
        self.assertEqual(lines[1], '%s,baseline,,0' % self.day(-34))
        self.assertIn('%s,baseline,10.0000,1' % self.day(-20), lines)
        self.assertIn('%s,baseline,12.0000,1' % self.day(-15), lines)
        self.assertIn('%s,evaluation,15.0000,1' % self.day(-2), lines)
        self.assertIn('%s,evaluation,13.0000,1' % self.day(-1), lines)
        self.assertEqual(lines[-1], '%s,evaluation,,0' % self.day(0))
        svg_file = attachments.filtered(
            lambda a: a.datas_fname.endswith('.svg')
        )
        svg = base64.b64decode(svg_file.datas).decode('utf-8')
        self.assertTrue(svg.startswith('<svg'))
        self.assertEqual(svg.count('class="o_ci_point"'), 4)
        self.assertIn('Limit 12', svg)
        self.assertIn('Baseline 11', svg)
        # the evidence is also on the improvement's chatter
        self.assertTrue(
            imp.message_ids.filtered(lambda m: m.attachment_ids == attachments)
        )

    def test_owner_and_operation_scope(self):
        """The rule's owner gets the improvement; an operation scope fills in
        its work center."""
        rule = self.make_rule(
            workcenter_id=False,
            operation_id=self.operation.id,
            product_id=self.product.id,
            owner_id=self.manager_ci.id,
        )
        imp = self.evaluate(rule).improvement_id
        self.assertEqual(imp.owner_id, self.manager_ci)
        self.assertEqual(imp.workcenter_id, self.workcenter)
        self.assertEqual(imp.operation_id, self.operation)
        self.assertEqual(imp.product_id, self.product)
        self.assertEqual(imp.reviewer_id, self.env['res.users'])
        # the review to-do goes to the work center's CI owner
        self.assertIn(self.engineer_ci, imp.activity_ids.mapped('user_id'))

    def test_owner_proposed_from_work_center_and_daily_job(self):
        """The form proposes the work center's CI owner; the job runs daily."""
        rule = self.Rule.sudo(self.manager_ci).new(
            {'name': 'New', 'workcenter_id': self.workcenter.id}
        )
        rule._onchange_workcenter_id()
        self.assertEqual(rule.owner_id, self.engineer_ci)
        self.assertEqual(rule.evaluation_count, 0)
        cron = self.env.ref('ci_process.ir_cron_ci_kpi_alert_evaluate')
        self.assertTrue(cron.active)
        self.assertEqual(
            (cron.model_id.model, cron.code.strip()),
            ('ci.kpi.alert.rule', 'model._cron_evaluate()'),
        )
        self.assertEqual(
            (cron.interval_number, cron.interval_type, cron.numbercall),
            (1, 'days', -1),
        )

    def test_bad_input_names_field_and_value(self):
        """Impossible settings are refused with the field and the value;
        nothing is written."""
        other = self.env['mrp.workcenter'].create({'name': 'CI Other press'})
        before = self.Rule.with_context(active_test=False).search_count([])
        cases = [
            ({'window_days': 0}, ['Window (days)', '0']),
            ({'cooldown_days': -1}, ['Cooldown (days)', '-1']),
            ({'baseline_days': 0}, ['Baseline (days)', '0']),
            (
                {'mode': 'degradation', 'degradation_pct': 0.0},
                ['Degradation (%)', '0.0'],
            ),
            (
                {'mode': 'degradation', 'degradation_pct': -5.0},
                ['Degradation (%)', '-5.0'],
            ),
            (
                {'kpi': 'efficiency', 'threshold': 120.0},
                ['Threshold', '120.0'],
            ),
            (
                {'workcenter_id': other.id, 'operation_id': self.operation.id},
                ['Operation', 'Stamp', 'CI Press 1', 'CI Other press'],
            ),
            ({'workcenter_id': False}, ['Work Center']),
        ]
        for vals, expected in cases:
            with self.assertRaises(
                ValidationError
            ) as cm, self.env.cr.savepoint():
                self.make_rule(**vals)
            for text in expected:
                self.assertIn(text, str(cm.exception), vals)
        self.assertEqual(
            self.Rule.with_context(active_test=False).search_count([]), before
        )
        rule = self.make_rule()
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            rule.sudo(self.manager_ci).write({'window_days': -3})
        self.assertIn('-3', str(cm.exception))
        rule.invalidate_cache()
        self.assertEqual(rule.window_days, 7)

    def test_access_per_role(self):
        """Users see nothing; engineers read; managers configure and evaluate."""
        rule = self.make_rule()
        self.evaluate(rule)
        ev = rule.evaluation_ids
        with self.assertRaises(AccessError):
            self.Rule.sudo(self.user_ci).search([])
        with self.assertRaises(AccessError):
            ev.sudo(self.user_ci).read(['outcome'])
        # engineers read rules and the log, change nothing
        self.assertEqual(rule.sudo(self.engineer_ci).name, 'Press drift')
        self.assertEqual(ev.sudo(self.engineer_ci).outcome, 'fired')
        with self.assertRaises(AccessError):
            rule.sudo(self.engineer_ci).write({'threshold': 20.0})
        with self.assertRaises(AccessError):
            self.Rule.sudo(self.engineer_ci).create(
                {'name': 'X', 'workcenter_id': self.workcenter.id}
            )
        with self.assertRaises(AccessError):
            rule.sudo(self.engineer_ci).unlink()
        with self.assertRaises(AccessError):
            rule.sudo(self.engineer_ci).action_evaluate_now()
        self.assertEqual(len(rule.evaluation_ids), 1)
        # the menu follows
        menu = self.env.ref('ci_process.menu_ci_monitoring')
        Menu = self.env['ir.ui.menu']
        self.assertEqual(
            Menu.sudo(self.engineer_ci).search([('id', '=', menu.id)]), menu
        )
        self.assertFalse(
            Menu.sudo(self.user_ci).search([('id', '=', menu.id)])
        )

    def test_log_cannot_be_forged(self):
        """Nobody, not even the superuser, creates, changes or deletes
        evaluations directly."""
        rule = self.make_rule()
        ev = self.evaluate(rule)
        Evaluation = self.env['ci.kpi.alert.evaluation']
        vals = {
            'rule_id': rule.id,
            'company_id': self.company.id,
            'trigger': 'manual',
            'kpi': 'cycle_time',
            'mode': 'absolute',
            'outcome': 'within_limits',
        }
        for env_user in (self.manager_ci, self.env.user):
            for ctx in ({}, {'ci_kpi_alert_evaluation': True}):
                with self.assertRaises(AccessError), self.env.cr.savepoint():
                    Evaluation.sudo(env_user).with_context(**ctx).create(vals)
                # no role has the right; and a log is frozen for the superuser too
                refusal = (
                    AccessError if env_user == self.manager_ci else UserError
                )
                with self.assertRaises(refusal), self.env.cr.savepoint():
                    ev.sudo(env_user).with_context(**ctx).write(
                        {'outcome': 'within_limits'}
                    )
                with self.assertRaises(refusal), self.env.cr.savepoint():
                    ev.sudo(env_user).with_context(**ctx).unlink()
        self.assertEqual(rule.evaluation_ids, ev)
        self.assertEqual(ev.outcome, 'fired')
        # nor the date of last firing that drives the cooldown
        with self.assertRaises(UserError), self.env.cr.savepoint():
            rule.sudo(self.manager_ci).write({'date_last_fired': False})
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.make_rule(date_last_fired=str(self.day(30)))
        # a rule with a history is archived, not deleted
        with self.assertRaises(UserError), self.env.cr.savepoint():
            rule.sudo(self.manager_ci).unlink()
        rule.sudo(self.manager_ci).toggle_active()
        self.assertFalse(rule.active)

    def test_rules_of_another_company_hidden(self):
        """A manager sees the rules and evaluations of their companies only."""
        other_company = self.env['res.company'].create({'name': 'CI Other Co'})
        rule = self.make_rule().sudo()
        rule.write({'company_id': other_company.id})
        rule._evaluate(today=self.today)
        self.assertFalse(
            self.Rule.sudo(self.manager_ci).search([('id', '=', rule.id)])
        )
        self.assertFalse(
            self.env['ci.kpi.alert.evaluation']
            .sudo(self.manager_ci)
            .search([('rule_id', '=', rule.id)])
        )
        self.assertEqual(rule.evaluation_ids.company_id, other_company)

    def test_job_goes_on_after_a_failing_rule(self):
        """A rule that cannot be evaluated does not stop the job for the others."""
        broken = self.make_rule(name='Broken')
        sound = self.make_rule(name='Sound')
        measure = CiKpiAlertRule._measure

        def failing_measure(rule, today):
            if rule == broken:
                raise ValueError('no way')
            return measure(rule, today)

        with patch.object(
            CiKpiAlertRule, '_measure', failing_measure
        ), mute_logger('odoo.addons.ci_process.models.ci_kpi_alert_rule'):
            self.Rule._cron_evaluate()
        self.assertEqual(broken.evaluation_ids.outcome, 'error')
        self.assertIn('no way', broken.evaluation_ids.message)
        self.assertFalse(broken.evaluation_ids.improvement_id)
        self.assertEqual(sound.evaluation_ids.outcome, 'fired')
