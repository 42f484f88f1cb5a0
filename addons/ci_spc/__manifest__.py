# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Process Continuous Improvement - SPC',
    'summary': 'Statistical process control: control charts, run rules, '
    'capability',
    'version': '11.0.1.5.0',
    'category': 'Manufacturing',
    'website': 'https://github.com/ci-suite/ci-suite',
    'author': 'CI Suite Authors',
    'license': 'LGPL-3',
    'depends': [
        'ci_process',
        'report_xlsx',
    ],
    'external_dependencies': {
        'python': ['numpy'],
    },
    'data': [
        'security/ci_spc_security.xml',
        'security/ir.model.access.csv',
        'data/ci_spc_rule_data.xml',
        'report/ci_spc_chart_report.xml',
        'views/assets.xml',
        'views/ci_spc_rule_views.xml',
        'wizards/ci_spc_measurement_void_views.xml',
        'views/ci_spc_measurement_views.xml',
        'wizards/ci_spc_measurement_entry_views.xml',
        'views/ci_spc_batch_views.xml',
        'views/ci_spc_phase_views.xml',
        'views/ci_spc_signal_views.xml',
        'views/ci_spc_characteristic_views.xml',
        'views/mrp_workorder_views.xml',
        'views/ci_station_templates.xml',
        'views/menus.xml',
        'views/ci_spc_field_assets.xml',
    ],
    'qweb': [
        'static/src/xml/control_chart.xml',
    ],
}
