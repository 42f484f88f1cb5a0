# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext, plaintext2html

from ..lib import sop_diff

VERSION_STATES = [
    ('draft', 'Draft'),
    ('approval', 'In Approval'),
    ('approved', 'Approved'),
    ('superseded', 'Superseded'),
]
FROZEN_STATES = ('approved', 'superseded')
# what the manager approves
TEXT_FIELDS = ('content', 'attachment_ids', 'change_summary')


class CiSopVersion(models.Model):
    """One version of an SOP. Once approved it is the record of what the
    standard said: nothing in it changes any more but its state."""

    _name = 'ci.sop.version'
    _description = 'SOP Version'
    _inherit = ['ci.protected.mixin', 'mail.thread']
    _order = 'sop_id, number desc'

    sop_id = fields.Many2one(
        'ci.sop', string='SOP', required=True, index=True, ondelete='cascade'
    )
    number = fields.Integer(readonly=True, copy=False, group_operator='max')
    name = fields.Char(compute='_compute_name', store=True)
    state = fields.Selection(
        VERSION_STATES,
        default='draft',
        required=True,
        readonly=True,
        copy=False,
        track_visibility='onchange',
        index=True,
    )
    content = fields.Html(help="The procedure as the operator reads it.")
    attachment_ids = fields.Many2many(
        'ir.attachment',
        'ci_sop_version_attachment_rel',
        'version_id',
        'attachment_id',
        string='Attachments',
        help="Drawings, photos, check sheets.",
    )
    change_summary = fields.Text(
        help="What changed since the previous version, and why."
    )
    author_id = fields.Many2one(
        'res.users', default=lambda self: self.env.user
    )
    improvement_id = fields.Many2one(
        'ci.improvement',
        index=True,
        ondelete='restrict',
        help="The improvement this version puts into the standard.",
    )
    date_effective = fields.Date(
        string='Effective from',
        track_visibility='onchange',
        help="The version is in force from this day; the previous one is "
        "superseded then. "
        "Today when left empty at approval.",
    )
    approver_id = fields.Many2one('res.users', readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    approval_comment = fields.Text(
        readonly=True,
        copy=False,
        help="What the approver said when approving this version.",
    )
    operation_id = fields.Many2one(
        related='sop_id.operation_id', readonly=True, store=True
    )
    workcenter_id = fields.Many2one(
        related='sop_id.workcenter_id',
        readonly=True,
        store=True,
        string='Work Center',
    )
    product_id = fields.Many2one(related='sop_id.product_id', readonly=True)
    # a plain field set from the SOP at creation, not a stored related one:
    # record rules test it before Odoo would compute a related value
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True
    )
    is_current = fields.Boolean(
        string='In Force', compute='_compute_is_current'
    )
    acknowledgement_ids = fields.One2many(
        'ci.sop.acknowledgement', 'version_id', string='Acknowledgements'
    )
    acknowledged_user_ids = fields.Many2many(
        'res.users',
        compute='_compute_acknowledgements',
        string='Acknowledged by',
    )
    pending_user_ids = fields.Many2many(
        'res.users',
        compute='_compute_acknowledgements',
        string='Not yet acknowledged by',
        help="The SOP's operators, and whoever ran a work order under this "
        "version, who have "
        "not acknowledged it.",
    )
    is_acknowledged = fields.Boolean(
        compute='_compute_acknowledgements',
        help="Whether you acknowledged this version.",
    )
    workorder_count = fields.Integer(compute='_compute_workorder_count')

    _sql_constraints = [
        (
            'sop_number_uniq',
            'unique(sop_id, number)',
            "A version number is used once per SOP.",
        ),
    ]

    @api.depends('sop_id.name', 'number')
    def _compute_name(self):
        for version in self:
            version.name = '%s v%d' % (
                version.sop_id.name or '',
                version.number,
            )

    def _compute_is_current(self):
        for version in self:
            version.is_current = version.sop_id.current_version_id == version

    def _compute_acknowledgements(self):
        for version in self:
            acked = version.acknowledgement_ids.mapped('user_id')
            version.acknowledged_user_ids = acked
            version.pending_user_ids = version._audience() - acked
            version.is_acknowledged = self.env.user in acked

    def _compute_workorder_count(self):
        data = self.env['mrp.workorder'].read_group(
            [('ci_sop_version_id', 'in', self.ids)],
            ['ci_sop_version_id'],
            ['ci_sop_version_id'],
        )
        counts = {
            d['ci_sop_version_id'][0]: d['ci_sop_version_id_count']
            for d in data
        }
        for version in self:
            version.workorder_count = counts.get(version.id, 0)

    @api.constrains('date_effective', 'state')
    def _check_date_effective(self):
        # sudo: compared with every version of the SOP, whoever edits this one;
        # and during create the record rules cannot read it yet (its company,
        # a stored related field, is computed after the constraints run)
        for version in self.sudo().filtered(
            lambda v: v.state in ('approval', 'approved') and v.date_effective
        ):
            previous = version.sop_id.version_ids.filtered(
                lambda v: v.state in FROZEN_STATES
                and v != version
                and v.number < version.number
                and v.date_effective
            )
            latest = (
                max(previous.mapped('date_effective')) if previous else None
            )
            if latest and version.date_effective < latest:
                raise ValidationError(
                    _(
                        "%(version)s: Effective from %(date)s is before "
                        "%(current)s, in force since "
                        "%(current_date)s. A new version takes effect on or after it."
                    )
                    % {
                        'version': version.name,
                        'date': version.date_effective,
                        'current': previous.filtered(
                            lambda v: v.date_effective == latest
                        )[:1].name,
                        'current_date': latest,
                    }
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _protected_fields(self):
        res = super(CiSopVersion, self)._protected_fields()
        res.update(
            dict.fromkeys(
                (
                    'state',
                    'approver_id',
                    'date_approved',
                    'approval_comment',
                    'number',
                    'company_id',
                ),
                None,
            )
        )
        return res

    def _frozen_hint(self):
        return _("Draft a new version instead.")

    def _fixed_fields(self):
        # a version stays with the SOP it was drafted for
        return super(CiSopVersion, self)._fixed_fields() | {'sop_id'}

    def _frozen(self):
        """Approved and superseded versions: the record of what the standard
        said (in approval, its text and files do not change either)."""
        return self.filtered(lambda v: v.state in FROZEN_STATES)

    @api.model
    def create(self, vals):
        self._check_protected(vals, creating=True)
        sop = self.env['ci.sop'].browse(vals.get('sop_id'))
        # the numbers of a SOP's versions follow each other; the SOP's row
        # lock makes two simultaneous drafts take different numbers
        self.env.cr.execute(
            "SELECT id FROM ci_sop WHERE id = %s FOR UPDATE", (sop.id,)
        )
        self.env.cr.execute(
            "SELECT COALESCE(MAX(number), 0) + 1 FROM ci_sop_version WHERE "
            "sop_id = %s",
            (sop.id,),
        )
        vals = dict(
            vals,
            number=self.env.cr.fetchone()[0],
            company_id=sop.company_id.id,
        )
        # handed back as the caller holds it, without the grant
        return (
            super(CiSopVersion, self._workflow())
            .create(vals)
            .with_env(self.env)
        )

    def write(self, vals):
        in_approval = self.filtered(lambda v: v.state == 'approval')
        changed = [f for f in TEXT_FIELDS if f in vals]
        if in_approval and changed and not self._is_workflow():
            raise UserError(
                _(
                    "%(versions)s: in approval, the text the manager approves "
                    "does not change "
                    "(%(fields)s). Send it back to draft to edit it."
                )
                % {
                    'versions': ', '.join(in_approval.mapped('name')),
                    'fields': ', '.join(
                        self._fields[f].string for f in changed
                    ),
                }
            )
        return super(CiSopVersion, self).write(vals)

    def unlink(self):
        for version in self:
            if version.state != 'draft':
                raise UserError(
                    _("%(version)s: only a draft version can be deleted.")
                    % {'version': version.name}
                )
        return super(CiSopVersion, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.sop.version.action_submit'
        )
        for version in self:
            if version.state != 'draft':
                raise UserError(
                    _("%(version)s is not a draft.")
                    % {'version': version.name}
                )
            version._check_not_empty()
        return self._workflow().write({'state': 'approval'})

    def action_back_to_draft(self):
        self.env['ci.access']._check_records(
            self, 'write', 'ci.sop.version.action_back_to_draft'
        )
        for version in self:
            if version.state != 'approval':
                raise UserError(
                    _("%(version)s is not in approval.")
                    % {'version': version.name}
                )
        return self._workflow().write({'state': 'draft'})

    def _check_approver(self, method):
        if not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(_("Only a CI Manager approves a standard."))
        self.env['ci.access']._check_records(
            self, 'write', 'ci.sop.version.%s' % method
        )
        for version in self:
            if version.state != 'approval':
                raise UserError(
                    _(
                        "%(version)s: submit it for approval before approving it."
                    )
                    % {'version': version.name}
                )

    def action_open_approve_wizard(self):
        """The Approve button: a dialog with a comment, and the steps of the
        version in force this one drops."""
        self.ensure_one()
        self._check_approver('action_open_approve_wizard')
        return {
            'type': 'ir.actions.act_window',
            'name': _('Approve Standard'),
            'res_model': 'ci.sop.version.approve',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_version_id': self.id},
        }

    def action_approve(self, comment=None):
        """Approve the versions; ``comment``, the approver's word, is kept on
        them and posted in their chatter."""
        self._check_approver('action_approve')
        today = fields.Date.context_today(self)
        if comment and not isinstance(comment, str):
            raise UserError(
                _("%(field)s = %(value)r: a comment is text.")
                % {
                    'field': self._fields['approval_comment'].string,
                    'value': comment,
                }
            )
        comment = (comment or '').strip()
        for version in self:
            version._check_not_empty()
            version._workflow().write(
                {
                    'state': 'approved',
                    'date_effective': version.date_effective or today,
                    'approver_id': self.env.uid,
                    'date_approved': fields.Datetime.now(),
                    'approval_comment': comment or False,
                }
            )
            self.env['ci.message']._post(
                version,
                'sop.approved',
                {'date': version.date_effective},
                subtype='mail.mt_note',
            )
            if comment:
                version.message_post(
                    body=plaintext2html(comment),
                    message_type='comment',
                    subtype='mail.mt_note',
                )
        self._apply_effective()
        self._on_approved()
        improvements = self.mapped('improvement_id').filtered(
            lambda i: i.state == 'adopted'
        )
        if improvements:
            improvements._standardize()
        return True

    def action_acknowledge(self):
        # one acknowledges what one may read (the approved versions of one's company)
        self.env['ci.access']._check_records(
            self, 'read', 'ci.sop.version.action_acknowledge'
        )
        Ack = self.env['ci.sop.acknowledgement']
        for version in self:
            if version.state not in FROZEN_STATES:
                raise UserError(
                    _(
                        "%(version)s is not approved yet: there is nothing to "
                        "acknowledge."
                    )
                    % {'version': version.name}
                )
            if not Ack.search_count(
                [
                    ('version_id', '=', version.id),
                    ('user_id', '=', self.env.uid),
                ]
            ):
                Ack._workflow().create(
                    {'version_id': version.id, 'user_id': self.env.uid}
                )
        self.invalidate_cache(['acknowledgement_ids'])
        return True

    def action_view_workorders(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.sop.version.action_view_workorders'
        )
        # without Manufacturing rights the work order's form fails on its
        # stock moves: such users get a form with only the standard's fields
        xmlid = (
            'mrp.mrp_workorder_todo'
            if self.env.user.has_group('mrp.group_mrp_user')
            else 'ci_process.mrp_workorder_action_ci_user'
        )
        action = self.env.ref(xmlid).read()[0]
        action.update(domain=[('ci_sop_version_id', '=', self.id)], context={})
        return action

    def action_compare(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.sop.version.action_compare'
        )
        # a draft is read against the text in force; the version in force,
        # or an older one, against the one before it
        previous = self.sop_id.current_version_id
        if not previous or previous.number >= self.number:
            previous = self.sop_id.version_ids.filtered(
                lambda v: v.number < self.number
            ).sorted('number')[-1:]
        return {
            'type': 'ir.actions.act_window',
            'name': _('Compare Versions'),
            'res_model': 'ci.sop.version.compare',
            'view_mode': 'form',
            'target': 'new',
            'context': {
                'default_version_old_id': previous.id or self.id,
                'default_version_new_id': self.id,
            },
        }

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _version_in_force(self):
        """The version of the same SOP in force today, when it is another one."""
        self.ensure_one()
        current = self.sop_id.current_version_id
        return current if current != self else self.browse()

    def _removed_steps(self):
        """The steps (lines) of the version in force this version drops."""
        self.ensure_one()
        current = self._version_in_force()
        if not current:
            return []
        return sop_diff.removed_lines(
            current.content or '', self.content or ''
        )

    def _check_not_empty(self):
        self.ensure_one()
        if (
            not html2plaintext(self.content or '').strip()
            and not self.attachment_ids
        ):
            raise UserError(
                _(
                    "%(version)s is empty: write the procedure or attach it before "
                    "submitting or approving it."
                )
                % {'version': self.name}
            )

    def _on_approved(self):
        """Extension point: what else changes when these versions are approved
        (ci_spc starts a new control chart phase on their effective date)."""
        return True

    def _start_utc(self):
        """When the version takes effect, as Odoo stores times (UTC,
        'YYYY-MM-DD HH:MM:SS'): the start of its effective day in the
        user's timezone. The effective date is a day of the plant's
        calendar (the approver's "today"), not of UTC's."""
        self.ensure_one()
        try:
            tz = pytz.timezone(
                self._context.get('tz') or self.env.user.tz or 'UTC'
            )
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc
        day = fields.Date.from_string(self.date_effective)
        start = tz.localize(datetime.datetime.combine(day, datetime.time()))
        return fields.Datetime.to_string(start.astimezone(pytz.utc))

    def _in_force_among(self, day):
        """The version in force on ``day`` among these (one SOP's) versions."""
        candidates = self.filtered(
            lambda v: v.state in FROZEN_STATES
            and v.date_effective
            and v.date_effective <= day
        )
        return candidates.sorted(lambda v: (v.date_effective, v.number))[-1:]

    @api.model
    def _in_force(self, operation, product, day):
        """The version of the SOP for ``operation`` (and ``product``) in force
        on ``day``."""
        sop = self.env['ci.sop']._for_operation(operation, product)
        return sop.version_ids._in_force_among(day) if sop else self.browse()

    def _apply_effective(self):
        """Supersede what the versions in force today replace, for these
        versions' SOPs."""
        today = fields.Date.context_today(self)
        for sop in self.mapped('sop_id'):
            current = sop.version_ids._in_force_among(today)
            older = sop.version_ids.filtered(
                lambda v: v.state == 'approved'
                and current
                and v != current
                and v.date_effective <= current.date_effective
            )
            if older:
                older._workflow().write({'state': 'superseded'})
                for old in older:
                    self.env['ci.message']._post(
                        old,
                        'sop.superseded',
                        {'version': current.name},
                        subtype='mail.mt_note',
                    )
                self.env['ci.message']._post(
                    sop,
                    'sop.in_force',
                    {'version': current.name, 'date': current.date_effective},
                    subtype='mail.mt_note',
                )

    @api.model
    def _cron_apply_effective(self):
        """Daily: versions approved for a later date take effect."""
        # "in force" moves with the calendar, not with a write: recompute it
        sops = self.env['ci.sop'].search(
            [('version_ids.state', '=', 'approved')]
        )
        self.env.add_todo(sops._fields['current_version_id'], sops)
        sops.recompute()
        self.search([('state', '=', 'approved')])._apply_effective()

    def _audience(self):
        """Who should acknowledge: the SOP's operators and whoever ran a work
        order under this version."""
        self.ensure_one()
        if not self.id:
            return self.env['res.users']
        # who logged time under it on the version's company's work centers
        # (ci.sop.version.runner), read for whoever reads the version
        # (operators have no rights on time logs)
        self.env.cr.execute(
            "SELECT user_id FROM ci_sop_version_runner WHERE version_id = %s "
            "AND log_count > 0",
            (self.id,),
        )
        runners = self.env['res.users'].browse(
            [r[0] for r in self.env.cr.fetchall()]
        )
        return (self.sop_id.operator_ids | runners).filtered('active')
