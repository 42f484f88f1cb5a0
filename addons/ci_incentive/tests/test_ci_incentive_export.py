# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl
from odoo.exceptions import AccessError

from .boards_common import BoardsCase


class TestCiIncentiveExport(BoardsCase):

    @classmethod
    def setUpClass(cls):
        super(TestCiIncentiveExport, cls).setUpClass()
        cls.entry(cls.bob, 30, '2025-05-03', cls.press_team)
        cls.entry(cls.alice, 45, '2025-05-10', cls.paint_team)
        cls.entry(
            None, 20, '2025-05-11', cls.press_team, rule=cls.team_award_rule
        )
        cls.entry(cls.bob, -10, '2025-05-12', kind='redemption')
        cls.entry(
            cls.carol, 99, '2025-06-01', cls.paint_team
        )  # June: not in May's export

    def read_back(self, wizard):
        report = self.env.ref('ci_incentive.action_report_period_results_xlsx')
        content, kind = report.render_xlsx(wizard.ids, {})
        self.assertEqual(kind, 'xlsx')
        book = openpyxl.load_workbook(io.BytesIO(content))
        return {
            name: [
                tuple(row) for row in book[name].iter_rows(values_only=True)
            ]
            for name in book.sheetnames
        }

    def test_month_results_read_back(self):
        """The XLSX of May: people and teams with their points, read back with
        openpyxl."""
        wizard = (
            self.env['ci.incentive.export']
            .sudo(self.boss)
            .create(
                {
                    'period_type': 'month',
                    'date': '2025-05-20',
                    'company_id': self.plant.id,
                }
            )
        )
        self.assertEqual(wizard.period_label, '2025-05')
        sheets = self.read_back(wizard)
        people, teams = sheets['People'], sheets['Teams']
        self.assertEqual(people[0][:2], ('Period', '2025-05'))
        self.assertEqual(
            people[2][:6],
            (
                'Rank',
                'Person',
                'Login',
                'Points',
                'Entries',
                'Points redeemed',
            ),
        )
        self.assertEqual(
            [r[:6] for r in people[3:]],
            [
                (1, 'Boards Alice', 'boards_alice', 45, 1, 0),
                (2, 'Boards Bob', 'boards_bob', 30, 1, 10),
            ],
        )
        self.assertEqual(
            [r[:5] for r in teams[3:]],
            [(1, 'Press team', 50, 30, 20), (2, 'Paint team', 45, 45, 0)],
        )
        year = self.read_back(
            self.env['ci.incentive.export'].create(
                {
                    'period_type': 'year',
                    'date': '2025-01-01',
                    'company_id': self.plant.id,
                }
            )
        )
        self.assertEqual(
            [r[1:4] for r in year['People'][3:]],
            [
                ('Boards Carol', 'boards_carol', 99),
                ('Boards Alice', 'boards_alice', 45),
                ('Boards Bob', 'boards_bob', 30),
            ],
        )

    def test_only_managers_export(self):
        wizard = (
            self.env['ci.incentive.export']
            .sudo(self.alice)
            .create(
                {
                    'period_type': 'month',
                    'date': '2025-05-20',
                    'company_id': self.plant.id,
                }
            )
        )
        with self.assertRaises(AccessError):
            wizard.action_export()
