# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime
import re

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import plaintext2html

STATES = [
    ('draft', 'Draft'),
    ('submitted', 'Submitted'),
    ('review', 'In Review'),
    ('approved', 'Approved'),
    ('pilot', 'In Pilot'),
    ('adopted', 'Adopted'),
    ('standardized', 'Standardized'),
    ('rejected', 'Rejected'),
    ('withdrawn', 'Withdrawn'),
]
ORIGINS = [
    ('proposal', 'Employee proposal'),
    ('kpi_alert', 'KPI alert'),
    ('spc_signal', 'SPC signal'),
    ('standard_review', 'Standard review'),
    ('manual', 'Manual'),
]
OPEN_STATES = ('submitted', 'review', 'approved', 'pilot')
# state -> states it may move to, and the group needed to move it there
# (the submitter may also submit and withdraw their own improvement)
TRANSITIONS = {
    'draft': {'submitted': None, 'withdrawn': None},
    'submitted': {
        'review': 'ci_process.group_ci_engineer',
        'rejected': 'ci_process.group_ci_engineer',
        'withdrawn': None,
    },
    'review': {
        'approved': 'ci_process.group_ci_engineer',
        'rejected': 'ci_process.group_ci_engineer',
        'withdrawn': None,
    },
    'approved': {
        'pilot': 'ci_process.group_ci_engineer',
        'adopted': 'ci_process.group_ci_manager',
        'rejected': 'ci_process.group_ci_engineer',
    },
    'pilot': {
        'adopted': 'ci_process.group_ci_engineer',
        'rejected': 'ci_process.group_ci_engineer',
    },
    # the approval of the SOP version it led to makes it the standard
    'adopted': {'standardized': 'ci_process.group_ci_manager'},
    'standardized': {},
    'rejected': {'draft': None},
    'withdrawn': {'draft': None},
}
# leaving review this way settles the reviewers' to-dos
REVIEW_DONE_STATES = ('approved', 'rejected', 'withdrawn')
UNASSIGNED_DAYS = 7
STAGNANT_DAYS = 30
# a decision is due within a week of submission: the same for every
# improvement, so the review queue's "overdue first, then oldest first" is
# its order by submission date (see ci_improvement_view_tree_review)
REVIEW_DAYS = 7
REVIEW_STATES = ('submitted', 'review')
# the seconds of a language's time format ('%H:%M:%S', '%H时%M分%S秒')
_SECONDS = re.compile(r'[:.]?%S秒?')


def flag_domain(domain, operator, value):
    """The domain of a computed boolean's search method: ``domain`` where
    the flag is set, searched with '=' or '!=' True/False."""
    if operator not in ('=', '!='):
        raise UserError(_("Unsupported search on a flag: %s") % operator)
    # explicit operators: Odoo 11 splices the leaves of a search method's
    # domain one by one into the caller's, so an implicit '&' is lost
    domain = expression.normalize_domain(domain)
    positive = (operator == '=') == bool(value)
    return domain if positive else ['!'] + domain


