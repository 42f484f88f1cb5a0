# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import io

import numpy as np
import openpyxl
import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import spc
from .common import SpcCase, stamp


class TestSpcCharts(SpcCase):

    def test_every_chart_type_freezes_the_engine_limits(self):
        """Each chart type: after the baseline the phase holds the engine's limits for that data."""
        k = 20
        imr = self.rng.normal(10.0, 0.2, k)
        sub = self.rng.normal(74.0, 0.01, (k, 5))
        sizes = self.rng.randint(80, 120, k)
        defectives = self.rng.binomial(sizes, 0.05)
        np_defectives = self.rng.binomial(100, 0.08, k)
        defects = self.rng.poisson(6.0, k)
        cases = [
            ('imr', {}, self.values_rows, imr, spc.chart('imr', imr, baseline=k)),
            ('xbar_r', {'subgroup_size': 5}, None, sub, spc.chart('xbar_r', sub, baseline=k)),
            ('xbar_s', {'subgroup_size': 5}, None, sub, spc.chart('xbar_s', sub, baseline=k)),
            ('p', {'subgroup_size': 100}, None, (defectives, sizes),
             spc.chart('p', defectives, sizes=sizes, baseline=k)),
            ('np', {'subgroup_size': 100}, None, (np_defectives, [100] * k),
             spc.chart('np', np_defectives, sizes=100, baseline=k)),
            ('c', {'subgroup_size': 1}, None, (defects, None), spc.chart('c', defects, baseline=k)),
            ('u', {'subgroup_size': 10}, None, (defects, sizes // 10),
             spc.chart('u', defects, sizes=sizes // 10, baseline=k)),
        ]
        for chart_type, vals, _builder, data, expected in cases:
            char = self.make_char(chart_type, **vals)
            if chart_type == 'imr':
                rows = self.values_rows(char, data)
            elif chart_type in ('xbar_r', 'xbar_s'):
                rows = self.values_rows(char, data.ravel(), per_point=5)
            else:
                counts, ns = data
                rows = [dict({'characteristic': char.code, 'count': int(c), 'timestamp': stamp(i)},
                             **({'sample_size': int(ns[i])} if ns is not None else {}))
                        for i, c in enumerate(counts)]
            result = self.ingest(rows)
            self.assertEqual(result['created'], len(rows), chart_type)
            phase = char.phase_ids
            self.assertEqual(phase.state, 'frozen', chart_type)
            self.assertEqual(phase.baseline_count, k, chart_type)
            self.assertAlmostEqual(phase.center, expected.limits[0].center, places=6, msg=chart_type)
            if chart_type in ('imr', 'xbar_r', 'xbar_s'):
                self.assertAlmostEqual(phase.sigma_within, expected.limits[0].sigma, places=6, msg=chart_type)
            self.assertAlmostEqual(phase.ucl, float(expected.ucl[0]), places=5, msg=chart_type)
            self.assertAlmostEqual(phase.lcl, float(expected.lcl[0]), places=5, msg=chart_type)
            series = char._chart_series()
            self.assertEqual(len(series[0]['points']['keys']), k, chart_type)
            np.testing.assert_allclose(series[0]['result'].points, expected.points, err_msg=chart_type)
            self.assertIn('<svg', char.chart_svg)

    def test_limits_provisional_until_baseline(self):
        """Before the baseline is complete limits are provisional and nothing is signalled."""
        char = self.make_char(baseline_subgroups=10)
        data = [10.0] * 4 + [10.2, 9.8] * 2 + [30.0]   # 9 points, the last one far off
        self.assertFalse(self.ingest(self.values_rows(char, data))['signals'])
        self.assertEqual(char.phase_ids.state, 'provisional')
        self.assertTrue(char.limits_provisional)
        self.assertIn('provisional limits', char.chart_svg)
        self.assertFalse(char.signal_ids)

    def test_shift_signals_once_and_opens_one_improvement(self):
        """A shift after the baseline: signals, one improvement; re-evaluating adds nothing."""
        char = self.make_char(operation_id=self.operation.id)
        base = self.rng.normal(10.0, 0.1, 20)
        self.ingest(self.values_rows(char, base))
        self.assertEqual(char.phase_ids.state, 'frozen')
        ucl = char.phase_ids.ucl
        result = self.ingest(self.values_rows(char, [ucl + 1.0], start=20))
        # the point is beyond the X limit, and its moving range beyond the MR limit
        self.assertEqual(result['rules'], {'we1': 2})
        self.assertEqual(sorted(result['signals']), sorted(char.signal_ids.ids))
        self.assertEqual(sorted(char.signal_ids.mapped('chart')), ['main', 'spread'])
        signal = char.signal_ids.filtered(lambda s: s.chart == 'main')
        self.assertEqual((signal.rule_id.code, signal.state, signal.point_key),
                         ('we1', 'escalated', str(char.measurement_ids.filtered(lambda m: m.value > ucl).id)))
        improvement = signal.improvement_id
        self.assertEqual((improvement.origin, improvement.state, improvement.spc_characteristic_id),
                         ('spc_signal', 'submitted', char))
        self.assertEqual(improvement.owner_id, self.engineer_ci)
        self.assertEqual(improvement.workcenter_id, self.workcenter)
        self.assertTrue(improvement.message_ids.mapped('attachment_ids').filtered(
            lambda a: a.name.endswith('.svg')))
        # evaluating again finds the same violation: no new signal
        self.assertFalse(char._evaluate_rules())
        # another violation joins the open improvement
        self.ingest(self.values_rows(char, [ucl + 2.0], start=21))
        self.assertEqual(len(char.signal_ids.filtered(lambda s: s.chart == 'main' and s.rule_id.code == 'we1')), 2)
        self.assertEqual(char.signal_ids.mapped('improvement_id'), improvement)
        self.assertEqual(len(char.improvement_ids), 1)
        # once it is closed, the next violation opens a new one
        improvement.sudo(self.engineer_ci).action_reject(reason='gauge problem')
        self.ingest(self.values_rows(char, [ucl + 3.0], start=22))
        self.assertEqual(len(char.improvement_ids), 2)

    def test_rules_off_no_signal(self):
        """Without rules switched on, the chart shows the point but nothing is signalled."""
        char = self.make_char(rule_ids=[(5, 0, 0)])
        self.ingest(self.values_rows(char, list(self.rng.normal(10.0, 0.1, 20)) + [99.0]))
        self.assertFalse(char.signal_ids)

    def test_signals_wait_when_auto_improvement_off(self):
        """With automatic improvements off, signals stay new and the owner gets a to-do."""
        char = self.make_char(auto_improvement=False)
        self.ingest(self.values_rows(char, list(self.rng.normal(10.0, 0.1, 20)) + [99.0]))
        self.assertEqual(char.signal_ids.mapped('state'), ['new', 'new'])   # X and MR charts
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
        wide = [73.9, 74.1, 74.0, 74.0, 74.0]   # same mean, range 0.2
        self.ingest(self.values_rows(char, wide, start=20, per_point=5))
        self.assertIn('spread', char.signal_ids.mapped('chart'))

    def test_capability_indices(self):
        """Capability of the current phase: the engine's indices with the within sigma of the chart."""
        data = self.rng.normal(10.0, 0.5, 30)
        char = self.make_char(has_lsl=True, lsl=8.0, has_usl=True, usl=13.0, has_target=True, target=10.5)
        self.ingest(self.values_rows(char, data))
        expected = spc.capability(data, lsl=8.0, usl=13.0, target=10.5, method='mr')
        for key in ('cp', 'cpk', 'pp', 'ppk', 'cpm'):
            self.assertAlmostEqual(char['cap_' + key], expected[key], places=2, msg=key)
        self.assertEqual(char.cap_n, 30)
        self.assertIn('Cpk = %.2f' % expected['cpk'], char.capability_svg)

    def test_spec_limits_only_for_variables(self):
        """Specification limits on an attributes chart, or LSL above USL, are refused."""
        with self.assertRaisesRegex(ValidationError, 'specification limits apply'):
            self.make_char('p', subgroup_size=50, has_usl=True, usl=0.1)
        with self.assertRaisesRegex(ValidationError, 'LSL 12.0 must be below USL 11.0'):
            self.make_char(has_lsl=True, lsl=12.0, has_usl=True, usl=11.0)
        with self.assertRaisesRegex(ValidationError, 'Subgroup Size between 2 and 25, not 30'):
            self.make_char('xbar_r', subgroup_size=30)


class TestSpcPhases(SpcCase):

    def test_new_sop_version_starts_phase(self):
        """Approving a new version of the operation's SOP starts a phase on its effective date."""
        char = self.make_char(operation_id=self.operation.id)
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 25)))
        first = char.phase_ids
        self.assertEqual(first.state, 'frozen')
        version = self.approve_sop_version()
        phases = char.phase_ids.sorted('date_start')
        self.assertEqual(len(phases), 2)
        second = phases[1]
        self.assertEqual((second.origin, second.sop_version_id, second.state),
                         ('sop_version', version, 'provisional'))
        # from the start of its effective day in the plant's time zone (the
        # company's; the approver's when the company has none)
        tz = pytz.timezone(char.company_id.partner_id.tz or self.manager_ci.tz or 'UTC')
        midnight = tz.localize(datetime.datetime.combine(fields.Date.from_string(version.date_effective),
                                                         datetime.time()))
        start = midnight.astimezone(pytz.utc).replace(tzinfo=None)
        self.assertEqual(second.date_start, fields.Datetime.to_string(start))
        # measurements of today go to the new phase; the old points stay in the first
        base = max(start, datetime.datetime.utcnow() - datetime.timedelta(minutes=30))
        rows = [{'characteristic': char.code, 'value': 10.5 + 0.01 * i,
                 'timestamp': (base + datetime.timedelta(seconds=10 * i)).strftime('%Y-%m-%d %H:%M:%S')}
                for i in range(5)]
        self.ingest(rows)
        self.assertEqual(len(self.env['ci.spc.measurement']._points(char, second)['keys']), 5)
        self.assertEqual(len(self.env['ci.spc.measurement']._points(char, first)['keys']), 25)
        # a phase is a stretch of time: measurements are never rewritten to join one
        Measurement = self.env['ci.spc.measurement']
        self.assertEqual(len(Measurement.search([('phase_id', '=', second.id)])), 5)
        self.assertEqual(len(Measurement.search([('phase_id', 'in', [first.id, second.id])])), 30)
        self.assertEqual(set(Measurement.search([('characteristic_id', '=', char.id)]).mapped('phase_id')),
                         {first, second})
        self.assertTrue(char.limits_provisional)
        self.assertIn(version.name, char.chart_svg)
        self.assertIn('New phase', char.message_ids[0].body + ''.join(char.message_ids.mapped('body')))

    def test_phase_starts_with_the_plant_s_day(self):
        """A version effective on 10 March, approved in Shanghai, starts the phase at 16:00 UTC on 9 March."""
        char = self.make_char(operation_id=self.operation.id)
        _version, phase = self.sop_version_phase(char, tz='Asia/Shanghai', date_effective='2026-03-10')
        self.assertEqual(phase.date_start, '2026-03-09 16:00:00')

    def test_manual_phase_needs_reason(self):
        """An engineer starts a phase by hand only with a reason."""
        char = self.make_char()
        Phase = self.env['ci.spc.phase'].sudo(self.engineer_ci)
        with self.assertRaisesRegex(UserError, 'Reason'):
            Phase.create({'characteristic_id': char.id, 'date_start': stamp(5)})
        phase = Phase.create({'characteristic_id': char.id, 'date_start': stamp(5), 'reason': 'New gauge'})
        self.assertEqual(phase.origin, 'manual')
        with self.assertRaises(AccessError):
            self.env['ci.spc.phase'].sudo(self.operator).create(
                {'characteristic_id': char.id, 'date_start': stamp(6), 'reason': 'x'})


