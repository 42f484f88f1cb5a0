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

    Read from the KPI facts (ci.kpi.fact), which the work orders keep up to
    date: a month costs its days, not its work orders, and the figures are
    never stale.
    """
    _name = 'ci.health.workorder'
    _description = 'Program Health: Work Orders'
    _auto = False
    _rec_name = 'month'
    _order = 'month desc, workcenter_id'

    month = fields.Date(readonly=True, help="First day of the month the work orders finished (UTC).")
    company_id = fields.Many2one('res.company', readonly=True)
    workcenter_id = fields.Many2one('mrp.workcenter', string='Work Center', readonly=True)
    done_count = fields.Integer(string='Done work orders', readonly=True)
    standard_count = fields.Integer(string='Under a standard', readonly=True)

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # a materialized view until 11.0.1.4.0
        cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", (self._table,))
        kind = cr.fetchone()
        if kind and kind[0] == 'm':
            cr.execute("DROP MATERIALIZED VIEW {table}".format(table=self._table))
        else:
            tools.drop_view_if_exists(cr, self._table)
        cr.execute("""
            CREATE VIEW {table} AS (
            SELECT min(f.id) AS id,
                   date_trunc('month', f.day)::date AS month,
                   wc.company_id,
                   f.workcenter_id,
                   sum(f.workorder_count)::integer AS done_count,
                   sum(f.standard_count)::integer AS standard_count
              FROM ci_kpi_fact f
              JOIN mrp_workcenter wc ON wc.id = f.workcenter_id
             WHERE f.workorder_count > 0
             GROUP BY date_trunc('month', f.day)::date, wc.company_id, f.workcenter_id
            )""".format(table=self._table))

    @api.model
    def _standard_coverage(self, start, stop, company, groupby=None):
        """{key: (done, under a standard)} over the months [start, stop) of
        ``company``; key None without ``groupby``, else the month or the work
        center id."""
        # the facts of the period's days (their index), not the view's months
        # over every fact; under the caller's rights on this view and its rules
        self.check_access_rights('read')
        domain = [('workcenter_id.company_id', '=', company.id), ('day', '>=', start), ('day', '<', stop),
                  ('workorder_count', '>', 0)]
        from_clause, where, params = self.env['ci.health.improvement']._sql_where('ci.kpi.fact', domain)
        key = {None: 'NULL', 'month': "date_trunc('month', \"ci_kpi_fact\".day)::date",
               'workcenter_id': '"ci_kpi_fact".workcenter_id'}[groupby]
        self.env.cr.execute("""
            SELECT {key} AS key, sum("ci_kpi_fact".workorder_count), sum("ci_kpi_fact".standard_count)
              FROM {from_clause} WHERE {where} GROUP BY 1
        """.format(key=key, from_clause=from_clause, where=where), params)
        return {key: (done or 0, standard or 0) for key, done, standard in self.env.cr.fetchall()}
