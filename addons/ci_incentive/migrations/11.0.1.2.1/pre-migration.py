# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""11.0.1.2.1: the improvement form's inherited views are named
<parent>_view_<type>_inherit_<module> (issue #18); their records keep
their rows."""

from odoo.addons.ci_process.lib.upgrade import rename_xmlids

VIEWS = (
    ('ci_improvement_view_form', 'ci_improvement_view_form_inherit_ci_incentive'),
    (
        'ci_improvement_view_form_engineer_incentive',
        'ci_improvement_view_form_inherit_ci_incentive_engineer',
    ),
)


def migrate(cr, version):
    if not version:
        return
    rename_xmlids(cr, 'ci_incentive', VIEWS)
