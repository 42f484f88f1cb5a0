# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import statistics

from odoo import SUPERUSER_ID, api, models

from .ci_improvement import OPEN_STATES
from .statement_triggers import (
    TRANSITION_TABLES,
    refresh_keys_function,
    statement_trigger,
)

_logger = logging.getLogger(__name__)

ADOPTED_STATES = ('adopted', 'standardized')
DECIDED_STATES = ADOPTED_STATES + ('rejected',)


def _sql_tuple(values):
    return '(%s)' % ', '.join("'%s'" % value for value in values)


# A pilot's yearly benefit before its price: hours saved per unit for the time
# metrics (x the work center's cost per hour), points of scrap avoided for the
# rate metrics (x the product's cost), over a year at the baseline volume; 0
# when the pilot was not evaluated, has no baseline volume, or no price applies
# (OEE, a rate metric without a product). Columns of the pilot ``p``.
BENEFIT_FACTOR = """
    CASE WHEN p.date_evaluated IS NULL OR COALESCE(p.baseline_days, 0) = 0
              OR COALESCE(p.baseline_units, 0) = 0 THEN 0.0
         WHEN p.metric IN ('cycle_time', 'efficiency') THEN
              (COALESCE(p.baseline_minutes_per_unit, 0) -
                  COALESCE(p.pilot_minutes_per_unit, 0)) / 60.0
              * p.baseline_units * 365.0 / p.baseline_days
         WHEN p.metric IN ('scrap_rate', 'yield') AND p.product_id IS NOT NULL THEN
              (CASE WHEN p.metric = 'scrap_rate' THEN p.baseline_mean - p.pilot_mean
                    ELSE p.pilot_mean - p.baseline_mean END) / 100.0
              * p.baseline_units * 365.0 / p.baseline_days
         ELSE 0.0 END"""

# What the factor is priced at: (company, work center, product) with the work
# center for the time metrics, the product for the rate metrics.
BENEFIT_PRICE_KEY = """
    p.company_id,
    CASE WHEN p.metric IN ('cycle_time', 'efficiency') THEN p.workcenter_id END,
    CASE WHEN p.metric IN ('scrap_rate', 'yield') THEN p.product_id END"""


def benefit_price(company, workcenter, product):
    """SQL of the price of a benefit factor, today's: the work center's cost
    per hour, or the product's cost as ir.property resolves it (the
    product's own value before the default, the company's before none)."""
    return """
    CASE WHEN {workcenter} IS NOT NULL THEN
              COALESCE((SELECT wc.costs_hour FROM mrp_workcenter wc WHERE wc.id
                  = {workcenter}), 0.0)
         WHEN {product} IS NOT NULL THEN
              COALESCE((SELECT pr.value_float FROM ir_property pr
                         WHERE pr.fields_id = (SELECT id FROM ir_model_fields
                                                WHERE model = 'product.product'
                                                    AND name = 'standard_price')
                           AND (pr.res_id = 'product.product,' || {product} OR
                               pr.res_id IS NULL)
                           AND (pr.company_id = {company} OR pr.company_id IS NULL)
                         ORDER BY pr.res_id IS NULL, pr.company_id IS NULL
                         LIMIT 1), 0.0)
         ELSE 0.0 END""".format(
        company=company, workcenter=workcenter, product=product
    )


# The adopted pilot of each improvement in ``imp`` (decision adopt, the latest
# by pilot start): its factor and price key.
ADOPTED_PILOTS = """
    SELECT DISTINCT ON (p.improvement_id) p.improvement_id, {key}, {factor} AS factor
      FROM ci_pilot p JOIN {{imp}} ON {{imp}}.id = p.improvement_id
     WHERE p.decision = 'adopt'
     ORDER BY p.improvement_id, p.pilot_date_from DESC, p.id DESC""".format(
    key=BENEFIT_PRICE_KEY, factor=BENEFIT_FACTOR
)


