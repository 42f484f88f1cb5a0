# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import _, fields, models

from ..lib import display
from ..models.ci_spc_characteristic import SPREAD_NAMES


class CiSpcChartXlsx(models.AbstractModel):
    """The data behind each control chart: one sheet per characteristic, one
    row per plotted point with its limits and the rules it breaks."""

    _name = 'report.ci_spc.chart_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Control Chart Data (XLSX)'

    def generate_xlsx_report(self, workbook, data, characteristics):
        # the points are read in SQL: the caller's rights are checked here
        self.env['ci.access']._check_records(
            characteristics, 'read', '%s.generate_xlsx_report' % self._name
        )
        bold = workbook.add_format({'bold': True})
        alarm = workbook.add_format({'font_color': '#c62828', 'bold': True})
        stamp = workbook.add_format({'num_format': 'yyyy-mm-dd hh:mm:ss'})
        formats = {}
        used = set()
        for char in characteristics:
            # values and limits at the characteristic's decimals (the cell
            # keeps them all)
            decimals = display.clamp_decimals(char.decimals)
            if decimals not in formats:
                formats[decimals] = workbook.add_format(
                    {'num_format': '0.' + '0' * decimals if decimals else '0'}
                )
            number = formats[decimals]
            name = (char.code or str(char.id))[:28]
            while name in used:
                name = name[:25] + '_%d' % len(used)
            used.add(name)
            sheet = workbook.add_worksheet(name)
            sheet.write(0, 0, char.name, bold)
            sheet.write(1, 0, _('Chart'))
            sheet.write(
                1,
                1,
                dict(
                    char._fields['chart_type']._description_selection(char.env)
                ).get(char.chart_type),
            )
            header = [
                _('Phase'),
                _('Point'),
                _('Time'),
                _('Value'),
                _('Center'),
                _('LCL'),
                _('UCL'),
                _('Sigma of the point'),
                _('Limits'),
                _('Rules broken'),
            ]
            spread_name = SPREAD_NAMES.get(char.chart_type)
            if spread_name:
                # the R, S or MR chart of the same points
                header += [
                    spread_name,
                    '%s %s' % (spread_name, _('Center')),
                    '%s LCL' % spread_name,
                    '%s UCL' % spread_name,
                ]
            for col, title in enumerate(header):
                sheet.write(3, col, title, bold)
            row = 4
            for segment in char._chart_series(limit=100000):
                result = segment['result']
                broken = segment['rules']
                phase = segment['phase']
                for i, key in enumerate(segment['points']['keys']):
                    sheet.write(
                        row, 0, phase.sop_version_id.name or phase.name
                    )
                    sheet.write(row, 1, key)
                    sheet.write_datetime(
                        row,
                        2,
                        fields.Datetime.from_string(
                            segment['points']['dates'][i]
                        ),
                        stamp,
                    )
                    for col, series in (
                        (3, result.points),
                        (4, result.center),
                        (5, result.lcl),
                        (6, result.ucl),
                        (7, result.sigma),
                    ):
                        value = float(series[i])
                        if math.isfinite(value):
                            sheet.write_number(row, col, value, number)
                    sheet.write(
                        row,
                        8,
                        (
                            _('frozen')
                            if phase.state == 'frozen'
                            else _('provisional')
                        ),
                    )
                    if i in broken:
                        sheet.write(row, 9, ', '.join(broken[i]), alarm)
                    spread = result.secondary
                    if spread_name and spread is not None:
                        for col, series in (
                            (10, spread.points),
                            (11, spread.center),
                            (12, spread.lcl),
                            (13, spread.ucl),
                        ):
                            value = float(series[i])
                            if math.isfinite(value):
                                sheet.write_number(row, col, value, number)
                    row += 1
            sheet.set_column(0, 0, 24)
            sheet.set_column(1, 2, 20)
            sheet.set_column(3, 13, 13)
