# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import datetime
import io
import math
import numbers
import operator

import numpy as np
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ci_spc_characteristic import (
    MAX_ATTRIBUTE,
    MAX_MAGNITUDE,
    SIZED_CHARTS,
    SUBGROUP_CHARTS,
    VARIABLE_CHARTS,
)

MAX_BATCH = 10000
MAX_ERRORS = 20
# fields the rules judged: a change is judged again
HISTORY_FIELDS = (
    'characteristic_id',
    'value',
    'count',
    'sample_size',
    'timestamp',
    'subgroup',
    'workorder_id',
    'user_id',
)
VOID_FIELDS = ('voided', 'void_reason', 'void_user_id', 'date_voided')
# the keys of an ingested row besides 'characteristic'
ROW_FIELDS = (
    'value',
    'count',
    'sample_size',
    'timestamp',
    'subgroup',
    'workorder_id',
    'note',
    'user_id',
)
# fields a phase's statistics read (ci.spc.phase)
STAT_FIELDS = (
    'value',
    'count',
    'sample_size',
    'timestamp',
    'subgroup',
    'voided',
)
# low, high: the reasonable limits of a measured value; defer: derived from
# the batch itself (a characteristic without specification, limits nor data)
_CharMeta = collections.namedtuple(
    '_CharMeta', 'id company_id chart_type subgroup_size name low high defer'
)
# the first measurement time a chart shows: its first phase starts then
EPOCH = datetime.datetime(1970, 1, 1)
# the longest a value is quoted in an error message
MAX_QUOTE = 80
# where the rows of archived phases go (docs/storage.md, "Archive")
ARCHIVE_TABLE = 'ci_spc_measurement_archive'
LIVE_TABLE = 'ci_spc_measurement'
# per-table autovacuum of an append-mostly table (docs/storage.md, "Operations"):
# a vacuum every 100k new rows (all-visible pages, BRIN ranges summarized),
# after 1 % dead rows (voids), statistics every 1M rows
STORAGE_OPTIONS = (
    'autovacuum_vacuum_insert_scale_factor=0',
    'autovacuum_vacuum_insert_threshold=100000',
    'autovacuum_vacuum_scale_factor=0.01',
    'autovacuum_analyze_scale_factor=0',
    'autovacuum_analyze_threshold=1000000',
)


class _MeasuredFloat(fields.Float):
    """A measured value as screens and integrators read it: NaN and
    infinities, which the numeric column holds when written in SQL (ingest
    refuses them) and JSON cannot carry, read as empty (False)."""

    def convert_to_read(self, value, record, use_name_get=True):
        return (
            value
            if not isinstance(value, float) or math.isfinite(value)
            else False
        )

    # an absurd value written by hand reaches the check of its reasonable
    # limits (which refuses it by name) unrounded: rounding it to 6 decimals
    # would overflow
    def convert_to_cache(self, value, record, validate=True):
        number = float(value or 0.0)
        if not math.isfinite(number) or abs(number) >= MAX_MAGNITUDE:
            return number
        return super(_MeasuredFloat, self).convert_to_cache(
            value, record, validate=validate
        )

    def convert_to_column(self, value, record, values=None):
        number = float(value or 0.0)
        if not math.isfinite(number) or abs(number) >= MAX_MAGNITUDE:
            return number
        return super(_MeasuredFloat, self).convert_to_column(
            value, record, values=values
        )