def _compute_function():
    """The function that computes the facts of (company, month) pairs from
    the improvements and their pilots (built from this module's constants):
    the rows of ci_improvement_month_fact, without writing them."""
    return """
CREATE OR REPLACE FUNCTION ci_improvement_fact_compute(companies integer[],
    months date[])
RETURNS SETOF ci_improvement_month_fact LANGUAGE sql STABLE AS $fn$
    WITH todo AS (
        SELECT DISTINCT c AS company_id, m AS month FROM unnest(companies,
            months) u(c, m)
         WHERE c IS NOT NULL AND m IS NOT NULL
    ), imp AS (
        SELECT k.company_id, k.month, i.id, i.state, i.submitter_id,
               CASE WHEN i.state = 'standardized' AND i.date_standardized IS NOT NULL
                    THEN EXTRACT(EPOCH FROM i.date_standardized -
                        i.date_submitted) / 86400.0 END AS cycle
          FROM todo k
          JOIN ci_improvement i ON i.company_id = k.company_id AND
              i.date_submitted >= k.month
                               AND i.date_submitted < k.month + interval '1 month'
    ), pilots AS (
        SELECT imp.company_id, imp.month,
               count(*) FILTER (WHERE p.state = 'closed') AS closed,
               count(*) FILTER (WHERE p.state = 'closed' AND p.verdict =
                   'improved') AS improved
          FROM imp JOIN ci_pilot p ON p.improvement_id = imp.id
         GROUP BY imp.company_id, imp.month
    ), adopted AS ({adopted}
    ), benefit AS (
        SELECT company_id, month,
               jsonb_agg(jsonb_build_object('c', c, 'w', w, 'p', pr, 'n', n,
                   'f', f) ORDER BY c, w, pr) AS benefit
          FROM (SELECT imp.company_id, imp.month, a.company_id AS c, a.w, a.pr,
              count(*) AS n, sum(a.factor) AS f
                  FROM adopted a(improvement_id, company_id, w, pr, factor)
                  JOIN imp ON imp.id = a.improvement_id
                 WHERE a.factor <> 0
                 GROUP BY imp.company_id, imp.month, a.company_id, a.w, a.pr) g
         GROUP BY company_id, month
    ), new AS (
        SELECT imp.company_id, imp.month, count(*)::integer AS proposals,
               count(*) FILTER (WHERE imp.state = 'adopted')::integer AS adopted,
               count(*) FILTER (WHERE imp.state = 'standardized')::integer AS
                   standardized,
               count(*) FILTER (WHERE imp.state = 'rejected')::integer AS rejected,
               count(*) FILTER (WHERE imp.state IN {decided})::integer AS decided,
               COALESCE(array_agg(imp.cycle::float8 ORDER BY imp.cycle) FILTER
                   (WHERE imp.cycle IS NOT NULL),
                        '{{}}') AS cycle_days,
               COALESCE(array_agg(DISTINCT imp.submitter_id) FILTER (WHERE
                   imp.submitter_id IS NOT NULL),
                        '{{}}') AS submitter_ids,
               {open_counts}
          FROM imp GROUP BY imp.company_id, imp.month
    )
    SELECT n.company_id, n.month, n.proposals, n.adopted, n.standardized,
        n.rejected, n.decided,
           n.cycle_days, n.submitter_ids, COALESCE(p.closed, 0)::integer,
               COALESCE(p.improved, 0)::integer,
           COALESCE(b.benefit, '[]'::jsonb), {open_columns}
      FROM new n
      LEFT JOIN pilots p ON p.company_id = n.company_id AND p.month = n.month
      LEFT JOIN benefit b ON b.company_id = n.company_id AND b.month = n.month;
$fn$""".format(
        adopted=ADOPTED_PILOTS.format(imp='imp'),
        decided=_sql_tuple(DECIDED_STATES),
        open_counts=', '.join(
            "count(*) FILTER (WHERE imp.state = '{s}')::integer AS {c}".format(
                s=s, c=c
            )
            for s, c in OPEN_COLUMNS.items()
        ),
        open_columns=', '.join('n.%s' % c for c in OPEN_COLUMNS.values()),
    )


def _refresh_function():
    """The function that writes the facts of (company, month) pairs as
    ci_improvement_fact_compute gives them (the fold and the rebuild)."""
    return """
CREATE OR REPLACE FUNCTION ci_improvement_fact_refresh(companies integer[],
    months date[])
RETURNS void LANGUAGE sql AS $fn$
    WITH todo AS (
        SELECT DISTINCT c AS company_id, m AS month FROM unnest(companies,
            months) u(c, m)
         WHERE c IS NOT NULL AND m IS NOT NULL
    ), new AS (
        SELECT * FROM ci_improvement_fact_compute(companies, months)
    ), gone AS (
        DELETE FROM ci_improvement_month_fact f USING todo k
         WHERE f.company_id = k.company_id AND f.month = k.month
           AND NOT EXISTS (SELECT 1 FROM new n WHERE n.company_id =
               f.company_id AND n.month = f.month)
    )
    INSERT INTO ci_improvement_month_fact AS f SELECT * FROM new
    ON CONFLICT (company_id, month) DO UPDATE SET {update}
     WHERE ({current}) IS DISTINCT FROM ({excluded});
$fn$""".format(
        update=', '.join('{m} = EXCLUDED.{m}'.format(m=m) for m in MEASURES),
        current=', '.join('f.%s' % m for m in MEASURES),
        excluded=', '.join('EXCLUDED.%s' % m for m in MEASURES),
    )


