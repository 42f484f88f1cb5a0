# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Phases started by an approved SOP version, or by hand with a reason."""

import datetime

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import SpcCase, stamp


class TestSpcPhases(SpcCase):

    def test_new_sop_version_starts_phase(self):
        """Approving a new version of the operation's SOP starts a phase on its
        effective date."""
        char = self.make_char(operation_id=self.operation.id)
        self.ingest(self.values_rows(char, self.rng.normal(10.0, 0.1, 25)))
        first = char.phase_ids
        self.assertEqual(first.state, 'frozen')
        version = self.approve_sop_version()
        phases = char.phase_ids.sorted('date_start')
        self.assertEqual(len(phases), 2)
        second = phases[1]
        self.assertEqual(
            (second.origin, second.sop_version_id, second.state),
            ('sop_version', version, 'provisional'),
        )
        # from the start of its effective day in the plant's time zone (the
        # company's; the approver's when the company has none)
        tz = pytz.timezone(
            char.company_id.partner_id.tz or self.manager_ci.tz or 'UTC'
        )
        midnight = tz.localize(
            datetime.datetime.combine(
                fields.Date.from_string(version.date_effective),
                datetime.time(),
            )
        )
        start = midnight.astimezone(pytz.utc).replace(tzinfo=None)
        self.assertEqual(second.date_start, fields.Datetime.to_string(start))
        # measurements of today go to the new phase; the old points stay in the first
        base = max(
            start, datetime.datetime.utcnow() - datetime.timedelta(minutes=30)
        )
        rows = [
            {
                'characteristic': char.code,
                'value': 10.5 + 0.01 * i,
                'timestamp': (
                    base + datetime.timedelta(seconds=10 * i)
                ).strftime('%Y-%m-%d %H:%M:%S'),
            }
            for i in range(5)
        ]
        self.ingest(rows)
        self.assertEqual(
            len(self.env['ci.spc.measurement']._points(char, second)['keys']),
            5,
        )
        self.assertEqual(
            len(self.env['ci.spc.measurement']._points(char, first)['keys']),
            25,
        )
        # a phase is a stretch of time: measurements are never rewritten to join one
        Measurement = self.env['ci.spc.measurement']
        self.assertEqual(
            len(Measurement.search([('phase_id', '=', second.id)])), 5
        )
        self.assertEqual(
            len(
                Measurement.search([('phase_id', 'in', [first.id, second.id])])
            ),
            30,
        )
        self.assertEqual(
            set(
                Measurement.search(
                    [('characteristic_id', '=', char.id)]
                ).mapped('phase_id')
            ),
            {first, second},
        )
        self.assertTrue(char.limits_provisional)
        self.assertIn(version.name, char.chart_svg)
        self.assertIn(
            'New phase',
            char.message_ids[0].body
            + ''.join(char.message_ids.mapped('body')),
        )

    def test_phase_starts_with_the_plant_s_day(self):
        """A version effective on 10 March, approved in Shanghai, starts the
        phase at 16:00 UTC on 9 March."""
        char = self.make_char(operation_id=self.operation.id)
        _version, phase = self.sop_version_phase(
            char, tz='Asia/Shanghai', date_effective='2026-03-10'
        )
        self.assertEqual(phase.date_start, '2026-03-09 16:00:00')

    def test_manual_phase_needs_reason(self):
        """An engineer starts a phase by hand only with a reason."""
        char = self.make_char()
        Phase = self.env['ci.spc.phase'].sudo(self.engineer_ci)
        with self.assertRaisesRegex(UserError, 'Reason'):
            Phase.create(
                {'characteristic_id': char.id, 'date_start': stamp(5)}
            )
        phase = Phase.create(
            {
                'characteristic_id': char.id,
                'date_start': stamp(5),
                'reason': 'New gauge',
            }
        )
        self.assertEqual(phase.origin, 'manual')
        with self.assertRaises(AccessError):
            self.env['ci.spc.phase'].sudo(self.operator).create(
                {
                    'characteristic_id': char.id,
                    'date_start': stamp(6),
                    'reason': 'x',
                }
            )
