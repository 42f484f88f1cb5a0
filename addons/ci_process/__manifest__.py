# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Process Continuous Improvement',
    'summary': 'PDCA loop on manufacturing operations: goals, proposals, '
               'pilots, standards',
    'version': '11.0.1.0.0',
    'category': 'Manufacturing',
    'website': 'https://github.com/ci-suite/ci-suite',
    'author': 'CI Suite Authors',
    'license': 'LGPL-3',
    'application': True,
    'depends': [
        'mail',
        'mrp',
    ],
    'data': [
        'security/ci_security.xml',
        'security/ir.model.access.csv',
        'data/ci_category_data.xml',
        'data/ci_improvement_data.xml',
        'data/ci_sop_data.xml',
        'data/ci_kpi_alert_data.xml',
        'views/ci_pilot_views.xml',
        'views/ci_sop_version_views.xml',
        'views/ci_sop_views.xml',
        'views/ci_sop_review_views.xml',
        'views/mrp_workorder_views.xml',
        'views/ci_improvement_views.xml',
        'views/ci_goal_views.xml',
        'views/ci_kpi_alert_rule_views.xml',
        'views/ci_kpi_alert_evaluation_views.xml',
        'views/mrp_workcenter_views.xml',
        'views/ci_capture_templates.xml',
        'report/ci_workcenter_qr_report.xml',
        'views/menus.xml',
        'views/ci_category_views.xml',
    ],
    'demo': [
        'demo/res_users_demo.xml',
        'demo/ci_process_demo.xml',
        'demo/ci_sop_demo.xml',
    ],
}