# The months a statement changed are only marked (rows appended, none
# updated): concurrent submissions of one month would otherwise all update its
# fact row, and under Odoo's repeatable read all but one would fail and be
# replayed (254 replays in 150 s of tests/test_deploy.py, and a call refused).
# Readers compute the marked months on the fly (the view below); the fold
# (a scheduled job) writes them into the facts and drops their marks.
MARK_FUNCTION = """
CREATE OR REPLACE FUNCTION ci_improvement_fact_mark(companies integer[], months
    date[])
RETURNS void LANGUAGE sql AS $fn$
    INSERT INTO ci_improvement_fact_dirty (company_id, month)
    SELECT DISTINCT c, m FROM unnest(companies, months) u(c, m) WHERE c IS NOT
        NULL AND m IS NOT NULL;
$fn$"""

DIRTY_TABLE = (
    """CREATE TABLE IF NOT EXISTS ci_improvement_fact_dirty (
                      company_id integer NOT NULL, month date NOT NULL)""",
    """CREATE INDEX IF NOT EXISTS ci_improvement_fact_dirty_idx
                      ON ci_improvement_fact_dirty (company_id, month)""",
)

# The facts as the rows give them now: those of the marked months computed.
LIVE_VIEW = """
CREATE OR REPLACE VIEW ci_improvement_month_fact_live AS
SELECT f.* FROM ci_improvement_month_fact f
 WHERE NOT EXISTS (SELECT 1 FROM ci_improvement_fact_dirty d
                    WHERE d.company_id = f.company_id AND d.month = f.month)
UNION ALL
SELECT c.* FROM (SELECT array_agg(d.company_id) AS companies,
    array_agg(d.month) AS months
                   FROM (SELECT DISTINCT company_id, month FROM
                       ci_improvement_fact_dirty) d) k,
                LATERAL ci_improvement_fact_compute(k.companies, k.months) c"""

# Writes the marked months into the facts and drops the marks it saw (those of
# transactions still running stay, for the next fold).
FOLD = """
    WITH d AS (DELETE FROM ci_improvement_fact_dirty RETURNING company_id, month)
    SELECT count(*), ci_improvement_fact_refresh(array_agg(company_id),
        array_agg(month)) FROM d"""


# the improvements still open, by state (what the review queue and the aging
# of a period count without reading them, see _open_by_month)
OPEN_COLUMNS = {state: 'open_%s' % state for state in OPEN_STATES}
MEASURES = (
    'proposals',
    'adopted',
    'standardized',
    'rejected',
    'decided',
    'cycle_days',
    'submitter_ids',
    'pilots_closed',
    'pilots_improved',
    'benefit',
) + tuple(OPEN_COLUMNS.values())

TABLE = """
CREATE TABLE IF NOT EXISTS ci_improvement_month_fact (
    company_id integer NOT NULL REFERENCES res_company (id) ON DELETE CASCADE,
    month date NOT NULL,
    proposals integer NOT NULL,
    adopted integer NOT NULL,
    standardized integer NOT NULL,
    rejected integer NOT NULL,
    decided integer NOT NULL,
    cycle_days float8[] NOT NULL,
    submitter_ids integer[] NOT NULL,
    pilots_closed integer NOT NULL,
    pilots_improved integer NOT NULL,
    benefit jsonb NOT NULL,
    {open_columns},
    PRIMARY KEY (company_id, month)
)""".format(
    open_columns=',\n    '.join(
        '%s integer NOT NULL' % c for c in OPEN_COLUMNS.values()
    )
)

