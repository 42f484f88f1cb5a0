# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.5.0: a characteristic's owner is ``owner_id``, as everywhere in
the suite (issue #18); the column is renamed before Odoo reads the model,
so the values stay."""

from odoo.addons.ci_process.lib.upgrade import rename_field, rename_xmlids


def migrate(cr, version):
    if not version:
        return
    rename_field(
        cr,
        'ci.spc.characteristic',
        'ci_spc_characteristic',
        'user_id',
        'owner_id',
    )
    rename_xmlids(
        cr,
        'ci_spc',
        (
            (
                'mrp_workorder_view_form_ci_spc',
                'mrp_workorder_view_form_inherit_ci_spc',
            ),
        ),
    )
