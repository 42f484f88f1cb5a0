# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Where phases start and how a characteristic's numbers are shown: the first
phase at the first measurement (not 1970), an SOP version at midnight of its
effective day in the plant's time zone, the 11.0.1.3.0 migration, the
Decimals setting."""

import importlib.util
import os
import re

from odoo.exceptions import AccessError, ValidationError

from .common import SpcCase, stamp

MIGRATION = os.path.join(
    os.path.dirname(__file__),
    '..',
    'migrations',
    '11.0.1.3.0',
    'post-migration.py',
)


def run_migration(cr):
    spec = importlib.util.spec_from_file_location(
        'ci_spc_post_migration_11_0_1_3_0', MIGRATION
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, '11.0.1.2.0')


class TestPhaseStart(SpcCase):

    def initial(self, char):
        return char.phase_ids.filtered(lambda p: p.origin == 'initial')

    def test_first_phase_starts_at_first_measurement(self):
        """A new characteristic's first phase starts at its creation, then at
        its first measurement,
        earlier when an older one comes in; never 1970."""
        char = self.make_char()
        first = self.initial(char)
        self.assertEqual(len(first), 1)
        self.assertGreater(first.date_start, '2000-01-01')
        self.ingest(self.values_rows(char, [10.0, 10.1, 9.9], start=10))
        self.assertEqual(first.date_start, stamp(10))
        # a gauge's backlog from before: the phase starts with it, the points
        # are in it
        self.ingest(self.values_rows(char, [10.2], start=2))
        self.assertEqual(first.date_start, stamp(2))
        self.assertEqual(
            len(self.env['ci.spc.measurement']._points(char, first)['keys']), 4
        )
        self.assertEqual(
            self.env['ci.spc.measurement'].search_count(
                [('phase_id', '=', first.id)]
            ),
            4,
        )

    def test_first_phase_never_after_another(self):
        """A phase started by hand before any measurement: the first phase
        starts no later than it."""
        char = self.make_char()
        manual = (
            self.env['ci.spc.phase']
            .sudo(self.engineer_ci)
            .create(
                {
                    'characteristic_id': char.id,
                    'date_start': stamp(-5),
                    'reason': 'New gauge',
                }
            )
        )
        self.assertEqual(self.initial(char).date_start, stamp(-5))
        self.ingest(self.values_rows(char, [10.0, 10.1], start=0))
        self.assertEqual(self.initial(char).date_start, stamp(-5))
        self.assertEqual(
            self.env['ci.spc.measurement']
            ._points(char, manual)['keys']
            .__len__(),
            2,
        )

    def test_sop_phase_starts_at_local_midnight_of_the_plant(self):
        """The plant in Asia/Shanghai, the approver in Brussels: a version
        effective on 2 November starts its phase at 00:00 on 2 November in
        Shanghai (16:00 UTC on 1 November).
        """
        self.company.partner_id.tz = 'Asia/Shanghai'
        self.manager_ci.tz = 'Europe/Brussels'
        char = self.make_char(operation_id=self.operation.id)
        _version, phase = self.sop_version_phase(
            char, tz='Europe/Brussels', date_effective='2026-11-02'
        )
        self.assertEqual(phase.date_start, '2026-11-01 16:00:00')
        # named by the day it starts for a reader in the plant, and in Brussels
        # still 1 November
        self.assertIn(
            '2026-11-02', phase.with_context(tz='Asia/Shanghai').name
        )
        self.assertIn(
            '2026-11-01', phase.with_context(tz='Europe/Brussels').name
        )

    def test_migration_moves_the_1970_phase(self):
        """The 11.0.1.3.0 migration: a first phase of 1970 starts at the first
        measurement, never after the next phase; one without measurements at
        the characteristic's creation; decimals from the
        tolerance."""
        measured = self.make_char()
        self.ingest(self.values_rows(measured, [10.0, 10.1], start=3))
        empty = self.make_char(
            has_lsl=True, lsl=24.98, has_usl=True, usl=25.02
        )
        before = self.make_char()
        self.env['ci.spc.phase'].sudo(self.engineer_ci).create(
            {
                'characteristic_id': before.id,
                'date_start': stamp(-48),
                'reason': 'v1',
            }
        )
        self.ingest(self.values_rows(before, [10.0], start=0))
        chars = measured | empty | before
        self.env.cr.execute(
            "UPDATE ci_spc_phase SET date_start = '1970-01-01 00:00:00' "
            "WHERE origin = 'initial' AND characteristic_id IN %s",
            (tuple(chars.ids),),
        )
        self.env.cr.execute(
            "UPDATE ci_spc_characteristic SET decimals = 3 WHERE id IN %s",
            (tuple(chars.ids),),
        )
        chars.invalidate_cache()
        self.env['ci.spc.phase'].invalidate_cache()
        run_migration(self.env.cr)
        self.env['ci.spc.phase'].invalidate_cache()
        chars.invalidate_cache()
        self.assertEqual(self.initial(measured).date_start, stamp(3))
        self.assertEqual(self.initial(empty).date_start, empty.create_date)
        self.assertEqual(self.initial(before).date_start, stamp(-48))
        self.assertEqual((measured.decimals, empty.decimals), (3, 3))
        self.env.cr.execute(
            "UPDATE ci_spc_characteristic SET decimals = 5 WHERE id = %s",
            (empty.id,),
        )
        run_migration(self.env.cr)
        empty.invalidate_cache()
        # from the tolerance 0.04: 3 decimals (25.000, 25.020)
        self.assertEqual(empty.decimals, 3)
        self.assertFalse(
            self.env['ci.spc.phase'].search_count(
                [
                    ('characteristic_id', 'in', chars.ids),
                    ('date_start', '<', '2000-01-01'),
                ]
            )
        )


class TestDecimals(SpcCase):

    def test_decimals_default_and_from_tolerance(self):
        """3 decimals by default; from the tolerance when both specification
        limits are given."""
        self.assertEqual(self.make_char().decimals, 3)
        self.assertEqual(
            self.make_char(
                has_lsl=True, lsl=27.9, has_usl=True, usl=28.1
            ).decimals,
            2,
        )
        self.assertEqual(
            self.make_char(
                has_lsl=True, lsl=27.9, has_usl=True, usl=28.1, decimals=4
            ).decimals,
            4,
        )

    def test_decimals_between_0_and_6(self):
        """An engineer (the lowest role that edits characteristics) sets 0 to
        6; 7 or -1 is refused, naming the field and the value, and nothing is
        written; an operator cannot change it.
        """
        char = self.make_char()
        Char = self.env['ci.spc.characteristic'].sudo(self.engineer_ci)
        record = Char.browse(char.id)
        for good in (0, 6):
            record.write({'decimals': good})
            self.assertEqual(record.decimals, good)
        for bad in (7, -1):
            with self.assertRaisesRegex(
                ValidationError, r'Decimals .*not %s' % bad
            ):
                with self.env.cr.savepoint():
                    record.write({'decimals': bad})
            record.invalidate_cache()
            self.assertEqual(record.decimals, 6)
        with self.assertRaisesRegex(ValidationError, 'Decimals'):
            with self.env.cr.savepoint():
                Char.create(
                    {
                        'name': 'Bore',
                        'code': 'BORE-DEC',
                        'chart_type': 'imr',
                        'subgroup_size': 1,
                        'decimals': 9,
                    }
                )
        self.assertFalse(Char.search([('code', '=', 'BORE-DEC')]))
        with self.assertRaises(AccessError):
            self.env['ci.spc.characteristic'].sudo(self.operator).browse(
                char.id
            ).write({'decimals': 2})

    def test_decimals_a_whole_number_as_sent(self):
        """3.7, True, None, False, '', 'abc', [3], {} as Decimals (create,
        write, a context default) are refused naming the field and the value,
        before the ORM would round, cast or crash on them; nothing
        is written; as an engineer."""
        char = self.make_char(decimals=4)
        Char = self.env['ci.spc.characteristic'].sudo(self.engineer_ci)
        record = Char.browse(char.id)
        for bad in (
            3.7,
            3.0,
            True,
            False,
            None,
            '',
            'abc',
            '3',
            [3],
            {},
            10**30,
        ):
            pattern = (
                r"Decimals must be a whole number between 0 and 6, not %s"
                % re.escape(repr(bad))
            )
            with self.assertRaisesRegex(ValidationError, pattern):
                with self.env.cr.savepoint():
                    record.write({'decimals': bad})
            record.invalidate_cache()
            self.assertEqual(record.decimals, 4)
            with self.assertRaisesRegex(ValidationError, pattern):
                with self.env.cr.savepoint():
                    Char.create(
                        {
                            'name': 'Bore',
                            'code': 'BORE-DEC-TYPE',
                            'chart_type': 'imr',
                            'decimals': bad,
                        }
                    )
        with self.assertRaisesRegex(ValidationError, r"Decimals .*not 'abc'"):
            with self.env.cr.savepoint():
                Char.with_context(default_decimals='abc').create(
                    {
                        'name': 'Bore',
                        'code': 'BORE-DEC-TYPE',
                        'chart_type': 'imr',
                    }
                )
        self.assertFalse(Char.search([('code', '=', 'BORE-DEC-TYPE')]))
        # a good context default still applies
        self.assertEqual(
            Char.with_context(default_decimals=1)
            .create(
                {'name': 'Bore', 'code': 'BORE-DEC-CTX', 'chart_type': 'imr'}
            )
            .decimals,
            1,
        )

    def test_values_shown_at_decimals(self):
        """The station's spec and last points, the PDF's phase table: at the
        decimals; a phase without
        frozen limits shows none (not 0.000000)."""
        char = self.make_char(
            has_lsl=True,
            lsl=24.98,
            has_usl=True,
            usl=25.02,
            has_target=True,
            target=25.0,
        )
        self.ingest(self.values_rows(char, [25.0012, 25.0101, 24.9987]))
        values = self.env['ci.station']._characteristic_values(char)
        self.assertEqual(
            (values['lsl_text'], values['target_text'], values['usl_text']),
            ('24.980', '25.000', '25.020'),
        )
        self.assertEqual(
            [p['value_text'] for p in values['points']],
            ['24.999', '25.010', '25.001'],
        )
        html = (
            self.env.ref('ci_spc.action_report_ci_spc_chart')
            .render_qweb_html(char.ids)[0]
            .decode()
        )
        self.assertNotIn('0.000000', html)
        self.assertNotIn('1970', html)
        self.assertIn('UCL', html)
        self.assertEqual(char._format_value(25.00049), '25.000')
