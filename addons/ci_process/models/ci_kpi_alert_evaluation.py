# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .ci_kpi import KPI_SELECTION

OUTCOMES = [
    ('fired', 'Fired'),
    ('cooldown', 'Skipped: cooldown'),
    ('open_task', 'Skipped: open improvement'),
    ('no_data', 'Skipped: no data'),
    ('within_limits', 'Within limits'),
    ('error', 'Error'),
]


class CiKpiAlertEvaluation(models.Model):
    """One evaluation of a KPI alert rule and its outcome: an append-only log,
    so that nobody wonders why an alert did (not) fire."""

    _name = 'ci.kpi.alert.evaluation'
    _description = 'KPI Alert Evaluation'
    _inherit = ['ci.protected.mixin']
    _order = 'date desc, id desc'
    _rec_name = 'rule_id'
    _ci_workflow_create = True

    rule_id = fields.Many2one(
        'ci.kpi.alert.rule',
        required=True,
        readonly=True,
        index=True,
        ondelete='restrict',
    )
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True
    )
    date = fields.Datetime(
        string='Evaluated on',
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    trigger = fields.Selection(
        [('cron', 'Scheduled job'), ('manual', 'Evaluate now')],
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one('res.users', string='Run by', readonly=True)
    kpi = fields.Selection(
        KPI_SELECTION, string='KPI', required=True, readonly=True
    )
    mode = fields.Selection(
        [
            ('absolute', 'Absolute threshold'),
            ('degradation', 'Degradation vs baseline'),
        ],
        required=True,
        readonly=True,
    )
    workcenter_id = fields.Many2one(
        'mrp.workcenter', string='Work Center', readonly=True
    )
    date_from = fields.Date(string='Window from', readonly=True)
    date_to = fields.Date(string='Window to', readonly=True)
    baseline_date_from = fields.Date(string='Baseline from', readonly=True)
    baseline_date_to = fields.Date(string='Baseline to', readonly=True)
    has_value = fields.Boolean(readonly=True)
    value = fields.Float(
        readonly=True,
        digits=(16, 2),
        group_operator='avg',
        help="The KPI over the evaluation window.",
    )
    data_points = fields.Integer(
        readonly=True,
        help="Done work orders (time logs for OEE) in the window.",
    )
    has_baseline = fields.Boolean(readonly=True)
    baseline = fields.Float(
        readonly=True,
        digits=(16, 2),
        group_operator='avg',
        help="The KPI over the baseline window.",
    )
    has_limit = fields.Boolean(readonly=True)
    limit = fields.Float(
        readonly=True,
        digits=(16, 2),
        group_operator='avg',
        help="The value the KPI must not be worse than.",
    )
    outcome = fields.Selection(
        OUTCOMES, required=True, readonly=True, index=True
    )
    improvement_id = fields.Many2one(
        'ci.improvement',
        readonly=True,
        ondelete='set null',
        help="The improvement opened, or the open one that held the alert back.",
    )
    message = fields.Text(readonly=True)

    def read(self, fields=None, load='_classic_read'):
        # the message is written in the language of whoever ran the rule:
        # read it in the reader's (see ci.message)
        result = super(CiKpiAlertEvaluation, self).read(
            fields=fields, load=load
        )
        return self.env['ci.message']._localize_rows(result, ['message'])

    def _protected_fields(self):
        res = super(CiKpiAlertEvaluation, self)._protected_fields()
        # the evaluation of a rule writes the whole entry
        res.update(dict.fromkeys(self._stored_fields(), None))
        return res

    def _frozen(self):
        """Every evaluation: a log of what was evaluated."""
        return self
