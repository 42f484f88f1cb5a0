# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plausibility of measurements (reasonable limits, attributes, duplicates),
screens that survive absurd stored values, and signal storms."""

import io
import math
import re

import numpy as np
import openpyxl

from odoo.exceptions import AccessError, ValidationError

from ..lib import spc
from ..models.ci_spc_characteristic import MAX_MAGNITUDE
from .common import SpcCase, stamp

SHAFT = {
    'has_lsl': True,
    'lsl': 24.98,
    'has_usl': True,
    'usl': 25.02,
    'has_target': True,
    'target': 25.0,
}


class TestReasonableLimits(SpcCase):

    def test_derived_from_specification_limits_or_data(self):
        """Spec [24.98, 25.02] widened by 10 x 25.02 on each side; frozen
        limits and data when there is no spec."""
        shaft = self.make_char(name='Shaft', **SHAFT)
        self.assertAlmostEqual(shaft.reasonable_low, 24.98 - 250.2, places=6)
        self.assertAlmostEqual(shaft.reasonable_high, 25.02 + 250.2, places=6)
        self.assertFalse(shaft.reasonable_manual)
        bare = self.make_char()
        # nothing to derive them from: the magnitude limit
        self.assertEqual(
            (round(bare.reasonable_low), round(bare.reasonable_high)),
            (-MAX_MAGNITUDE, MAX_MAGNITUDE),
        )
        self.ingest(self.values_rows(bare, [10.0, 10.2, 9.9]))
        bare.invalidate_cache()
        # the quartiles of the recent measurements: [9.95, 10.1], scale 10.1
        self.assertAlmostEqual(bare.reasonable_low, 9.95 - 101.0, places=6)
        self.assertAlmostEqual(bare.reasonable_high, 10.1 + 101.0, places=6)
        self.ingest(
            self.values_rows(bare, self.rng.normal(10.0, 0.1, 17), start=3)
        )
        phase = bare.phase_ids
        self.assertEqual(phase.state, 'frozen')
        bare.invalidate_cache()
        scale = max(phase.ucl - phase.lcl, abs(phase.lcl), abs(phase.ucl))
        self.assertAlmostEqual(
            bare.reasonable_low, phase.lcl - 10 * scale, places=5
        )
        self.assertAlmostEqual(
            bare.reasonable_high, phase.ucl + 10 * scale, places=5
        )
        # an out-of-control point stays well inside: the chart must show it
        result = self.ingest(self.values_rows(bare, [99.0], start=20))
        self.assertEqual(result['created'], 1)
        self.assertIn('we1', result['rules'])
        # attributes charts have no reasonable limits of their own
        self.assertEqual(
            self.make_char('c', subgroup_size=1).reasonable_high, 0.0
        )

    def test_set_by_hand_by_engineers_only(self):
        """An engineer narrows them; operators cannot; they stay ordered and
        within the magnitude limit."""
        shaft = self.make_char(name='Shaft', **SHAFT)
        derived_high = shaft.reasonable_high
        as_engineer = shaft.sudo(self.engineer_ci)
        as_engineer.write({'reasonable_low': 24.5})
        self.assertTrue(shaft.reasonable_manual)
        self.assertEqual(
            (shaft.reasonable_low, shaft.reasonable_high), (24.5, derived_high)
        )
        as_engineer.write({'reasonable_high': 25.5})
        self.assertEqual(
            (shaft.reasonable_low_set, shaft.reasonable_high_set), (24.5, 25.5)
        )
        with self.assertRaisesRegex(
            ValidationError,
            'Reasonable Low 26.0 must be below Reasonable High 25.5',
        ):
            as_engineer.write({'reasonable_low': 26.0})
        with self.assertRaisesRegex(
            ValidationError, 'both between -10000000000 and 10000000000'
        ):
            as_engineer.write({'reasonable_high': 1e12})
        with self.assertRaises(AccessError):
            shaft.sudo(self.operator).write({'reasonable_low': 0.0})
        with self.assertRaisesRegex(
            ValidationError, 'reasonable limits apply to measured values'
        ):
            self.make_char(
                'p',
                subgroup_size=50,
                reasonable_manual=True,
                reasonable_low_set=0.0,
                reasonable_high_set=1.0,
            )
        # the form: ticking the box starts from the derived limits
        with self.env.do_in_onchange():
            draft = self.env['ci.spc.characteristic'].new(
                {'chart_type': 'imr', **SHAFT}
            )
            draft.reasonable_manual = True
            draft._onchange_reasonable_manual()
            self.assertAlmostEqual(
                draft.reasonable_low_set, 24.98 - 250.2, places=6
            )
        as_engineer.write({'reasonable_manual': False})
        self.assertEqual(shaft.reasonable_high, derived_high)

    def test_absurd_values_refused_with_the_limits(self):
        """±1e308 and -2**31 are refused whole, naming row, value, limits and
        characteristic."""
        shaft = self.make_char(name='Shaft', **SHAFT)
        good = self.values_rows(shaft, [25.0, 25.01, 24.99])
        for absurd in (1e308, -1e308, -(2**31), 1e10):
            rows = [dict(row) for row in good]
            rows[1]['value'] = absurd
            with self.assertRaises(ValidationError) as err:
                self.ingest(rows)
            self.assertIn(
                "row 2, value = %r: outside the reasonable limits [-225.22, "
                "275.22] of Shaft" % absurd,
                err.exception.name,
            )
            self.assertIn('(1 of 3 rows have errors', err.exception.name)
        self.assertFalse(shaft.measurement_ids)
        # narrower by hand: a typing error is caught
        shaft.sudo(self.engineer_ci).write(
            {'reasonable_low': 24.5, 'reasonable_high': 25.5}
        )
        rows = self.values_rows(shaft, [25.0, 2.501])
        with self.assertRaisesRegex(
            ValidationError,
            r"row 2, value = 2.501: outside the reasonable limits "
            r"\[24.5, 25.5\] of Shaft",
        ):
            self.ingest(rows)
        with self.assertRaisesRegex(
            ValidationError, 'outside the reasonable limits'
        ):
            self.env['ci.spc.measurement'].sudo(self.operator).create(
                {
                    'characteristic_id': shaft.id,
                    'value': 250.0,
                    'timestamp': stamp(0),
                }
            )
        self.assertEqual(
            self.ingest(self.values_rows(shaft, [25.0, 25.49]))['created'], 2
        )
        # a correction by hand while the limits are provisional: the same limits
        typo = shaft.measurement_ids[0].sudo(self.engineer_ci)
        with self.assertRaisesRegex(
            ValidationError,
            r"Value = 1e\+308: outside the reasonable limits "
            r"\[24.5, 25.5\] of Shaft",
        ):
            typo.write({'value': 1e308})
        with self.assertRaisesRegex(
            ValidationError, r"Value = nan: not a finite number"
        ):
            typo.write({'value': float('nan')})
        typo.write({'value': 25.01})
        self.assertEqual(typo.value, 25.01)

    def test_first_batch_is_its_own_reference(self):
        """Without specification, limits nor data, the batch's quartiles: its
        absurd values are refused."""
        bare = self.make_char(name='Bare')
        rows = self.values_rows(
            bare, [10.0, 10.1, 9.9, 10.2, 10.0, 0.0, 9.8, 1e9]
        )
        rows[5]['value'] = -(2**31)  # an int, as gauges send it
        with self.assertRaises(ValidationError) as err:
            self.ingest(rows)
        message = err.exception.name
        self.assertIn('(2 of 8 rows have errors', message)
        self.assertIn(
            'row 6, value = -2147483648: outside the reasonable limits',
            message,
        )
        self.assertIn(
            'row 8, value = 1000000000.0: outside the reasonable limits',
            message,
        )
        self.assertLess(message.index('row 6'), message.index('row 8'))
        # and whatever the reference, nothing beyond the magnitude limit
        with self.assertRaisesRegex(
            ValidationError,
            r"row 1, value = 1e\+300: outside the reasonable limits "
            r"\[-1e\+10, 1e\+10\] of Bare",
        ):
            self.ingest(self.values_rows(bare, [1e300]))
        self.assertFalse(bare.measurement_ids)
        self.assertEqual(self.ingest(rows[:5])['created'], 5)


class TestRowChecks(SpcCase):

    def test_attribute_counts_and_sizes(self):
        """Counts and sample sizes: whole, not negative, defectives within the
        sample, bounded."""
        p_char = self.make_char('p', subgroup_size=100)
        c_char = self.make_char('c', subgroup_size=1)
        cases = [
            (
                {
                    'characteristic': p_char.code,
                    'count': -1,
                    'sample_size': 100,
                },
                "count = -1: a whole number of at least 0",
            ),
            (
                {
                    'characteristic': p_char.code,
                    'count': 101,
                    'sample_size': 100,
                },
                'count = 101: more defectives than',
            ),
            (
                {'characteristic': p_char.code, 'count': 0, 'sample_size': 0},
                'sample_size = 0: a whole number of at',
            ),
            (
                {
                    'characteristic': p_char.code,
                    'count': 3,
                    'sample_size': 10**7,
                },
                'sample_size = 10000000: more than 1000000 units: not a '
                'plausible sample size',
            ),
            (
                {
                    'characteristic': p_char.code,
                    'count': 2.5,
                    'sample_size': 100,
                },
                'count = 2.5: a whole number',
            ),
            (
                {'characteristic': c_char.code, 'count': 2**31},
                'count = 2147483648: more than 1000000 in one sample',
            ),
            (
                {'characteristic': c_char.code, 'count': 3, 'value': 1.0},
                'value = 1.0: a c chart takes a count',
            ),
        ]
        for row, message in cases:
            with self.assertRaisesRegex(
                ValidationError, 'row 1, ' + message.replace('(', r'\(')
            ):
                self.ingest([dict(row, timestamp=stamp(0))])
        self.assertFalse(p_char.measurement_ids | c_char.measurement_ids)

    def test_duplicates_empty_batches_and_odd_input(self):
        """An overfilled subgroup, an empty batch, bad dates, unknown users,
        text the database refuses."""
        char = self.make_char()
        rows = self.values_rows(char, [10.0, 10.1, 10.2])
        # two parts measured at the same second with the same result are two
        # measurements
        self.assertEqual(self.ingest(rows + [dict(rows[1])])['created'], 4)
        xbar = self.make_char('xbar_r', subgroup_size=3)
        # equal values in a subgroup are fine, a fourth member is not
        with self.assertRaisesRegex(
            ValidationError,
            "row 4, subgroup = 'S000': more than 3 measurements in "
            "this subgroup",
        ):
            self.ingest(
                self.values_rows(xbar, [74.0, 74.0, 74.01, 74.0], per_point=4)
            )
        self.assertEqual(
            self.ingest(
                self.values_rows(xbar, [74.0, 74.0, 74.01], per_point=3)
            )['created'],
            3,
        )
        with self.assertRaisesRegex(ValidationError, 'the batch is empty'):
            self.ingest([])
        odd = [
            (
                'timestamp',
                '0001-01-01T00:00:00+01:00',
                "expected 'YYYY-MM-DD HH:MM:SS'",
            ),
            ('timestamp', '1969-12-31 23:59:59', 'before 1970'),
            (
                'timestamp',
                '2026-02-30 10:00:00',
                "expected 'YYYY-MM-DD HH:MM:SS'",
            ),
            ('user_id', 999999999, 'unknown user'),
            ('subgroup', 'a\x00b', 'cannot store'),
            ('note', 'bad \ud800 surrogate', 'a text'),
            ('value', 10**400, 'not a finite number'),
            (
                'value',
                [[1, 2], {'a': list(range(1000))}],
                'a number is required',
            ),
        ]
        for field, value, message in odd:
            row = dict(rows[0], **{field: value})
            with self.assertRaises(ValidationError) as err:
                self.ingest([row], user=self.engineer_ci)
            self.assertIn('row 1, %s = ' % field, err.exception.name)
            self.assertIn(message, err.exception.name)
            # a long value is quoted short
            self.assertLess(len(err.exception.name), 400)
        self.assertEqual(len(char.measurement_ids), 4)


class TestAbsurdStoredValues(SpcCase):

    def insert(self, char, rows):
        """Measurements written in SQL, past every check (as before the checks
        existed)."""
        for i, (value, count, size) in enumerate(rows):
            self.env.cr.execute(
                """
                INSERT INTO ci_spc_measurement (characteristic_id, value,
                    count, sample_size, timestamp, subgroup,
                                                voided, date_recorded)
                VALUES (%s, %s::numeric, %s, %s, %s, %s, false, now() at time
                    zone 'utc')""",
                (char.id, value, count, size, stamp(100 + i), 'X%d' % i),
            )
        # rows written behind the suite's back reach the phases' statistics
        # when they are rebuilt (see ci.spc.phase, "Statistics")
        self.env['ci.spc.phase']._stats_rebuild(char)
        char.invalidate_cache()
        self.env['ci.spc.measurement'].invalidate_cache()

    def open_form(self, char, user):
        """What the web client reads to open the characteristic's form, with
        the lists in it."""
        self.env.cache.invalidate()  # a request of its own
        view = char.sudo(user).fields_view_get(view_type='form')
        record = char.sudo(user).read(list(view['fields']))[0]
        for name, desc in view['fields'].items():
            if (
                desc['type'] == 'one2many'
                and record[name]
                and desc.get('views', {}).get('tree')
            ):
                sub = (
                    self.env[desc['relation']].sudo(user).browse(record[name])
                )
                sub.read(list(desc['views']['tree']['fields']))
        return record

    def assert_nothing_absurd(self, char):
        record = self.open_form(char, self.engineer_ci)
        for name, value in record.items():
            if isinstance(value, float):
                self.assertTrue(math.isfinite(value), name)
            if isinstance(value, str) and name.endswith('_svg'):
                self.assertFalse(
                    re.search(r'(?<![a-z])(nan|inf)(?![a-z])', value, re.I),
                    name,
                )
        self.open_form(char, self.operator)
        data = char.sudo(self.operator).chart_data(limit=10000)
        for point in data['points']:
            for key, value in point.items():
                if isinstance(value, float):
                    self.assertTrue(math.isfinite(value), (key, point))
        report = self.env.ref('ci_spc.action_report_ci_spc_chart_xlsx')
        content, _kind = report.with_context(
            active_model=char._name
        ).render_xlsx(char.ids, {})
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        for row in sheet.iter_rows(min_row=5, values_only=True):
            for value in row:
                if isinstance(value, float):
                    self.assertTrue(
                        math.isfinite(value) and abs(value) < MAX_MAGNITUDE,
                        row,
                    )
        html = self.env.ref(
            'ci_spc.action_report_ci_spc_chart'
        ).render_qweb_html(char.ids)[0]
        self.assertIn(
            '<svg', html.decode() if isinstance(html, bytes) else html
        )
        # the list of its measurements, flat and grouped
        Measurement = self.env['ci.spc.measurement'].sudo(self.engineer_ci)
        view = Measurement.fields_view_get(view_type='tree')
        domain = [('characteristic_id', '=', char.id)]
        for row in Measurement.search_read(domain, list(view['fields'])):
            for key, value in row.items():
                self.assertFalse(
                    isinstance(value, float) and not math.isfinite(value),
                    (key, row),
                )
        for group in Measurement.read_group(
            domain, list(view['fields']), ['characteristic_id']
        ):
            for key, value in group.items():
                self.assertFalse(
                    isinstance(value, float) and not math.isfinite(value),
                    (key, group),
                )
        return record, data

    def test_variables_charts_survive(self):
        """1e308, -1e308, -2**31, NaN, infinity and NULL stored: the form,
        chart data, SVG, XLSX, PDF open."""
        char = self.make_char(name='Shaft', **SHAFT)
        self.ingest(self.values_rows(char, self.rng.normal(25.0, 0.004, 20)))
        self.assertEqual(char.phase_ids.state, 'frozen')
        self.insert(
            char,
            [
                (1e308, None, None),
                (-1e308, None, None),
                (-(2**31), None, None),
                ('NaN', None, None),
                ('Infinity', None, None),
                (None, None, None),
            ],
        )
        record, data = self.assert_nothing_absurd(char)
        # beyond 10^10, NaN, infinite or missing: off the chart; -2**31 is a
        # number the chart can draw (and an engineer void)
        self.assertEqual(
            [p['value'] for p in data['points'] if p['value'] < 0], [-(2**31)]
        )
        self.assertEqual(len(data['points']), 21)
        self.assertEqual(record['cap_n'], 21)
        self.assertLess(record['cap_ppk'], 0.01)
        self.env['ci.spc.measurement'].search(
            [('characteristic_id', '=', char.id), ('value', '=', -(2**31))]
        ).sudo(self.engineer_ci).action_void('a gauge sentinel value')
        record, data = self.assert_nothing_absurd(char)
        self.assertEqual(len(data['points']), 20)
        self.assertTrue(0.5 < record['cap_cpk'] < 100)
        # a batch still works, and is judged without them
        self.assertEqual(
            self.ingest(self.values_rows(char, [25.001], start=30))['created'],
            1,
        )
        # subgroups: one absurd member takes its subgroup off the chart
        xbar = self.make_char('xbar_r', subgroup_size=3, **SHAFT)
        self.ingest(
            self.values_rows(
                xbar, self.rng.normal(25.0, 0.004, 60), per_point=3
            )
        )
        self.env.cr.execute(
            "UPDATE ci_spc_measurement SET value = 'NaN' WHERE id = %s",
            (xbar.measurement_ids[0].id,),
        )
        xbar.invalidate_cache()
        _record, data = self.assert_nothing_absurd(xbar)
        self.assertEqual(len(data['points']), 19)

    def test_absurd_values_in_the_baseline_and_zero_sigma(self):
        """Absurd values stored before the limits froze stay out of them; a
        constant process has no Cp."""
        char = self.make_char(name='Flat', **SHAFT)
        self.insert(char, [(1e308, None, None), (-1e308, None, None)])
        self.ingest(self.values_rows(char, [25.0] * 20))
        phase = char.phase_ids
        self.assertEqual(
            (phase.state, phase.center, phase.sigma_within),
            ('frozen', 25.0, 0.0),
        )
        record, _data = self.assert_nothing_absurd(char)
        # sigma 0: Cp and the like are infinite, shown empty
        for key in ('cp', 'cpk', 'pp', 'ppk', 'cpm'):
            self.assertIn(',%s,' % key, record['cap_undefined'])
            self.assertEqual(record['cap_' + key], 0.0)
        self.assertNotIn('Cpk =', record['capability_svg'])

    def test_attribute_charts_survive(self):
        """Negative counts, defectives beyond the sample, a sample of 0, NULLs:
        left off the chart."""
        p_char = self.make_char('p', subgroup_size=100)
        self.ingest(
            [
                {
                    'characteristic': p_char.code,
                    'count': int(c),
                    'sample_size': 100,
                    'timestamp': stamp(i),
                }
                for i, c in enumerate(self.rng.binomial(100, 0.05, 20))
            ]
        )
        self.insert(
            p_char,
            [
                (None, -5, 100),
                (None, 150, 100),
                (None, 1, 0),
                (None, None, 100),
                (None, 3, None),
                (None, 3, -100),
                (None, 2**31 - 1, 2**31 - 1),
            ],
        )
        _record, data = self.assert_nothing_absurd(p_char)
        self.assertEqual(len(data['points']), 20)

    def test_engine_refuses_overflowing_values(self):
        """The engine refuses finite values whose limits would overflow, as it
        refuses non-finite ones."""
        with np.errstate(over='ignore', invalid='ignore'):
            with self.assertRaisesRegex(spc.SpcError, 'too large'):
                spc.chart('imr', [1e308, -1e308, 1e308])
            with self.assertRaisesRegex(spc.SpcError, 'too large'):
                spc.capability([1e308, -1e308, 1e308], usl=1.0)
            with self.assertRaisesRegex(spc.SpcError, 'too large'):
                spc.chart('c', [1e308, 1e308])
        result = spc.chart('imr', [1e9, -1e9, 1e9])
        self.assertTrue(np.all(np.isfinite(result.ucl)))


class TestSignalStorm(SpcCase):

    def drifting(self, char, count=40):
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 20)))
        self.assertEqual(char.phase_ids.state, 'frozen')
        return self.ingest(
            self.values_rows(char, 12.0 + 0.01 * np.arange(count), start=20)
        )

    def test_storm_opens_one_improvement_with_a_summary(self):
        """More signals than the threshold: all recorded, one improvement
        summing them up, one notification."""
        self.env['ir.config_parameter'].sudo().set_param(
            'ci_spc.signal_storm_threshold', '10'
        )
        char = self.make_char(operation_id=self.operation.id)
        result = self.drifting(char)
        signals = char.signal_ids
        self.assertGreater(len(signals), 10)
        self.assertEqual(sorted(result['signals']), sorted(signals.ids))
        improvement = char.improvement_ids
        self.assertEqual(len(improvement), 1)
        self.assertEqual(set(signals.mapped('improvement_id')), {improvement})
        self.assertEqual(set(signals.mapped('state')), {'escalated'})
        self.assertEqual(
            improvement.title,
            'SPC signal storm on %s: %d signals' % (char.name, len(signals)),
        )
        self.assertIn(
            'raised %d signals in one go, for points from %s to %s (UTC)'
            % (len(signals), stamp(20), stamp(59)),
            improvement.problem,
        )
        self.assertIn(
            'Rule 1: one point beyond 3 sigma \u00d7 ', improvement.problem
        )
        self.assertIn('The chart is attached.', improvement.problem)
        self.assertNotIn(str(char.measurement_ids[0].id), improvement.problem)
        opened = improvement.message_ids.filtered(
            lambda m: 'storm' in (m.body or '')
        )
        self.assertEqual(len(opened), 1)
        self.assertEqual(opened.partner_ids, self.engineer_ci.partner_id)
        self.assertEqual(len(improvement.activity_ids), 1)
        # the next storm joins it silently
        before = len(improvement.message_ids)
        self.ingest(
            self.values_rows(char, 13.0 + 0.01 * np.arange(40), start=60)
        )
        self.assertEqual(len(char.improvement_ids), 1)
        self.assertEqual(len(improvement.message_ids), before)
        self.assertEqual(
            set(char.signal_ids.mapped('improvement_id')), {improvement}
        )

    def test_few_signals_are_listed_and_default_threshold(self):
        """Under the threshold (50 by default) the improvement lists the
        points, as before."""
        char = self.make_char()
        self.drifting(char, count=3)
        improvement = char.improvement_ids
        self.assertTrue(improvement.title.startswith('SPC signal on'))
        self.assertIn(
            str(char.measurement_ids.sorted('timestamp')[-1].id),
            improvement.problem,
        )
        self.assertEqual(self.env['ci.spc.signal']._storm_threshold(), 50)

    def test_storm_without_automatic_improvements(self):
        """Automatic improvements off: one to-do with the summary; escalating
        all of them opens one improvement."""
        self.env['ir.config_parameter'].sudo().set_param(
            'ci_spc.signal_storm_threshold', '10'
        )
        char = self.make_char(auto_improvement=False)
        self.drifting(char)
        self.assertEqual(set(char.signal_ids.mapped('state')), {'new'})
        activity = char.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn('signals in one go', activity.note)
        char.signal_ids.sudo(self.engineer_ci).action_escalate()
        improvement = char.improvement_ids
        self.assertEqual(len(improvement), 1)
        self.assertIn('storm', improvement.title)
        self.assertEqual(set(char.signal_ids.mapped('state')), {'escalated'})
