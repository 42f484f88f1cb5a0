# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import kpi as kpi_lib
from ..lib import svg_chart


class CiGoal(models.Model):
    """A quantified improvement target on a work center or operation."""

    _name = 'ci.goal'
    _description = 'Improvement Goal'
    _inherit = [
        'ci.protected.mixin',
        'ci.operation.scope.mixin',
        'ci.kpi.mixin',
        'mail.thread',
        'mail.activity.mixin',
    ]
    _order = 'date_deadline, id'

    name = fields.Char(required=True, track_visibility='onchange')
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    owner_id = fields.Many2one(
        'res.users',
        required=True,
        default=lambda self: self.env.user,
        track_visibility='onchange',
    )
    workcenter_id = fields.Many2one(
        track_visibility='onchange',
        help="Scope of the goal: a work center, or an operation (below); "
        "neither: the whole plant.",
    )
    operation_id = fields.Many2one(
        track_visibility='onchange',
        help="A routing operation; its work center is then the scope's work "
        "center.",
    )
    product_id = fields.Many2one(
        help="Only the work orders producing this product (optional)."
    )
    baseline_date_from = fields.Date(string='Baseline from', required=True)
    baseline_date_to = fields.Date(string='Baseline to', required=True)
    baseline_value = fields.Float(
        compute='_compute_baseline_value',
        store=True,
        digits=(16, 2),
        help="The KPI over the baseline window, from the done work orders.",
    )
    has_baseline = fields.Boolean(
        compute='_compute_baseline_value', store=True
    )
    target_value = fields.Float(
        string='Target',
        required=True,
        digits=(16, 2),
        track_visibility='onchange',
    )
    date_start = fields.Date(
        string='Tracking from',
        required=True,
        default=fields.Date.context_today,
        help="The actual value is measured from this date to today (or the "
        "deadline).",
    )
    date_deadline = fields.Date(
        string='Deadline', required=True, track_visibility='onchange'
    )
    actual_value = fields.Float(compute='_compute_actual', digits=(16, 2))
    has_actual = fields.Boolean(compute='_compute_actual')
    progress = fields.Float(
        compute='_compute_actual',
        digits=(16, 1),
        help="Share of the way from the baseline to the target already covered (%).",
    )
    status = fields.Selection(
        [
            ('no_data', 'No data yet'),
            ('on_track', 'On track'),
            ('at_risk', 'At risk'),
            ('achieved', 'Achieved'),
            ('missed', 'Missed'),
        ],
        compute='_compute_actual',
    )
    chart_svg = fields.Html(
        string='KPI over time', compute='_compute_chart_svg', sanitize=False
    )
    improvement_ids = fields.One2many(
        'ci.improvement', 'goal_id', string='Improvements'
    )
    improvement_count = fields.Integer(compute='_compute_improvement_count')

    @api.depends(
        'kpi',
        'workcenter_id',
        'operation_id',
        'product_id',
        'baseline_date_from',
        'baseline_date_to',
    )
    def _compute_baseline_value(self):
        for goal in self:
            value = None
            if goal.kpi and goal.baseline_date_from and goal.baseline_date_to:
                value = self.env['ci.kpi']._value(
                    goal.kpi,
                    goal.baseline_date_from,
                    goal.baseline_date_to,
                    **goal._scope(),
                )
            goal.has_baseline = value is not None
            goal.baseline_value = value or 0.0

    def _actual_window(self):
        today = fields.Date.context_today(self)
        return self.date_start, (
            min(today, self.date_deadline) if self.date_deadline else today
        )

    @api.depends(
        'kpi',
        'workcenter_id',
        'operation_id',
        'product_id',
        'date_start',
        'date_deadline',
        'target_value',
        'baseline_value',
    )
    def _compute_actual(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        for goal in self:
            value = None
            if goal.kpi and goal.date_start:
                date_from, date_to = goal._actual_window()
                if date_from <= date_to:
                    value = self.env['ci.kpi']._value(
                        goal.kpi, date_from, date_to, **goal._scope()
                    )
            goal.has_actual = value is not None
            goal.actual_value = value or 0.0
            goal.progress = goal._progress(value)
            goal.status = goal._status(value, today)

    def _progress(self, actual):
        if (
            actual is None
            or not self.has_baseline
            or self.target_value == self.baseline_value
        ):
            return 0.0
        return (
            100.0
            * (actual - self.baseline_value)
            / (self.target_value - self.baseline_value)
        )

    def _status(self, actual, today):
        deadline = (
            fields.Date.from_string(self.date_deadline)
            if self.date_deadline
            else None
        )
        if actual is None:
            return 'missed' if deadline and today > deadline else 'no_data'
        reached = (
            actual >= self.target_value
            if self.kpi_higher_is_better
            else actual <= self.target_value
        )
        if reached:
            return 'achieved'
        if deadline and today > deadline:
            return 'missed'
        start = fields.Date.from_string(self.date_start)
        span = (deadline - start).days if deadline else 0
        elapsed = min(max((today - start).days, 0), span) if span > 0 else 0
        expected = 100.0 * elapsed / span if span > 0 else 0.0
        # behind the straight line from baseline to target by more than a
        # quarter of the way, or worse than the baseline: at risk
        progress = self._progress(actual)
        return (
            'at_risk'
            if progress < 0 or progress < expected - 25.0
            else 'on_track'
        )

    @api.depends(
        'kpi',
        'workcenter_id',
        'operation_id',
        'product_id',
        'baseline_date_from',
        'date_deadline',
        'target_value',
        'baseline_value',
    )
    def _compute_chart_svg(self):
        for goal in self:
            if not goal.kpi or not goal.baseline_date_from:
                goal.chart_svg = False
                continue
            date_to = min(
                fields.Date.context_today(self),
                goal.date_deadline or fields.Date.context_today(self),
            )
            points = kpi_lib.series_of(
                goal.kpi,
                self.env['ci.kpi']._totals(
                    goal.baseline_date_from,
                    date_to,
                    period='week',
                    **goal._scope(),
                ),
            )
            lines = [(_('Target'), goal.target_value)]
            if goal.has_baseline:
                lines.append((_('Baseline'), goal.baseline_value))
            # the KPI's label names its unit already: "Cycle time (min/unit)"
            goal.chart_svg = svg_chart.line_chart(
                points,
                lines,
                title=goal._kpi_label(),
                empty_text=_('No done work orders yet.'),
            )

    def _compute_improvement_count(self):
        for goal in self:
            goal.improvement_count = len(goal.improvement_ids)

    def _scope_mismatch_message(self, values):
        return _(
            "Goal %(goal)s: operation %(op)s runs on work center %(op_wc)s, "
            "not on %(wc)s."
        ) % dict(values, goal=self.name)

    @api.constrains(
        'baseline_date_from', 'baseline_date_to', 'date_start', 'date_deadline'
    )
    def _check_dates(self):
        for goal in self:
            if goal.baseline_date_to < goal.baseline_date_from:
                raise ValidationError(
                    _(
                        "Goal %(goal)s: the baseline window ends (%(to)s) "
                        "before it starts (%(from)s)."
                    )
                    % {
                        'goal': goal.name,
                        'to': goal.baseline_date_to,
                        'from': goal.baseline_date_from,
                    }
                )
            if goal.date_deadline < goal.date_start:
                raise ValidationError(
                    _(
                        "Goal %(goal)s: the deadline (%(deadline)s) is before "
                        "the tracking start "
                        "(%(start)s)."
                    )
                    % {
                        'goal': goal.name,
                        'deadline': goal.date_deadline,
                        'start': goal.date_start,
                    }
                )

    @api.constrains('target_value', 'baseline_value', 'kpi')
    def _check_target_direction(self):
        for goal in self:
            if goal.target_value < 0 or (
                goal.kpi_unit == '%' and goal.target_value > 100
            ):
                raise ValidationError(
                    _(
                        "Goal %(goal)s: target %(target)s is not a possible "
                        "%(kpi)s value."
                    )
                    % {
                        'goal': goal.name,
                        'target': goal.target_value,
                        'kpi': goal._kpi_label(),
                    }
                )
            if goal.has_baseline and not kpi_lib.is_better(
                goal.kpi, goal.target_value, goal.baseline_value
            ):
                raise ValidationError(
                    _(
                        "Goal %(goal)s: the target %(target).2f is not an "
                        "improvement on the baseline "
                        "%(baseline).2f: %(kpi)s must go %(direction)s."
                    )
                    % {
                        'goal': goal.name,
                        'target': goal.target_value,
                        'baseline': goal.baseline_value,
                        'kpi': goal._kpi_label(),
                        'direction': (
                            _('up') if goal.kpi_higher_is_better else _('down')
                        ),
                    }
                )

    def action_recompute_baseline(self):
        """Data may arrive late (work orders closed after the window)."""
        self.env['ci.access']._check_records(
            self, 'write', 'ci.goal.action_recompute_baseline'
        )
        self.modified(['baseline_date_from'])
        self.recompute()
        return True

    def action_view_improvements(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.goal.action_view_improvements'
        )
        action = self.env.ref('ci_process.ci_improvement_action').read()[0]
        action['domain'] = [('goal_id', '=', self.id)]
        action['context'] = {
            'default_goal_id': self.id,
            'default_workcenter_id': self.workcenter_id.id,
        }
        return action
