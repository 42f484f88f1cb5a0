# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from ..lib.kpi import Totals
from .statement_triggers import (
    TRANSITION_TABLES,
    marked_keys_function,
    refresh_keys_function,
    statement_trigger,
)

_logger = logging.getLogger(__name__)

# The columns a fact sums, in the order the SQL below writes them: the
# sums a KPI is computed from (lib/kpi.py), named once.
MEASURES = Totals._fields

# The facts of the (day, work center) pairs in ``todo``, from
# the raw rows exactly as ci.kpi defined the KPIs on them: done work orders by
# the UTC day they finished, finished time logs by the UTC day they started
# (their operation and product are their work order's), the scrap of the
# produced product in the production's unit.
_FACTS_OF_PAIRS = """
    SELECT day, wc, op, product, count(wo_id)::integer, sum(de), sum(d),
        sum(q), sum(s), count(sop),
           count(*) FILTER (WHERE wo_id IS NOT NULL AND d <> 0),
           COALESCE(sum(100.0 * de / d) FILTER (WHERE wo_id IS NOT NULL AND d
               <> 0), 0),
           COALESCE(sum((100.0 * de / d) ^ 2) FILTER (WHERE wo_id IS NOT NULL
               AND d <> 0), 0),
           count(*) FILTER (WHERE wo_id IS NOT NULL AND q <> 0),
           COALESCE(sum(d / q) FILTER (WHERE wo_id IS NOT NULL AND q <> 0), 0),
           COALESCE(sum((d / q) ^ 2) FILTER (WHERE wo_id IS NOT NULL AND q <> 0), 0),
           count(log_id), sum(productive), sum(blocked)
      FROM (
        SELECT k.day, k.wc, wo.operation_id AS op, mp.product_id AS product,
            wo.id AS wo_id,
               COALESCE(wo.duration_expected, 0)::float8 AS de,
                   COALESCE(wo.duration, 0)::float8 AS d,
               COALESCE(wo.qty_produced, 0)::float8 AS q, wo.ci_sop_version_id AS sop,
               COALESCE((SELECT sum(s.scrap_qty / su.factor * pu.factor)
                           FROM stock_scrap s
                           JOIN product_uom su ON su.id = s.product_uom_id
                          WHERE s.workorder_id = wo.id AND s.state = 'done'
                            AND s.product_id = mp.product_id), 0)::float8 AS s,
               NULL::integer AS log_id, 0::float8 AS productive, 0::float8 AS blocked
          FROM todo k
          JOIN mrp_workorder wo ON wo.workcenter_id = k.wc AND wo.state = 'done'
                               AND wo.date_finished >= k.day AND
                                   wo.date_finished < k.day + 1
          JOIN mrp_production mp ON mp.id = wo.production_id
          JOIN product_uom pu ON pu.id = mp.product_uom_id
        UNION ALL
        SELECT k.day, k.wc, wo.operation_id, mp.product_id, NULL, 0, 0, 0,
            NULL, 0, p.id,
               CASE WHEN p.loss_type = 'productive' THEN COALESCE(p.duration,
                   0) ELSE 0 END,
               CASE WHEN COALESCE(p.loss_type, 'availability') <> 'productive'
                    THEN COALESCE(p.duration, 0) ELSE 0 END
          FROM todo k
          JOIN mrp_workcenter_productivity p ON p.workcenter_id = k.wc AND
              p.date_end IS NOT NULL
                                            AND p.date_start >= k.day AND
                                                p.date_start < k.day + 1
          LEFT JOIN mrp_workorder wo ON wo.id = p.workorder_id
          LEFT JOIN mrp_production mp ON mp.id = wo.production_id
      ) r
     GROUP BY day, wc, op, product
"""

