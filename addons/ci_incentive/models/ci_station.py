# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# the latest point entries and the honour board rows the station shows
STATION_ENTRIES = 5
STATION_HONOUR_ROWS = 5


class CiStation(models.AbstractModel):
    """The station's incentive section: the operator's points balance and
    latest entries, and this month's honour board."""

    _inherit = 'ci.station'

    @api.model
    def _values(self, workcenter):
        values = super(CiStation, self)._values(workcenter)
        Entry = self.env['ci.point.entry']
        user = self.env.user
        # the ledger lines are the user's own (record rule); the latest only
        entries = Entry.search(
            [('user_id', '=', user.id)],
            order='date desc, id desc',
            limit=STATION_ENTRIES,
        )
        values.update(
            points_balance=Entry._balance(user, user.company_id),
            points_entries=[
                {
                    'date': entry.date,
                    'points': entry.points,
                    'description': entry.description
                    or entry.source_name
                    or '',
                }
                for entry in entries
            ],
            honour_board=self.env['ci.leaderboard.user'].honour_board(
                limit=STATION_HONOUR_ROWS
            ),
        )
        return values
