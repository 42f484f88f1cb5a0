# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import sql

from odoo import api, fields, models

from ..lib import points
from .ci_point_rule import CAP_PERIODS as PERIOD_TYPES

# Totals per person and team and period, kept by a statement trigger on
# the append-only ledger as deltas that a job folds in: why, in
# docs/design.md (Leaderboard totals).
# each entry counts for its month, its quarter and its year
PERIODS_SQL = """CROSS JOIN LATERAL (VALUES
           ('month', date_trunc('month', e.date::timestamp)::date),
           ('quarter', date_trunc('quarter', e.date::timestamp)::date),
           ('year', date_trunc('year', e.date::timestamp)::date)) p
               (period_type, period_start)"""
TOTALS_SQL = """
    INSERT INTO ci_point_user_{target} AS t
           (period_type, period_start, company_id, user_id,
            points, entry_count, points_redeemed, redemption_count)
    SELECT p.period_type, p.period_start, e.company_id, e.user_id,
           coalesce(sum(e.points) FILTER (WHERE e.kind != 'redemption'), 0),
           count(*) FILTER (WHERE e.kind != 'redemption'),
           coalesce(-sum(e.points) FILTER (WHERE e.kind = 'redemption'), 0),
           count(*) FILTER (WHERE e.kind = 'redemption')
      FROM {source} e
     {periods}
     WHERE e.user_id IS NOT NULL
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 2, 3, 4;
    INSERT INTO ci_point_team_{target} AS t
           (period_type, period_start, company_id, team_id,
            points, entry_count, member_points, team_points)
    SELECT p.period_type, p.period_start, e.company_id, e.team_id,
           sum(e.points), count(*),
           coalesce(sum(e.points) FILTER (WHERE e.user_id IS NOT NULL), 0),
           coalesce(sum(e.points) FILTER (WHERE e.user_id IS NULL), 0)
      FROM {source} e
     {periods}
     WHERE e.team_id IS NOT NULL AND e.kind != 'redemption'
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 2, 3, 4;
"""
# rebuilding: straight into the totals
TOTALS_FROM_LEDGER_SQL = TOTALS_SQL.format(
    source='ci_point_entry', target='total', periods=PERIODS_SQL
)
# a statement's entries: the total's row if there is none yet (an existing
# one is not even looked at by the insert: no lock, no conflict with the job
# folding deltas in), and the entries' sums as deltas
TOTALS_TRIGGER_SQL = """
    CREATE OR REPLACE FUNCTION ci_point_entry_add_totals() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO ci_point_user_total (period_type, period_start, company_id,
            user_id,
                                         points, entry_count, points_redeemed,
                                             redemption_count)
        SELECT DISTINCT p.period_type, p.period_start, e.company_id, e.user_id,
            0, 0, 0, 0
          FROM ci_point_entry_inserted e
         {periods}
         WHERE e.user_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ci_point_user_total t
                            WHERE (t.period_type, t.period_start, t.company_id,
                                t.user_id)
                                = (p.period_type, p.period_start, e.company_id,
                                    e.user_id))
         ORDER BY 1, 2, 3, 4
            ON CONFLICT DO NOTHING;
        INSERT INTO ci_point_team_total (period_type, period_start, company_id,
            team_id,
                                         points, entry_count, member_points,
                                             team_points)
        SELECT DISTINCT p.period_type, p.period_start, e.company_id, e.team_id,
            0, 0, 0, 0
          FROM ci_point_entry_inserted e
         {periods}
         WHERE e.team_id IS NOT NULL AND e.kind != 'redemption'
           AND NOT EXISTS (SELECT 1 FROM ci_point_team_total t
                            WHERE (t.period_type, t.period_start, t.company_id,
                                t.team_id)
                                = (p.period_type, p.period_start, e.company_id,
                                    e.team_id))
         ORDER BY 1, 2, 3, 4
            ON CONFLICT DO NOTHING;
    {deltas}
        RETURN NULL;
    END $$""".format(
    periods=PERIODS_SQL,
    deltas=TOTALS_SQL.format(
        source='ci_point_entry_inserted', target='delta', periods=PERIODS_SQL
    ),
)
# folding the deltas into the totals (the scheduled job, alone on them):
# the same statement for each totals table, with its holder and sums
COMPACT_SQL = ''.join(
    """
    WITH moved AS (DELETE FROM {prefix}_delta RETURNING *),
         sums AS (SELECT period_type, period_start, company_id, {holder}, {sums}
                    FROM moved GROUP BY 1, 2, 3, 4)
    UPDATE {prefix}_total t
       SET {adds}
      FROM sums s
     WHERE (t.period_type, t.period_start, t.company_id, t.{holder})
         = (s.period_type, s.period_start, s.company_id, s.{holder});""".format(
        prefix=prefix,
        holder=holder,
        sums=', '.join('sum({0}) AS {0}'.format(c) for c in columns),
        adds=', '.join('{0} = t.{0} + s.{0}'.format(c) for c in columns),
    )
    for prefix, holder, columns in (
        (
            'ci_point_user',
            'user_id',
            ('points', 'entry_count', 'points_redeemed', 'redemption_count'),
        ),
        (
            'ci_point_team',
            'team_id',
            ('points', 'entry_count', 'member_points', 'team_points'),
        ),
    )
)


