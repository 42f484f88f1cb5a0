"""Issue #15's surfaces attacked over real XML-RPC by the lowest roles: the
demo CI User (``operator``) and a fresh internal user with no other group
(every internal user is a CI User). The approval dialogs, the approval
comment, the cockpit, a pilot's results, a characteristic's decimals and
its chart data: what a role may not do is refused before anything is
written, odd values get an error naming field and value, never a raw one."""
import time
import xmlrpc.client

import pytest
from odoo.service.wsgi_server import RPC_FAULT_CODE_ACCESS_ERROR as RPC_ACCESS_ERROR
from odoo.service.wsgi_server import RPC_FAULT_CODE_WARNING as RPC_USER_ERROR

from test_xmlrpc_access import Rpc

# the pilot's results issue #15 added: its test and confidence intervals
RESULTS = {'test_kind': 'welch', 'ci_level': 99.0, 'baseline_ci_low': 1.0, 'baseline_ci_high': 2.0,
           'pilot_ci_low': 3.0, 'pilot_ci_high': 4.0, 'difference_ci_low': -5.0, 'difference_ci_high': 5.0}
WINDOW = ('improvement_id', 'workcenter_id', 'operation_id', 'product_id', 'metric', 'baseline_date_from',
          'baseline_date_to', 'pilot_date_from', 'pilot_date_to')
EN = {'lang': 'en_US'}


def _fault(rpc, model, method, *args, **kw):
    with pytest.raises(xmlrpc.client.Fault) as err:
        rpc(model, method, *args, **dict(kw, context=dict(EN, **kw.get('context', {}))))
    return err.value


@pytest.fixture(scope='module')
def admin(odoo_server, db_name):
    return Rpc(odoo_server, db_name, 'admin', 'admin')


@pytest.fixture(scope='module')
def newcomer(admin, odoo_server, db_name):
    """A fresh internal user, no group but base.group_user."""
    login = 'evidence.newcomer.%d' % (time.time() * 1000)
    admin('res.users', 'create', {'name': 'Evidence newcomer', 'login': login, 'password': login,
                                  'groups_id': [(6, 0, [admin.ref('base.group_user')])]})
    return Rpc(odoo_server, db_name, login, login)


@pytest.fixture(scope='module')
def lowest(operator, newcomer):
    return {'operator': operator, 'newcomer': newcomer}


@pytest.fixture
def in_review(operator, engineer):
    imp = operator('ci.improvement', 'create', {'title': 'Evidence idea %d' % (time.time() * 1000),
                                                'problem': 'Chips in the coolant'})
    operator('ci.improvement', 'action_submit', [imp])
    engineer('ci.improvement', 'action_start_review', [imp])
    return imp


@pytest.fixture
def in_approval(admin, manager):
    operation = admin('mrp.routing.workcenter', 'search', [], limit=1, order='id')[0]
    product = admin('product.product', 'create', {'name': 'Evidence part %d' % (time.time() * 1000)})
    sop = manager('ci.sop', 'create', {'name': 'Evidence SOP', 'operation_id': operation, 'product_id': product})
    version = manager('ci.sop.version', 'create', {'sop_id': sop, 'content': '<p>Deburr both ends.</p>'})
    manager('ci.sop.version', 'action_submit', [version])
    return version


def test_lowest_roles_open_no_approval_dialog(admin, engineer, lowest, in_review, in_approval):
    """Neither dialog's record can be made by a CI User: refused as access, nothing approved."""
    for name, rpc in lowest.items():
        err = _fault(rpc, 'ci.improvement.approve', 'create', {'improvement_id': in_review, 'owner_id': engineer.uid,
                                                               'comment': 'mine now'})
        assert err.faultCode == RPC_ACCESS_ERROR, (name, err.faultString)
        err = _fault(rpc, 'ci.sop.version.approve', 'create', {'version_id': in_approval, 'comment': 'fine'})
        assert err.faultCode == RPC_ACCESS_ERROR, (name, err.faultString)
        err = _fault(rpc, 'ci.sop.version', 'action_approve', [in_approval], comment='fine')
        assert err.faultCode == RPC_ACCESS_ERROR, (name, err.faultString)
    assert admin('ci.improvement', 'read', [in_review], ['state', 'owner_id'])[0] == {
        'id': in_review, 'state': 'review', 'owner_id': False}
    assert admin('ci.sop.version', 'read', [in_approval], ['state', 'approval_comment'])[0] == {
        'id': in_approval, 'state': 'approval', 'approval_comment': False}


def test_approval_dialogs_name_odd_values(admin, engineer, manager, in_review, in_approval):
    """What only XML-RPC sends (a word for an id, a missing id, a list for a comment) is a
    user error naming field and value, not a database error; two dialogs confirmed together
    say why the second cannot be, not 'Expected singleton'."""
    cases = [(engineer, 'ci.improvement.approve', {'improvement_id': 'abc', 'owner_id': engineer.uid}, "'abc'"),
             (engineer, 'ci.improvement.approve', {'improvement_id': 999999, 'owner_id': engineer.uid}, '999999'),
             (engineer, 'ci.improvement.approve', {'improvement_id': in_review, 'owner_id': engineer.uid,
                                                   'comment': ['a']}, "['a']"),
             (manager, 'ci.sop.version.approve', {'version_id': 'abc'}, "'abc'"),
             (manager, 'ci.sop.version.approve', {'version_id': in_approval, 'comment': 123}, '123')]
    for rpc, model, vals, value in cases:
        err = _fault(rpc, model, 'create', vals)
        assert err.faultCode == RPC_USER_ERROR and value in err.faultString, (model, vals, err.faultString)
        assert 'psycopg2' not in err.faultString and 'Traceback' not in err.faultString
    twice = [manager('ci.sop.version.approve', 'create', {'version_id': in_approval}) for _i in range(2)]
    err = _fault(manager, 'ci.sop.version.approve', 'action_approve', twice)
    assert err.faultCode == RPC_USER_ERROR and 'Evidence SOP' in err.faultString, err.faultString
    # the call is one transaction: the first approval went with it
    assert admin('ci.sop.version', 'read', [in_approval], ['state'])[0]['state'] == 'approval'


