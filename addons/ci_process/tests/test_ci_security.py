# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import CiCase


class TestCiGroups(CiCase):

    def test_every_internal_user_is_ci_user(self):
        """A plain internal user gets CI User through base.group_user."""
        self.assertTrue(self.user_ci.has_group('ci_process.group_ci_user'))
        self.assertFalse(
            self.user_ci.has_group('ci_process.group_ci_engineer')
        )

    def test_roles_imply_each_other(self):
        """Manager implies Engineer implies User."""
        self.assertTrue(self.engineer_ci.has_group('ci_process.group_ci_user'))
        self.assertFalse(
            self.engineer_ci.has_group('ci_process.group_ci_manager')
        )
        self.assertTrue(
            self.manager_ci.has_group('ci_process.group_ci_engineer')
        )
        self.assertTrue(self.manager_ci.has_group('ci_process.group_ci_user'))

    def test_portal_user_is_not_ci_user(self):
        """Portal users (customers, suppliers) do not take part."""
        portal = self.make_user('ci_test_portal', ['base.group_portal'])
        self.assertFalse(portal.has_group('ci_process.group_ci_user'))

    def test_admin_is_ci_manager(self):
        self.assertTrue(
            self.env.ref('base.user_root').has_group(
                'ci_process.group_ci_manager'
            )
        )

    def test_ci_user_sees_the_menu(self):
        """The top menu is reserved to CI Users, and a CI User sees it."""
        root = self.env.ref('ci_process.menu_ci_root')
        self.assertEqual(
            root.groups_id, self.env.ref('ci_process.group_ci_user')
        )
        visible = (
            self.env['ir.ui.menu']
            .sudo(self.user_ci)
            .search([('id', '=', root.id)])
        )
        self.assertEqual(visible, root)
