# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.2.0 corrected Chinese terms that carried another sense (State as
州/省, Title as 称谓...: i18n/terms.zh_CN.json). An upgrade keeps the
translations a database already holds, so the suite's own are loaded again
over them, once every addon of the suite is up to date."""

from odoo import SUPERUSER_ID, api

SUITE = ('ci_process', 'ci_spc', 'ci_incentive')


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    modules = env['ir.module.module'].search(
        [('name', 'in', SUITE), ('state', '=', 'installed')]
    )
    modules.with_context(overwrite=True)._update_translations()