# The (day, work center) pairs whose facts the raw ``rows`` (a relation shaped
# like the table) count in. A change refreshes every fact of its work center
# and day: a work order or a production that went away leaves no key behind.
_PAIRS = {
    'mrp_workorder': """
        SELECT wo.date_finished::date, wo.workcenter_id FROM {rows} wo
         WHERE wo.state = 'done' AND wo.date_finished IS NOT NULL
        UNION
        SELECT p.date_start::date, p.workcenter_id
          FROM {rows} wo JOIN mrp_workcenter_productivity p ON p.workorder_id = wo.id
         WHERE p.date_end IS NOT NULL""",
    'mrp_workcenter_productivity': """
        SELECT p.date_start::date, p.workcenter_id FROM {rows} p
         WHERE p.date_end IS NOT NULL AND p.date_start IS NOT NULL""",
    'stock_scrap': """
        SELECT wo.date_finished::date, wo.workcenter_id
          FROM {rows} s JOIN mrp_workorder wo ON wo.id = s.workorder_id
         WHERE wo.state = 'done' AND wo.date_finished IS NOT NULL""",
    'mrp_production': """
        SELECT wo.date_finished::date, wo.workcenter_id
          FROM {rows} mp JOIN mrp_workorder wo ON wo.production_id = mp.id
         WHERE wo.state = 'done' AND wo.date_finished IS NOT NULL
        UNION
        SELECT p.date_start::date, p.workcenter_id
          FROM {rows} mp JOIN mrp_workorder wo ON wo.production_id = mp.id
          JOIN mrp_workcenter_productivity p ON p.workorder_id = wo.id
         WHERE p.date_end IS NOT NULL""",
}

# The columns of each table whose change moves a fact.
_WATCHED = {
    'mrp_workorder': (
        'state',
        'date_finished',
        'duration',
        'duration_expected',
        'qty_produced',
        'workcenter_id',
        'operation_id',
        'production_id',
        'ci_sop_version_id',
    ),
    'mrp_workcenter_productivity': (
        'date_start',
        'date_end',
        'duration',
        'loss_type',
        'workcenter_id',
        'workorder_id',
    ),
    'stock_scrap': (
        'state',
        'scrap_qty',
        'product_id',
        'product_uom_id',
        'workorder_id',
    ),
    'mrp_production': ('product_id', 'product_uom_id'),
}


def _trigger_function(table):
    """PL/pgSQL of the statement trigger on ``table``: the facts of the rows
    inserted, deleted, or updated in a watched column (before and after)
    refreshed from the raw rows."""
    return refresh_keys_function(
        'ci_kpi_fact_on_%s' % table,
        _PAIRS[table],
        _WATCHED[table],
        'ci_kpi_fact_mark',
        ('date', 'integer'),
    )


def _index_statements():
    """The covering indexes of the facts by work center and by operation
    (the plain ones of 11.0.1.4.0's first builds dropped)."""
    measures = ', '.join(MEASURES)
    return (
        "DROP INDEX IF EXISTS ci_kpi_fact_workcenter_day_idx",
        "DROP INDEX IF EXISTS ci_kpi_fact_operation_day_idx",
        "CREATE INDEX IF NOT EXISTS ci_kpi_fact_workcenter_day_cover ON "
        "ci_kpi_fact (workcenter_id, day) "
        "INCLUDE (operation_id, product_id, {measures})".format(
            measures=measures
        ),
        "CREATE INDEX IF NOT EXISTS ci_kpi_fact_operation_day_cover ON "
        "ci_kpi_fact (operation_id, day) "
        "INCLUDE (workcenter_id, product_id, {measures}) WHERE operation_id IS "
        "NOT NULL".format(measures=measures),
    )


def _rebuild_statement():
    """Refresh the facts of every (day, work center) with a done work order
    or a finished time log."""
    return """
        SELECT ci_kpi_fact_refresh(array_agg(day), array_agg(wc))
          FROM ({workorders} UNION {timelogs}) k(day, wc)""".format(
        workorders=_PAIRS['mrp_workorder']
        .split('UNION')[0]
        .format(rows='mrp_workorder'),
        timelogs=_PAIRS['mrp_workcenter_productivity'].format(
            rows='mrp_workcenter_productivity'
        ),
    )


