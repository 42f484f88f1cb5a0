# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests.common import SavepointCase


class CiCase(SavepointCase):
    """Fixtures shared by the suite's tests: one user per CI role."""

    @classmethod
    def setUpClass(cls):
        super(CiCase, cls).setUpClass()
        cls.company = cls.env.ref('base.main_company')
        cls.user_ci = cls.make_user('ci_test_user', ['base.group_user'])
        cls.engineer_ci = cls.make_user(
            'ci_test_engineer', ['base.group_user', 'ci_process.group_ci_engineer'])
        cls.manager_ci = cls.make_user(
            'ci_test_manager', ['base.group_user', 'ci_process.group_ci_manager'])

    @classmethod
    def make_user(cls, login, group_xmlids, company=None):
        company = company or cls.company
        return cls.env['res.users'].with_context(no_reset_password=True).create({
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            # messages asserted in English; the demo database defaults to Chinese
            'lang': 'en_US',
            'company_id': company.id,
            'company_ids': [(6, 0, company.ids)],
            'groups_id': [(6, 0, [cls.env.ref(x).id for x in group_xmlids])],
        })
