# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..lib import points
from ..models.ci_leaderboard_mixin import PERIOD_TYPES


class CiIncentiveExport(models.TransientModel):
    """Picks the period of the payroll export: the points of each person
    and team for a month, quarter or year (report
    ``ci_incentive.period_results_xlsx``)."""

    _name = 'ci.incentive.export'
    _description = 'Export Period Results'

    period_type = fields.Selection(
        PERIOD_TYPES, required=True, default='month'
    )
    date = fields.Date(
        string='Day in the period',
        required=True,
        default=fields.Date.context_today,
        help="The export covers the month, quarter or year containing this day.",
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    period_start = fields.Date(compute='_compute_period', string='From')
    period_stop = fields.Date(
        compute='_compute_period', string='Until (excluded)'
    )
    period_label = fields.Char(compute='_compute_period', string='Period')

    @api.depends('period_type', 'date')
    def _compute_period(self):
        for wizard in self.filtered(lambda w: w.period_type and w.date):
            start, stop = points.period_bounds(
                fields.Date.from_string(wizard.date), wizard.period_type
            )
            wizard.period_start = fields.Date.to_string(start)
            wizard.period_stop = fields.Date.to_string(stop)
            wizard.period_label = points.period_label(
                start, wizard.period_type
            )

    def action_export(self):
        # transient models have no access rules in 11.0: payroll figures are
        # the managers'
        if not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(_("Only CI Managers export the period results."))
        self.ensure_one()
        self.env['ci.access']._check_company(
            self.company_id, 'ci.incentive.export.action_export'
        )
        return self.env.ref(
            'ci_incentive.action_report_period_results_xlsx'
        ).report_action(self)

    def _rows(self, model):
        """The leaderboard rows of the period, best first."""
        self.ensure_one()
        return self.env[model].search(
            [
                ('period_type', '=', self.period_type),
                ('period_start', '=', self.period_start),
                ('company_id', '=', self.company_id.id),
            ],
            order='rank, id',
        )