def _month_sums(todo, facts='ci_kpi_fact'):
    """The done work orders and those under a standard per month and work
    center, summed from the daily ``facts`` of the (month, wc) pairs in
    ``todo`` (a relation)."""
    return """
        SELECT k.month, k.wc, sum(f.workorder_count)::integer,
            sum(f.standard_count)::integer
          FROM {todo} k
          JOIN {facts} f ON f.workcenter_id = k.wc AND f.day >= k.month
                            AND f.day < k.month + interval '1 month'
         GROUP BY k.month, k.wc
        HAVING sum(f.workorder_count) > 0""".format(todo=todo, facts=facts)


# what program health's standard coverage reads: a month costs its work
# centers, not its days
MONTH_TABLE = """
CREATE TABLE IF NOT EXISTS ci_kpi_month_fact (
    id serial PRIMARY KEY,
    month date NOT NULL,
    workcenter_id integer NOT NULL REFERENCES mrp_workcenter (id) ON DELETE CASCADE,
    workorder_count integer NOT NULL,
    standard_count integer NOT NULL,
    UNIQUE (month, workcenter_id)
)"""


def _fill_months_statement():
    """Every month of the daily facts, summed."""
    return (
        "INSERT INTO ci_kpi_month_fact (month, workcenter_id, workorder_count, "
        "standard_count) "
        + _month_sums(
            "(SELECT DISTINCT date_trunc('month', day)::date AS month, "
            "workcenter_id AS wc FROM ci_kpi_fact)"
        )
    )


def _refresh_function():
    """The function that refreshes the facts of (day, work center) pairs
    from the raw rows (a statement built from this module's constants)."""
    return """
CREATE OR REPLACE FUNCTION ci_kpi_fact_refresh(days date[], wcs integer[])
    RETURNS void LANGUAGE sql AS $fn$
    WITH todo AS (
        SELECT DISTINCT d AS day, w AS wc FROM unnest(days, wcs) u(d, w) WHERE
            d IS NOT NULL AND w IS NOT NULL
    ), new AS ({facts}
    ), gone AS (
        -- facts whose rows went away
        DELETE FROM ci_kpi_fact f USING todo k
         WHERE f.day = k.day AND f.workcenter_id = k.wc
           AND NOT EXISTS (SELECT 1 FROM new n
                     WHERE n.day = f.day AND n.wc = f.workcenter_id
                       AND n.op IS NOT DISTINCT FROM f.operation_id
                       AND n.product IS NOT DISTINCT FROM f.product_id)
    )
    -- only the facts that changed are written: fewer rows locked, less to serialize
    INSERT INTO ci_kpi_fact AS f (day, workcenter_id, operation_id, product_id,
        {measures},
                           create_uid, create_date, write_uid, write_date)
    SELECT n.*, 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC' FROM new n
    ON CONFLICT (day, workcenter_id, operation_id, product_id) DO UPDATE SET {update},
        write_date = EXCLUDED.write_date
     WHERE ({current}) IS DISTINCT FROM ({excluded});
    -- the months of those days, summed from the facts just written
    WITH todo AS (
        SELECT DISTINCT date_trunc('month', d)::date AS month, w AS wc
          FROM unnest(days, wcs) u(d, w) WHERE d IS NOT NULL AND w IS NOT NULL
    ), new AS ({month_sums}
    ), gone AS (
        DELETE FROM ci_kpi_month_fact m USING todo k
         WHERE m.month = k.month AND m.workcenter_id = k.wc
           AND NOT EXISTS (SELECT 1 FROM new n WHERE n.month = m.month AND n.wc
               = m.workcenter_id)
    )
    INSERT INTO ci_kpi_month_fact AS m (month, workcenter_id, workorder_count,
        standard_count)
    SELECT * FROM new
    ON CONFLICT (month, workcenter_id) DO UPDATE
       SET workorder_count = EXCLUDED.workorder_count, standard_count =
           EXCLUDED.standard_count
     WHERE (m.workorder_count, m.standard_count) IS DISTINCT FROM
         (EXCLUDED.workorder_count, EXCLUDED.standard_count);
$fn$""".format(
        measures=', '.join(MEASURES),
        facts=_FACTS_OF_PAIRS,
        month_sums=_month_sums('todo'),
        update=', '.join('{m} = EXCLUDED.{m}'.format(m=m) for m in MEASURES),
        current=', '.join('f.%s' % m for m in MEASURES),
        excluded=', '.join('EXCLUDED.%s' % m for m in MEASURES),
    )


