# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The archive of measurements (issue #16 item 4, docs/storage.md): the rows
of frozen phases that ended move to ci_spc_measurement_archive, and every
screen reads the same as before; managers only; archived rows and phases
are closed for good."""

import datetime

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import T0, SpcCase

SPECS = {
    'has_lsl': True,
    'lsl': 9.0,
    'has_usl': True,
    'usl': 11.0,
    'has_target': True,
    'target': 10.1,
}
CAP_FIELDS = (
    'cap_n',
    'cap_sigma_method',
    'cap_cp',
    'cap_cpk',
    'cap_pp',
    'cap_ppk',
    'cap_cpm',
    'cap_undefined',
    'capability_svg',
    'measurement_count',
    'limits_provisional',
)


def minute(m):
    return (T0 + datetime.timedelta(minutes=m)).strftime('%Y-%m-%d %H:%M:%S')


# the end of the past phase (tests pass None and odd values on purpose)
MINUTE_100 = minute(100)


class TestSpcArchive(SpcCase):

    def build(self, chart_type):
        """A characteristic with a frozen past phase (40 points from minute 0)
        and a frozen current one (30 points from minute 100), with a void in each.
        """
        size = 1 if chart_type == 'imr' else 4
        char = self.make_char(
            chart_type, subgroup_size=size, baseline_subgroups=10, **SPECS
        )
        rng = self.rng

        def rows(first, count):
            return [
                {
                    'characteristic': char.id,
                    'value': round(float(rng.normal(10.0, 0.2)), 4),
                    'timestamp': minute(first + i),
                    'subgroup': 'G%d' % (first + i),
                }
                for i in range(count)
                for _j in range(size)
            ]

        self.ingest(rows(0, 40))
        phase = (
            self.env['ci.spc.phase']
            .sudo(self.engineer_ci)
            .create(
                {
                    'characteristic_id': char.id,
                    'date_start': minute(100),
                    'reason': 'new fixture',
                }
            )
        )
        self.ingest(rows(100, 30))
        live = self.env['ci.spc.measurement'].search(
            [('characteristic_id', '=', char.id)], order='timestamp, id'
        )
        live[3].sudo(self.engineer_ci).action_void('gauge dropped')
        live[-5].sudo(self.engineer_ci).action_void('wrong part')
        char.invalidate_cache()
        past = char.phase_ids - phase
        self.assertEqual((past.state, phase.state), ('frozen', 'frozen'))
        return char, past, phase

    def snapshot(self, char, past):
        Measurement = self.env['ci.spc.measurement']
        char.invalidate_cache()
        return {
            'form': {f: char[f] for f in CAP_FIELDS},
            'chart_150': char.chart_data(150),
            'chart_20': char.chart_data(20),
            'points_past': Measurement._points(char, past),
            'points_past_last': Measurement._points(char, past, limit=7),
            'stats': {
                phase.id: phase._stats_read() for phase in char.phase_ids
            },
        }

    def archive(self, char, before=MINUTE_100):
        return char.sudo(self.manager_ci).action_archive_measurements(before)

    def check_equal_after_archive(self, chart_type):
        char, past, current = self.build(chart_type)
        before = self.snapshot(char, past)
        live_rows = self.env['ci.spc.measurement'].search_count(
            [('characteristic_id', '=', char.id)]
        )
        result = self.archive(char)
        self.assertEqual(result['phase_ids'], past.ids)
        size = char.subgroup_size
        self.assertEqual(result['moved'], 40 * size)
        self.assertTrue(past.date_archived)
        self.assertFalse(current.date_archived)
        # the rows moved: the live table (and the measurement list) holds the
        # current phase's only
        self.assertEqual(
            self.env['ci.spc.measurement'].search_count(
                [('characteristic_id', '=', char.id)]
            ),
            live_rows - 40 * size,
        )
        self.env.cr.execute(
            "SELECT count(*) FROM ci_spc_measurement_archive WHERE "
            "characteristic_id = %s",
            (char.id,),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 40 * size)
        after = self.snapshot(char, past)
        for key in before:
            self.assertEqual(
                after[key], before[key], '%s: %s' % (chart_type, key)
            )
        # a rebuild from the rows reads the archive: the statistics stay
        self.env['ci.spc.phase']._stats_rebuild(char)
        rebuilt = self.snapshot(char, past)
        self.assertEqual(rebuilt['stats'], before['stats'], chart_type)
        self.assertEqual(rebuilt['form'], before['form'], chart_type)
        # the chart's rules still run over every phase (a void in the current one)
        live = self.env['ci.spc.measurement'].search(
            [('characteristic_id', '=', char.id), ('voided', '=', False)]
        )
        live[0].sudo(self.engineer_ci).action_void('checked twice')
        char.invalidate_cache()
        self.assertEqual(
            char.measurement_count, before['form']['measurement_count'] - 1
        )
        self.assertEqual(past._stats_read(), before['stats'][past.id])
        return char, past, current

    def test_imr_reads_the_same_after_archiving(self):
        """I-MR: capability, histogram, count, chart_data and the past phase's
        points equal before and after;
        a rebuild leaves the statistics equal."""
        self.check_equal_after_archive('imr')

    def test_xbar_r_reads_the_same_after_archiving(self):
        """X̄-R: the same, with subgroups of 4 (the last subgroups of a phase
        read from the archive)."""
        self.check_equal_after_archive('xbar_r')

    def test_archived_rows_and_phases_are_closed(self):
        """Voiding, writing or deleting an archived row, recording before the
        archive's end, or a phase
        starting or moving before it are refused by name; nothing changes."""
        char, _past, _current = self.build('imr')
        archived_ids = (
            self.env['ci.spc.measurement']
            .search(
                [
                    ('characteristic_id', '=', char.id),
                    ('timestamp', '<', minute(100)),
                ]
            )
            .ids
        )
        self.archive(char)
        gone = (
            self.env['ci.spc.measurement']
            .sudo(self.engineer_ci)
            .browse(archived_ids[:2])
        )
        with self.assertRaisesRegex(UserError, 'archived'):
            gone.action_void('too late')
        with self.assertRaisesRegex(UserError, 'archived'):
            gone.write({'note': 'x'})
        with self.assertRaisesRegex(UserError, 'archived'):
            gone.sudo().unlink()
        with self.assertRaisesRegex(ValidationError, 'archived'):
            self.ingest(
                [
                    {
                        'characteristic': char.id,
                        'value': 10.0,
                        'timestamp': minute(50),
                    }
                ]
            )
        with self.assertRaisesRegex(ValidationError, 'archived'):
            self.env['ci.spc.measurement'].sudo(self.engineer_ci).create(
                {
                    'characteristic_id': char.id,
                    'value': 10.0,
                    'timestamp': minute(99),
                }
            )
        live = self.env['ci.spc.measurement'].search(
            [('characteristic_id', '=', char.id)], limit=1
        )
        with self.assertRaisesRegex(ValidationError, 'archived'):
            live.sudo(self.engineer_ci).write({'timestamp': minute(10)})
        with self.assertRaisesRegex(UserError, 'archived'):
            self.env['ci.spc.phase'].sudo(self.engineer_ci).create(
                {
                    'characteristic_id': char.id,
                    'date_start': minute(20),
                    'reason': 'split the past',
                }
            )
        # after the archive's end, life goes on
        self.ingest(
            [
                {
                    'characteristic': char.id,
                    'value': 10.0,
                    'timestamp': minute(200),
                }
            ]
        )
        self.env.cr.execute(
            "SELECT count(*) FROM ci_spc_measurement_archive WHERE "
            "characteristic_id = %s",
            (char.id,),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 40)
        # an unknown id says so
        with self.assertRaisesRegex(UserError, 'do not exist'):
            self.env['ci.spc.measurement'].sudo(self.engineer_ci).browse(
                2**31 - 7
            ).action_void('x')

    def test_only_managers_archive(self):
        """A CI User or CI Engineer cannot archive (AccessError); nothing moves."""
        char, past, _current = self.build('imr')
        for user in (self.user_ci, self.engineer_ci, self.operator):
            with self.assertRaises(AccessError):
                char.sudo(user).action_archive_measurements(minute(100))
        self.assertFalse(past.date_archived)
        self.env.cr.execute(
            "SELECT count(*) FROM ci_spc_measurement_archive WHERE "
            "characteristic_id = %s",
            (char.id,),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_odd_input_refused(self):
        """Bad date text, a date in the future, nothing frozen ending by then,
        archiving twice: refused naming
        the value."""
        char, past, _current = self.build('imr')
        for bad in (
            'yesterday',
            '2026-13-01',
            20260301,
            None,
            '',
            '2026-03-02T06:00:00+08:00',
            '1969-12-31',
        ):
            with self.assertRaisesRegex(
                ValidationError, 'Archive before', msg=repr(bad)
            ):
                self.archive(char, bad)
        future = (
            datetime.datetime.utcnow() + datetime.timedelta(days=2)
        ).strftime('%Y-%m-%d')
        with self.assertRaisesRegex(ValidationError, 'future'):
            self.archive(char, future)
        # the past phase ends at minute 100: by minute 99 nothing has ended
        with self.assertRaisesRegex(UserError, 'nothing to archive'):
            self.archive(char, minute(99))
        self.assertFalse(past.date_archived)
        self.archive(char, T0.strftime('%Y-%m-%d') + ' 23:00:00')
        with self.assertRaisesRegex(UserError, 'nothing to archive'):
            self.archive(char, T0.strftime('%Y-%m-%d') + ' 23:00:00')
        # a characteristic whose only phase is the current one
        lone = self.make_char('imr', baseline_subgroups=5, **SPECS)
        self.ingest(
            [
                {
                    'characteristic': lone.id,
                    'value': 10.0 + i / 100.0,
                    'timestamp': minute(i),
                }
                for i in range(8)
            ]
        )
        with self.assertRaisesRegex(UserError, 'nothing to archive'):
            self.archive(lone, T0.strftime('%Y-%m-%d') + ' 23:00:00')

    def test_nobody_sets_the_archive_flag(self):
        """date_archived is the workflow's: write, create and a context default
        are refused or ignored."""
        char, _past, current = self.build('imr')
        for user in (self.engineer_ci, self.manager_ci):
            with self.assertRaises((AccessError, UserError)):
                current.sudo(user).write({'date_archived': minute(0)})
            with self.assertRaises((AccessError, UserError)):
                self.env['ci.spc.phase'].sudo(user).create(
                    {
                        'characteristic_id': char.id,
                        'date_start': minute(120),
                        'reason': 'r',
                        'date_archived': minute(0),
                    }
                )
            made = (
                self.env['ci.spc.phase']
                .sudo(user)
                .with_context(default_date_archived=minute(0))
                .create(
                    {
                        'characteristic_id': char.id,
                        'date_start': minute(120),
                        'reason': 'forged default',
                    }
                )
            )
            self.assertFalse(made.date_archived)
            made.unlink()
        self.assertFalse(current.date_archived)

    def test_manager_button_on_the_form(self):
        """The form's button (managers only) archives with today minus a year;
        refused to an engineer."""
        char, past, _current = self.build('imr')

        def button(user):
            arch = etree.fromstring(
                char.sudo(user).fields_view_get(view_type='form')['arch']
            )
            return arch.xpath("//button[@name='action_archive_year_old']")[0]

        # Odoo keeps a button of another group in the view, invisible
        self.assertEqual(button(self.engineer_ci).get('invisible'), '1')
        self.assertIsNone(button(self.manager_ci).get('invisible'))
        with self.assertRaises(AccessError):
            char.sudo(self.engineer_ci).action_archive_year_old()
        # the fixture's phases ended in March 2026: a year before today,
        # nothing had ended
        with self.assertRaisesRegex(UserError, 'nothing to archive'):
            char.sudo(self.manager_ci).action_archive_year_old()
        self.assertFalse(past.date_archived)
