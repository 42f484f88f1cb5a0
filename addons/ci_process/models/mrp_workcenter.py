# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class MrpWorkcenter(models.Model):
    _inherit = 'mrp.workcenter'

    owner_id = fields.Many2one(
        'res.users',
        help="Process engineer responsible for improving this work center: "
        "reviews its "
        "improvement proposals and receives its KPI alerts.",
    )
    # Odoo 12+ defines this very field in mrp; Odoo 11 lost it. Same name and
    # meaning, so 11's product_extended (BoM cost) picks it up too.
    costs_hour = fields.Float(
        string='Cost per hour',
        digits=(16, 2),
        help="Cost of an hour of this work center (machine and labour); values "
        "the time an "
        "improvement saves.",
    )
    ci_improvement_ids = fields.One2many(
        'ci.improvement', 'workcenter_id', string='Improvements'
    )
    ci_improvement_count = fields.Integer(
        compute='_compute_ci_improvement_count'
    )

    def _compute_ci_improvement_count(self):
        data = self.env['ci.improvement'].read_group(
            [('workcenter_id', 'in', self.ids)],
            ['workcenter_id'],
            ['workcenter_id'],
        )
        counts = {
            d['workcenter_id'][0]: d['workcenter_id_count'] for d in data
        }
        for workcenter in self:
            workcenter.ci_improvement_count = counts.get(workcenter.id, 0)

    @api.constrains('costs_hour')
    def _check_costs_hour(self):
        for workcenter in self:
            if workcenter.costs_hour < 0:
                raise ValidationError(
                    _(
                        "Work center %(wc)s: Cost per hour cannot be negative "
                        "(%(value)s)."
                    )
                    % {'wc': workcenter.name, 'value': workcenter.costs_hour}
                )

    def ci_capture_url(self):
        """The address of this work center's QR label: the operator's station
        at this work center (ideas, standard, measurements), on the server's
        public address (ci_process.public_url, else web.base.url)."""
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'mrp.workcenter.ci_capture_url'
        )
        base = self.env['ir.config_parameter']._ci_public_url()
        return '%s/ci/station?workcenter=%d' % (base, self.id)

    def action_view_ci_improvements(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'mrp.workcenter.action_view_ci_improvements'
        )
        action = self.env.ref('ci_process.ci_improvement_action').read()[0]
        action['domain'] = [('workcenter_id', '=', self.id)]
        action['context'] = {'default_workcenter_id': self.id}
        return action
