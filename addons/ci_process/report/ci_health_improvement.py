# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..models.ci_improvement import OPEN_STATES, ORIGINS, STATES
from ..models.ci_improvement_fact import (
    ADOPTED_PILOTS,
    DECIDED_STATES,
    _sql_tuple,
    benefit_price,
)

AGE_BUCKETS = [
    ('0_7', '0-7 days'),
    ('8_30', '8-30 days'),
    ('31_90', '31-90 days'),
    ('90_plus', '> 90 days'),
]
GROUPBYS = ('month', 'workcenter_id', 'category_id')


def month_start(day):
    """First day of the month of ``day`` (a date or an ISO string)."""
    if isinstance(day, str):
        day = fields.Date.from_string(day)
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def ratio(numerator, denominator, scale=100.0):
    """numerator / denominator x scale, or None when there is nothing to divide by."""
    return scale * numerator / denominator if denominator else None


def _create_view(table):
    return "CREATE VIEW {table} AS ({rows})".format(
        table=table, rows=_rows_query()
    )


def _rows_query(restrict=''):
    """One row per submitted improvement, as the view holds them (see
    CiHealthImprovement); ``restrict``: more conditions on the improvement
    ``i`` (e.g. a company and a period, with %s parameters), which the
    pilots read follow: the figures of a period read its improvements and
    their pilots, not every one. Built from this module's constants."""
    return """
            WITH base AS (
                SELECT i.id, i.date_submitted, i.date_standardized,
                    i.company_id, i.workcenter_id,
                       i.category_id, i.submitter_id, i.owner_id, i.origin, i.state,
                       CASE WHEN i.state IN {open}
                            THEN date_part('day', (now() AT TIME ZONE 'UTC') -
                                i.date_submitted)::int
                       END AS age
                  FROM ci_improvement i
                 WHERE i.date_submitted IS NOT NULL {restrict}
            ), adopted_pilot AS MATERIALIZED (
                -- at today's prices, unrounded: sums of rows stay exact;
                -- materialized: the
                -- prices are looked up once per pilot, not once per pilot and row
                SELECT a.improvement_id, a.factor * {price} AS benefit
                  FROM ({adopted}) a(improvement_id, c, w, pr, factor)
            ), closed_pilots AS MATERIALIZED (
                SELECT p.improvement_id,
                       count(*) AS closed,
                       count(*) FILTER (WHERE p.verdict = 'improved') AS improved
                  FROM ci_pilot p
                  JOIN base b ON b.id = p.improvement_id
                 WHERE p.state = 'closed'
                 GROUP BY p.improvement_id
            )
            SELECT i.id AS id,
                   i.id AS improvement_id,
                   i.date_submitted,
                   date_trunc('month', i.date_submitted)::date AS month,
                   i.company_id,
                   c.currency_id,
                   i.workcenter_id,
                   i.category_id,
                   i.submitter_id,
                   i.owner_id,
                   i.origin,
                   i.state,
                   1 AS proposal_count,
                   (i.state = 'adopted')::int AS adopted_count,
                   (i.state = 'standardized')::int AS standardized_count,
                   (i.state = 'rejected')::int AS rejected_count,
                   (i.state IN {decided})::int AS decided_count,
                   (i.state IN {open})::int AS open_count,
                   CASE WHEN i.state = 'standardized' AND i.date_standardized
                       IS NOT NULL
                        THEN EXTRACT(EPOCH FROM i.date_standardized -
                            i.date_submitted) / 86400.0
                   END AS cycle_days,
                   i.age AS age_days,
                   CASE WHEN i.age IS NULL THEN NULL
                        WHEN i.age <= 7 THEN '0_7'
                        WHEN i.age <= 30 THEN '8_30'
                        WHEN i.age <= 90 THEN '31_90'
                        ELSE '90_plus' END AS age_bucket,
                   COALESCE(cp.closed, 0) AS pilot_closed_count,
                   COALESCE(cp.improved, 0) AS pilot_improved_count,
                   COALESCE(ap.benefit, 0.0) AS impact
              FROM base i
              JOIN res_company c ON c.id = i.company_id
              LEFT JOIN closed_pilots cp ON cp.improvement_id = i.id
              LEFT JOIN adopted_pilot ap ON ap.improvement_id = i.id
    """.format(
        open=_sql_tuple(OPEN_STATES),
        decided=_sql_tuple(DECIDED_STATES),
        restrict=('AND ' + restrict) if restrict else '',
        adopted=ADOPTED_PILOTS.format(imp='base'),
        price=benefit_price('a.c', 'a.w', 'a.pr'),
    )


