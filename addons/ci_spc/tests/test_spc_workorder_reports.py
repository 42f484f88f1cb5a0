# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Entry from the work order, and the chart as XLSX and PDF report."""

import datetime
import io

import openpyxl

from odoo.exceptions import UserError

from .common import SpcCase


class TestSpcWorkorderAndReports(SpcCase):

    def test_entry_from_workorder(self):
        """From the work order, an operator records a subgroup in one go."""
        char = self.make_char(
            'xbar_r', subgroup_size=5, operation_id=self.operation.id
        )
        workorder = self.record_workorder(
            datetime.datetime.utcnow() - datetime.timedelta(hours=1),
            30,
            30,
            10,
        )
        self.assertIn(char, workorder.ci_spc_characteristic_ids)
        entry = (
            self.env['ci.spc.measurement.entry']
            .sudo(self.operator)
            .create(
                {
                    'workorder_id': workorder.id,
                    'characteristic_id': char.id,
                    'values': '74.01, 74.00 73.99;74.02 74.00',
                }
            )
        )
        entry.action_record()
        measurements = workorder.ci_spc_measurement_ids
        self.assertEqual(
            sorted(measurements.mapped('value')),
            [73.99, 74.0, 74.0, 74.01, 74.02],
        )
        self.assertEqual(len(set(measurements.mapped('subgroup'))), 1)
        self.assertEqual(measurements.mapped('user_id'), self.operator)
        bad = (
            self.env['ci.spc.measurement.entry']
            .sudo(self.operator)
            .create(
                {
                    'workorder_id': workorder.id,
                    'characteristic_id': char.id,
                    'values': '74.01 abc',
                }
            )
        )
        with self.assertRaisesRegex(UserError, "'abc' is not a number"):
            bad.action_record()
        short = (
            self.env['ci.spc.measurement.entry']
            .sudo(self.operator)
            .create(
                {
                    'workorder_id': workorder.id,
                    'characteristic_id': char.id,
                    'values': '74.01 74.02',
                }
            )
        )
        with self.assertRaisesRegex(
            UserError, '2 entered, but a subgroup of .* has 5 values'
        ):
            short.action_record()

    def test_xlsx_export_reads_back(self):
        """The chart data exported to XLSX: one row per point with its limits
        and broken rules."""
        char = self.make_char()
        base = list(self.rng.normal(10.0, 0.1, 20))
        self.ingest(self.values_rows(char, base + [99.0]))
        report = self.env.ref('ci_spc.action_report_ci_spc_chart_xlsx')
        # as the web client's download route calls it
        content, kind = report.with_context(
            active_model=char._name
        ).render_xlsx(char.ids, {})
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
        html = self.env.ref(
            'ci_spc.action_report_ci_spc_chart'
        ).render_qweb_html(char.ids)[0]
        html = html.decode() if isinstance(html, bytes) else html
        self.assertIn('<svg', html)
        self.assertIn(char.name, html)
        # the limits at the characteristic's decimals (3 by default)
        self.assertIn('%.3f' % char.phase_ids.ucl, html.replace(',', ''))
        self.assertIn('UCL %.3f' % char.phase_ids.ucl, html)