class TestSpcIngestion(SpcCase):

    def test_bad_batches_write_nothing(self):
        """Every kind of bad row is refused, named by row, field and value; nothing is written."""
        imr = self.make_char()
        p = self.make_char('p', subgroup_size=50)
        npc = self.make_char('np', subgroup_size=50)
        c = self.make_char('c', subgroup_size=1)
        foreign = self.env['ci.spc.characteristic'].create({
            'name': 'Foreign', 'code': 'FOREIGN', 'chart_type': 'imr', 'company_id': self.other_company.id})
        good = {'characteristic': imr.code, 'value': 1.0, 'timestamp': stamp(0)}
        future = (datetime.datetime.utcnow() + datetime.timedelta(days=1)).strftime('%Y-%m-%d %H:%M:%S')
        cases = [
            (dict(good, characteristic='NOPE'), "characteristic = 'NOPE': unknown characteristic"),
            (dict(good, characteristic=foreign.code), "characteristic = 'FOREIGN': unknown characteristic"),
            (dict(good, characteristic=foreign.id), 'unknown characteristic'),
            (dict(good, value=float('nan')), 'value = nan: not a finite number'),
            (dict(good, value=float('inf')), 'value = inf: not a finite number'),
            (dict(good, value=True), 'value = True: a number is required'),
            (dict(good, value='1.5'), "value = '1.5': a number is required"),
            (dict(good, timestamp='02/03/2026'), "timestamp = '02/03/2026'"),
            (dict(good, timestamp=future), 'in the future'),
            (dict(good, workorder_id=999999999), 'workorder_id = 999999999: unknown work order'),
            (dict(good, colour='red'), 'colour'),
            ({'characteristic': p.code, 'count': 60, 'sample_size': 50, 'timestamp': stamp(0)},
             'count = 60: more defectives than units inspected'),
            ({'characteristic': p.code, 'count': -1, 'sample_size': 50, 'timestamp': stamp(0)}, 'count = -1'),
            ({'characteristic': p.code, 'count': 1, 'sample_size': 0, 'timestamp': stamp(0)}, 'sample_size = 0'),
            ({'characteristic': npc.code, 'count': 1, 'sample_size': 40, 'timestamp': stamp(0)},
             'constant sample size 50'),
            ({'characteristic': c.code, 'count': 1.5, 'timestamp': stamp(0)}, 'count = 1.5'),
            ({'characteristic': c.code, 'value': 1.0, 'timestamp': stamp(0)}, 'count = None'),
            ('not a dict', "row = 'not a dict'"),
        ]
        Measurement = self.env['ci.spc.measurement'].sudo()
        before = Measurement.search_count([])
        for bad, needle in cases:
            with self.assertRaises(ValidationError) as ctx:
                self.ingest([good, good, bad])
            self.assertIn('row 3, ', str(ctx.exception), needle)
            self.assertIn(needle, str(ctx.exception))
            self.assertIn('nothing was written', str(ctx.exception))
        self.assertEqual(Measurement.search_count([]), before)
        with self.assertRaisesRegex(ValidationError, 'at most 10000 rows'):
            self.ingest([good] * 10001)
        with self.assertRaisesRegex(ValidationError, 'a list of rows'):
            self.ingest({'characteristic': imr.code})
        self.assertEqual(Measurement.search_count([]), before)

    def test_dry_run_and_result(self):
        """A dry run checks and writes nothing; a real batch says what it created."""
        char = self.make_char()
        rows = self.values_rows(char, [1.0, 2.0, 3.0])
        self.assertEqual(self.ingest(rows, dry_run=True),
                         {'created': 0, 'checked': 3, 'batch_id': False, 'signals': [], 'rules': {}})
        self.assertFalse(char.measurement_ids)
        result = self.ingest(rows)
        self.assertEqual(result['created'], 3)
        self.assertEqual(sorted(char.measurement_ids.mapped('value')), [1.0, 2.0, 3.0])
        # rows without an operator (machine data) have none; the batch says who sent them
        self.assertFalse(char.measurement_ids.mapped('user_id'))
        batch = self.env['ci.spc.batch'].browse(result['batch_id'])
        self.assertEqual(char.measurement_ids.mapped('batch_id'), batch)
        self.assertEqual((batch.user_id, batch.measurement_count, batch.signal_count, batch.characteristic_ids),
                         (self.operator, 3, 0, char))
        self.assertEqual((batch.date_first, batch.date_last), (stamp(0), stamp(2)))
        self.assertEqual(self.env['ci.spc.measurement'].search(batch.action_view_measurements()['domain']),
                         char.measurement_ids)

    def test_batches_are_a_log(self):
        """Nobody writes or deletes a batch, not even a manager; operators see their own, engineers all."""
        char = self.make_char()
        mine = self.env['ci.spc.batch'].browse(self.ingest(self.values_rows(char, [1.0]))['batch_id'])
        theirs = self.env['ci.spc.batch'].browse(
            self.ingest(self.values_rows(char, [2.0], start=1), user=self.engineer_ci)['batch_id'])
        Batch = self.env['ci.spc.batch']
        self.assertEqual(Batch.sudo(self.operator).search([('id', 'in', (mine | theirs).ids)]), mine)
        self.assertEqual(Batch.sudo(self.engineer_ci).search([('id', 'in', (mine | theirs).ids)]), mine | theirs)
        for user in (self.operator, self.manager_ci):
            with self.assertRaises(AccessError):
                mine.sudo(user).write({'measurement_count': 0})
            with self.assertRaises(AccessError):
                mine.sudo(user).unlink()
            with self.assertRaises(AccessError):
                Batch.sudo(user).create({'user_id': user.id, 'company_id': user.company_id.id,
                                         'date': stamp(0)})
        with self.assertRaisesRegex(UserError, 'Measurements = 0: .* not by the caller'):
            mine.write({'measurement_count': 0})
        with self.assertRaisesRegex(UserError, 'cannot be deleted'):
            mine.unlink()
        self.assertEqual(mine.measurement_count, 1)

    def test_stream_signals_like_one_batch(self):
        """A chart fed batch after batch (new points taken from memory) signals the same violations as
        one fed the same data at once; a late batch, back in time, is read back and judged too."""
        data = list(self.rng.normal(10.0, 0.1, 20)) + [10.35, 10.3, 9.5, 10.0] + [10.12] * 9 + \
            list(self.rng.normal(10.0, 0.1, 10)) + [11.0]
        stream, whole = self.make_char(), self.make_char()
        rules = self.env['ci.spc.rule'].search([])
        (stream | whole).write({'rule_ids': [(6, 0, rules.ids)]})
        for lo, hi in [(0, 20), (20, 26), (26, 33), (33, len(data))]:
            self.ingest(self.values_rows(stream, data[lo:hi], start=lo))
        self.ingest(self.values_rows(whole, data))

        def found(char):
            return sorted((s.rule_id.code, s.chart, s.date) for s in char.signal_ids)
        self.assertTrue({'we1', 'nelson2'} <= {code for code, _chart, _date in found(stream)}, found(stream))
        self.assertEqual(found(stream), found(whole))
        before = found(stream)
        self.ingest(self.values_rows(stream, [50.0], start=-3))
        self.assertIn(('we1', 'main', stamp(-3)), found(stream))
        self.assertTrue(set(before) <= set(found(stream)))

    def test_batch_starting_at_the_latest_time_keeps_its_memory(self):
        """A batch whose first row has the very time of the latest stored measurement: the rules still
        count that measurement (9 points on one side, the 9th sent alone at the 8th's time)."""
        baseline = [10.1, 9.9] * 10
        high = [10.05] * 9
        stream, whole = self.make_char(), self.make_char()
        (stream | whole).write({'rule_ids': [(6, 0, self.env.ref('ci_spc.ci_spc_rule_nelson2').ids)]})
        self.ingest(self.values_rows(stream, baseline))
        self.ingest(self.values_rows(stream, high[:8], start=20))
        self.assertFalse(stream.signal_ids)
        self.ingest(self.values_rows(stream, high[8:], start=27))
        self.ingest(self.values_rows(whole, baseline) + self.values_rows(whole, high[:8], start=20)
                    + self.values_rows(whole, high[8:], start=27))

        def found(char):
            return sorted((s.rule_id.code, s.chart, s.date, s.value) for s in char.signal_ids)
        self.assertEqual(found(stream), [('nelson2', 'main', stamp(27), 10.05)])
        self.assertEqual(found(stream), found(whole))

    def test_orm_create_checks_and_evaluates(self):
        """A single create (form, import) gets the same checks and rule evaluation as a batch."""
        char = self.make_char()
        Measurement = self.env['ci.spc.measurement'].sudo(self.operator)
        for value in self.rng.normal(10.0, 0.1, 20):
            Measurement.create({'characteristic_id': char.id, 'value': float(value), 'timestamp': stamp(0)})
        self.assertEqual(char.phase_ids.state, 'frozen')
        Measurement.create({'characteristic_id': char.id, 'value': 50.0, 'timestamp': stamp(1)})
        self.assertIn('we1', char.signal_ids.mapped('rule_id.code'))
        with self.assertRaisesRegex(ValidationError, 'value = nan'):
            Measurement.create({'characteristic_id': char.id, 'value': float('nan'), 'timestamp': stamp(2)})
        self.assertEqual(len(char.measurement_ids), 21)

    def test_texts_and_numbers_stored_exactly(self):
        """Keys and notes with tabs, backslashes, newlines and quotes, and every digit of a value, come back as sent."""
        char = self.make_char()
        odd = "a\tb\\c\nd'e\"f\r"
        self.ingest([{'characteristic': char.code, 'value': 0.1 + 0.2, 'timestamp': stamp(0), 'subgroup': odd,
                      'note': odd + ' \\N'}])
        measurement = char.measurement_ids
        self.assertEqual((measurement.subgroup, measurement.note), (odd, odd + ' \\N'))
        self.env.cr.execute("SELECT value FROM ci_spc_measurement WHERE id = %s", (measurement.id,))
        self.assertEqual(self.env.cr.fetchone()[0], 0.1 + 0.2)
        self.assertTrue(measurement.date_recorded)

    def test_timestamp_formats(self):
        """ISO 8601 with T and Z is accepted and stored in UTC, to the microsecond; the default subgroup
        is the time to the second."""
        char = self.make_char()
        self.ingest([{'characteristic': char.code, 'value': 1.0, 'timestamp': '2026-03-02T06:30:00Z'},
                     {'characteristic': char.code, 'value': 2.0, 'timestamp': '2026-03-02T06:31:00+00:00'},
                     {'characteristic': char.code, 'value': 3.0, 'timestamp': '2026-03-02T14:32:00+08:00'},
                     {'characteristic': char.code, 'value': 4.0, 'timestamp': '2026-03-02 06:33'},
                     {'characteristic': char.code, 'value': 5.0, 'timestamp': '2026-03-02 06:34:00.250000'},
                     {'characteristic': char.code, 'value': 6.0, 'timestamp': '2026-03-02 06:35:07 '},
                     {'characteristic': char.code, 'value': 7.0, 'timestamp': '2026-03-02T06:36:08.5+00:00'}])
        self.assertEqual(sorted(char.measurement_ids.mapped('timestamp')),
                         ['2026-03-02 06:30:00', '2026-03-02 06:31:00', '2026-03-02 06:32:00', '2026-03-02 06:33:00',
                          '2026-03-02 06:34:00', '2026-03-02 06:35:07', '2026-03-02 06:36:08'])
        self.env.cr.execute("SELECT value, timestamp::text, subgroup FROM ci_spc_measurement "
                            "WHERE characteristic_id = %s ORDER BY value", (char.id,))
        self.assertEqual(self.env.cr.fetchall()[3:], [
            (4.0, '2026-03-02 06:33:00', '2026-03-02 06:33:00'),
            (5.0, '2026-03-02 06:34:00.25', '2026-03-02 06:34:00'),
            (6.0, '2026-03-02 06:35:07', '2026-03-02 06:35:07'),
            (7.0, '2026-03-02 06:36:08.5', '2026-03-02 06:36:08')])

    def test_operator_records_only_for_self(self):
        """An operator cannot record in another's name; an engineer can."""
        char = self.make_char()
        row = {'characteristic': char.code, 'value': 1.0, 'timestamp': stamp(0), 'user_id': self.user_ci.id}
        with self.assertRaisesRegex(ValidationError, "in someone else's name"):
            self.ingest([row])
        self.ingest([row], user=self.engineer_ci)
        self.assertEqual(char.measurement_ids.user_id, self.user_ci)


