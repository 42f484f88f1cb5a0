# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""chart_data: the chart as plain data over XML-RPC."""

import numpy as np

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SpcCase, stamp


class TestSpcChartData(SpcCase):

    def test_individuals_chart_as_plain_data(self):
        """chart_data gives the points with the frozen limits, the rules
        broken, the phases; as an operator."""
        char = self.make_char()
        base = self.rng.normal(10.0, 0.1, 20)
        self.ingest(self.values_rows(char, base))
        phase = char.phase_ids
        far = phase.ucl + 1.0
        self.ingest(self.values_rows(char, [far, 10.0], start=20))
        data = char.sudo(self.operator).chart_data()
        self.assertEqual(
            (data['code'], data['chart_type'], len(data['points'])),
            (char.code, 'imr', 22),
        )
        self.assertEqual(
            [
                (p['id'], p['state'], p['center'], p['ucl'])
                for p in data['phases']
            ],
            [(phase.id, 'frozen', phase.center, phase.ucl)],
        )
        points = data['points']
        measurements = char.measurement_ids.sorted(
            lambda m: (m.timestamp, m.id)
        )
        self.assertEqual(
            [p['measurement_ids'] for p in points],
            [[m.id] for m in measurements],
        )
        self.assertEqual(
            [p['value'] for p in points], measurements.mapped('value')
        )
        self.assertEqual({p['phase_id'] for p in points}, {phase.id})
        # judged against the frozen limits (stored to 6 decimals, the points'
        # from center and sigma)
        for point in points:
            for key in ('center', 'lcl', 'ucl'):
                self.assertAlmostEqual(point[key], phase[key], places=5)
        # the far point breaks rule 1 on the X chart, its moving range on the MR chart
        self.assertEqual(
            [(i, p['rules']) for i, p in enumerate(points) if p['rules']],
            [(20, ['we1'])],
        )
        self.assertEqual(
            [i for i, p in enumerate(points) if p['spread_rules']], [20, 21]
        )
        self.assertEqual(points[20]['key'], str(measurements[20].id))
        # the first moving range does not exist: False, which XML-RPC can carry
        # (NaN it cannot)
        self.assertIs(points[0]['spread'], False)
        self.assertAlmostEqual(
            points[1]['spread'], abs(base[1] - base[0]), places=6
        )
        # the last points only
        self.assertEqual(
            [p['key'] for p in char.chart_data(limit=3)['points']],
            [p['key'] for p in points[-3:]],
        )

    def test_subgroups_phases_and_attributes(self):
        """X̄ points are subgroup means; a new phase splits the points; p
        charts carry counts."""
        char = self.make_char('xbar_r', subgroup_size=5)
        data = self.rng.normal(74.0, 0.01, (20, 5))
        self.ingest(self.values_rows(char, data.ravel(), per_point=5))
        phase = self.env['ci.spc.phase'].create(
            {
                'characteristic_id': char.id,
                'date_start': stamp(20),
                'reason': 'new fixture',
            }
        )
        self.ingest(
            self.values_rows(char, data[:3].ravel(), start=20, per_point=5)
        )
        chart = char.chart_data()
        self.assertEqual(
            [(p['state'], p['origin']) for p in chart['phases']],
            [('frozen', 'initial'), ('provisional', 'manual')],
        )
        self.assertIs(chart['phases'][1]['ucl'], False)
        self.assertEqual(
            [p['phase_id'] for p in chart['points']],
            [chart['phases'][0]['id']] * 20 + [phase.id] * 3,
        )
        self.assertAlmostEqual(
            chart['points'][0]['value'], data[0].mean(), places=6
        )
        self.assertAlmostEqual(
            chart['points'][0]['spread'], np.ptp(data[0]), places=6
        )
        self.assertEqual(len(chart['points'][0]['measurement_ids']), 5)
        p_char = self.make_char('p', subgroup_size=100)
        self.ingest(
            [
                {
                    'characteristic': p_char.code,
                    'count': c,
                    'sample_size': 100,
                    'timestamp': stamp(i),
                }
                for i, c in enumerate([3, 5, 4])
            ]
        )
        p_points = p_char.chart_data()['points']
        self.assertEqual(
            [(p['count'], p['sample_size'], p['value']) for p in p_points],
            [(3, 100, 0.03), (5, 100, 0.05), (4, 100, 0.04)],
        )
        self.assertNotIn('spread', p_points[0])

    def test_refused_limit_and_rights(self):
        """A bad limit names the value; another company's characteristic is out
        of reach."""
        char = self.make_char()
        with self.assertRaisesRegex(
            ValidationError, r"limit = 0: a whole number from 1 to 10000"
        ):
            char.chart_data(limit=0)
        with self.assertRaisesRegex(ValidationError, r"limit = '5'"):
            char.chart_data(limit='5')
        foreign = self.env['ci.spc.characteristic'].create(
            {
                'name': 'Foreign',
                'code': 'FOREIGN-CHART',
                'chart_type': 'imr',
                'company_id': self.other_company.id,
            }
        )
        with self.assertRaises(AccessError):
            foreign.sudo(self.operator).chart_data()

    def test_one_existing_characteristic(self):
        """chart_data on two characteristics, none or a deleted one: a
        UserError naming the ids, no raw
        "Expected singleton" or KeyError; as an operator."""
        one, two = self.make_char(), self.make_char()
        Char = self.env['ci.spc.characteristic'].sudo(self.operator)
        for records, count in (
            (Char.browse([one.id, two.id]), 2),
            (Char.browse(), 0),
        ):
            with self.assertRaisesRegex(
                UserError,
                r"one characteristic at a time, not %d \(ids \[%s\]\)"
                % (count, ', '.join(map(str, records.ids))),
            ):
                records.chart_data()
        gone = self.make_char()
        gone_id = gone.id
        # engineers do not delete characteristics; managers do
        gone.sudo(self.manager_ci).unlink()
        with self.assertRaisesRegex(
            UserError, r"no such characteristic \(id %d\)" % gone_id
        ):
            Char.browse(gone_id).chart_data()

    def test_limit_one_gives_the_last_point(self):
        """chart_data(limit=1) gives the last point of the chart, with its
        phase's frozen limits, on X̄-R and I-MR charts, also when the current
        phase has a single point; as an operator.
        """
        for chart_type, size in (('xbar_r', 5), ('imr', 1)):
            char = self.make_char(chart_type, subgroup_size=size)
            data = self.rng.normal(74.0, 0.01, 25 * size)
            self.ingest(self.values_rows(char, data, per_point=size))
            phase = char.phase_ids
            self.assertEqual(phase.state, 'frozen', chart_type)
            as_operator = char.sudo(self.operator)
            full = as_operator.chart_data(limit=150)['points']
            last = as_operator.chart_data(limit=1)['points']
            self.assertEqual(len(last), 1, chart_type)
            self.assertEqual(
                (
                    last[0]['key'],
                    last[0]['phase_id'],
                    last[0]['measurement_ids'],
                ),
                (full[-1]['key'], phase.id, full[-1]['measurement_ids']),
                chart_type,
            )
            self.assertAlmostEqual(
                last[0]['value'], full[-1]['value'], places=9
            )
            for key in ('center', 'lcl', 'ucl'):
                self.assertAlmostEqual(
                    last[0][key], phase[key], places=5, msg=chart_type
                )
            self.assertEqual(
                [p['key'] for p in as_operator.chart_data(limit=2)['points']],
                [p['key'] for p in full[-2:]],
                chart_type,
            )
            # a new phase with one point is not drawn yet (a phase needs 2):
            # the last point drawn comes
            self.env['ci.spc.phase'].create(
                {
                    'characteristic_id': char.id,
                    'date_start': stamp(30),
                    'reason': 'new fixture',
                }
            )
            self.ingest(
                self.values_rows(char, data[:size], start=30, per_point=size)
            )
            self.assertEqual(
                [p['key'] for p in as_operator.chart_data(limit=1)['points']],
                [p['key'] for p in as_operator.chart_data()['points'][-1:]],
                chart_type,
            )
            self.assertEqual(
                as_operator.chart_data(limit=1)['points'][0]['phase_id'],
                phase.id,
            )

    def test_signals_labels_and_decimals(self):
        """chart_data gives each point its signals (one search for all), phase
        labels, decimals; as an operator."""
        char = self.make_char(auto_improvement=False)
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 20)))
        far = char.phase_ids.ucl + 1.0
        self.ingest(self.values_rows(char, [far], start=20))
        Signal = self.env['ci.spc.signal']
        as_operator = char.sudo(self.operator)
        cr = self.env.cr
        count = cr.sql_log_count
        data = as_operator.chart_data()
        one_signal = cr.sql_log_count - count
        signals = Signal.search(
            [('characteristic_id', '=', char.id), ('chart', '=', 'main')]
        )
        self.assertTrue(signals)
        by_key = {p['key']: p for p in data['points']}
        for signal in signals:
            self.assertIn(signal.id, by_key[signal.point_key]['signal_ids'])
        self.assertEqual(
            [
                p['signal_ids']
                for p in data['points']
                if not p['rules'] and not p.get('spread_rules')
            ],
            [[]]
            * sum(
                1
                for p in data['points']
                if not p['rules'] and not p.get('spread_rules')
            ),
        )
        self.assertTrue(
            all(p['improvement_ids'] == [] for p in data['points'])
        )
        # more signals, the same queries: not one per point
        self.ingest(
            self.values_rows(char, [far, 10.0, far, 10.0, far], start=21)
        )
        count = cr.sql_log_count
        data = as_operator.chart_data()
        self.assertLessEqual(cr.sql_log_count - count, one_signal + 2)
        self.assertGreaterEqual(
            sum(1 for p in data['points'] if p['signal_ids']), 3
        )
        # the rules broken, named in the reader's language
        self.assertEqual(
            data['rule_names']['we1'],
            self.env.ref('ci_spc.ci_spc_rule_we1').name,
        )
        # the phases' labels: the first phase's name; a new phase's, dated
        phase = self.env['ci.spc.phase'].create(
            {
                'characteristic_id': char.id,
                'date_start': stamp(40),
                'reason': 'new fixture',
            }
        )
        data = as_operator.chart_data()
        self.assertEqual(
            [p['label'] for p in data['phases']],
            [p.name for p in char.phase_ids.sorted('date_start')],
        )
        self.assertEqual(data['phases'][0]['date_end'], phase.date_start)
        self.assertIs(data['phases'][-1]['date_end'], False)
        # the decimals values and limits are written with
        self.assertEqual(
            data['decimals'],
            char.decimals if 'decimals' in char._fields else 3,
        )
