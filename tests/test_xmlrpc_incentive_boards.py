"""Incentive boards over real XML-RPC: who reads the boards, who grants and exports."""
import datetime
import xmlrpc.client

import pytest
from odoo.service.wsgi_server import RPC_FAULT_CODE_ACCESS_ERROR as RPC_ACCESS_ERROR


def _past_month():
    first = datetime.date.today().replace(day=1)
    return str((first - datetime.timedelta(days=40)).replace(day=1))


def test_everyone_reads_the_boards_nobody_writes_them(operator, manager):
    """An operator reads both leaderboards and the awards; writing a board row is refused."""
    for model in ('ci.leaderboard.user', 'ci.leaderboard.team', 'ci.award'):
        assert isinstance(operator(model, 'search_read', [], fields=['id'], limit=5), list)
    fields = operator('ci.leaderboard.user', 'fields_get', ['best_improvement_id', 'badge_ids', 'rank'])
    assert set(fields) == {'best_improvement_id', 'badge_ids', 'rank'}
    rows = manager('ci.leaderboard.user', 'search', [], limit=1)
    if rows:
        with pytest.raises(xmlrpc.client.Fault) as err:
            operator('ci.leaderboard.user', 'write', rows, {'points': 10 ** 6})
        assert err.value.faultCode == RPC_ACCESS_ERROR


def test_operator_cannot_grant_awards_or_export(operator):
    """The award run and the payroll export are refused to an operator; nothing is granted."""
    before = operator('ci.award', 'search_count', [])
    run = operator('ci.award.run', 'create', {'month': _past_month()})
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.award.run', 'action_grant', [run])
    assert err.value.faultCode == RPC_ACCESS_ERROR
    assert operator('ci.award', 'search_count', []) == before
    export = operator('ci.incentive.export', 'create', {'period_type': 'month', 'date': _past_month()})
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.incentive.export', 'action_export', [export])
    assert err.value.faultCode == RPC_ACCESS_ERROR
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.award', 'create', {'kind': 'top_points', 'period_start': _past_month()})
    assert err.value.faultCode == RPC_ACCESS_ERROR


def test_manager_grants_twice(manager):
    """A manager runs the awards of a past month twice (same awards); the current month is refused."""
    run = manager('ci.award.run', 'create', {'month': _past_month()})
    first = manager('ci.award.run', 'action_grant', [run])
    again = manager('ci.award.run', 'action_grant', [manager('ci.award.run', 'create', {'month': _past_month()})])
    assert first['res_model'] == 'ci.award' and first['domain'] == again['domain']
    # (the export's report action carries data=None, which XML-RPC cannot
    # marshal: the XLSX is tested in-process, read back with openpyxl)
    with pytest.raises(xmlrpc.client.Fault) as err:
        manager('ci.award.run', 'action_grant',
                [manager('ci.award.run', 'create', {'month': str(datetime.date.today())})])
    assert 'is not over yet' in err.value.faultString or '尚未结束' in err.value.faultString


def test_own_ledger_lines_only(operator, manager):
    """'My Points': an operator reads only their own ledger lines."""
    others = manager('ci.point.entry', 'search', [('user_id', '!=', operator.uid)], limit=5)
    mine = operator('ci.point.entry', 'search_read', [], fields=['user_id'])
    assert all(line['user_id'] and line['user_id'][0] == operator.uid for line in mine)
    assert not set(others) & {line['id'] for line in mine}
