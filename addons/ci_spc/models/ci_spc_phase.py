# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import collections
import decimal

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

# the statistics a phase keeps (see CiSpcPhase's docstring, "Statistics")
STAT_COUNTS = ('stat_rows', 'stat_n', 'stat_points', 'stat_spread_count')
STAT_SUMS = ('stat_sum', 'stat_sum2', 'stat_spread_sum')
STAT_FIELDS = STAT_COUNTS + STAT_SUMS + ('stat_bin_origin', 'stat_bin_width')
# the fine histogram grid of a frozen phase: sigma within / BIN_SPLIT, at least
# MIN_BIN_WIDTH
BIN_SPLIT = 8
MIN_BIN_WIDTH = 1e-6
# changed rows of an individuals chart whose neighbours are looked up one by
# one; beyond, one span from the first to the last is read
MAX_NEIGHBOUR_LOOKUPS = 50
# a phase split or moved across more subgroups than this reads its whole
# time range rather than a list of their keys
MAX_MOVED_SUBGROUPS = 50000
# what a set of rows adds to a phase's statistics (see _stats_measure)
Part = collections.namedtuple('Part', STAT_COUNTS + STAT_SUMS + ('bins',))


class CiSpcPhase(models.Model):
    """A stretch of a control chart with its own limits: computed from its
    first subgroups, then frozen, and every later point is judged against
    them. A new SOP version, or an engineer with a reason, starts a phase.

    Statistics: a phase keeps the sums its capability and histogram need
    (``stat_*`` fields, the ci_spc_phase_bin table), changed by difference
    in the transaction that changes the measurements, so that opening a
    characteristic costs the same at 100 points or 10 million. Only this
    code writes them; ``_stats_rebuild`` recomputes a phase. What each sum
    holds and how it moves: docs/design.md (SPC phase statistics)."""

    _name = 'ci.spc.phase'
    _description = 'SPC Phase'
    _inherit = ['ci.protected.mixin']
    _order = 'characteristic_id, date_start desc, id desc'

    characteristic_id = fields.Many2one(
        'ci.spc.characteristic',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    # set from the characteristic at creation: record rules read it before a
    # stored related field would be computed
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, index=True
    )
    name = fields.Char(compute='_compute_name')
    chart_type = fields.Selection(
        related='characteristic_id.chart_type', readonly=True
    )
    decimals = fields.Integer(
        related='characteristic_id.decimals', readonly=True
    )
    date_start = fields.Datetime(string='Starts', required=True, index=True)
    origin = fields.Selection(
        [
            ('initial', 'First phase'),
            ('sop_version', 'New SOP version'),
            ('manual', 'Started by hand'),
        ],
        required=True,
        default='manual',
        readonly=True,
    )
    reason = fields.Text()
    sop_version_id = fields.Many2one(
        'ci.sop.version',
        string='SOP Version',
        readonly=True,
        ondelete='set null',
    )
    state = fields.Selection(
        [
            ('provisional', 'Provisional limits'),
            ('frozen', 'Frozen limits'),
        ],
        default='provisional',
        required=True,
        readonly=True,
    )
    # the limits, as frozen: the center line and spread of the plotted
    # statistic; per-point limits (p, u charts) follow from them and the size
    center = fields.Float(digits=(16, 6), readonly=True)
    lcl = fields.Float(string='LCL', digits=(16, 6), readonly=True)
    ucl = fields.Float(string='UCL', digits=(16, 6), readonly=True)
    spread_center = fields.Float(
        digits=(16, 6),
        readonly=True,
        help="R̄, S̄ or MR̄ of the secondary chart.",
    )
    spread_lcl = fields.Float(
        string='Spread LCL', digits=(16, 6), readonly=True
    )
    spread_ucl = fields.Float(
        string='Spread UCL', digits=(16, 6), readonly=True
    )
    sigma_within = fields.Float(
        digits=(16, 6),
        readonly=True,
        help="Within-subgroup standard deviation estimated from the baseline.",
    )
    baseline_count = fields.Integer(string='Baseline Subgroups', readonly=True)
    date_frozen = fields.Datetime(readonly=True)
    # set by ci.spc.characteristic.action_archive_measurements (see _archive)
    date_archived = fields.Datetime(
        string='Archived On',
        readonly=True,
        copy=False,
        help="When the phase's measurements moved to the archive: its chart, "
        "capability and histogram stay as they were; its measurements are no "
        "longer listed, voided or changed.",
    )
    # statistics (see the class docstring), kept by the suite only
    stat_rows = fields.Integer(
        string='Measurements', readonly=True, copy=False, default=0
    )
    stat_n = fields.Integer(
        string='Plotted Values', readonly=True, copy=False, default=0
    )
    stat_points = fields.Integer(
        string='Plotted Points', readonly=True, copy=False, default=0
    )
    stat_sum = fields.Float(
        string='Sum of Values', digits=0, readonly=True, copy=False, default=0
    )
    stat_sum2 = fields.Float(
        string='Sum of Squares', digits=0, readonly=True, copy=False, default=0
    )
    stat_spread_sum = fields.Float(
        string='Sum of Spreads',
        digits=0,
        readonly=True,
        copy=False,
        default=0,
        help="Σ of the subgroup ranges (X̄-R), standard deviations (X̄-S) or "
        "moving ranges (I-MR).",
    )
    stat_spread_count = fields.Integer(
        string='Spreads', readonly=True, copy=False, default=0
    )
    stat_bin_origin = fields.Float(
        string='Histogram Origin', readonly=True, copy=False, default=0
    )
    stat_bin_width = fields.Float(
        string='Histogram Bin Width',
        readonly=True,
        copy=False,
        default=0,
        help="Fixed when the limits freeze; 0 before.",
    )

    @api.model_cr
    def init(self):
        # the histogram of each phase: counts per bin (see the class
        # docstring); a table without a model: nobody reaches it but this code
        self.env.cr.execute("""
            CREATE TABLE IF NOT EXISTS ci_spc_phase_bin (
                phase_id integer NOT NULL REFERENCES ci_spc_phase (id) ON
                    DELETE CASCADE,
                bin bigint NOT NULL,
                count integer NOT NULL,
                PRIMARY KEY (phase_id, bin))""")

    def _compute_name(self):
        labels = dict(self._fields['origin']._description_selection(self.env))
        for phase in self:
            label = phase.sop_version_id.name or labels.get(phase.origin)
            phase.name = (
                label
                if phase.origin == 'initial'
                else self.env['ci.message']._text(
                    'spc.phase_dated',
                    {'label': label, 'date': phase._local_day()},
                )
            )

    def _local_day(self):
        """The day the phase starts, in the reader's time zone (else the
        plant's): a version effective on 2 November starts on 2 November."""
        self.ensure_one()
        if not self.date_start:
            return ''
        start = pytz.utc.localize(fields.Datetime.from_string(self.date_start))
        return fields.Date.to_string(
            start.astimezone(self.characteristic_id._display_tz())
        )

    def read(self, fields=None, load='_classic_read'):
        # the reason of a phase the suite started is written in the language
        # of whoever triggered it: read it in the reader's (see ci.message)
        result = super(CiSpcPhase, self).read(fields=fields, load=load)
        return self.env['ci.message']._localize_rows(result, ['reason'])

    def _name_arg(self):
        """The phase's name as a system message argument (see ci.message)."""
        self.ensure_one()
        label = self.sop_version_id.name or {
            'sel': ['ci.spc.phase', 'origin', self.origin]
        }
        if self.origin == 'initial':
            return label
        return {
            'msg': 'spc.phase_dated',
            'args': {'label': label, 'date': self._local_day()},
        }

    def _protected_fields(self):
        res = super(CiSpcPhase, self)._protected_fields()
        # the limits are computed from the phase's first subgroups, then frozen;
        # the first phase and a new SOP version's phase are started by the suite
        res.update(
            dict.fromkeys(
                (
                    'company_id',
                    'origin',
                    'sop_version_id',
                    'state',
                    'center',
                    'lcl',
                    'ucl',
                    'spread_center',
                    'spread_lcl',
                    'spread_ucl',
                    'sigma_within',
                    'baseline_count',
                    'date_frozen',
                    'date_archived',
                )
                + STAT_FIELDS,
                None,
            )
        )
        return res

    def _fixed_fields(self):
        return super(CiSpcPhase, self)._fixed_fields() | {'characteristic_id'}

    def _frozen(self):
        """Phases whose limits are frozen."""
        return self.filtered(lambda p: p.state == 'frozen')

    @api.model
    def create(self, vals):
        self._check_protected(vals, creating=True)
        if (
            vals.get('origin', 'manual') == 'manual'
            and not (vals.get('reason') or '').strip()
        ):
            raise UserError(_("Say why a new phase starts (Reason)."))
        char = self.env['ci.spc.characteristic'].browse(
            vals.get('characteristic_id')
        )
        vals = dict(vals, company_id=char.company_id.id)
        spans = self._stats_spans(char) if char.id else {}
        phase = (
            super(CiSpcPhase, self._workflow()).create(vals).with_env(self.env)
        )
        if phase.origin != 'initial':
            # the first phase never starts after another one
            char._sync_first_phase(resync=False)
        self._archive_check_spans(char, spans)
        # the rows it takes from the phase it splits
        self._stats_resync(char, spans)
        return phase

    def write(self, vals):
        chars = self.mapped('characteristic_id')
        spans = (
            {char.id: self._stats_spans(char) for char in chars}
            if 'date_start' in vals
            else {}
        )
        res = super(CiSpcPhase, self).write(vals)
        if 'date_start' in vals:
            chars._sync_first_phase(resync=False)
            for char in chars:
                self._archive_check_spans(char, spans[char.id])
                self._stats_resync(char, spans[char.id])
        return res

    def unlink(self):
        if self.filtered(
            lambda p: p.state == 'frozen' or p.origin != 'manual'
        ):
            raise UserError(
                _(
                    "Only a manual phase whose limits are not frozen can be deleted."
                )
            )
        chars = self.mapped('characteristic_id')
        spans = {char.id: self._stats_spans(char) for char in chars}
        res = super(CiSpcPhase, self).unlink()
        chars._sync_first_phase(resync=False)
        for char in chars:
            self._archive_check_spans(char, spans[char.id])
            # the phase before takes its rows
            self._stats_resync(char, spans[char.id])
        return res

    def _time_range(self):
        """[start, stop) of the phase: until the next phase of the characteristic
        starts (None: still running). Of two phases starting at the same time,
        the later created one holds the time."""
        self.ensure_one()
        self.env.cr.execute(
            """
            SELECT MIN(date_start) FROM ci_spc_phase
             WHERE characteristic_id = %s AND id != %s
               AND (date_start > %s OR (date_start = %s AND id > %s))""",
            (
                self.characteristic_id.id,
                self.id,
                self.date_start,
                self.date_start,
                self.id,
            ),
        )
        return self.date_start, self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    # statistics (see the class docstring)
    # ------------------------------------------------------------------
    @api.model
    def _stats_spans(self, char):
        """{phase id: (start, stop)} of ``char``'s phases (stop None: the
        current one), as ci.spc.measurement._phase_at places rows."""
        self.env.cr.execute(
            """
            SELECT id, date_start, lead(date_start) OVER (ORDER BY date_start, id)
              FROM ci_spc_phase WHERE characteristic_id = %s""",
            (char.id,),
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @staticmethod
    def _stats_phase_of(spans, stamp):
        """The phase of ``spans`` (see _stats_spans) holding time ``stamp``."""
        for phase_id, (start, stop) in spans.items():
            if start <= stamp and (stop is None or stamp < stop):
                return phase_id
        return None

    @api.model
    def _stats_regions(self, char, spans, keys, changed_ids=()):
        """Where the rows ``keys`` ((timestamp text, id or None, subgroup))
        of ``char`` change the statistics, before the change: [(phase id,
        region)], a region being for X̄ charts the subgroup keys touched,
        otherwise (low, high) keys (timestamp, id) of the plotted rows that
        bound the changed ones and stay as they are (None: the phase's
        edge): the moving ranges inside change, none outside."""
        Measurement = self.env['ci.spc.measurement']
        by_phase = {}
        for stamp, id_, subgroup in keys:
            phase_id = self._stats_phase_of(spans, stamp)
            if phase_id is not None:
                by_phase.setdefault(phase_id, []).append(
                    (stamp, id_ or 0, subgroup)
                )
        regions = []
        if char.chart_type in ('xbar_r', 'xbar_s'):
            for phase_id, items in by_phase.items():
                regions.append((phase_id, sorted({item[2] for item in items})))
            return regions
        plausible, bounds = Measurement._plausible_sql(char)
        skip = list(changed_ids) or [0]
        cr = self.env.cr
        for phase_id, items in by_phase.items():
            start, stop = spans[phase_id]
            items.sort()
            if len(items) > MAX_NEIGHBOUR_LOOKUPS:
                groups = [(items[0], items[-1])]
            else:
                groups = [(item, item) for item in items]
            found = []
            for first, last in groups:
                # the plotted neighbours that stay (the output column is not
                # named timestamp: ORDER BY would sort the texts, not walk the
                # index): before the first changed row (a new row's id is not
                # known yet: any row of an earlier time) and after the last
                cr.execute(
                    """
                    SELECT timestamp::text AS stamp, id FROM ci_spc_measurement
                     WHERE characteristic_id = %s AND timestamp >= %s AND
                         timestamp <= %s AND id != ALL(%s)
                       AND (timestamp < %s OR (%s > 0 AND timestamp = %s AND id < %s))
                       AND NOT voided AND {plausible}
                     ORDER BY timestamp DESC, id DESC LIMIT 1""".format(
                        plausible=plausible
                    ),
                    [
                        char.id,
                        start,
                        first[0],
                        skip,
                        first[0],
                        first[1],
                        first[0],
                        first[1],
                    ]
                    + bounds,
                )
                low = cr.fetchone()
                cr.execute(
                    """
                    SELECT timestamp::text AS stamp, id FROM ci_spc_measurement
                     WHERE characteristic_id = %s AND timestamp >= %s AND (%s
                         IS NULL OR timestamp < %s)
                       AND id != ALL(%s) AND (timestamp > %s OR (%s > 0 AND
                           timestamp = %s AND id > %s))
                       AND NOT voided AND {plausible}
                     ORDER BY timestamp, id LIMIT 1""".format(
                        plausible=plausible
                    ),
                    [
                        char.id,
                        last[0],
                        stop,
                        stop,
                        skip,
                        last[0],
                        last[1],
                        last[0],
                        last[1],
                    ]
                    + bounds,
                )
                high = cr.fetchone()
                found.append(
                    (
                        tuple(low) if low else None,
                        tuple(high) if high else None,
                    )
                )
            # overlapping regions become one (touching ones share a plotted
            # row, which cancels out)
            found.sort(key=lambda r: r[0] or ('',))
            merged = []
            for low, high in found:
                if merged and (
                    merged[-1][1] is None or low is None or low < merged[-1][1]
                ):
                    prev_low, prev_high = merged[-1]
                    merged[-1] = (
                        prev_low,
                        (
                            None
                            if prev_high is None or high is None
                            else max(prev_high, high)
                        ),
                    )
                else:
                    merged.append((low, high))
            regions += [(phase_id, region) for region in merged]
        return regions

    @api.model
    def _stats_measure(
        self, char, spans, phase_id, region=None, width=None, origin=0.0
    ):
        """What the rows of ``region`` (see _stats_regions; None: the whole
        phase) add to the statistics of the phase, as a Part: counts, sums as
        exact NUMERIC texts, and {bin: count} on the grid ``width`` from
        ``origin`` (no bins without a width)."""
        Measurement = self.env['ci.spc.measurement']
        plausible, bounds = Measurement._plausible_sql(char)
        start, stop = spans[phase_id]
        # an archived phase's rows are in the archive (see _archive)
        table = Measurement._rows_table(phase_id)
        # no "stop IS NULL OR" for the running phase: the planner would not
        # see how few rows its range holds (and group the whole history)
        where = "characteristic_id = %s AND timestamp >= %s" + (
            " AND timestamp < %s" if stop else ""
        )
        params = [char.id, start] + ([stop] if stop else [])
        if char.chart_type in ('xbar_r', 'xbar_s'):
            if region is not None:
                where += " AND subgroup = ANY(%s)"
                params.append(list(region))
            spread = (
                'max(value) - min(value)'
                if char.chart_type == 'xbar_r'
                else 'stddev_samp(value)'
            )
            rows_sql = (
                "SELECT count(*) FROM {table} WHERE {where} AND NOT voided"
            ).format(table=table, where=where)
            # the values of complete subgroups, in one pass over the rows
            values_sql = """
                SELECT value FROM (SELECT value, count(*) OVER (PARTITION BY
                    subgroup) AS members
                                     FROM {table} WHERE {where} AND NOT voided
                                         AND {plausible}) s
                 WHERE members = %s""".format(
                table=table, where=where, plausible=plausible
            )
            values_params = params + bounds + [char.subgroup_size]
            self.env.cr.execute(
                """
                SELECT ({rows}), count(*) * %s, count(*), sum(s)::text,
                    sum(s2)::text, sum(spread)::text, count(*)
                  FROM (SELECT sum(value) AS s, sum(value * value) AS s2,
                      {spread} AS spread
                          FROM {table} WHERE {where} AND NOT voided AND {plausible}
                         GROUP BY subgroup HAVING count(*) = %s) g""".format(
                    rows=rows_sql,
                    spread=spread,
                    table=table,
                    where=where,
                    plausible=plausible,
                ),
                params
                + [char.subgroup_size]
                + params
                + bounds
                + [char.subgroup_size],
            )
        else:
            if region is not None:
                low, high = region
                if low:
                    where += " AND (timestamp, id) >= (%s::timestamp, %s)"
                    params += list(low)
                if high:
                    where += " AND (timestamp, id) <= (%s::timestamp, %s)"
                    params += list(high)
            values_sql = (
                "SELECT value FROM {table} WHERE {where} AND NOT voided AND "
                "{plausible}"
            ).format(table=table, where=where, plausible=plausible)
            values_params = params + bounds
            self.env.cr.execute(
                """
                WITH r AS (SELECT timestamp, id, value, count, sample_size, voided
                             FROM {table} WHERE {where}),
                     p AS (SELECT value, lag(value) OVER (ORDER BY timestamp,
                         id) AS prev
                             FROM r WHERE NOT voided AND {plausible})
                SELECT (SELECT count(*) FROM r WHERE NOT voided), count(*),
                    count(*), sum(value)::text,
                       sum(value * value)::text, sum(abs(value - prev))::text,
                           count(prev)
                  FROM p""".format(
                    table=table, where=where, plausible=plausible
                ),
                params + bounds,
            )
        rows, n, points, sum_x, sum_x2, spread_sum, spread_count = (
            self.env.cr.fetchone()
        )
        bins = {}
        if width and char.chart_type in ('xbar_r', 'xbar_s', 'imr'):
            self.env.cr.execute(
                """
                SELECT floor((v.value::float8 - %s) / %s)::bigint AS bin, count(*)
                  FROM ({values}) v GROUP BY bin""".format(values=values_sql),
                [origin, width] + values_params,
            )
            bins = dict(self.env.cr.fetchall())
        return Part(
            rows,
            n,
            points,
            spread_count,
            sum_x or '0',
            sum_x2 or '0',
            spread_sum or '0',
            bins,
        )

    @api.model
    def _stats_grid(self, phase_ids):
        """{phase id: (width, origin)} of the histogram grids of ``phase_ids``."""
        self.env.cr.execute(
            "SELECT id, stat_bin_width, stat_bin_origin FROM ci_spc_phase "
            "WHERE id IN %s",
            (tuple(phase_ids) or (0,),),
        )
        return {
            row[0]: (row[1] or 0.0, row[2] or 0.0)
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _stats_before(self, char, keys, changed_ids=()):
        """Reads what the rows about to change (``keys``: their (timestamp
        text, id or None, subgroup) before and after the change) add to
        their phases' statistics now; hand the result to _stats_after once
        they changed."""
        spans = self._stats_spans(char)
        regions = self._stats_regions(char, spans, keys, changed_ids)
        grids = self._stats_grid({phase_id for phase_id, _region in regions})
        parts = [
            self._stats_measure(
                char, spans, phase_id, region, *grids[phase_id]
            )
            for phase_id, region in regions
        ]
        return char, spans, regions, grids, parts

    @api.model
    def _stats_after(self, before):
        """Adds to the phases the difference the change made (see _stats_before)."""
        char, spans, regions, grids, parts = before
        for (phase_id, region), old in zip(regions, parts):
            new = self._stats_measure(
                char, spans, phase_id, region, *grids[phase_id]
            )
            self._stats_add(phase_id, new, old)

    @api.model
    def _stats_add(self, phase_id, new, old=None):
        """Statistics of the phase += ``new`` - ``old`` (Parts), in SQL: the
        row of the phase serializes concurrent changes."""
        old = old or Part(0, 0, 0, 0, '0', '0', '0', {})
        if new == old:
            return
        sets = ', '.join(
            '{f} = COALESCE({f}, 0) + %s'.format(f=f) for f in STAT_COUNTS
        )
        sets += ', ' + ', '.join(
            '{f} = COALESCE({f}, 0) + %s::numeric - %s::numeric'.format(f=f)
            for f in STAT_SUMS
        )
        params = [getattr(new, f) - getattr(old, f) for f in STAT_COUNTS]
        for f in STAT_SUMS:
            params += [getattr(new, f), getattr(old, f)]
        self.env.cr.execute(
            "UPDATE ci_spc_phase SET %s WHERE id = %%s" % sets,
            params + [phase_id],
        )
        delta = collections.Counter(new.bins)
        delta.subtract(old.bins)
        delta = {k: v for k, v in delta.items() if v}
        if delta:
            bins, counts = zip(*sorted(delta.items()))
            self.env.cr.execute(
                """
                INSERT INTO ci_spc_phase_bin (phase_id, bin, count)
                SELECT %s, b, c FROM unnest(%s::bigint[], %s::int[]) AS d(b, c)
                ON CONFLICT (phase_id, bin) DO UPDATE SET count =
                    ci_spc_phase_bin.count + EXCLUDED.count""",
                (phase_id, list(bins), list(counts)),
            )
            self.env.cr.execute(
                "DELETE FROM ci_spc_phase_bin WHERE phase_id = %s AND count = 0",
                (phase_id,),
            )
        self.browse(phase_id).invalidate_cache(list(STAT_FIELDS))

    def _stats_recompute(self):
        """The statistics of these phases from their rows (a phase created,
        moved, deleted or frozen; the migration; _stats_rebuild)."""
        for phase in self:
            char = phase.characteristic_id
            spans = self._stats_spans(char)
            if (
                char.chart_type in ('xbar_r', 'xbar_s', 'imr')
                and phase.state == 'frozen'
            ):
                width, origin = (
                    max(phase.sigma_within / BIN_SPLIT, MIN_BIN_WIDTH),
                    phase.center,
                )
            else:
                width, origin = 0.0, 0.0
            part = self._stats_measure(
                char, spans, phase.id, None, width, origin
            )
            self.env.cr.execute(
                "DELETE FROM ci_spc_phase_bin WHERE phase_id = %s", (phase.id,)
            )
            sets = ', '.join(
                '%s = %%s' % f
                for f in STAT_COUNTS
                + STAT_SUMS
                + ('stat_bin_width', 'stat_bin_origin')
            )
            self.env.cr.execute(
                "UPDATE ci_spc_phase SET %s WHERE id = %%s" % sets,
                [getattr(part, f) for f in STAT_COUNTS + STAT_SUMS]
                + [width, origin, phase.id],
            )
            if part.bins:
                bins, counts = zip(*sorted(part.bins.items()))
                self.env.cr.execute(
                    """
                    INSERT INTO ci_spc_phase_bin (phase_id, bin, count)
                    SELECT %s, b, c FROM unnest(%s::bigint[], %s::int[]) AS
                        d(b, c)""",
                    (phase.id, list(bins), list(counts)),
                )
        self.invalidate_cache(list(STAT_FIELDS))

    @api.model
    def _stats_resync(self, char, old_spans):
        """After phases of ``char`` were created, moved or deleted: each
        phase whose time range changed adds the difference between what the
        rows of its moved edges give in its new range and in its old one
        (see _stats_moved): the cost is the rows that changed phase, not
        the phases' history. A new SOP version's phase from tomorrow reads
        no row; one from this morning the rows since; a deleted phase's rows
        go to the phase before it, whose end moved."""
        new_spans = self._stats_spans(char)
        changed = self.browse()
        for phase_id, new in sorted(
            new_spans.items(), key=lambda item: (item[1][0], item[0])
        ):
            old = old_spans.get(phase_id)
            if old == new:
                continue
            grid = self._stats_grid([phase_id])[phase_id]
            for region in self._stats_moved(char, old, new):
                after = self._stats_measure(
                    char, {phase_id: new}, phase_id, region, *grid
                )
                before = (
                    self._stats_measure(
                        char, {phase_id: old}, phase_id, region, *grid
                    )
                    if old
                    else None
                )
                self._stats_add(phase_id, after, before)
            changed |= self.browse(phase_id)
        return changed

    @api.model
    def _stats_moved(self, char, old, new):
        """The regions (see _stats_regions) of a phase of ``char`` whose
        time range went from ``old`` to ``new`` ((start, stop), stop None:
        still running; ``old`` None: a new phase) outside which its
        statistics stay as they are; none when no row moved. X̄ charts: the
        subgroups with a row in the time that entered or left it (a subgroup
        across the new edge: its rows on each side count in their own phase,
        complete or not, as _points groups them). Other charts: [None] (the
        whole phase) for a new phase or one that kept none of its time,
        otherwise a region per moved edge, from the edge to the plotted row
        nearest to it in the time the phase kept (the moving range across
        the edge changes, the next ones not)."""
        stops = [v for v in (old[1], new[1]) if v is not None] if old else []
        keep_start = max(old[0], new[0]) if old else None
        keep_stop = min(stops) if stops else None
        if old is None:
            moved, whole = [new], True
        elif keep_stop is not None and keep_start >= keep_stop:
            moved, whole = [old, new], True
        else:
            moved, whole = [], False
            if old[0] != new[0]:
                moved.append((min(old[0], new[0]), keep_start))
            if old[1] != new[1]:
                moved.append(
                    (keep_stop, max(stops) if len(stops) == 2 else None)
                )
        cr = self.env.cr
        where = (
            "characteristic_id = %s AND timestamp >= %s AND (%s::timestamp IS "
            "NULL OR timestamp < %s)"
        )
        if char.chart_type in ('xbar_r', 'xbar_s'):
            # by their keys, also for a whole phase: the (characteristic,
            # subgroup) index reads them; grouping a time range, the planner
            # may walk that index over the whole history instead
            keys = set()
            for low, high in moved:
                cr.execute(
                    "SELECT DISTINCT subgroup FROM ci_spc_measurement WHERE "
                    "{where} AND NOT voided".format(where=where),
                    (char.id, low, high, high),
                )
                keys.update(row[0] for row in cr.fetchall())
            if None in keys or len(keys) > MAX_MOVED_SUBGROUPS:
                return [
                    None
                    # rows without a key (written in SQL) the subgroup filter would
                    # miss; or years
                ]
            return [sorted(keys)] if keys else []
        if whole:
            return [None]
        Measurement = self.env['ci.spc.measurement']
        plausible, bounds = Measurement._plausible_sql(char)
        regions = []
        for low, high in moved:
            cr.execute(
                "SELECT 1 FROM ci_spc_measurement WHERE {where} AND NOT voided "
                "LIMIT 1".format(where=where),
                (char.id, low, high, high),
            )
            if not cr.fetchone():
                continue
            front = low < keep_start
            # the output column is not named timestamp: ORDER BY would sort the
            # texts, not walk the index
            cr.execute(
                """
                SELECT timestamp::text AS stamp, id FROM ci_spc_measurement
                 WHERE {where} AND NOT voided AND {plausible}
                 ORDER BY timestamp {order}, id {order} LIMIT 1""".format(
                    where=where,
                    plausible=plausible,
                    order='' if front else 'DESC',
                ),
                [char.id, keep_start, keep_stop, keep_stop] + bounds,
            )
            nearest = cr.fetchone()
            if not nearest:
                return [
                    None
                ]  # the time kept plots nothing: the moving ranges join across it
            regions.append(
                (None, tuple(nearest)) if front else (tuple(nearest), None)
            )
        return regions

    @api.model
    def _stats_rebuild(self, chars=None):
        """Recomputes the statistics of every phase (of ``chars``) from the
        rows: after rows were written in SQL, and by the migration."""
        domain = (
            [('characteristic_id', 'in', chars.ids)]
            if chars is not None
            else []
        )
        # sudo: every phase of the characteristics, whatever the caller's
        # companies (the migration, a repair after rows written in SQL)
        phases = self.sudo().search(domain)
        phases._stats_recompute()
        return len(phases)

    def _stats_read(self):
        """The statistics of the phase for spc.capability_from_sums, the
        sums as Decimals (exact), and its histogram bins {bin: count}."""
        self.ensure_one()
        self.env.cr.execute(
            """
            SELECT COALESCE(stat_rows, 0), COALESCE(stat_n, 0),
                COALESCE(stat_points, 0),
                   COALESCE(stat_spread_count, 0), stat_sum::text,
                       stat_sum2::text, stat_spread_sum::text,
                   COALESCE(stat_bin_width, 0), COALESCE(stat_bin_origin, 0)
              FROM ci_spc_phase WHERE id = %s""",
            (self.id,),
        )
        row = self.env.cr.fetchone()
        stats = dict(
            zip(STAT_COUNTS + STAT_SUMS + ('bin_width', 'bin_origin'), row)
        )
        for key in STAT_SUMS:
            stats[key] = decimal.Decimal(stats[key] or '0')
        self.env.cr.execute(
            "SELECT bin, count FROM ci_spc_phase_bin WHERE phase_id = %s AND "
            "count > 0",
            (self.id,),
        )
        stats['bins'] = dict(self.env.cr.fetchall())
        return stats

    # ------------------------------------------------------------------
    # archive (docs/storage.md, "Archive")
    # ------------------------------------------------------------------
    @api.model
    def _archive_horizon(self, char_ids):
        """{characteristic id: the end of its last archived phase (text)}
        for those of ``char_ids`` with an archived phase: no measurement is
        recorded before it, no phase starts, moves or ends before it."""
        if not char_ids:
            return {}
        self.env.cr.execute(
            """
            SELECT characteristic_id, MAX(stop)::text FROM (
                SELECT characteristic_id, date_archived,
                       lead(date_start) OVER (PARTITION BY characteristic_id
                           ORDER BY date_start, id) AS stop
                  FROM ci_spc_phase
                 WHERE characteristic_id IN (SELECT characteristic_id FROM
                     ci_spc_phase
                                              WHERE characteristic_id IN %s AND
                                                  date_archived IS NOT NULL)) p
             WHERE date_archived IS NOT NULL GROUP BY characteristic_id""",
            (tuple(char_ids),),
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _archive_check_spans(self, char, old_spans):
        """Refuse a change of ``char``'s phases (``old_spans``: its
        _stats_spans before it) that moves time before the end of its
        archived phases: their rows and statistics are final."""
        self.env.cr.execute(
            "SELECT id FROM ci_spc_phase WHERE characteristic_id = %s AND "
            "date_archived IS NOT NULL",
            (char.id,),
        )
        archived = [row[0] for row in self.env.cr.fetchall()]
        if not archived:
            return
        horizon = max(
            old_spans[phase_id][1]
            for phase_id in archived
            if phase_id in old_spans
        )
        new_spans = self._stats_spans(char)
        for phase_id in set(old_spans) | set(new_spans):
            old, new = old_spans.get(phase_id), new_spans.get(phase_id)
            if (
                old != new
                and min(span[0] for span in (old, new) if span) < horizon
            ):
                start = (new or old)[0]
                raise UserError(
                    _(
                        "%(field)s = %(value)s: the phases of %(char)s are "
                        "archived until %(horizon)s; "
                        "no phase starts, moves or ends before then."
                    )
                    % {
                        'field': self._fields['date_start'].get_description(
                            self.env
                        )['string'],
                        'value': start,
                        'char': char.name,
                        'horizon': horizon,
                    }
                )

    @api.model
    def _archive(self, char, before):
        """Move the rows of ``char``'s phases with frozen limits that end on
        or before ``before`` (text, UTC) to the archive table, in this
        transaction, and mark the phases archived. Their statistics stay as
        they are (they are those of the rows moved); _points and
        _stats_measure read an archived phase from the archive. Returns
        (phases archived, rows moved)."""
        Measurement = self.env['ci.spc.measurement']
        # the batches of the characteristic wait, or are run again (see _rule_state)
        char._rule_state(lock=True)
        spans = self._stats_spans(char)
        self.env.cr.execute(
            "SELECT id FROM ci_spc_phase WHERE characteristic_id = %s AND "
            "state = 'frozen' "
            "AND date_archived IS NULL",
            (char.id,),
        )
        todo = self.browse(
            sorted(
                phase_id
                for (phase_id,) in self.env.cr.fetchall()
                if spans[phase_id][1] is not None
                and spans[phase_id][1] <= before
            )
        )
        moved = 0
        for phase in todo:
            moved += Measurement._archive_rows(char, *spans[phase.id])
        # sudo: the suite marks the phases it archived (a workflow-owned field)
        todo.sudo()._workflow().write({'date_archived': fields.Datetime.now()})
        return todo, moved

    def _freeze(self, points):
        """Limits of the phase from its first subgroups (``points``, see
        ci.spc.measurement._points), frozen for good."""
        self.ensure_one()
        phase, char = self, self.characteristic_id
        k = char.baseline_subgroups
        result = char._engine_chart(
            {key: value[:k] for key, value in points.items()}, baseline=k
        )
        frozen = result.limits[0]
        secondary = result.secondary
        # sudo: the measurement that completes the baseline freezes the
        # limits, whoever recorded it; nobody edits them by hand
        phase.sudo()._workflow().write(
            {
                'state': 'frozen',
                'center': frozen.center,
                'sigma_within': frozen.sigma or 0.0,
                'lcl': float(result.lcl[0]),
                'ucl': float(result.ucl[0]),
                'spread_center': (
                    float(secondary.center[-1])
                    if secondary is not None
                    else 0.0
                ),
                'spread_lcl': (
                    float(secondary.lcl[-1]) if secondary is not None else 0.0
                ),
                'spread_ucl': (
                    float(secondary.ucl[-1]) if secondary is not None else 0.0
                ),
                'baseline_count': frozen.count or k,
                'date_frozen': fields.Datetime.now(),
            }
        )
        # the histogram's grid is fixed now (see the class docstring); sudo:
        # as for the limits above, the statistics are the suite's to write
        phase.sudo()._stats_recompute()
        self.env['ci.message']._post(
            char.sudo(),
            'spc.limits_frozen',
            {
                'phase': phase._name_arg(),
                'k': k,
                'center': '%.6g' % frozen.center,
                'lcl': '%.6g' % result.lcl[0],
                'ucl': '%.6g' % result.ucl[0],
            },
            subtype='mail.mt_note',
        )
