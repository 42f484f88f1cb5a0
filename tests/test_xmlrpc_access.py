"""The suite over real XML-RPC, as integrators use it: logins and rights."""
import xmlrpc.client

import pytest
from odoo.service.wsgi_server import RPC_FAULT_CODE_ACCESS_ERROR as RPC_ACCESS_ERROR


class Rpc(object):
    def __init__(self, url, db, login, password):
        self.db, self.password = db, password
        common = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common')
        self.uid = common.authenticate(db, login, password, {})
        self.models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method,
                                      list(args), kw)

    def ref(self, xmlid):
        return self('ir.model.data', 'xmlid_to_res_id', xmlid, True)




def test_demo_users_log_in(odoo_server, db_name, operator, manager):
    assert operator.uid and manager.uid and operator.uid != manager.uid
    common = xmlrpc.client.ServerProxy(odoo_server + '/xmlrpc/2/common')
    assert common.authenticate(db_name, 'operator', 'wrong password', {}) is False


def test_ci_user_reads_the_menu(operator):
    """The CI User's menu tree contains the suite's top menu and its entries."""
    root = operator.ref('ci_process.menu_ci_root')
    menus = operator('ir.ui.menu', 'load_menus', False)
    assert root in [child['id'] for child in menus['children']]
    visible = set(menus['all_menu_ids'])
    for xmlid in ('ci_process.ci_category_menu', 'ci_incentive.ci_reward_menu',
                  'ci_spc.ci_spc_rule_menu'):
        assert operator.ref(xmlid) in visible, xmlid
    # the action behind a menu entry works for that user
    categories = operator('ci.category', 'search_read', [], fields=['code'])
    assert {'quality', 'safety'} <= {c['code'] for c in categories}


def test_ci_user_cannot_create_manager_records(operator, manager):
    """Creating a category or a reward is refused to a CI User; nothing is written."""
    before = manager('ci.category', 'search_count', [])
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.category', 'create', {'name': 'Rogue', 'code': 'rogue'})
    # Odoo's XML-RPC fault code for AccessError; the message names the model
    assert err.value.faultCode == RPC_ACCESS_ERROR
    assert 'ci.category' in err.value.faultString
    assert manager('ci.category', 'search_count', []) == before
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.reward', 'create', {'name': 'Rogue', 'points_cost': 1})
    assert err.value.faultCode == RPC_ACCESS_ERROR
    assert not manager('ci.reward', 'search', [('name', '=', 'Rogue')])


def test_manager_can_create_and_bad_input_is_refused(manager):
    """The same create works for a manager; a bad value names the field and writes nothing."""
    new_id = manager('ci.category', 'create', {'name': 'Energy', 'code': 'energy_rpc'})
    try:
        assert manager('ci.category', 'read', [new_id], fields=['code'])[0]['code'] == 'energy_rpc'
    finally:
        manager('ci.category', 'unlink', [new_id])
    with pytest.raises(xmlrpc.client.Fault) as err:
        manager('ci.reward', 'create', {'name': 'Negative', 'points_cost': -5})
    assert 'Price (points)' in err.value.faultString or '价格（积分）' in err.value.faultString
    assert not manager('ci.reward', 'search', [('name', '=', 'Negative')])


def test_improvement_workflow_over_rpc(operator, manager, odoo_server, db_name):
    """Transitions over RPC obey the same rules: no illegal move, no state write."""
    engineer = Rpc(odoo_server, db_name, 'engineer', 'engineer')
    imp_id = operator('ci.improvement', 'create', {'title': 'RPC idea', 'problem': 'Too many steps'})
    # a draft is private to its author
    assert not manager('ci.improvement', 'search', [('id', '=', imp_id)])
    operator('ci.improvement', 'action_submit', [imp_id])
    assert manager('ci.improvement', 'read', [imp_id], fields=['state'])[0]['state'] == 'submitted'
    # the operator cannot review, nor write the state, even with a forged context flag
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.improvement', 'action_start_review', [imp_id])
    assert err.value.faultCode == RPC_ACCESS_ERROR
    for ctx in ({}, {'ci_transition': True}):
        with pytest.raises(xmlrpc.client.Fault) as err:
            manager('ci.improvement', 'write', [imp_id], {'state': 'adopted'}, context=ctx)
        assert 'State' in err.value.faultString or '状态' in err.value.faultString
    # illegal move: submitted -> in pilot
    with pytest.raises(xmlrpc.client.Fault) as err:
        engineer('ci.improvement', 'action_start_pilot', [imp_id])
    assert 'cannot go from' in err.value.faultString or '不能从' in err.value.faultString
    assert manager('ci.improvement', 'read', [imp_id], fields=['state'])[0]['state'] == 'submitted'
    engineer('ci.improvement', 'action_start_review', [imp_id])
    assert engineer('ci.improvement', 'read', [imp_id], fields=['state'])[0]['state'] == 'review'