class CiImprovement(models.Model):
    """An improvement from the idea on the floor to the adopted change.

    One record carries the proposal (提案) and the improvement task (改进任务)
    through the PDCA stages.
    """

    _name = 'ci.improvement'
    _description = 'Improvement'
    _inherit = [
        'ci.protected.mixin',
        'ci.operation.scope.mixin',
        'ci.activity.mixin',
        'mail.thread',
        'mail.activity.mixin',
    ]
    _order = 'date_submitted desc, id desc'

    name = fields.Char(
        string='Reference', readonly=True, copy=False, default='/'
    )
    title = fields.Char(required=True, track_visibility='onchange')
    state = fields.Selection(
        STATES,
        default='draft',
        required=True,
        readonly=True,
        copy=False,
        track_visibility='onchange',
        index=True,
        group_expand='_expand_states',
    )
    pdca_stage = fields.Selection(
        [
            ('plan', 'Plan'),
            ('do', 'Do'),
            ('check', 'Check'),
            ('act', 'Act'),
            ('closed', 'Closed'),
        ],
        string='PDCA',
        compute='_compute_pdca_stage',
    )
    origin = fields.Selection(
        ORIGINS,
        required=True,
        default='proposal',
        readonly=True,
        states={'draft': [('readonly', False)]},
    )
    kpi_alert_rule_id = fields.Many2one(
        'ci.kpi.alert.rule',
        string='KPI Alert Rule',
        readonly=True,
        index=True,
        ondelete='set null',
        copy=False,
    )
    problem = fields.Text(
        required=True, help="What goes wrong today, where, how often."
    )
    idea = fields.Text(help="What to change, and why it should help.")
    category_id = fields.Many2one('ci.category', track_visibility='onchange')
    workcenter_id = fields.Many2one(index=True)
    workorder_id = fields.Many2one('mrp.workorder', string='Work Order')
    goal_id = fields.Many2one('ci.goal')
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    submitter_id = fields.Many2one(
        'res.users',
        string='Submitted by',
        required=True,
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
    )
    owner_id = fields.Many2one(
        'res.users',
        track_visibility='onchange',
        help="Who carries the improvement through pilot and adoption.",
    )
    reviewer_id = fields.Many2one('res.users', track_visibility='onchange')
    member_ids = fields.Many2many(
        'res.users',
        'ci_improvement_member_rel',
        'improvement_id',
        'user_id',
        string='Team',
    )
    photo = fields.Binary(attachment=True, help="A picture of the problem.")
    expected_benefit = fields.Text(
        help="What the plant gains: time, scrap, safety..."
    )
    benefit_target = fields.Monetary(
        string='Target benefit / year', currency_field='currency_id'
    )
    benefit_forecast = fields.Monetary(
        string='Forecast benefit / year', currency_field='currency_id'
    )
    currency_id = fields.Many2one(
        related='company_id.currency_id', readonly=True
    )
    rejection_reason = fields.Text(readonly=True, track_visibility='onchange')
    date_submitted = fields.Datetime(readonly=True, copy=False, index=True)
    date_state = fields.Datetime(
        string='In state since',
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
    )
    date_closed = fields.Datetime(readonly=True, copy=False)
    date_standardized = fields.Datetime(
        readonly=True,
        copy=False,
        index=True,
        help="When the SOP version this improvement led to was approved: the "
        "end of its cycle.",
    )
    sop_version_ids = fields.One2many(
        'ci.sop.version', 'improvement_id', string='SOP Versions'
    )
    sop_version_count = fields.Integer(compute='_compute_sop_version_count')
    days_since_submission = fields.Integer(compute='_compute_aging')
    days_in_state = fields.Integer(compute='_compute_aging')
    is_unassigned_late = fields.Boolean(
        string='Unassigned > 7 days',
        compute='_compute_aging',
        search='_search_is_unassigned_late',
    )
    is_stagnant = fields.Boolean(
        string='Stagnant > 30 days',
        compute='_compute_aging',
        search='_search_is_stagnant',
    )
    is_review_overdue = fields.Boolean(
        string='Decision overdue',
        compute='_compute_aging',
        search='_search_is_review_overdue',
        help="Waiting for a decision (submitted or in review) more than 7 days "
        "after its submission.",
    )
    date_submitted_display = fields.Char(
        string='Submitted on',
        compute='_compute_date_submitted_display',
        help="When it was submitted, to the minute, in your timezone.",
    )
    pilot_ids = fields.One2many('ci.pilot', 'improvement_id', string='Pilots')
    pilot_count = fields.Integer(compute='_compute_pilot_count')
    benefit_actual = fields.Monetary(
        string='Actual benefit / year',
        currency_field='currency_id',
        compute='_compute_benefit_actual',
        help="From the adopted pilot: its measured change times the cost rates "
        "Odoo holds (work "
        "center cost per hour for time, product cost for scrap), over a year "
        "at the baseline "
        "volume.",
    )
    color = fields.Integer()

    def _compute_pilot_count(self):
        for rec in self:
            rec.pilot_count = len(rec.pilot_ids)

    def _compute_sop_version_count(self):
        for rec in self:
            rec.sop_version_count = len(rec.sop_version_ids)

    def _expand_states(self, states, domain, order):
        """Kanban columns in workflow order, empty ones included."""
        return [key for key, _label in STATES]

    @api.depends('pilot_ids.benefit_annual', 'pilot_ids.decision')
    def _compute_benefit_actual(self):
        for rec in self:
            adopted = rec.pilot_ids.filtered(lambda p: p.decision == 'adopt')
            rec.benefit_actual = adopted[:1].benefit_annual if adopted else 0.0

    @api.depends('state', 'pilot_ids.state')
    def _compute_pdca_stage(self):
        for rec in self:
            if rec.state in ('draft', 'submitted', 'review', 'approved'):
                rec.pdca_stage = 'plan'
            elif rec.state == 'pilot':
                rec.pdca_stage = rec._pilot_stage()
            elif rec.state == 'adopted':
                rec.pdca_stage = 'act'
            elif rec.state == 'standardized':
                # Act is done: the change is the standard now
                rec.pdca_stage = 'closed'
            else:
                rec.pdca_stage = 'closed'

    def _pilot_stage(self):
        """'do' while a pilot runs, 'check' once one has results to decide on."""
        return (
            'check'
            if any(p.state == 'evaluated' for p in self.pilot_ids)
            else 'do'
        )

    @api.depends('date_submitted', 'date_state', 'state', 'owner_id')
    def _compute_aging(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        for rec in self:
            submitted = (
                fields.Datetime.from_string(rec.date_submitted)
                if rec.date_submitted
                else None
            )
            since = (
                fields.Datetime.from_string(rec.date_state)
                if rec.date_state
                else now
            )
            rec.days_since_submission = (
                (now - submitted).days if submitted else 0
            )
            rec.days_in_state = (now - since).days
            rec.is_unassigned_late = bool(
                rec.state in ('submitted', 'review')
                and not rec.owner_id
                and submitted
                and rec.days_since_submission > UNASSIGNED_DAYS
            )
            rec.is_stagnant = (
                rec.state in OPEN_STATES and rec.days_in_state > STAGNANT_DAYS
            )
            rec.is_review_overdue = bool(
                rec.state in REVIEW_STATES
                and submitted
                and now - submitted > datetime.timedelta(days=REVIEW_DAYS)
            )

    def _compute_date_submitted_display(self):
        lang = self.env['res.lang']._lang_get(self.env.lang or 'en_US')
        date_format = lang.date_format or '%Y-%m-%d'
        time_format = _SECONDS.sub('', lang.time_format or '%H:%M') or '%H:%M'
        for rec in self:
            if not rec.date_submitted:
                rec.date_submitted_display = False
                continue
            local = fields.Datetime.context_timestamp(
                rec, fields.Datetime.from_string(rec.date_submitted)
            )
            rec.date_submitted_display = local.strftime(
                '%s %s' % (date_format, time_format)
            )

    @staticmethod
    def _days_ago(days):
        return fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(days=days)
        )

    def _search_is_unassigned_late(self, operator, value):
        return flag_domain(
            [
                ('state', 'in', ('submitted', 'review')),
                ('owner_id', '=', False),
                ('date_submitted', '<', self._days_ago(UNASSIGNED_DAYS)),
            ],
            operator,
            value,
        )

    def _search_is_stagnant(self, operator, value):
        return flag_domain(
            [
                ('state', 'in', OPEN_STATES),
                ('date_state', '<', self._days_ago(STAGNANT_DAYS)),
            ],
            operator,
            value,
        )

    def _search_is_review_overdue(self, operator, value):
        # evaluated against now at each search (the index on date_submitted
        # serves it): never stale, no scheduled job rewriting a flag
        return flag_domain(
            [
                ('state', 'in', REVIEW_STATES),
                ('date_submitted', '<', self._days_ago(REVIEW_DAYS)),
            ],
            operator,
            value,
        )

    def _scope_mismatch_message(self, values):
        return _(
            "Improvement %(ref)s: operation %(op)s runs on %(op_wc)s, not on "
            "work center %(wc)s."
        ) % dict(values, ref=self.display_name)

    @api.constrains('benefit_target', 'benefit_forecast')
    def _check_benefits(self):
        for rec in self:
            for field in ('benefit_target', 'benefit_forecast'):
                if rec[field] < 0:
                    raise ValidationError(
                        _(
                            "Improvement %(ref)s: %(field)s cannot be negative "
                            "(%(value)s)."
                        )
                        % {
                            'ref': rec.display_name,
                            'field': rec._fields[field].string,
                            'value': rec[field],
                        }
                    )

    @api.onchange('workorder_id')
    def _onchange_workorder_id(self):
        if self.workorder_id:
            self.workcenter_id = self.workorder_id.workcenter_id
            self.operation_id = self.workorder_id.operation_id
            self.product_id = self.workorder_id.product_id

    def _protected_fields(self):
        res = super(CiImprovement, self)._protected_fields()
        engineer = 'ci_process.group_ci_engineer'
        res.update(
            dict.fromkeys(
                (
                    'name',
                    'state',
                    'date_submitted',
                    'date_state',
                    'date_closed',
                    'date_standardized',
                    'rejection_reason',
                    'submitter_id',
                    # the link to the alert that opened it keeps a duplicate
                    # from opening
                    'kpi_alert_rule_id',
                ),
                None,
            )
        )
        # who reviews it, carries it and shares its credit and points
        res.update(
            dict.fromkeys(
                ('owner_id', 'reviewer_id', 'member_ids', 'origin'), engineer
            )
        )
        return res

    def _check_submitter(self, vals):
        """The points and the credit of an idea go to its submitter: nobody
        puts one in someone else's name (the system does, for the ideas
        opened by KPI alerts and SPC signals)."""
        submitter = vals.get('submitter_id')
        if (
            submitter
            and submitter != self.env.uid
            and self.env.uid != SUPERUSER_ID
        ):
            # sudo: the message names the user, whom the caller may not read
            name = self.env['res.users'].sudo().browse(submitter).name
            raise AccessError(
                _(
                    "Submitted by = %(user)s: an improvement is submitted in "
                    "one's own name, not in someone "
                    "else's."
                )
                % {'user': name}
            )

    @api.model
    def _create_from_origin(self, vals):
        """Create an improvement linked to what opened it (an alert rule, a
        signal)."""
        # handed back as the caller holds it, without the grant
        return self._workflow().create(vals).with_env(self.env)

    @api.model
    def create(self, vals):
        self._check_submitter(vals)
        self._check_protected(vals, creating=True)
        if vals.get('name', '/') == '/':
            vals = dict(
                vals,
                name=self.env['ir.sequence'].next_by_code('ci.improvement')
                or '/',
            )
        return (
            super(CiImprovement, self._workflow())
            .create(vals)
            .with_env(self.env)
        )

    def write(self, vals):
        self._check_submitter(vals)
        return super(CiImprovement, self).write(vals)

    # ------------------------------------------------------------------
    # transitions
    # ------------------------------------------------------------------
    def _check_move(self, new_state):
        """Raise unless every record may go to ``new_state`` by this user."""
        labels = dict(self._fields['state']._description_selection(self.env))
        for rec in self:
            allowed = TRANSITIONS[rec.state]
            if new_state not in allowed:
                raise UserError(
                    _("Improvement %(ref)s cannot go from %(from)s to %(to)s.")
                    % {
                        'ref': rec.name,
                        'from': labels[rec.state],
                        'to': labels[new_state],
                    }
                )
            group = allowed[new_state]
            if group and not self.env.user.has_group(group):
                raise AccessError(
                    _(
                        "Only a %(group)s may move improvement %(ref)s to %(to)s."
                    )
                    % {
                        'group': self.env.ref(group).name,
                        'ref': rec.name,
                        'to': labels[new_state],
                    }
                )
            if (
                not group
                and rec.submitter_id != self.env.user
                and not self.env.user.has_group('ci_process.group_ci_engineer')
            ):
                raise AccessError(
                    _(
                        "Only its submitter or a CI Engineer may move "
                        "improvement %(ref)s to %(to)s."
                    )
                    % {'ref': rec.name, 'to': labels[new_state]}
                )

    def _move(self, new_state, **values):
        """Move to ``new_state`` if the transition exists and the user may make it."""
        self._check_move(new_state)
        vals = dict(values, state=new_state, date_state=fields.Datetime.now())
        if new_state in ('adopted', 'rejected', 'withdrawn'):
            vals['date_closed'] = fields.Datetime.now()
        elif new_state == 'draft':
            vals.update(date_closed=False, rejection_reason=False)
        res = self._workflow().write(vals)
        if new_state in REVIEW_DONE_STATES:
            self._close_review_activities()
        return res

    def _check_action(self, method, group=None):
        """The caller may run ``method`` on these improvements: it is in
        ``group`` (when given) and may write them (record rules: one's own
        ones for a CI User). The transition then checks the move itself."""
        Access = self.env['ci.access']
        if group:
            Access._check_group(group, 'ci.improvement.%s' % method)
        Access._check_records(self, 'write', 'ci.improvement.%s' % method)

    def action_submit(self):
        self._check_action('action_submit')
        for rec in self:
            if not (rec.problem or '').strip():
                raise UserError(
                    _(
                        "Improvement %s: describe the problem before submitting."
                    )
                    % rec.name
                )
        self._move('submitted', date_submitted=fields.Datetime.now())
        for rec in self:
            rec._notify_reviewers()
        return True

    def action_start_review(self):
        self._check_action(
            'action_start_review', 'ci_process.group_ci_engineer'
        )
        return self._move('review', reviewer_id=self.env.uid)

    def action_approve(self):
        self._check_action('action_approve', 'ci_process.group_ci_engineer')
        self._check_move('approved')
        for rec in self:
            if not rec.owner_id:
                raise UserError(
                    _("Improvement %s: assign an owner before approving it.")
                    % rec.name
                )
        return self._move('approved')

    def action_open_approve_wizard(self):
        """The Approve button: a dialog asks for the owner (and a comment)."""
        self.ensure_one()
        self._check_action(
            'action_open_approve_wizard', 'ci_process.group_ci_engineer'
        )
        self._check_move('approved')
        return {
            'type': 'ir.actions.act_window',
            'name': _('Approve Improvement'),
            'res_model': 'ci.improvement.approve',
            'view_mode': 'form',
            'target': 'new',
            'context': {
                'default_improvement_id': self.id,
                'default_owner_id': self.owner_id.id,
            },
        }

    def _check_owner(self, owner):
        """Raise ValidationError unless ``owner`` may carry these
        improvements: an active internal user of their company who is a CI
        Engineer (pilots and adoption need that role)."""
        group = 'ci_process.group_ci_engineer'
        # sudo: the candidate's companies and groups, which the caller may not read
        candidate = owner.sudo()
        for rec in self:
            if not (
                candidate
                and candidate.active
                and not candidate.share
                and rec.company_id in candidate.company_ids
                and candidate.has_group(group)
            ):
                raise ValidationError(
                    _(
                        "Improvement %(ref)s: %(field)s = %(value)s: the owner "
                        "is an active user of company "
                        "%(company)s who is a %(group)s."
                    )
                    % {
                        'ref': rec.name,
                        'field': rec._fields['owner_id'].string,
                        'value': candidate.name or candidate.id or '',
                        'company': rec.company_id.name,
                        'group': self.env.ref(group).name,
                    }
                )

    def _approve_with_owner(self, owner, comment=None):
        """Approve with ``owner`` as its owner, ``comment`` in the chatter:
        the approval's checks first, so nothing is written unless the caller
        may approve it."""
        self.ensure_one()
        self._check_action('action_approve', 'ci_process.group_ci_engineer')
        self._check_move('approved')
        self._check_owner(owner)
        if self.owner_id != owner:
            self._workflow().write({'owner_id': owner.id})
        res = self.action_approve()
        comment = (comment or '').strip()
        if comment:
            self.message_post(
                body=plaintext2html(comment),
                message_type='comment',
                subtype='mail.mt_note',
            )
        return res

    def action_start_pilot(self):
        self._check_action(
            'action_start_pilot', 'ci_process.group_ci_engineer'
        )
        return self._move('pilot')

    def action_new_pilot(self):
        """The Start Pilot button of an approved improvement: a new pilot's
        form, filled from it (its windows are the pilot's defaults)."""
        self.ensure_one()
        self._check_action('action_new_pilot', 'ci_process.group_ci_engineer')
        self.env['ci.access']._check_records(
            self.env['ci.pilot'], 'create', 'ci.improvement.action_new_pilot'
        )
        if self.state != 'approved':
            labels = dict(
                self._fields['state']._description_selection(self.env)
            )
            raise UserError(
                _(
                    "Improvement %(ref)s is %(state)s: a pilot starts once it "
                    "is approved."
                )
                % {'ref': self.name, 'state': labels[self.state]}
            )
        context = {
            'default_improvement_id': self.id,
            'default_name': _('Pilot of %s') % self.title,
            'default_workcenter_id': self.workcenter_id.id,
            'default_operation_id': self.operation_id.id,
            'default_product_id': self.product_id.id,
        }
        metric = self._pilot_metric()
        if metric:
            context['default_metric'] = metric
        return {
            'type': 'ir.actions.act_window',
            'name': _('New Pilot'),
            'res_model': 'ci.pilot',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'current',
            'context': context,
        }

    def _pilot_metric(self):
        """The KPI a pilot of this improvement measures, when it is known:
        its goal's, or the alert rule's that opened it."""
        self.ensure_one()
        return self.goal_id.kpi or self.kpi_alert_rule_id.kpi or False

    def action_adopt(self):
        self._check_action('action_adopt', 'ci_process.group_ci_engineer')
        res = self._move('adopted')
        self._prepare_sop_drafts()
        return res

    def _standardize(self):
        """Called when the SOP version drafted from the improvement is approved."""
        return self._move(
            'standardized', date_standardized=fields.Datetime.now()
        )

    def action_reject(self, reason=None):
        self._check_action('action_reject', 'ci_process.group_ci_engineer')
        reason = (reason or '').strip()
        if not reason:
            raise UserError(
                _("A reason is required to reject an improvement.")
            )
        return self._move('rejected', rejection_reason=reason)

    def action_open_reject_wizard(self):
        self._check_action(
            'action_open_reject_wizard', 'ci_process.group_ci_engineer'
        )
        return {
            'type': 'ir.actions.act_window',
            'name': _('Reject Improvement'),
            'res_model': 'ci.improvement.reject',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_improvement_ids': [(6, 0, self.ids)]},
        }

    def action_view_sop_versions(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.improvement.action_view_sop_versions'
        )
        action = self.env.ref('ci_process.ci_sop_version_action').read()[0]
        action['domain'] = [('improvement_id', '=', self.id)]
        if len(self.sop_version_ids) == 1:
            action.update(
                view_mode='form',
                views=[(False, 'form')],
                res_id=self.sop_version_ids.id,
            )
        return action

    def action_withdraw(self):
        self._check_action('action_withdraw')
        return self._move('withdrawn')

    def action_reopen(self):
        self._check_action('action_reopen')
        return self._move('draft')

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _reviewers(self):
        """The work center's CI owner, else the company's CI Managers."""
        self.ensure_one()
        if self.reviewer_id:
            return self.reviewer_id
        if self.workcenter_id.owner_id:
            return self.workcenter_id.owner_id
        return self.env.ref('ci_process.group_ci_manager').users.filtered(
            lambda u: self.company_id in u.company_ids and u.active
        )

    def _notify_reviewers(self):
        reviewers = self._reviewers()
        activity_type = self.env.ref('ci_process.mail_activity_ci_review')
        # sudo: the submitter (any CI User) schedules a to-do for reviewers and
        # subscribes them, which needs rights on other users' activities
        rec = self.sudo()
        rec.message_subscribe_users(user_ids=reviewers.ids)
        for reviewer in reviewers:
            rec._schedule_review_activity(activity_type, reviewer)
        Message = self.env['ci.message']
        if reviewers:
            Message._post(
                self,
                'improvement.submitted',
                {'reviewers': ', '.join(reviewers.mapped('name'))},
                subtype='mail.mt_note',
            )
        else:
            Message._post(
                self, 'improvement.submitted_nobody', subtype='mail.mt_note'
            )

    def _schedule_review_activity(self, activity_type, user):
        return self._schedule_activity(
            activity_type,
            user,
            _('Review improvement %s') % self.name,
            date_deadline=fields.Date.context_today(self),
        )

    def _prepare_sop_drafts(self):
        """Adopting a change prepares the new standard: a draft version of the
        operation's SOP, to be written up and approved."""
        Sop = self.env['ci.sop']
        for rec in self:
            if not rec.operation_id:
                self.env['ci.message']._post(
                    rec,
                    'improvement.adopted_no_operation',
                    subtype='mail.mt_note',
                )
                continue
            sop = Sop._for_operation(
                rec.operation_id, rec.product_id, create=True
            )
            version = sop._new_draft(improvement=rec)
            self.env['ci.message']._post(
                rec,
                'improvement.adopted_draft',
                {'version': version.display_name},
                subtype='mail.mt_note',
            )

    def _close_review_activities(self):
        activity_type = self.env.ref('ci_process.mail_activity_ci_review')
        # sudo: the activities belong to the reviewers, closing them is part of
        # the transition whoever makes it
        self.sudo().mapped('activity_ids').filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_done()
