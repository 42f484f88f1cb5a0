# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Measurements coming in: batches checked row by row, dry runs, the
batch log, streams judged like one batch, timestamps and texts as sent."""

import datetime

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import SpcCase, stamp


class TestSpcIngestion(SpcCase):

    def test_bad_batches_write_nothing(self):
        """Every kind of bad row is refused, named by row, field and value;
        nothing is written."""
        imr = self.make_char()
        p = self.make_char('p', subgroup_size=50)
        npc = self.make_char('np', subgroup_size=50)
        c = self.make_char('c', subgroup_size=1)
        foreign = self.env['ci.spc.characteristic'].create(
            {
                'name': 'Foreign',
                'code': 'FOREIGN',
                'chart_type': 'imr',
                'company_id': self.other_company.id,
            }
        )
        good = {
            'characteristic': imr.code,
            'value': 1.0,
            'timestamp': stamp(0),
        }
        future = (
            datetime.datetime.utcnow() + datetime.timedelta(days=1)
        ).strftime('%Y-%m-%d %H:%M:%S')
        cases = [
            (
                dict(good, characteristic='NOPE'),
                "characteristic = 'NOPE': unknown characteristic",
            ),
            (
                dict(good, characteristic=foreign.code),
                "characteristic = 'FOREIGN': unknown characteristic",
            ),
            (dict(good, characteristic=foreign.id), 'unknown characteristic'),
            (
                dict(good, value=float('nan')),
                'value = nan: not a finite number',
            ),
            (
                dict(good, value=float('inf')),
                'value = inf: not a finite number',
            ),
            (dict(good, value=True), 'value = True: a number is required'),
            (dict(good, value='1.5'), "value = '1.5': a number is required"),
            (dict(good, timestamp='02/03/2026'), "timestamp = '02/03/2026'"),
            (dict(good, timestamp=future), 'in the future'),
            (
                dict(good, workorder_id=999999999),
                'workorder_id = 999999999: unknown work order',
            ),
            (dict(good, colour='red'), 'colour'),
            (
                {
                    'characteristic': p.code,
                    'count': 60,
                    'sample_size': 50,
                    'timestamp': stamp(0),
                },
                'count = 60: more defectives than units inspected',
            ),
            (
                {
                    'characteristic': p.code,
                    'count': -1,
                    'sample_size': 50,
                    'timestamp': stamp(0),
                },
                'count = -1',
            ),
            (
                {
                    'characteristic': p.code,
                    'count': 1,
                    'sample_size': 0,
                    'timestamp': stamp(0),
                },
                'sample_size = 0',
            ),
            (
                {
                    'characteristic': npc.code,
                    'count': 1,
                    'sample_size': 40,
                    'timestamp': stamp(0),
                },
                'constant sample size 50',
            ),
            (
                {
                    'characteristic': c.code,
                    'count': 1.5,
                    'timestamp': stamp(0),
                },
                'count = 1.5',
            ),
            (
                {
                    'characteristic': c.code,
                    'value': 1.0,
                    'timestamp': stamp(0),
                },
                'count = None',
            ),
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
        self.assertEqual(
            self.ingest(rows, dry_run=True),
            {
                'created': 0,
                'checked': 3,
                'batch_id': False,
                'signals': [],
                'rules': {},
            },
        )
        self.assertFalse(char.measurement_ids)
        result = self.ingest(rows)
        self.assertEqual(result['created'], 3)
        self.assertEqual(
            sorted(char.measurement_ids.mapped('value')), [1.0, 2.0, 3.0]
        )
        # rows without an operator (machine data) have none; the batch says who
        # sent them
        self.assertFalse(char.measurement_ids.mapped('user_id'))
        batch = self.env['ci.spc.batch'].browse(result['batch_id'])
        self.assertEqual(char.measurement_ids.mapped('batch_id'), batch)
        self.assertEqual(
            (
                batch.user_id,
                batch.measurement_count,
                batch.signal_count,
                batch.characteristic_ids,
            ),
            (self.operator, 3, 0, char),
        )
        self.assertEqual(
            (batch.date_first, batch.date_last), (stamp(0), stamp(2))
        )
        self.assertEqual(
            self.env['ci.spc.measurement'].search(
                batch.action_view_measurements()['domain']
            ),
            char.measurement_ids,
        )

    def test_batches_are_a_log(self):
        """Nobody writes or deletes a batch, not even a manager; operators see
        their own, engineers all."""
        char = self.make_char()
        mine = self.env['ci.spc.batch'].browse(
            self.ingest(self.values_rows(char, [1.0]))['batch_id']
        )
        theirs = self.env['ci.spc.batch'].browse(
            self.ingest(
                self.values_rows(char, [2.0], start=1), user=self.engineer_ci
            )['batch_id']
        )
        Batch = self.env['ci.spc.batch']
        self.assertEqual(
            Batch.sudo(self.operator).search(
                [('id', 'in', (mine | theirs).ids)]
            ),
            mine,
        )
        self.assertEqual(
            Batch.sudo(self.engineer_ci).search(
                [('id', 'in', (mine | theirs).ids)]
            ),
            mine | theirs,
        )
        for user in (self.operator, self.manager_ci):
            with self.assertRaises(AccessError):
                mine.sudo(user).write({'measurement_count': 0})
            with self.assertRaises(AccessError):
                mine.sudo(user).unlink()
            with self.assertRaises(AccessError):
                Batch.sudo(user).create(
                    {
                        'user_id': user.id,
                        'company_id': user.company_id.id,
                        'date': stamp(0),
                    }
                )
        with self.assertRaisesRegex(
            UserError, 'Measurements = 0: .* not by the caller'
        ):
            mine.write({'measurement_count': 0})
        with self.assertRaisesRegex(UserError, 'cannot be deleted'):
            mine.unlink()
        self.assertEqual(mine.measurement_count, 1)

    def test_stream_signals_like_one_batch(self):
        """A chart fed batch after batch (new points taken from memory) signals
        the same violations as one fed the same data at once; a late batch,
        back in time, is read back and judged too.
        """
        data = (
            list(self.rng.normal(10.0, 0.1, 20))
            + [10.35, 10.3, 9.5, 10.0]
            + [10.12] * 9
            + list(self.rng.normal(10.0, 0.1, 10))
            + [11.0]
        )
        stream, whole = self.make_char(), self.make_char()
        rules = self.env['ci.spc.rule'].search([])
        (stream | whole).write({'rule_ids': [(6, 0, rules.ids)]})
        for lo, hi in [(0, 20), (20, 26), (26, 33), (33, len(data))]:
            self.ingest(self.values_rows(stream, data[lo:hi], start=lo))
        self.ingest(self.values_rows(whole, data))

        def found(char):
            return sorted(
                (s.rule_id.code, s.chart, s.date) for s in char.signal_ids
            )

        self.assertTrue(
            {'we1', 'nelson2'}
            <= {code for code, _chart, _date in found(stream)},
            found(stream),
        )
        self.assertEqual(found(stream), found(whole))
        before = found(stream)
        self.ingest(self.values_rows(stream, [50.0], start=-3))
        self.assertIn(('we1', 'main', stamp(-3)), found(stream))
        self.assertTrue(set(before) <= set(found(stream)))

    def test_batch_starting_at_the_latest_time_keeps_its_memory(self):
        """A batch whose first row has the very time of the latest stored
        measurement: the rules still count that measurement (9 points on one
        side, the 9th sent alone at the 8th's time).
        """
        baseline = [10.1, 9.9] * 10
        high = [10.05] * 9
        stream, whole = self.make_char(), self.make_char()
        (stream | whole).write(
            {
                'rule_ids': [
                    (6, 0, self.env.ref('ci_spc.ci_spc_rule_nelson2').ids)
                ]
            }
        )
        self.ingest(self.values_rows(stream, baseline))
        self.ingest(self.values_rows(stream, high[:8], start=20))
        self.assertFalse(stream.signal_ids)
        self.ingest(self.values_rows(stream, high[8:], start=27))
        self.ingest(
            self.values_rows(whole, baseline)
            + self.values_rows(whole, high[:8], start=20)
            + self.values_rows(whole, high[8:], start=27)
        )

        def found(char):
            return sorted(
                (s.rule_id.code, s.chart, s.date, s.value)
                for s in char.signal_ids
            )

        self.assertEqual(
            found(stream), [('nelson2', 'main', stamp(27), 10.05)]
        )
        self.assertEqual(found(stream), found(whole))

    def test_orm_create_checks_and_evaluates(self):
        """A single create (form, import) gets the same checks and rule
        evaluation as a batch."""
        char = self.make_char()
        Measurement = self.env['ci.spc.measurement'].sudo(self.operator)
        for value in self.rng.normal(10.0, 0.1, 20):
            Measurement.create(
                {
                    'characteristic_id': char.id,
                    'value': float(value),
                    'timestamp': stamp(0),
                }
            )
        self.assertEqual(char.phase_ids.state, 'frozen')
        Measurement.create(
            {
                'characteristic_id': char.id,
                'value': 50.0,
                'timestamp': stamp(1),
            }
        )
        self.assertIn('we1', char.signal_ids.mapped('rule_id.code'))
        with self.assertRaisesRegex(ValidationError, 'value = nan'):
            Measurement.create(
                {
                    'characteristic_id': char.id,
                    'value': float('nan'),
                    'timestamp': stamp(2),
                }
            )
        self.assertEqual(len(char.measurement_ids), 21)

    def test_texts_and_numbers_stored_exactly(self):
        """Keys and notes with tabs, backslashes, newlines and quotes, and
        every digit of a value, come back as sent."""
        char = self.make_char()
        odd = "a\tb\\c\nd'e\"f\r"
        self.ingest(
            [
                {
                    'characteristic': char.code,
                    'value': 0.1 + 0.2,
                    'timestamp': stamp(0),
                    'subgroup': odd,
                    'note': odd + ' \\N',
                }
            ]
        )
        measurement = char.measurement_ids
        self.assertEqual(
            (measurement.subgroup, measurement.note), (odd, odd + ' \\N')
        )
        self.env.cr.execute(
            "SELECT value FROM ci_spc_measurement WHERE id = %s",
            (measurement.id,),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0.1 + 0.2)
        self.assertTrue(measurement.date_recorded)

    def test_timestamp_formats(self):
        """ISO 8601 with T and Z is accepted and stored in UTC, to the
        microsecond; the default subgroup
        is the time to the second."""
        char = self.make_char()
        self.ingest(
            [
                {
                    'characteristic': char.code,
                    'value': 1.0,
                    'timestamp': '2026-03-02T06:30:00Z',
                },
                {
                    'characteristic': char.code,
                    'value': 2.0,
                    'timestamp': '2026-03-02T06:31:00+00:00',
                },
                {
                    'characteristic': char.code,
                    'value': 3.0,
                    'timestamp': '2026-03-02T14:32:00+08:00',
                },
                {
                    'characteristic': char.code,
                    'value': 4.0,
                    'timestamp': '2026-03-02 06:33',
                },
                {
                    'characteristic': char.code,
                    'value': 5.0,
                    'timestamp': '2026-03-02 06:34:00.250000',
                },
                {
                    'characteristic': char.code,
                    'value': 6.0,
                    'timestamp': '2026-03-02 06:35:07 ',
                },
                {
                    'characteristic': char.code,
                    'value': 7.0,
                    'timestamp': '2026-03-02T06:36:08.5+00:00',
                },
            ]
        )
        self.assertEqual(
            sorted(char.measurement_ids.mapped('timestamp')),
            [
                '2026-03-02 06:30:00',
                '2026-03-02 06:31:00',
                '2026-03-02 06:32:00',
                '2026-03-02 06:33:00',
                '2026-03-02 06:34:00',
                '2026-03-02 06:35:07',
                '2026-03-02 06:36:08',
            ],
        )
        self.env.cr.execute(
            "SELECT value, timestamp::text, subgroup FROM ci_spc_measurement "
            "WHERE characteristic_id = %s ORDER BY value",
            (char.id,),
        )
        self.assertEqual(
            self.env.cr.fetchall()[3:],
            [
                (4.0, '2026-03-02 06:33:00', '2026-03-02 06:33:00'),
                (5.0, '2026-03-02 06:34:00.25', '2026-03-02 06:34:00'),
                (6.0, '2026-03-02 06:35:07', '2026-03-02 06:35:07'),
                (7.0, '2026-03-02 06:36:08.5', '2026-03-02 06:36:08'),
            ],
        )

    def test_operator_records_only_for_self(self):
        """An operator cannot record in another's name; an engineer can."""
        char = self.make_char()
        row = {
            'characteristic': char.code,
            'value': 1.0,
            'timestamp': stamp(0),
            'user_id': self.user_ci.id,
        }
        with self.assertRaisesRegex(ValidationError, "in someone else's name"):
            self.ingest([row])
        self.ingest([row], user=self.engineer_ci)
        self.assertEqual(char.measurement_ids.user_id, self.user_ci)