class TestSpcHistory(SpcCase):

    def test_frozen_measurements_are_history(self):
        """Measurements of a frozen phase are not edited or deleted, only voided with a reason."""
        char = self.make_char()
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 20)))
        measurement = char.measurement_ids[0].sudo(self.manager_ci)
        with self.assertRaisesRegex(UserError, 'Void it with a reason'):
            measurement.write({'value': 12.0})
        with self.assertRaisesRegex(UserError, 'Void it with a reason'):
            measurement.unlink()
        with self.assertRaisesRegex(UserError, 'Void Reason'):
            measurement.action_void('  ')
        with self.assertRaises(AccessError):
            measurement.sudo(self.operator).action_void('wrong part')
        measurement.sudo(self.engineer_ci).action_void('Wrong part measured')
        self.assertTrue(measurement.voided)
        self.assertEqual(len(self.env['ci.spc.measurement']._points(char, char.phase_ids)['keys']), 19)
        with self.assertRaisesRegex(UserError, 'already voided'):
            measurement.sudo(self.engineer_ci).action_void('again')
        self.assertEqual(char.phase_ids.baseline_count, 20)   # frozen limits stay

    def test_provisional_measurements_can_be_corrected(self):
        """Before the limits freeze a typo can still be corrected by an engineer."""
        char = self.make_char()
        self.ingest(self.values_rows(char, [10.0, 100.0]))
        typo = char.measurement_ids.filtered(lambda m: m.value == 100.0)
        typo.sudo(self.engineer_ci).write({'value': 10.1})
        self.assertEqual(typo.value, 10.1)
        with self.assertRaises(AccessError):
            typo.sudo(self.operator).write({'value': 10.2})


