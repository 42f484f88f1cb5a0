# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ci_improvement import flag_domain


class CiSop(models.Model):
    """The standard operating procedure (作业标准) of a routing operation,
    optionally for one product, as a series of versions."""

    _name = 'ci.sop'
    _description = 'Standard Operating Procedure'
    _inherit = ['ci.protected.mixin', 'mail.thread', 'mail.activity.mixin']
    _order = 'name, id'

    name = fields.Char(required=True, track_visibility='onchange')
    active = fields.Boolean(default=True)
    operation_id = fields.Many2one(
        'mrp.routing.workcenter',
        required=True,
        index=True,
        ondelete='restrict',
    )
    workcenter_id = fields.Many2one(
        related='operation_id.workcenter_id',
        store=True,
        readonly=True,
        string='Work Center',
    )
    product_id = fields.Many2one(
        'product.product',
        index=True,
        help="Leave empty when the standard applies to every product made by "
        "the operation.",
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )
    owner_id = fields.Many2one(
        'res.users',
        track_visibility='onchange',
        default=lambda self: self.env.user,
        help="Keeps the standard alive: receives its periodic reviews.",
    )
    operator_ids = fields.Many2many(
        'res.users',
        'ci_sop_operator_rel',
        'sop_id',
        'user_id',
        string='Operators',
        help="Who must acknowledge each new version; operators who run a work "
        "order under a "
        "version are asked too.",
    )
    version_ids = fields.One2many(
        'ci.sop.version', 'sop_id', string='Versions'
    )
    version_count = fields.Integer(compute='_compute_version_count')
    current_version_id = fields.Many2one(
        'ci.sop.version',
        string='Version in Force',
        compute='_compute_current_version_id',
        store=True,
    )
    date_effective = fields.Date(
        related='current_version_id.date_effective',
        readonly=True,
        string='In force since',
    )
    review_interval = fields.Integer(
        string='Review every (months)',
        default=12,
        required=True,
        track_visibility='onchange',
    )
    date_last_review = fields.Date(readonly=True, copy=False)
    date_next_review = fields.Date(
        compute='_compute_date_next_review', store=True, index=True
    )
    review_ids = fields.One2many('ci.sop.review', 'sop_id', string='Reviews')
    is_review_overdue = fields.Boolean(
        compute='_compute_is_review_overdue',
        search='_search_is_review_overdue',
    )

    _sql_constraints = [
        (
            'operation_product_uniq',
            'unique(operation_id, product_id, company_id)',
            "An operation already has an SOP for this product.",
        ),
    ]

    def _protected_fields(self):
        res = super(CiSop, self)._protected_fields()
        # closing a review sets it, and it schedules the next one
        res['date_last_review'] = None
        return res

    def _compute_version_count(self):
        for sop in self:
            sop.version_count = len(sop.version_ids)

    @api.depends('version_ids.state', 'version_ids.date_effective')
    def _compute_current_version_id(self):
        today = fields.Date.context_today(self)
        for sop in self:
            sop.current_version_id = sop.version_ids._in_force_among(today)

    @api.depends(
        'date_last_review',
        'current_version_id.date_effective',
        'review_interval',
    )
    def _compute_date_next_review(self):
        for sop in self:
            start = (
                sop.date_last_review or sop.current_version_id.date_effective
            )
            if not start or sop.review_interval <= 0:
                sop.date_next_review = False
                continue
            sop.date_next_review = fields.Date.to_string(
                fields.Date.from_string(start)
                + relativedelta(months=sop.review_interval)
            )

    def _compute_is_review_overdue(self):
        today = fields.Date.context_today(self)
        for sop in self:
            sop.is_review_overdue = bool(
                sop.date_next_review and sop.date_next_review < today
            )

    def _search_is_review_overdue(self, operator, value):
        return flag_domain(
            [
                ('date_next_review', '!=', False),
                ('date_next_review', '<', fields.Date.context_today(self)),
            ],
            operator,
            value,
        )

    @api.constrains('review_interval')
    def _check_review_interval(self):
        for sop in self:
            if sop.review_interval < 0:
                raise ValidationError(
                    _(
                        "SOP %(sop)s: Review every (months) cannot be negative "
                        "(%(value)s)."
                    )
                    % {'sop': sop.name, 'value': sop.review_interval}
                )

    @api.constrains('operation_id', 'company_id')
    def _check_operation_company(self):
        for sop in self:
            company = sop.operation_id.workcenter_id.company_id
            if company and company != sop.company_id:
                raise ValidationError(
                    _(
                        "SOP %(sop)s: operation %(op)s belongs to company "
                        "%(company)s."
                    )
                    % {
                        'sop': sop.name,
                        'op': sop.operation_id.name,
                        'company': company.name,
                    }
                )

    def unlink(self):
        for sop in self:
            if sop.version_ids.filtered(lambda v: v.state != 'draft'):
                raise UserError(
                    _(
                        "SOP %(sop)s has versions that were submitted or "
                        "approved: they are "
                        "history. Archive it instead."
                    )
                    % {'sop': sop.name}
                )
        return super(CiSop, self).unlink()

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_new_version(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'write', 'ci.sop.action_new_version'
        )
        version = self._new_draft()
        return version.get_formview_action()

    def action_view_versions(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.sop.action_view_versions'
        )
        action = self.env.ref('ci_process.ci_sop_version_action').read()[0]
        action['domain'] = [('sop_id', '=', self.id)]
        action['context'] = {'default_sop_id': self.id}
        return action

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    @api.model
    def _for_operation(self, operation, product=None, create=False):
        """The SOP of ``operation`` for ``product`` (else the operation's
        general one); with ``create``, a new general one when there is none."""
        domain = [('operation_id', '=', operation.id)]
        sops = self.search(
            domain
            + [('product_id', 'in', [product.id if product else False, False])]
        )
        sop = (
            sops.filtered(lambda s: product and s.product_id == product)[:1]
            or sops.filtered(lambda s: not s.product_id)[:1]
        )
        if not sop and create:
            sop = self.create(
                {
                    'name': operation.name,
                    'operation_id': operation.id,
                    'company_id': operation.workcenter_id.company_id.id
                    or self.env.user.company_id.id,
                }
            )
        return sop

    def _new_draft(self, improvement=None):
        """A draft version starting from the text in force; one open draft per
        improvement (adopting twice does not draft twice)."""
        self.ensure_one()
        Version = self.env['ci.sop.version']
        if improvement:
            existing = Version.search(
                [
                    ('sop_id', '=', self.id),
                    ('improvement_id', '=', improvement.id),
                    ('state', 'in', ('draft', 'approval')),
                ],
                limit=1,
            )
            if existing:
                return existing
        base = (
            self.current_version_id or self.version_ids.sorted('number')[-1:]
        )
        vals = {
            'sop_id': self.id,
            'content': base.content,
            # copies: the files of the version in force stay as they were approved
            'attachment_ids': [
                (
                    6,
                    0,
                    [
                        attachment.copy().id
                        for attachment in base.attachment_ids
                    ],
                )
            ],
        }
        if improvement:
            vals.update(
                improvement_id=improvement.id,
                change_summary='%s: %s'
                % (improvement.name, improvement.title),
            )
        return Version.create(vals)
