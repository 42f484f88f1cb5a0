# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

from .ci_spc_characteristic import SUBGROUP_CHARTS, VARIABLE_CHARTS

# characteristics and last points the station shows
STATION_CHARACTERISTICS = 10
STATION_POINTS = 5


class CiStation(models.AbstractModel):
    """The station's SPC section: the characteristics measured at the work
    center (or on its work order's operation), to record measurements."""

    _inherit = 'ci.station'

    @api.model
    def _characteristics(self, workcenter, workorder):
        Char = self.env['ci.spc.characteristic']
        if workorder:
            return workorder.ci_spc_characteristic_ids[
                :STATION_CHARACTERISTICS
            ]
        if not workcenter:
            return Char
        return Char.search(
            [
                '|',
                ('workcenter_id', '=', workcenter.id),
                ('operation_id.workcenter_id', '=', workcenter.id),
            ],
            order='name, id',
            limit=STATION_CHARACTERISTICS,
        )

    @api.model
    def _characteristic_values(self, char):
        data = char.chart_data(limit=STATION_POINTS)
        fmt = char._format_value
        points = [
            {
                'date': point['date'],
                'value': point['value'],
                'lcl': point['lcl'],
                'ucl': point['ucl'],
                'value_text': fmt(point['value']) or '-',
                'count': point.get('count'),
                'sample_size': point.get('sample_size'),
                'out': bool(point['rules'] or point.get('spread_rules')),
            }
            for point in reversed(data['points'])
        ]
        variables = char.chart_type in VARIABLE_CHARTS
        return {
            'record': char,
            'variables': variables,
            'inputs': (
                (
                    char.subgroup_size
                    if char.chart_type in SUBGROUP_CHARTS
                    else 1
                )
                if variables
                else 0
            ),
            'sized': char.chart_type != 'c' and not variables,
            'lsl': data['lsl'],
            'usl': data['usl'],
            'target': data['target'],
            'unit': data['unit'] or '',
            # at the characteristic's decimals (Ø25 ±0.02: 24.980, 25.000, 25.020)
            'lsl_text': fmt(data['lsl']),
            'usl_text': fmt(data['usl']),
            'target_text': fmt(data['target']),
            'points': points,
        }

    @api.model
    def _values(self, workcenter):
        values = super(CiStation, self)._values(workcenter)
        chars = self._characteristics(workcenter, values['workorder'])
        values['spc_characteristics'] = [
            self._characteristic_values(char) for char in chars
        ]
        return values

    @api.model
    def _record_measurements(
        self, workcenter, char_id, values=None, count=None, sample_size=None
    ):
        """Record what the operator measured for the characteristic
        ``char_id`` of the station at ``workcenter``: ``values`` (texts of
        the value fields) or ``count`` and ``sample_size`` (texts). Returns
        {'characteristic', 'created', 'signals' (records), 'in_control'}."""
        Char = self.env['ci.spc.characteristic']
        workorder = self._workorder(workcenter)
        chars = self._characteristics(workcenter, workorder)
        char = chars.filtered(lambda c: c.id == char_id)
        if not char:
            raise UserError(
                _("Characteristic: %(value)s is not measured at %(wc)s.")
                % {'value': char_id, 'wc': workcenter.name}
            )
        if char.chart_type in VARIABLE_CHARTS:
            numbers = []
            for index, text in enumerate(values or [], 1):
                text = (text or '').strip().replace(',', '.')
                if not text:
                    continue
                try:
                    numbers.append(float(text))
                except ValueError:
                    raise UserError(
                        _("Value %(index)s: %(value)r is not a number.")
                        % {'index': index, 'value': text}
                    )
            # no more than the page's fields: one POST is one subgroup (or one
            # individual value), not a batch (that is ingest's, over XML-RPC)
            inputs = (
                char.subgroup_size if char.chart_type in SUBGROUP_CHARTS else 1
            )
            if len(numbers) > inputs:
                raise UserError(
                    _(
                        "Values: %(count)s entered, but the station takes "
                        "%(inputs)s for %(char)s."
                    )
                    % {
                        'count': len(numbers),
                        'inputs': inputs,
                        'char': char.name,
                    }
                )
            result = char._record_floor(values=numbers, workorder=workorder)
        else:
            parsed = {}
            for field, label, text in (
                ('count', _('Count'), count),
                ('sample_size', _('Sample size'), sample_size),
            ):
                if field == 'sample_size' and char.chart_type == 'c':
                    continue
                try:
                    parsed[field] = int((text or '').strip())
                except ValueError:
                    raise UserError(
                        _("%(field)s: %(value)r is not a whole number.")
                        % {'field': label, 'value': text}
                    )
            result = char._record_floor(
                count=parsed['count'],
                sample_size=parsed.get('sample_size'),
                workorder=workorder,
            )
        signals = self.env['ci.spc.signal'].browse(result['signals'])
        return {
            'characteristic': Char.browse(char.id),
            'created': result['created'],
            'signals': signals,
            'in_control': not signals,
        }
