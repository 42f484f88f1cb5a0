"""Incentives over real XML-RPC, per group: nobody awards themselves anything."""
import uuid
import xmlrpc.client

import pytest
from test_xmlrpc_access import RPC_ACCESS_ERROR

EN = {'lang': 'en_US'}


def _fault(call, *args, **kw):
    with pytest.raises(xmlrpc.client.Fault) as err:
        call(*args, **kw)
    return err.value


def test_nobody_awards_themselves(operator, engineer, manager):
    """Private award methods are refused remotely; ledger entries are created by nobody,
    changed and deleted by nobody, managers included."""
    imp_id = operator('ci.improvement', 'create', {'title': 'RPC points', 'problem': 'Self award'})
    for client in (operator, engineer, manager):
        fault = _fault(client, 'ci.point.rule', '_award', 'submitted', [imp_id])
        assert 'private' in fault.faultString.lower()
        fault = _fault(client, 'ci.point.entry', 'create', {
            'user_id': client.uid, 'points': 1000, 'kind': 'award', 'date': '2026-01-01',
            'res_model': 'ci.improvement', 'res_id': imp_id, 'company_id': 1}, context=EN)
        assert fault.faultCode == RPC_ACCESS_ERROR
    before = manager('ci.point.entry', 'search_count', [('user_id', '=', operator.uid)])
    assert before == operator('ci.point.entry', 'search_count', [])


def test_only_managers_configure(operator, engineer, manager):
    """Rules, teams and rewards: managers create them; users and engineers are refused."""
    tag = uuid.uuid4().hex[:8]
    for client in (operator, engineer):
        for model, vals in (('ci.point.rule', {'name': 'Mine ' + tag, 'event': 'submitted', 'points': 999}),
                            ('ci.team', {'name': 'Mine ' + tag})):
            assert _fault(client, model, 'create', vals).faultCode == RPC_ACCESS_ERROR
    assert not manager('ci.point.rule', 'search', [('name', '=', 'Mine ' + tag), ('active', 'in', [True, False])])
    team_id = manager('ci.team', 'create', {'name': 'RPC team ' + tag, 'member_ids': [(6, 0, [operator.uid])]})
    assert operator('ci.team', 'read', [team_id], fields=['name'])[0]['name'] == 'RPC team ' + tag
    assert _fault(operator, 'ci.team', 'write', [team_id], {'name': 'Renamed'}).faultCode == RPC_ACCESS_ERROR
    # bad input names the field and the value; nothing is written
    fault = _fault(manager, 'ci.point.rule', 'create', {'name': 'Bad ' + tag, 'event': 'submitted', 'points': 5,
                                                         'cap_points': -1}, context=EN)
    assert 'Cap (points)' in fault.faultString and '-1' in fault.faultString
    assert not manager('ci.point.rule', 'search', [('name', '=', 'Bad ' + tag), ('active', 'in', [True, False])])


def test_points_redemption_and_visibility(operator, engineer, manager):
    """A submission earns the operator points they alone (and managers) see; the operator asks
    for a reward, cannot approve it, the manager does; the entry cannot be edited."""
    tag = uuid.uuid4().hex[:8]
    rule_id = manager('ci.point.rule', 'create', {'name': 'RPC submit ' + tag, 'event': 'submitted', 'points': 7})
    try:
        imp_id = operator('ci.improvement', 'create', {'title': 'RPC idea ' + tag, 'problem': 'Slow'})
        operator('ci.improvement', 'action_submit', [imp_id])
    finally:
        manager('ci.point.rule', 'write', [rule_id], {'active': False})
    mine = operator('ci.point.entry', 'search_read', [('rule_id', '=', rule_id)], fields=['user_id', 'points'])
    assert [(e['user_id'][0], e['points']) for e in mine] == [(operator.uid, 7)]
    assert not engineer('ci.point.entry', 'search', [('rule_id', '=', rule_id)])
    entry_id = manager('ci.point.entry', 'search', [('rule_id', '=', rule_id)])
    assert entry_id == [mine[0]['id']]
    for client in (operator, manager):
        assert _fault(client, 'ci.point.entry', 'write', entry_id, {'points': 700}).faultCode == RPC_ACCESS_ERROR
        assert _fault(client, 'ci.point.entry', 'unlink', entry_id).faultCode == RPC_ACCESS_ERROR
    reward_id = manager('ci.reward', 'create', {'name': 'RPC pen ' + tag, 'points_cost': 7})
    request_id = operator('ci.reward.redemption', 'create', {'reward_id': reward_id})
    for client in (operator, engineer):
        assert _fault(client, 'ci.reward.redemption', 'action_approve', [request_id]).faultCode == RPC_ACCESS_ERROR
    fault = _fault(operator, 'ci.reward.redemption', 'create', {'reward_id': reward_id, 'state': 'approved'},
                   context=EN)
    assert 'State' in fault.faultString
    manager('ci.reward.redemption', 'action_approve', [request_id])
    request = operator('ci.reward.redemption', 'read', [request_id], fields=['state', 'entry_id'])[0]
    assert request['state'] == 'approved'
    entry = operator('ci.point.entry', 'read', [request['entry_id'][0]], fields=['points', 'kind'])[0]
    assert (entry['points'], entry['kind']) == (-7, 'redemption')