# The (day, work center) pairs a statement changed are only marked (rows
# appended, none updated): work orders of one work center finished at the same
# time would otherwise update the same facts, and under Odoo's repeatable read
# all but one would fail and be replayed (tests/test_facts_concurrency.py).
# Readers compute the marked pairs on the fly (live_facts_sql, the views
# below); the fold (a scheduled job) writes them into the facts and drops
# their marks.
COLUMN_TYPES = ', '.join(
    '%s %s' % (m, 'integer' if m.endswith(('_count', '_n')) else 'float8')
    for m in MEASURES
)

DIRTY_TABLE = (
    """CREATE TABLE IF NOT EXISTS ci_kpi_fact_dirty (day date NOT NULL,
        workcenter_id integer NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS ci_kpi_fact_dirty_idx ON ci_kpi_fact_dirty
        (workcenter_id, day)""",
)

MARK_FUNCTION = """
CREATE OR REPLACE FUNCTION ci_kpi_fact_mark(days date[], wcs integer[]) RETURNS
    void LANGUAGE sql AS $fn$
    INSERT INTO ci_kpi_fact_dirty (day, workcenter_id)
    SELECT DISTINCT d, w FROM unnest(days, wcs) u(d, w) WHERE d IS NOT NULL AND
        w IS NOT NULL;
$fn$"""


def _compute_function():
    """The facts of (day, work center) pairs as the raw rows give them now,
    without writing them."""
    return marked_keys_function(
        """
CREATE OR REPLACE FUNCTION ci_kpi_fact_compute(days date[], wcs integer[])
RETURNS TABLE (day date, workcenter_id integer, operation_id integer,
    product_id integer, {types})""".format(types=COLUMN_TYPES),
        'days',
        """
    WITH todo AS (
        SELECT DISTINCT d AS day, w AS wc FROM unnest(days, wcs) u(d, w) WHERE
            d IS NOT NULL AND w IS NOT NULL
    )
    SELECT x.day, x.wc, x.op, x.product, {casts} FROM ({facts}) x(day, wc, op,
        product, {measures})""".format(
            facts=_FACTS_OF_PAIRS,
            measures=', '.join(MEASURES),
            casts=', '.join(
                'x.%s::%s'
                % (m, 'integer' if m.endswith(('_count', '_n')) else 'float8')
                for m in MEASURES
            ),
        ),
    )


def live_facts_sql(dirty_where='TRUE'):
    """SQL of the facts as the raw rows give them now (a relation with the
    table's key and MEASURES): the folded ones, and those of the marked pairs
    that match ``dirty_where`` (a condition on the marks ``d``: day,
    workcenter_id) computed."""
    return """(
        SELECT f.day, f.workcenter_id, f.operation_id, f.product_id, {measures}
            FROM ci_kpi_fact f
         WHERE NOT EXISTS (SELECT 1 FROM ci_kpi_fact_dirty d WHERE d.day =
             f.day AND d.workcenter_id = f.workcenter_id)
        UNION ALL
        SELECT c.* FROM (SELECT array_agg(m.day) AS days,
            array_agg(m.workcenter_id) AS wcs
                           FROM (SELECT DISTINCT d.day, d.workcenter_id FROM
                               ci_kpi_fact_dirty d
                                  WHERE {dirty_where}) m) k,
                        LATERAL ci_kpi_fact_compute(k.days, k.wcs) c)""".format(
        measures=', '.join('f.%s' % m for m in MEASURES),
        dirty_where=dirty_where,
    )


