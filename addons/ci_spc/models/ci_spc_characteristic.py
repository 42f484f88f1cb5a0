# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import datetime
import math

import numpy as np
import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.ci_process.models.ci_improvement import OPEN_STATES

from ..lib import display
from ..lib import spc
from ..lib import svg_spc

CHART_TYPES = [
    ('xbar_r', 'X̄-R (mean and range)'),
    ('xbar_s', 'X̄-S (mean and standard deviation)'),
    ('imr', 'I-MR (individuals and moving range)'),
    ('p', 'p (fraction defective)'),
    ('np', 'np (number defective)'),
    ('c', 'c (defects per unit, constant area)'),
    ('u', 'u (defects per unit, varying area)'),
]
# a phase as rule evaluation reads it (ci.spc.phase fields of the same names)
PhaseRow = collections.namedtuple(
    'PhaseRow', 'id date_start state center sigma_within'
)
# what the reasonable range of a characteristic's values is computed from
REASONABLE_DEPENDS = (
    'chart_type',
    'reasonable_manual',
    'reasonable_low_set',
    'reasonable_high_set',
    'has_lsl',
    'lsl',
    'has_usl',
    'usl',
    'has_target',
    'target',
    'phase_ids.state',
    'phase_ids.lcl',
    'phase_ids.ucl',
)
# what evaluating the rules of a characteristic starts from (see _rule_state)
RuleState = collections.namedtuple(
    'RuleState', 'chart_type last specs spans improvement_id'
)
RULE_SPEC_FIELDS = ('id', 'code', 'test_type', 'window', 'min_count', 'sigma')
VARIABLE_CHARTS = ('xbar_r', 'xbar_s', 'imr')
SUBGROUP_CHARTS = ('xbar_r', 'xbar_s')
# attribute charts whose points are a count out of a sample size
SIZED_CHARTS = ('p', 'np', 'u')
# the secondary chart under the main one
SPREAD_NAMES = {'xbar_r': 'R', 'xbar_s': 'S', 'imr': 'MR'}
# most points chart_data hands over in one call
MAX_CHART_POINTS = 10000
# Plausibility of measurements (docs/api.md, ingest). The largest magnitude
# of a measured value: the value field keeps 16 digits, 6 of them decimals.
MAX_MAGNITUDE = 1e10
# The derived reasonable limits: the reference range (specification, target,
# frozen control limits, else recent measurements) widened on each side by
# this many times its scale, the larger of its width and its distance from 0.
REASONABLE_MARGIN = 10.0
# the recent measurements a characteristic without specification nor frozen
# limits takes as its reference (their quartiles)
REASONABLE_SAMPLE = 100
# attributes charts: the most defects, defectives or units inspected in one sample
MAX_ATTRIBUTE = 10**6
# more signals than this from one batch on one characteristic are a storm:
# one improvement summarising them (system parameter ci_spc.signal_storm_threshold)
STORM_THRESHOLD = 50
# a capability index beyond this says only that sigma is (nearly) zero: not shown
MAX_INDEX = 1e9
CAP_KEYS = ('cp', 'cpk', 'pp', 'ppk', 'cpm')
REASONABLE_HELP = (
    "Measured values outside the reasonable limits cannot be real (a wrong "
    "unit, a sentinel or overflow "
    "value of a gauge): ingestion refuses the batch that holds one, like any "
    "bad row. Unless set by hand "
    "(Own Reasonable Limits), they are derived: the range spanned by the "
    "specification limits, the "
    "target and the control limits of the latest frozen phase (without any of "
    "these, the last 100 "
    "measurements, or the batch itself), widened on each side by 10 times the "
    "larger of its width and "
    "its distance from zero; never beyond -10^10 and 10^10. Out-of-control "
    "points stay well within "
    "them: the chart must show those."
)