def test_approval_comment_is_the_approvals(admin, manager, in_approval):
    """Not written, not given at creation, not slipped in as a context default or a copy's."""
    err = _fault(manager, 'ci.sop.version', 'write', [in_approval], {'approval_comment': 'forged'})
    assert err.faultCode == RPC_USER_ERROR and "'forged'" in err.faultString
    sop = admin('ci.sop.version', 'read', [in_approval], ['sop_id'])[0]['sop_id'][0]
    draft = manager('ci.sop.version', 'create', {'sop_id': sop, 'content': '<p>x</p>'},
                    context={'default_approval_comment': 'forged', 'default_state': 'approved',
                             'default_approver_id': manager.uid})
    assert admin('ci.sop.version', 'read', [draft], ['state', 'approval_comment', 'approver_id'])[0] == {
        'id': draft, 'state': 'draft', 'approval_comment': False, 'approver_id': False}
    err = _fault(manager, 'ci.sop.version', 'copy', [in_approval], {'approval_comment': 'forged'})
    assert err.faultCode == RPC_USER_ERROR
    manager('ci.sop.version', 'action_approve', [in_approval], comment='As written.')
    assert admin('ci.sop.version', 'read', [in_approval], ['approval_comment'])[0]['approval_comment'] == 'As written.'


def test_cockpit_is_not_the_floors(lowest):
    for name, rpc in lowest.items():
        err = _fault(rpc, 'ci.cockpit', 'cockpit_data')
        assert err.faultCode == RPC_ACCESS_ERROR, (name, err.faultString)


def test_pilot_results_are_the_evaluations(admin, engineer, lowest):
    """The eight result fields: written by nobody, created by nobody, not from a context default,
    not into a copy; a copy starts without them."""
    demo = admin.ref('ci_demo_factory.pilot_pilot_improved')
    before = admin('ci.pilot', 'read', [demo], list(RESULTS))[0]
    spec = admin('ci.pilot', 'read', [demo], list(WINDOW))[0]
    window = {k: (v[0] if isinstance(v, list) else v) for k, v in spec.items() if k != 'id'}
    for name, rpc in dict(lowest, engineer=engineer).items():
        for field, value in RESULTS.items():
            err = _fault(rpc, 'ci.pilot', 'write', [demo], {field: value})
            assert err.faultCode in (RPC_ACCESS_ERROR, RPC_USER_ERROR), (name, field, err.faultString)
        err = _fault(rpc, 'ci.pilot', 'copy', [demo], RESULTS)
        # who may not create pilots hears that, before which fields are protected
        assert err.faultCode == (RPC_USER_ERROR if name == 'engineer' else RPC_ACCESS_ERROR), (name, err.faultString)
    assert admin('ci.pilot', 'read', [demo], list(RESULTS))[0] == before
    err = _fault(engineer, 'ci.pilot', 'create', dict(window, name='Evidence pilot', **RESULTS))
    assert err.faultCode == RPC_USER_ERROR and 'Confidence level' in err.faultString
    pilot = engineer('ci.pilot', 'create', dict(window, name='Evidence pilot'),
                     context=dict({'default_' + k: v for k, v in RESULTS.items()}, default_state='evaluated'))
    copy = engineer('ci.pilot', 'copy', [demo])
    for record in admin('ci.pilot', 'read', [pilot, copy], list(RESULTS) + ['state']):
        assert record['state'] == 'draft' and not record['test_kind'], record
        assert not any(record[k] for k in RESULTS if k != 'test_kind'), record


def test_characteristic_decimals_and_chart_limits(admin, engineer, lowest):
    """Decimals: the floor's read, the engineer's to set within 0-6; chart_data's limit a whole
    number in range, refused by name otherwise."""
    [char] = admin('ci.spc.characteristic', 'search', [('code', '=', 'DS25-DIA')])
    decimals = admin('ci.spc.characteristic', 'read', [char], ['decimals'])[0]['decimals']
    for name, rpc in lowest.items():
        err = _fault(rpc, 'ci.spc.characteristic', 'write', [char], {'decimals': 5})
        assert err.faultCode == RPC_ACCESS_ERROR, (name, err.faultString)
    for value in (-1, 7, 2 ** 31 - 1):
        err = _fault(engineer, 'ci.spc.characteristic', 'write', [char], {'decimals': value})
        assert 'Decimals' in err.faultString and str(value) in err.faultString, err.faultString
    assert admin('ci.spc.characteristic', 'read', [char], ['decimals'])[0]['decimals'] == decimals
    for limit in (0, -1, 10 ** 6, '150', 1.5, None, True, [150]):
        err = _fault(engineer, 'ci.spc.characteristic', 'chart_data', [char], limit)
        assert 'limit = %r' % (limit,) in err.faultString, (limit, err.faultString)
    assert len(engineer('ci.spc.characteristic', 'chart_data', [char], 2)['points']) == 2
    # a limit of 1: the chart's last point (a phase is drawn from 2 points on, 2 are read)
    last = engineer('ci.spc.characteristic', 'chart_data', [char], 1)['points']
    assert [p['key'] for p in last] == [engineer('ci.spc.characteristic', 'chart_data', [char], 2)['points'][-1]['key']]
