# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..lib import kpi as kpi_lib
from .ci_kpi import KPI_HELP, KPI_SELECTION


class CiKpiMixin(models.AbstractModel):
    """The KPI a record watches, with its direction and unit.

    One of the suite's mixins (``ci.<what>.mixin`` in
    ``models/ci_<what>_mixin.py``).
    """

    _name = 'ci.kpi.mixin'
    _description = 'Watched KPI'

    kpi = fields.Selection(
        KPI_SELECTION,
        string='KPI',
        required=True,
        default='efficiency',
        track_visibility='onchange',
        help=KPI_HELP,
    )
    kpi_higher_is_better = fields.Boolean(compute='_compute_kpi_info')
    kpi_unit = fields.Char(compute='_compute_kpi_info')

    @api.depends('kpi')
    def _compute_kpi_info(self):
        for rec in self:
            info = kpi_lib.get(rec.kpi or 'efficiency')
            rec.kpi_higher_is_better = info.higher_is_better
            rec.kpi_unit = self.env['ci.kpi']._unit_label(info.unit)

    def _kpi_label(self):
        """The KPI's name in the reader's language, its unit included."""
        labels = dict(self._fields['kpi']._description_selection(self.env))
        return labels.get(self.kpi, self.kpi)
