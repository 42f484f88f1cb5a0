"""The demo plant's boards (issue #14): the floor competes with the floor.

After the demo factory (its monthly award job, per board), last month's
shop-floor honour board is topped by an operator or team leader, the floor's
awards and badges went to floor people, and the engineers are on the board
of the engineers and managers."""
import datetime

import odoo
import pytest


@pytest.fixture(scope='module')
def env(db_name):
    with odoo.registry(db_name).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not env['ir.config_parameter'].get_param('ci_demo_factory.loaded'):
            pytest.fail("the demo factory is not loaded in %s" % db_name)
        yield env
        cr.rollback()


def test_floor_board_is_the_floors(env):
    """Last month: the floor's first is no engineer; its awards and badges are floor people's; engineers rank on staff."""
    floor, staff = env.ref('ci_incentive.ci_board_floor'), env.ref('ci_incentive.ci_board_staff')
    engineer = env.ref('ci_process.group_ci_engineer')
    month = str((datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1))
    rows = env['ci.leaderboard.user'].search([('period_type', '=', 'month'), ('period_start', '=', month),
                                              ('company_id', '=', floor.company_id.id)])
    first = rows.filtered(lambda r: r.board_id == floor and r.board_rank == 1).mapped('user_id')
    assert first and not first & engineer.users
    assert rows.filtered(lambda r: r.board_id == floor).mapped('user_id') & engineer.users == env['res.users']
    # the demo's engineers earn points: on their own board
    assert rows.filtered(lambda r: r.user_id in engineer.users) \
        and all(r.board_id == staff for r in rows if r.user_id in engineer.users)
    awards = env['ci.award'].search([('period_start', '=', month), ('company_id', '=', floor.company_id.id)])
    assert awards and set(awards.mapped('board_id')) == {floor}
    assert {'top_points', 'top_team'} <= set(awards.mapped('kind'))
    assert awards.filtered(lambda a: a.kind == 'top_points').mapped('user_id') == first
    people = awards.mapped('user_id') | env['gamification.badge.user'].search(
        [('ci_award_id', 'in', awards.ids)]).mapped('user_id')
    assert people and not people & engineer.users
