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
# set by the buttons only; they pass this object in the context, which a
# client cannot send over RPC
WORKFLOW_FIELDS = ('state', 'points', 'entry_id', 'approver_id', 'date_decided', 'refuse_reason')
_WORKFLOW = object()


class CiRewardRedemption(models.Model):
    """A person asks to exchange points for a reward; a CI Manager approves
    (the points leave the ledger as a negative entry) or refuses."""
    _name = 'ci.reward.redemption'
    _description = 'Reward Redemption'
    _inherit = ['mail.thread']
    _order = 'date_requested desc, id desc'

    user_id = fields.Many2one('res.users', string='Person', required=True, index=True, readonly=True,
                              states={'requested': [('readonly', False)]},
                              default=lambda self: self.env.user, track_visibility='onchange')
    reward_id = fields.Many2one('ci.reward', required=True, readonly=True, ondelete='restrict',
                                states={'requested': [('readonly', False)]})
    points = fields.Integer(string='Price (points)', readonly=True,
                            help="The reward's price when requested: what approval takes from the balance.")
    state = fields.Selection(STATES, default='requested', required=True, readonly=True, copy=False,
                             track_visibility='onchange', index=True)
    note = fields.Text()
    date_requested = fields.Datetime(readonly=True, default=fields.Datetime.now, copy=False)
    approver_id = fields.Many2one('res.users', string='Decided by', readonly=True, copy=False)
    date_decided = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text(readonly=True, copy=False, track_visibility='onchange')
    entry_id = fields.Many2one('ci.point.entry', string='Ledger Entry', readonly=True, copy=False)
    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True,
                                 default=lambda self: self.env.user.company_id)
    balance = fields.Integer(string='Current balance', compute='_compute_balance',
                             help="The person's points now, before this request.")

    def _compute_balance(self):
        Entry = self.env['ci.point.entry']
        for rec in self:
            rec.balance = Entry._balance(rec.user_id, rec.company_id) if rec.user_id else 0

    @api.constrains('reward_id', 'company_id')
    def _check_reward(self):
        for rec in self:
            if rec.reward_id.company_id != rec.company_id:
                raise ValidationError(
                    _("Reward %(reward)s belongs to %(company)s, not to %(own)s.")
                    % {'reward': rec.reward_id.name, 'company': rec.reward_id.company_id.name,
                       'own': rec.company_id.name})

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        self._check_workflow_fields(vals)
        user = self.env['res.users'].browse(vals.get('user_id') or self.env.uid)
        if user != self.env.user and not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(_("Person: you request rewards for yourself only, not for %(person)s.")
                              % {'person': user.name})
        reward = self.env['ci.reward'].browse(vals.get('reward_id'))
        if not reward.exists() or not reward.active:
            raise UserError(_("Reward: %(reward)s is not in the catalogue.") % {'reward': vals.get('reward_id')})
        company = self.env['res.company'].browse(vals.get('company_id')) if vals.get('company_id') \
            else reward.company_id
        # a request the balance cannot cover is refused at once (approval checks again)
        balance = self.env['ci.point.entry']._balance(user, company)
        if reward.points_cost > balance:
            raise UserError(
                _("Reward %(reward)s costs %(price)d points; %(person)s has a balance of %(balance)d.")
                % {'reward': reward.name, 'price': reward.points_cost, 'person': user.name, 'balance': balance})
        vals = dict(vals, points=reward.points_cost, company_id=company.id)
        rec = super(CiRewardRedemption, self.with_context(ci_redemption_workflow=_WORKFLOW)).create(vals)
        # handed back without the token: the caller must not inherit the workflow's rights
        return self.browse(rec.id)

    def write(self, vals):
        self._check_workflow_fields(vals)
        return super(CiRewardRedemption, self).write(vals)

    def unlink(self):
        for rec in self:
            if rec.state not in ('requested', 'cancelled'):
                raise UserError(_("Redemption of %(reward)s by %(person)s is %(state)s: it is kept.")
                                % rec._labels())
        return super(CiRewardRedemption, self).unlink()

    def _check_workflow_fields(self, vals):
        touched = [f for f in WORKFLOW_FIELDS if f in vals]
        if touched and self.env.context.get('ci_redemption_workflow') is not _WORKFLOW:
            raise UserError(_("%(fields)s: set by the request's buttons (approve, refuse), not directly.")
                            % {'fields': ', '.join(self._fields[f].string for f in touched)})

    def _workflow_write(self, vals):
        return self.with_context(ci_redemption_workflow=_WORKFLOW).write(vals)

    def _labels(self):
        self.ensure_one()
        return {'reward': self.reward_id.name, 'person': self.user_id.name,
                'state': dict(self._fields['state']._description_selection(self.env))[self.state]}

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def _check_manager(self):
        if not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(_("Only a CI Manager decides on reward redemptions."))

    def _check_requested(self):
        for rec in self:
            if rec.state != 'requested':
                raise UserError(_("Redemption of %(reward)s by %(person)s is already %(state)s.")
                                % rec._labels())

    def action_approve(self):
        """Take the points: one negative ledger entry each, all or nothing,
        and no balance below zero (checked under the people's locks)."""
        self._check_manager()
        self._check_requested()
        Entry = self.env['ci.point.entry']
        deltas = {}
        for rec in self:
            key = (rec.user_id, rec.company_id)
            deltas[key] = deltas.get(key, 0) - rec.points
        Entry._check_balances(deltas)
        today = fields.Date.context_today(self)
        for rec in self:
            entry = Entry._insert([{
                'user_id': rec.user_id.id, 'points': -rec.points, 'kind': 'redemption',
                'res_model': rec._name, 'res_id': rec.id, 'date': today,
                'description': _('Redeemed: %(reward)s') % {'reward': rec.reward_id.name},
                'company_id': rec.company_id.id,
            }])
            if not entry:
                raise UserError(_("Redemption of %(reward)s by %(person)s is already in the ledger.")
                                % rec._labels())
            rec._workflow_write({'state': 'approved', 'entry_id': entry.id, 'approver_id': self.env.uid,
                                 'date_decided': fields.Datetime.now()})
        return True

    def action_refuse(self, reason=None):
        self._check_manager()
        self._check_requested()
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_("Reason: say why the redemption is refused."))
        return self._workflow_write({'state': 'refused', 'refuse_reason': reason, 'approver_id': self.env.uid,
                                     'date_decided': fields.Datetime.now()})

    def action_open_refuse_wizard(self):
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
        self._check_requested()
        for rec in self:
            if rec.user_id != self.env.user and not self.env.user.has_group('ci_process.group_ci_manager'):
                raise AccessError(_("Only %(person)s or a CI Manager cancels this request.")
                                  % {'person': rec.user_id.name})
        # sudo: a CI User has no write access on requests; cancelling their
        # own, checked above, is the one change they make
        return self.sudo()._workflow_write({'state': 'cancelled'})
