# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import SpcCase


class TestSpcCockpit(SpcCase):
    """The cockpit's SPC tile: characteristics out of control now."""

    def test_tile_out_of_control(self):
        """Characteristics with new signals, the worst first; the list it opens
        counts them; handled ones drop out."""
        cockpit = self.env['ci.cockpit'].sudo(self.manager_ci)
        before = {t['key']: t for t in cockpit.cockpit_data()['tiles']}['spc'][
            'count'
        ]
        worse = self.make_char(auto_improvement=False)
        self.ingest(
            self.values_rows(
                worse,
                list(self.rng.normal(10.0, 0.1, 20)) + [99.0, 10.0, 99.0],
            )
        )
        once = self.make_char(auto_improvement=False)
        self.ingest(
            self.values_rows(
                once, list(self.rng.normal(10.0, 0.1, 20)) + [99.0]
            )
        )
        tiles = cockpit.cockpit_data()['tiles']
        self.assertEqual([t['key'] for t in tiles][:2], ['goals', 'spc'])
        tile = tiles[1]
        self.assertEqual(tile['count'], before + 2)
        ids = [row['id'] for row in tile['rows']]
        self.assertLess(ids.index(worse.id), ids.index(once.id))
        action = tile['action']
        self.assertEqual(
            self.env[action['res_model']]
            .sudo(self.manager_ci)
            .search_count(action['domain']),
            tile['count'],
        )
        once.signal_ids.sudo(self.engineer_ci).action_acknowledge()
        tile = {t['key']: t for t in cockpit.cockpit_data()['tiles']}['spc']
        self.assertEqual(tile['count'], before + 1)
        self.assertNotIn(once.id, [row['id'] for row in tile['rows']])
