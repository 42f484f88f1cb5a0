# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import datetime
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import kpi as kpi_lib
from ..lib import kpi_alert
from ..lib import svg_chart
from .ci_improvement import OPEN_STATES
from .ci_kpi_alert_evaluation import OUTCOMES

_logger = logging.getLogger(__name__)

MODES = [
    ('absolute', 'Absolute threshold'),
    ('degradation', 'Degradation vs baseline'),
]
# an improvement of the rule in these states is being dealt with: no second one
PENDING_STATES = ('draft',) + OPEN_STATES


class CiKpiAlertRule(models.Model):
    """Watches a KPI of a work center or operation and opens an improvement
    when it gets worse than a threshold, or than its own recent baseline."""

    _name = 'ci.kpi.alert.rule'
    _description = 'KPI Alert Rule'
    _inherit = [
        'ci.protected.mixin',
        'ci.operation.scope.mixin',
        'ci.kpi.mixin',
        'mail.thread',
    ]
    _order = 'name, id'

    name = fields.Char(required=True, track_visibility='onchange')
    active = fields.Boolean(default=True, track_visibility='onchange')
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    workcenter_id = fields.Many2one(
        track_visibility='onchange',
        help="Scope of the rule: a work center, or an operation (below); "
        "neither: the whole plant.",
    )
    operation_id = fields.Many2one(
        track_visibility='onchange',
        help="A routing operation; it must run on the work center when both "
        "are set.",
    )
    product_id = fields.Many2one(
        track_visibility='onchange',
        help="Only the work orders producing this product (optional).",
    )
    window_days = fields.Integer(
        string='Window (days)',
        required=True,
        default=7,
        track_visibility='onchange',
        help="The KPI is evaluated over this many days, ending on the day of "
        "the evaluation.",
    )
    mode = fields.Selection(
        MODES, required=True, default='absolute', track_visibility='onchange'
    )
    threshold = fields.Float(
        digits=(16, 2),
        track_visibility='onchange',
        help="Absolute threshold: the rule fires when the KPI is worse than "
        "this value (below it "
        "for a KPI where higher is better, above it otherwise).",
    )
    degradation_pct = fields.Float(
        string='Degradation (%)',
        digits=(16, 2),
        default=10.0,
        track_visibility='onchange',
        help="Degradation vs baseline: the rule fires when the KPI is worse "
        "than its baseline by "
        "more than this percentage.",
    )
    baseline_days = fields.Integer(
        string='Baseline (days)',
        required=True,
        default=28,
        track_visibility='onchange',
        help="The days just before the window: the baseline a degradation is "
        "measured against. "
        "Shown in the evidence in both modes.",
    )
    cooldown_days = fields.Integer(
        string='Cooldown (days)',
        required=True,
        default=7,
        track_visibility='onchange',
        help="After firing, the rule stays quiet for this many days, even once "
        "its improvement is "
        "closed. It fires at most once a day.",
    )
    min_data_points = fields.Integer(
        string='Minimum data points',
        required=True,
        default=1,
        track_visibility='onchange',
        help="Done work orders (time logs for OEE) needed in the window, and "
        "in the baseline window "
        "in degradation mode. With fewer, the evaluation is logged as 'no data'.",
    )
    owner_id = fields.Many2one(
        'res.users',
        track_visibility='onchange',
        help="Owner of the improvements the rule opens. Empty: the CI owner of "
        "the work center at "
        "the time the rule fires.",
    )
    date_last_fired = fields.Date(
        string='Last fired on', readonly=True, copy=False
    )
    evaluation_ids = fields.One2many(
        'ci.kpi.alert.evaluation',
        'rule_id',
        string='Evaluations',
        readonly=True,
    )
    evaluation_count = fields.Integer(compute='_compute_evaluation_info')
    last_outcome = fields.Selection(
        OUTCOMES, compute='_compute_evaluation_info'
    )
    improvement_ids = fields.One2many(
        'ci.improvement',
        'kpi_alert_rule_id',
        string='Improvements',
        readonly=True,
    )
    improvement_count = fields.Integer(compute='_compute_improvement_count')

    def _compute_evaluation_info(self):
        for rule in self:
            # in the log's order: the newest first
            rule.evaluation_count = len(rule.evaluation_ids)
            rule.last_outcome = rule.evaluation_ids[:1].outcome

    def _compute_improvement_count(self):
        for rule in self:
            rule.improvement_count = len(rule.improvement_ids)

    # ------------------------------------------------------------------
    # constraints, onchanges, CRUD
    # ------------------------------------------------------------------
    def _field_label(self, field):
        return self._fields[field].get_description(self.env)['string']

    @api.constrains('workcenter_id', 'operation_id', 'owner_id')
    def _check_scope(self):
        for rule in self:
            if (
                not rule.workcenter_id
                and not rule.operation_id
                and not rule.owner_id
            ):
                raise ValidationError(
                    _(
                        "KPI alert rule %(rule)s watches the whole plant (no "
                        "Work Center, no Operation): "
                        "choose its Owner, who gets the improvements it opens."
                    )
                    % {'rule': rule.name}
                )

    def _scope_mismatch_message(self, values):
        return _(
            "KPI alert rule %(rule)s: Operation %(op)s runs on work center "
            "%(op_wc)s, not on "
            "the rule's Work Center %(wc)s."
        ) % dict(values, rule=self.name)

    @api.constrains(
        'window_days', 'baseline_days', 'cooldown_days', 'min_data_points'
    )
    def _check_days(self):
        for rule in self:
            for field, minimum in (
                ('window_days', 1),
                ('baseline_days', 1),
                ('min_data_points', 1),
                ('cooldown_days', 0),
            ):
                if rule[field] < minimum:
                    raise ValidationError(
                        _(
                            "KPI alert rule %(rule)s: %(field)s must be at "
                            "least %(minimum)s, not "
                            "%(value)s."
                        )
                        % {
                            'rule': rule.name,
                            'field': rule._field_label(field),
                            'minimum': minimum,
                            'value': rule[field],
                        }
                    )

    @api.constrains('mode', 'threshold', 'degradation_pct', 'kpi')
    def _check_limit(self):
        for rule in self:
            if rule.mode == 'degradation' and rule.degradation_pct <= 0:
                raise ValidationError(
                    _(
                        "KPI alert rule %(rule)s: %(field)s must be greater "
                        "than 0, not %(value)s."
                    )
                    % {
                        'rule': rule.name,
                        'field': rule._field_label('degradation_pct'),
                        'value': rule.degradation_pct,
                    }
                )
            if rule.mode == 'absolute' and (
                rule.threshold < 0
                or (rule.kpi_unit == '%' and rule.threshold > 100)
            ):
                raise ValidationError(
                    _(
                        "KPI alert rule %(rule)s: %(field)s %(value)s is not a "
                        "possible %(kpi)s value."
                    )
                    % {
                        'rule': rule.name,
                        'field': rule._field_label('threshold'),
                        'value': rule.threshold,
                        'kpi': rule._kpi_label(),
                    }
                )

    @api.onchange('workcenter_id')
    def _onchange_workcenter_id(self):
        if self.workcenter_id.owner_id and not self.owner_id:
            self.owner_id = self.workcenter_id.owner_id
        return super(CiKpiAlertRule, self)._onchange_workcenter_id()

    def _protected_fields(self):
        res = super(CiKpiAlertRule, self)._protected_fields()
        # the cooldown counts from it: written by the evaluation only
        res['date_last_fired'] = None
        return res

    def unlink(self):
        self.check_access_rights('unlink')
        for rule in self:
            if rule.evaluation_ids:
                raise UserError(
                    _(
                        "KPI alert rule %(rule)s has %(count)s evaluations in "
                        "its log: archive it instead of "
                        "deleting it, so that the log stays."
                    )
                    % {'rule': rule.name, 'count': len(rule.evaluation_ids)}
                )
        return super(CiKpiAlertRule, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_evaluate_now(self):
        """Evaluate the rules today, as the scheduled job does (for who may
        edit them)."""
        self.env['ci.access']._check_records(
            self, 'write', 'ci.kpi.alert.rule.action_evaluate_now'
        )
        self._evaluate(trigger='manual')
        return True

    def action_view_improvements(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.kpi.alert.rule.action_view_improvements'
        )
        action = self.env.ref('ci_process.ci_improvement_action').read()[0]
        action['domain'] = [('kpi_alert_rule_id', '=', self.id)]
        action['context'] = {'create': False}
        return action

    def action_view_evaluations(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.kpi.alert.rule.action_view_evaluations'
        )
        action = self.env.ref(
            'ci_process.ci_kpi_alert_evaluation_action'
        ).read()[0]
        action['domain'] = [('rule_id', '=', self.id)]
        action['context'] = {}
        return action

    @api.model
    def _cron_evaluate(self):
        """Daily job: every active rule. A rule that cannot be evaluated does
        not stop the others; its failure is logged with the evaluations too,
        where managers look, not only in the server log."""
        for rule in self.search([('active', '=', True)]):
            try:
                with self.env.cr.savepoint():
                    rule._evaluate(trigger='cron')
            except Exception as exc:  # pylint: disable=broad-except
                self.invalidate_cache()
                _logger.exception(
                    "KPI alert rule %s (id %s) could not be evaluated",
                    rule.name,
                    rule.id,
                )
                rule._log_error(exc)
        return True

    def _log_error(self, exc):
        today = datetime.datetime.utcnow().date()
        facts = {
            'date_from': today,
            'date_to': today,
            'baseline_date_from': False,
            'baseline_date_to': False,
            'value': None,
            'baseline': None,
            'limit': None,
            'data_points': 0,
        }
        message = _("Could not be evaluated: %(error)s") % {'error': exc}
        return self._log(
            facts, 'error', self.env['ci.improvement'], message, 'cron'
        )

    # ------------------------------------------------------------------
    # evaluation
    # ------------------------------------------------------------------
    def _fmt(self, value):
        return '%.2f %s' % (value, self.kpi_unit)

    def _workcenter(self):
        return self.workcenter_id or self.operation_id.workcenter_id

    def _owner(self):
        return self.owner_id or self._workcenter().owner_id

    def _scope_text(self):
        return ' / '.join(
            r.display_name
            for r in (self._workcenter(), self.operation_id, self.product_id)
            if r
        ) or _("the whole plant")

    def _evaluate(self, today=None, trigger='manual'):
        """Evaluate each rule as of ``today`` (a date, default: today, UTC like
        the KPI windows) and log the outcome; returns the evaluations."""
        today = today or fields.Date.from_string(fields.Date.today())
        evaluations = self.env['ci.kpi.alert.evaluation']
        for rule in self:
            evaluations |= rule._evaluate_one(today, trigger)
        return evaluations

    def _evaluate_one(self, today, trigger):
        self.ensure_one()
        # the job and a manual run must not both fire: the second one waits
        # here until the first commits, then sees its improvement (or fails to
        # serialize and is retried)
        self.env.cr.execute(
            "SELECT id FROM ci_kpi_alert_rule WHERE id = %s FOR UPDATE",
            (self.id,),
        )
        self.invalidate_cache(['date_last_fired'], self.ids)
        facts = self._measure(today)
        outcome, improvement, message = self._decide(facts, today)
        if outcome == 'fired':
            improvement = self._fire(facts, today)
            message = _(
                "Limit breached (%(breach)s): opened improvement %(ref)s, "
                "owner %(owner)s."
            ) % {
                'breach': facts['breach_text'],
                'ref': improvement.name,
                'owner': improvement.owner_id.name
                or _('none (nobody is CI owner of the work center)'),
            }
        return self._log(facts, outcome, improvement, message, trigger)

    def _measure(self, today):
        """The KPI over the window and the baseline window before it, and the
        limit."""
        date_to = today
        date_from = today - datetime.timedelta(days=self.window_days - 1)
        baseline_to = date_from - datetime.timedelta(days=1)
        baseline_from = baseline_to - datetime.timedelta(
            days=self.baseline_days - 1
        )
        # both windows in one read, day by day: the evidence shows the days
        days = self.env['ci.kpi']._totals(
            baseline_from, date_to, period='day', **self._scope()
        )
        window = kpi_lib.add(*[t for day, t in days if day >= date_from])
        base = kpi_lib.add(*[t for day, t in days if day <= baseline_to])
        value = kpi_lib.value_of(self.kpi, window)
        baseline = kpi_lib.value_of(self.kpi, base)
        baseline_points = kpi_lib.data_points(self.kpi, base)
        if baseline_points < self.min_data_points:
            baseline = None
        limit = kpi_alert.limit(
            self.kpi, self.mode, self.threshold, baseline, self.degradation_pct
        )
        facts = {
            'date_from': date_from,
            'date_to': date_to,
            'baseline_date_from': baseline_from,
            'baseline_date_to': baseline_to,
            'value': value,
            'data_points': kpi_lib.data_points(self.kpi, window),
            'baseline': baseline,
            'baseline_points': baseline_points,
            'limit': limit,
            'days': days,
        }
        facts['breach'] = self._breach(facts)
        facts['breach_text'] = (
            self.env['ci.message']._arg(facts['breach'], self.env.lang)
            if facts['breach']
            else ''
        )
        return facts

    def _breach(self, facts):
        """The breach as a system message argument (see ci.message), or None."""
        if facts['value'] is None or facts['limit'] is None:
            return None
        if self.mode == 'absolute':
            limit = {
                'msg': 'alert.limit_absolute',
                'args': {'limit': self._fmt(facts['limit'])},
            }
        else:
            limit = {
                'msg': 'alert.limit_relative',
                'args': {
                    'limit': self._fmt(facts['limit']),
                    'baseline': self._fmt(facts['baseline']),
                    'pct': '%.2f' % self.degradation_pct,
                },
            }
        return {
            'msg': 'alert.breach',
            'args': {
                'kpi': {'sel': ['ci.kpi.alert.rule', 'kpi', self.kpi]},
                'value': self._fmt(facts['value']),
                'date_from': str(facts['date_from']),
                'date_to': str(facts['date_to']),
                'limit': limit,
            },
        }

    def _decide(self, facts, today):
        """(outcome, improvement, message) in this order: no data, within
        limits, open improvement, cooldown, else 'fired' (message to come)."""
        Improvement = self.env['ci.improvement']
        if (
            facts['value'] is None
            or facts['data_points'] < self.min_data_points
        ):
            return (
                'no_data',
                Improvement,
                _(
                    "No data: %(count)s data points (done work orders, time "
                    "logs for OEE) from %(date_from)s "
                    "to %(date_to)s, %(needed)s needed."
                )
                % {
                    'count': facts['data_points'],
                    'date_from': facts['date_from'],
                    'date_to': facts['date_to'],
                    'needed': self.min_data_points,
                },
            )
        if facts['limit'] is None:
            return (
                'no_data',
                Improvement,
                _(
                    "No baseline: %(count)s data points from %(date_from)s to "
                    "%(date_to)s, %(needed)s needed "
                    "to measure a degradation."
                )
                % {
                    'count': facts['baseline_points'],
                    'date_from': facts['baseline_date_from'],
                    'date_to': facts['baseline_date_to'],
                    'needed': self.min_data_points,
                },
            )
        if not kpi_alert.is_breached(self.kpi, facts['value'], facts['limit']):
            return (
                'within_limits',
                Improvement,
                _("Within limits: %(breach)s.")
                % {'breach': facts['breach_text']},
            )
        # sudo: an open improvement of the rule holds the alert back even when
        # the user running the evaluation cannot see it (someone's draft)
        pending = Improvement.sudo().search(
            [
                ('kpi_alert_rule_id', '=', self.id),
                ('state', 'in', PENDING_STATES),
            ],
            limit=1,
            order='id desc',
        )
        if pending:
            states = dict(
                pending._fields['state']._description_selection(self.env)
            )
            return (
                'open_task',
                pending,
                _(
                    "Limit breached (%(breach)s), but improvement %(ref)s of "
                    "this rule is still open "
                    "(%(state)s): no second one."
                )
                % {
                    'breach': facts['breach_text'],
                    'ref': pending.name,
                    'state': states[pending.state],
                },
            )
        if self.date_last_fired:
            fired = fields.Date.from_string(self.date_last_fired)
            until = fired + datetime.timedelta(days=max(self.cooldown_days, 1))
            if today < until:
                return (
                    'cooldown',
                    Improvement,
                    _(
                        "Limit breached (%(breach)s), but the rule fired on "
                        "%(fired)s and stays quiet until "
                        "%(until)s (cooldown of %(days)s days; at most once a day)."
                    )
                    % {
                        'breach': facts['breach_text'],
                        'fired': fired,
                        'until': until,
                        'days': self.cooldown_days,
                    },
                )
        return 'fired', Improvement, ''

    def _fire(self, facts, today):
        """Open and submit the improvement, attach the evidence, note it on the
        rule."""
        owner = self._owner()
        values = {
            'kpi': self._kpi_label(),
            'value': self._fmt(facts['value']),
            'scope': self._scope_text(),
            'rule': self.name,
            'breach': facts['breach_text'],
            'count': facts['data_points'],
            'baseline': (
                self._fmt(facts['baseline'])
                if facts['baseline'] is not None
                else _('no data')
            ),
            'b_from': facts['baseline_date_from'],
            'b_to': facts['baseline_date_to'],
        }
        improvement = self.env['ci.improvement']._create_from_origin(
            {
                'title': _("KPI alert: %(kpi)s %(value)s on %(scope)s")
                % values,
                'problem': _(
                    "KPI alert rule %(rule)s: %(breach)s, over %(count)s data "
                    "points. Baseline from "
                    "%(b_from)s to %(b_to)s: %(baseline)s. Scope: %(scope)s. "
                    "The daily values "
                    "(CSV) and their chart (SVG) are attached."
                )
                % values,
                'origin': 'kpi_alert',
                'kpi_alert_rule_id': self.id,
                'workcenter_id': self._workcenter().id,
                'operation_id': self.operation_id.id,
                'product_id': self.product_id.id,
                'owner_id': owner.id,
                'company_id': self.company_id.id,
            }
        )
        improvement.action_submit()
        attachments = self._attach_evidence(improvement, facts, today)
        Message = self.env['ci.message']
        Message._post(
            improvement,
            'alert.evidence',
            {'rule': self.name},
            attachment_ids=attachments.ids,
            subtype='mail.mt_note',
        )
        self._workflow().write(
            {'date_last_fired': fields.Date.to_string(today)}
        )
        Message._post(
            self,
            'alert.fired',
            {'breach': facts['breach'], 'ref': improvement.name},
            subtype='mail.mt_note',
        )
        return improvement

    def _attach_evidence(self, improvement, facts, today):
        rows = kpi_alert.daily(
            self.kpi,
            facts['baseline_date_from'],
            facts['date_to'],
            facts['days'],
        )
        lines = [(_('Limit'), facts['limit'])]
        if facts['baseline'] is not None:
            lines.append((_('Baseline'), facts['baseline']))
        svg = svg_chart.line_chart(
            [(day, value) for day, value, _count in rows if value is not None],
            lines,
            title='%s - %s' % (self._kpi_label(), self._scope_text()),
            empty_text=_('No done work orders.'),
        )
        stem = 'kpi_alert_%s_%s' % (self.id, fields.Date.to_string(today))
        attachments = self.env['ir.attachment']
        for name, content, mimetype in (
            (
                stem + '.csv',
                kpi_alert.daily_csv(rows, facts['date_from']),
                'text/csv',
            ),
            (stem + '.svg', svg, 'image/svg+xml'),
        ):
            attachments |= attachments.create(
                {
                    'name': name,
                    'datas_fname': name,
                    'mimetype': mimetype,
                    'datas': base64.b64encode(content.encode('utf-8')),
                    'res_model': improvement._name,
                    'res_id': improvement.id,
                }
            )
        return attachments

    def _log(self, facts, outcome, improvement, message, trigger):
        values = {
            'rule_id': self.id,
            'company_id': self.company_id.id,
            'trigger': trigger,
            'user_id': self.env.uid,
            'kpi': self.kpi,
            'mode': self.mode,
            'workcenter_id': self._workcenter().id,
            'date_from': fields.Date.to_string(facts['date_from']),
            'date_to': fields.Date.to_string(facts['date_to']),
            'baseline_date_from': facts['baseline_date_from']
            and fields.Date.to_string(facts['baseline_date_from']),
            'baseline_date_to': facts['baseline_date_to']
            and fields.Date.to_string(facts['baseline_date_to']),
            'has_value': facts['value'] is not None,
            'value': facts['value'] or 0.0,
            'data_points': facts['data_points'],
            'has_baseline': facts['baseline'] is not None,
            'baseline': facts['baseline'] or 0.0,
            'has_limit': facts['limit'] is not None,
            'limit': facts['limit'] or 0.0,
            'outcome': outcome,
            'improvement_id': improvement.id,
            'message': message,
        }
        # sudo: nobody has the right to create evaluations, so none can be
        # forged; the evaluation writes them whoever runs it (job, manager)
        Evaluation = self.env['ci.kpi.alert.evaluation']
        return (
            Evaluation.sudo()
            ._workflow()
            .create(values)
            .with_env(Evaluation.env)
        )
