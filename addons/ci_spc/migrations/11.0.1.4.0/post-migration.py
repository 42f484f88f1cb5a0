# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.4.0: phases keep the statistics of their measurements (issue #16).

The sums, counts and histogram bins of every phase (ci.spc.phase, stat_*
fields and the table ci_spc_phase_bin) are computed once from the stored
measurements; from then on ingest, voids, corrections and phase changes keep
them up to date in their own transactions.
"""

from odoo import SUPERUSER_ID, api


def fill_phase_stats(cr):
    """Every phase's statistics from its rows; returns how many phases."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    return env['ci.spc.phase']._stats_rebuild()


def migrate(cr, version):
    if not version:
        return
    fill_phase_stats(cr)
