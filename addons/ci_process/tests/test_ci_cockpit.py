# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import fields
from odoo.exceptions import AccessError

from . import test_ci_health as health
from ..lib import cockpit as cockpit_lib


class TestCiCockpit(health.TestCiHealth):
    """The cockpit's tiles against program health's figures, on program
    health's hand-counted company B (see TestCiHealth): the same numbers,
    for its engineers and managers only, and nothing of another company."""

    def _tiles(self, user=None, date_from=None, date_to=None):
        tiles = (
            self.env['ci.cockpit']
            .sudo(user or self.manager_b)
            ._tiles(
                self.company_b,
                date_from or self.date_from,
                date_to or self.date_to,
            )
        )
        return {tile['key']: tile for tile in tiles}

    def _count(self, tile, user=None):
        action = tile['action']
        return (
            self.env[action['res_model']]
            .sudo(user or self.manager_b)
            .search_count(action['domain'])
        )

    def test_cockpit_figures_are_program_healths(self):
        """Ideas, participation, benefit and the review queue: program health's
        figures, the lists their counts."""
        fig = self._figures()
        tiles = self._tiles()
        self.assertEqual(tiles['ideas']['count'], fig['proposals'])
        self.assertEqual(tiles['ideas']['count'], 13)
        self.assertEqual(
            sum(bar['value'] for bar in tiles['ideas']['bars']), 13
        )
        # 13 months of the period; the last one is the month so far
        self.assertEqual(len(tiles['ideas']['bars']), 13)
        self.assertTrue(tiles['ideas']['bars'][-1]['current'])
        self.assertEqual(tiles['benefit']['count'], fig['impact_count'])
        self.assertEqual(fig['impact_count'], 2)
        # the amount with the currency's symbol, no markup
        symbol = self.company_b.currency_id.symbol
        self.assertIn(symbol, tiles['benefit']['value'])
        self.assertIn('4,460.00', tiles['benefit']['value'])
        self.assertNotIn('&', tiles['benefit']['value'])
        # waiting for a decision: o1, o5, o6 submitted, o2 in review; the oldest first
        queue = tiles['queue']
        self.assertEqual(queue['count'], 4)
        self.assertEqual([bar['value'] for bar in queue['bars']], [0, 0, 2, 2])
        self.assertEqual(
            [row['id'] for row in queue['rows']],
            [self.imp['o2'].id, self.imp['o5'].id, self.imp['o6'].id],
        )
        for key in (
            'ideas',
            'benefit',
            'queue',
            'goals',
            'alerts',
            'acknowledgements',
        ):
            self.assertEqual(self._count(tiles[key]), tiles[key]['count'], key)
        # the dashboard shows the same tiles over its period
        board = (
            self.env['ci.health.dashboard']
            .sudo(self.manager_b)
            .create(
                {
                    'period': 'custom',
                    'date_from': self.date_from,
                    'date_to': self.date_to,
                    'company_id': self.company_b.id,
                }
            )
        )
        self.assertIn('data-key="queue"', board.overview_html)
        self.assertIn('4,460.00', board.impact_display)
        self.assertIn('month so far', board.period_text)

    def test_cockpit_data_of_the_users_company(self):
        """cockpit_data: the last 12 whole months and the month so far of the
        user's company."""
        data = self.env['ci.cockpit'].sudo(self.manager_b).cockpit_data()
        tiles = {tile['key']: tile for tile in data['tiles']}
        today = fields.Date.from_string(
            fields.Date.context_today(
                self.env['ci.cockpit'].sudo(self.manager_b)
            )
        )
        start, _end = cockpit_lib.cockpit_period(today)
        fig = (
            self.env['ci.health.improvement']
            .sudo(self.manager_b)
            ._program_figures(start, today, self.company_b)
        )
        self.assertEqual(tiles['ideas']['count'], fig['proposals'])
        self.assertEqual(data['company'], self.company_b.name)
        # an engineer of B has the cockpit too
        engineer_b = self.make_user(
            'ci_cockpit_engineer',
            ['base.group_user', 'ci_process.group_ci_engineer'],
            company=self.company_b,
        )
        data = self.env['ci.cockpit'].sudo(engineer_b).cockpit_data()
        self.assertEqual(
            {tile['key']: tile['count'] for tile in data['tiles']}['ideas'],
            fig['proposals'],
        )

    def test_cockpit_caller(self):
        """CI Users keep the station: the cockpit refuses them; another
        company's tiles are refused."""
        with self.assertRaises(AccessError):
            self.env['ci.cockpit'].sudo(self.user_ci).cockpit_data()
        with self.assertRaises(AccessError):
            self._tiles(user=self.manager_ci)
        # the main company's manager: none of B's improvements in any list
        data = self.env['ci.cockpit'].sudo(self.manager_ci).cockpit_data()
        b_improvements = set(
            self.env['ci.improvement']
            .search([('company_id', '=', self.company_b.id)])
            .ids
        )
        for tile in data['tiles']:
            action = tile['action']
            records = (
                self.env[action['res_model']]
                .sudo(self.manager_ci)
                .search(action['domain'])
            )
            self.assertFalse(
                set(records.mapped('company_id').ids) - {self.company.id},
                tile['key'],
            )
            if action['res_model'] == 'ci.improvement':
                self.assertFalse(
                    set(records.ids) & b_improvements, tile['key']
                )
        menu = self.env.ref('ci_process.ci_cockpit_menu')
        self.assertNotIn(
            menu.id,
            self.env['ir.ui.menu'].sudo(self.user_ci)._visible_menu_ids(),
        )
        self.assertIn(
            menu.id,
            self.env['ir.ui.menu'].sudo(self.engineer_ci)._visible_menu_ids(),
        )

    def test_goals_alerts_acknowledgements(self):
        """Goals against target with a trend, alerts fired in 30 days,
        standards in force acknowledged."""
        goal = self.env['ci.goal'].create(
            {
                'name': 'CI Cockpit goal',
                'company_id': self.company_b.id,
                'workcenter_id': self.wc1.id,
                'kpi': 'cycle_time',
                'baseline_date_from': '2020-01-01',
                'baseline_date_to': '2020-01-31',
                'target_value': 5.0,
                'date_start': str(self.today - datetime.timedelta(days=30)),
                'date_deadline': str(self.today + datetime.timedelta(days=30)),
            }
        )
        tiles = self._tiles()
        self.assertEqual(tiles['goals']['count'], 1)
        self.assertEqual(tiles['goals']['rows'][0]['id'], goal.id)
        self.assertEqual(tiles['alerts']['count'], 0)
        self.assertEqual(tiles['acknowledgements']['count'], 0)
        self.assertEqual(tiles['acknowledgements']['value'], '—')

    def test_lib(self):
        """The period, the months and the geometry of the cockpit."""
        today = datetime.date(2026, 3, 15)
        self.assertEqual(
            cockpit_lib.cockpit_period(today),
            (datetime.date(2025, 3, 1), today),
        )
        self.assertEqual(
            cockpit_lib.last_whole_months(today, 12),
            (datetime.date(2025, 3, 1), datetime.date(2026, 2, 28)),
        )
        self.assertEqual(
            len(cockpit_lib.months_between(datetime.date(2025, 3, 1), today)),
            13,
        )
        self.assertEqual(cockpit_lib.spark_points([1.0]), '')
        self.assertEqual(
            cockpit_lib.spark_points([0.0, None, 2.0]), '1.0,23.0 99.0,1.0'
        )
        self.assertEqual(
            cockpit_lib.bar_heights([0, 2, 4, None]), [0.0, 50.0, 100.0, 0.0]
        )
        self.assertEqual(cockpit_lib.bar_heights([0, 0]), [0.0, 0.0])


# program health's own tests run in their module, not again here
for _name in [
    name for name in health.TestCiHealth.__dict__ if name.startswith('test_')
]:
    setattr(TestCiCockpit, _name, None)
