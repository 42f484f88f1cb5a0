# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import kpi as kpi_lib
from ..lib import stats
from ..lib import svg_chart
from .ci_kpi import KPI_HELP, KPI_SELECTION

RESULT_FIELDS = (
    'baseline_n',
    'baseline_mean',
    'baseline_std',
    'pilot_n',
    'pilot_mean',
    'pilot_std',
    'difference',
    'relative_change',
    'statistic',
    'dof',
    'p_value',
    'effect_size',
    'verdict',
    'test_name',
    'date_evaluated',
    'baseline_units',
    'pilot_units',
    'baseline_minutes_per_unit',
    'pilot_minutes_per_unit',
    'baseline_days',
    'test_kind',
    'ci_level',
    'baseline_ci_low',
    'baseline_ci_high',
    'pilot_ci_low',
    'pilot_ci_high',
    'difference_ci_low',
    'difference_ci_high',
)
# a pilot's windows by default: the 30 days before today, then 30 days from today
WINDOW_DAYS = 30
MINUS = '\u2212'
# what the results were computed from: fixed once they are
EVIDENCE_FIELDS = (
    'improvement_id',
    'workcenter_id',
    'operation_id',
    'product_id',
    'metric',
    'baseline_date_from',
    'baseline_date_to',
    'pilot_date_from',
    'pilot_date_to',
    'alpha',
)


