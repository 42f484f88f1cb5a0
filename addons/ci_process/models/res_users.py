# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResUsers(models.Model):
    _inherit = 'res.users'

    def _ci_station_excluded_groups(self):
        """Groups whose members work in the backend: any of them and the user
        does not land on the operator's station after logging in. Other
        addons add theirs with super()."""
        return [
            'ci_process.group_ci_engineer',
            'base.group_erp_manager',
            'base.group_system',
            'base.group_portal',
            'base.group_public',
            'mrp.group_mrp_user',
            'stock.group_stock_user',
            'account.group_account_invoice',
            'sales_team.group_sale_salesman',
            'purchase.group_purchase_user',
            'hr.group_hr_user',
            'project.group_project_user',
        ]

    def _ci_is_station_user(self):
        """Whether the user's only role is CI User (an operator): then their
        home is the station (/ci/station), not the backend."""
        self.ensure_one()
        if not self.has_group(
            'ci_process.group_ci_user'
        ) or not self.has_group('base.group_user'):
            return False
        for xmlid in self._ci_station_excluded_groups():
            # groups of modules not installed do not exist
            if self.env.ref(
                xmlid, raise_if_not_found=False
            ) and self.has_group(xmlid):
                return False
        return True
