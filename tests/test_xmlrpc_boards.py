"""Boards over real XML-RPC (issue #14): the floor competes with the floor.

The demo plant's two boards (ci_incentive/data/ci_board_data.xml): the shop
floor (CI Users who are not engineers) and the engineers and managers. The
floor's rows, honour board and awards never show staff; operators read the
boards and change none; another company's board is not theirs to read.
"""
import datetime
import uuid
import xmlrpc.client

import odoo
import pytest
from odoo import SUPERUSER_ID, api

from test_xmlrpc_access import RPC_ACCESS_ERROR


def _fault(call, *args, **kw):
    with pytest.raises(xmlrpc.client.Fault) as err:
        call(*args, **kw)
    return err.value


@pytest.fixture(scope='module')
def boards(db_name):
    """{'floor', 'staff': board id, 'floor_people', 'staff_people': user ids}, main company."""
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        floor, staff = env.ref('ci_incentive.ci_board_floor'), env.ref('ci_incentive.ci_board_staff')
        return {'floor': floor.id, 'staff': staff.id,
                'floor_people': floor._member_ids(), 'staff_people': staff._member_ids()}


def test_floor_board_excludes_staff(operator, engineer, manager, boards):
    """The floor's leaderboard rows and honour board have no engineer or manager; staff's have them."""
    assert {engineer.uid, manager.uid} <= boards['staff_people']
    assert operator.uid in boards['floor_people'] and not boards['floor_people'] & boards['staff_people']
    rows = operator('ci.leaderboard.user', 'search_read', [('board_id', '=', boards['floor'])],
                    fields=['user_id', 'board_rank'])
    assert rows and {r['user_id'][0] for r in rows} <= boards['floor_people']
    staff_rows = operator('ci.leaderboard.user', 'search_read', [('board_id', '=', boards['staff'])],
                          fields=['user_id'])
    assert {r['user_id'][0] for r in staff_rows} <= boards['staff_people']
    # the honour board of the caller: an operator's is the floor's, an engineer's the staff's
    for client, people in ((operator, boards['floor_people']), (engineer, boards['staff_people'])):
        for row in client('ci.leaderboard.user', 'honour_board'):
            assert set(row) == {'rank', 'user_id', 'name', 'points'} and row['user_id'] in people
    floor = operator('ci.leaderboard.user', 'honour_board', boards['floor'], limit=3)
    assert len(floor) <= 3 and [r['rank'] for r in floor] == sorted(r['rank'] for r in floor)


def test_award_job_gives_floor_awards_to_floor_people(manager, boards):
    """Last month's awards, run by a manager: every award is a board's; the floor's winners and badges are floor people."""
    month = str((datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1))
    action = manager('ci.award.run', 'action_grant', [manager('ci.award.run', 'create', {'month': month})])
    awards = manager('ci.award', 'search_read', action['domain'], fields=['board_id', 'user_id', 'kind'])
    assert awards and all(a['board_id'] for a in awards)
    floor = [a for a in awards if a['board_id'][0] == boards['floor']]
    assert {a['kind'] for a in floor} >= {'top_points', 'top_team'}
    assert all(a['user_id'][0] in boards['floor_people'] for a in floor if a['user_id'])
    badges = manager('gamification.badge.user', 'search_read',
                     [('ci_award_id', 'in', [a['id'] for a in floor])], fields=['user_id'])
    assert badges and {b['user_id'][0] for b in badges} <= boards['floor_people']


def test_operator_cannot_configure_boards(operator, engineer, manager, boards):
    """Operators and engineers read the boards; creating, changing or deleting one is refused."""
    tag = uuid.uuid4().hex[:8]
    for client in (operator, engineer):
        names = client('ci.board', 'search_read', [], fields=['name'])
        assert {boards['floor'], boards['staff']} <= {b['id'] for b in names}
        assert _fault(client, 'ci.board', 'create', {'name': 'Mine ' + tag, 'user_ids': [(6, 0, [client.uid])]}
                      ).faultCode == RPC_ACCESS_ERROR
        assert _fault(client, 'ci.board', 'write', [boards['floor']], {'exclude_group_ids': [(5,)]}
                      ).faultCode == RPC_ACCESS_ERROR
        assert _fault(client, 'ci.board', 'unlink', [boards['staff']]).faultCode == RPC_ACCESS_ERROR
    assert manager('ci.board', 'read', [boards['floor']], ['exclude_group_ids'])[0]['exclude_group_ids']


def test_boards_stay_in_their_company(operator, boards, db_name):
    """Another company's board: not listed, not readable, its honour board refused; rows never carry it."""
    tag = uuid.uuid4().hex[:8]
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company2 = env['res.company'].create({'name': 'Boards Plant %s' % tag})
        other = env['ci.board'].create({'name': 'Far floor %s' % tag, 'company_id': company2.id,
                                        'group_ids': [(6, 0, env.ref('ci_process.group_ci_user').ids)]}).id
        # the operator is a CI User: one of its people, but ranked there on that company's points only
        assert operator.uid in env['ci.board'].browse(other)._member_ids()
        cr.commit()
    assert other not in operator('ci.board', 'search', [])
    assert _fault(operator, 'ci.board', 'read', [other], ['name']).faultCode == RPC_ACCESS_ERROR
    assert _fault(operator, 'ci.leaderboard.user', 'honour_board', other).faultCode == RPC_ACCESS_ERROR
    assert _fault(operator, 'ci.board', 'action_view_honour_board', [other]).faultCode == RPC_ACCESS_ERROR
    assert not operator('ci.leaderboard.user', 'search', [('board_id', '=', other)])
    mine = operator('ci.leaderboard.user', 'search_read', [('user_id', '=', operator.uid)], fields=['board_id'])
    assert {r['board_id'][0] for r in mine if r['board_id']} == {boards['floor']}