class CiLeaderboardMixin(models.AbstractModel):
    """What the people's and the teams' leaderboards share: the period, the
    rank and the points of a holder (``_holder``: 'user_id' or 'team_id'),
    and the honours shown on the honour board."""

    _name = 'ci.leaderboard.mixin'
    _description = 'Leaderboard'
    _holder = None
    _totals_table = None  # the totals the view reads
    _totals_columns = ()  # the totals' own columns shown in the view

    period_type = fields.Selection(PERIOD_TYPES, readonly=True)
    period_start = fields.Date(
        readonly=True, help="First day of the month, quarter or year."
    )
    is_current = fields.Boolean(
        string='Current period',
        readonly=True,
        help="The period containing today (UTC).",
    )
    company_id = fields.Many2one('res.company', readonly=True)
    rank = fields.Integer(
        readonly=True,
        group_operator='min',
        help="1 for the most points of the period; equal points, equal rank.",
    )
    points = fields.Integer(
        readonly=True,
        help="Points earned in the period (awards less reversals).",
    )
    entry_count = fields.Integer(string='Entries', readonly=True)
    badge_ids = fields.Many2many(
        'gamification.badge',
        string='Badges',
        compute='_compute_honours',
        help="Badges of the monthly awards in the period.",
    )
    best_improvement_id = fields.Many2one(
        'ci.improvement',
        string='Best improvement',
        compute='_compute_honours',
        help="The improvement that earned the most points in the period.",
    )

    def _compute_honours(self):
        best = self._best_improvements()
        badges = self.env['ci.award']._badges_by_period(self, self._holder)
        for row in self:
            key = (
                row.period_type,
                row.period_start,
                row.company_id.id,
                row[self._holder].id,
            )
            row.best_improvement_id = best.get(key, False)
            row.badge_ids = badges.get(key, self.env['gamification.badge'])

    def _best_improvements(self):
        """{(period type, start, company id, holder id): improvement id}: the
        improvement whose events earned the holder the most points in the
        period; ties go to the latest improvement."""
        holder = self._holder
        groups = {}
        for row in self:
            key = (row.period_type, row.period_start, row.company_id.id)
            groups.setdefault(key, set()).add(row[holder].id)
        result = {}
        for (period_type, start, company_id), holder_ids in groups.items():
            date_from, date_to = points.period_bounds(
                fields.Date.from_string(start), period_type
            )
            # the ledger lines behind the board are private to their owner:
            # read in SQL, only the improvement's id leaves this method
            self.env.cr.execute(
                """
                SELECT DISTINCT ON (e.{holder}) e.{holder}, e.res_id
                  FROM ci_point_entry e
                 WHERE e.{holder} IN %s AND e.company_id = %s AND e.date >= %s
                     AND e.date < %s
                   AND e.res_model = 'ci.improvement' AND e.kind != 'redemption'
                 GROUP BY e.{holder}, e.res_id
                HAVING sum(e.points) > 0
                 ORDER BY e.{holder}, sum(e.points) DESC, e.res_id DESC
            """.format(holder=holder),
                (tuple(holder_ids), company_id, date_from, date_to),
            )
            for holder_id, improvement_id in self.env.cr.fetchall():
                result[(period_type, start, company_id, holder_id)] = (
                    improvement_id
                )
        return result

    @api.model_cr
    def _create_totals(self):
        """(Re)creates the totals tables from the ledger and the trigger that
        keeps them; drops the views reading them (each model's init creates
        its own again)."""
        cr = self.env.cr
        cr.execute(
            "DROP VIEW IF EXISTS ci_leaderboard_team, ci_leaderboard_user"
        )
        cr.execute(
            "DROP TRIGGER IF EXISTS ci_point_entry_totals ON ci_point_entry"
        )
        cr.execute(
            "DROP TABLE IF EXISTS ci_point_user_total, ci_point_team_total, "
            "ci_point_user_delta, "
            "ci_point_team_delta"
        )
        cr.execute("""
            CREATE TABLE ci_point_user_total (
                id serial PRIMARY KEY,
                period_type varchar NOT NULL,
                period_start date NOT NULL,
                company_id integer NOT NULL,
                user_id integer NOT NULL,
                points bigint NOT NULL,
                entry_count integer NOT NULL,
                points_redeemed bigint NOT NULL,
                redemption_count integer NOT NULL,
                UNIQUE (period_type, period_start, company_id, user_id)
            )""")
        cr.execute("""
            CREATE TABLE ci_point_team_total (
                id serial PRIMARY KEY,
                period_type varchar NOT NULL,
                period_start date NOT NULL,
                company_id integer NOT NULL,
                team_id integer NOT NULL,
                points bigint NOT NULL,
                entry_count integer NOT NULL,
                member_points bigint NOT NULL,
                team_points bigint NOT NULL,
                UNIQUE (period_type, period_start, company_id, team_id)
            )""")
        # the deltas: the totals' columns, no key (see TOTALS_TRIGGER_SQL)
        for total, delta in (
            ('ci_point_user_total', 'ci_point_user_delta'),
            ('ci_point_team_total', 'ci_point_team_delta'),
        ):
            cr.execute(
                sql.SQL("""
                CREATE TABLE {delta} AS SELECT * FROM {total} WITH NO DATA;
                ALTER TABLE {delta} DROP COLUMN id;
                CREATE INDEX ON {delta} (period_type, period_start, company_id)
            """).format(
                    delta=sql.Identifier(delta), total=sql.Identifier(total)
                )
            )
        cr.execute(TOTALS_FROM_LEDGER_SQL)
        cr.execute(TOTALS_TRIGGER_SQL)
        cr.execute(
            """
            CREATE TRIGGER ci_point_entry_totals
             AFTER INSERT ON ci_point_entry
            REFERENCING NEW TABLE AS ci_point_entry_inserted
               FOR EACH STATEMENT EXECUTE PROCEDURE ci_point_entry_add_totals()"""
        )

    @api.model_cr
    def _create_view(self):
        """The view of the model's totals with their deltas, ranked per
        company and period."""
        table = self._totals_table
        columns = self._sum_columns()
        self.env.cr.execute(
            sql.SQL("""
            CREATE VIEW {view} AS (
            SELECT t.id, t.period_type, t.period_start, t.company_id, t.{holder},
                   t.points::integer AS points, t.entry_count::integer AS
                       entry_count, {own},
                   rank() OVER (PARTITION BY t.period_type, t.period_start,
                       t.company_id
                                ORDER BY t.points DESC)::integer AS rank,
                   t.period_start = date_trunc(t.period_type, now() AT TIME
                       ZONE 'UTC')::date
                       AS is_current{extra}
              FROM (SELECT t.id, t.period_type, t.period_start, t.company_id,
                  t.{holder}, {sums}
                      FROM {table} t
                      LEFT JOIN (SELECT d.period_type, d.period_start,
                          d.company_id, d.{holder}, {delta_sums}
                                   FROM {delta} d GROUP BY 1, 2, 3, 4) d
                        ON (d.period_type, d.period_start, d.company_id, d.{holder})
                         = (t.period_type, t.period_start, t.company_id,
                             t.{holder})) t{join}
            )""").format(
                extra=self._view_columns(),
                join=self._view_joins(),
                view=sql.Identifier(self._table),
                holder=sql.Identifier(self._holder),
                table=sql.Identifier(table),
                delta=sql.Identifier(table.replace('_total', '_delta')),
                own=sql.SQL(', ').join(
                    sql.SQL('t.{c}::integer AS {c}').format(
                        c=sql.Identifier(c)
                    )
                    for c in columns[2:]
                ),
                sums=sql.SQL(', ').join(
                    sql.SQL('t.{c} + coalesce(d.{c}, 0) AS {c}').format(
                        c=sql.Identifier(c)
                    )
                    for c in columns
                ),
                delta_sums=sql.SQL(', ').join(
                    sql.SQL('sum(d.{c}) AS {c}').format(c=sql.Identifier(c))
                    for c in columns
                ),
            )
        )

    @api.model
    def _view_columns(self):
        """More columns of the view (sql.SQL, each after a comma), of ``t``
        (the totals) and ``_view_joins``."""
        return sql.SQL('')

    @api.model
    def _view_joins(self):
        """Joins after the totals ``t`` (sql.SQL)."""
        return sql.SQL('')

    @api.model
    def _sum_columns(self):
        """The totals' columns the view adds up: points, entries, then the
        model's own (_totals_columns)."""
        return ['points', 'entry_count'] + list(self._totals_columns)

    @api.model
    def _compact_totals(self):
        """Fold the deltas into the totals (the scheduled job). The views
        read the same figures before and after."""
        self.env.cr.execute(COMPACT_SQL)
        return True
