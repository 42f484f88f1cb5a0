# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
    def _unit_label(self, unit):
        """A KPI's unit as the reader writes it."""
        return {'min/unit': _('min/unit')}.get(unit, unit)

    def _window(self, date_from, date_to):
        start = fields.Date.from_string(date_from)
        stop = fields.Date.from_string(date_to) + datetime.timedelta(days=1)
        return (fields.Datetime.to_string(datetime.datetime.combine(start, datetime.time())),
                fields.Datetime.to_string(datetime.datetime.combine(stop, datetime.time())))

    @api.model
    def _fetch(self, date_from, date_to, workcenter=None, operation=None, product=None, company=None):
        """(work order rows, time log rows) of the scope over [date_from, date_to],
        of the work centers of ``company`` (a goal's, a rule's, a pilot's;
        default: the companies the user sees)."""
        start, stop = self._window(date_from, date_to)
        company_ids = tuple(company.ids) if company else tuple(self.env['ci.access']._company_ids())
        where, params = ["wo.state = 'done'", "wo.date_finished >= %s", "wo.date_finished < %s",
                         "wc.company_id IN %s"], [start, stop, company_ids]
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
              JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
              JOIN mrp_production mp ON mp.id = wo.production_id
              JOIN product_uom pu ON pu.id = mp.product_uom_id
             WHERE """ + " AND ".join(where) + """
             ORDER BY wo.date_finished, wo.id""", params)
        workorders = [kpi_lib.WorkOrderRow(fields.Datetime.from_string(r[0]), *map(float, r[1:]))
                      for r in self.env.cr.fetchall()]
        where, params = ["t.date_end IS NOT NULL", "t.date_start >= %s", "t.date_start < %s",
                         "wc.company_id IN %s"], [start, stop, company_ids]
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
              JOIN mrp_workcenter wc ON wc.id = t.workcenter_id
             WHERE """ + " AND ".join(where) + " ORDER BY t.date_start, t.id", params)
        timelogs = [kpi_lib.TimeLogRow(fields.Datetime.from_string(r[0]), float(r[1]), r[2])
                    for r in self.env.cr.fetchall()]
        return workorders, timelogs

    @api.model
    def _value(self, code, date_from, date_to, workcenter=None, operation=None, product=None, company=None):
        """The KPI's value over the window, or None without data (see _fetch)."""
        workorders, timelogs = self._fetch(date_from, date_to, workcenter, operation, product, company)
        return kpi_lib.value(code, workorders, timelogs)

    @api.model
    def compute(self, code, date_from, date_to, workcenter=None, operation=None, product=None):
        """The KPI's value over the window from the done work orders of the
        companies the user sees, or None without data. CI Engineers only:
        goals, pilots and alerts show their own KPIs to everyone.
        ``workcenter``, ``operation``, ``product``: records or ids, which the
        user must be able to read."""
        Access = self.env['ci.access']
        Access._check_group('ci_process.group_ci_engineer', 'ci.kpi.compute')
        for model in ('mrp.workorder', 'mrp.workcenter'):
            Access._check_records(self.env[model], 'read', 'ci.kpi.compute')
        if code not in kpi_lib.KPIS:
            raise UserError(_("KPI: %(code)r is not one of %(codes)s.")
                            % {'code': code, 'codes': ', '.join(sorted(kpi_lib.KPIS))})
        scope = {}
        for key, model, value in (('workcenter', 'mrp.workcenter', workcenter),
                                  ('operation', 'mrp.routing.workcenter', operation),
                                  ('product', 'product.product', product)):
            if value:
                record = value if isinstance(value, models.BaseModel) else self.env[model].browse(value)
                Access._check_records(record, 'read', 'ci.kpi.compute')
                scope[key] = record
        return self._value(code, date_from, date_to, **scope)
