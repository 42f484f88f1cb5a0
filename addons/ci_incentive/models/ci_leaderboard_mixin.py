# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..lib import points
from .ci_point_rule import CAP_PERIODS as PERIOD_TYPES

# The totals per person and per team and period, kept up to date by the
# database in the transaction that inserts ledger entries.
#
# Why not a plain view over ci_point_entry: ranking a year means grouping a
# third of the ledger; on 1,000,000 entries that took 160-180 ms on an idle
# machine (bench/incentive_leaderboard.py), over the 150 ms target, and more
# under load. The ledger is append-only (ci.point.entry refuses UPDATE and
# DELETE), so a total only ever grows by the rows inserted: an AFTER INSERT
# statement trigger adds each statement's new rows (its transition table)
# into the totals with one upsert per table, in key order so that concurrent
# awarders lock the total rows in the same order. The totals are exact at
# every commit, with nothing to refresh; init() rebuilds them from the
# ledger at each install or upgrade of the module.
TOTALS_SQL = """
    INSERT INTO ci_point_user_total AS t
           (period_type, period_start, company_id, user_id,
            points, entry_count, points_redeemed, redemption_count)
    SELECT p.period_type, p.period_start, e.company_id, e.user_id,
           coalesce(sum(e.points) FILTER (WHERE e.kind != 'redemption'), 0),
           count(*) FILTER (WHERE e.kind != 'redemption'),
           coalesce(-sum(e.points) FILTER (WHERE e.kind = 'redemption'), 0),
           count(*) FILTER (WHERE e.kind = 'redemption')
      FROM {source} e
     CROSS JOIN LATERAL (VALUES
           ('month', date_trunc('month', e.date::timestamp)::date),
           ('quarter', date_trunc('quarter', e.date::timestamp)::date),
           ('year', date_trunc('year', e.date::timestamp)::date)) p (period_type, period_start)
     WHERE e.user_id IS NOT NULL
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 2, 3, 4
        ON CONFLICT (period_type, period_start, company_id, user_id) DO UPDATE
       SET points = t.points + EXCLUDED.points,
           entry_count = t.entry_count + EXCLUDED.entry_count,
           points_redeemed = t.points_redeemed + EXCLUDED.points_redeemed,
           redemption_count = t.redemption_count + EXCLUDED.redemption_count;
    INSERT INTO ci_point_team_total AS t
           (period_type, period_start, company_id, team_id,
            points, entry_count, member_points, team_points)
    SELECT p.period_type, p.period_start, e.company_id, e.team_id,
           sum(e.points), count(*),
           coalesce(sum(e.points) FILTER (WHERE e.user_id IS NOT NULL), 0),
           coalesce(sum(e.points) FILTER (WHERE e.user_id IS NULL), 0)
      FROM {source} e
     CROSS JOIN LATERAL (VALUES
           ('month', date_trunc('month', e.date::timestamp)::date),
           ('quarter', date_trunc('quarter', e.date::timestamp)::date),
           ('year', date_trunc('year', e.date::timestamp)::date)) p (period_type, period_start)
     WHERE e.team_id IS NOT NULL AND e.kind != 'redemption'
     GROUP BY 1, 2, 3, 4
     ORDER BY 1, 2, 3, 4
        ON CONFLICT (period_type, period_start, company_id, team_id) DO UPDATE
       SET points = t.points + EXCLUDED.points,
           entry_count = t.entry_count + EXCLUDED.entry_count,
           member_points = t.member_points + EXCLUDED.member_points,
           team_points = t.team_points + EXCLUDED.team_points;
"""

TOTALS_FROM_LEDGER_SQL = TOTALS_SQL.format(source='ci_point_entry')
TOTALS_TRIGGER_SQL = """
    CREATE OR REPLACE FUNCTION ci_point_entry_add_totals() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
    {totals}
        RETURN NULL;
    END $$""".format(totals=TOTALS_SQL.format(source='ci_point_entry_inserted'))


