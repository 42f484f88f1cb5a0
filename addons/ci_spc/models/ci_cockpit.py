# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models

# the worst characteristics the tile names
WORST = 5


class CiCockpit(models.AbstractModel):
    """The cockpit's SPC tile: characteristics out of control now (with
    signals nobody has handled yet), the worst first."""

    _inherit = 'ci.cockpit'

    @api.model
    def _tiles(self, company, date_from, date_to, total=None, monthly=None):
        tiles = super(CiCockpit, self)._tiles(
            company, date_from, date_to, total=total, monthly=monthly
        )
        position = next(
            (i + 1 for i, tile in enumerate(tiles) if tile['key'] == 'goals'),
            0,
        )
        tiles.insert(position, self._tile_spc(company))
        return tiles

    @api.model
    def _tile_spc(self, company):
        groups = self.env['ci.spc.signal'].read_group(
            [('company_id', '=', company.id), ('state', '=', 'new')],
            ['characteristic_id'],
            ['characteristic_id'],
        )
        groups.sort(
            key=lambda g: (
                -g['characteristic_id_count'],
                g['characteristic_id'][0],
            )
        )
        ids = [g['characteristic_id'][0] for g in groups]
        chars = {
            c.id: c
            for c in self.env['ci.spc.characteristic'].browse(ids[:WORST])
        }
        rows = [
            {
                'id': g['characteristic_id'][0],
                'label': chars[g['characteristic_id'][0]].display_name,
                'value': _("%(count)s open signals")
                % {'count': g['characteristic_id_count']},
                'status': '',
                'good': False,
                'spark': '',
            }
            for g in groups[:WORST]
        ]
        return {
            'key': 'spc',
            'icon': 'fa-line-chart',
            'title': _("Out of control now"),
            'value': str(len(ids)),
            'count': len(ids),
            'caption': _("characteristics with open signals"),
            'note': _(
                "Signals of the run rules nobody has handled yet, the worst first"
            ),
            'rows': rows,
            'bars': [],
            'action': self._action(
                'ci.spc.characteristic',
                _("Out of control now"),
                [('id', 'in', ids)],
            ),
        }