class CiSpcMeasurement(models.Model):
    """One measured value (variables charts) or one count out of a sample
    (attributes charts) of a characteristic."""

    _name = 'ci.spc.measurement'
    _description = 'SPC Measurement'
    _order = 'timestamp desc, id desc'
    _rec_name = 'characteristic_id'
    _inherit = ['ci.protected.mixin']
    # A high-volume, append-only table: each foreign key is checked on every
    # row a machine sends (measured: 2.8 ms per key per 1000 rows, most of
    # the insert). The operator and the time of recording are kept in
    # fields of their own; the company comes from the characteristic.
    _log_access = False

    # indexed with the timestamp, see init()
    characteristic_id = fields.Many2one(
        'ci.spc.characteristic', required=True, ondelete='restrict'
    )
    company_id = fields.Many2one(
        related='characteristic_id.company_id', readonly=True
    )
    chart_type = fields.Selection(
        related='characteristic_id.chart_type', readonly=True
    )
    decimals = fields.Integer(
        related='characteristic_id.decimals', readonly=True
    )
    # no sum in grouped lists: a sum of diameters means nothing, and one of
    # absurd values stored in SQL would overflow to infinity
    value = _MeasuredFloat(
        digits=(16, 6),
        group_operator=None,
        help="The measured value (X̄-R, X̄-S, I-MR charts).",
    )
    count = fields.Integer(
        help="Defectives (p, np) or defects (c, u) found in the sample."
    )
    sample_size = fields.Integer(help="Units inspected (p, np, u charts).")
    # indexes: every one costs on each of the thousands of rows a batch
    # inserts; the chart reads by (phase, time), see init()
    timestamp = fields.Datetime(required=True, default=fields.Datetime.now)
    subgroup = fields.Char(
        help="Measurements with the same key form one subgroup (X̄ charts); by "
        "default the "
        "timestamp."
    )
    workorder_id = fields.Many2one(
        'mrp.workorder', string='Work Order', ondelete='restrict'
    )
    user_id = fields.Many2one(
        'res.users',
        string='Operator',
        default=lambda self: self.env.user,
        help="Who took the measurement. Empty for machine data sent without one: "
        "the batch says who sent it.",
    )
    batch_ref = fields.Integer(
        string='Batch Number',
        readonly=True,
        group_operator=None,
        help="The ingestion batch (ci.spc.batch) that brought the measurement in.",
    )
    batch_id = fields.Many2one('ci.spc.batch', compute='_compute_batch_id')
    # not stored: a phase is a stretch of time of the characteristic, so a
    # measurement belongs to the latest phase started at its timestamp, and
    # starting a phase never rewrites a measurement
    phase_id = fields.Many2one(
        'ci.spc.phase', compute='_compute_phase_id', search='_search_phase_id'
    )
    date_recorded = fields.Datetime(
        readonly=True,
        default=fields.Datetime.now,
        help="When the measurement reached Odoo (the timestamp is when it was "
        "taken).",
    )
    voided = fields.Boolean(readonly=True)
    void_reason = fields.Text(readonly=True)
    void_user_id = fields.Many2one(
        'res.users', string='Voided by', readonly=True
    )
    date_voided = fields.Datetime(readonly=True)
    note = fields.Char()

    @api.model_cr
    def init(self):
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = "
            "'ci_spc_measurement_char_time_idx'"
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                "CREATE INDEX ci_spc_measurement_char_time_idx "
                "ON ci_spc_measurement (characteristic_id, timestamp, id)"
            )
        # the rows of a subgroup: the X̄ charts' statistics and last points
        # (ci.spc.phase._stats_measure, _points with a limit) read those touched
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = "
            "'ci_spc_measurement_char_subgroup_idx'"
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                "CREATE INDEX ci_spc_measurement_char_subgroup_idx "
                "ON ci_spc_measurement (characteristic_id, subgroup)"
            )
        # machines send no work order: a partial index costs them nothing
        self.env.cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = "
            "'ci_spc_measurement_workorder_idx'"
        )
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                "CREATE INDEX ci_spc_measurement_workorder_idx ON "
                "ci_spc_measurement (workorder_id) "
                "WHERE workorder_id IS NOT NULL"
            )
        self._init_storage()

    @api.model_cr
    def _init_storage(self):
        """How years of measurements are stored (docs/storage.md), idempotent:
        a BRIN index on time (reads across characteristics by time: ops
        queries, the archive's selection; 1 MB per 100M rows), autovacuum
        every 100k new rows instead of every 20 % of the table, and the
        archive table the rows of archived phases move to (the same columns,
        one BRIN index; see ci.spc.phase._archive)."""
        cr = self.env.cr
        cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = "
            "'ci_spc_measurement_time_brin'"
        )
        if not cr.fetchone():
            cr.execute(
                "CREATE INDEX ci_spc_measurement_time_brin ON "
                "ci_spc_measurement USING brin (timestamp) "
                "WITH (pages_per_range = 32, autosummarize = on)"
            )
        cr.execute(
            "SELECT reloptions FROM pg_class WHERE oid = "
            "'ci_spc_measurement'::regclass"
        )
        if not set(STORAGE_OPTIONS) <= set(cr.fetchone()[0] or ()):
            cr.execute(
                sql.SQL(
                    "ALTER TABLE ci_spc_measurement SET ({options})"
                ).format(
                    options=sql.SQL(', ').join(
                        sql.SQL(option) for option in STORAGE_OPTIONS
                    )
                )
            )
        cr.execute(
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {archive} (LIKE ci_spc_measurement)"
            ).format(archive=sql.Identifier(ARCHIVE_TABLE))
        )
        # the columns fields added since (LIKE copies names, types and NOT NULL only)
        cr.execute(
            """
            SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE attrelid = 'ci_spc_measurement'::regclass AND attnum > 0 AND
                 NOT attisdropped
               AND attname NOT IN (SELECT attname FROM pg_attribute
                                    WHERE attrelid = %s::regclass AND attnum >
                                        0 AND NOT attisdropped)""",
            (ARCHIVE_TABLE,),
        )
        for name, kind in cr.fetchall():
            # names and types read from the catalog, not from input
            cr.execute(
                sql.SQL(
                    "ALTER TABLE {archive} ADD COLUMN {name} {kind}"
                ).format(
                    archive=sql.Identifier(ARCHIVE_TABLE),
                    name=sql.Identifier(name),
                    kind=sql.SQL(kind),
                )
            )
        # rows arrive phase by phase, in time order: a phase is a run of
        # pages, which BRIN finds as a btree would at a thousandth of its
        # size; the id finds an archived row refused by a void (rare)
        cr.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = "
            "'ci_spc_measurement_archive_brin'"
        )
        if not cr.fetchone():
            cr.execute(
                sql.SQL(
                    "CREATE INDEX ci_spc_measurement_archive_brin ON {archive} "
                    "USING brin "
                    "(characteristic_id, timestamp, id) WITH (pages_per_range = 32, "
                    "autosummarize = on)"
                ).format(archive=sql.Identifier(ARCHIVE_TABLE))
            )

    def _compute_batch_id(self):
        for measurement in self:
            measurement.batch_id = measurement.batch_ref or False

    @api.constrains('value', 'characteristic_id')
    def _check_value_plausible(self):
        """The reasonable limits ingest checks (see _validate_rows), for a
        value written by hand: an engineer's correction while the phase's
        limits are provisional."""
        limits = self.mapped('characteristic_id')._reasonable_limits()
        for measurement in self:
            char = measurement.characteristic_id
            if char.chart_type not in VARIABLE_CHARTS:
                continue
            low, high = limits.get(char.id) or (-MAX_MAGNITUDE, MAX_MAGNITUDE)
            value = measurement.value
            if not low <= value <= high:
                raise ValidationError(
                    _("%(field)s = %(value)r: %(reason)s")
                    % {
                        'field': self._fields['value'].get_description(
                            self.env
                        )['string'],
                        'value': value,
                        'reason': (
                            _(
                                "outside the reasonable limits [%(low)s, "
                                "%(high)s] of %(char)s"
                            )
                            % {
                                'low': '%.6g' % low,
                                'high': '%.6g' % high,
                                'char': char.name,
                            }
                            if math.isfinite(value)
                            else _("not a finite number")
                        ),
                    }
                )

    def _compute_phase_id(self):
        chars = self.mapped('characteristic_id')
        starts = chars._phase_starts()
        for measurement in self:
            stamp = (
                fields.Datetime.from_string(measurement.timestamp)
                if measurement.timestamp
                else None
            )
            measurement.phase_id = (
                chars._phase_at(
                    starts, measurement.characteristic_id.id, stamp
                )
                if stamp
                else False
            )

    def _search_phase_id(self, operator, value):
        if operator not in ('=', 'in') or not value:
            raise UserError(
                _("Search measurements by phase with '=' or 'in' only.")
            )
        phases = (
            self.env['ci.spc.phase']
            .browse([value] if isinstance(value, int) else list(value))
            .exists()
        )
        if not phases:
            return [('id', '=', 0)]
        # explicit operators: Odoo 11 splices a search method's leaves one by
        # one into the caller's domain, so an implicit '&' would be lost
        domain = ['|'] * (len(phases) - 1)
        for phase in phases:
            start, stop = phase._time_range()
            domain += [
                '&',
                ('characteristic_id', '=', phase.characteristic_id.id),
            ]
            domain += (
                ['&', ('timestamp', '>=', start), ('timestamp', '<', stop)]
                if stop
                else [('timestamp', '>=', start)]
            )
        return domain

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _protected_fields(self):
        res = super(CiSpcMeasurement, self)._protected_fields()
        # voiding sets these; the server records when and in which batch it came
        res.update(
            dict.fromkeys(VOID_FIELDS + ('batch_ref', 'date_recorded'), None)
        )
        return res

    def _frozen_hint(self):
        return _("Void it with a reason instead.")

    def _fixed_fields(self):
        # a measurement stays on the chart it was taken for
        return super(CiSpcMeasurement, self)._fixed_fields() | {
            'characteristic_id'
        }

    def _frozen(self):
        """Measurements of a phase with frozen limits, and voided ones:
        voiding is the only way out."""
        return self.filtered(
            lambda m: m.voided or m.phase_id.state == 'frozen'
        )

    @api.model
    def create(self, vals):
        """One measurement, with the checks of a batch (see ingest)."""
        self._check_protected(vals, creating=True)
        row = self._validate_rows([self._vals_to_row(vals)])[0]
        self._check_archived_rows([row])
        char = self.env['ci.spc.characteristic'].browse(
            row['characteristic_id']
        )
        since = row['timestamp']
        del row['timestamp_text']
        row['timestamp'] = fields.Datetime.to_string(since)
        char._sync_first_phase(since={char.id: row['timestamp']})
        Phase = self.env['ci.spc.phase']
        before = Phase._stats_before(
            char, [(row['timestamp'], None, row['subgroup'])]
        )
        measurement = super(CiSpcMeasurement, self).create(
            dict(
                (key, value) for key, value in row.items() if value is not None
            )
        )
        Phase._stats_after(before)
        char._evaluate_rules(since={char.id: since})
        return measurement

    def write(self, vals):
        self.check_access_rights('write')
        self._check_live()
        if vals.get('timestamp'):
            self._check_archived_rows(
                [
                    {
                        'characteristic_id': char_id,
                        'timestamp': vals['timestamp'],
                    }
                    for char_id in set(self.mapped('characteristic_id').ids)
                ]
            )
        touched = [f for f in vals if f in HISTORY_FIELDS + VOID_FIELDS]
        before = (
            self._stats_prepare(vals)
            if any(f in vals for f in STAT_FIELDS)
            else []
        )
        res = super(CiSpcMeasurement, self).write(vals)
        for part in before:
            self.env['ci.spc.phase']._stats_after(part)
        if 'timestamp' in vals or 'characteristic_id' in vals:
            # a timestamp corrected before the first one: the first phase starts then
            self.mapped('characteristic_id')._sync_first_phase()
        if touched:
            self.mapped('characteristic_id')._evaluate_rules()
        return res

    def unlink(self):
        self.check_access_rights('unlink')
        self._check_live()
        chars = self.mapped('characteristic_id')
        before = self._stats_prepare()
        res = super(CiSpcMeasurement, self).unlink()
        for part in before:
            self.env['ci.spc.phase']._stats_after(part)
        chars._evaluate_rules()
        return res

    def _stats_prepare(self, vals=None):
        """The phases' statistics before these measurements change by
        ``vals`` (None: they are deleted): see ci.spc.phase._stats_before."""
        # sudo: where the rows sit, for the statistics the suite keeps; the
        # caller's right to change them is checked by write and unlink
        rows = self.sudo().read(
            ['characteristic_id', 'timestamp', 'subgroup'],
            load='_classic_write',
        )
        by_char = {}
        for row in rows:
            keys = by_char.setdefault(row['characteristic_id'], [])
            keys.append((row['timestamp'], row['id'], row['subgroup']))
            if vals:
                stamp = vals.get('timestamp', row['timestamp'])
                stamp = (
                    fields.Datetime.to_string(stamp)
                    if isinstance(stamp, datetime.datetime)
                    else stamp
                )
                keys.append(
                    (stamp, row['id'], vals.get('subgroup', row['subgroup']))
                )
        Phase = self.env['ci.spc.phase']
        return [
            Phase._stats_before(
                self.env['ci.spc.characteristic'].browse(char_id),
                keys,
                self.ids,
            )
            for char_id, keys in sorted(by_char.items())
        ]

    def _check_live(self):
        """Refuse, by id, measurements that are no longer in the table: those
        of an archived phase (moved to the archive, where nothing changes
        them: its statistics are final) and deleted ones."""
        missing = self - self.exists()
        if not missing:
            return
        self.env.cr.execute(
            "SELECT id FROM {archive} WHERE id IN %s".format(
                archive=ARCHIVE_TABLE
            ),
            (tuple(missing.ids),),
        )
        archived = sorted(row[0] for row in self.env.cr.fetchall())
        if archived:
            raise UserError(
                _(
                    "Measurements %(ids)s are archived with their phase: an "
                    "archived measurement "
                    "cannot be voided, changed or deleted."
                )
                % {'ids': ', '.join(map(str, archived))}
            )
        raise UserError(
            _("Measurements %(ids)s do not exist (deleted).")
            % {'ids': ', '.join(str(id_) for id_ in sorted(missing.ids))}
        )

    @api.model
    def _check_archived_rows(self, rows):
        """Refuse rows (dicts with characteristic_id and timestamp) taken
        before the end of their characteristic's archived phases: those
        phases are closed for good (see ci.spc.phase._archive)."""
        horizons = self.env['ci.spc.phase']._archive_horizon(
            {row['characteristic_id'] for row in rows}
        )
        if not horizons:
            return
        errors = []
        for row in rows:
            horizon = horizons.get(row['characteristic_id'])
            stamp = row['timestamp']
            stamp = (
                fields.Datetime.to_string(stamp)
                if isinstance(stamp, datetime.datetime)
                else stamp
            )
            if horizon and stamp < horizon:
                errors.append(
                    _(
                        "timestamp = %(value)r: before %(horizon)s, the end of "
                        "the archived phases of "
                        "%(char)s"
                    )
                    % {
                        'value': stamp,
                        'horizon': horizon,
                        'char': self.env['ci.spc.characteristic']
                        .browse(row['characteristic_id'])
                        .name,
                    }
                )
        if errors:
            raise ValidationError(
                _(
                    "Nothing was written: %(count)s of %(total)s measurements "
                    "fall in archived "
                    "phases (the first ones):"
                )
                % {'count': len(errors), 'total': len(rows)}
                + '\n'
                + '\n'.join(errors[:MAX_ERRORS])
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_void(self, reason):
        """Take measurements off the chart, keeping them and the reason."""
        self._check_live()
        self.env['ci.access']._check_records(
            self, 'write', 'ci.spc.measurement.action_void'
        )
        reason = (reason or '').strip()
        if not reason:
            raise UserError(
                _("Say why the measurement is voided (Void Reason).")
            )
        if self.filtered('voided'):
            raise UserError(
                _("Some of these measurements are already voided.")
            )
        self._workflow().write(
            {
                'voided': True,
                'void_reason': reason,
                'void_user_id': self.env.uid,
                'date_voided': fields.Datetime.now(),
            }
        )
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
        ``subgroup``, ``workorder_id``, ``note``, ``user_id`` (the operator).
        Every row is checked before anything is written; the first errors are
        reported together, naming the row, the field and the value.
        ``dry_run``: check only. Returns ``created`` (measurements written),
        ``batch_id`` (the ci.spc.batch logged), ``signals`` (ids of the new
        ci.spc.signal records) and ``rules`` (new signals per rule code).
        """
        self.check_access_rights('create')
        if not isinstance(rows, (list, tuple)):
            raise ValidationError(
                _("Measurements: a list of rows is expected, not %(value)r.")
                % {'value': _Quoted(rows)}
            )
        if not rows:
            raise ValidationError(
                _(
                    "Measurements: the batch is empty, there is nothing to record."
                )
            )
        if len(rows) > MAX_BATCH:
            raise ValidationError(
                _(
                    "Measurements: at most %(max)s rows per batch, not "
                    "%(count)s. Split the "
                    "batch."
                )
                % {'max': MAX_BATCH, 'count': len(rows)}
            )
        clean = self._validate_rows(rows)
        self._check_archived_rows(clean)
        if dry_run or not clean:
            return {
                'created': 0,
                'checked': len(clean),
                'batch_id': False,
                'signals': [],
                'rules': {},
            }
        # the time of each characteristic's first row
        since = {}
        for row in clean:
            char_id, stamp = row['characteristic_id'], row['timestamp']
            if char_id not in since or stamp < since[char_id]:
                since[char_id] = stamp
        chars = self.env['ci.spc.characteristic'].browse(sorted(since))
        # the first phase starts at the first measurement
        chars._sync_first_phase(since=since)
        # one batch per characteristic at a time, seeing the batches before
        # it (see _rule_state): phases and signals are decided once; what the
        # rules start from comes along (see _appended)
        state = chars._rule_state(lock=True)
        last = {
            char_id: char.last
            for char_id, char in state.items()
            if char.chart_type not in SUBGROUP_CHARTS
        }
        batch_id, appended = self._appended(clean, last, since)
        # the phases' statistics, under the lock: what the batch changes
        keys = {}
        for row in clean:
            keys.setdefault(row['characteristic_id'], []).append(
                (row['timestamp_text'], None, row['subgroup'])
            )
        Phase = self.env['ci.spc.phase']
        before = [Phase._stats_before(char, keys[char.id]) for char in chars]
        created = self._bulk_insert(clean, batch_id)
        for part in before:
            Phase._stats_after(part)
        signals = chars._evaluate_rules(
            since=since, appended=appended, state=state
        )
        self.env['ci.spc.batch']._log(batch_id, chars, clean, len(signals))
        rules = collections.Counter(signal['rule'] for signal in signals)
        # the signals by id: a drifting process may raise hundreds in a
        # batch, and their details would weigh more than the batch itself
        return {
            'created': created,
            'batch_id': batch_id,
            'signals': [signal['id'] for signal in signals],
            'rules': dict(rules),
        }

    @api.model
    def _vals_to_row(self, vals):
        row = {'characteristic': vals.get('characteristic_id')}
        for key in ROW_FIELDS:
            if vals.get(key) not in (None, False) or (
                key in ('value', 'count') and key in vals
            ):
                row[key] = vals[key]
        row.setdefault('timestamp', fields.Datetime.now())
        return row

    @api.model
    def _validate_rows(self, rows):
        Char = self.env['ci.spc.characteristic']
        errors = []

        # translated here: _() finds the user's language in the caller's frame,
        # not in err's
        line = _("row %(row)s, %(field)s = %(value)r: %(message)s")

        def err(index, field, value, message, after=False):
            # by row: the first ones of the loop, and all of the checks made
            # ``after`` it, whose rows may come before those
            if after or len(errors) < MAX_ERRORS:
                errors.append(
                    (
                        index,
                        line
                        % {
                            'row': index + 1,
                            'field': field,
                            'value': _Quoted(value),
                            'message': message,
                        },
                    )
                )

        codes, ids, wo_ids, user_ids = set(), set(), set(), set()
        for row in rows:
            if isinstance(row, dict):
                if self._is_int(row.get('user_id')):
                    user_ids.add(row['user_id'])
                key = row.get('characteristic')
                if isinstance(key, bool):
                    continue
                if isinstance(key, numbers.Integral):
                    ids.add(key)
                elif isinstance(key, str):
                    codes.add(key)
                if isinstance(
                    row.get('workorder_id'), numbers.Integral
                ) and not isinstance(row['workorder_id'], bool):
                    wo_ids.add(row['workorder_id'])
        # searched with the caller's rights: another company's characteristic
        # or work order is unknown, exactly like a wrong code (a code the
        # database cannot hold is no characteristic's)
        codes = [code for code in codes if _storable(code)]
        found = (
            Char.search(
                ['|', ('code', 'in', list(codes)), ('id', 'in', list(ids))]
            )
            if codes or ids
            else Char
        )
        # plain values: a batch reads each characteristic once, not per row
        limits = found._reasonable_limits()
        meta = {
            c.id: _CharMeta(
                c.id,
                c.company_id.id,
                c.chart_type,
                c.subgroup_size,
                c.name,
                *(limits.get(c.id) or (-MAX_MAGNITUDE, MAX_MAGNITUDE)),
                defer=c.id in limits and limits[c.id] is None,
            )
            for c in found
        }
        by_code = {
            c.code: meta[c.id] for c in found.sorted('id', reverse=True)
        }
        by_id = meta
        # (work orders have no record rule of their company: their work center's)
        known_wos = (
            set(
                self.env['mrp.workorder']
                .search(
                    [
                        ('id', 'in', list(wo_ids)),
                        (
                            'workcenter_id.company_id',
                            'in',
                            self.env['ci.access']._company_ids(),
                        ),
                    ]
                )
                .ids
            )
            if wo_ids
            else set()
        )
        # an engineer may name any user, who must exist (the column's foreign key)
        known_users = (
            set(
                self.env['res.users']
                .sudo()
                .with_context(active_test=False)
                .search([('id', 'in', list(user_ids))])
                .ids
            )
            if user_ids
            else set()
        )
        now = datetime.datetime.utcnow()
        clean = []
        # members of the batch's X̄ subgroups
        members = collections.Counter()
        # rows of characteristics whose reasonable limits come from the batch:
        # (row index, position in clean)
        deferred = []
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                err(index, 'row', row, _("a row is a dictionary"))
                continue
            unknown = set(row) - {'characteristic', *ROW_FIELDS}
            if unknown:
                err(
                    index, ', '.join(sorted(unknown)), None, _("unknown field")
                )
                continue
            key = row.get('characteristic')
            char = (
                by_id.get(key)
                if isinstance(key, numbers.Integral)
                and not isinstance(key, bool)
                else by_code.get(key) if isinstance(key, str) else None
            )
            if char is None:
                err(index, 'characteristic', key, _("unknown characteristic"))
                continue
            out = {'characteristic_id': char.id}
            stamp, text = self._parse_timestamp(row.get('timestamp'))
            if stamp is None:
                err(
                    index,
                    'timestamp',
                    row.get('timestamp'),
                    _("expected 'YYYY-MM-DD HH:MM:SS' (UTC)"),
                )
                continue
            if stamp > now + datetime.timedelta(minutes=5):
                err(
                    index,
                    'timestamp',
                    row.get('timestamp'),
                    _("in the future"),
                )
                continue
            if stamp < EPOCH:
                err(
                    index,
                    'timestamp',
                    row.get('timestamp'),
                    _("before 1970, on no chart"),
                )
                continue
            out['timestamp'], out['timestamp_text'] = stamp, text
            if char.chart_type in VARIABLE_CHARTS:
                value = row.get('value')
                if not self._is_number(value):
                    err(
                        index,
                        'value',
                        value,
                        _("a number is required for a %(chart)s chart")
                        % {'chart': char.chart_type},
                    )
                    continue
                try:
                    finite = math.isfinite(value)
                except (
                    OverflowError
                ):  # an integer beyond any float (JSON carries them)
                    finite = False
                if not finite:
                    err(index, 'value', value, _("not a finite number"))
                    continue
                if not char.low <= value <= char.high:
                    err(
                        index,
                        'value',
                        value,
                        _(
                            "outside the reasonable limits [%(low)s, %(high)s] "
                            "of %(char)s"
                        )
                        % {
                            'low': '%.6g' % char.low,
                            'high': '%.6g' % char.high,
                            'char': char.name,
                        },
                    )
                    continue
                if 'count' in row or 'sample_size' in row:
                    err(
                        index,
                        'count',
                        row.get('count'),
                        _("a %(chart)s chart takes a value, not a count")
                        % {'chart': char.chart_type},
                    )
                    continue
                out.update(value=float(value), count=None, sample_size=None)
            else:
                count = row.get('count')
                if not self._is_int(count) or count < 0:
                    err(
                        index,
                        'count',
                        count,
                        _(
                            "a whole number of at least 0 is required for a "
                            "%(chart)s chart"
                        )
                        % {'chart': char.chart_type},
                    )
                    continue
                if count > MAX_ATTRIBUTE:
                    err(
                        index,
                        'count',
                        count,
                        _(
                            "more than %(max)s in one sample: not a plausible count"
                        )
                        % {'max': MAX_ATTRIBUTE},
                    )
                    continue
                size = row.get(
                    'sample_size',
                    (
                        char.subgroup_size
                        if char.chart_type in SIZED_CHARTS
                        else None
                    ),
                )
                if char.chart_type in SIZED_CHARTS:
                    if not self._is_int(size) or size < 1:
                        err(
                            index,
                            'sample_size',
                            size,
                            _("a whole number of at least 1 is required"),
                        )
                        continue
                    if size > MAX_ATTRIBUTE:
                        err(
                            index,
                            'sample_size',
                            size,
                            _(
                                "more than %(max)s units: not a plausible sample size"
                            )
                            % {'max': MAX_ATTRIBUTE},
                        )
                        continue
                    if char.chart_type == 'np' and size != char.subgroup_size:
                        err(
                            index,
                            'sample_size',
                            size,
                            _(
                                "an np chart needs the constant sample size %(n)s"
                            )
                            % {'n': char.subgroup_size},
                        )
                        continue
                    if char.chart_type in ('p', 'np') and count > size:
                        err(
                            index,
                            'count',
                            count,
                            _(
                                "more defectives than units inspected (%(size)s)"
                            )
                            % {'size': size},
                        )
                        continue
                elif 'sample_size' in row:
                    err(
                        index,
                        'sample_size',
                        size,
                        _("a c chart counts defects per unit: no sample size"),
                    )
                    continue
                if 'value' in row:
                    err(
                        index,
                        'value',
                        row.get('value'),
                        _("a %(chart)s chart takes a count, not a value")
                        % {'chart': char.chart_type},
                    )
                    continue
                out.update(
                    value=None,
                    count=int(count),
                    sample_size=int(size) if size is not None else None,
                )
            subgroup = row.get('subgroup')
            if subgroup is not None and not (
                isinstance(subgroup, (str, numbers.Integral))
                and not isinstance(subgroup, bool)
                and len(str(subgroup)) <= 64
            ):
                err(
                    index,
                    'subgroup',
                    subgroup,
                    _("a text of at most 64 characters"),
                )
                continue
            if isinstance(subgroup, str) and not _storable(subgroup):
                err(
                    index,
                    'subgroup',
                    subgroup,
                    _(
                        "a text the database cannot store (NUL, invalid Unicode)"
                    ),
                )
                continue
            # by default the time to the second (fields.Datetime.to_string)
            out['subgroup'] = (
                str(subgroup) if subgroup is not None else text[:19]
            )
            wo = row.get('workorder_id')
            if wo not in (None, False):
                if not self._is_int(wo) or wo not in known_wos:
                    err(index, 'workorder_id', wo, _("unknown work order"))
                    continue
            out['workorder_id'] = wo or None
            user = row.get('user_id')
            if (
                user not in (None, False)
                and (not self._is_int(user) or user != self.env.uid)
                and not self.env.user.has_group('ci_process.group_ci_engineer')
            ):
                err(
                    index,
                    'user_id',
                    user,
                    _(
                        "only an engineer records measurements in someone else's name"
                    ),
                )
                continue
            if user not in (None, False) and (
                not self._is_int(user) or user not in known_users
            ):
                err(index, 'user_id', user, _("unknown user"))
                continue
            # machine data has no operator unless the row names one
            out['user_id'] = user or None
            note = row.get('note')
            if note is not None and not (
                isinstance(note, str) and _storable(note)
            ):
                err(index, 'note', note, _("a text"))
                continue
            out['note'] = note
            if char.chart_type in SUBGROUP_CHARTS:
                # a subgroup with more members than the subgroup size (rows sent
                # twice, a wrong key) would drop off the chart; equal values in
                # a subgroup are common (a gauge's resolution), and so are two
                # individual measurements with the same time and value
                members[char.id, out['subgroup']] += 1
                if members[char.id, out['subgroup']] > char.subgroup_size:
                    err(
                        index,
                        'subgroup',
                        out['subgroup'],
                        _(
                            "more than %(n)s measurements in this subgroup: "
                            "the chart's subgroup size is %(n)s"
                        )
                        % {'n': char.subgroup_size},
                    )
                    continue
            if char.defer:
                deferred.append((index, len(clean)))
            clean.append(out)
        bad = len(rows) - len(clean)
        if deferred:
            bad += self._check_deferred(
                found, rows, clean, deferred, meta, err
            )
        if errors:
            raise ValidationError(
                _(
                    "Measurements not recorded, nothing was written (%(count)s "
                    "of %(total)s rows have errors; "
                    "the first ones):"
                )
                % {'count': bad, 'total': len(rows)}
                + '\n'
                + '\n'.join(
                    text for _index, text in sorted(errors)[:MAX_ERRORS]
                )
            )
        return clean

    @api.model
    def _check_deferred(self, found, rows, clean, deferred, meta, err):
        """The reasonable limits of characteristics with nothing to derive
        them from but the batch (see ci.spc.characteristic._reasonable_limits),
        checked on its ``deferred`` rows ((row index, position in ``clean``))
        at once. Returns the number of rows refused (``err`` reports them)."""
        positions = {}
        for index, pos in deferred:
            positions.setdefault(clean[pos]['characteristic_id'], []).append(
                (index, pos)
            )
        batch = {
            char_id: np.fromiter(
                (clean[pos]['value'] for _index, pos in items),
                float,
                len(items),
            )
            for char_id, items in positions.items()
        }
        limits = found.browse(list(positions))._reasonable_limits(batch=batch)
        refused = 0
        for char_id, items in positions.items():
            low, high = limits.get(char_id) or (-MAX_MAGNITUDE, MAX_MAGNITUDE)
            values = batch[char_id]
            for j in np.flatnonzero((values < low) | (values > high)):
                index = items[j][0]
                err(
                    index,
                    'value',
                    rows[index]['value'],
                    _(
                        "outside the reasonable limits [%(low)s, %(high)s] of "
                        "%(char)s"
                    )
                    % {
                        'low': '%.6g' % low,
                        'high': '%.6g' % high,
                        'char': meta[char_id].name,
                    },
                    after=True,
                )
                refused += 1
        return refused

    @staticmethod
    def _is_number(value):
        return isinstance(value, numbers.Real) and not isinstance(value, bool)

    @staticmethod
    def _is_int(value):
        return isinstance(value, numbers.Integral) and not isinstance(
            value, bool
        )

    @staticmethod
    def _parse_timestamp(value):
        """(UTC datetime, its text as the database writes it) from
        'YYYY-MM-DD HH:MM[:SS[.ffffff]]', with a 'T' and an offset ('Z',
        '+08:00') accepted (converted to UTC); (None, None) if invalid."""
        if (
            not isinstance(value, str)
            or len(value) < 16
            or value[10] not in ' T'
        ):
            return None, None
        text = value.strip()
        if text.endswith(('Z', 'z')):
            text = text[:-1] + '+00:00'
        try:
            stamp = datetime.datetime.fromisoformat(text)
        except ValueError:
            return None, None
        if stamp.tzinfo is not None:
            try:
                stamp = stamp.astimezone(datetime.timezone.utc).replace(
                    tzinfo=None
                )
            except OverflowError:  # year 1 or 9999 shifted out of the calendar
                return None, None
        elif (
            len(text) == 19
            and text[4] == text[7] == '-'
            and text[10] == ' '
            and text[13] == text[16] == ':'
        ):
            # 'YYYY-MM-DD HH:MM:SS' as machines send it, the parse having
            # checked the digits: formatting it again costs more than the
            # parse (a microsecond a row)
            return stamp, text
        return stamp, str(stamp)

    def _appended(self, clean, last, since):
        """The number of the batch, and the rows that extend a chart of
        individual points at its end (the usual stream of a machine) by
        characteristic, with their ids drawn now: the rules then take the
        new points from memory instead of reading them back (see
        _evaluate_rules). ``last``: {characteristic id: time of its latest
        measurement} for the charts of individual points; ``since``:
        {characteristic id: time of the batch's first row}. A batch that
        reaches back in time among stored points, or starts at the very
        time of the latest one, is read back as a whole."""
        # to the microsecond (fields.Datetime.from_string drops them)
        tails = {
            char_id
            for char_id, stamp in last.items()
            if stamp is None
            or datetime.datetime.fromisoformat(stamp) < since[char_id]
        }
        self.env.cr.execute(
            """
            SELECT nextval('ci_spc_batch_id_seq'),
                   ARRAY(SELECT nextval('ci_spc_measurement_id_seq') FROM
                       generate_series(1, %s))""",
            (len(clean) if tails else 0,),
        )
        batch_id, ids = self.env.cr.fetchone()
        if not tails:
            return batch_id, {}
        appended = {char_id: [] for char_id in tails}
        for row, id_ in zip(clean, ids):
            row['id'] = id_
            points = appended.get(row['characteristic_id'])
            if points is not None:
                points.append(
                    (
                        id_,
                        row['timestamp'],
                        row['timestamp_text'],
                        row['value'],
                        row['count'],
                        row['sample_size'],
                    )
                )
        for rows in appended.values():
            rows.sort(key=operator.itemgetter(1, 0))
        return batch_id, appended

    def _bulk_insert(self, clean, batch_id):
        """The batch into the table in one COPY, the fastest way PostgreSQL
        takes rows (no SQL is built from the data: the rows travel in COPY's
        text format, escaped below). The ORM's checks ran before: access
        rights, record rules (the characteristics and work orders were
        searched with the caller's rights) and every value."""
        # the columns every row of the batch shares, formatted once
        tail = 'f\t%s\t%d' % (fields.Datetime.now(), batch_id)
        null = '\\N'
        # ids drawn beforehand (see _appended), or by the column's default
        ids = 'id' in clean[0]
        lines = [
            '%s%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s'
            % (
                '%d\t' % row['id'] if ids else '',
                row['characteristic_id'],
                (
                    null if row['value'] is None else repr(row['value'])
                ),  # repr: every digit
                null if row['count'] is None else row['count'],
                null if row['sample_size'] is None else row['sample_size'],
                row['timestamp_text'],
                _copy_text(row['subgroup']),
                null if row['workorder_id'] is None else row['workorder_id'],
                null if row['user_id'] is None else row['user_id'],
                null if row['note'] is None else _copy_text(row['note']),
                tail,
            )
            for row in clean
        ]
        data = io.StringIO('\n'.join(lines) + '\n')
        self.env.cr.copy_expert(
            "COPY ci_spc_measurement (%scharacteristic_id, value, count, "
            "sample_size, timestamp, subgroup, "
            "workorder_id, user_id, note, voided, date_recorded, batch_ref) "
            "FROM STDIN" % ('id, ' if ids else ''),
            data,
        )
        # the rows came in outside the ORM: the lists of measurements it may
        # hold (the inverses of these fields) are stale; the rest of its cache
        # stays, the characteristics read for the checks included
        self.invalidate_cache(['characteristic_id', 'workorder_id'])
        self.env['ci.spc.characteristic'].invalidate_cache(
            ['measurement_count']
        )
        return len(clean)

    # ------------------------------------------------------------------
    # reading the plotted points
    # ------------------------------------------------------------------
    @api.model
    def _points(
        self,
        char,
        phase,
        since=None,
        lookback=0,
        limit=None,
        time_range=None,
        before_only=False,
    ):
        """The plotted points of ``phase`` of the characteristic ``char`` in
        time order: for X̄ charts one per
        complete subgroup, otherwise one per measurement (voided ones left out).
        With ``since``, only the points from then on plus ``lookback`` before
        (the run rules' memory): a batch reads a few rows, not the history;
        ``before_only``: only those ``lookback`` points.
        With ``limit``, the last ``limit`` points. ``time_range``: the phase's
        (start, stop) when the caller knows it.
        Rows no batch could record today (absurd or missing values, counts
        out of their sample, written before the checks or in SQL) are left
        out like voided ones, an X̄ subgroup with such a row with it: the
        engine and every screen get plottable numbers only."""
        char.ensure_one()
        start, stop = time_range or phase._time_range()
        stop = stop or '9999-12-31 00:00:00'
        plausible, bounds = self._plausible_sql(char)
        # an archived phase's rows are in the archive (see _rows_table)
        table = self._rows_table(phase.id)
        if char.chart_type in SUBGROUP_CHARTS:
            base = """
                SELECT subgroup, MAX(timestamp) AS ts, array_agg(value ORDER BY
                    id), array_agg(id ORDER BY id),
                       MIN(id) AS first_id
                  FROM {table}
                 WHERE characteristic_id = %s AND timestamp >= %s AND timestamp
                     < %s AND NOT voided AND {plausible}
                 GROUP BY subgroup HAVING COUNT(*) = %s""".format(
                plausible=plausible, table=table
            )
            params = [char.id, start, stop] + bounds + [char.subgroup_size]
            order = 'ts, first_id'
        else:
            base = """
                SELECT id::varchar, timestamp AS ts, value, count, sample_size,
                    id AS first_id
                  FROM {table}
                 WHERE characteristic_id = %s AND timestamp >= %s AND timestamp
                     < %s AND NOT voided
                   AND {plausible}""".format(plausible=plausible, table=table)
            params = [char.id, start, stop] + bounds
            order = 'ts, first_id'
        if since is not None and char.chart_type in SUBGROUP_CHARTS:
            query, params = self._since_subgroups_query(
                char,
                start,
                stop,
                since,
                lookback,
                before_only,
                base,
                params,
                table=table,
            )
        elif since is not None and before_only:
            query = """
                SELECT * FROM (SELECT * FROM ({base}) p WHERE ts < %s ORDER BY
                    ts DESC, first_id DESC LIMIT %s) q
                ORDER BY {order}""".format(base=base, order=order)
            params = params + [since, lookback]
        elif since is not None:
            query = """
                (SELECT * FROM ({base}) p WHERE ts >= %s)
                UNION ALL
                (SELECT * FROM ({base}) p WHERE ts < %s ORDER BY ts DESC,
                    first_id DESC LIMIT %s)
                ORDER BY {order}""".format(base=base, order=order)
            params = params + [since] + params + [since, lookback]
        elif limit and char.chart_type in SUBGROUP_CHARTS:
            query, params = self._last_subgroups_query(
                char, start, stop, limit, base, params, table=table
            )
        elif limit:
            query = (
                "SELECT * FROM (SELECT * FROM ({base}) p ORDER BY ts DESC, "
                "first_id DESC LIMIT %s) q "
                "ORDER BY {order}".format(base=base, order=order)
            )
            params = params + [limit]
        else:
            query = "SELECT * FROM ({base}) p ORDER BY {order}".format(
                base=base, order=order
            )
        self.env.cr.execute(query, params)
        # Odoo's cursor hands timestamps over as 'YYYY-MM-DD HH:MM:SS' strings,
        # which compare in time order: they stay strings (parsing thousands
        # of them per batch would cost more than the rules)
        rows = self.env.cr.fetchall()
        points = {'keys': [r[0] for r in rows], 'dates': [r[1] for r in rows]}
        if char.chart_type in SUBGROUP_CHARTS:
            points.update(
                values=[list(r[2]) for r in rows],
                ids=[list(r[3]) for r in rows],
            )
        else:
            points.update(
                values=[r[2] for r in rows],
                counts=[r[3] for r in rows],
                sizes=[r[4] for r in rows],
                ids=[[r[5]] for r in rows],
            )
        return points

    @api.model
    def _last_subgroups_query(
        self,
        char,
        start,
        stop,
        limit,
        base,
        params,
        before=None,
        table=LIVE_TABLE,
    ):
        """(query, params) of the last ``limit`` complete subgroups of
        ``char`` in [start, stop) (``base``: _points' grouping of the
        phase), only those ending before ``before`` if given: not by
        grouping the whole phase, but the subgroups of its last rows (the
        (characteristic, timestamp, id) index), read whole by the
        (characteristic, subgroup) index. The window of last rows grows
        until the subgroups found end strictly after its first row: every
        subgroup later than the last one kept has a row in it."""
        plausible, bounds = self._plausible_sql(char)
        window = limit * char.subgroup_size * 2 + 16
        cr = self.env.cr
        keyed = base.replace(
            'GROUP BY subgroup', 'AND subgroup = ANY(%s) GROUP BY subgroup'
        )
        while True:
            cr.execute(
                """
                SELECT array_agg(DISTINCT subgroup), MIN(timestamp), COUNT(*)
                  FROM (SELECT subgroup, timestamp FROM {table}
                         WHERE characteristic_id = %s AND timestamp >= %s AND
                             timestamp < %s AND NOT voided
                           AND {plausible}
                         ORDER BY timestamp DESC, id DESC LIMIT %s) w""".format(
                    plausible=plausible, table=table
                ),
                [char.id, start, before or stop] + bounds + [window],
            )
            keys, earliest, fetched = cr.fetchone()
            query = """
                SELECT * FROM (SELECT * FROM ({base}) p {before} ORDER BY ts
                    DESC, first_id DESC LIMIT %s) q
                ORDER BY ts, first_id""".format(
                base=keyed, before='WHERE ts < %s' if before else ''
            )
            # the subgroup filter comes before the subgroup size in base's parameters
            query_params = (
                params[:-1]
                + [keys or []]
                + params[-1:]
                + ([before] if before else [])
                + [limit]
            )
            if fetched < window:
                return query, query_params  # the window holds the whole phase
            cr.execute(
                "SELECT COUNT(*), MIN(ts) FROM ({query}) r".format(
                    query=query
                ),
                query_params,
            )
            found, oldest = cr.fetchone()
            if found == limit and oldest > earliest:
                return query, query_params
            window *= 4

    @api.model
    def _since_subgroups_query(
        self,
        char,
        start,
        stop,
        since,
        lookback,
        before_only,
        base,
        params,
        table=LIVE_TABLE,
    ):
        """(query, params) of _points(since=...) on X̄ charts: the complete
        subgroups with a row from ``since`` on (unless ``before_only``), and
        the last ``lookback`` ending before it: the rows of a batch and of
        the rules' memory, by the indexes, not the whole phase grouped."""
        keyed = base.replace(
            'GROUP BY subgroup', 'AND subgroup = ANY(%s) GROUP BY subgroup'
        )
        parts, part_params = [], []
        if not before_only:
            plausible, bounds = self._plausible_sql(char)
            self.env.cr.execute(
                """
                SELECT array_agg(DISTINCT subgroup) FROM {table}
                 WHERE characteristic_id = %s AND timestamp >=
                     GREATEST(%s::timestamp, %s::timestamp)
                   AND timestamp < %s AND NOT voided AND {plausible}""".format(
                    plausible=plausible, table=table
                ),
                [char.id, start, since, stop] + bounds,
            )
            keys = self.env.cr.fetchone()[0] or []
            parts.append(
                "(SELECT * FROM ({keyed}) p WHERE ts >= %s)".format(
                    keyed=keyed
                )
            )
            part_params += params[:-1] + [keys] + params[-1:] + [since]
        if lookback > 0:
            query, query_params = self._last_subgroups_query(
                char,
                start,
                stop,
                lookback,
                base,
                params,
                before=since,
                table=table,
            )
            parts.append("(%s)" % query)
            part_params += query_params
        if not parts:
            return (
                "SELECT * FROM ({base}) p WHERE false".format(base=base),
                params,
            )
        return (
            "SELECT * FROM ({parts}) u ORDER BY ts, first_id".format(
                parts=' UNION ALL '.join(parts)
            ),
            part_params,
        )

    @api.model
    def _archive_rows(self, char, start, stop):
        """Move the rows of ``char`` in [start, stop) from the live table to
        the archive, in time order (a phase is a run of the archive's pages,
        see _init_storage), in one statement. Returns how many."""
        self.env.cr.execute(
            """
            WITH moved AS (DELETE FROM {live} WHERE characteristic_id = %s AND
                timestamp >= %s AND timestamp < %s
                           RETURNING *)
            INSERT INTO {archive} ({columns}) SELECT {columns} FROM moved ORDER
                BY timestamp, id""".format(
                live=LIVE_TABLE,
                archive=ARCHIVE_TABLE,
                columns=', '.join('"%s"' % c for c in self._archive_columns()),
            ),
            (char.id, start, stop),
        )
        count = self.env.cr.rowcount
        self.invalidate_cache()
        char.invalidate_cache(['measurement_ids'])
        return count

    @api.model
    def _archive_columns(self):
        """The columns the live table and the archive share (the archive has
        all of them: see _init_storage)."""
        self.env.cr.execute(
            """
            SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND
                attnum > 0 AND NOT attisdropped
             ORDER BY attnum""",
            (LIVE_TABLE,),
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _rows_table(self, phase_id):
        """The table holding the rows of the phase ``phase_id``: the archive
        once the phase was archived (ci.spc.phase._archive), else the live
        table. One look-up by primary key."""
        self.env.cr.execute(
            "SELECT date_archived IS NOT NULL FROM ci_spc_phase WHERE id = %s",
            (phase_id,),
        )
        row = self.env.cr.fetchone()
        return ARCHIVE_TABLE if row and row[0] else LIVE_TABLE

    @api.model
    def _plausible_sql(self, char):
        """(SQL condition, its parameters) on ci_spc_measurement: the rows of
        the chart type of ``char`` that ingestion accepts (see
        _validate_rows), whatever their reasonable limits."""
        kind = char.chart_type
        if kind in VARIABLE_CHARTS:
            # NaN and infinities (numeric has them) are beyond any bound, NULL
            # fails it
            return 'value BETWEEN %s AND %s', [-MAX_MAGNITUDE, MAX_MAGNITUDE]
        if kind == 'c':
            return 'count BETWEEN 0 AND %s', [MAX_ATTRIBUTE]
        condition = 'count BETWEEN 0 AND %s AND sample_size BETWEEN 1 AND %s'
        if kind in ('p', 'np'):
            condition += ' AND count <= sample_size'
        return condition, [MAX_ATTRIBUTE, MAX_ATTRIBUTE]

    @staticmethod
    def _append_points(points, rows, start, stop):
        """Extend ``points`` (see _points, individual points) with the batch
        ``rows`` that fall in [start, stop)."""
        start = fields.Datetime.from_string(start)
        stop = fields.Datetime.from_string(stop) if stop else None
        if rows and (
            rows[0][1] < start or (stop is not None and rows[-1][1] >= stop)
        ):
            rows = [
                r
                for r in rows
                if r[1] >= start and (stop is None or r[1] < stop)
            ]
        if not rows:
            return
        ids, _stamps, texts, values, counts, sizes = zip(*rows)
        points['keys'].extend(map(str, ids))
        points['dates'].extend(texts)
        points['values'].extend(values)
        points['counts'].extend(counts)
        points['sizes'].extend(sizes)
        points['ids'].extend([i] for i in ids)


class _Quoted(object):
    """A value quoted in an error message: its repr, cut short (a batch may
    send anything, nested lists of thousands of items included)."""

    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        text = repr(self.value)
        return (
            text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 5] + '[...]'
        )


def _storable(text):
    """Whether PostgreSQL stores ``text``: no NUL character, valid Unicode
    (JSON-RPC carries both, XML-RPC neither)."""
    if '\x00' in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        return False
    return True


def _copy_text(value):
    """A text in COPY's text format: backslash, tab, newline, return escaped."""
    if value is None:
        return '\\N'
    if (
        '\\' not in value
        and '\t' not in value
        and '\n' not in value
        and '\r' not in value
    ):
        return value  # the usual key: nothing to escape, no copies
    return (
        value.replace('\\', '\\\\')
        .replace('\t', '\\t')
        .replace('\n', '\\n')
        .replace('\r', '\\r')
    )
