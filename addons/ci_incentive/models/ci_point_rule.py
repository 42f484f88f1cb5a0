# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import points as points_lib

EVENTS = [
    ('submitted', 'Improvement submitted'),
    ('approved', 'Improvement approved'),
    ('pilot_completed', 'Pilot completed'),
    ('standardized', 'Improvement standardized'),
    ('impact_verified', 'Impact verified'),
    ('sop_review_done', 'SOP review done'),
    ('reuse', 'Standard reused elsewhere'),
    ('award', 'Periodic award'),
]
RECIPIENTS = [
    ('submitter', 'Submitter'),
    ('members', 'Members'),
    ('reviewer', 'Reviewer'),
    ('owner', 'Owner'),
    ('team', 'Team'),
]
CAP_PERIODS = [
    ('month', 'Month'),
    ('quarter', 'Quarter'),
    ('year', 'Year'),
]


class CiPointRule(models.Model):
    """How many points an event of the improvement process is worth, and to whom.

    Awarding: ``env['ci.point.rule']._award(event, records)`` applies the
    active rules of ``event`` in the records' company to each source record.
    The source models say who took part through ``_ci_point_facts(event)``
    (a dict: 'submitter', 'members', 'reviewer', 'owner' as res.users,
    'workcenter', 'company', optional 'amount' and 'date'); ci_incentive
    implements it on ci.improvement (submitted, approved, standardized,
    reuse), ci.pilot (pilot_completed, impact_verified) and ci.sop.review
    (sop_review_done), and calls ``_award`` from their transitions.

    ``rule._grant(source, users=..., team=..., date=..., amount=...)`` applies
    one rule to recipients chosen by the caller (the periodic 'award' event:
    the period's winners). Both are idempotent: the ledger's unique indexes
    let a rule award a recipient once per source record, however often and
    however concurrently they run.

    Caps: an award that would take a recipient past the rule's cap in the
    period of its date is cut to what is left; when nothing is left no entry
    is written. The recipient's account is locked first (see
    ``ci.point.entry._lock``), so concurrent awards cannot pass the cap.

    No workflow-owned field (hence no ``ci.protected.mixin``): a rule is the
    CI Managers' configuration, ``entry_count`` is computed and not stored;
    what a rule awarded stays in the ledger whatever the rule becomes.
    """

    _name = 'ci.point.rule'
    _description = 'Point Rule'
    _order = 'event, sequence, id'

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    event = fields.Selection(EVENTS, required=True, index=True)
    points = fields.Integer(
        help="Fixed points for each recipient of the event."
    )
    points_per_unit = fields.Float(
        string='Points per unit of benefit',
        digits=(16, 4),
        help="Impact verified: points for each unit (of the company currency) "
        "of actual "
        "yearly benefit, on top of the fixed points; rounded half up.",
    )
    recipient = fields.Selection(
        RECIPIENTS,
        required=True,
        default='submitter',
        help="Who receives the points. Team: the team that looks after the "
        "work center "
        "concerned (else the submitter's first team), as a team award. Reuse: "
        "the people "
        "of the original improvement (the author of the adopted standard when "
        "it has none).",
    )
    cap_points = fields.Integer(
        string='Cap (points)',
        help="Most points one person (or team) receives from this rule in one "
        "period; 0 means "
        "no cap. An award that would pass it is cut to what is left.",
    )
    cap_period = fields.Selection(
        CAP_PERIODS, string='Cap period', required=True, default='month'
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    entry_count = fields.Integer(compute='_compute_entry_count')

    def _compute_entry_count(self):
        data = self.env['ci.point.entry'].read_group(
            [('rule_id', 'in', self.ids), ('kind', '=', 'award')],
            ['rule_id'],
            ['rule_id'],
        )
        counts = {d['rule_id'][0]: d['rule_id_count'] for d in data}
        for rule in self:
            rule.entry_count = counts.get(rule.id, 0)

    @api.constrains('points', 'points_per_unit', 'cap_points', 'event')
    def _check_amounts(self):
        for rule in self:
            for field in ('points', 'points_per_unit', 'cap_points'):
                if rule[field] < 0:
                    raise ValidationError(
                        _(
                            "Point rule %(rule)s: %(field)s cannot be negative "
                            "(%(value)s)."
                        )
                        % {
                            'rule': rule.name,
                            'field': rule._fields[field].string,
                            'value': rule[field],
                        }
                    )
            if rule.points_per_unit and rule.event != 'impact_verified':
                raise ValidationError(
                    _(
                        "Point rule %(rule)s: %(field)s (%(value)s) applies to "
                        "the event Impact verified "
                        "only; only there is a benefit to count."
                    )
                    % {
                        'rule': rule.name,
                        'field': rule._fields['points_per_unit'].string,
                        'value': rule.points_per_unit,
                    }
                )
            if not rule.points and not rule.points_per_unit:
                raise ValidationError(
                    _(
                        "Point rule %(rule)s: %(field)s is 0; a rule awards "
                        "some points."
                    )
                    % {
                        'rule': rule.name,
                        'field': rule._fields['points'].string,
                    }
                )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_view_entries(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.point.rule.action_view_entries'
        )
        action = self.env.ref('ci_incentive.ci_point_entry_action').read()[0]
        action.update(domain=[('rule_id', '=', self.id)], context={})
        return action

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    @api.model
    def _award(self, event, records):
        """Apply the active rules of ``event`` to the source ``records``;
        returns the entries written (none for what was already awarded)."""
        entry_ids = []
        # sudo: points follow from the event, whoever made it happen: an
        # operator submitting reads neither the teams of others nor the
        # people of the original standard a reuse credits
        rules = self.sudo()
        for record in records:
            facts = record.sudo()._ci_point_facts(event)
            if not facts:
                continue
            for rule in rules.search(
                [
                    ('event', '=', event),
                    ('company_id', '=', facts['company'].id),
                ]
            ):
                entry_ids += rule._grant_facts(record, facts).ids
        return self.env['ci.point.entry'].browse(entry_ids)

    def _grant_facts(self, source, facts):
        self.ensure_one()
        Team = self.env['ci.team']
        if self.recipient == 'team':
            team = Team._team_of_workcenter(
                facts.get('workcenter'), facts['company']
            )
            if not team and facts.get('submitter'):
                team = Team._team_for(
                    facts['submitter'][:1], None, facts['company']
                )
            return self._grant(
                source,
                team=team,
                date=facts.get('date'),
                amount=facts.get('amount', 0.0),
                workcenter=facts.get('workcenter'),
            )
        return self._grant(
            source,
            users=facts.get(self.recipient),
            date=facts.get('date'),
            amount=facts.get('amount', 0.0),
            workcenter=facts.get('workcenter'),
        )

    def _grant(
        self,
        source,
        users=None,
        team=None,
        date=None,
        amount=0.0,
        workcenter=None,
    ):
        """Award this rule's points for ``source`` to each of ``users`` (with
        the team they earned them for) or, without users, to ``team`` alone.
        Caps and idempotence as described on the class."""
        self.ensure_one()
        Entry = self.env['ci.point.entry']
        points = points_lib.rule_points(
            self.points, self.points_per_unit, amount
        )
        users = (users or self.env['res.users']).filtered(
            lambda u: not u.share
        )
        if points <= 0 or not (users or team):
            return Entry.browse()
        date = date or fields.Date.context_today(self)
        day = fields.Date.from_string(date)
        company = self.company_id
        Team = self.env['ci.team']
        if users:
            recipients = [
                (user, Team._team_for(user, workcenter, company))
                for user in users
            ]
        else:
            recipients = [(self.env['res.users'], team)]
        if self.cap_points:
            Entry._lock(users=users, teams=None if users else team)
            start, stop = points_lib.period_bounds(day, self.cap_period)
        label = '%s: %s' % (self.name, source.display_name)
        rows = []
        for user, user_team in recipients:
            grant, description = points, label
            if self.cap_points:
                used = Entry._rule_total(
                    self, start, stop, user=user, team=user_team
                )
                grant = points_lib.capped(points, self.cap_points, used)
                if grant < points:
                    description = _(
                        "%(label)s (cut to %(grant)d of %(points)d: cap of "
                        "%(cap)d per %(period)s "
                        "%(when)s)"
                    ) % {
                        'label': label,
                        'grant': grant,
                        'points': points,
                        'cap': self.cap_points,
                        'period': dict(
                            self._fields['cap_period']._description_selection(
                                self.env
                            )
                        )[self.cap_period].lower(),
                        'when': points_lib.period_label(day, self.cap_period),
                    }
            if grant <= 0:
                continue
            rows.append(
                {
                    'user_id': user.id,
                    'team_id': user_team.id,
                    'points': grant,
                    'kind': 'award',
                    'rule_id': self.id,
                    'res_model': source._name,
                    'res_id': source.id,
                    'date': date,
                    'description': description,
                    'company_id': company.id,
                }
            )
        return Entry._insert(rows)