class CiLeaderboardMixin(models.AbstractModel):
    """What the people's and the teams' leaderboards share: the period, the
    rank and the points of a holder (``_holder``: 'user_id' or 'team_id'),
    and the honours shown on the honour board."""
    _name = 'ci.leaderboard.mixin'
    _description = 'Leaderboard'
    _holder = None
    _totals_table = None      # the totals the view reads
    _totals_columns = None    # SQL of the totals' own columns in the view

    period_type = fields.Selection(PERIOD_TYPES, readonly=True)
    period_start = fields.Date(readonly=True, help="First day of the month, quarter or year.")
    is_current = fields.Boolean(string='Current period', readonly=True,
                                help="The period containing today (UTC).")
    company_id = fields.Many2one('res.company', readonly=True)
    rank = fields.Integer(readonly=True, group_operator='min',
                          help="1 for the most points of the period; equal points, equal rank.")
    points = fields.Integer(readonly=True, help="Points earned in the period (awards less reversals).")
    entry_count = fields.Integer(string='Entries', readonly=True)
    badge_ids = fields.Many2many('gamification.badge', string='Badges', compute='_compute_honours',
                                 help="Badges of the monthly awards in the period.")
    best_improvement_id = fields.Many2one(
        'ci.improvement', string='Best improvement', compute='_compute_honours',
        help="The improvement that earned the most points in the period.")

    def _compute_honours(self):
        best = self._best_improvements()
        badges = self.env['ci.award']._badges_by_period(self, self._holder)
        for row in self:
            key = (row.period_type, row.period_start, row.company_id.id, row[self._holder].id)
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
            date_from, date_to = points.period_bounds(fields.Date.from_string(start), period_type)
            # the ledger lines behind the board are private to their owner:
            # read in SQL, only the improvement's id leaves this method
            self.env.cr.execute("""
                SELECT DISTINCT ON (e.{holder}) e.{holder}, e.res_id
                  FROM ci_point_entry e
                 WHERE e.{holder} IN %s AND e.company_id = %s AND e.date >= %s AND e.date < %s
                   AND e.res_model = 'ci.improvement' AND e.kind != 'redemption'
                 GROUP BY e.{holder}, e.res_id
                HAVING sum(e.points) > 0
                 ORDER BY e.{holder}, sum(e.points) DESC, e.res_id DESC
            """.format(holder=holder), (tuple(holder_ids), company_id, date_from, date_to))
            for holder_id, improvement_id in self.env.cr.fetchall():
                result[(period_type, start, company_id, holder_id)] = improvement_id
        return result

    @api.model_cr
    def _create_totals(self):
        """(Re)creates the totals tables from the ledger and the trigger that
        keeps them; drops the views reading them (each model's init creates
        its own again)."""
        cr = self.env.cr
        cr.execute("DROP VIEW IF EXISTS ci_leaderboard_team, ci_leaderboard_user")
        cr.execute("DROP TRIGGER IF EXISTS ci_point_entry_totals ON ci_point_entry")
        cr.execute("DROP TABLE IF EXISTS ci_point_user_total, ci_point_team_total")
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
        cr.execute(TOTALS_FROM_LEDGER_SQL)
        cr.execute(TOTALS_TRIGGER_SQL)
        cr.execute("""
            CREATE TRIGGER ci_point_entry_totals
             AFTER INSERT ON ci_point_entry
            REFERENCING NEW TABLE AS ci_point_entry_inserted
               FOR EACH STATEMENT EXECUTE PROCEDURE ci_point_entry_add_totals()""")

    @api.model_cr
    def _create_view(self):
        """The view of the model's totals table, ranked per company and period."""
        self.env.cr.execute("""
            CREATE VIEW {view} AS (
            SELECT t.id, t.period_type, t.period_start, t.company_id, t.{holder},
                   t.points::integer AS points, t.entry_count, {columns},
                   rank() OVER (PARTITION BY t.period_type, t.period_start, t.company_id
                                ORDER BY t.points DESC)::integer AS rank,
                   t.period_start = date_trunc(t.period_type, now() AT TIME ZONE 'UTC')::date
                       AS is_current
              FROM {table} t
            )""".format(view=self._table, holder=self._holder, table=self._totals_table,
                         columns=self._totals_columns))
