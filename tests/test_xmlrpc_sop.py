"""Standards over real XML-RPC: an approved version stays as approved, even
for a CI Manager; bad input is refused with the field named, nothing written."""
import xmlrpc.client

import pytest
from test_xmlrpc_access import RPC_ACCESS_ERROR

EN = {'lang': 'en_US'}





@pytest.fixture(scope='module')
def sop_id(manager):
    taken = {s['operation_id'][0] for s in manager('ci.sop', 'search_read', [], fields=['operation_id'])}
    free = [op for op in manager('mrp.routing.workcenter', 'search', []) if op not in taken]
    assert free, "the demo database has routing operations"
    return manager('ci.sop', 'create', {'name': 'RPC standard', 'operation_id': free[0]})


def test_approved_version_immutable_over_rpc(manager, engineer, operator, sop_id):
    v1 = engineer('ci.sop.version', 'create', {'sop_id': sop_id, 'content': '<p>Clamp, then drill.</p>'})
    engineer('ci.sop.version', 'action_submit', [v1])
    # approval is the manager's
    with pytest.raises(xmlrpc.client.Fault) as err:
        engineer('ci.sop.version', 'action_approve', [v1], context=EN)
    assert err.value.faultCode == RPC_ACCESS_ERROR
    manager('ci.sop.version', 'action_approve', [v1])
    before = manager('ci.sop.version', 'read', [v1], fields=['content', 'state', 'number', 'date_effective'])[0]
    assert before['state'] == 'approved' and before['number'] == 1
    for vals, needle in (({'content': '<p>Drill.</p>'}, 'nothing in it changes'),
                         ({'date_effective': '2020-01-01'}, 'nothing in it changes'),
                         ({'state': 'draft'}, 'State'),
                         ({'state': 'draft', 'content': '<p>x</p>'}, 'State')):
        for ctx in (EN, dict(EN, ci_sop_workflow=True), dict(EN, ci_workflow_grant=True)):
            with pytest.raises(xmlrpc.client.Fault) as err:
                manager('ci.sop.version', 'write', [v1], vals, context=ctx)
            assert needle in err.value.faultString, err.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as err:
        manager('ci.sop.version', 'unlink', [v1], context=EN)
    assert 'only a draft version can be deleted' in err.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as err:
        manager('ci.sop', 'unlink', [sop_id], context=EN)
    assert 'Archive it instead' in err.value.faultString
    after = manager('ci.sop.version', 'read', [v1], fields=['content', 'state', 'number', 'date_effective'])[0]
    assert after == before
    # operators read it and acknowledge it
    assert operator('ci.sop.version', 'read', [v1], fields=['content'])[0]['content'] == before['content']
    operator('ci.sop.version', 'action_acknowledge', [v1])
    assert manager('ci.sop.version', 'read', [v1], fields=['acknowledged_user_ids'])[0]['acknowledged_user_ids'] \
        == [operator.uid]


def test_bad_versions_refused_over_rpc(manager, engineer, sop_id):
    empty = engineer('ci.sop.version', 'create', {'sop_id': sop_id, 'content': '<p><br/></p>'})
    with pytest.raises(xmlrpc.client.Fault) as err:
        engineer('ci.sop.version', 'action_submit', [empty], context=EN)
    assert 'is empty' in err.value.faultString
    assert manager('ci.sop.version', 'read', [empty], fields=['state'])[0]['state'] == 'draft'
    current = manager('ci.sop', 'read', [sop_id], fields=['date_effective'])[0]['date_effective']
    assert current, "the first test approved a version"
    early = engineer('ci.sop.version', 'create', {'sop_id': sop_id, 'content': '<p>Older</p>',
                                                  'date_effective': '2001-01-01'})
    with pytest.raises(xmlrpc.client.Fault) as err:
        engineer('ci.sop.version', 'action_submit', [early], context=EN)
    assert 'Effective from 2001-01-01' in err.value.faultString and current in err.value.faultString
    assert manager('ci.sop.version', 'read', [early], fields=['state'])[0]['state'] == 'draft'
    with pytest.raises(xmlrpc.client.Fault) as err:
        manager('ci.sop', 'write', [sop_id], {'review_interval': -1}, context=EN)
    assert 'Review every (months)' in err.value.faultString and '-1' in err.value.faultString
    assert manager('ci.sop', 'read', [sop_id], fields=['review_interval'])[0]['review_interval'] == 12