class CiSpcCharacteristic(models.Model):
    """A measured characteristic of a product or operation (质量特性), watched
    on a control chart."""

    _name = 'ci.spc.characteristic'
    _description = 'SPC Characteristic'
    _inherit = [
        'ci.protected.mixin',
        'ci.operation.scope.mixin',
        'ci.activity.mixin',
        'mail.thread',
        'mail.activity.mixin',
    ]
    _order = 'name, id'

    name = fields.Char(required=True, track_visibility='onchange')
    code = fields.Char(
        required=True,
        index=True,
        copy=False,
        help="Identifier integrators use to send measurements (unique per company).",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    # redefined here, even as is: a field's module names the xml id (and
    # so the translations) of its label on this model
    product_id = fields.Many2one()
    operation_id = fields.Many2one(
        index=True,
        help="Operation where it is measured; its SOP versions start new "
        "chart phases.",
    )
    workcenter_id = fields.Many2one(index=True)
    unit = fields.Char(help="Unit of the measured values, e.g. mm, N·m, %.")
    decimals = fields.Integer(
        default=display.DEFAULT_DECIMALS,
        required=True,
        track_visibility='onchange',
        help="Number of decimals shown for the values and limits of this "
        "characteristic (0-6), "
        "on screens, charts and reports; values are stored with 6 decimals "
        "whatever it is.",
    )
    chart_type = fields.Selection(
        CHART_TYPES, required=True, default='imr', track_visibility='onchange'
    )
    subgroup_size = fields.Integer(
        default=1,
        required=True,
        track_visibility='onchange',
        help="Measurements per subgroup for X̄ charts (2-25); the usual sample "
        "size for p, np "
        "and u charts (np needs it constant).",
    )
    has_lsl = fields.Boolean(string='Lower Spec', track_visibility='onchange')
    lsl = fields.Float(
        string='LSL', digits=(16, 6), track_visibility='onchange'
    )
    has_usl = fields.Boolean(string='Upper Spec', track_visibility='onchange')
    usl = fields.Float(
        string='USL', digits=(16, 6), track_visibility='onchange'
    )
    has_target = fields.Boolean()
    target = fields.Float(digits=(16, 6))
    rule_ids = fields.Many2many(
        'ci.spc.rule',
        'ci_spc_characteristic_rule_rel',
        'characteristic_id',
        'rule_id',
        string='Run Rules',
        default=lambda self: self._default_rule_ids(),
    )
    owner_id = fields.Many2one(
        'res.users',
        default=lambda self: self.env.user,
        track_visibility='onchange',
        help="Notified of signals; owner of the improvements they open.",
    )
    baseline_subgroups = fields.Integer(
        string='Subgroups to Freeze Limits',
        default=25,
        required=True,
        help="A phase's control limits are computed from its first subgroups "
        "(points), then "
        "frozen. Until then the chart says its limits are provisional.",
    )
    phase_ids = fields.One2many(
        'ci.spc.phase', 'characteristic_id', string='Phases'
    )
    measurement_ids = fields.One2many(
        'ci.spc.measurement', 'characteristic_id', string='Measurements'
    )
    signal_ids = fields.One2many(
        'ci.spc.signal', 'characteristic_id', string='Signals'
    )
    measurement_count = fields.Integer(compute='_compute_counts')
    signal_open_count = fields.Integer(
        string='Open Signals', compute='_compute_counts'
    )
    improvement_ids = fields.One2many(
        'ci.improvement', 'spc_characteristic_id'
    )
    auto_improvement = fields.Boolean(
        string='Signals Open Improvements',
        default=True,
        help="A new signal opens an improvement (origin SPC signal) for the "
        "owner, or joins the one "
        "still open; without it, signals wait for the owner to acknowledge or "
        "escalate them.",
    )
    reasonable_manual = fields.Boolean(
        string='Own Reasonable Limits',
        track_visibility='onchange',
        help="Set the reasonable limits by hand, e.g. narrower to catch typing "
        "errors. Otherwise they "
        "are derived from the specification, the frozen control limits or the data.",
    )
    reasonable_low = fields.Float(
        digits=(16, 6),
        compute='_compute_reasonable_low',
        inverse='_inverse_reasonable_limits',
        help=REASONABLE_HELP,
    )
    reasonable_high = fields.Float(
        digits=(16, 6),
        compute='_compute_reasonable_high',
        inverse='_inverse_reasonable_limits',
        help=REASONABLE_HELP,
    )
    # the limits set by hand, in force with Own Reasonable Limits
    reasonable_low_set = fields.Float(
        string='Reasonable Low (by hand)',
        digits=(16, 6),
        track_visibility='onchange',
    )
    reasonable_high_set = fields.Float(
        string='Reasonable High (by hand)',
        digits=(16, 6),
        track_visibility='onchange',
    )
    date_evaluated = fields.Datetime(
        string='Rules Last Run',
        readonly=True,
        copy=False,
        help="When new or changed measurements were last judged by the run "
        "rules (a batch from a machine, "
        "the work order form, a void).",
    )
    current_phase_id = fields.Many2one(
        'ci.spc.phase', compute='_compute_current_phase_id'
    )
    limits_provisional = fields.Boolean(compute='_compute_current_phase_id')
    chart_svg = fields.Html(
        string='Control Chart', compute='_compute_chart_svg', sanitize=False
    )
    capability_svg = fields.Html(
        string='Capability Histogram',
        compute='_compute_capability',
        sanitize=False,
    )
    cap_n = fields.Integer(
        string='Observations', compute='_compute_capability'
    )
    cap_sigma_method = fields.Char(
        string='Sigma (within) from', compute='_compute_capability'
    )
    cap_cp = fields.Float(
        string='Cp', compute='_compute_capability', digits=(16, 2)
    )
    cap_cpk = fields.Float(
        string='Cpk', compute='_compute_capability', digits=(16, 2)
    )
    cap_pp = fields.Float(
        string='Pp', compute='_compute_capability', digits=(16, 2)
    )
    cap_ppk = fields.Float(
        string='Ppk', compute='_compute_capability', digits=(16, 2)
    )
    cap_cpm = fields.Float(
        string='Cpm', compute='_compute_capability', digits=(16, 2)
    )
    # the indices that do not apply or have no finite value, e.g. ',cp,cpm,'
    # (',,' for none): the form shows them empty rather than as 0
    cap_undefined = fields.Char(
        string='Undefined Indices', compute='_compute_capability'
    )

    _sql_constraints = [
        (
            'code_company_uniq',
            'unique(code, company_id)',
            "A characteristic code is unique per company.",
        ),
    ]

    @api.model
    def _default_rule_ids(self):
        rules = self.env['ci.spc.rule'].search(
            [('family', '=', 'western_electric')]
        )
        return [(6, 0, rules.ids)]

    def _compute_counts(self):
        Signal = self.env['ci.spc.signal']
        # the phases count their measurements (ci.spc.phase, stat_rows): not
        # a count over years of rows at every open
        measured = {}
        if self.ids:
            self.env.cr.execute(
                "SELECT characteristic_id, SUM(stat_rows) FROM ci_spc_phase "
                "WHERE characteristic_id IN %s GROUP BY characteristic_id",
                (tuple(self.ids),),
            )
            measured = dict(self.env.cr.fetchall())
        signalled = {
            d['characteristic_id'][0]: d['characteristic_id_count']
            for d in Signal.read_group(
                [('characteristic_id', 'in', self.ids), ('state', '=', 'new')],
                ['characteristic_id'],
                ['characteristic_id'],
            )
        }
        for char in self:
            char.measurement_count = int(measured.get(char.id) or 0)
            char.signal_open_count = signalled.get(char.id, 0)

    def _compute_current_phase_id(self):
        now = fields.Datetime.now()
        for char in self:
            phases = char.phase_ids.filtered(
                lambda p: p.date_start <= now
            ).sorted(lambda p: (p.date_start, p.id))
            char.current_phase_id = phases[-1:]
            char.limits_provisional = (
                bool(phases) and phases[-1].state == 'provisional'
            )

    def _compute_chart_svg(self):
        for char in self:
            char.chart_svg = char._render_chart() if char.id else False

    def _compute_capability(self):
        for char in self:
            cap = char._capability() if char.id else None
            char.cap_n = cap['n'] if cap else 0
            char.cap_sigma_method = cap['method_label'] if cap else False
            undefined = []
            for key in CAP_KEYS:
                value = (cap or {}).get(key)
                # an index is undefined without its spec limits, and infinite
                # (or NaN) with a zero sigma: shown empty, never as NaN or inf
                defined = value is not None and abs(value) < MAX_INDEX
                char['cap_' + key] = value if defined else 0.0
                if not defined:
                    undefined.append(key)
            # never empty: the form's 'ilike' on it needs a text
            char.cap_undefined = ',%s,' % ','.join(undefined)
            char.capability_svg = (
                svg_spc.capability_histogram(
                    cap['values'] if cap else [],
                    char._specs(),
                    cap,
                    unit=char.unit or '',
                    hist=cap['histogram'] if cap else None,
                    title=_('Capability of %(char)s') % {'char': char.name},
                    empty_text=_('No measurement in the current phase'),
                    labels={'target': _('Target')},
                )
                if char.id
                else False
            )

    @api.depends(*REASONABLE_DEPENDS)
    def _compute_reasonable_low(self):
        # one method per field: the inverse reads the other field, whose
        # computation must not overwrite the value being written
        limits = self._reasonable_limits()
        for char in self:
            char.reasonable_low = (
                (limits.get(char.id) or (-MAX_MAGNITUDE, MAX_MAGNITUDE))[0]
                if char.chart_type in VARIABLE_CHARTS
                else 0.0
            )

    @api.depends(*REASONABLE_DEPENDS)
    def _compute_reasonable_high(self):
        limits = self._reasonable_limits()
        for char in self:
            char.reasonable_high = (
                (limits.get(char.id) or (-MAX_MAGNITUDE, MAX_MAGNITUDE))[1]
                if char.chart_type in VARIABLE_CHARTS
                else 0.0
            )

    def _inverse_reasonable_limits(self):
        """Writing a reasonable limit sets both by hand: the one written and
        the other as it is in force."""
        for char in self:
            low, high = char.reasonable_low, char.reasonable_high
            char.write(
                {
                    'reasonable_manual': True,
                    'reasonable_low_set': low,
                    'reasonable_high_set': high,
                }
            )

    @api.onchange('reasonable_manual')
    def _onchange_reasonable_manual(self):
        # by hand from the derived limits, to be narrowed (or widened)
        if self.reasonable_manual:
            low, high = self._reasonable_limits(derived=True).get(self.id) or (
                -MAX_MAGNITUDE,
                MAX_MAGNITUDE,
            )
            self.reasonable_low_set, self.reasonable_high_set = low, high

    def _reasonable_limits(self, derived=False, batch=None):
        """{characteristic id: (low, high)}: the reasonable limits in force
        for measured values (variables charts only; see REASONABLE_HELP):
        set by hand (unless ``derived``), or the reference range widened
        (see _widen_reasonable). The reference is the hull of the
        specification limits, the target and the control limits of the
        latest frozen phase; without any of these, the quartiles of the
        last REASONABLE_SAMPLE measurements; without any measurement, the
        quartiles of ``batch`` ({characteristic id: values being recorded});
        without these either, None: only the magnitude limit applies.
        A few queries for all the characteristics: ingestion asks for every
        batch."""
        result, todo = {}, []
        for char in self:
            if char.chart_type not in VARIABLE_CHARTS:
                continue
            if char.reasonable_manual and not derived:
                result[char.id] = (
                    max(char.reasonable_low_set, -MAX_MAGNITUDE),
                    min(char.reasonable_high_set, MAX_MAGNITUDE),
                )
            else:
                todo.append(char)
        stored = tuple(char.id for char in todo if isinstance(char.id, int))
        control = {}
        if stored:
            # the latest frozen limits: a new phase keeps the scale of the last
            # one until it freezes
            self.env.cr.execute(
                """
                SELECT DISTINCT ON (characteristic_id) characteristic_id, lcl, ucl
                  FROM ci_spc_phase WHERE characteristic_id IN %s AND state = 'frozen'
                 ORDER BY characteristic_id, date_start DESC, id DESC""",
                (stored,),
            )
            control = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        missing = []
        for char in todo:
            reference = [
                value
                for flag, value in (
                    (char.has_lsl, char.lsl),
                    (char.has_usl, char.usl),
                    (char.has_target, char.target),
                )
                if flag
            ]
            limits = _widen_reasonable(
                reference + list(control.get(char.id, ()))
            )
            if limits is None:
                missing.append(char)
            else:
                result[char.id] = limits
        recent = {}
        stored = tuple(char.id for char in missing if isinstance(char.id, int))
        if stored:
            # the newest measurements by the (characteristic, time) index; their
            # quartiles: a few absurd values stored earlier do not move them
            self.env.cr.execute(
                """
                SELECT c.id, (SELECT percentile_cont(ARRAY[0.25, 0.75]) WITHIN
                    GROUP (ORDER BY v.value)
                                FROM (SELECT m.value FROM ci_spc_measurement m
                                       WHERE m.characteristic_id = c.id AND NOT
                                           m.voided
                                         AND m.value BETWEEN %s AND %s
                                       ORDER BY m.timestamp DESC, m.id DESC
                                           LIMIT %s) v)
                  FROM unnest(%s) AS c(id)""",
                (
                    -MAX_MAGNITUDE,
                    MAX_MAGNITUDE,
                    REASONABLE_SAMPLE,
                    list(stored),
                ),
            )
            recent = dict(self.env.cr.fetchall())
        for char in missing:
            reference = recent.get(char.id)
            values = (batch or {}).get(char.id)
            if not reference and values is not None and len(values):
                values = np.asarray(values, dtype=float)
                values = values[np.abs(values) < MAX_MAGNITUDE]
                reference = (
                    np.percentile(values, [25, 75]).tolist()
                    if values.size
                    else None
                )
            result[char.id] = _widen_reasonable(reference or ())
        return result

    @api.constrains('chart_type', 'subgroup_size')
    def _check_subgroup_size(self):
        for char in self:
            size = char.subgroup_size
            if char.chart_type in SUBGROUP_CHARTS and not 2 <= size <= 25:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: an X̄ chart needs a Subgroup "
                        "Size between 2 and 25, "
                        "not %(value)s."
                    )
                    % {'char': char.name, 'value': size}
                )
            if char.chart_type == 'imr' and size != 1:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: an I-MR chart plots single "
                        "values: Subgroup Size must "
                        "be 1, not %(value)s."
                    )
                    % {'char': char.name, 'value': size}
                )
            if char.chart_type in SIZED_CHARTS + ('c',) and size < 1:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: Subgroup Size must be at "
                        "least 1, not %(value)s."
                    )
                    % {'char': char.name, 'value': size}
                )

    @api.constrains(
        'has_lsl',
        'lsl',
        'has_usl',
        'usl',
        'has_target',
        'target',
        'chart_type',
    )
    def _check_specs(self):
        for char in self:
            if (
                char.has_lsl or char.has_usl or char.has_target
            ) and char.chart_type not in VARIABLE_CHARTS:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: specification limits apply "
                        "to measured values "
                        "(X̄-R, X̄-S, I-MR charts), not to a %(chart)s chart."
                    )
                    % {'char': char.name, 'chart': char.chart_type}
                )
            if char.has_lsl and char.has_usl and char.lsl >= char.usl:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: LSL %(lsl)s must be below "
                        "USL %(usl)s."
                    )
                    % {'char': char.name, 'lsl': char.lsl, 'usl': char.usl}
                )
            if char.has_target and (
                (char.has_lsl and char.target < char.lsl)
                or (char.has_usl and char.target > char.usl)
            ):
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: Target %(target)s is outside "
                        "the specification."
                    )
                    % {'char': char.name, 'target': char.target}
                )

    @api.constrains(
        'reasonable_manual',
        'reasonable_low_set',
        'reasonable_high_set',
        'chart_type',
    )
    def _check_reasonable_limits(self):
        for char in self.filtered('reasonable_manual'):
            if char.chart_type not in VARIABLE_CHARTS:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: reasonable limits apply to "
                        "measured values (X̄-R, X̄-S, I-MR "
                        "charts), not to a %(chart)s chart."
                    )
                    % {'char': char.name, 'chart': char.chart_type}
                )
            low, high = char.reasonable_low_set, char.reasonable_high_set
            # (the 6 decimals of the field round 10^10 a hair beyond it)
            bound = MAX_MAGNITUDE * (1 + 1e-12)
            if not -bound <= low < high <= bound:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: Reasonable Low %(low)s must "
                        "be below Reasonable High %(high)s, "
                        "both between -%(max)s and %(max)s."
                    )
                    % {
                        'char': char.name,
                        'low': low,
                        'high': high,
                        'max': '%.0f' % MAX_MAGNITUDE,
                    }
                )

    @api.constrains('decimals')
    def _check_decimals(self):
        for char in self:
            if not 0 <= char.decimals <= display.MAX_DECIMALS:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: Decimals must be between 0 "
                        "and %(max)s, not %(value)s."
                    )
                    % {
                        'char': char.name,
                        'max': display.MAX_DECIMALS,
                        'value': char.decimals,
                    }
                )

    @api.constrains('baseline_subgroups')
    def _check_baseline_subgroups(self):
        for char in self:
            if not 2 <= char.baseline_subgroups <= 500:
                raise ValidationError(
                    _(
                        "Characteristic %(char)s: Subgroups to Freeze Limits "
                        "must be between 2 and 500, "
                        "not %(value)s."
                    )
                    % {'char': char.name, 'value': char.baseline_subgroups}
                )

    def _scope_mismatch_message(self, values):
        return _(
            "Characteristic %(char)s: operation %(op)s runs on %(op_wc)s, not "
            "on work center "
            "%(wc)s."
        ) % dict(values, char=self.name)

    @api.onchange('chart_type')
    def _onchange_chart_type(self):
        if self.chart_type == 'imr':
            self.subgroup_size = 1
        elif (
            self.chart_type in SUBGROUP_CHARTS
            and not 2 <= self.subgroup_size <= 25
        ):
            self.subgroup_size = 5

    @api.model
    def _check_decimals_sent(self, vals):
        """Decimals as sent, before the ORM converts them (3.7 would store
        3, True 1, None or '' 0, 'abc' fail in int()): a whole number from
        0 to display.MAX_DECIMALS, not a boolean; else a ValidationError
        naming the field and the value."""
        value = vals['decimals']
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= display.MAX_DECIMALS
        ):
            raise ValidationError(
                _(
                    "Decimals must be a whole number between 0 and %(max)s, "
                    "not %(value)r."
                )
                % {'max': display.MAX_DECIMALS, 'value': value}
            )

    @api.model
    def create(self, vals):
        if 'decimals' not in vals and 'default_decimals' in self._context:
            # a default from the context reaches the ORM's conversion too
            self._check_decimals_sent(
                {'decimals': self._context['default_decimals']}
            )
        elif 'decimals' in vals:
            self._check_decimals_sent(vals)
        if vals.get('operation_id') and not vals.get('workcenter_id'):
            # as the form's onchange does, for RPC and imports too
            vals = dict(
                vals,
                workcenter_id=self.env['mrp.routing.workcenter']
                .browse(vals['operation_id'])
                .workcenter_id.id,
            )
        if (
            'decimals' not in vals
            and vals.get('has_lsl')
            and vals.get('has_usl')
        ):
            # shown to a tenth of the tolerance, unless said otherwise
            vals = dict(
                vals,
                decimals=display.decimals_for_tolerance(
                    vals.get('lsl'), vals.get('usl')
                ),
            )
        char = super(CiSpcCharacteristic, self).create(vals)
        # every chart starts with a phase; its limits freeze once enough
        # subgroups exist. It starts now, and at the first measurement once
        # there is one (see _sync_first_phase)
        self.env['ci.spc.phase']._workflow().create(
            {
                'characteristic_id': char.id,
                'date_start': fields.Datetime.now(),
                'origin': 'initial',
                'reason': _("First phase"),
            }
        )
        return char

    def _protected_fields(self):
        res = super(CiSpcCharacteristic, self)._protected_fields()
        # stamped by every run of the rules: what orders concurrent batches
        res['date_evaluated'] = None
        return res

    def write(self, vals):
        if 'decimals' in vals:
            self._check_decimals_sent(vals)
        frozen = ('chart_type', 'subgroup_size')
        if any(f in vals for f in frozen):
            for char in self:
                if char.measurement_ids and any(
                    vals.get(f, char[f]) != char[f]
                    for f in frozen
                    if f in vals
                ):
                    raise ValidationError(
                        _(
                            "Characteristic %(char)s has measurements: its "
                            "chart type and subgroup size "
                            "cannot change. Create a new characteristic."
                        )
                        % {'char': char.name}
                    )
        return super(CiSpcCharacteristic, self).write(vals)

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_view_measurements(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.spc.characteristic.action_view_measurements'
        )
        action = self.env.ref('ci_spc.ci_spc_measurement_action').read()[0]
        action['domain'] = [('characteristic_id', '=', self.id)]
        # the columns of its chart type only (see the list view)
        action['context'] = {
            'default_characteristic_id': self.id,
            'ci_spc_variables': self.chart_type in VARIABLE_CHARTS,
            'ci_spc_attributes': self.chart_type not in VARIABLE_CHARTS,
            'ci_spc_unsized': self.chart_type == 'c',
        }
        return action

    def action_view_signals(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.spc.characteristic.action_view_signals'
        )
        action = self.env.ref('ci_spc.ci_spc_signal_action').read()[0]
        action['domain'] = [('characteristic_id', '=', self.id)]
        return action

    def action_new_phase(self):
        self.ensure_one()
        Access = self.env['ci.access']
        Access._check_records(
            self, 'read', 'ci.spc.characteristic.action_new_phase'
        )
        Access._check_records(
            self.env['ci.spc.phase'],
            'create',
            'ci.spc.characteristic.action_new_phase',
        )
        return {
            'type': 'ir.actions.act_window',
            'name': _('Start a New Phase'),
            'res_model': 'ci.spc.phase',
            'view_mode': 'form',
            'target': 'new',
            'context': {
                'default_characteristic_id': self.id,
                'default_origin': 'manual',
                'default_date_start': fields.Datetime.now(),
            },
        }

    def action_archive_measurements(self, before_date):
        """Move the measurements of the phases with frozen limits that end
        by ``before_date`` ('YYYY-MM-DD', or with a time, UTC) to the
        archive (docs/storage.md, "Archive"): capability, histogram, counts
        and charts stay as they were. CI Managers. Returns the phases
        archived and the measurements moved."""
        self.ensure_one()
        method = 'ci.spc.characteristic.action_archive_measurements'
        Access = self.env['ci.access']
        Access._check_group('ci_process.group_ci_manager', method)
        Access._check_records(self, 'write', method)
        before = self._archive_limit(before_date)
        phases, moved = self.env['ci.spc.phase']._archive(self, before)
        if not phases:
            raise UserError(
                _(
                    "Archive before = %(value)s: no phase of %(char)s with "
                    "frozen limits ends by then "
                    "that is not archived yet; nothing to archive."
                )
                % {'value': before, 'char': self.name}
            )
        self.env['ci.message']._post(
            self.sudo(),
            'spc.measurements_archived',
            {'count': moved, 'phases': len(phases), 'date': before},
            subtype='mail.mt_note',
        )
        return {'phase_ids': phases.ids, 'moved': moved}

    def action_archive_year_old(self):
        """The form's button: archive what ended more than a year ago."""
        self.ensure_one()
        today = fields.Date.from_string(fields.Date.context_today(self))
        self.action_archive_measurements(
            fields.Date.to_string(today - datetime.timedelta(days=365))
        )
        return True

    @api.model
    def _archive_limit(self, before_date):
        """``before_date`` as 'YYYY-MM-DD HH:MM:SS' (UTC), checked: a date,
        not in the future."""
        stamp = None
        if (
            isinstance(before_date, str)
            and 10 <= len(before_date.strip()) <= 26
        ):
            try:
                stamp = datetime.datetime.fromisoformat(before_date.strip())
            except ValueError:
                stamp = None
        label = _("Archive before")
        if stamp is None or stamp.tzinfo is not None or stamp.year < 1970:
            raise ValidationError(
                _("%(field)s = %(value)r: expected a date 'YYYY-MM-DD' (UTC).")
                % {'field': label, 'value': before_date}
            )
        if stamp > datetime.datetime.utcnow():
            raise ValidationError(
                _(
                    "%(field)s = %(value)r: in the future; only phases that "
                    "ended can be archived."
                )
                % {'field': label, 'value': before_date}
            )
        return fields.Datetime.to_string(stamp)

    # ------------------------------------------------------------------
    # business: phases
    # ------------------------------------------------------------------
    def _phase_starts(self):
        """{characteristic id: [(start, phase id)] in time order}."""
        self.env.cr.execute(
            """
            SELECT characteristic_id, date_start, id FROM ci_spc_phase
             WHERE characteristic_id IN %s ORDER BY characteristic_id,
                 date_start, id""",
            (tuple(self.ids) or (0,),),
        )
        starts = {}
        for char_id, start, phase_id in self.env.cr.fetchall():
            starts.setdefault(char_id, []).append(
                (
                    (
                        fields.Datetime.from_string(start)
                        if isinstance(start, str)
                        else start
                    ),
                    phase_id,
                )
            )
        return starts

    def _sync_first_phase(self, since=None, resync=True):
        """The first phase starts at the first measurement (voided ones too:
        each belongs to a phase), and never after another phase; without
        either, when the characteristic was created. Called whenever one of
        these moves: a batch (``since``: {characteristic id: its first
        timestamp}, before it is written), a timestamp corrected, a phase
        started. Three indexed look-ups per characteristic. ``resync``: the
        statistics of the phases follow (see ci.spc.phase._stats_resync);
        False when the caller resyncs them itself."""
        cr = self.env.cr
        moved = self.env['ci.spc.phase']
        for char in self:
            cr.execute(
                "SELECT id, date_start, date_archived FROM ci_spc_phase WHERE "
                "characteristic_id = %s "
                "AND origin = 'initial' ORDER BY id LIMIT 1",
                (char.id,),
            )
            row = cr.fetchone()
            if not row or row[2]:
                # an archived first phase stays where it is (see
                # ci.spc.phase._archive)
                continue
            cr.execute(
                "SELECT MIN(date_start) FROM ci_spc_phase WHERE "
                "characteristic_id = %s AND id != %s",
                (char.id, row[0]),
            )
            other = cr.fetchone()[0]
            cr.execute(
                "SELECT MIN(timestamp) FROM ci_spc_measurement WHERE "
                "characteristic_id = %s",
                (char.id,),
            )
            first = cr.fetchone()[0]
            starts = [
                v if isinstance(v, str) else fields.Datetime.to_string(v)
                for v in (first, other, (since or {}).get(char.id))
                if v
            ]
            start = (
                min(starts)
                if starts
                else (char.create_date or fields.Datetime.now())
            )
            if row[1] != start:
                spans = moved._stats_spans(char) if resync else None
                cr.execute(
                    "UPDATE ci_spc_phase SET date_start = %s WHERE id = %s",
                    (start, row[0]),
                )
                moved |= moved.browse(row[0])
                if resync:
                    moved._stats_resync(char, spans)
        if moved:
            moved.invalidate_cache(['date_start'])
        return moved

    @api.model
    def _phase_at(self, starts, char_id, stamp):
        current = None
        for start, phase_id in starts.get(char_id, ()):
            if start <= stamp:
                current = phase_id
            else:
                break
        return current

    def _plant_tz(self):
        """The time zone of the plant's calendar: the company's (its
        partner's), else None."""
        name = self.mapped('company_id')[:1].partner_id.tz
        return (
            pytz.timezone(name)
            if name and name in pytz.all_timezones_set
            else None
        )

    def _display_tz(self):
        """The time zone dates are shown in to whoever reads: theirs (the
        context's, set from their preferences), else the plant's, else UTC."""
        name = self._context.get('tz') or self.env.user.tz
        if name and name in pytz.all_timezones_set:
            return pytz.timezone(name)
        return self._plant_tz() or pytz.utc

    def _start_phase_for_version(self, version):
        """A new SOP version of the operation: a new phase from its effective
        date, a day of the plant's calendar: its phase starts at midnight
        there (the company's time zone; without one, the approver's, as the
        version's work orders take it: ci.sop.version._start_utc)."""
        Phase = self.env['ci.spc.phase']
        for char in self:
            tz = char._plant_tz()
            if tz:
                day = fields.Date.from_string(version.date_effective)
                local = tz.localize(
                    datetime.datetime.combine(day, datetime.time())
                )
                start = fields.Datetime.to_string(local.astimezone(pytz.utc))
            else:
                start = version._start_utc()
            if Phase.search_count(
                [
                    ('characteristic_id', '=', char.id),
                    ('sop_version_id', '=', version.id),
                ]
            ):
                continue
            Phase._workflow().create(
                {
                    'characteristic_id': char.id,
                    'date_start': start,
                    'origin': 'sop_version',
                    'sop_version_id': version.id,
                    'reason': _("%(version)s takes effect: %(summary)s")
                    % {
                        'version': version.name,
                        'summary': version.change_summary or '',
                    },
                }
            )
            self.env['ci.message']._post(
                char,
                'spc.new_phase',
                {
                    'date': version.date_effective,
                    'version': version.name,
                    'n': char.baseline_subgroups,
                },
                subtype='mail.mt_note',
            )

    # ------------------------------------------------------------------
    # business: points, limits, rules
    # ------------------------------------------------------------------
    def _engine_chart(self, points, limits=None, baseline=None):
        """The engine's chart of ``points`` (see ci.spc.measurement._points)
        against frozen ``limits`` (ci.spc.phase) or limits from the first
        ``baseline`` points.
        """
        self.ensure_one()
        # a sigma of 0 is a constant process's (every point off the center is
        # beyond its limits); attributes charts take theirs from the center
        frozen = (
            [spc.Limits(limits.center, limits.sigma_within or 0.0)]
            if limits
            else None
        )
        kind = self.chart_type
        if kind in SUBGROUP_CHARTS:
            return spc.chart(
                kind, points['values'], limits=frozen, baseline=baseline
            )
        if kind == 'imr':
            return spc.chart(
                kind, points['values'], limits=frozen, baseline=baseline
            )
        if kind == 'c':
            return spc.chart(
                kind, points['counts'], limits=frozen, baseline=baseline
            )
        return spc.chart(
            kind,
            points['counts'],
            sizes=points['sizes'],
            limits=frozen,
            baseline=baseline,
        )

    def _rule_specs(self):
        """The characteristic's active rules as the engine takes them (with
        their ids)."""
        self.ensure_one()
        return self._rule_state()[self.id].specs

    def _rule_state(self, lock=False):
        """{characteristic id: RuleState}, read in one query: the chart
        type, the latest measurement's time, the active rules (dicts of
        RULE_SPEC_FIELDS), the phases in time order as (PhaseRow, end)
        pairs (end None for the current one) and the open improvement id.
        No record rules: it decides where signals go, whoever asks.

        ``lock``: lock the characteristics (in id order) until the
        transaction ends and stamp their Rules Last Run, so that
        concurrent batches of one characteristic take turns (why the
        stamp: docs/design.md, Rule evaluation under concurrency)."""
        if not self.ids:
            return {}
        # ::text: timestamps as the cursor gives them elsewhere
        columns = """
            c.id, c.chart_type,
            (SELECT MAX(m.timestamp) FROM ci_spc_measurement m WHERE
                m.characteristic_id = c.id),
            (SELECT json_agg(json_build_array(r.id, r.code, r.test_type,
                r.window, r.min_count, r.sigma)
                             ORDER BY r.family, r.sequence, r.id)
               FROM ci_spc_rule r
               JOIN ci_spc_characteristic_rule_rel rel ON rel.rule_id = r.id
              WHERE rel.characteristic_id = c.id AND r.active),
            (SELECT json_agg(json_build_array(p.id, p.date_start::text,
                p.state, p.center, p.sigma_within,
                                              p.date_stop::text) ORDER BY
                                                  p.date_start, p.id)
               FROM (SELECT id, date_start, state, center, sigma_within,
                            lead(date_start) OVER (ORDER BY date_start, id) AS
                                date_stop
                       FROM ci_spc_phase WHERE characteristic_id = c.id) p),
            (SELECT i.id FROM ci_improvement i
              WHERE i.spc_characteristic_id = c.id AND i.state IN %(states)s
              ORDER BY i.date_submitted DESC, i.id DESC LIMIT 1)"""
        if lock:
            query = """
                UPDATE ci_spc_characteristic c SET date_evaluated = %(now)s
                  FROM (SELECT id FROM ci_spc_characteristic WHERE id IN
                      %(ids)s ORDER BY id FOR UPDATE) l
                 WHERE c.id = l.id
             RETURNING {columns}""".format(columns=columns)
        else:
            query = (
                "SELECT {columns} FROM ci_spc_characteristic c WHERE c.id IN %(ids)s"
            ).format(columns=columns)
        self.env.cr.execute(
            query,
            {
                'states': ('draft',) + OPEN_STATES,
                'ids': tuple(self.ids),
                'now': fields.Datetime.now(),
            },
        )
        if lock:
            self.invalidate_cache(['date_evaluated'], self.ids)
        return {
            char_id: RuleState(
                chart_type,
                last,
                [dict(zip(RULE_SPEC_FIELDS, spec)) for spec in specs or ()],
                [(PhaseRow(*phase[:5]), phase[5]) for phase in phases or ()],
                improvement_id,
            )
            for (
                char_id,
                chart_type,
                last,
                specs,
                phases,
                improvement_id,
            ) in self.env.cr.fetchall()
        }

    @staticmethod
    def _enough(points):
        return len(points['keys']) >= 2

    def _evaluate_rules(self, since=None, appended=None, state=None):
        """Freeze the limits of phases that have enough subgroups and signal
        the rule violations against frozen limits. ``since``: {characteristic
        id: datetime}: only the points from then on (and the few before them
        the rules need) are read. ``appended``: {characteristic id: rows}, a
        batch just written that comes after every stored measurement of an
        individuals or attributes chart, as (id, timestamp, timestamp text,
        value, count, sample_size) in time order: its points are taken from
        memory, not read back. ``state``: the characteristics'
        _rule_state(lock=True) when the caller has it. Returns the new signals
        as dicts (see ci.spc.signal._signal): a batch
        reports them without reading them back."""
        Signal = self.env['ci.spc.signal'].sudo()
        Measurement = self.env['ci.spc.measurement']
        state = state if state is not None else self._rule_state(lock=True)
        created = []
        for char in self:
            _chart_type, _last, specs, spans, improvement_id = state[char.id]
            # signals join the open improvement as they are written: no
            # second pass over them for every batch of a shift
            # (sudo: see _rule_state)
            joined = (
                self.env['ci.improvement'].sudo().browse(improvement_id)
                if char.auto_improvement and improvement_id
                else None
            )
            new = []
            start = (since or {}).get(char.id)
            for phase, stop in spans:
                if (
                    start
                    and stop
                    and fields.Datetime.from_string(stop) <= start
                ):
                    continue  # the phase ended before the new points
                if phase.state == 'provisional':
                    record = self.env['ci.spc.phase'].browse(phase.id)
                    points = Measurement._points(char, record)
                    if len(points['keys']) < char.baseline_subgroups:
                        continue
                    record._freeze(points)
                    phase = phase._replace(
                        center=record.center, sigma_within=record.sigma_within
                    )
                    window = None
                else:
                    window = start
                if not specs:
                    continue
                lookback = max(spec['window'] for spec in specs) + 1
                rows = (appended or {}).get(char.id) if window else None
                points = Measurement._points(
                    char,
                    phase,
                    since=window,
                    lookback=lookback,
                    time_range=(phase.date_start, stop),
                    before_only=rows is not None,
                )
                if rows is not None:
                    Measurement._append_points(
                        points, rows, phase.date_start, stop
                    )
                if not char._enough(points):
                    continue
                new += Signal._signal(
                    char,
                    phase,
                    points,
                    char._engine_chart(points, limits=phase),
                    specs,
                    window,
                    improvement=joined,
                )
            if new and not joined:
                Signal.browse([signal['id'] for signal in new])._on_signals(
                    char
                )
            created += new
        return created

    # ------------------------------------------------------------------
    # business: display
    # ------------------------------------------------------------------
    def _specs(self):
        return {
            'lsl': self.lsl if self.has_lsl else None,
            'usl': self.usl if self.has_usl else None,
            'target': self.target if self.has_target else None,
        }

    def _chart_series(self, limit=150):
        """The last ``limit`` points of the chart, phase by phase, with the
        limits they are judged against (frozen, or provisional from the
        points so far), the violations (``violations``: point indexes;
        ``rules``: {index: rule codes broken there}) and the phase
        boundaries."""
        self.ensure_one()
        series = []
        remaining = limit
        # one query for all the phases
        specs = self._rule_specs() if self.rule_ids else None
        for phase in self.phase_ids.sorted(
            lambda p: (p.date_start, p.id), reverse=True
        ):
            if remaining <= 0:
                break
            points = self.env['ci.spc.measurement']._points(
                self, phase, limit=remaining
            )
            if not self._enough(points):
                continue
            try:
                if phase.state == 'frozen':
                    result = self._engine_chart(points, limits=phase)
                else:
                    result = self._engine_chart(
                        points, baseline=len(points['keys'])
                    )
            except spc.SpcError:
                # limits the engine refuses (stored before the checks): the
                # phase is left off the display rather than breaking it
                continue
            broken = {}
            for violation in (
                spc.rules(result, specs) if specs is not None else []
            ):
                broken.setdefault(violation.index, []).append(violation.code)
            series.insert(
                0,
                {
                    'phase': phase,
                    'points': points,
                    'result': result,
                    'violations': sorted(broken),
                    'rules': broken,
                },
            )
            remaining -= len(points['keys'])
        return series

    def _format_value(self, value):
        """A value or limit of this characteristic as text, at its decimals
        ('' for none)."""
        self.ensure_one()
        return display.format_number(value, self.decimals)

    def _chart_labels(self):
        """The control chart's words, in the reader's language."""
        return {
            'cl': 'CL',
            'limits': _("Control limits"),
            'spec': _("Spec limits"),
            'zone_a': _("Zone A (2-3σ)"),
            'zone_b': _("Zone B (1-2σ)"),
            'zone_c': _("Zone C (±1σ)"),
            'in_control': _("In control"),
            'out_of_control': _("Out of control"),
            'spread': SPREAD_NAMES.get(self.chart_type, ''),
            'date': _("Dates"),
        }

    def _render_chart(self, width=None, tz=None):
        """The control chart as SVG (lib/svg_spc.py): the phases of the last
        points, each labelled by its SOP version and its own limits, the R,
        S or MR chart under X̄ and individuals charts, dates in ``tz`` (the
        reader's, see _display_tz). ``width``: of the picture (390 for a
        phone)."""
        self.ensure_one()
        spread_specs = (
            [
                spec
                for spec in self._rule_specs()
                if spec['test_type'] == 'beyond_limit'
            ]
            if self.rule_ids
            else []
        )
        segments = []
        for s in self._chart_series():
            result = s['result']
            segment = {
                'label': s['phase'].sop_version_id.name or s['phase'].name,
                'provisional': s['phase'].state != 'frozen',
                'keys': s['points']['keys'],
                'dates': s['points']['dates'],
                'points': result.points,
                'center': result.center,
                'lcl': result.lcl,
                'ucl': result.ucl,
                'sigma': result.sigma,
                'violations': s['violations'],
            }
            spread = result.secondary
            if spread is not None:
                segment['spread'] = {
                    'points': spread.points,
                    'center': spread.center,
                    'lcl': spread.lcl,
                    'ucl': spread.ucl,
                    'violations': (
                        sorted(
                            {v.index for v in spc.rules(spread, spread_specs)}
                        )
                        if spread_specs
                        else []
                    ),
                }
            segments.append(segment)
        # specification limits judge single values: on the individuals chart only
        specs = self._specs() if self.chart_type == 'imr' else None
        return svg_spc.control_chart(
            segments,
            title='%s (%s)'
            % (
                self.name,
                dict(
                    self._fields['chart_type']._description_selection(self.env)
                ).get(self.chart_type),
            ),
            unit=self.unit or '',
            empty_text=_('Not enough measurements yet'),
            provisional_text=_('provisional limits'),
            decimals=self.decimals,
            specs=specs,
            labels=self._chart_labels(),
            tz=tz or self._display_tz(),
            width=width or svg_spc.WIDTH,
        )

    def chart_data(self, limit=150):
        """The control chart as plain data, for integrators (docs/api.md):
        the characteristic, all its phases with their frozen limits, and its
        last ``limit`` points in time order, each with the limits it is
        judged against and the run rules it breaks: what the chart on the
        form draws."""
        if len(self) != 1:
            raise UserError(
                _(
                    "Chart data: one characteristic at a time, not %(count)s "
                    "(ids %(ids)s)."
                )
                % {'count': len(self), 'ids': self.ids}
            )
        if not self.exists():
            raise UserError(
                _("Chart data: no such characteristic (id %(id)s).")
                % {'id': self.id}
            )
        # the points are read in SQL: the caller's rights are checked here
        self.check_access_rights('read')
        self.check_access_rule('read')
        if (
            not isinstance(limit, int)
            or isinstance(limit, bool)
            or not 1 <= limit <= MAX_CHART_POINTS
        ):
            raise ValidationError(
                _(
                    "Chart data: limit = %(value)r: a whole number from 1 to "
                    "%(max)s is "
                    "expected."
                )
                % {'value': limit, 'max': MAX_CHART_POINTS}
            )
        spread_specs = [
            spec
            for spec in self._rule_specs()
            if spec['test_type'] == 'beyond_limit'
        ]
        points = []
        # a phase is drawn from 2 points on (see _enough): a limit of 1 reads
        # 2 and hands over the last one, as the chart of any limit ends
        for segment in self._chart_series(limit=max(limit, 2)):
            result, data, phase = (
                segment['result'],
                segment['points'],
                segment['phase'],
            )
            spread = result.secondary
            spread_broken = {}
            if spread is not None and spread_specs:
                for violation in spc.rules(spread, spread_specs):
                    spread_broken.setdefault(violation.index, []).append(
                        violation.code
                    )
            for i, key in enumerate(data['keys']):
                point = {
                    'key': key,
                    'date': str(data['dates'][i]),
                    'phase_id': phase.id,
                    'measurement_ids': data['ids'][i],
                    'value': _plain(result.points[i]),
                    'center': _plain(result.center[i]),
                    'lcl': _plain(result.lcl[i]),
                    'ucl': _plain(result.ucl[i]),
                    'rules': segment['rules'].get(i, []),
                }
                if self.chart_type not in VARIABLE_CHARTS:
                    point.update(
                        count=data['counts'][i],
                        sample_size=data['sizes'][i] or False,
                    )
                if spread is not None:
                    point.update(
                        spread=_plain(spread.points[i]),
                        spread_center=_plain(spread.center[i]),
                        spread_lcl=_plain(spread.lcl[i]),
                        spread_ucl=_plain(spread.ucl[i]),
                        spread_rules=spread_broken.get(i, []),
                    )
                points.append(point)
        points = points[-limit:]
        self._chart_point_signals(points)
        ordered = self.phase_ids.sorted(lambda p: (p.date_start, p.id))
        phases = [
            {
                'id': phase.id,
                'name': phase.name,
                'origin': phase.origin,
                'state': phase.state,
                # what the chart writes on the phase's band: its SOP version,
                # else its name
                'label': phase.sop_version_id.name or phase.name,
                'date_start': phase.date_start,
                'date_end': (
                    ordered[i + 1].date_start
                    if i + 1 < len(ordered)
                    else False
                ),
                'sop_version_id': phase.sop_version_id.id or False,
                'center': phase.center if phase.state == 'frozen' else False,
                'lcl': phase.lcl if phase.state == 'frozen' else False,
                'ucl': phase.ucl if phase.state == 'frozen' else False,
            }
            for i, phase in enumerate(ordered)
        ]
        # the names of the rules the points break, in the reader's language
        codes = {
            code
            for point in points
            for code in point['rules'] + (point.get('spread_rules') or [])
        }
        rules = (
            self.env['ci.spc.rule']
            .with_context(active_test=False)
            .search([('code', 'in', sorted(codes))])
        )
        decimals = getattr(self, 'decimals', None)
        return {
            'id': self.id,
            'code': self.code,
            'name': self.name,
            'chart_type': self.chart_type,
            'subgroup_size': self.subgroup_size,
            'unit': self.unit or False,
            'lsl': self.lsl if self.has_lsl else False,
            'usl': self.usl if self.has_usl else False,
            'target': self.target if self.has_target else False,
            # decimals of values and limits (3 until the characteristic says)
            'decimals': (
                decimals
                if isinstance(decimals, int) and not isinstance(decimals, bool)
                else 3
            ),
            'rule_names': {rule.code: rule.name for rule in rules},
            'phases': phases,
            'points': points,
        }

    def _chart_point_signals(self, points):
        """Adds to each of ``points`` (chart_data's) the ids of the signals
        recorded at it (``signal_ids``) and of the improvements they opened
        that the reader may open (``improvement_ids``): one search for all
        the points, under the reader's rights."""
        self.ensure_one()
        for point in points:
            point.update(signal_ids=[], improvement_ids=[])
        if not points:
            return
        Signal = self.env['ci.spc.signal']
        signals = Signal.search(
            [
                ('characteristic_id', '=', self.id),
                ('point_key', 'in', [p['key'] for p in points]),
            ],
            order='id',
        )
        rows = signals.read(
            ['point_key', 'phase_id', 'improvement_id'], load='_classic_write'
        )
        readable = set(
            self.env['ci.improvement']
            .search(
                [
                    (
                        'id',
                        'in',
                        list(
                            {
                                r['improvement_id']
                                for r in rows
                                if r['improvement_id']
                            }
                        ),
                    )
                ]
            )
            .ids
        )
        by_point = {}
        for row in rows:
            by_point.setdefault(
                (row['phase_id'] or False, row['point_key']), []
            ).append(row)
        for point in points:
            for row in by_point.get((point['phase_id'], point['key']), []):
                point['signal_ids'].append(row['id'])
                if (
                    row['improvement_id'] in readable
                    and row['improvement_id'] not in point['improvement_ids']
                ):
                    point['improvement_ids'].append(row['improvement_id'])

    def _capability(self):
        """Capability of the current phase's measurements (variables
        charts), from the sums the phase keeps (ci.spc.phase, "Statistics"):
        its cost does not grow with the history. ``histogram``: (counts,
        edges) from the phase's bins, or None when the phase has no grid
        yet (provisional limits: a baseline's worth of points), and then
        ``values`` the plotted values."""
        self.ensure_one()
        specs = self._specs()
        phase = self.current_phase_id
        if (
            self.chart_type not in VARIABLE_CHARTS
            or not phase
            or not (specs['lsl'] is not None or specs['usl'] is not None)
        ):
            return None
        stats = phase._stats_read()
        if stats['stat_points'] < 2:
            return None
        if self.chart_type == 'imr':
            method, label = 'mr', _('MR̄ / d2 (moving range of 2)')
        else:
            method = 'rbar' if self.chart_type == 'xbar_r' else 'sbar'
            label = _('R̄ / d2') if method == 'rbar' else _('S̄ / c4')
        try:
            cap = spc.capability_from_sums(
                stats['stat_n'],
                stats['stat_sum'],
                stats['stat_sum2'],
                stats['stat_spread_sum'],
                stats['stat_spread_count'],
                method,
                subgroup_size=self.subgroup_size,
                lsl=specs['lsl'],
                usl=specs['usl'],
                target=specs['target'],
            )
        except spc.SpcError:
            return None  # no capability rather than a broken form
        cap = dict(cap)
        values, histogram = [], None
        if stats['bin_width']:
            histogram = spc.histogram_from_bins(
                stats['bins'], stats['bin_origin'], stats['bin_width']
            )
        else:
            points = self.env['ci.spc.measurement']._points(self, phase)
            values = (
                points['values']
                if self.chart_type == 'imr'
                else [v for group in points['values'] for v in group]
            )
        cap.update(values=values, histogram=histogram, method_label=label)
        return cap

    def action_record(self):
        self.ensure_one()
        Access = self.env['ci.access']
        Access._check_records(
            self, 'read', 'ci.spc.characteristic.action_record'
        )
        Access._check_records(
            self.env['ci.spc.measurement'],
            'create',
            'ci.spc.characteristic.action_record',
        )
        return {
            'type': 'ir.actions.act_window',
            'name': _('Record Measurements'),
            'res_model': 'ci.spc.measurement.entry',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_characteristic_id': self.id},
        }

    def _record_floor(
        self,
        values=None,
        count=None,
        sample_size=None,
        workorder=None,
        note=None,
    ):
        """Record what an operator measured now (the entry wizard, the
        station): ``values`` for variables charts (a subgroup's values, or
        single values for I-MR), else ``count`` out of ``sample_size``.
        Goes through ``ci.spc.measurement.ingest``, all or nothing; returns
        its result. Raises UserError naming the field and value on a wrong
        count."""
        self.ensure_one()
        char = self
        stamp = datetime.datetime.utcnow()
        now = fields.Datetime.to_string(stamp)
        workorder = workorder or self.env['mrp.workorder']
        # a key of its own, even for two entries in the same second (at most
        # 64 characters with the I-MR suffix)
        subgroup = '%s %s' % (
            (workorder.name or _('manual'))[:30],
            stamp.strftime('%Y-%m-%d %H:%M:%S.%f'),
        )
        # entered on the floor: whoever enters them took them
        base = {
            'characteristic': char.id,
            'timestamp': now,
            'subgroup': subgroup,
            'user_id': self.env.uid,
        }
        if workorder:
            base['workorder_id'] = workorder.id
        if note:
            base['note'] = note
        if char.chart_type in VARIABLE_CHARTS:
            values = list(values or [])
            if not values:
                raise UserError(
                    _("Values: enter at least one measured value.")
                )
            if char.chart_type != 'imr' and len(values) != char.subgroup_size:
                raise UserError(
                    _(
                        "Values: %(count)s entered, but a subgroup of %(char)s "
                        "has %(n)s values."
                    )
                    % {
                        'char': char.name,
                        'n': char.subgroup_size,
                        'count': len(values),
                    }
                )
            rows = [dict(base, value=v) for v in values]
            if char.chart_type == 'imr':
                # single values each make a point of their own
                rows = [
                    dict(r, subgroup='%s #%d' % (subgroup, i + 1))
                    for i, r in enumerate(rows)
                ]
        else:
            row = dict(base, count=count)
            if char.chart_type != 'c':
                row['sample_size'] = sample_size
            rows = [row]
        result = self.env['ci.spc.measurement'].ingest(rows)
        message = _("%(count)s measurements recorded for %(char)s.") % {
            'count': result['created'],
            'char': char.name,
        }
        if result['signals']:
            message += ' ' + _("The chart signals a change: %(rules)s.") % {
                'rules': ', '.join(sorted(result['rules']))
            }
        if workorder:
            # sudo: posting on a work order needs Manufacturing rights that CI
            # Users lack; the note of what they measured goes under their name
            workorder.sudo().message_post(
                body=message, author_id=self.env.user.partner_id.id
            )
        return result


def _widen_reasonable(reference):
    """(low, high): the range of the ``reference`` values widened on each side
    by REASONABLE_MARGIN times its scale (the larger of its width and its
    distance from zero), within MAX_MAGNITUDE; None without a finite,
    non-zero reference. Ten times the scale: a process out of control, a
    scrapped part stay well inside; a wrong unit, a gauge's sentinel or
    overflow value (-2**31, 1e308) do not."""
    values = [
        float(v) for v in reference if v is not None and math.isfinite(v)
    ]
    if not values:
        return None
    low, high = min(values), max(values)
    scale = max(high - low, abs(low), abs(high))
    if not scale > 0:
        return None
    margin = REASONABLE_MARGIN * scale
    return max(low - margin, -MAX_MAGNITUDE), min(high + margin, MAX_MAGNITUDE)


def _plain(number):
    """A float for XML-RPC, which has no NaN: False where the chart has no
    value (the first moving range of a phase)."""
    number = float(number)
    return number if math.isfinite(number) else False
