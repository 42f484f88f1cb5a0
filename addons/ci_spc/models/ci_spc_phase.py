# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CiSpcPhase(models.Model):
    """A stretch of a control chart with its own limits: computed from its
    first subgroups, then frozen, and every later point is judged against
    them. A new SOP version, or an engineer with a reason, starts a phase."""
    _name = 'ci.spc.phase'
    _description = 'SPC Phase'
    _inherit = ['ci.protected.mixin']
    _order = 'characteristic_id, date_start desc, id desc'

    characteristic_id = fields.Many2one('ci.spc.characteristic', required=True, index=True,
                                        ondelete='cascade', readonly=True)
    # set from the characteristic at creation: record rules read it before a
    # stored related field would be computed
    company_id = fields.Many2one('res.company', required=True, readonly=True, index=True)
    name = fields.Char(compute='_compute_name')
    chart_type = fields.Selection(related='characteristic_id.chart_type', readonly=True)
    decimals = fields.Integer(related='characteristic_id.decimals', readonly=True)
    date_start = fields.Datetime(string='Starts', required=True, index=True)
    origin = fields.Selection([
        ('initial', 'First phase'),
        ('sop_version', 'New SOP version'),
        ('manual', 'Started by hand'),
    ], required=True, default='manual', readonly=True)
    reason = fields.Text()
    sop_version_id = fields.Many2one('ci.sop.version', string='SOP Version', readonly=True, ondelete='set null')
    state = fields.Selection([
        ('provisional', 'Provisional limits'),
        ('frozen', 'Frozen limits'),
    ], default='provisional', required=True, readonly=True)
    # the limits, as frozen: the center line and spread of the plotted
    # statistic; per-point limits (p, u charts) follow from them and the size
    center = fields.Float(digits=(16, 6), readonly=True)
    lcl = fields.Float(string='LCL', digits=(16, 6), readonly=True)
    ucl = fields.Float(string='UCL', digits=(16, 6), readonly=True)
    spread_center = fields.Float(digits=(16, 6), readonly=True,
                                 help="R̄, S̄ or MR̄ of the secondary chart.")
    spread_lcl = fields.Float(string='Spread LCL', digits=(16, 6), readonly=True)
    spread_ucl = fields.Float(string='Spread UCL', digits=(16, 6), readonly=True)
    sigma_within = fields.Float(digits=(16, 6), readonly=True,
                                help="Within-subgroup standard deviation estimated from the baseline.")
    baseline_count = fields.Integer(string='Baseline Subgroups', readonly=True)
    date_frozen = fields.Datetime(readonly=True)

    def _compute_name(self):
        labels = dict(self._fields['origin']._description_selection(self.env))
        for phase in self:
            label = phase.sop_version_id.name or labels.get(phase.origin)
            phase.name = label if phase.origin == 'initial' else self.env['ci.message']._text(
                'spc.phase_dated', {'label': label, 'date': phase._local_day()})

    def _local_day(self):
        """The day the phase starts, in the reader's time zone (else the
        plant's): a version effective on 2 November starts on 2 November."""
        self.ensure_one()
        if not self.date_start:
            return ''
        start = pytz.utc.localize(fields.Datetime.from_string(self.date_start))
        return fields.Date.to_string(start.astimezone(self.characteristic_id._display_tz()))

    def read(self, fields=None, load='_classic_read'):
        # the reason of a phase the suite started is written in the language
        # of whoever triggered it: read it in the reader's (see ci.message)
        result = super(CiSpcPhase, self).read(fields=fields, load=load)
        return self.env['ci.message']._localize_rows(result, ['reason'])

    def _name_arg(self):
        """The phase's name as a system message argument (see ci.message)."""
        self.ensure_one()
        label = self.sop_version_id.name or {'sel': ['ci.spc.phase', 'origin', self.origin]}
        if self.origin == 'initial':
            return label
        return {'msg': 'spc.phase_dated', 'args': {'label': label, 'date': self._local_day()}}

    def _protected_fields(self):
        res = super(CiSpcPhase, self)._protected_fields()
        # the limits are computed from the phase's first subgroups, then frozen;
        # the first phase and a new SOP version's phase are started by the suite
        res.update(dict.fromkeys((
            'company_id', 'origin', 'sop_version_id', 'state', 'center', 'lcl', 'ucl', 'spread_center',
            'spread_lcl', 'spread_ucl', 'sigma_within', 'baseline_count', 'date_frozen'), None))
        return res

    def _fixed_fields(self):
        return super(CiSpcPhase, self)._fixed_fields() | {'characteristic_id'}

    def _frozen(self):
        """Phases whose limits are frozen."""
        return self.filtered(lambda p: p.state == 'frozen')

    @api.model
    def create(self, vals):
        self._check_protected(vals, creating=True)
        if vals.get('origin', 'manual') == 'manual' and not (vals.get('reason') or '').strip():
            raise UserError(_("Say why a new phase starts (Reason)."))
        char = self.env['ci.spc.characteristic'].browse(vals.get('characteristic_id'))
        vals = dict(vals, company_id=char.company_id.id)
        phase = super(CiSpcPhase, self._workflow()).create(vals).with_env(self.env)
        if phase.origin != 'initial':
            # the first phase never starts after another one
            char._sync_first_phase()
        return phase

    def write(self, vals):
        res = super(CiSpcPhase, self).write(vals)
        if 'date_start' in vals:
            self.mapped('characteristic_id')._sync_first_phase()
        return res

    def unlink(self):
        if self.filtered(lambda p: p.state == 'frozen' or p.origin != 'manual'):
            raise UserError(_("Only a manual phase whose limits are not frozen can be deleted."))
        chars = self.mapped('characteristic_id')
        res = super(CiSpcPhase, self).unlink()
        chars._sync_first_phase()
        return res

    def _time_range(self):
        """[start, stop) of the phase: until the next phase of the characteristic
        starts (None: still running). Of two phases starting at the same time,
        the later created one holds the time."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT MIN(date_start) FROM ci_spc_phase
             WHERE characteristic_id = %s AND id != %s
               AND (date_start > %s OR (date_start = %s AND id > %s))""",
                            (self.characteristic_id.id, self.id, self.date_start, self.date_start, self.id))
        return self.date_start, self.env.cr.fetchone()[0]