class CiPilot(models.Model):
    """A trial of an improvement on one line over a time window, with evidence."""

    _name = 'ci.pilot'
    _description = 'Improvement Pilot'
    _inherit = [
        'ci.protected.mixin',
        'ci.operation.scope.mixin',
        'mail.thread',
        'mail.activity.mixin',
    ]
    _order = 'pilot_date_from desc, id desc'

    name = fields.Char(required=True, track_visibility='onchange')
    improvement_id = fields.Many2one(
        'ci.improvement', required=True, ondelete='cascade', index=True
    )
    company_id = fields.Many2one(
        related='improvement_id.company_id', store=True, readonly=True
    )
    currency_id = fields.Many2one(
        related='company_id.currency_id', readonly=True
    )
    owner_id = fields.Many2one('res.users', default=lambda self: self.env.user)
    state = fields.Selection(
        [
            ('draft', 'Planned'),
            ('running', 'Running'),
            ('evaluated', 'Evaluated'),
            ('closed', 'Closed'),
        ],
        default='draft',
        required=True,
        readonly=True,
        copy=False,
        track_visibility='onchange',
    )
    workcenter_id = fields.Many2one(required=True)
    metric = fields.Selection(
        KPI_SELECTION, required=True, default='cycle_time', help=KPI_HELP
    )
    baseline_date_from = fields.Date(
        required=True, default=lambda self: self._default_window(-WINDOW_DAYS)
    )
    baseline_date_to = fields.Date(
        required=True, default=lambda self: self._default_window(-1)
    )
    pilot_date_from = fields.Date(
        required=True, default=lambda self: self._default_window(0)
    )
    pilot_date_to = fields.Date(
        required=True,
        default=lambda self: self._default_window(WINDOW_DAYS - 1),
    )
    alpha = fields.Float(
        string='Significance level',
        default=0.05,
        digits=(3, 3),
        help="Probability of calling a change significant when there is none.",
    )
    # results, stored when evaluated (the data of a window can change later)
    test_name = fields.Char(string='Test', readonly=True)
    baseline_n = fields.Integer(readonly=True)
    baseline_mean = fields.Float(readonly=True, digits=(16, 4))
    baseline_std = fields.Float(readonly=True, digits=(16, 4))
    pilot_n = fields.Integer(readonly=True)
    pilot_mean = fields.Float(readonly=True, digits=(16, 4))
    pilot_std = fields.Float(readonly=True, digits=(16, 4))
    difference = fields.Float(readonly=True, digits=(16, 4))
    relative_change = fields.Float(
        string='Relative change (%)', readonly=True, digits=(16, 2)
    )
    statistic = fields.Float(readonly=True, digits=(16, 4))
    dof = fields.Float(
        string='Degrees of freedom', readonly=True, digits=(16, 2)
    )
    # full precision (float8): p-values of clear effects are far below 1e-6
    p_value = fields.Float(string='p-value', readonly=True)
    p_value_display = fields.Char(
        string='p', compute='_compute_p_value_display'
    )
    effect_size = fields.Float(
        readonly=True,
        digits=(16, 4),
        help="Hedges' g for continuous metrics, Cohen's h for rates.",
    )
    verdict = fields.Selection(
        [
            ('improved', 'Improved'),
            ('no_change', 'No significant change'),
            ('worse', 'Worse'),
        ],
        readonly=True,
        track_visibility='onchange',
    )
    date_evaluated = fields.Datetime(readonly=True)
    baseline_units = fields.Float(readonly=True)
    pilot_units = fields.Float(readonly=True)
    baseline_minutes_per_unit = fields.Float(readonly=True, digits=(16, 4))
    pilot_minutes_per_unit = fields.Float(readonly=True, digits=(16, 4))
    baseline_days = fields.Integer(readonly=True)
    # the evidence's shape: which test, and confidence intervals at 1 - alpha
    # (rates and their difference in % / percentage points, like the means)
    test_kind = fields.Selection(
        [
            ('welch', "Welch's t-test"),
            ('proportion', 'Two-proportion z-test'),
        ],
        string='Test kind',
        readonly=True,
    )
    ci_level = fields.Float(
        string='Confidence level (%)', readonly=True, digits=(3, 1)
    )
    baseline_ci_low = fields.Float(
        string='Baseline CI low', readonly=True, digits=(16, 4)
    )
    baseline_ci_high = fields.Float(
        string='Baseline CI high', readonly=True, digits=(16, 4)
    )
    pilot_ci_low = fields.Float(
        string='Pilot CI low', readonly=True, digits=(16, 4)
    )
    pilot_ci_high = fields.Float(
        string='Pilot CI high', readonly=True, digits=(16, 4)
    )
    difference_ci_low = fields.Float(
        string='Change CI low', readonly=True, digits=(16, 4)
    )
    difference_ci_high = fields.Float(
        string='Change CI high', readonly=True, digits=(16, 4)
    )
    # what a manager reads, in the reader's language
    evidence_baseline = fields.Char(
        string='Before', compute='_compute_evidence'
    )
    evidence_pilot = fields.Char(string='After', compute='_compute_evidence')
    evidence_difference = fields.Char(
        string='Change', compute='_compute_evidence'
    )
    evidence_statistic = fields.Char(
        string='Test statistic', compute='_compute_evidence'
    )
    evidence_dof = fields.Char(
        string='Degrees of freedom', compute='_compute_evidence'
    )
    evidence_effect = fields.Char(
        string='Effect size', compute='_compute_evidence'
    )
    evidence_p = fields.Char(string='p', compute='_compute_evidence')
    evidence_summary = fields.Char(
        string='Evidence', compute='_compute_evidence'
    )
    verdict_sentence = fields.Char(
        string='What it means', compute='_compute_evidence'
    )
    evidence_chart = fields.Html(
        string='Before / after chart',
        compute='_compute_evidence',
        sanitize=False,
    )
    benefit_annual = fields.Monetary(
        string='Benefit / year',
        compute='_compute_benefit_annual',
        currency_field='currency_id',
    )
    benefit_note = fields.Char(compute='_compute_benefit_annual')
    feedback_ids = fields.One2many('ci.pilot.feedback', 'pilot_id')
    rating_avg = fields.Float(
        string='Average rating', compute='_compute_rating_avg', digits=(3, 1)
    )
    decision = fields.Selection(
        [
            ('adopt', 'Adopt'),
            ('extend', 'Extend'),
            ('abandon', 'Abandon'),
        ],
        readonly=True,
        copy=False,
        track_visibility='onchange',
    )
    decision_note = fields.Text()

    def _default_window(self, offset):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today + datetime.timedelta(days=offset))

    @api.depends(
        'verdict',
        'metric',
        'baseline_mean',
        'pilot_mean',
        'baseline_units',
        'baseline_days',
        'baseline_minutes_per_unit',
        'pilot_minutes_per_unit',
        'workcenter_id.costs_hour',
        'product_id',
    )
    def _compute_benefit_annual(self):
        for pilot in self:
            pilot.benefit_annual, pilot.benefit_note = pilot._benefit()

    def _benefit(self):
        """(benefit per year, explanation): measured change x Odoo's cost rates."""
        if (
            not self.date_evaluated
            or not self.baseline_days
            or not self.baseline_units
        ):
            return 0.0, _('Evaluate the pilot first.')
        annual_units = self.baseline_units * 365.0 / self.baseline_days
        if self.metric in ('cycle_time', 'efficiency'):
            saved = (
                self.baseline_minutes_per_unit - self.pilot_minutes_per_unit
            )
            rate = self.workcenter_id.costs_hour
            if not rate:
                return (
                    0.0,
                    _('Set the cost per hour of work center %s.')
                    % self.workcenter_id.name,
                )
            return saved / 60.0 * rate * annual_units, _(
                '%(min).2f min saved per unit x %(units).0f units/year x '
                '%(rate).2f per hour'
            ) % {'min': saved, 'units': annual_units, 'rate': rate}
        if self.metric in ('scrap_rate', 'yield'):
            product = self.product_id
            if not product:
                return 0.0, _('Set the product to value the scrap avoided.')
            drop = (
                (self.baseline_mean - self.pilot_mean)
                if self.metric == 'scrap_rate'
                else (self.pilot_mean - self.baseline_mean)
            )
            cost = product.standard_price
            return drop / 100.0 * annual_units * cost, _(
                '%(drop).2f points less scrap x %(units).0f units/year x '
                '%(cost).2f per unit'
            ) % {'drop': drop, 'units': annual_units, 'cost': cost}
        return 0.0, _('OEE changes are not valued in money.')

    @api.depends('p_value', 'date_evaluated')
    def _compute_p_value_display(self):
        for pilot in self:
            if not pilot.date_evaluated:
                pilot.p_value_display = False
            elif pilot.p_value < 0.0001:
                pilot.p_value_display = '< 0.0001'
            else:
                pilot.p_value_display = '%.4f' % pilot.p_value

    @api.depends(
        'date_evaluated',
        'test_kind',
        'metric',
        'verdict',
        'alpha',
        'ci_level',
        'baseline_n',
        'pilot_n',
        'baseline_mean',
        'pilot_mean',
        'difference',
        'statistic',
        'dof',
        'p_value',
        'effect_size',
        'baseline_ci_low',
        'baseline_ci_high',
        'pilot_ci_low',
        'pilot_ci_high',
        'difference_ci_low',
        'difference_ci_high',
    )
    def _compute_evidence(self):
        for pilot in self:
            values = (
                pilot._evidence_texts()
                if pilot.date_evaluated and pilot.test_kind
                else {}
            )
            for name in (
                'evidence_baseline',
                'evidence_pilot',
                'evidence_difference',
                'evidence_statistic',
                'evidence_dof',
                'evidence_effect',
                'evidence_p',
                'evidence_summary',
                'verdict_sentence',
                'evidence_chart',
            ):
                pilot[name] = values.get(name, False)

    def _metric_name(self):
        """The KPI's name without its unit (the figures carry it)."""
        return {
            'efficiency': _('Efficiency'),
            'cycle_time': _('Cycle time'),
            'scrap_rate': _('Scrap rate'),
            'yield': _('Yield'),
            'oee': _('OEE'),
        }.get(self.metric, self.metric or '')

    def _evidence_units(self):
        """(unit of a value, unit of a difference), in the reader's language."""
        unit = kpi_lib.get(self.metric).unit if self.metric else ''
        if unit == '%':
            return '%', _('pp')
        if unit == 'min/unit':
            unit = _('min/unit')
        return unit, unit

    @staticmethod
    def _num(value, signed=False, digits=2):
        text = '%.*f' % (digits, value or 0.0)
        if not float(text):
            text = text.lstrip('-')  # no "-0.00"
        if text.startswith('-'):
            text = MINUS + text[1:]
        elif signed:
            text = '+' + text
        return text

    def _evidence_texts(self):
        """The evidence in words and figures, from the stored results."""
        self.ensure_one()
        num = self._num
        unit, diff_unit = self._evidence_units()
        level = self._num(self.ci_level or 100.0 * (1 - self.alpha), digits=0)
        sep = '' if unit == '%' else ' '
        # small means (minutes per unit) need a third decimal to show a change
        digits = (
            2
            if unit == '%'
            or max(abs(self.baseline_mean), abs(self.pilot_mean)) >= 10
            else 3
        )

        def value(v):
            return (
                '%s%s%s' % (num(v, digits=digits), sep, unit)
                if unit
                else num(v, digits=digits)
            )

        def interval(low, high, signed=False, u=unit):
            return _('%(level)s %% CI %(low)s … %(high)s%(unit)s') % {
                'level': level,
                'low': num(low, signed, digits),
                'high': num(high, signed, digits),
                'unit': ('' if u == '%' else ' ') + u if u else '',
            }

        p = self.p_value
        if p < 0.0001:
            p_text = '< 0.0001'
        else:
            p_text = '= ' + ('%.2f' % p if p >= 0.01 else '%.4f' % p)
        diff = num(self.difference, True, digits)
        diff = '%s %s' % (diff, diff_unit) if diff_unit else diff
        texts = {
            'evidence_baseline': _('%(value)s (%(ci)s), n = %(n)s')
            % {
                'value': value(self.baseline_mean),
                'n': self.baseline_n,
                'ci': interval(self.baseline_ci_low, self.baseline_ci_high),
            },
            'evidence_pilot': _('%(value)s (%(ci)s), n = %(n)s')
            % {
                'value': value(self.pilot_mean),
                'n': self.pilot_n,
                'ci': interval(self.pilot_ci_low, self.pilot_ci_high),
            },
            'evidence_difference': _('%(diff)s (%(ci)s)')
            % {
                'diff': diff,
                'ci': interval(
                    self.difference_ci_low,
                    self.difference_ci_high,
                    True,
                    diff_unit,
                ),
            },
            'evidence_statistic': num(self.statistic),
            'evidence_dof': (
                num(self.dof, digits=1) if self.test_kind == 'welch' else False
            ),
            'evidence_effect': num(self.effect_size),
            'evidence_p': p_text.lstrip('= '),
        }
        metric = self._metric_name()
        figures = {
            'metric': metric,
            'before': value(self.baseline_mean),
            'after': value(self.pilot_mean),
            'diff': diff,
            'ci': interval(
                self.difference_ci_low,
                self.difference_ci_high,
                True,
                diff_unit,
            ),
            'stat': texts['evidence_statistic'],
            'dof': texts['evidence_dof'],
            'effect': texts['evidence_effect'],
            'p': p_text,
        }
        if self.test_kind == 'proportion':
            texts['evidence_summary'] = (
                _(
                    "%(metric)s: %(before)s → %(after)s (%(diff)s, %(ci)s), z "
                    "= %(stat)s, p %(p)s, "
                    "Cohen's h = %(effect)s"
                )
                % figures
            )
        else:
            texts['evidence_summary'] = (
                _(
                    "%(metric)s: %(before)s → %(after)s (%(diff)s, %(ci)s), t "
                    "= %(stat)s, df = %(dof)s, "
                    "p %(p)s, Hedges' g = %(effect)s"
                )
                % figures
            )
        lower_is_better = (
            not kpi_lib.get(self.metric).higher_is_better
            if self.metric
            else True
        )
        what = _(
            '%(metric)s went from %(before)s to %(after)s (%(diff)s); '
            '%(better)s is better.'
        ) % dict(
            figures, better=_('lower') if lower_is_better else _('higher')
        )
        alpha = self._num(
            self.alpha, digits=2 if round(self.alpha, 2) == self.alpha else 3
        )
        if self.verdict == 'improved':
            judgement = _(
                'A change this large is unlikely to be chance (p %(p)s, below '
                '%(alpha)s): '
                'the pilot improved it.'
            )
        elif self.verdict == 'worse':
            judgement = _(
                'A change this large is unlikely to be chance (p %(p)s, below '
                '%(alpha)s): '
                'the pilot made it worse.'
            )
        else:
            judgement = _(
                'A change this small could be chance (p %(p)s, not below %(alpha)s): '
                'no significant change.'
            )
        texts['verdict_sentence'] = _('%(what)s %(judgement)s') % {
            'what': what,
            'judgement': judgement % {'p': p_text, 'alpha': alpha},
        }
        texts['evidence_chart'] = svg_chart.interval_chart(
            [
                (
                    _('Baseline'),
                    self.baseline_mean,
                    self.baseline_ci_low,
                    self.baseline_ci_high,
                ),
                (
                    _('Pilot'),
                    self.pilot_mean,
                    self.pilot_ci_low,
                    self.pilot_ci_high,
                ),
            ],
            title=metric,
            fmt=value,
            empty_text=_('No evaluation yet.'),
            note=_('Whiskers: %s %% confidence interval') % level,
        )
        return texts

    def _compute_rating_avg(self):
        for pilot in self:
            ratings = [int(f.rating) for f in pilot.feedback_ids if f.rating]
            pilot.rating_avg = (
                sum(ratings) / float(len(ratings)) if ratings else 0.0
            )

    @api.constrains(
        'baseline_date_from',
        'baseline_date_to',
        'pilot_date_from',
        'pilot_date_to',
    )
    def _check_windows(self):
        for pilot in self:
            for start, stop, label in (
                (
                    pilot.baseline_date_from,
                    pilot.baseline_date_to,
                    _('baseline window'),
                ),
                (
                    pilot.pilot_date_from,
                    pilot.pilot_date_to,
                    _('pilot window'),
                ),
            ):
                if stop < start:
                    raise ValidationError(
                        _(
                            "Pilot %(pilot)s: the %(window)s ends (%(stop)s) "
                            "before it starts (%(start)s)."
                        )
                        % {
                            'pilot': pilot.name,
                            'window': label,
                            'stop': stop,
                            'start': start,
                        }
                    )
            if pilot.pilot_date_from <= pilot.baseline_date_to:
                raise ValidationError(
                    _(
                        "Pilot %(pilot)s: the pilot window must start after "
                        "the baseline window "
                        "(baseline ends %(b_end)s, pilot starts %(p_start)s)."
                    )
                    % {
                        'pilot': pilot.name,
                        'b_end': pilot.baseline_date_to,
                        'p_start': pilot.pilot_date_from,
                    }
                )

    @api.constrains('alpha')
    def _check_alpha(self):
        for pilot in self:
            if not 0 < pilot.alpha < 0.5:
                raise ValidationError(
                    _(
                        "Pilot %(pilot)s: the significance level must be "
                        "between 0 and "
                        "0.5, not %(alpha)s."
                    )
                    % {'pilot': pilot.name, 'alpha': pilot.alpha}
                )

    def _scope_mismatch_message(self, values):
        return _(
            "Pilot %(pilot)s: operation %(op)s does not run on work center %(wc)s."
        ) % dict(values, pilot=self.name)

    @api.onchange('improvement_id')
    def _onchange_improvement_id(self):
        imp = self.improvement_id
        if imp:
            self.workcenter_id = imp.workcenter_id or self.workcenter_id
            self.operation_id = imp.operation_id or self.operation_id
            self.product_id = imp.product_id or self.product_id
            if not self.name:
                self.name = _('Pilot of %s') % imp.title

    def read(self, fields=None, load='_classic_read'):
        # the test's name is stored in the language of whoever evaluated the
        # pilot: read it in the reader's (see ci.message)
        result = super(CiPilot, self).read(fields=fields, load=load)
        return self.env['ci.message']._localize_rows(result, ['test_name'])

    def _protected_fields(self):
        res = super(CiPilot, self)._protected_fields()
        res.update(dict.fromkeys(RESULT_FIELDS + ('state', 'decision'), None))
        return res

    def _frozen(self):
        """Closed pilots (an evaluated one keeps the fields its results came from)."""
        return self.filtered(lambda p: p.state == 'closed')

    def write(self, vals):
        evaluated = self.filtered(lambda p: p.state == 'evaluated')
        changed = [f for f in EVIDENCE_FIELDS if f in vals]
        if evaluated and changed and not self._is_workflow():
            raise UserError(
                _(
                    "Pilot %(pilot)s is evaluated: %(fields)s stay as the "
                    "results were computed from "
                    "them. Extend the pilot to change them."
                )
                % {
                    'pilot': ', '.join(evaluated.mapped('name')),
                    'fields': ', '.join(
                        '%s = %r' % (self._fields[f].string, vals[f])
                        for f in changed
                    ),
                }
            )
        return super(CiPilot, self).write(vals)

    def action_start(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.pilot.action_start'
        )
        for pilot in self:
            if pilot.state != 'draft':
                raise UserError(
                    _("Pilot %s has already started.") % pilot.name
                )
            if pilot.improvement_id.state == 'approved':
                pilot.improvement_id.action_start_pilot()
            elif pilot.improvement_id.state != 'pilot':
                raise UserError(
                    _(
                        "Pilot %(pilot)s: improvement %(imp)s must be approved "
                        "before a pilot "
                        "starts."
                    )
                    % {'pilot': pilot.name, 'imp': pilot.improvement_id.name}
                )
        return self._workflow().write({'state': 'running'})

    def action_evaluate(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.pilot.action_evaluate'
        )
        for pilot in self:
            if pilot.state not in ('running', 'evaluated'):
                raise UserError(
                    _("Pilot %s: start it before evaluating it.") % pilot.name
                )
            pilot._workflow().write(pilot._evaluate())
            self.env['ci.message']._post(
                pilot,
                'pilot.evaluated',
                {
                    'verdict': {'sel': ['ci.pilot', 'verdict', pilot.verdict]},
                    'p': (
                        pilot.p_value_display
                        if pilot.p_value < 0.0001
                        else '= ' + pilot.p_value_display
                    ),
                    'n1': pilot.baseline_n,
                    'n2': pilot.pilot_n,
                },
            )
        return True

    def _evaluate(self):
        self.ensure_one()
        Kpi = self.env['ci.kpi']
        scope = self._scope()
        before = Kpi._totals(
            self.baseline_date_from,
            self.baseline_date_to,
            period='day',
            **scope,
        )
        after = Kpi._totals(
            self.pilot_date_from, self.pilot_date_to, period='day', **scope
        )
        for days, label, start, stop in (
            (
                before,
                _('baseline'),
                self.baseline_date_from,
                self.baseline_date_to,
            ),
            (after, _('pilot'), self.pilot_date_from, self.pilot_date_to),
        ):
            if not kpi_lib.data_points(
                self.metric, kpi_lib.add(*[t for _day, t in days])
            ):
                raise UserError(
                    _(
                        "Pilot %(pilot)s: no data in the %(window)s window "
                        "(%(start)s to %(stop)s) "
                        "for work center %(wc)s."
                    )
                    % {
                        'pilot': self.name,
                        'window': label,
                        'start': start,
                        'stop': stop,
                        'wc': self.workcenter_id.name,
                    }
                )
        info = kpi_lib.get(self.metric)
        obs_before = kpi_lib.observation_sums(self.metric, before)
        obs_after = kpi_lib.observation_sums(self.metric, after)
        try:
            if info.kind == 'rate':
                res = stats.two_proportions(
                    obs_before[0],
                    obs_before[1],
                    obs_after[0],
                    obs_after[1],
                    alpha=self.alpha,
                )
                scale, test_name = 100.0, _('Two-proportion z-test')
                intervals = stats.proportion_intervals(
                    obs_before[0],
                    obs_before[1],
                    obs_after[0],
                    obs_after[1],
                    1 - self.alpha,
                )
            else:
                res = stats.welch(
                    stats.describe_sums(*obs_before, name='baseline data'),
                    stats.describe_sums(*obs_after, name='pilot data'),
                    alpha=self.alpha,
                )
                scale, test_name = 1.0, _("Welch's t-test")
                intervals = stats.welch_intervals(
                    res.before, res.after, res.dof, 1 - self.alpha
                )
        except stats.StatsError as e:
            raise UserError(
                _("Pilot %(pilot)s: %(error)s")
                % {'pilot': self.name, 'error': e}
            )

        def minutes_per_unit(days):
            t = kpi_lib.add(*[t for _day, t in days])
            return (
                t.duration / t.qty_produced if t.qty_produced else 0.0
            ), t.qty_produced

        mpu_before, units_before = minutes_per_unit(before)
        mpu_after, units_after = minutes_per_unit(after)
        days = (
            fields.Date.from_string(self.baseline_date_to)
            - fields.Date.from_string(self.baseline_date_from)
        ).days + 1
        return dict(
            {
                'test_name': test_name,
                'baseline_n': res.before.n,
                'pilot_n': res.after.n,
                'baseline_mean': res.before.mean * scale,
                'pilot_mean': res.after.mean * scale,
                'baseline_std': (res.before.std or 0.0) * scale,
                'pilot_std': (res.after.std or 0.0) * scale,
                'difference': res.difference * scale,
                'relative_change': (
                    100.0 * res.relative_change
                    if res.relative_change is not None
                    else 0.0
                ),
                'statistic': (
                    res.statistic
                    if abs(res.statistic) != float('inf')
                    else 0.0
                ),
                'dof': res.dof or 0.0,
                'p_value': res.p_value,
                'effect_size': (
                    res.effect_size
                    if abs(res.effect_size) != float('inf')
                    else 0.0
                ),
                'verdict': stats.verdict(
                    res, lower_is_better=not info.higher_is_better
                ),
                'date_evaluated': fields.Datetime.now(),
                'state': 'evaluated',
                'baseline_units': units_before,
                'pilot_units': units_after,
                'baseline_minutes_per_unit': mpu_before,
                'pilot_minutes_per_unit': mpu_after,
                'baseline_days': days,
                'test_kind': 'proportion' if info.kind == 'rate' else 'welch',
                'ci_level': 100.0 * (1 - self.alpha),
            },
            **self._interval_values(intervals, scale),
        )

    @staticmethod
    def _interval_values(intervals, scale):
        before, after, diff = intervals
        return {
            'baseline_ci_low': before.low * scale,
            'baseline_ci_high': before.high * scale,
            'pilot_ci_low': after.low * scale,
            'pilot_ci_high': after.high * scale,
            'difference_ci_low': diff.low * scale,
            'difference_ci_high': diff.high * scale,
        }

    def _evidence_from_summary(self):
        """The evidence fields of a pilot evaluated before they existed,
        from the figures it stored (the intervals need only n, means, standard
        deviations and df): for the upgrade to 11.0.1.3.0."""
        self.ensure_one()
        kind = (
            'proportion'
            if kpi_lib.get(self.metric).kind == 'rate'
            else 'welch'
        )
        if kind == 'proportion':
            scale = 100.0
            n1, n2 = self.baseline_n, self.pilot_n
            e1 = min(max(self.baseline_mean / scale * n1, 0.0), n1)
            e2 = min(max(self.pilot_mean / scale * n2, 0.0), n2)
            intervals = stats.proportion_intervals(
                e1, n1, e2, n2, 1 - self.alpha
            )
        else:
            scale = 1.0
            intervals = stats.welch_intervals(
                stats.Sample(
                    self.baseline_n, self.baseline_mean, self.baseline_std
                ),
                stats.Sample(self.pilot_n, self.pilot_mean, self.pilot_std),
                self.dof,
                1 - self.alpha,
            )
        return dict(
            self._interval_values(intervals, scale),
            test_kind=kind,
            ci_level=100.0 * (1 - self.alpha),
        )

    def _recompute_evidence(self):
        """Fills the evidence fields of the evaluated pilots of ``self`` that
        lack them; a pilot whose stored figures give none is left as it is."""
        done = self.browse()
        for pilot in self.filtered(
            lambda p: p.date_evaluated and not p.test_kind
        ):
            try:
                vals = pilot._evidence_from_summary()
            except (stats.StatsError, ValueError, ZeroDivisionError):
                continue
            pilot._workflow().with_context(tracking_disable=True).write(vals)
            done |= pilot
        return done

    def _decide(self, decision):
        for pilot in self:
            if pilot.state != 'evaluated':
                raise UserError(
                    _("Pilot %s: evaluate it before deciding.") % pilot.name
                )
        if decision == 'abandon' and any(
            not (p.decision_note or '').strip() for p in self
        ):
            raise UserError(
                _(
                    "Say why the pilot is abandoned (decision note) before "
                    "abandoning it."
                )
            )
        for pilot in self:
            imp = pilot.improvement_id
            if decision == 'adopt':
                pilot._workflow().write(
                    {'decision': 'adopt', 'state': 'closed'}
                )
                imp.action_adopt()
            elif decision == 'abandon':
                pilot._workflow().write(
                    {'decision': 'abandon', 'state': 'closed'}
                )
                imp.action_reject(
                    reason=_('Pilot %(pilot)s abandoned: %(note)s')
                    % {'pilot': pilot.name, 'note': pilot.decision_note}
                )
            else:
                pilot._workflow().write(
                    {'decision': 'extend', 'state': 'running'}
                )
        return True

    def action_give_feedback(self):
        """Participants rate the pilot without needing to edit it."""
        self.ensure_one()
        Access = self.env['ci.access']
        Access._check_records(self, 'read', 'ci.pilot.action_give_feedback')
        Access._check_records(
            self.env['ci.pilot.feedback'],
            'create',
            'ci.pilot.action_give_feedback',
        )
        mine = self.feedback_ids.filtered(lambda f: f.user_id == self.env.user)
        return {
            'type': 'ir.actions.act_window',
            'name': _('Feedback on %s') % self.name,
            'res_model': 'ci.pilot.feedback',
            'view_mode': 'form',
            'res_id': mine[:1].id,
            'target': 'new',
            'context': {'default_pilot_id': self.id},
        }

    def action_adopt(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.pilot.action_adopt'
        )
        return self._decide('adopt')

    def action_extend(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.pilot.action_extend'
        )
        return self._decide('extend')

    def action_abandon(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.pilot.action_abandon'
        )
        return self._decide('abandon')
