# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The limits a characteristic's chart freezes, the signals it raises
(and the improvements they open), its capability indices."""

import numpy as np

from odoo.exceptions import ValidationError

from ..lib import spc
from .common import SpcCase, stamp


class TestSpcCharts(SpcCase):

    def test_every_chart_type_freezes_the_engine_limits(self):
        """Each chart type: after the baseline the phase holds the engine's
        limits for that data."""
        k = 20
        imr = self.rng.normal(10.0, 0.2, k)
        sub = self.rng.normal(74.0, 0.01, (k, 5))
        sizes = self.rng.randint(80, 120, k)
        defectives = self.rng.binomial(sizes, 0.05)
        np_defectives = self.rng.binomial(100, 0.08, k)
        defects = self.rng.poisson(6.0, k)
        cases = [
            (
                'imr',
                {},
                self.values_rows,
                imr,
                spc.chart('imr', imr, baseline=k),
            ),
            (
                'xbar_r',
                {'subgroup_size': 5},
                None,
                sub,
                spc.chart('xbar_r', sub, baseline=k),
            ),
            (
                'xbar_s',
                {'subgroup_size': 5},
                None,
                sub,
                spc.chart('xbar_s', sub, baseline=k),
            ),
            (
                'p',
                {'subgroup_size': 100},
                None,
                (defectives, sizes),
                spc.chart('p', defectives, sizes=sizes, baseline=k),
            ),
            (
                'np',
                {'subgroup_size': 100},
                None,
                (np_defectives, [100] * k),
                spc.chart('np', np_defectives, sizes=100, baseline=k),
            ),
            (
                'c',
                {'subgroup_size': 1},
                None,
                (defects, None),
                spc.chart('c', defects, baseline=k),
            ),
            (
                'u',
                {'subgroup_size': 10},
                None,
                (defects, sizes // 10),
                spc.chart('u', defects, sizes=sizes // 10, baseline=k),
            ),
        ]
        for chart_type, vals, _builder, data, expected in cases:
            char = self.make_char(chart_type, **vals)
            if chart_type == 'imr':
                rows = self.values_rows(char, data)
            elif chart_type in ('xbar_r', 'xbar_s'):
                rows = self.values_rows(char, data.ravel(), per_point=5)
            else:
                counts, ns = data
                rows = [
                    dict(
                        {
                            'characteristic': char.code,
                            'count': int(c),
                            'timestamp': stamp(i),
                        },
                        **(
                            {'sample_size': int(ns[i])}
                            if ns is not None
                            else {}
                        ),
                    )
                    for i, c in enumerate(counts)
                ]
            result = self.ingest(rows)
            self.assertEqual(result['created'], len(rows), chart_type)
            phase = char.phase_ids
            self.assertEqual(phase.state, 'frozen', chart_type)
            self.assertEqual(phase.baseline_count, k, chart_type)
            self.assertAlmostEqual(
                phase.center,
                expected.limits[0].center,
                places=6,
                msg=chart_type,
            )
            if chart_type in ('imr', 'xbar_r', 'xbar_s'):
                self.assertAlmostEqual(
                    phase.sigma_within,
                    expected.limits[0].sigma,
                    places=6,
                    msg=chart_type,
                )
            self.assertAlmostEqual(
                phase.ucl, float(expected.ucl[0]), places=5, msg=chart_type
            )
            self.assertAlmostEqual(
                phase.lcl, float(expected.lcl[0]), places=5, msg=chart_type
            )
            series = char._chart_series()
            self.assertEqual(len(series[0]['points']['keys']), k, chart_type)
            np.testing.assert_allclose(
                series[0]['result'].points, expected.points, err_msg=chart_type
            )
            self.assertIn('<svg', char.chart_svg)

    def test_limits_provisional_until_baseline(self):
        """Before the baseline is complete limits are provisional and nothing
        is signalled."""
        char = self.make_char(baseline_subgroups=10)
        data = (
            [10.0] * 4 + [10.2, 9.8] * 2 + [30.0]
        )  # 9 points, the last one far off
        self.assertFalse(self.ingest(self.values_rows(char, data))['signals'])
        self.assertEqual(char.phase_ids.state, 'provisional')
        self.assertTrue(char.limits_provisional)
        self.assertIn('provisional limits', char.chart_svg)
        self.assertFalse(char.signal_ids)

    def test_shift_signals_once_and_opens_one_improvement(self):
        """A shift after the baseline: signals, one improvement; re-evaluating
        adds nothing."""
        char = self.make_char(operation_id=self.operation.id)
        base = self.rng.normal(10.0, 0.1, 20)
        self.ingest(self.values_rows(char, base))
        self.assertEqual(char.phase_ids.state, 'frozen')
        ucl = char.phase_ids.ucl
        result = self.ingest(self.values_rows(char, [ucl + 1.0], start=20))
        # the point is beyond the X limit, and its moving range beyond the MR limit
        self.assertEqual(result['rules'], {'we1': 2})
        self.assertEqual(
            sorted(result['signals']), sorted(char.signal_ids.ids)
        )
        self.assertEqual(
            sorted(char.signal_ids.mapped('chart')), ['main', 'spread']
        )
        signal = char.signal_ids.filtered(lambda s: s.chart == 'main')
        self.assertEqual(
            (signal.rule_id.code, signal.state, signal.point_key),
            (
                'we1',
                'escalated',
                str(char.measurement_ids.filtered(lambda m: m.value > ucl).id),
            ),
        )
        improvement = signal.improvement_id
        self.assertEqual(
            (
                improvement.origin,
                improvement.state,
                improvement.spc_characteristic_id,
            ),
            ('spc_signal', 'submitted', char),
        )
        self.assertEqual(improvement.owner_id, self.engineer_ci)
        self.assertEqual(improvement.workcenter_id, self.workcenter)
        self.assertTrue(
            improvement.message_ids.mapped('attachment_ids').filtered(
                lambda a: a.name.endswith('.svg')
            )
        )
        # evaluating again finds the same violation: no new signal
        self.assertFalse(char._evaluate_rules())
        # another violation joins the open improvement
        self.ingest(self.values_rows(char, [ucl + 2.0], start=21))
        self.assertEqual(
            len(
                char.signal_ids.filtered(
                    lambda s: s.chart == 'main' and s.rule_id.code == 'we1'
                )
            ),
            2,
        )
        self.assertEqual(char.signal_ids.mapped('improvement_id'), improvement)
        self.assertEqual(len(char.improvement_ids), 1)
        # once it is closed, the next violation opens a new one
        improvement.sudo(self.engineer_ci).action_reject(
            reason='gauge problem'
        )
        self.ingest(self.values_rows(char, [ucl + 3.0], start=22))
        self.assertEqual(len(char.improvement_ids), 2)

    def test_rules_off_no_signal(self):
        """Without rules switched on, the chart shows the point but nothing is
        signalled."""
        char = self.make_char(rule_ids=[(5, 0, 0)])
        self.ingest(
            self.values_rows(
                char, list(self.rng.normal(10.0, 0.1, 20)) + [99.0]
            )
        )
        self.assertFalse(char.signal_ids)

    def test_signals_wait_when_auto_improvement_off(self):
        """With automatic improvements off, signals stay new and the owner gets
        a to-do."""
        char = self.make_char(auto_improvement=False)
        self.ingest(
            self.values_rows(
                char, list(self.rng.normal(10.0, 0.1, 20)) + [99.0]
            )
        )
        self.assertEqual(
            char.signal_ids.mapped('state'), ['new', 'new']
        )  # X and MR charts
        self.assertEqual(char.activity_ids.mapped('user_id'), self.engineer_ci)
        self.assertFalse(char.improvement_ids)
        # while the to-do is open, more signals do not pile up to-dos
        self.ingest(self.values_rows(char, [99.0, 10.0, 99.0], start=21))
        self.assertGreater(len(char.signal_ids), 2)
        self.assertEqual(len(char.activity_ids), 1)
        char.signal_ids.sudo(self.engineer_ci).action_escalate()
        self.assertEqual(set(char.signal_ids.mapped('state')), {'escalated'})
        self.assertEqual(len(char.improvement_ids), 1)

    def test_spread_chart_signals(self):
        """A subgroup whose range jumps is signalled on the spread chart."""
        char = self.make_char('xbar_r', subgroup_size=5)
        base = self.rng.normal(74.0, 0.01, (20, 5))
        self.ingest(self.values_rows(char, base.ravel(), per_point=5))
        wide = [73.9, 74.1, 74.0, 74.0, 74.0]  # same mean, range 0.2
        self.ingest(self.values_rows(char, wide, start=20, per_point=5))
        self.assertIn('spread', char.signal_ids.mapped('chart'))

    def test_capability_indices(self):
        """Capability of the current phase: the engine's indices with the
        within sigma of the chart."""
        data = self.rng.normal(10.0, 0.5, 30)
        char = self.make_char(
            has_lsl=True,
            lsl=8.0,
            has_usl=True,
            usl=13.0,
            has_target=True,
            target=10.5,
        )
        self.ingest(self.values_rows(char, data))
        expected = spc.capability(
            data, lsl=8.0, usl=13.0, target=10.5, method='mr'
        )
        for key in ('cp', 'cpk', 'pp', 'ppk', 'cpm'):
            self.assertAlmostEqual(
                char['cap_' + key], expected[key], places=2, msg=key
            )
        self.assertEqual(char.cap_n, 30)
        self.assertIn('Cpk = %.2f' % expected['cpk'], char.capability_svg)

    def test_spec_limits_only_for_variables(self):
        """Specification limits on an attributes chart, or LSL above USL, are
        refused."""
        with self.assertRaisesRegex(
            ValidationError, 'specification limits apply'
        ):
            self.make_char('p', subgroup_size=50, has_usl=True, usl=0.1)
        with self.assertRaisesRegex(
            ValidationError, 'LSL 12.0 must be below USL 11.0'
        ):
            self.make_char(has_lsl=True, lsl=12.0, has_usl=True, usl=11.0)
        with self.assertRaisesRegex(
            ValidationError, 'Subgroup Size between 2 and 25, not 30'
        ):
            self.make_char('xbar_r', subgroup_size=30)
