# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.3.0: the decimals a characteristic is shown with, and first phases
that start at the first measurement.

- Decimals: a tenth of the specification's tolerance (Ø25 ±0.02: 3), else
  the default (3), which the new column holds already.
- The first phase of a characteristic started on 1970-01-01 (it covered all
  time): it starts at the first measurement, never after another phase,
  else when the characteristic was created.
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.ci_spc.lib import display


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT id, lsl, usl FROM ci_spc_characteristic WHERE has_lsl AND has_usl"
    )
    for char_id, lsl, usl in cr.fetchall():
        cr.execute(
            "UPDATE ci_spc_characteristic SET decimals = %s WHERE id = %s",
            (display.decimals_for_tolerance(lsl, usl), char_id),
        )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env['ci.spc.characteristic'].with_context(active_test=False).search(
        []
    )._sync_first_phase()
