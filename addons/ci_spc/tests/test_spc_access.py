# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who defines characteristics, who reads and records, what other
companies hide."""

from odoo.exceptions import AccessError

from .common import SpcCase


class TestSpcAccess(SpcCase):

    def test_roles(self):
        """Engineers define characteristics; operators read them and record;
        other companies are hidden."""
        with self.assertRaises(AccessError):
            self.make_char(user=self.operator)
        char = self.make_char()
        Char = self.env['ci.spc.characteristic']
        self.assertEqual(
            Char.sudo(self.operator).search([('id', '=', char.id)]), char
        )
        with self.assertRaises(AccessError):
            char.sudo(self.operator).write({'name': 'Renamed'})
        foreign = Char.create(
            {
                'name': 'Foreign',
                'code': 'FOREIGN',
                'chart_type': 'imr',
                'company_id': self.other_company.id,
            }
        )
        self.assertFalse(
            Char.sudo(self.operator).search([('id', '=', foreign.id)])
        )
        self.assertFalse(
            Char.sudo(self.engineer_ci).search([('id', '=', foreign.id)])
        )
        self.ingest(
            self.values_rows(char, self.rng.normal(10.0, 0.1, 20))
            + self.values_rows(char, [99.0], 20)
        )
        with self.assertRaises(AccessError):
            char.measurement_ids.sudo(self.operator).unlink()
        signal = char.signal_ids[0]
        self.assertTrue(signal.sudo(self.operator).read(['state']))
        with self.assertRaises(AccessError):
            signal.sudo(self.operator).action_acknowledge()