def _queue_query():
    """The first few of a company's improvements in given open states (id,
    whole days since submission), the oldest first."""
    return """
        SELECT i.id, date_part('day', (now() AT TIME ZONE 'UTC') -
            i.date_submitted)::int
          FROM ci_improvement i
         WHERE i.company_id = %s AND i.state IN %s AND i.state IN {open} AND
             i.date_submitted IS NOT NULL
         ORDER BY i.date_submitted, i.id LIMIT %s""".format(
        open=_sql_tuple(OPEN_STATES)
    )


class CiHealthImprovement(models.Model):
    """Program health, one row per improvement ever submitted (SQL view).

    A row is an improvement whose ``date_submitted`` is set; its figures
    count for the month of submission (a cohort). The definition of each
    figure is in readme/USAGE.rst (Definitions), the module's description;
    ``ci.improvement.fact`` sums the same rows per month.
    """

    _name = 'ci.health.improvement'
    _description = 'Program Health: Improvements'
    _auto = False
    _rec_name = 'improvement_id'
    _order = 'date_submitted desc'

    improvement_id = fields.Many2one('ci.improvement', readonly=True)
    date_submitted = fields.Datetime(readonly=True)
    month = fields.Date(
        readonly=True, help="First day of the month of submission (UTC)."
    )
    company_id = fields.Many2one('res.company', readonly=True)
    currency_id = fields.Many2one('res.currency', readonly=True)
    workcenter_id = fields.Many2one(
        'mrp.workcenter', string='Work Center', readonly=True
    )
    category_id = fields.Many2one('ci.category', readonly=True)
    submitter_id = fields.Many2one(
        'res.users', string='Submitted by', readonly=True
    )
    owner_id = fields.Many2one('res.users', readonly=True)
    origin = fields.Selection(ORIGINS, readonly=True)
    state = fields.Selection(STATES, readonly=True)
    proposal_count = fields.Integer(string='Proposals', readonly=True)
    adopted_count = fields.Integer(string='Adopted', readonly=True)
    standardized_count = fields.Integer(string='Standardized', readonly=True)
    rejected_count = fields.Integer(string='Rejected', readonly=True)
    decided_count = fields.Integer(string='Decided', readonly=True)
    open_count = fields.Integer(string='Open', readonly=True)
    cycle_days = fields.Float(
        string='Cycle time (days)',
        readonly=True,
        group_operator='avg',
        digits=(16, 1),
    )
    age_days = fields.Integer(
        string='Age (days)', readonly=True, group_operator='avg'
    )
    age_bucket = fields.Selection(AGE_BUCKETS, readonly=True)
    pilot_closed_count = fields.Integer(string='Closed pilots', readonly=True)
    pilot_improved_count = fields.Integer(
        string='Successful pilots', readonly=True
    )
    impact = fields.Monetary(
        string='Impact / year', readonly=True, currency_field='currency_id'
    )

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(_create_view(self._table))
        # a period's improvements read from the index alone, not from their
        # wide rows (texts, photos' references): what the figures need
        self.env.cr.execute("""
            CREATE INDEX IF NOT EXISTS ci_improvement_health_cover_idx ON
                ci_improvement (company_id, date_submitted)
            INCLUDE (id, state, date_standardized, workcenter_id, category_id,
                submitter_id, owner_id, origin)
             WHERE date_submitted IS NOT NULL""")

    # ------------------------------------------------------------------
    # the figures, computed in one place (dashboard, XLSX report, benchmark)
    # ------------------------------------------------------------------
    @api.model
    def _period(self, date_from, date_to):
        """The whole months [first month, last month] the period touches, as
        (first day, first day after), and their number."""
        start = month_start(date_from)
        stop = next_month(month_start(date_to))
        if stop <= start:
            raise UserError(_("The period ends before it starts."))
        months = (stop.year - start.year) * 12 + stop.month - start.month
        return (
            fields.Date.to_string(start),
            fields.Date.to_string(stop),
            months,
        )

    @api.model
    def _sql_where(self, model, domain):
        """WHERE clause of ``domain`` on ``model`` with the user's access
        rules applied, as (from, where, params)."""
        Model = self.env[model]
        Model.check_access_rights('read')
        query = Model._where_calc(domain)
        Model._apply_ir_rules(query, 'read')
        return query.get_sql()

    def _sql_where_rows(self, domain, restrict, restrict_params):
        """_sql_where of ``domain`` on this view, read from its rows
        restricted by ``restrict`` (conditions on the improvement ``i`` that
        ``domain`` implies, see _rows_query) under the view's name: the
        domain and the record rules apply as on the view, to the rows (and
        pilots) of those improvements only."""
        from_clause, where, params = self._sql_where(self._name, domain)
        table = '"%s"' % self._table
        from_clause = from_clause.replace(
            table, '(%s) AS %s' % (_rows_query(restrict), table), 1
        )
        return from_clause, where, list(restrict_params) + list(params)

    @api.model
    def _employee_ids(self, company):
        """Employees of a company: its active internal users (share = False)
        whose company is ``company``."""
        return set(
            self.env['res.users']
            .sudo()
            .search([('share', '=', False), ('company_id', '=', company.id)])
            .ids
        )

    @api.model
    def _program_figures(
        self, date_from, date_to, company, groupby=None, with_total=False
    ):
        """Program health figures of ``company`` over the months from
        ``date_from``'s to ``date_to``'s (both included).

        Without ``groupby``, one dict; with ``groupby`` ('month',
        'workcenter_id' or 'category_id'), a list of dicts, one per value
        (``key``: the date of the month or the record id, False for none);
        with ``with_total`` too, (that list, the dict without groupby),
        from the same query.
        See the class docstring and readme/USAGE.rst for each definition.
        Rates are percentages, None when their denominator is 0.
        """
        if groupby and groupby not in GROUPBYS:
            raise UserError(
                _("Unknown grouping: %(groupby)s") % {'groupby': groupby}
            )
        # the headcount below is read as the superuser: the company must be the
        # caller's
        self.env['ci.access']._check_company(
            company, 'ci.health.improvement._program_figures'
        )
        start, stop, months = self._period(date_from, date_to)
        if groupby in (None, 'month'):
            return self._program_figures_by_month(
                start, stop, months, company, groupby, with_total
            )
        key = groupby
        # on date_submitted, not month: the condition reaches the table's index
        domain = [
            ('company_id', '=', company.id),
            ('date_submitted', '>=', start + ' 00:00:00'),
            ('date_submitted', '<', stop + ' 00:00:00'),
        ]
        # the rows of the period's improvements only (and their pilots)
        from_clause, where, params = self._sql_where_rows(
            domain,
            'i.company_id = %s AND i.date_submitted >= %s AND i.date_submitted < %s',
            [company.id, start + ' 00:00:00', stop + ' 00:00:00'],
        )
        buckets = ', '.join(
            "sum(open_count) FILTER (WHERE age_bucket = '%s') AS age_%s"
            % (b, b)
            for b, _l in AGE_BUCKETS
        )
        grouping = (
            'GROUPING SETS (({key}), ())'.format(key=key)
            if groupby and with_total
            else '1'
        )
        self.env.cr.execute(
            """
            SELECT {key} AS key, {is_total} AS is_total,
                   count(*) AS proposals,
                   array_agg(DISTINCT submitter_id) AS submitters,
                   sum(adopted_count) AS adopted,
                   sum(standardized_count) AS standardized,
                   sum(rejected_count) AS rejected,
                   sum(decided_count) AS decided,
                   sum(open_count) AS open,
                   avg(cycle_days) AS cycle_mean,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle_days) AS
                       cycle_median,
                   sum(pilot_closed_count) AS pilots_closed,
                   sum(pilot_improved_count) AS pilots_improved,
                   sum(impact) AS impact,
                   count(*) FILTER (WHERE impact <> 0) AS impact_count,
                   {buckets}
              FROM {from_clause} WHERE {where}
             GROUP BY {grouping}""".format(
                key=key,
                buckets=buckets,
                from_clause=from_clause,
                where=where,
                grouping=grouping,
                is_total='GROUPING(%s)' % key if grouping != '1' else '0',
            ),
            params,
        )
        fetched = self.env.cr.dictfetchall()
        rows = {r['key']: r for r in fetched if not r['is_total']}
        total_row = next((r for r in fetched if r['is_total']), {})
        workorders = self.env['ci.health.workorder']._standard_coverage(
            start,
            stop,
            company,
            groupby if groupby in ('month', 'workcenter_id') else None,
        )
        employees = self._employee_ids(company)
        keys = set(rows) | (
            set(workorders) if groupby != 'category_id' else set()
        )
        result = []
        for value in sorted(keys, key=lambda k: (k is None, k or 0)):
            row = rows.get(value) or {}
            done, standard = (
                workorders.get(value, (0, 0))
                if groupby != 'category_id'
                else (0, 0)
            )
            result.append(
                self._figures_from_row(
                    row,
                    employees,
                    1 if groupby == 'month' else months,
                    done,
                    standard,
                    per_employee=groupby in (None, 'month'),
                )
            )
            result[-1]['key'] = value if value is not None else False
        if groupby and with_total:
            done, standard = (
                self.env['ci.health.workorder']
                ._standard_coverage(start, stop, company)
                .get(None, (0, 0))
            )
            return result, dict(
                self._figures_from_row(
                    total_row,
                    employees,
                    months,
                    done,
                    standard,
                    per_employee=True,
                ),
                key=False,
            )
        if groupby:
            return result
        return (
            result[0]
            if result
            else dict(
                self._figures_from_row(
                    {}, employees, months, 0, 0, per_employee=True
                ),
                key=False,
            )
        )

    @api.model
    def _program_figures_by_month(
        self, start, stop, months, company, groupby, with_total
    ):
        """_program_figures over the months [start, stop) without grouping
        or by month: from the monthly facts (ci.improvement.fact), whose
        company is the view's record rule."""
        self.check_access_rights('read')
        Fact = self.env['ci.improvement.fact']
        by_month = Fact._months(company, start, stop)
        coverage = self.env['ci.health.workorder']._standard_coverage(
            start, stop, company, 'month'
        )
        employees = self._employee_ids(company)
        currency = company.currency_id

        def figures(fact, month_count, done, standard):
            row = dict(
                fact,
                submitters=fact['submitter_ids'],
                impact=currency.round(fact['impact']),
            )
            row['cycle_mean'], row['cycle_median'] = Fact._cycle(
                fact['cycle_days']
            )
            row.update(
                ('age_%s' % bucket, count)
                for bucket, count in fact['aging'].items()
            )
            return self._figures_from_row(
                row, employees, month_count, done, standard, per_employee=True
            )

        total = Fact._merge(by_month.values())
        done, standard = (
            sum(values) for values in zip((0, 0), *coverage.values())
        )
        total = dict(figures(total, months, done, standard), key=False)
        if not groupby:
            return total
        result = []
        coverage = {str(month): values for month, values in coverage.items()}
        for month in sorted(set(by_month) | set(coverage)):
            result.append(
                figures(
                    by_month.get(month) or Fact._merge([]),
                    1,
                    *coverage.get(month, (0, 0)),
                )
            )
            result[-1]['key'] = month
        return (result, total) if with_total else result

    @staticmethod
    def _figures_from_row(
        row, employees, months, done, standard, per_employee
    ):
        proposals = row.get('proposals') or 0
        participants = len(set(row.get('submitters') or []) & employees)
        adopted = (row.get('adopted') or 0) + (row.get('standardized') or 0)
        decided = row.get('decided') or 0
        figures = {
            'proposals': proposals,
            'months': months,
            'employees': len(employees) if per_employee else None,
            'participants': participants if per_employee else None,
            'proposals_per_employee_month': (
                ratio(proposals, len(employees) * months, 1.0)
                if per_employee
                else None
            ),
            'participation_rate': (
                ratio(participants, len(employees)) if per_employee else None
            ),
            'adopted': adopted,
            'standardized': row.get('standardized') or 0,
            'rejected': row.get('rejected') or 0,
            'decided': decided,
            'adoption_rate': ratio(adopted, decided),
            'pilots_closed': row.get('pilots_closed') or 0,
            'pilots_improved': row.get('pilots_improved') or 0,
            'pilot_success_rate': ratio(
                row.get('pilots_improved') or 0, row.get('pilots_closed') or 0
            ),
            'cycle_days_mean': row.get('cycle_mean'),
            'cycle_days_median': row.get('cycle_median'),
            'open': row.get('open') or 0,
            'aging': {b: row.get('age_%s' % b) or 0 for b, _l in AGE_BUCKETS},
            'impact': row.get('impact') or 0.0,
            'impact_count': row.get('impact_count') or 0,
            'workorders_done': done,
            'workorders_standard': standard,
            'standard_coverage': ratio(standard, done),
        }
        return figures

    @api.model
    def _review_queue(self, company, states=('submitted', 'review'), oldest=3):
        """The improvements of ``company`` waiting for a decision (in
        ``states``): {'count', 'aging': {bucket: count}, 'oldest': [(id,
        age in days)]}, the oldest first; aged as this view's rows."""
        self.env['ci.access']._check_company(
            company, 'ci.health.improvement._review_queue'
        )
        if not set(states) <= set(OPEN_STATES):
            raise UserError(
                _(
                    "The review queue holds open improvements only, not %(states)s."
                )
                % {'states': ', '.join(sorted(set(states) - set(OPEN_STATES)))}
            )
        self.check_access_rights('read')
        # the monthly facts and the last 91 days: the queue costs neither its
        # length nor the history; the company is the view's record rule
        aging = self.env['ci.improvement.fact']._queue(company, states)
        if not states:
            return {'count': 0, 'aging': aging, 'oldest': []}
        self.env.cr.execute(
            _queue_query(), (company.id, tuple(states), oldest)
        )
        return {
            'count': sum(aging.values()),
            'aging': aging,
            'oldest': self.env.cr.fetchall(),
        }
