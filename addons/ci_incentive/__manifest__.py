# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    'name': 'Process Continuous Improvement - Incentives',
    'summary': 'Points, teams, leaderboards, honour board, awards and rewards',
    'version': '11.0.1.0.0',
    'category': 'Manufacturing',
    'website': 'https://github.com/ci-suite/ci-suite',
    'author': 'CI Suite Authors',
    'license': 'LGPL-3',
    'depends': [
        'ci_process',
        'gamification',
        'report_xlsx',
    ],
    'data': [
        'security/ci_incentive_security.xml',
        'security/ir.model.access.csv',
        'views/menus.xml',
        'views/ci_reward_views.xml',
        'views/ci_team_views.xml',
        'views/ci_point_rule_views.xml',
        'views/ci_point_entry_views.xml',
        'views/ci_reward_redemption_views.xml',
        'views/ci_improvement_views.xml',
        'views/ci_incentive_menus.xml',
        'data/ci_award_data.xml',
        'views/ci_leaderboard_user_views.xml',
        'views/ci_leaderboard_team_views.xml',
        'views/ci_award_views.xml',
        'report/ci_incentive_reports.xml',
        'views/ci_incentive_export_views.xml',
    ],
    'uninstall_hook': 'uninstall_hook',
    'demo': [
        'demo/ci_reward_demo.xml',
        'demo/ci_point_rule_demo.xml',
    ],
}
