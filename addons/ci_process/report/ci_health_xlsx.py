# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from .ci_health_improvement import AGE_BUCKETS


class ProgramHealthXlsx(models.AbstractModel):
    """The program report: one workbook per dashboard (period and company),
    a sheet per entry of ``_health_sheets()``."""

    _name = 'report.ci_process.program_health_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Program Health (XLSX)'

    def _health_sheets(self):
        """[(sheet title, rows builder)]: a builder takes the dashboard and
        returns (header, rows). Overridable: ci_incentive adds a Team sheet
        when teams arrive (issue #6) by appending its own entry."""
        return [
            (_('Summary'), self._summary_rows),
            (_('By month'), lambda board: self._grouped_rows(board, 'month')),
            (
                _('By work center'),
                lambda board: self._grouped_rows(board, 'workcenter_id'),
            ),
            (
                _('By category'),
                lambda board: self._grouped_rows(board, 'category_id'),
            ),
        ]

    def _summary_rows(self, board):
        fig = board._figures()
        start, stop = board._period_bounds()
        rows = [
            (_('Company'), board.company_id.name),
            (_('From'), start),
            (_('Until (excluded)'), stop),
            (_('Months'), fig['months']),
            (_('Employees'), fig['employees']),
            (_('Proposals'), fig['proposals']),
            (
                _('Proposals per employee per month'),
                fig['proposals_per_employee_month'],
            ),
            (_('Participants'), fig['participants']),
            (_('Participation rate (%)'), fig['participation_rate']),
            (_('Decided'), fig['decided']),
            (_('Adopted (incl. standardized)'), fig['adopted']),
            (_('Rejected'), fig['rejected']),
            (_('Adoption rate (%)'), fig['adoption_rate']),
            (_('Closed pilots'), fig['pilots_closed']),
            (_('Successful pilots'), fig['pilots_improved']),
            (_('Pilot success rate (%)'), fig['pilot_success_rate']),
            (_('Standardized'), fig['standardized']),
            (
                _('Cycle time idea to standard, mean (days)'),
                fig['cycle_days_mean'],
            ),
            (
                _('Cycle time idea to standard, median (days)'),
                fig['cycle_days_median'],
            ),
            (_('Open'), fig['open']),
        ]
        labels = dict(
            self.env['ci.health.improvement']
            ._fields['age_bucket']
            ._description_selection(self.env)
        )
        rows += [
            (_('Open, %(bucket)s') % {'bucket': labels[b]}, fig['aging'][b])
            for b, _l in AGE_BUCKETS
        ]
        rows += [
            (_('Impact achieved / year'), fig['impact']),
            (_('Done work orders'), fig['workorders_done']),
            (_('Under a standard'), fig['workorders_standard']),
            (_('Standard coverage (%)'), fig['standard_coverage']),
        ]
        return [_('Figure'), _('Value')], rows

    def _grouped_rows(self, board, groupby):
        figures = board._figures(groupby=groupby)
        header = [
            {
                'month': _('Month'),
                'workcenter_id': _('Work Center'),
                'category_id': _('Category'),
            }[groupby],
            _('Proposals'),
            _('Adopted'),
            _('Rejected'),
            _('Adoption rate (%)'),
            _('Closed pilots'),
            _('Pilot success rate (%)'),
            _('Cycle time, mean (days)'),
            _('Cycle time, median (days)'),
            _('Open'),
            _('Impact / year'),
        ]
        if groupby != 'category_id':
            header += [_('Done work orders'), _('Standard coverage (%)')]
        if groupby == 'month':
            header[2:2] = [_('Participants'), _('Participation rate (%)')]
        names = {
            'workcenter_id': 'mrp.workcenter',
            'category_id': 'ci.category',
        }
        rows = []
        for fig in figures:
            key = fig['key']
            if groupby == 'month':
                label = str(key)[:7]  # the cursor gives dates as 'YYYY-MM-DD'
            elif key:
                label = self.env[names[groupby]].browse(key).display_name
            else:
                label = _('None')
            row = [label, fig['proposals']]
            if groupby == 'month':
                row += [fig['participants'], fig['participation_rate']]
            row += [
                fig['adopted'],
                fig['rejected'],
                fig['adoption_rate'],
                fig['pilots_closed'],
                fig['pilot_success_rate'],
                fig['cycle_days_mean'],
                fig['cycle_days_median'],
                fig['open'],
                fig['impact'],
            ]
            if groupby != 'category_id':
                row += [fig['workorders_done'], fig['standard_coverage']]
            rows.append(row)
        return header, rows

    def generate_xlsx_report(self, workbook, data, objs):
        self.env['ci.access']._check_group(
            'ci_process.group_ci_manager',
            '%s.generate_xlsx_report' % self._name,
        )
        bold = workbook.add_format({'bold': True})
        number = workbook.add_format({'num_format': '0.00'})
        for board in objs:
            for title, builder in self._health_sheets():
                name = title if len(objs) == 1 else '%s %s' % (title, board.id)
                sheet = workbook.add_worksheet(name[:31])
                header, rows = builder(board)
                sheet.write_row(0, 0, header, bold)
                sheet.set_column(0, 0, 40)
                sheet.set_column(1, len(header), 14)
                for r, row in enumerate(rows, start=1):
                    for c, value in enumerate(row):
                        if value is None:
                            continue  # no denominator: left empty, not 0
                        if isinstance(value, float):
                            sheet.write_number(r, c, value, number)
                        else:
                            sheet.write(r, c, value)
