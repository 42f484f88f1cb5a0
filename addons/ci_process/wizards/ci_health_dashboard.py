# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from ..lib import cockpit as cockpit_lib

PERIODS = [
    ('12m', 'Last 12 whole months'),
    ('3m', 'Last 3 whole months'),
    ('1m', 'Last whole month'),
    ('ytd', 'This year, month to date'),
    ('custom', 'Whole months of my choice'),
]


# what a period may cover: the program's history, read on one page
MIN_YEAR, MAX_YEAR, MAX_MONTHS = 2000, 2100, 120


def period_dates(period, today):
    """(first day, last day) of a preset ``period`` as of ``today`` (a date);
    None for 'custom'. Whole months end with the last one before today's;
    'ytd' ends today (its last month is the month so far)."""
    if period in ('12m', '3m', '1m'):
        return cockpit_lib.last_whole_months(today, int(period[:-1]))
    if period == 'ytd':
        return today.replace(month=1, day=1), today
    return None


def _default_dates(model):
    today = fields.Date.from_string(fields.Date.context_today(model))
    return [fields.Date.to_string(day) for day in period_dates('12m', today)]


def _default_date_from(model):
    """The first day of the last twelve whole months."""
    return _default_dates(model)[0]


def _default_date_to(model):
    """The last day of last month: whole months end there."""
    return _default_dates(model)[1]


