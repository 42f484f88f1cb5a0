# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class CiPeriodResultsXlsx(models.AbstractModel):
    """A period's results for payroll: a sheet of people (rank, points
    earned, entries, points redeemed, awards), a sheet of teams (score and
    its split), from the leaderboards of the export wizard's period."""

    _name = 'report.ci_incentive.period_results_xlsx'
    _inherit = 'report.report_xlsx.abstract'
    _description = 'Period Results (XLSX)'

    def generate_xlsx_report(self, workbook, data, exports):
        # payroll figures: the managers' (see ci.incentive.export.action_export)
        self.env['ci.access']._check_group(
            'ci_process.group_ci_manager',
            '%s.generate_xlsx_report' % self._name,
        )
        bold = workbook.add_format({'bold': True})
        for export in exports:
            suffix = '' if len(exports) == 1 else ' %s' % export.id
            # the awards for the period's months (their points are dated the
            # day after the month, see ci.award._award_points)
            awards = self.env['ci.award'].search(
                [
                    ('company_id', '=', export.company_id.id),
                    ('user_id', '!=', False),
                    ('period_start', '>=', export.period_start),
                    ('period_start', '<', export.period_stop),
                ]
            )
            people = workbook.add_worksheet((_('People') + suffix)[:31])
            people.write_row(
                0,
                0,
                [_('Period'), export.period_label, export.company_id.name],
                bold,
            )
            people.write_row(
                2,
                0,
                [
                    _('Rank'),
                    _('Person'),
                    _('Login'),
                    _('Points'),
                    _('Entries'),
                    _('Points redeemed'),
                    _('Awards for the period'),
                ],
                bold,
            )
            for r, row in enumerate(
                export._rows('ci.leaderboard.user'), start=3
            ):
                won = awards.filtered(lambda a, u=row.user_id: a.user_id == u)
                people.write_row(
                    r,
                    0,
                    [
                        row.rank,
                        row.user_id.name,
                        row.user_id.login,
                        row.points,
                        row.entry_count,
                        row.points_redeemed,
                        ', '.join(won.mapped('display_name')),
                    ],
                )
            people.set_column(0, 0, 8)
            people.set_column(1, 2, 24)
            people.set_column(3, 5, 14)
            people.set_column(6, 6, 50)
            teams = workbook.add_worksheet((_('Teams') + suffix)[:31])
            teams.write_row(
                0,
                0,
                [_('Period'), export.period_label, export.company_id.name],
                bold,
            )
            teams.write_row(
                2,
                0,
                [
                    _('Rank'),
                    _('Team'),
                    _('Points'),
                    _("Members' points"),
                    _('Team awards'),
                    _('Entries'),
                ],
                bold,
            )
            for r, row in enumerate(
                export._rows('ci.leaderboard.team'), start=3
            ):
                teams.write_row(
                    r,
                    0,
                    [
                        row.rank,
                        row.team_id.name,
                        row.points,
                        row.member_points,
                        row.team_points,
                        row.entry_count,
                    ],
                )
            teams.set_column(0, 0, 8)
            teams.set_column(1, 1, 30)
            teams.set_column(2, 5, 14)
