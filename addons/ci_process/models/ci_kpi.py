# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import api, fields, models

from ..lib import kpi as kpi_lib

KPI_SELECTION = [
    ('efficiency', 'Efficiency (%)'),
    ('cycle_time', 'Cycle time (min/unit)'),
    ('scrap_rate', 'Scrap rate (%)'),
    ('yield', 'Yield (%)'),
    ('oee', 'OEE (%)'),
]
KPI_HELP = (
    "Efficiency = expected / real duration of the done work orders (Odoo's "
    "work center performance). Cycle time = real minutes per unit produced. "
    "Scrap rate = finished units scrapped in the work orders / (produced + "
    "scrapped); yield = 100 - scrap rate. OEE as Odoo defines it: productive "
    "time / (productive + blocked time) of the work center's time logs.")


class CiKpi(models.AbstractModel):
    """Fetches the rows the KPIs are computed from (lib/kpi.py does the maths).

    Reads work orders and time logs in SQL: goals, pilots and alerts show
    aggregates to users who need no Manufacturing rights, like Odoo's own
    work center statistics.
    """
    _name = 'ci.kpi'
    _description = 'Process KPI computation'

    @api.model
    def _window(self, date_from, date_to):
        start = fields.Date.from_string(date_from)
        stop = fields.Date.from_string(date_to) + datetime.timedelta(days=1)
        return (fields.Datetime.to_string(datetime.datetime.combine(start, datetime.time())),
                fields.Datetime.to_string(datetime.datetime.combine(stop, datetime.time())))

    @api.model
    def fetch(self, date_from, date_to, workcenter=None, operation=None, product=None):
        """(work order rows, time log rows) of the scope over [date_from, date_to]."""
        start, stop = self._window(date_from, date_to)
        where, params = ["wo.state = 'done'", "wo.date_finished >= %s", "wo.date_finished < %s"], [start, stop]
        if workcenter:
            where.append("wo.workcenter_id = %s")
            params.append(workcenter.id)
        if operation:
            where.append("wo.operation_id = %s")
            params.append(operation.id)
        if product:
            where.append("mp.product_id = %s")
            params.append(product.id)
        # scrap of the produced product only (a scrapped component is not a
        # lost unit of this operation), converted into the production's unit
        self.env.cr.execute("""
            SELECT wo.date_finished, COALESCE(wo.duration_expected, 0), COALESCE(wo.duration, 0),
                   COALESCE(wo.qty_produced, 0),
                   COALESCE((SELECT SUM(s.scrap_qty / su.factor * pu.factor)
                               FROM stock_scrap s
                               JOIN product_uom su ON su.id = s.product_uom_id
                              WHERE s.workorder_id = wo.id AND s.state = 'done'
                                AND s.product_id = mp.product_id), 0)
              FROM mrp_workorder wo
              JOIN mrp_production mp ON mp.id = wo.production_id
              JOIN product_uom pu ON pu.id = mp.product_uom_id
             WHERE """ + " AND ".join(where) + """
             ORDER BY wo.date_finished, wo.id""", params)
        workorders = [kpi_lib.WorkOrderRow(fields.Datetime.from_string(r[0]), *map(float, r[1:]))
                      for r in self.env.cr.fetchall()]
        where, params = ["t.date_end IS NOT NULL", "t.date_start >= %s", "t.date_start < %s"], [start, stop]
        if workcenter:
            where.append("t.workcenter_id = %s")
            params.append(workcenter.id)
        if operation or product:
            where.append("""t.workorder_id IN (
                SELECT wo.id FROM mrp_workorder wo JOIN mrp_production mp ON mp.id = wo.production_id
                 WHERE (%s IS NULL OR wo.operation_id = %s) AND (%s IS NULL OR mp.product_id = %s))""")
            op, prod = operation.id if operation else None, product.id if product else None
            params += [op, op, prod, prod]
        self.env.cr.execute("""
            SELECT t.date_start, COALESCE(t.duration, 0), COALESCE(t.loss_type, 'availability')
              FROM mrp_workcenter_productivity t
             WHERE """ + " AND ".join(where) + " ORDER BY t.date_start, t.id", params)
        timelogs = [kpi_lib.TimeLogRow(fields.Datetime.from_string(r[0]), float(r[1]), r[2])
                    for r in self.env.cr.fetchall()]
        return workorders, timelogs

    @api.model
    def compute(self, code, date_from, date_to, workcenter=None, operation=None, product=None):
        """The KPI's value over the window, or None without data."""
        workorders, timelogs = self.fetch(date_from, date_to, workcenter, operation, product)
        return kpi_lib.value(code, workorders, timelogs)
