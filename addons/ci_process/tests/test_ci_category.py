# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import CiCase


class TestCiCategory(CiCase):

    def test_default_categories(self):
        """The five kinds of improvement of the method ship as data."""
        codes = self.env['ci.category'].search([]).mapped('code')
        for code in ('quality', 'efficiency', 'cost', 'safety', 'ergonomics'):
            self.assertIn(code, codes)

    def test_user_and_engineer_read_only(self):
        """CI Users and Engineers read categories but cannot change them."""
        for user in (self.user_ci, self.engineer_ci):
            Category = self.env['ci.category'].sudo(user)
            self.assertTrue(Category.search([('code', '=', 'quality')]))
            with self.assertRaises(AccessError):
                Category.create({'name': 'Energy', 'code': 'energy'})
            quality = Category.search([('code', '=', 'quality')])
            with self.assertRaises(AccessError):
                quality.write({'name': 'Q'})
            with self.assertRaises(AccessError):
                quality.unlink()

    def test_manager_maintains(self):
        Category = self.env['ci.category'].sudo(self.manager_ci)
        energy = Category.create({'name': 'Energy', 'code': 'energy'})
        energy.write({'sequence': 5})
        self.assertEqual(energy.sequence, 5)
        energy.unlink()
        self.assertFalse(energy.exists())

    def test_code_must_be_one_word(self):
        Category = self.env['ci.category'].sudo(self.manager_ci)
        for bad in ('', '  ', 'two words', ' lead'):
            with self.assertRaises(
                ValidationError
            ) as cm, self.env.cr.savepoint():
                Category.create({'name': 'Bad', 'code': bad})
            self.assertIn(repr(bad), str(cm.exception))
        self.assertFalse(Category.search([('name', '=', 'Bad')]))

    @mute_logger('odoo.sql_db')
    def test_code_unique_per_company(self):
        Category = self.env['ci.category'].sudo(self.manager_ci)
        Category.create(
            {'name': 'Energy', 'code': 'energy', 'company_id': self.company.id}
        )
        with self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                Category.create(
                    {
                        'name': 'Energy 2',
                        'code': 'energy',
                        'company_id': self.company.id,
                    }
                )

    def test_other_company_categories_hidden(self):
        """A category of another company is invisible; shared ones are visible."""
        other = self.env['res.company'].create({'name': 'Other Plant'})
        private = self.env['ci.category'].create(
            {
                'name': 'Other only',
                'code': 'other_only',
                'company_id': other.id,
            }
        )
        shared = self.env['ci.category'].create(
            {'name': 'Shared', 'code': 'shared'}
        )
        seen = self.env['ci.category'].sudo(self.user_ci).search([])
        self.assertIn(shared, seen)
        self.assertNotIn(private, seen)
