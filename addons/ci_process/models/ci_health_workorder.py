# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import SUPERUSER_ID, api, fields, models, tools


REFRESHED_PARAM = 'ci_process.health_workorder_refreshed'


class CiHealthWorkorder(models.Model):
    """Program health: standard coverage of the work done (materialized view).

    One row per month x company x work center: ``done_count`` = work orders
    in state *done* whose ``date_finished`` falls in the month (UTC),
    ``standard_count`` = those of them that ran under a standard
    (``ci_sop_version_id`` set when they started). Standard coverage =
    standard_count / done_count. The company is the work center's.

    Materialized, unlike the improvement views: a plain view has to scan
    every done work order of the period at each read (measured by
    bench/program_health.py: as slow as read_group on mrp.workorder, some
    130 ms a year out of 1M work orders), the materialized one reads a few
    hundred rows. The price is staleness: the figures are as of the last
    refresh, hourly by a scheduled action and on demand from the dashboard
    (its time is shown there).
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
        cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", (self._table,))
        kind = cr.fetchone()
        if kind and kind[0] == 'm':
            cr.execute("DROP MATERIALIZED VIEW {table}".format(table=self._table))
        else:
            tools.drop_view_if_exists(cr, self._table)
        cr.execute("""
            CREATE MATERIALIZED VIEW {table} AS (
            SELECT min(w.id) AS id,
                   date_trunc('month', w.date_finished)::date AS month,
                   wc.company_id,
                   w.workcenter_id,
                   count(*) AS done_count,
                   count(w.ci_sop_version_id) AS standard_count
              FROM mrp_workorder w
              JOIN mrp_workcenter wc ON wc.id = w.workcenter_id
             WHERE w.state = 'done' AND w.date_finished IS NOT NULL
             GROUP BY date_trunc('month', w.date_finished)::date, wc.company_id, w.workcenter_id
            )""".format(table=self._table))
        # unique: REFRESH ... CONCURRENTLY needs it (readers are not blocked)
        cr.execute("CREATE UNIQUE INDEX {table}_key ON {table} (month, workcenter_id, company_id)".format(
            table=self._table))
        self._set_refreshed()

    def _set_refreshed(self):
        self.env['ir.config_parameter'].sudo().set_param(REFRESHED_PARAM, fields.Datetime.now())

    @api.model
    def _refreshed_at(self):
        return self.env['ir.config_parameter'].sudo().get_param(REFRESHED_PARAM) or False

    @api.model
    def _refresh(self):
        """Recompute the view from the work orders (a few seconds for 1M).
        CI Managers (and the hourly job); engineers only read it."""
        self.check_access_rights('read')
        if self.env.uid != SUPERUSER_ID:
            self.env['ci.access']._check_group('ci_process.group_ci_manager', 'ci.health.workorder._refresh')
        self.env.cr.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY {table}".format(table=self._table))
        self._set_refreshed()
        return True

    @api.model
    def _cron_refresh(self):
        return self.sudo()._refresh()

    @api.model
    def _standard_coverage(self, start, stop, company, groupby=None):
        """{key: (done, under a standard)} over the months [start, stop) of
        ``company``; key None without ``groupby``, else the month or the work
        center id."""
        domain = [('company_id', '=', company.id), ('month', '>=', start), ('month', '<', stop)]
        from_clause, where, params = self.env['ci.health.improvement']._sql_where(self._name, domain)
        self.env.cr.execute("""
            SELECT {key} AS key, sum(done_count), sum(standard_count)
              FROM {from_clause} WHERE {where} GROUP BY 1
        """.format(key=groupby or 'NULL', from_clause=from_clause, where=where), params)
        return {key: (done or 0, standard or 0) for key, done, standard in self.env.cr.fetchall()}