# The (company, month) pairs the raw ``rows`` count in.
_PAIRS = {
    'ci_improvement': """
        SELECT i.company_id, date_trunc('month', i.date_submitted)::date FROM {rows} i
         WHERE i.date_submitted IS NOT NULL""",
    'ci_pilot': """
        SELECT i.company_id, date_trunc('month', i.date_submitted)::date
          FROM {rows} p JOIN ci_improvement i ON i.id = p.improvement_id
         WHERE i.date_submitted IS NOT NULL""",
}

# The columns whose change moves a fact.
_WATCHED = {
    'ci_improvement': (
        'company_id',
        'date_submitted',
        'state',
        'date_standardized',
        'submitter_id',
    ),
    'ci_pilot': (
        'improvement_id',
        'company_id',
        'state',
        'verdict',
        'decision',
        'metric',
        'workcenter_id',
        'product_id',
        'pilot_date_from',
        'date_evaluated',
        'baseline_days',
        'baseline_units',
        'baseline_minutes_per_unit',
        'pilot_minutes_per_unit',
        'baseline_mean',
        'pilot_mean',
    ),
}


def _trigger_function(table):
    """PL/pgSQL of the statement trigger on ``table``: the facts of the rows
    inserted, deleted, or updated in a watched column (before and after)
    recomputed."""
    return refresh_keys_function(
        'ci_improvement_fact_on_%s' % table,
        _PAIRS[table],
        _WATCHED[table],
        'ci_improvement_fact_mark',
        ('integer', 'date'),
    )


def _index_statements():
    """The open improvements' indexes: their ages by period (program health,
    the review queue), and those an origin opened (the cockpit's alerts)."""
    open_states = _sql_tuple(OPEN_STATES)
    return (
        """CREATE INDEX IF NOT EXISTS ci_improvement_open_idx ON ci_improvement
            (company_id, date_submitted)
               INCLUDE (state) WHERE state IN {open}""".format(
            open=open_states
        ),
        """CREATE INDEX IF NOT EXISTS ci_improvement_open_origin_idx ON
            ci_improvement (company_id, origin)
               WHERE state IN {open}""".format(open=open_states),
    )


def _rebuild_statement():
    """Recompute the facts of every (company, month) with an improvement."""
    return (
        "SELECT ci_improvement_fact_refresh(array_agg(c), array_agg(m)) FROM "
        "({pairs}) k(c, m)"
    ).format(pairs=_PAIRS['ci_improvement'].format(rows='ci_improvement'))


def _months_query(names):
    """The facts ``names`` of a company's months in [start, stop); 'open':
    the improvements still open."""
    return """
        SELECT month::text, {names} FROM ci_improvement_month_fact_live
         WHERE company_id = %s AND month >= %s AND month < %s""".format(
        names=', '.join(
            open_count_sql(OPEN_STATES) if name == 'open' else name
            for name in names
        )
    )


def _benefit_query():
    """Per month of the facts of a company in [start, stop): the yearly
    benefit of the adopted pilots at today's prices, and how many of them
    have one."""
    return """
        WITH b AS (
            SELECT f.month, x.c, x.w, x.p, x.n, x.f
              FROM ci_improvement_month_fact_live f,
                   jsonb_to_recordset(f.benefit) AS x(c integer, w integer, p
                       integer, n integer, f float8)
             WHERE f.company_id = %s AND f.month >= %s AND f.month < %s
        ), price AS (
            SELECT k.c, k.w, k.p, {price} AS price
              FROM (SELECT DISTINCT c, w, p FROM b) k
        )
        SELECT b.month, sum(b.f * price.price), COALESCE(sum(b.n) FILTER (WHERE
            price.price <> 0), 0)
          FROM b JOIN price ON price.c IS NOT DISTINCT FROM b.c AND price.w IS
              NOT DISTINCT FROM b.w
                           AND price.p IS NOT DISTINCT FROM b.p
         GROUP BY b.month""".format(price=benefit_price('k.c', 'k.w', 'k.p'))


# the bounds of the age buckets (whole days since submission, UTC, now: 0-7,
# 8-30, 31-90, > 90), computed once per query, in a relation ``b``
AGE_BOUNDS = """(SELECT (now() AT TIME ZONE 'UTC') - interval '8 days' AS b8,
                        (now() AT TIME ZONE 'UTC') - interval '31 days' AS b31,
                        (now() AT TIME ZONE 'UTC') - interval '91 days' AS b91) b"""


