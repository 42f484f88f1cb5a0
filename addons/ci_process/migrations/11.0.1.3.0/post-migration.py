# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.3.0 shapes a pilot's evidence to its test: confidence intervals,
the test's kind. Pilots evaluated before get them from the figures they
stored (n, means, standard deviations, df): their results stay as they were
computed, nothing is fetched again from the work orders."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    pilots = (
        env['ci.pilot']
        .with_context(active_test=False)
        .search([('date_evaluated', '!=', False), ('test_kind', '=', False)])
    )
    pilots._recompute_evidence()
