# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import kpi as kpi_lib
from .ci_kpi_fact import live_facts_sql

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
    "time / (productive + blocked time) of the work center's time logs."
)


def _day(value):
    """A date as the database takes it, from a date or its text."""
    return value if isinstance(value, str) else fields.Date.to_string(value)


class CiKpi(models.AbstractModel):
    """Reads the sums the KPIs are computed from (ci.kpi.fact; lib/kpi.py
    does the maths), in SQL: goals, pilots and alerts show aggregates to
    users who need no Manufacturing rights, like Odoo's own work center
    statistics. A read costs the days of its window, not the work orders in
    them."""

    _name = 'ci.kpi'
    _description = 'Process KPI computation'

    @api.model
    def _unit_label(self, unit):
        """A KPI's unit as the reader writes it."""
        return {'min/unit': _('min/unit')}.get(unit, unit)

    @api.model
    def _totals(
        self,
        date_from,
        date_to,
        workcenter=None,
        operation=None,
        product=None,
        company=None,
        period=None,
    ):
        """The Totals of the scope's facts over the days [date_from, date_to]
        (UTC, as the facts), of the work centers of ``company`` (a goal's, a
        rule's, a pilot's; default: the companies the user sees). No
        work center, operation or product: the whole plant; several work
        centers (a line): their sum. With ``period``
        ('day', 'week', 'month'): [(start of the period, Totals)] in date
        order, periods without facts left out."""
        if period not in (None, 'day', 'week', 'month'):
            raise ValueError("unknown period %r" % period)
        company_ids = (
            tuple(company.ids)
            if company
            else tuple(self.env['ci.access']._company_ids())
        )
        # the companies' work centers as ids, not a join: a join with the
        # facts' union (live_facts_sql) is planned as a loop over it, once
        # per work center
        self.env.cr.execute(
            "SELECT id FROM mrp_workcenter WHERE company_id IN %s",
            (company_ids,),
        )
        workcenter_ids = tuple(row[0] for row in self.env.cr.fetchall())
        if not workcenter_ids:
            return [] if period else kpi_lib.NO_TOTALS
        where = ["f.day >= %s", "f.day <= %s", "f.workcenter_id IN %s"]
        params = [_day(date_from), _day(date_to), workcenter_ids]
        for column, records in (
            ('workcenter_id', workcenter),
            ('operation_id', operation),
            ('product_id', product),
        ):
            if records:
                # several work centers: a line's KPI is the sum of theirs
                where.append("f.%s IN %%s" % column)
                params.append(tuple(records.ids))
        key = "date_trunc(%s, f.day)::date" if period else "NULL"
        # the facts changed since the last fold: only those of the window
        # (and work centers) computed
        dirty = ["d.day >= %s", "d.day <= %s", "d.workcenter_id IN %s"]
        dirty_params = [
            _day(date_from),
            _day(date_to),
            tuple(workcenter.ids) if workcenter else workcenter_ids,
        ]
        self.env.cr.execute(
            """
            SELECT {key}, {sums}
              FROM {facts} f
             WHERE {where}
             GROUP BY 1 ORDER BY 1""".format(
                key=key,
                where=' AND '.join(where),
                facts=live_facts_sql(' AND '.join(dirty)),
                sums=', '.join(
                    'sum(f.%s)' % m for m in kpi_lib.Totals._fields
                ),
            ),
            ([period] if period else []) + dirty_params + params,
        )
        counts = {
            i
            for i, m in enumerate(kpi_lib.Totals._fields)
            if m.endswith(('_count', '_n'))
        }
        rows = [
            (
                start,
                kpi_lib.Totals(
                    *[
                        int(v or 0) if i in counts else float(v or 0.0)
                        for i, v in enumerate(sums)
                    ]
                ),
            )
            for start, *sums in self.env.cr.fetchall()
        ]
        if period:
            return [
                (
                    (
                        fields.Date.from_string(start)
                        if isinstance(start, str)
                        else start
                    ),
                    totals,
                )
                for start, totals in rows
            ]
        return rows[0][1] if rows else kpi_lib.NO_TOTALS

    @api.model
    def _value(
        self,
        code,
        date_from,
        date_to,
        workcenter=None,
        operation=None,
        product=None,
        company=None,
    ):
        """The KPI's value over the window, or None without data (see _totals)."""
        return kpi_lib.value_of(
            code,
            self._totals(
                date_from, date_to, workcenter, operation, product, company
            ),
        )

    @api.model
    def compute(
        self,
        code,
        date_from,
        date_to,
        workcenter=None,
        operation=None,
        product=None,
    ):
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
            raise UserError(
                _("KPI: %(code)r is not one of %(codes)s.")
                % {'code': code, 'codes': ', '.join(sorted(kpi_lib.KPIS))}
            )
        scope = {}
        for key, model, value in (
            ('workcenter', 'mrp.workcenter', workcenter),
            ('operation', 'mrp.routing.workcenter', operation),
            ('product', 'product.product', product),
        ):
            if value:
                record = (
                    value
                    if isinstance(value, models.BaseModel)
                    else self.env[model].browse(value)
                )
                Access._check_records(record, 'read', 'ci.kpi.compute')
                scope[key] = record
        return self._value(code, date_from, date_to, **scope)
