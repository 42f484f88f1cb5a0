# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import spc
from .ci_spc_characteristic import STORM_THRESHOLD


class CiSpcSignal(models.Model):
    """A run rule violated on a control chart: the process changed."""

    _name = 'ci.spc.signal'
    _description = 'SPC Signal'
    _inherit = ['ci.protected.mixin', 'mail.thread']
    _order = 'date desc, id desc'
    # raised by the rules on the measurements, never by hand
    _ci_workflow_create = True
    # written in bulk by every batch of measurements that breaks a rule: no
    # create/write user columns, whose foreign keys PostgreSQL would check
    # row by row; date_signalled keeps when it was raised
    _log_access = False

    # no index of its own: the unique key below starts with it
    characteristic_id = fields.Many2one(
        'ci.spc.characteristic',
        required=True,
        ondelete='cascade',
        readonly=True,
    )
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True
    )
    phase_id = fields.Many2one(
        'ci.spc.phase', readonly=True, ondelete='cascade'
    )
    rule_id = fields.Many2one(
        'ci.spc.rule', required=True, readonly=True, ondelete='restrict'
    )
    point_key = fields.Char(
        string='Point',
        required=True,
        readonly=True,
        help="The subgroup (or measurement time) that completed the pattern.",
    )
    date = fields.Datetime(
        string='Point Time', required=True, readonly=True, index=True
    )
    date_signalled = fields.Datetime(
        string='Signalled On',
        readonly=True,
        help="When the measurement that revealed it came in.",
    )
    value = fields.Float(
        digits=(16, 6), readonly=True, help="The plotted value of that point."
    )
    decimals = fields.Integer(
        related='characteristic_id.decimals', readonly=True
    )
    chart = fields.Selection(
        [('main', 'Main chart'), ('spread', 'Spread chart')],
        default='main',
        required=True,
        readonly=True,
    )
    involved = fields.Text(string='Points Involved', readonly=True)
    state = fields.Selection(
        [
            ('new', 'New'),
            ('acknowledged', 'Acknowledged'),
            ('escalated', 'Escalated'),
        ],
        default='new',
        required=True,
        readonly=True,
        index=True,
        track_visibility='onchange',
    )
    improvement_id = fields.Many2one(
        'ci.improvement', readonly=True, ondelete='set null'
    )
    note = fields.Text()

    _sql_constraints = [
        # a violation is signalled once, however often the chart is evaluated
        (
            'point_uniq',
            'unique(characteristic_id, phase_id, rule_id, chart, point_key)',
            "This violation is already signalled.",
        ),
    ]

    def name_get(self):
        # the rule broken and when, in the reader's time zone (the point's
        # key is an identity for machines, not a name for people)
        res = []
        for signal in self:
            when = signal.point_key
            if signal.date:
                when = fields.Datetime.context_timestamp(
                    signal, fields.Datetime.from_string(signal.date)
                ).strftime('%Y-%m-%d %H:%M')
            res.append((signal.id, '%s @ %s' % (signal.rule_id.name, when)))
        return res

    def _protected_fields(self):
        res = super(CiSpcSignal, self)._protected_fields()
        # what the rules found stays as found; the note is the people's
        res.update(dict.fromkeys(self._stored_fields(exclude=('note',)), None))
        return res

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "%(signals)s: a signal is a record of what the chart showed: "
                "it cannot be "
                "deleted. Void the measurements behind it if they were wrong."
            )
            % {'signals': ', '.join(self.mapped('display_name'))}
        )

    def action_acknowledge(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.spc.signal.action_acknowledge'
        )
        if self.filtered(lambda s: s.state != 'new'):
            raise UserError(_("Only new signals can be acknowledged."))
        self._workflow().write({'state': 'acknowledged'})
        return True

    def action_escalate(self):
        """Open (or join) the characteristic's improvement for these signals."""
        # the improvement is opened as the system: the caller's right is checked here
        self.env['ci.access']._check_records(
            self, 'write', 'ci.spc.signal.action_escalate'
        )
        # per characteristic, all at once: one improvement (a storm of them
        # summed up), not one call and one message per signal
        todo = self.filtered(lambda s: s.state != 'escalated')
        for char in todo.mapped('characteristic_id'):
            self.env['ci.improvement']._spc_open(
                char,
                todo.filtered(
                    lambda s, char=char: s.characteristic_id == char
                ),
            )
        return True

    # ------------------------------------------------------------------
    # raised by the rules
    # ------------------------------------------------------------------
    @api.model
    def _signal(
        self, char, phase, points, result, specs, since, improvement=None
    ):
        """Signals of the characteristic ``char`` for the violations of
        ``result`` (the engine's chart of ``points`` in ``phase``) not
        signalled yet, as dicts: id, characteristic_id, phase_id, rule_id,
        rule (code), chart, point_key, date. With ``improvement``, they are
        escalated to it."""
        char.ensure_one()
        rules = {spec['code']: spec['id'] for spec in specs}
        found = [('main', v) for v in spc.rules(result, specs)]
        if result.secondary is not None:
            # a range (or S, MR) beyond its limit: the spread changed
            spread_specs = [
                s for s in specs if s['test_type'] == 'beyond_limit'
            ]
            found += [
                ('spread', v)
                for v in spc.rules(result.secondary, spread_specs)
            ]
        if not found:
            return []
        rows = []
        since = (
            fields.Datetime.to_string(since)
            if isinstance(since, datetime.datetime)
            else since
        )
        for chart, violation in found:
            date = points['dates'][violation.index]
            if since and date < since:
                continue  # signalled when its own batch came in
            series = result if chart == 'main' else result.secondary
            rows.append(
                (
                    rules[violation.code],
                    chart,
                    points['keys'][violation.index],
                    date,
                    float(series.points[violation.index]),
                    ', '.join(
                        str(points['keys'][i]) for i in violation.involved
                    ),
                )
            )
        if not rows:
            return []
        # one statement for the batch's violations; the unique key drops those
        # already signalled, also when another batch signalled them meanwhile
        now = fields.Datetime.now()
        self.env.cr.execute(
            """
            INSERT INTO ci_spc_signal (characteristic_id, company_id, phase_id,
                rule_id, chart, point_key, date,
                                       value, involved, state, improvement_id,
                                           date_signalled)
            SELECT %s, %s, %s, r.rule_id, r.chart, r.point_key, r.date,
                r.value, r.involved, %s, %s, %s
              FROM unnest(%s::int[], %s::varchar[], %s::varchar[],
                  %s::timestamp[], %s::float8[], %s::text[])
                   AS r(rule_id, chart, point_key, date, value, involved)
            ON CONFLICT ON CONSTRAINT ci_spc_signal_point_uniq DO NOTHING
            RETURNING id, rule_id, chart, point_key, date""",
            [
                char.id,
                char.company_id.id,
                phase.id,
                'escalated' if improvement else 'new',
                improvement.id if improvement else None,
                now,
            ]
            + [list(column) for column in zip(*rows)],
        )
        created = self.env.cr.fetchall()
        # written outside the ORM: the lists of signals it may hold are stale
        self.invalidate_cache(['characteristic_id', 'improvement_id'])
        char.invalidate_cache(['signal_open_count'])
        codes = {rule_id: code for code, rule_id in rules.items()}
        return [
            {
                'id': id_,
                'characteristic_id': char.id,
                'phase_id': phase.id,
                'rule_id': rule_id,
                'rule': codes[rule_id],
                'chart': chart,
                'point_key': key,
                'date': date,
            }
            for id_, rule_id, chart, key, date in created
        ]

    def _on_signals(self, char):
        """What these new signals of ``char`` set off: its improvement
        (opened or joined, in the name of ``char``'s user), else a to-do for
        its owner."""
        char.ensure_one()
        if char.auto_improvement:
            char.env['ci.improvement']._spc_open(char, self)
            return
        owner = char.owner_id
        if owner:
            # sudo: whoever's measurement reveals the signal warns the owner
            self.sudo()._schedule_signal_activity(owner)

    def _schedule_signal_activity(self, owner):
        """A to-do for the owner; while one is open, later signals only show
        in the characteristic's Signals tab (a to-do per batch would bury
        the owner under a running shift)."""
        char = self.mapped('characteristic_id')
        char.ensure_one()
        todo = self.env.ref('mail.mail_activity_data_todo')
        pending = char._pending_activity(todo, owner)
        if pending:
            return pending
        summary = _('%(count)s new SPC signals on %(char)s') % {
            'count': len(self),
            'char': char.name,
        }
        storm = self._signal_storm(
            char, self.read(['rule_id', 'date'], load='_classic_write')
        )
        return char._schedule_activity(todo, owner, summary, note=storm)

    @api.model
    def _storm_threshold(self):
        """More signals than this from one batch on one characteristic are a
        storm (system parameter ci_spc.signal_storm_threshold, default
        STORM_THRESHOLD)."""
        value = (
            self.env['ir.config_parameter']
            .sudo()
            .get_param('ci_spc.signal_storm_threshold')
        )
        try:
            value = int(value)
        except (TypeError, ValueError):
            return STORM_THRESHOLD
        return value if value >= 1 else STORM_THRESHOLD

    @api.model
    def _signal_storm(self, char, found):
        """The summary of the signals ``found`` of ``char`` (their read()
        with rule_id and date) when they are a storm: how many, per rule,
        over which time; False for a few signals, which are listed one by
        one."""
        char.ensure_one()
        if len(found) <= self._storm_threshold():
            return False
        per_rule = collections.Counter(r['rule_id'] for r in found)
        names = {
            rule.id: rule.name
            for rule in self.env['ci.spc.rule']
            .sudo()
            .with_context(active_test=False)
            .browse(list(per_rule))
        }
        dates = sorted(r['date'] for r in found)
        return _(
            "The control chart of %(char)s (%(code)s) raised %(count)s signals "
            "in one go, for points from "
            "%(first)s to %(last)s (UTC): %(rules)s. Each one is recorded, in "
            "the Signals tab of the "
            "characteristic."
        ) % {
            'char': char.name,
            'code': char.code,
            'count': len(found),
            'first': dates[0],
            'last': dates[-1],
            'rules': ', '.join(
                '%s × %d' % (names.get(rule_id, rule_id), count)
                for rule_id, count in sorted(
                    per_rule.items(), key=lambda item: (-item[1], item[0])
                )
            ),
        }
