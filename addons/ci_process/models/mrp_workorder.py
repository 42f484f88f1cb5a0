# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class MrpWorkorder(models.Model):
    _name = 'mrp.workorder'
    _inherit = ['mrp.workorder', 'ci.protected.mixin']

    ci_sop_version_id = fields.Many2one(
        'ci.sop.version',
        string='Standard (SOP)',
        readonly=True,
        copy=False,
        index=True,
        ondelete='restrict',
        help="The version of the operation's standard in force when the work "
        "order started.",
    )
    ci_sop_content = fields.Html(
        related='ci_sop_version_id.content', readonly=True, string='Procedure'
    )
    ci_sop_is_acknowledged = fields.Boolean(
        related='ci_sop_version_id.is_acknowledged', readonly=True
    )

    def _protected_fields(self):
        res = super(MrpWorkorder, self)._protected_fields()
        # the standard in force when it started: stamped, never chosen
        res['ci_sop_version_id'] = None
        return res

    @api.model
    def create(self, vals):
        workorders = super(MrpWorkorder, self).create(vals)
        workorders._stamp_sop_version()
        return workorders

    def write(self, vals):
        res = super(MrpWorkorder, self).write(vals)
        # a work order starts through the tablet buttons, an import or an
        # integrator's RPC: stamp whichever set the start
        if 'date_start' in vals or vals.get('state') in ('progress', 'done'):
            self._stamp_sop_version()
        return res

    def get_formview_id(self, access_uid=None):
        """Without Manufacturing rights (CI Users), a work order opened from a
        link (an improvement, a measurement) shows the form of its standard:
        mrp's form reads stock moves, which such users may not."""
        user = (
            self.env['res.users'].browse(access_uid)
            if access_uid
            else self.env.user
        )
        if not user.has_group('mrp.group_mrp_user'):
            return self.env.ref(
                'ci_process.mrp_workorder_view_form_ci_user'
            ).id
        return super(MrpWorkorder, self).get_formview_id(access_uid=access_uid)

    def action_ci_open_sop(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'mrp.workorder.action_ci_open_sop'
        )
        version = self.ci_sop_version_id or self._sop_version_at(
            fields.Datetime.now()
        )
        if not version:
            return False
        self.env['ci.access']._check_records(
            version, 'read', 'mrp.workorder.action_ci_open_sop'
        )
        return version.get_formview_action()

    def action_ci_acknowledge_sop(self):
        self.env['ci.access']._check_records(
            self, 'read', 'mrp.workorder.action_ci_acknowledge_sop'
        )
        self.mapped('ci_sop_version_id').action_acknowledge()
        return True

    def _sop_version_at(self, when):
        self.ensure_one()
        if not self.operation_id:
            return self.env['ci.sop.version']
        # the day of the plant's calendar, as effective dates are (the user's
        # timezone), not UTC's
        day = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(when)
        ).date()
        return self.env['ci.sop.version']._in_force(
            self.operation_id, self.product_id, fields.Date.to_string(day)
        )

    def _stamp_sop_version(self):
        for workorder in self.filtered(
            lambda w: w.date_start and not w.ci_sop_version_id
        ):
            version = workorder._sop_version_at(workorder.date_start)
            if version:
                workorder._workflow().write({'ci_sop_version_id': version.id})
