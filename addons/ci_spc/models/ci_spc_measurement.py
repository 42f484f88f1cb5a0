# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import datetime
import io
import math
import numbers

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ci_spc_characteristic import SIZED_CHARTS, VARIABLE_CHARTS

MAX_BATCH = 10000
MAX_ERRORS = 20
# fields a measurement of a frozen phase keeps for ever; voiding is the way out
HISTORY_FIELDS = ('characteristic_id', 'value', 'count', 'sample_size', 'timestamp', 'subgroup',
                  'workorder_id', 'user_id')
VOID_FIELDS = ('voided', 'void_reason', 'void_user_id', 'date_voided')
_VOID = object()
_CharMeta = collections.namedtuple('_CharMeta', 'id company_id chart_type subgroup_size')


class CiSpcMeasurement(models.Model):
    """One measured value (variables charts) or one count out of a sample
    (attributes charts) of a characteristic."""
    _name = 'ci.spc.measurement'
    _description = 'SPC Measurement'
    _order = 'timestamp desc, id desc'
    _rec_name = 'characteristic_id'
    # A high-volume, append-only table: each foreign key is checked on every
    # row a machine sends (measured: 2.8 ms per key per 1000 rows, most of
    # the insert). The operator and the time of recording are kept in
    # fields of their own; the company comes from the characteristic.
    _log_access = False

    # indexed with the timestamp, see init()
    characteristic_id = fields.Many2one('ci.spc.characteristic', required=True, ondelete='restrict')
    company_id = fields.Many2one(related='characteristic_id.company_id', readonly=True)
    chart_type = fields.Selection(related='characteristic_id.chart_type', readonly=True)
    value = fields.Float(digits=(16, 6), help="The measured value (X̄-R, X̄-S, I-MR charts).")
    count = fields.Integer(help="Defectives (p, np) or defects (c, u) found in the sample.")
    sample_size = fields.Integer(help="Units inspected (p, np, u charts).")
    # indexes: every one costs on each of the thousands of rows a batch
    # inserts; the chart reads by (phase, time), see init()
    timestamp = fields.Datetime(required=True, default=fields.Datetime.now)
    subgroup = fields.Char(
        help="Measurements with the same key form one subgroup (X̄ charts); by default the "
             "timestamp.")
    workorder_id = fields.Many2one('mrp.workorder', string='Work Order', ondelete='restrict')
    user_id = fields.Many2one('res.users', string='Operator', default=lambda self: self.env.user)
    # not stored: a phase is a stretch of time of the characteristic, so a
    # measurement belongs to the latest phase started at its timestamp, and
    # starting a phase never rewrites a measurement
    phase_id = fields.Many2one('ci.spc.phase', compute='_compute_phase_id', search='_search_phase_id')
    date_recorded = fields.Datetime(readonly=True, default=fields.Datetime.now,
                                    help="When the measurement reached Odoo (the timestamp is when it was taken).")
    voided = fields.Boolean(readonly=True)
    void_reason = fields.Text(readonly=True)
    void_user_id = fields.Many2one('res.users', string='Voided by', readonly=True)
    date_voided = fields.Datetime(readonly=True)
    note = fields.Char()

    @api.model_cr
    def init(self):
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'ci_spc_measurement_char_time_idx'")
        if not self.env.cr.fetchone():
            self.env.cr.execute("CREATE INDEX ci_spc_measurement_char_time_idx "
                                "ON ci_spc_measurement (characteristic_id, timestamp, id)")
        # machines send no work order: a partial index costs them nothing
        self.env.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'ci_spc_measurement_workorder_idx'")
        if not self.env.cr.fetchone():
            self.env.cr.execute("CREATE INDEX ci_spc_measurement_workorder_idx ON ci_spc_measurement (workorder_id) "
                                "WHERE workorder_id IS NOT NULL")

    def _compute_phase_id(self):
        chars = self.mapped('characteristic_id')
        starts = chars._phase_starts()
        for measurement in self:
            stamp = fields.Datetime.from_string(measurement.timestamp) if measurement.timestamp else None
            measurement.phase_id = chars._phase_at(starts, measurement.characteristic_id.id, stamp) \
                if stamp else False

    def _search_phase_id(self, operator, value):
        if operator not in ('=', 'in') or not value:
            raise UserError(_("Search measurements by phase with '=' or 'in' only."))
        phases = self.env['ci.spc.phase'].browse([value] if isinstance(value, int) else list(value)).exists()
        if not phases:
            return [('id', '=', 0)]
        # explicit operators: Odoo 11 splices a search method's leaves one by
        # one into the caller's domain, so an implicit '&' would be lost
        domain = ['|'] * (len(phases) - 1)
        for phase in phases:
            start, stop = phase._time_range()
            domain += ['&', ('characteristic_id', '=', phase.characteristic_id.id)]
            domain += ['&', ('timestamp', '>=', start), ('timestamp', '<', stop)] if stop \
                else [('timestamp', '>=', start)]
        return domain

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        """One measurement, with the checks of a batch (see ingest)."""
        row = self._validate_rows([self._vals_to_row(vals)])[0]
        char = self.env['ci.spc.characteristic'].browse(row['characteristic_id'])
        since = row['timestamp']
        row['timestamp'] = fields.Datetime.to_string(since)
        measurement = super(CiSpcMeasurement, self).create(
            dict((key, value) for key, value in row.items() if value is not None))
        char._evaluate_rules(since={char.id: since})
        return measurement

    def write(self, vals):
        self.check_access_rights('write')
        touched = [f for f in vals if f in HISTORY_FIELDS + VOID_FIELDS]
        if touched and self.env.context.get('ci_spc_void') is not _VOID:
            frozen = self.filtered(lambda m: m.phase_id.state == 'frozen' or m.voided)
            if frozen or any(f in VOID_FIELDS + ('characteristic_id',) for f in touched):
                raise UserError(
                    _("Measurements are history: %(fields)s cannot be changed once the phase's limits "
                      "are frozen (or the measurement voided). Void it with a reason instead.")
                    % {'fields': ', '.join(self._fields[f].string for f in touched)})
        res = super(CiSpcMeasurement, self).write(vals)
        if touched:
            self.mapped('characteristic_id')._evaluate_rules()
        return res

    def unlink(self):
        self.check_access_rights('unlink')
        if self.filtered(lambda m: m.phase_id.state == 'frozen'):
            raise UserError(_("Measurements of a phase with frozen limits cannot be deleted: void them "
                              "with a reason instead."))
        chars = self.mapped('characteristic_id')
        res = super(CiSpcMeasurement, self).unlink()
        chars._evaluate_rules()
        return res

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_void(self, reason):
        """Take measurements off the chart, keeping them and the reason."""
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_("Say why the measurement is voided (Void Reason)."))
        if self.filtered('voided'):
            raise UserError(_("Some of these measurements are already voided."))
        self.with_context(ci_spc_void=_VOID).write({'voided': True, 'void_reason': reason,
                                                    'void_user_id': self.env.uid,
                                                    'date_voided': fields.Datetime.now()})
        return True

    # ------------------------------------------------------------------
    # ingestion (documented in docs/api.md)
    # ------------------------------------------------------------------
    @api.model
    def ingest(self, rows, dry_run=False):
        """Record a batch of measurements, all or nothing.

        ``rows``: list of dicts with ``characteristic`` (code or id),
        ``timestamp`` ('YYYY-MM-DD HH:MM:SS', UTC; ISO 8601 with 'T' and a
        'Z' or '+00:00' suffix accepted), and ``value`` (variables charts) or
        ``count`` and, for p/np/u charts, ``sample_size``; optional
        ``subgroup``, ``workorder_id``, ``note``.
        Every row is checked before anything is written; the first errors are
        reported together, naming the row, the field and the value.
        ``dry_run``: check only. Returns the number of measurements created,
        the new signals and, per characteristic, the points added.
        """
        self.check_access_rights('create')
        if not isinstance(rows, (list, tuple)):
            raise ValidationError(_("Measurements: a list of rows is expected, not %(value)r.") % {'value': rows})
        if len(rows) > MAX_BATCH:
            raise ValidationError(_("Measurements: at most %(max)s rows per batch, not %(count)s. Split the "
                                    "batch.") % {'max': MAX_BATCH, 'count': len(rows)})
        clean = self._validate_rows(rows)
        if dry_run or not clean:
            return {'created': 0, 'checked': len(clean), 'signals': []}
        chars = self.env['ci.spc.characteristic'].browse(sorted({r['characteristic_id'] for r in clean}))
        # one batch per characteristic at a time: concurrent callers queue on
        # the characteristic's row, so phases and signals are decided once
        self.env.cr.execute("SELECT id FROM ci_spc_characteristic WHERE id IN %s ORDER BY id FOR UPDATE",
                            (tuple(chars.ids),))
        created = self._bulk_insert(clean, chars)
        signals = chars._evaluate_rules(since={c.id: min(r['timestamp'] for r in clean
                                                         if r['characteristic_id'] == c.id) for c in chars})
        codes = {c.id: c.code for c in chars}
        rule_codes = {r.id: r.code for r in chars.mapped('rule_ids')}
        return {
            'created': created,
            'signals': [{'id': s['id'], 'characteristic': codes[s['characteristic_id']],
                         'rule': rule_codes.get(s['rule_id']), 'chart': s['chart'], 'date': s['date'],
                         'point': s['point_key'], 'phase_id': s['phase_id']}
                        for s in signals.read(['characteristic_id', 'rule_id', 'chart', 'date', 'point_key',
                                               'phase_id'], load='_classic_write')],
        }

    @api.model
    def _vals_to_row(self, vals):
        row = {'characteristic': vals.get('characteristic_id')}
        for key in ('value', 'count', 'sample_size', 'timestamp', 'subgroup', 'workorder_id', 'note', 'user_id'):
            if vals.get(key) not in (None, False) or (key in ('value', 'count') and key in vals):
                row[key] = vals[key]
        row.setdefault('timestamp', fields.Datetime.now())
        return row

    @api.model
    def _validate_rows(self, rows):
        Char = self.env['ci.spc.characteristic']
        errors = []

        def err(index, field, value, message):
            if len(errors) < MAX_ERRORS:
                errors.append(_("row %(row)s, %(field)s = %(value)r: %(message)s")
                              % {'row': index + 1, 'field': field, 'value': value, 'message': message})

        codes, ids, wo_ids = set(), set(), set()
        for row in rows:
            if isinstance(row, dict):
                key = row.get('characteristic')
                if isinstance(key, bool):
                    continue
                if isinstance(key, numbers.Integral):
                    ids.add(key)
                elif isinstance(key, str):
                    codes.add(key)
                if isinstance(row.get('workorder_id'), numbers.Integral) and not isinstance(row['workorder_id'], bool):
                    wo_ids.add(row['workorder_id'])
        # searched with the caller's rights: another company's characteristic
        # or work order is unknown, exactly like a wrong code
        found = Char.search(['|', ('code', 'in', list(codes)), ('id', 'in', list(ids))]) if codes or ids else Char
        # plain values: a batch reads each characteristic once, not per row
        meta = {c.id: _CharMeta(c.id, c.company_id.id, c.chart_type, c.subgroup_size) for c in found}
        by_code = {c.code: meta[c.id] for c in found.sorted('id', reverse=True)}
        by_id = meta
        known_wos = set(self.env['mrp.workorder'].search([('id', 'in', list(wo_ids))]).ids) if wo_ids else set()
        now = datetime.datetime.utcnow()
        clean = []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                err(index, 'row', row, _("a row is a dictionary"))
                continue
            unknown = set(row) - {'characteristic', 'value', 'count', 'sample_size', 'timestamp', 'subgroup',
                                  'workorder_id', 'note', 'user_id'}
            if unknown:
                err(index, ', '.join(sorted(unknown)), None, _("unknown field"))
                continue
            key = row.get('characteristic')
            char = by_id.get(key) if isinstance(key, numbers.Integral) and not isinstance(key, bool) \
                else by_code.get(key) if isinstance(key, str) else None
            if char is None:
                err(index, 'characteristic', key, _("unknown characteristic"))
                continue
            out = {'characteristic_id': char.id}
            stamp = self._parse_timestamp(row.get('timestamp'))
            if stamp is None:
                err(index, 'timestamp', row.get('timestamp'), _("expected 'YYYY-MM-DD HH:MM:SS' (UTC)"))
                continue
            if stamp > now + datetime.timedelta(minutes=5):
                err(index, 'timestamp', row.get('timestamp'), _("in the future"))
                continue
            out['timestamp'] = stamp
            if char.chart_type in VARIABLE_CHARTS:
                value = row.get('value')
                if not self._is_number(value):
                    err(index, 'value', value, _("a number is required for a %(chart)s chart")
                        % {'chart': char.chart_type})
                    continue
                if not math.isfinite(value):
                    err(index, 'value', value, _("not a finite number"))
                    continue
                if 'count' in row or 'sample_size' in row:
                    err(index, 'count', row.get('count'), _("a %(chart)s chart takes a value, not a count")
                        % {'chart': char.chart_type})
                    continue
                out.update(value=float(value), count=None, sample_size=None)
            else:
                count = row.get('count')
                if not self._is_int(count) or count < 0:
                    err(index, 'count', count, _("a whole number of at least 0 is required for a %(chart)s chart")
                        % {'chart': char.chart_type})
                    continue
                size = row.get('sample_size', char.subgroup_size if char.chart_type in SIZED_CHARTS else None)
                if char.chart_type in SIZED_CHARTS:
                    if not self._is_int(size) or size < 1:
                        err(index, 'sample_size', size, _("a whole number of at least 1 is required"))
                        continue
                    if char.chart_type == 'np' and size != char.subgroup_size:
                        err(index, 'sample_size', size, _("an np chart needs the constant sample size %(n)s")
                            % {'n': char.subgroup_size})
                        continue
                    if char.chart_type in ('p', 'np') and count > size:
                        err(index, 'count', count, _("more defectives than units inspected (%(size)s)")
                            % {'size': size})
                        continue
                elif 'sample_size' in row:
                    err(index, 'sample_size', size, _("a c chart counts defects per unit: no sample size"))
                    continue
                if 'value' in row:
                    err(index, 'value', row.get('value'), _("a %(chart)s chart takes a count, not a value")
                        % {'chart': char.chart_type})
                    continue
                out.update(value=None, count=int(count), sample_size=int(size) if size is not None else None)
            subgroup = row.get('subgroup')
            if subgroup is not None and not (isinstance(subgroup, (str, numbers.Integral))
                                             and not isinstance(subgroup, bool) and len(str(subgroup)) <= 64):
                err(index, 'subgroup', subgroup, _("a text of at most 64 characters"))
                continue
            out['subgroup'] = str(subgroup) if subgroup is not None else fields.Datetime.to_string(stamp)
            wo = row.get('workorder_id')
            if wo not in (None, False):
                if not self._is_int(wo) or wo not in known_wos:
                    err(index, 'workorder_id', wo, _("unknown work order"))
                    continue
            out['workorder_id'] = wo or None
            user = row.get('user_id')
            if user not in (None, False) and (not self._is_int(user) or user != self.env.uid) \
                    and not self.env.user.has_group('ci_process.group_ci_engineer'):
                err(index, 'user_id', user, _("only an engineer records measurements in someone else's name"))
                continue
            out['user_id'] = user or self.env.uid
            note = row.get('note')
            if note is not None and not isinstance(note, str):
                err(index, 'note', note, _("a text"))
                continue
            out['note'] = note
            clean.append(out)
        if errors:
            raise ValidationError(
                _("Measurements not recorded, nothing was written (%(count)s of %(total)s rows have errors; "
                  "the first ones):") % {'count': len(rows) - len(clean), 'total': len(rows)}
                + '\n' + '\n'.join(errors))
        return clean

    @staticmethod
    def _is_number(value):
        return isinstance(value, numbers.Real) and not isinstance(value, bool)

    @staticmethod
    def _is_int(value):
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)

    @staticmethod
    def _parse_timestamp(value):
        """UTC datetime from 'YYYY-MM-DD HH:MM[:SS[.ffffff]]', with a 'T' and an
        offset ('Z', '+08:00') accepted (converted to UTC); None if invalid."""
        if not isinstance(value, str) or len(value) < 16 or value[10] not in ' T':
            return None
        text = value.strip()
        if text.endswith(('Z', 'z')):
            text = text[:-1] + '+00:00'
        try:
            stamp = datetime.datetime.fromisoformat(text)
        except ValueError:
            return None
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return stamp

    def _bulk_insert(self, clean, chars):
        """The batch into the table in one COPY, the fastest way PostgreSQL
        takes rows (no SQL is built from the data: the rows travel in COPY's
        text format, escaped below). The ORM's checks ran before: access
        rights, record rules (the characteristics and work orders were
        searched with the caller's rights) and every value."""
        now = fields.Datetime.now()
        lines = ['\t'.join((
            str(row['characteristic_id']), _copy_value(row['value']), _copy_value(row['count']),
            _copy_value(row['sample_size']), row['timestamp'].isoformat(' '), _copy_text(row['subgroup']),
            _copy_value(row['workorder_id']), str(row['user_id']), _copy_text(row['note']), 'f', now))
            for row in clean]
        data = io.StringIO('\n'.join(lines) + '\n')
        self.env.cr.copy_expert(
            "COPY ci_spc_measurement (characteristic_id, value, count, sample_size, timestamp, subgroup, "
            "workorder_id, user_id, note, voided, date_recorded) FROM STDIN", data)
        self.env['ci.spc.measurement'].invalidate_cache()
        return len(clean)


def _copy_value(value):
    """A number in COPY's text format; None is NULL. repr keeps every digit of a float."""
    return '\\N' if value is None else repr(value)


def _copy_text(value):
    """A text in COPY's text format: backslash, tab, newline, return escaped."""
    if value is None:
        return '\\N'
    return value.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')