def age_buckets_sql(column):
    """SQL of the counts of the rows by age bucket of ``column`` but the
    last (> 90 days): the timestamp compared with the bounds of AGE_BOUNDS
    (a relation of the query), not an age computed per row."""
    return """count(*) FILTER (WHERE {c} > b.b8),
              count(*) FILTER (WHERE {c} <= b.b8 AND {c} > b.b31),
              count(*) FILTER (WHERE {c} <= b.b31 AND {c} > b.b91)""".format(
        c=column
    )


def recent_open_query(by_month):
    """A company's open improvements in some states, submitted in the last 91
    days (UTC, now), by age bucket (0-7, 8-30, 31-90 days); the older ones
    are the facts' open ones less these. ``by_month``: per month of
    submission, in [start, stop); else all together. Parameters: company,
    states (, start, stop)."""
    return """
        SELECT {month} {buckets}
          FROM ci_improvement i, {bounds}
         WHERE i.company_id = %s AND i.state IN %s AND i.state IN {open} {period}
           AND i.date_submitted > (now() AT TIME ZONE 'UTC') - interval '91 days'
         {group}""".format(
        month=(
            "date_trunc('month', i.date_submitted)::date::text,"
            if by_month
            else ''
        ),
        buckets=age_buckets_sql('i.date_submitted'),
        bounds=AGE_BOUNDS,
        open=_sql_tuple(OPEN_STATES),
        period=(
            'AND i.date_submitted >= %s AND i.date_submitted < %s'
            if by_month
            else ''
        ),
        group='GROUP BY 1' if by_month else '',
    )


def open_count_sql(states):
    """SQL of the facts' improvements open in ``states`` (of OPEN_STATES)."""
    return ' + '.join(OPEN_COLUMNS[state] for state in states) or '0'


def _open_total_query(states):
    """A company's improvements open in ``states``, from the facts."""
    return (
        "SELECT COALESCE(sum({count}), 0) FROM ci_improvement_month_fact_live "
        "WHERE company_id = %s"
    ).format(count=open_count_sql(states))