class TestSpcAccess(SpcCase):

    def test_roles(self):
        """Engineers define characteristics; operators read them and record; other companies are hidden."""
        with self.assertRaises(AccessError):
            self.make_char(user=self.operator)
        char = self.make_char()
        Char = self.env['ci.spc.characteristic']
        self.assertEqual(Char.sudo(self.operator).search([('id', '=', char.id)]), char)
        with self.assertRaises(AccessError):
            char.sudo(self.operator).write({'name': 'Renamed'})
        foreign = Char.create({'name': 'Foreign', 'code': 'FOREIGN', 'chart_type': 'imr',
                               'company_id': self.other_company.id})
        self.assertFalse(Char.sudo(self.operator).search([('id', '=', foreign.id)]))
        self.assertFalse(Char.sudo(self.engineer_ci).search([('id', '=', foreign.id)]))
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 20)) + self.values_rows(char, [99.0], 20))
        with self.assertRaises(AccessError):
            char.measurement_ids.sudo(self.operator).unlink()
        signal = char.signal_ids[0]
        self.assertTrue(signal.sudo(self.operator).read(['state']))
        with self.assertRaises(AccessError):
            signal.sudo(self.operator).action_acknowledge()


class TestSpcWorkorderAndReports(SpcCase):

    def test_entry_from_workorder(self):
        """From the work order, an operator records a subgroup in one go."""
        char = self.make_char('xbar_r', subgroup_size=5, operation_id=self.operation.id)
        workorder = self.record_workorder(datetime.datetime.utcnow() - datetime.timedelta(hours=1), 30, 30, 10)
        self.assertIn(char, workorder.ci_spc_characteristic_ids)
        entry = self.env['ci.spc.measurement.entry'].sudo(self.operator).create({
            'workorder_id': workorder.id, 'characteristic_id': char.id, 'values': '74.01, 74.00 73.99;74.02 74.00'})
        entry.action_record()
        measurements = workorder.ci_spc_measurement_ids
        self.assertEqual(sorted(measurements.mapped('value')), [73.99, 74.0, 74.0, 74.01, 74.02])
        self.assertEqual(len(set(measurements.mapped('subgroup'))), 1)
        self.assertEqual(measurements.mapped('user_id'), self.operator)
        bad = self.env['ci.spc.measurement.entry'].sudo(self.operator).create({
            'workorder_id': workorder.id, 'characteristic_id': char.id, 'values': '74.01 abc'})
        with self.assertRaisesRegex(UserError, "'abc' is not a number"):
            bad.action_record()
        short = self.env['ci.spc.measurement.entry'].sudo(self.operator).create({
            'workorder_id': workorder.id, 'characteristic_id': char.id, 'values': '74.01 74.02'})
        with self.assertRaisesRegex(UserError, '2 entered, but a subgroup of .* has 5 values'):
            short.action_record()

    def test_xlsx_export_reads_back(self):
        """The chart data exported to XLSX: one row per point with its limits and broken rules."""
        char = self.make_char()
        base = list(self.rng.normal(10.0, 0.1, 20))
        self.ingest(self.values_rows(char, base + [99.0]))
        report = self.env.ref('ci_spc.action_report_ci_spc_chart_xlsx')
        # as the web client's download route calls it
        content, kind = report.with_context(active_model=char._name).render_xlsx(char.ids, {})
        self.assertEqual(kind, 'xlsx')
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.title, char.code[:28])
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        self.assertEqual(len(rows), 21)
        phase = char.phase_ids
        for row, value in zip(rows, base + [99.0]):
            self.assertAlmostEqual(row[3], value, places=6)
            self.assertAlmostEqual(row[4], phase.center, places=6)
            self.assertAlmostEqual(row[6], phase.ucl, places=5)
        self.assertIn('we1', rows[-1][9])
        self.assertIsNone(rows[0][9])

    def test_pdf_report_html(self):
        """The printable chart holds the SVG chart and the phases."""
        char = self.make_char()
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 20)))
        html = self.env.ref('ci_spc.action_report_ci_spc_chart').render_qweb_html(char.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn('<svg', html)
        self.assertIn(char.name, html)
        # the limits at the characteristic's decimals (3 by default)
        self.assertIn('%.3f' % char.phase_ids.ucl, html.replace(',', ''))
        self.assertIn('UCL %.3f' % char.phase_ids.ucl, html)


class TestSpcChartData(SpcCase):

    def test_individuals_chart_as_plain_data(self):
        """chart_data gives the points with the frozen limits, the rules broken, the phases; as an operator."""
        char = self.make_char()
        base = self.rng.normal(10.0, 0.1, 20)
        self.ingest(self.values_rows(char, base))
        phase = char.phase_ids
        far = phase.ucl + 1.0
        self.ingest(self.values_rows(char, [far, 10.0], start=20))
        data = char.sudo(self.operator).chart_data()
        self.assertEqual((data['code'], data['chart_type'], len(data['points'])), (char.code, 'imr', 22))
        self.assertEqual([(p['id'], p['state'], p['center'], p['ucl']) for p in data['phases']],
                         [(phase.id, 'frozen', phase.center, phase.ucl)])
        points = data['points']
        measurements = char.measurement_ids.sorted(lambda m: (m.timestamp, m.id))
        self.assertEqual([p['measurement_ids'] for p in points], [[m.id] for m in measurements])
        self.assertEqual([p['value'] for p in points], measurements.mapped('value'))
        self.assertEqual({p['phase_id'] for p in points}, {phase.id})
        # judged against the frozen limits (stored to 6 decimals, the points' from center and sigma)
        for point in points:
            for key in ('center', 'lcl', 'ucl'):
                self.assertAlmostEqual(point[key], phase[key], places=5)
        # the far point breaks rule 1 on the X chart, its moving range on the MR chart
        self.assertEqual([(i, p['rules']) for i, p in enumerate(points) if p['rules']], [(20, ['we1'])])
        self.assertEqual([i for i, p in enumerate(points) if p['spread_rules']], [20, 21])
        self.assertEqual(points[20]['key'], str(measurements[20].id))
        # the first moving range does not exist: False, which XML-RPC can carry (NaN it cannot)
        self.assertIs(points[0]['spread'], False)
        self.assertAlmostEqual(points[1]['spread'], abs(base[1] - base[0]), places=6)
        # the last points only
        self.assertEqual([p['key'] for p in char.chart_data(limit=3)['points']], [p['key'] for p in points[-3:]])

    def test_subgroups_phases_and_attributes(self):
        """X̄ points are subgroup means; a new phase splits the points; p charts carry counts."""
        char = self.make_char('xbar_r', subgroup_size=5)
        data = self.rng.normal(74.0, 0.01, (20, 5))
        self.ingest(self.values_rows(char, data.ravel(), per_point=5))
        phase = self.env['ci.spc.phase'].create({
            'characteristic_id': char.id, 'date_start': stamp(20), 'reason': 'new fixture'})
        self.ingest(self.values_rows(char, data[:3].ravel(), start=20, per_point=5))
        chart = char.chart_data()
        self.assertEqual([(p['state'], p['origin']) for p in chart['phases']],
                         [('frozen', 'initial'), ('provisional', 'manual')])
        self.assertIs(chart['phases'][1]['ucl'], False)
        self.assertEqual([p['phase_id'] for p in chart['points']], [chart['phases'][0]['id']] * 20 + [phase.id] * 3)
        self.assertAlmostEqual(chart['points'][0]['value'], data[0].mean(), places=6)
        self.assertAlmostEqual(chart['points'][0]['spread'], np.ptp(data[0]), places=6)
        self.assertEqual(len(chart['points'][0]['measurement_ids']), 5)
        p_char = self.make_char('p', subgroup_size=100)
        self.ingest([{'characteristic': p_char.code, 'count': c, 'sample_size': 100, 'timestamp': stamp(i)}
                     for i, c in enumerate([3, 5, 4])])
        p_points = p_char.chart_data()['points']
        self.assertEqual([(p['count'], p['sample_size'], p['value']) for p in p_points],
                         [(3, 100, 0.03), (5, 100, 0.05), (4, 100, 0.04)])
        self.assertNotIn('spread', p_points[0])

    def test_refused_limit_and_rights(self):
        """A bad limit names the value; another company's characteristic is out of reach."""
        char = self.make_char()
        with self.assertRaisesRegex(ValidationError, r"limit = 0: a whole number from 1 to 10000"):
            char.chart_data(limit=0)
        with self.assertRaisesRegex(ValidationError, r"limit = '5'"):
            char.chart_data(limit='5')
        foreign = self.env['ci.spc.characteristic'].create({
            'name': 'Foreign', 'code': 'FOREIGN-CHART', 'chart_type': 'imr', 'company_id': self.other_company.id})
        with self.assertRaises(AccessError):
            foreign.sudo(self.operator).chart_data()

    def test_one_existing_characteristic(self):
        """chart_data on two characteristics, none or a deleted one: a UserError naming the ids, no raw
        "Expected singleton" or KeyError; as an operator."""
        one, two = self.make_char(), self.make_char()
        Char = self.env['ci.spc.characteristic'].sudo(self.operator)
        for records, count in ((Char.browse([one.id, two.id]), 2), (Char.browse(), 0)):
            with self.assertRaisesRegex(UserError, r"one characteristic at a time, not %d \(ids \[%s\]\)"
                                        % (count, ', '.join(map(str, records.ids)))):
                records.chart_data()
        gone = self.make_char()
        gone_id = gone.id
        gone.unlink()
        with self.assertRaisesRegex(UserError, r"no such characteristic \(id %d\)" % gone_id):
            Char.browse(gone_id).chart_data()

    def test_limit_one_gives_the_last_point(self):
        """chart_data(limit=1) gives the last point of the chart, with its phase's frozen limits, on X̄-R
        and I-MR charts, also when the current phase has a single point; as an operator."""
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
            self.assertEqual((last[0]['key'], last[0]['phase_id'], last[0]['measurement_ids']),
                             (full[-1]['key'], phase.id, full[-1]['measurement_ids']), chart_type)
            self.assertAlmostEqual(last[0]['value'], full[-1]['value'], places=9)
            for key in ('center', 'lcl', 'ucl'):
                self.assertAlmostEqual(last[0][key], phase[key], places=5, msg=chart_type)
            self.assertEqual([p['key'] for p in as_operator.chart_data(limit=2)['points']],
                             [p['key'] for p in full[-2:]], chart_type)
            # a new phase with one point is not drawn yet (a phase needs 2): the last point drawn comes
            self.env['ci.spc.phase'].create({'characteristic_id': char.id, 'date_start': stamp(30),
                                             'reason': 'new fixture'})
            self.ingest(self.values_rows(char, data[:size], start=30, per_point=size))
            self.assertEqual([p['key'] for p in as_operator.chart_data(limit=1)['points']],
                             [p['key'] for p in as_operator.chart_data()['points'][-1:]], chart_type)
            self.assertEqual(as_operator.chart_data(limit=1)['points'][0]['phase_id'], phase.id)

    def test_signals_labels_and_decimals(self):
        """chart_data gives each point its signals (one search for all), phase labels, decimals; as an operator."""
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
        signals = Signal.search([('characteristic_id', '=', char.id), ('chart', '=', 'main')])
        self.assertTrue(signals)
        by_key = {p['key']: p for p in data['points']}
        for signal in signals:
            self.assertIn(signal.id, by_key[signal.point_key]['signal_ids'])
        self.assertEqual([p['signal_ids'] for p in data['points'] if not p['rules'] and not p.get('spread_rules')],
                         [[]] * sum(1 for p in data['points'] if not p['rules'] and not p.get('spread_rules')))
        self.assertTrue(all(p['improvement_ids'] == [] for p in data['points']))
        # more signals, the same queries: not one per point
        self.ingest(self.values_rows(char, [far, 10.0, far, 10.0, far], start=21))
        count = cr.sql_log_count
        data = as_operator.chart_data()
        self.assertLessEqual(cr.sql_log_count - count, one_signal + 2)
        self.assertGreaterEqual(sum(1 for p in data['points'] if p['signal_ids']), 3)
        # the rules broken, named in the reader's language
        self.assertEqual(data['rule_names']['we1'], self.env.ref('ci_spc.ci_spc_rule_we1').name)
        # the phases' labels: the first phase's name; a new phase's, dated
        phase = self.env['ci.spc.phase'].create({
            'characteristic_id': char.id, 'date_start': stamp(40), 'reason': 'new fixture'})
        data = as_operator.chart_data()
        self.assertEqual([p['label'] for p in data['phases']], [p.name for p in char.phase_ids.sorted('date_start')])
        self.assertEqual(data['phases'][0]['date_end'], phase.date_start)
        self.assertIs(data['phases'][-1]['date_end'], False)
        # the decimals values and limits are written with
        self.assertEqual(data['decimals'], char.decimals if 'decimals' in char._fields else 3)