LIVE_VIEWS = (
    "CREATE OR REPLACE VIEW ci_kpi_fact_live AS SELECT * FROM %s live"
    % live_facts_sql(),
    # the monthly sums: those of months with a marked day summed again
    """CREATE OR REPLACE VIEW ci_kpi_month_fact_live AS
       SELECT m.month, m.workcenter_id, m.workorder_count, m.standard_count
           FROM ci_kpi_month_fact m
        WHERE NOT EXISTS (SELECT 1 FROM ci_kpi_fact_dirty d WHERE
            d.workcenter_id = m.workcenter_id
                             AND d.day >= m.month AND d.day < m.month +
                                 interval '1 month')
       UNION ALL
       SELECT * FROM ({sums}) s(month, workcenter_id, workorder_count,
           standard_count)""".format(
        sums=_month_sums(
            "(SELECT DISTINCT date_trunc('month', day)::date AS month, "
            "workcenter_id AS wc "
            "FROM ci_kpi_fact_dirty)",
            facts='ci_kpi_fact_live',
        )
    ),
)

FOLD = """
    WITH d AS (DELETE FROM ci_kpi_fact_dirty RETURNING day, workcenter_id)
    SELECT count(*), ci_kpi_fact_refresh(array_agg(day),
        array_agg(workcenter_id)) FROM d"""


