# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

STATES = [
    ('requested', 'Requested'),
    ('approved', 'Approved'),
    ('refused', 'Refused'),
    ('cancelled', 'Cancelled'),
]
# what a decision writes: the buttons only (approve, refuse, cancel)
DECISION_FIELDS = (
    'state',
    'entry_id',
    'approver_id',
    'date_decided',
    'refuse_reason',
)
# decided: the record of what was given or refused
DECIDED_STATES = ('approved', 'refused')


class CiRewardRedemption(models.Model):
    """A person asks to exchange points for a reward; a CI Manager approves
    (the points leave the ledger as a negative entry) or refuses.

    Workflow-owned (``ci.protected.mixin``): the decision (DECISION_FIELDS)
    is the buttons'; the price (``points``) and ``date_requested`` are the
    request's own, taken from the reward and the clock; the person
    (``user_id``) is the requester, anyone else only by a CI Manager (their
    balance pays). A decided request (approved, refused) is frozen: its
    ledger entry or its refusal stands.
    """

    _name = 'ci.reward.redemption'
    _description = 'Reward Redemption'
    _inherit = ['ci.protected.mixin', 'mail.thread']
    _order = 'date_requested desc, id desc'

    user_id = fields.Many2one(
        'res.users',
        string='Person',
        required=True,
        index=True,
        readonly=True,
        states={'requested': [('readonly', False)]},
        default=lambda self: self.env.user,
        track_visibility='onchange',
    )
    reward_id = fields.Many2one(
        'ci.reward',
        required=True,
        readonly=True,
        ondelete='restrict',
        states={'requested': [('readonly', False)]},
    )
    points = fields.Integer(
        string='Price (points)',
        readonly=True,
        help="The reward's price when requested: what approval takes from the "
        "balance.",
    )
    state = fields.Selection(
        STATES,
        default='requested',
        required=True,
        readonly=True,
        copy=False,
        track_visibility='onchange',
        index=True,
    )
    note = fields.Text()
    date_requested = fields.Datetime(
        readonly=True, default=fields.Datetime.now, copy=False
    )
    approver_id = fields.Many2one(
        'res.users', string='Decided by', readonly=True, copy=False
    )
    date_decided = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text(
        readonly=True, copy=False, track_visibility='onchange'
    )
    entry_id = fields.Many2one(
        'ci.point.entry', string='Ledger Entry', readonly=True, copy=False
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user.company_id,
    )
    balance = fields.Integer(
        string='Current balance',
        compute='_compute_balance',
        help="The person's points now, before this request.",
    )

    def _compute_balance(self):
        Entry = self.env['ci.point.entry']
        for rec in self:
            rec.balance = (
                Entry._balance(rec.user_id, rec.company_id)
                if rec.user_id
                else 0
            )

    @api.constrains('reward_id', 'company_id')
    def _check_reward(self):
        for rec in self:
            if rec.reward_id.company_id != rec.company_id:
                raise ValidationError(
                    _(
                        "Reward %(reward)s belongs to %(company)s, not to %(own)s."
                    )
                    % {
                        'reward': rec.reward_id.name,
                        'company': rec.reward_id.company_id.name,
                        'own': rec.company_id.name,
                    }
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _protected_fields(self):
        res = super(CiRewardRedemption, self)._protected_fields()
        res.update(
            dict.fromkeys(DECISION_FIELDS + ('points', 'date_requested'), None)
        )
        res['user_id'] = 'ci_process.group_ci_manager'
        return res

    def _frozen(self):
        """Decided requests (approved, refused): the ledger entry or the
        refusal stands."""
        return self.filtered(lambda r: r.state in DECIDED_STATES)

    @api.model
    def create(self, vals):
        self._check_protected(vals, creating=True)
        user = self.env['res.users'].browse(
            vals.get('user_id') or self.env.uid
        )
        reward = self.env['ci.reward'].browse(vals.get('reward_id'))
        if not reward.exists() or not reward.active:
            raise UserError(
                _("Reward: %(reward)s is not in the catalogue.")
                % {'reward': vals.get('reward_id')}
            )
        company = (
            self.env['res.company'].browse(vals.get('company_id'))
            if vals.get('company_id')
            else reward.company_id
        )
        # a request the balance cannot cover is refused at once (approval
        # checks again)
        balance = self.env['ci.point.entry']._balance(user, company)
        if reward.points_cost > balance:
            raise UserError(
                _(
                    "Reward %(reward)s costs %(price)d points; %(person)s has "
                    "a balance of %(balance)d."
                )
                % {
                    'reward': reward.name,
                    'price': reward.points_cost,
                    'person': user.name,
                    'balance': balance,
                }
            )
        vals = dict(vals, points=reward.points_cost, company_id=company.id)
        # handed back as the caller holds it, without the grant
        return (
            super(CiRewardRedemption, self._workflow())
            .create(vals)
            .with_env(self.env)
        )

    def write(self, vals):
        res = super(CiRewardRedemption, self).write(vals)
        if 'reward_id' in vals:
            # the price is the reward's: another reward, its price
            for rec in self:
                rec._workflow().write({'points': rec.reward_id.points_cost})
        return res

    def name_get(self):
        return [
            (rec.id, '%s (%s)' % (rec.reward_id.name, rec.user_id.name))
            for rec in self
        ]

    def _labels(self):
        self.ensure_one()
        return {
            'reward': self.reward_id.name,
            'person': self.user_id.name,
            'state': dict(
                self._fields['state']._description_selection(self.env)
            )[self.state],
        }

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def _check_manager(self, method):
        if not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(
                _("Only a CI Manager decides on reward redemptions.")
            )
        # and only on those of the companies they see
        self.env['ci.access']._check_records(
            self, 'write', 'ci.reward.redemption.%s' % method
        )

    def _check_requested(self):
        for rec in self:
            if rec.state != 'requested':
                raise UserError(
                    _(
                        "Redemption of %(reward)s by %(person)s is already %(state)s."
                    )
                    % rec._labels()
                )

    def action_approve(self):
        """Take the points: one negative ledger entry each, all or nothing,
        and no balance below zero (checked under the people's locks)."""
        self._check_manager('action_approve')
        self._check_requested()
        Entry = self.env['ci.point.entry']
        deltas = {}
        for rec in self:
            key = (rec.user_id, rec.company_id)
            deltas[key] = deltas.get(key, 0) - rec.points
        Entry._check_balances(deltas)
        today = fields.Date.context_today(self)
        for rec in self:
            entry = Entry._insert(
                [
                    {
                        'user_id': rec.user_id.id,
                        'points': -rec.points,
                        'kind': 'redemption',
                        'res_model': rec._name,
                        'res_id': rec.id,
                        'date': today,
                        'description': _('Redeemed: %(reward)s')
                        % {'reward': rec.reward_id.name},
                        'company_id': rec.company_id.id,
                    }
                ]
            )
            if not entry:
                raise UserError(
                    _(
                        "Redemption of %(reward)s by %(person)s is already in "
                        "the ledger."
                    )
                    % rec._labels()
                )
            rec._workflow().write(
                {
                    'state': 'approved',
                    'entry_id': entry.id,
                    'approver_id': self.env.uid,
                    'date_decided': fields.Datetime.now(),
                }
            )
        return True

    def action_refuse(self, reason=None):
        self._check_manager('action_refuse')
        self._check_requested()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_("Reason: say why the redemption is refused."))
        return self._workflow().write(
            {
                'state': 'refused',
                'refuse_reason': reason,
                'approver_id': self.env.uid,
                'date_decided': fields.Datetime.now(),
            }
        )

    def action_open_refuse_wizard(self):
        self._check_manager('action_open_refuse_wizard')
        return {
            'type': 'ir.actions.act_window',
            'name': _('Refuse Redemption'),
            'res_model': 'ci.reward.redemption.refuse',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_redemption_ids': [(6, 0, self.ids)]},
        }

    def action_cancel(self):
        """The person withdraws their own request."""
        self.env['ci.access']._check_records(
            self, 'read', 'ci.reward.redemption.action_cancel'
        )
        self._check_requested()
        for rec in self:
            if rec.user_id != self.env.user and not self.env.user.has_group(
                'ci_process.group_ci_manager'
            ):
                raise AccessError(
                    _("Only %(person)s or a CI Manager cancels this request.")
                    % {'person': rec.user_id.name}
                )
        # sudo: a CI User has no write access on requests; cancelling their
        # own, checked above, is the one change they make
        return self.sudo()._workflow().write({'state': 'cancelled'})
