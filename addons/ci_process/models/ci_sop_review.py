# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .ci_improvement import flag_domain


class CiSopReview(models.Model):
    """A periodic review of a standard: is it still right, or must it change?"""

    _name = 'ci.sop.review'
    _description = 'SOP Review'
    _inherit = [
        'ci.protected.mixin',
        'ci.activity.mixin',
        'mail.thread',
        'mail.activity.mixin',
    ]
    _order = 'date_due desc, id desc'

    sop_id = fields.Many2one(
        'ci.sop',
        string='SOP',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    version_id = fields.Many2one(
        'ci.sop.version',
        string='Version Reviewed',
        readonly=True,
        ondelete='restrict',
    )
    date_due = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [
            ('open', 'To Do'),
            ('confirmed', 'Confirmed'),
            ('revised', 'Revision Drafted'),
        ],
        default='open',
        required=True,
        readonly=True,
        track_visibility='onchange',
        index=True,
    )
    user_id = fields.Many2one('res.users', string='Reviewer', readonly=True)
    note = fields.Text(string='Findings')
    date_done = fields.Date(readonly=True)
    new_version_id = fields.Many2one(
        'ci.sop.version', string='New Draft', readonly=True
    )
    workcenter_id = fields.Many2one(
        related='sop_id.workcenter_id', readonly=True, store=True
    )
    company_id = fields.Many2one(
        related='sop_id.company_id', readonly=True, store=True
    )
    is_overdue = fields.Boolean(
        compute='_compute_is_overdue', search='_search_is_overdue'
    )

    _sql_constraints = [
        # what makes the review job idempotent, even when two runs overlap
        (
            'sop_due_uniq',
            'unique(sop_id, date_due)',
            "This review is already scheduled.",
        ),
    ]

    def _protected_fields(self):
        res = super(CiSopReview, self)._protected_fields()
        # the review job schedules it; its buttons close it
        res.update(
            dict.fromkeys(
                (
                    'sop_id',
                    'version_id',
                    'date_due',
                    'state',
                    'user_id',
                    'date_done',
                    'new_version_id',
                ),
                None,
            )
        )
        return res

    def _frozen(self):
        """Done reviews."""
        return self.filtered(lambda r: r.state != 'open')

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for review in self:
            review.is_overdue = (
                review.state == 'open' and review.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        return flag_domain(
            [
                ('state', '=', 'open'),
                ('date_due', '<', fields.Date.context_today(self)),
            ],
            operator,
            value,
        )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """The standard still holds: the next review is one interval away."""
        self._check_reviewer('action_confirm')
        self._close('confirmed')
        return True

    def action_revise(self):
        """The standard must change: a new draft version to work on."""
        self._check_reviewer('action_revise')
        self.ensure_one()
        self._check_open()
        draft = self.sop_id._new_draft()
        draft.change_summary = _(
            "Revision after the review due %(date)s: %(note)s"
        ) % {'date': self.date_due, 'note': self.note or ''}
        self._close('revised', new_version_id=draft.id)
        return draft.get_formview_action()

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _check_reviewer(self, method):
        """CI Engineers record the outcome of the reviews they may write."""
        Access = self.env['ci.access']
        Access._check_group(
            'ci_process.group_ci_engineer', 'ci.sop.review.%s' % method
        )
        Access._check_records(self, 'write', 'ci.sop.review.%s' % method)

    def _check_open(self):
        for review in self:
            if review.state != 'open':
                raise UserError(
                    _("The review of %(sop)s due %(date)s is already done.")
                    % {'sop': review.sop_id.name, 'date': review.date_due}
                )
            if not self.env.user.has_group('ci_process.group_ci_engineer'):
                raise UserError(
                    _("Only a CI Engineer records the outcome of a review.")
                )

    def _close(self, state, **values):
        self._check_open()
        today = fields.Date.context_today(self)
        self._workflow().write(
            dict(values, state=state, user_id=self.env.uid, date_done=today)
        )
        # sudo: reviews are done by engineers, who may not edit the SOP's settings
        self.mapped('sop_id').sudo()._workflow().write(
            {'date_last_review': today}
        )
        self.mapped('activity_ids').action_done()

    @api.model
    def _cron_review_due(self):
        """Opens a review, with a to-do for the SOP's responsible, for each
        standard whose review is due and not yet opened. Re-running it opens
        nothing twice: a review is keyed by SOP and due date."""
        today = fields.Date.context_today(self)
        sops = self.env['ci.sop'].search(
            [
                ('date_next_review', '<=', today),
                ('current_version_id', '!=', False),
            ]
        )
        activity_type = self.env.ref('ci_process.mail_activity_ci_sop_review')
        created = self.browse()
        for sop in sops:
            if self.search_count(
                [
                    ('sop_id', '=', sop.id),
                    '|',
                    ('state', '=', 'open'),
                    ('date_due', '=', sop.date_next_review),
                ]
            ):
                continue
            review = (
                self._workflow()
                .create(
                    {
                        'sop_id': sop.id,
                        'version_id': sop.current_version_id.id,
                        'date_due': sop.date_next_review,
                    }
                )
                .with_env(self.env)
            )
            user = sop.owner_id or sop.create_uid
            review._schedule_review_activity(activity_type, user)
            created |= review
        return created

    def _schedule_review_activity(self, activity_type, user):
        return self._schedule_activity(
            activity_type,
            user,
            _('Review the standard %(sop)s') % {'sop': self.sop_id.name},
            date_deadline=self.date_due,
        )
