# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class CiSpcSignal(models.Model):
    """A run rule violated on a control chart: the process changed."""
    _name = 'ci.spc.signal'
    _description = 'SPC Signal'
    _inherit = ['ci.protected.mixin', 'mail.thread']
    _order = 'date desc, id desc'
    # raised by the rules on the measurements, never by hand
    _ci_workflow_create = True
    # written in bulk by every batch of measurements that breaks a rule: no
    # create/write user columns, whose foreign keys PostgreSQL would check
    # row by row; date_signalled keeps when it was raised
    _log_access = False

    # no index of its own: the unique key below starts with it
    characteristic_id = fields.Many2one('ci.spc.characteristic', required=True, ondelete='cascade', readonly=True)
    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True)
    phase_id = fields.Many2one('ci.spc.phase', readonly=True, ondelete='cascade')
    rule_id = fields.Many2one('ci.spc.rule', required=True, readonly=True, ondelete='restrict')
    point_key = fields.Char(string='Point', required=True, readonly=True,
                            help="The subgroup (or measurement time) that completed the pattern.")
    date = fields.Datetime(string='Point Time', required=True, readonly=True, index=True)
    date_signalled = fields.Datetime(string='Signalled On', readonly=True,
                                     help="When the measurement that revealed it came in.")
    value = fields.Float(digits=(16, 6), readonly=True, help="The plotted value of that point.")
    decimals = fields.Integer(related='characteristic_id.decimals', readonly=True)
    chart = fields.Selection([('main', 'Main chart'), ('spread', 'Spread chart')], default='main',
                             required=True, readonly=True)
    involved = fields.Text(string='Points Involved', readonly=True)
    state = fields.Selection([
        ('new', 'New'),
        ('acknowledged', 'Acknowledged'),
        ('escalated', 'Escalated'),
    ], default='new', required=True, readonly=True, index=True, track_visibility='onchange')
    improvement_id = fields.Many2one('ci.improvement', readonly=True, ondelete='set null')
    note = fields.Text()

    _sql_constraints = [
        # a violation is signalled once, however often the chart is evaluated
        ('point_uniq', 'unique(characteristic_id, phase_id, rule_id, chart, point_key)',
         "This violation is already signalled."),
    ]

    def name_get(self):
        # the rule broken and when, in the reader's time zone (the point's
        # key is an identity for machines, not a name for people)
        res = []
        for signal in self:
            when = signal.point_key
            if signal.date:
                when = fields.Datetime.context_timestamp(
                    signal, fields.Datetime.from_string(signal.date)).strftime('%Y-%m-%d %H:%M')
            res.append((signal.id, '%s @ %s' % (signal.rule_id.name, when)))
        return res

    def _protected_fields(self):
        res = super(CiSpcSignal, self)._protected_fields()
        # what the rules found stays as found; the note is the people's
        res.update(dict.fromkeys(self._stored_fields(exclude=('note',)), None))
        return res

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("%(signals)s: a signal is a record of what the chart showed: it cannot be "
                          "deleted. Void the measurements behind it if they were wrong.")
                        % {'signals': ', '.join(self.mapped('display_name'))})

    def action_acknowledge(self):
        self.env['ci.access']._check_records(self, 'write', 'ci.spc.signal.action_acknowledge')
        if self.filtered(lambda s: s.state != 'new'):
            raise UserError(_("Only new signals can be acknowledged."))
        self._workflow().write({'state': 'acknowledged'})
        return True

    def action_escalate(self):
        """Open (or join) the characteristic's improvement for these signals."""
        # the improvement is opened as the system: the caller's right is checked here
        self.env['ci.access']._check_records(self, 'write', 'ci.spc.signal.action_escalate')
        # per characteristic, all at once: one improvement (a storm of them
        # summed up), not one call and one message per signal
        todo = self.filtered(lambda s: s.state != 'escalated')
        for char in todo.mapped('characteristic_id'):
            char._open_improvement(todo.filtered(lambda s, char=char: s.characteristic_id == char))
        return True
