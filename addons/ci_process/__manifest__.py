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
        'views/menus.xml',
        'views/ci_category_views.xml',
    ],
    'demo': [
        'demo/res_users_demo.xml',
    ],
}