class CiImprovementFact(models.AbstractModel):
    """Program health per company and month of submission, kept by triggers.

    Table ``ci_improvement_month_fact``, one row per company x month with
    improvements submitted: their counts by outcome, the cycle times of the
    standardized ones (sorted), who submitted, their pilots closed and
    improved, and the benefit factors of their adopted pilots by price key
    (priced when read, at today's costs). Statement triggers on the
    improvements and pilots recompute the months a statement touches, in the
    same transaction, whoever writes the rows; nobody writes it otherwise.
    The open ones' ages depend on today: those of the last 91 days are
    counted when read (``recent_open_query``), the older ones are over 90
    days. A period's figures thus cost its months, not its
    improvements (``ci.health.improvement._program_figures``).
    """

    _name = 'ci.improvement.fact'
    _description = 'Program Health Monthly Facts'

    @api.model_cr
    def init(self):
        # after ci_improvement and ci_pilot have their columns
        self.pool.post_init(self._install_triggers)

    @api.model
    def _install_triggers(self):
        cr = self.env.cr
        cr.execute(
            "SELECT array_agg(column_name::text ORDER BY column_name) FROM "
            "information_schema.columns "
            "WHERE table_name = 'ci_improvement_month_fact'"
        )
        columns = cr.fetchone()[0]
        if columns and columns != sorted(('company_id', 'month') + MEASURES):
            # derived data of another version: built again below
            cr.execute("DROP TABLE ci_improvement_month_fact CASCADE")
        cr.execute(TABLE)
        for statement in DIRTY_TABLE:
            cr.execute(statement)
        # what the refresh and the open improvements' ages read
        for statement in _index_statements():
            cr.execute(statement)
        cr.execute(_compute_function())
        cr.execute(_refresh_function())
        cr.execute(MARK_FUNCTION)
        cr.execute(LIVE_VIEW)
        for table in _WATCHED:
            cr.execute(_trigger_function(table))
            for event in TRANSITION_TABLES:
                for statement in statement_trigger(
                    'ci_improvement_fact_%s_%s' % (table, event.lower()),
                    table,
                    event,
                    'ci_improvement_fact_on_%s' % table,
                ):
                    cr.execute(statement)
        cr.execute("SELECT 1 FROM ci_improvement_month_fact LIMIT 1")
        if not cr.fetchone():
            # installed on a program with history (or upgraded to the facts)
            self._rebuild_all()

    @api.model
    def _rebuild(self):
        """Recompute every fact (CI Managers and the administrator's command)."""
        if self.env.uid != SUPERUSER_ID:
            self.env['ci.access']._check_group(
                'ci_process.group_ci_manager', 'ci.improvement.fact._rebuild'
            )
        return self._rebuild_all()

    def _rebuild_all(self):
        cr = self.env.cr
        cr.execute("DELETE FROM ci_improvement_month_fact")
        cr.execute("DELETE FROM ci_improvement_fact_dirty")
        cr.execute(_rebuild_statement())
        cr.execute("SELECT count(*) FROM ci_improvement_month_fact")
        count = cr.fetchone()[0]
        _logger.info("Program health facts rebuilt: %s rows", count)
        return count

    @api.model
    def _fold(self):
        """The months changed since the last fold, written into the facts
        (scheduled job); returns how many marks it folded."""
        self.env.cr.execute(FOLD)
        return self.env.cr.fetchone()[0]

    @api.model
    def _months(self, company, start, stop):
        """{month (ISO date): figures} of ``company``'s months in [start,
        stop) (ISO dates): proposals, adopted, standardized, rejected,
        decided, cycle_days (sorted), submitter_ids, pilots_closed,
        pilots_improved, impact (unrounded), impact_count, open, and aging
        {bucket: count}. The caller checks the rights (see
        ci.health.improvement._program_figures)."""
        cr = self.env.cr
        names = [
            m
            for m in MEASURES
            if m != 'benefit' and m not in OPEN_COLUMNS.values()
        ] + ['open']
        cr.execute(_months_query(names), (company.id, start, stop))
        empty = dict(
            {m: 0 for m in names},
            cycle_days=[],
            submitter_ids=[],
            impact=0.0,
            impact_count=0,
            open=0,
            aging={'0_7': 0, '8_30': 0, '31_90': 0, '90_plus': 0},
        )
        months = {
            row[0]: dict(empty, **dict(zip(names, row[1:])))
            for row in cr.fetchall()
        }
        cr.execute(_benefit_query(), (company.id, start, stop))
        for month, impact, count in cr.fetchall():
            months.setdefault(str(month), dict(empty)).update(
                impact=impact or 0.0, impact_count=count
            )
        for fact in months.values():
            fact['aging'] = dict(fact['aging'], **{'90_plus': fact['open']})
        cr.execute(
            recent_open_query(by_month=True),
            (company.id, OPEN_STATES, start + ' 00:00:00', stop + ' 00:00:00'),
        )
        for month, *recent in cr.fetchall():
            aging = months[month]['aging']
            aging.update(zip(('0_7', '8_30', '31_90'), recent))
            aging['90_plus'] -= sum(recent)
        return months

    @api.model
    def _queue(self, company, states):
        """{bucket: count} of ``company``'s improvements open in ``states``
        (of OPEN_STATES) by days since submission. The caller checks the
        rights (see ci.health.improvement._review_queue)."""
        if not states:
            return {'0_7': 0, '8_30': 0, '31_90': 0, '90_plus': 0}
        cr = self.env.cr
        cr.execute(_open_total_query(states), (company.id,))
        total = cr.fetchone()[0]
        cr.execute(
            recent_open_query(by_month=False), (company.id, tuple(states))
        )
        recent = cr.fetchone()
        return dict(
            zip(('0_7', '8_30', '31_90'), recent),
            **{'90_plus': total - sum(recent)},
        )

    @staticmethod
    def _merge(months):
        """The figures of several months together (see _months)."""
        total = {
            'cycle_days': [],
            'submitter_ids': set(),
            'impact': 0.0,
            'impact_count': 0,
            'open': 0,
            'aging': {'0_7': 0, '8_30': 0, '31_90': 0, '90_plus': 0},
        }
        for month in months:
            for name, value in month.items():
                if name == 'cycle_days':
                    total[name].extend(value)
                elif name == 'submitter_ids':
                    total[name].update(value)
                elif name == 'aging':
                    for bucket, count in value.items():
                        total[name][bucket] += count
                else:
                    total[name] = total.get(name, 0) + value
        return total

    @staticmethod
    def _cycle(cycle_days):
        """(mean, median) of cycle times in days, None without any."""
        if not cycle_days:
            return None, None
        return sum(cycle_days) / len(cycle_days), statistics.median(cycle_days)
