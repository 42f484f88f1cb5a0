# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.ci_process.tests.common import CiCase


class TestCiSpcRule(CiCase):

    def test_catalogue_has_published_rules(self):
        """Western Electric 1-4 and Nelson 1-8 ship with their published
        parameters."""
        Rule = self.env['ci.spc.rule']
        expected = {
            'we1': ('beyond_limit', 1, 1, 3.0),
            'we2': ('m_of_n_beyond', 3, 2, 2.0),
            'we3': ('m_of_n_beyond', 5, 4, 1.0),
            'we4': ('same_side', 8, 8, 0.0),
            'nelson1': ('beyond_limit', 1, 1, 3.0),
            'nelson2': ('same_side', 9, 9, 0.0),
            'nelson3': ('trend', 6, 6, 0.0),
            'nelson4': ('alternating', 14, 14, 0.0),
            'nelson5': ('m_of_n_beyond', 3, 2, 2.0),
            'nelson6': ('m_of_n_beyond', 5, 4, 1.0),
            'nelson7': ('within', 15, 15, 1.0),
            'nelson8': ('outside', 8, 8, 1.0),
        }
        rules = Rule.search([('code', 'in', list(expected))])
        self.assertEqual(len(rules), 12)
        for rule in rules:
            self.assertEqual(
                (rule.test_type, rule.window, rule.min_count, rule.sigma),
                expected[rule.code],
                rule.code,
            )

    def test_only_managers_tune_rules(self):
        rule = self.env.ref('ci_spc.ci_spc_rule_nelson2')
        for user in (self.user_ci, self.engineer_ci):
            self.assertEqual(rule.sudo(user).window, 9)
            with self.assertRaises(AccessError):
                rule.sudo(user).write({'window': 7})
            with self.assertRaises(AccessError):
                self.env['ci.spc.rule'].sudo(user).create(
                    {
                        'name': 'x',
                        'code': 'x',
                        'family': 'nelson',
                        'test_type': 'trend',
                    }
                )
        rule.sudo(self.manager_ci).write({'window': 7, 'min_count': 7})
        self.assertEqual(rule.window, 7)
        with self.assertRaises(AccessError):
            rule.sudo(self.manager_ci).unlink()

    def test_parameters_validated(self):
        rule = self.env.ref('ci_spc.ci_spc_rule_we2').sudo(self.manager_ci)
        for values, word in (
            ({'window': 0}, 'Points (N)'),
            ({'window': 51}, 'Points (N)'),
            ({'min_count': 4}, 'Of which (M)'),
            ({'min_count': 0}, 'Of which (M)'),
            ({'sigma': -1.0}, 'Sigma level'),
            ({'sigma': 7.0}, 'Sigma level'),
        ):
            with self.assertRaises(
                ValidationError
            ) as cm, self.env.cr.savepoint():
                rule.write(values)
            self.assertIn(word, str(cm.exception))
            self.assertIn(str(list(values.values())[0]), str(cm.exception))
        rule.invalidate_cache()
        self.assertEqual(
            (rule.window, rule.min_count, rule.sigma), (3, 2, 2.0)
        )
