# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Process Continuous Improvement - SPC',
    'summary': 'Statistical process control: control charts, run rules, '
               'capability',
    'version': '11.0.1.0.0',
    'category': 'Manufacturing',
    'website': 'https://github.com/ci-suite/ci-suite',
    'author': 'CI Suite Authors',
    'license': 'LGPL-3',
    'depends': [
        'ci_process',
    ],
    'external_dependencies': {
        'python': ['numpy'],
    },
    'data': [
        'security/ir.model.access.csv',
        'data/ci_spc_rule_data.xml',
        'views/ci_spc_rule_views.xml',
        'views/menus.xml',
    ],
}