class CiKpiFact(models.Model):
    """What the KPIs are computed from, per day x work center x operation x
    product: the sums of the done work orders, their scrap and the work
    center's time logs (see MEASURES and lib/kpi.py).

    Kept by PostgreSQL triggers on the work orders, time logs, scraps and
    productions: whatever changes them (the tablet, an import, an RPC, a
    migration in SQL) marks the (day, work center) in the same transaction;
    what reads KPIs computes the marked ones (``live_facts_sql``), and a
    scheduled job folds them into this table every 5 minutes (the facts'
    own list and pivot read the table: at most one fold behind).
    Nobody writes them otherwise; ``_rebuild`` recomputes all of them
    (``scripts/kpi-facts.sh DB``). A change of a unit of measure's factor
    does not move past facts (rebuild after one).

    The same refresh keeps ``ci_kpi_month_fact``, the done work orders and
    those under a standard per month and work center, which program
    health's standard coverage reads (ci.health.workorder).
    """

    _name = 'ci.kpi.fact'
    _description = 'KPI Daily Facts'
    _order = 'day desc, workcenter_id, id'
    _rec_name = 'day'

    day = fields.Date(
        required=True,
        readonly=True,
        help="The day (UTC) the work orders finished and the time logs started.",
    )
    workcenter_id = fields.Many2one(
        'mrp.workcenter',
        string='Work Center',
        required=True,
        readonly=True,
        ondelete='cascade',
    )
    operation_id = fields.Many2one(
        'mrp.routing.workcenter', readonly=True, ondelete='cascade'
    )
    product_id = fields.Many2one(
        'product.product', readonly=True, ondelete='cascade'
    )
    company_id = fields.Many2one(
        related='workcenter_id.company_id', readonly=True
    )
    workorder_count = fields.Integer(string='Done work orders', readonly=True)
    duration_expected = fields.Float(string='Expected minutes', readonly=True)
    duration = fields.Float(string='Real minutes', readonly=True)
    qty_produced = fields.Float(string='Produced', readonly=True)
    qty_scrapped = fields.Float(string='Scrapped', readonly=True)
    standard_count = fields.Integer(string='Under a standard', readonly=True)
    efficiency_n = fields.Integer(
        string='Work orders with a duration', readonly=True
    )
    efficiency_sum = fields.Float(string='Sum of efficiencies', readonly=True)
    efficiency_sumsq = fields.Float(
        string='Sum of squared efficiencies', readonly=True
    )
    cycle_n = fields.Integer(
        string='Work orders with a quantity', readonly=True
    )
    cycle_sum = fields.Float(string='Sum of cycle times', readonly=True)
    cycle_sumsq = fields.Float(
        string='Sum of squared cycle times', readonly=True
    )
    timelog_count = fields.Integer(string='Time logs', readonly=True)
    productive_minutes = fields.Float(
        string='Productive minutes', readonly=True
    )
    blocked_minutes = fields.Float(string='Blocked minutes', readonly=True)

    @api.model_cr
    def init(self):
        # after every model of the module has its columns (the triggers read
        # ci_process's column on the work orders)
        self.pool.post_init(self._install_triggers)

    @api.model
    def _install_triggers(self):
        cr = self.env.cr
        cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ci_kpi_fact_key_uniq
                ON ci_kpi_fact (day, workcenter_id, operation_id, product_id)
                    NULLS NOT DISTINCT""")
        # what goals, alerts and pilots read: a work center's or an operation's
        # days, from the index alone (a work center's facts lie on most pages
        # of the table: 20 ms for half a year of a plant, 6 ms from the index)
        for statement in _index_statements():
            cr.execute(statement)
        # what the refresh looks up for a key
        cr.execute("""
            CREATE INDEX IF NOT EXISTS ci_kpi_workorder_done_idx
                ON mrp_workorder (workcenter_id, date_finished) WHERE state =
                    'done'""")
        cr.execute("""
            CREATE INDEX IF NOT EXISTS ci_kpi_productivity_start_idx
                ON mrp_workcenter_productivity (workcenter_id, date_start)""")
        cr.execute("""
            CREATE INDEX IF NOT EXISTS ci_kpi_productivity_workorder_idx
                ON mrp_workcenter_productivity (workorder_id) WHERE
                    workorder_id IS NOT NULL""")
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS ci_kpi_scrap_workorder_idx
                ON stock_scrap (workorder_id) WHERE workorder_id IS NOT NULL"""
        )
        cr.execute(MONTH_TABLE)
        for statement in DIRTY_TABLE:
            cr.execute(statement)
        cr.execute(_refresh_function())
        cr.execute(_compute_function())
        cr.execute(MARK_FUNCTION)
        for statement in LIVE_VIEWS:
            cr.execute(statement)
        for table in _WATCHED:
            cr.execute(_trigger_function(table))
            for event in TRANSITION_TABLES:
                if table == 'mrp_production' and event != 'UPDATE':
                    continue  # a production counts through its work orders
                for statement in statement_trigger(
                    'ci_kpi_fact_%s_%s' % (table, event.lower()),
                    table,
                    event,
                    'ci_kpi_fact_on_%s' % table,
                ):
                    cr.execute(statement)
        cr.execute("SELECT 1 FROM ci_kpi_fact LIMIT 1")
        if not cr.fetchone():
            # installed on a plant with history (or upgraded to the facts)
            self._rebuild_all()
        cr.execute("SELECT 1 FROM ci_kpi_month_fact LIMIT 1")
        if not cr.fetchone():
            # upgraded from the daily facts alone
            cr.execute(_fill_months_statement())

    @api.model
    def _rebuild(self):
        """Recompute every fact from the raw rows (CI Managers and the
        administrator's command; a few seconds per million work orders).
        Returns the number of facts."""
        if self.env.uid != SUPERUSER_ID:
            self.env['ci.access']._check_group(
                'ci_process.group_ci_manager', 'ci.kpi.fact._rebuild'
            )
        return self._rebuild_all()

    def _rebuild_all(self):
        cr = self.env.cr
        cr.execute("DELETE FROM ci_kpi_fact")
        cr.execute("DELETE FROM ci_kpi_month_fact")
        cr.execute("DELETE FROM ci_kpi_fact_dirty")
        cr.execute(_rebuild_statement())
        cr.execute("SELECT count(*) FROM ci_kpi_fact")
        count = cr.fetchone()[0]
        self.invalidate_cache()
        _logger.info("KPI facts rebuilt: %s rows", count)
        return count

    @api.model
    def _fold(self):
        """The facts of the (day, work center) pairs changed since the last
        fold, written (scheduled job); returns how many marks it folded."""
        self.env.cr.execute(FOLD)
        count = self.env.cr.fetchone()[0]
        self.invalidate_cache()
        return count

    # the facts are the triggers' alone
    @api.model
    def create(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "KPI facts are computed from the work orders; they cannot be created."
            )
        )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "KPI facts are computed from the work orders; they cannot be changed."
            )
        )

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "KPI facts are computed from the work orders; they cannot be deleted "
                "(they follow the work orders)."
            )
        )
