# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.6.0: the accountable person is ``owner_id`` everywhere (issue
#18). The columns are renamed before Odoo reads the models, so the values
stay; ci_spc renames its characteristics' owner the same way."""

from odoo.addons.ci_process.lib.upgrade import rename_field, rename_xmlids

RENAMED = (
    ('ci.goal', 'ci_goal', 'user_id'),
    ('ci.kpi.alert.rule', 'ci_kpi_alert_rule', 'user_id'),
    ('ci.sop', 'ci_sop', 'user_id'),
    ('ci.pilot', 'ci_pilot', 'user_id'),
    ('mrp.workcenter', 'mrp_workcenter', 'ci_owner_id'),
)
# inherited views named <parent>_view_<type>_inherit_<module>
VIEWS = (
    ('mrp_workorder_view_form_ci',
     'mrp_workorder_view_form_inherit_ci_process'),
    ('mrp_workcenter_view_form',
     'mrp_workcenter_view_form_inherit_ci_process'),
    ('res_config_settings_view_form',
     'res_config_settings_view_form_inherit_ci_process'),
)


def migrate(cr, version):
    if not version:
        return
    for model, table, old in RENAMED:
        rename_field(cr, model, table, old, 'owner_id')
    rename_xmlids(cr, 'ci_process', VIEWS)
