# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Measurements as history: frozen ones voided with a reason, never
rewritten; provisional ones still corrected."""

from odoo.exceptions import AccessError, UserError

from .common import SpcCase


class TestSpcHistory(SpcCase):

    def test_frozen_measurements_are_history(self):
        """Measurements of a frozen phase are not edited or deleted, only
        voided with a reason."""
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
        self.assertEqual(
            len(
                self.env['ci.spc.measurement']._points(char, char.phase_ids)[
                    'keys'
                ]
            ),
            19,
        )
        with self.assertRaisesRegex(UserError, 'already voided'):
            measurement.sudo(self.engineer_ci).action_void('again')
        self.assertEqual(
            char.phase_ids.baseline_count, 20
        )  # frozen limits stay

    def test_provisional_measurements_can_be_corrected(self):
        """Before the limits freeze a typo can still be corrected by an engineer."""
        char = self.make_char()
        self.ingest(self.values_rows(char, [10.0, 100.0]))
        typo = char.measurement_ids.filtered(lambda m: m.value == 100.0)
        typo.sudo(self.engineer_ci).write({'value': 10.1})
        self.assertEqual(typo.value, 10.1)
        with self.assertRaises(AccessError):
            typo.sudo(self.operator).write({'value': 10.2})