class CiHealthDashboard(models.TransientModel):
    """The managers' view of program health over a period of whole months.

    The figures come from ``ci.health.improvement._program_figures`` (the
    monthly facts), the same method the cockpit and the XLSX report use.
    """

    _name = 'ci.health.dashboard'
    _description = 'Program Health Dashboard'

    period = fields.Selection(PERIODS, required=True, default='12m')
    date_from = fields.Date(
        string='From',
        required=True,
        default=_default_date_from,
        help="The period starts on the first day of this date's month.",
    )
    date_to = fields.Date(
        string='To',
        required=True,
        default=_default_date_to,
        help="The period ends on the last day of this date's month (today for the "
        "month so far).",
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    currency_id = fields.Many2one(
        related='company_id.currency_id', readonly=True
    )
    proposal_count = fields.Integer(
        string='Proposals', compute='_compute_figures'
    )
    employee_count = fields.Integer(
        string='Employees', compute='_compute_figures'
    )
    participant_count = fields.Integer(
        string='Participants', compute='_compute_figures'
    )
    proposals_per_employee = fields.Float(
        string='Proposals / employee / month',
        compute='_compute_figures',
        digits=(16, 2),
    )
    participation_rate = fields.Float(
        string='Participation (%)', compute='_compute_figures', digits=(16, 1)
    )
    decided_count = fields.Integer(
        string='Decided', compute='_compute_figures'
    )
    adoption_rate = fields.Float(
        string='Adoption (%)', compute='_compute_figures', digits=(16, 1)
    )
    pilot_closed_count = fields.Integer(
        string='Closed pilots', compute='_compute_figures'
    )
    pilot_success_rate = fields.Float(
        string='Pilot success (%)', compute='_compute_figures', digits=(16, 1)
    )
    standardized_count = fields.Integer(
        string='Standardized', compute='_compute_figures'
    )
    cycle_days_mean = fields.Float(
        string='Cycle time, mean (days)',
        compute='_compute_figures',
        digits=(16, 1),
    )
    cycle_days_median = fields.Float(
        string='Cycle time, median (days)',
        compute='_compute_figures',
        digits=(16, 1),
    )
    open_count = fields.Integer(string='Open', compute='_compute_figures')
    aging_0_7 = fields.Integer(
        string='Open 0-7 days', compute='_compute_figures'
    )
    aging_8_30 = fields.Integer(
        string='Open 8-30 days', compute='_compute_figures'
    )
    aging_31_90 = fields.Integer(
        string='Open 31-90 days', compute='_compute_figures'
    )
    aging_90_plus = fields.Integer(
        string='Open > 90 days', compute='_compute_figures'
    )
    impact = fields.Monetary(
        string='Impact achieved / year',
        compute='_compute_figures',
        currency_field='currency_id',
    )
    impact_display = fields.Char(
        string='Benefit / year',
        compute='_compute_figures',
        help="The yearly benefit of the adopted pilots, in the company's currency.",
    )
    period_text = fields.Char(compute='_compute_figures')
    overview_html = fields.Html(
        compute='_compute_figures', sanitize=False, string='Overview'
    )
    workorder_done_count = fields.Integer(
        string='Done work orders', compute='_compute_figures'
    )
    standard_coverage = fields.Float(
        string='Standard coverage (%)',
        compute='_compute_figures',
        digits=(16, 1),
    )

    @api.depends('date_from', 'date_to', 'company_id')
    def _compute_figures(self):
        for board in self:
            if (
                not (board.date_from and board.date_to and board.company_id)
                or board.date_to < board.date_from
            ):
                continue
            monthly, fig = board._figures(groupby='month', with_total=True)
            board.update(
                {
                    'proposal_count': fig['proposals'],
                    'employee_count': fig['employees'],
                    'participant_count': fig['participants'],
                    'proposals_per_employee': fig[
                        'proposals_per_employee_month'
                    ]
                    or 0.0,
                    'participation_rate': fig['participation_rate'] or 0.0,
                    'decided_count': fig['decided'],
                    'adoption_rate': fig['adoption_rate'] or 0.0,
                    'pilot_closed_count': fig['pilots_closed'],
                    'pilot_success_rate': fig['pilot_success_rate'] or 0.0,
                    'standardized_count': fig['standardized'],
                    'cycle_days_mean': fig['cycle_days_mean'] or 0.0,
                    'cycle_days_median': fig['cycle_days_median'] or 0.0,
                    'open_count': fig['open'],
                    'aging_0_7': fig['aging']['0_7'],
                    'aging_8_30': fig['aging']['8_30'],
                    'aging_31_90': fig['aging']['31_90'],
                    'aging_90_plus': fig['aging']['90_plus'],
                    'impact': fig['impact'],
                    'impact_display': formatLang(
                        self.env,
                        fig['impact'] or 0.0,
                        currency_obj=board.company_id.currency_id,
                    ),
                    'period_text': board._period_text(),
                    'overview_html': board._overview_html(fig, monthly),
                    'workorder_done_count': fig['workorders_done'],
                    'standard_coverage': fig['standard_coverage'] or 0.0,
                }
            )

    @api.model
    def create(self, vals):
        return super(CiHealthDashboard, self).create(
            self._with_period_dates(vals)
        )

    def write(self, vals):
        return super(CiHealthDashboard, self).write(
            self._with_period_dates(vals)
        )

    def _with_period_dates(self, vals):
        """A preset period sets its dates, whoever creates the dashboard (the
        form's onchange, an RPC, a default in the context): the figures
        always cover the period shown."""
        period = vals.get(
            'period', self._context.get('default_period') if not self else None
        )
        if period is None:
            if not self and ('date_from' in vals or 'date_to' in vals):
                # dates of the caller's choice
                return dict(vals, period='custom')
            return vals
        if period not in dict(PERIODS):
            raise ValidationError(
                _("%(field)s = %(value)r: choose one of %(choices)s.")
                % {
                    'field': self._fields['period'].get_description(self.env)[
                        'string'
                    ],
                    'value': period,
                    'choices': ', '.join(dict(PERIODS)),
                }
            )
        dates = period_dates(
            period, fields.Date.from_string(fields.Date.context_today(self))
        )
        if dates:
            vals = dict(
                vals,
                period=period,
                date_from=fields.Date.to_string(dates[0]),
                date_to=fields.Date.to_string(dates[1]),
            )
        return vals

    @api.constrains('date_from', 'date_to')
    def _check_dates(self):
        for board in self:
            labels = {
                name: self._fields[name].get_description(self.env)['string']
                for name in ('date_from', 'date_to')
            }
            for name in ('date_from', 'date_to'):
                year = fields.Date.from_string(board[name]).year
                if not MIN_YEAR <= year <= MAX_YEAR:
                    raise ValidationError(
                        _(
                            "%(field)s = %(value)s: choose a date between "
                            "%(min)s and %(max)s."
                        )
                        % {
                            'field': labels[name],
                            'value': board[name],
                            'min': MIN_YEAR,
                            'max': MAX_YEAR,
                        }
                    )
            if board.date_to < board.date_from:
                raise ValidationError(
                    _(
                        "%(to)s = %(to_value)s is before %(from)s = %(from_value)s."
                    )
                    % {
                        'to': labels['date_to'],
                        'to_value': board.date_to,
                        'from': labels['date_from'],
                        'from_value': board.date_from,
                    }
                )
            start, stop = fields.Date.from_string(
                board.date_from
            ), fields.Date.from_string(board.date_to)
            if (
                stop.year - start.year
            ) * 12 + stop.month - start.month + 1 > MAX_MONTHS:
                raise ValidationError(
                    _(
                        "From %(from_value)s to %(to_value)s: a period covers "
                        "at most %(max)s "
                        "months."
                    )
                    % {
                        'from_value': board.date_from,
                        'to_value': board.date_to,
                        'max': MAX_MONTHS,
                    }
                )

    @api.onchange('period')
    def _onchange_period(self):
        dates = period_dates(
            self.period,
            fields.Date.from_string(fields.Date.context_today(self)),
        )
        dates = dates and [fields.Date.to_string(day) for day in dates]
        # the same dates again would compute every figure a second time
        if dates and [self.date_from, self.date_to] != dates:
            self.date_from, self.date_to = dates

    def _period_text(self):
        start, stop = self._period_bounds()
        today = fields.Date.context_today(self)
        if stop > today:
            return _(
                "From %(start)s to today: the last month is the month so far"
            ) % {'start': start[:7]}
        last = fields.Date.from_string(stop) - datetime.timedelta(days=1)
        return _("From %(start)s to %(end)s: whole months") % {
            'start': start[:7],
            'end': str(last)[:7],
        }

    def _overview_html(self, figures=None, monthly=None):
        """The cockpit's tiles over this period: goals against target, SPC,
        alerts, the review queue, acknowledgements, ideas per month, benefit
        (``figures``, ``monthly``: the period's, when computed already)."""
        tiles = self.env['ci.cockpit']._tiles(
            self.company_id,
            self.date_from,
            self.date_to,
            total=figures,
            monthly=monthly,
        )
        html = self.env['ir.qweb'].render(
            'ci_process.ci_health_overview', {'tiles': tiles}
        )
        return html.decode('utf-8') if isinstance(html, bytes) else html

    def _figures(self, groupby=None, with_total=False):
        self.ensure_one()
        return self.env['ci.health.improvement']._program_figures(
            self.date_from,
            self.date_to,
            self.company_id,
            groupby=groupby,
            with_total=with_total,
        )

    def _period_bounds(self):
        self.ensure_one()
        start, stop, _months = self.env['ci.health.improvement']._period(
            self.date_from, self.date_to
        )
        return start, stop

    def _check_manager(self, method):
        """Program health is the CI Managers' (transient models have no access
        rules)."""
        self.env['ci.access']._check_group(
            'ci_process.group_ci_manager', 'ci.health.dashboard.%s' % method
        )

    def _open_analysis(self, xmlid, extra_domain=None, context=None):
        self.ensure_one()
        start, stop = self._period_bounds()
        action = self.env.ref(xmlid).read()[0]
        action['domain'] = [
            ('company_id', '=', self.company_id.id),
            ('month', '>=', start),
            ('month', '<', stop),
        ] + (extra_domain or [])
        action['context'] = dict(context or {})
        return action

    def action_open_improvements(self):
        self._check_manager('action_open_improvements')
        return self._open_analysis('ci_process.ci_health_improvement_action')

    def action_open_open_improvements(self):
        self._check_manager('action_open_open_improvements')
        return self._open_analysis(
            'ci_process.ci_health_improvement_action',
            [('open_count', '=', 1)],
            {
                'pivot_row_groupby': ['age_bucket'],
                'graph_groupbys': ['age_bucket'],
            },
        )

    def action_open_participation(self):
        self._check_manager('action_open_participation')
        return self._open_analysis('ci_process.ci_health_participation_action')

    def action_open_workorders(self):
        self._check_manager('action_open_workorders')
        return self._open_analysis('ci_process.ci_health_workorder_action')

    def action_print_xlsx(self):
        self._check_manager('action_print_xlsx')
        self.ensure_one()
        return self.env.ref(
            'ci_process.action_report_program_health_xlsx'
        ).report_action(self)
