# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class CiHealthWorkorder(models.Model):
    """Program health: standard coverage of the work done (SQL view).

    One row per month x company x work center: ``done_count`` = work orders
    in state *done* whose ``date_finished`` falls in the month (UTC),
    ``standard_count`` = those of them that ran under a standard
    (``ci_sop_version_id`` set when they started). Standard coverage =
    standard_count / done_count. The company is the work center's.

    Read from the KPI facts' monthly sums (ci.kpi.fact), which the work
    orders keep up to date: a month costs its work centers, not its work
    orders nor its days, and the figures are never stale.
    """

    _name = 'ci.health.workorder'
    _description = 'Program Health: Work Orders'
    _auto = False
    _rec_name = 'month'
    _order = 'month desc, workcenter_id'

    month = fields.Date(
        readonly=True,
        help="First day of the month the work orders finished (UTC).",
    )
    company_id = fields.Many2one('res.company', readonly=True)
    workcenter_id = fields.Many2one(
        'mrp.workcenter', string='Work Center', readonly=True
    )
    done_count = fields.Integer(string='Done work orders', readonly=True)
    standard_count = fields.Integer(string='Under a standard', readonly=True)

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # a materialized view until 11.0.1.4.0
        cr.execute(
            "SELECT relkind FROM pg_class WHERE relname = %s", (self._table,)
        )
        kind = cr.fetchone()
        if kind and kind[0] == 'm':
            cr.execute(
                "DROP MATERIALIZED VIEW {table}".format(table=self._table)
            )
        else:
            tools.drop_view_if_exists(cr, self._table)
        # the monthly sums of the KPI facts (ci.kpi.fact creates and keeps them)
        self.pool.post_init(self._create_view)

    @api.model
    def _create_view(self):
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW {table} AS (
            -- the id: one number per work center and month (the sums of a
            -- month with changes not yet folded have no row of their own)
            SELECT m.workcenter_id * 10000 + (extract(year FROM
                m.month)::integer - 2000) * 12
                   + extract(month FROM m.month)::integer AS id,
                   m.month,
                   -- a lookup per row, not a join: a join with the union
                   -- of the live sums is planned as a loop over it, once
                   -- per work center (the planner guesses one)
                   (SELECT wc.company_id FROM mrp_workcenter wc WHERE wc.id =
                       m.workcenter_id) AS company_id,
                   m.workcenter_id, m.workorder_count AS done_count, m.standard_count
              FROM ci_kpi_month_fact_live m
            )""".format(table=self._table))

    @api.model
    def _standard_coverage(self, start, stop, company, groupby=None):
        """{key: (done, under a standard)} over the months [start, stop) of
        ``company``; key None without ``groupby``, else the month or the work
        center id."""
        # the period's months of the monthly sums, under the caller's rights
        # on this view and its rules
        domain = [
            ('company_id', '=', company.id),
            ('month', '>=', start),
            ('month', '<', stop),
        ]
        from_clause, where, params = self.env[
            'ci.health.improvement'
        ]._sql_where(self._name, domain)
        key = {
            None: 'NULL',
            'month': '"{t}".month',
            'workcenter_id': '"{t}".workcenter_id',
        }[groupby].format(t=self._table)
        self.env.cr.execute(
            """
            SELECT {key} AS key, sum("{t}".done_count), sum("{t}".standard_count)
              FROM {from_clause} WHERE {where} GROUP BY 1
        """.format(
                key=key, t=self._table, from_clause=from_clause, where=where
            ),
            params,
        )
        return {
            key: (done or 0, standard or 0)
            for key, done, standard in self.env.cr.fetchall()
        }
