"""Integrity over real XML-RPC, one class of forgery at a time, by the lowest
role that would try it: each is refused (or, for a context default, ignored)
and the database is unchanged. The server's answers are kept in
var/artifacts/integrity-answers.json."""
import base64
import json
import os
import xmlrpc.client

import pytest
from conftest import ARTIFACTS

EN = {'lang': 'en_US'}
ANSWERS = {}


@pytest.fixture(scope='module', autouse=True)
def answers_file():
    yield
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, 'integrity-answers.json'), 'w') as out:
        json.dump(ANSWERS, out, indent=1, ensure_ascii=False, sort_keys=True)


def refused(label, rpc, model, method, *args, **kw):
    """Call, expect a Fault, keep its text under ``label``."""
    kw.setdefault('context', EN)
    with pytest.raises(xmlrpc.client.Fault) as err:
        rpc(model, method, *args, **kw)
    ANSWERS[label] = err.value.faultString.strip().splitlines()[-1]
    return err.value.faultString


def snapshot(rpc, model, ids, fields=None):
    return rpc(model, 'read', ids, fields=fields or [], context=EN)


def test_context_defaults_are_ignored(operator, engineer, manager):
    """1. default_state='approved' in the context: the redemption is a request,
    no point leaves the ledger; the SOP version is a draft."""
    company = manager('res.users', 'read', [operator.uid], fields=['company_id'])[0]['company_id'][0]
    reward = manager('ci.reward', 'create', {'name': 'Integrity mug', 'points_cost': 1, 'company_id': company})
    ledger = manager('ci.point.entry', 'search_count', [])
    balance_before = sum(e['points'] for e in manager(
        'ci.point.entry', 'search_read', [('user_id', '=', operator.uid)], fields=['points']))
    if balance_before < 1:
        pytest.fail("the demo operator has no points to ask a reward with")
    ctx = dict(EN, default_state='approved', default_points=0, default_approver_id=operator.uid,
               default_date_decided='2001-01-01 00:00:00', ci_workflow_grant=True)
    red = operator('ci.reward.redemption', 'create', {'reward_id': reward}, context=ctx)
    got = manager('ci.reward.redemption', 'read', [red],
                  fields=['state', 'points', 'approver_id', 'date_decided', 'entry_id'])[0]
    assert (got['state'], got['points'], got['approver_id'], got['date_decided'], got['entry_id']) == \
        ('requested', 1, False, False, False)
    assert manager('ci.point.entry', 'search_count', []) == ledger
    ANSWERS['1 context default (redemption)'] = 'created as %r, points %s, no ledger entry' % (
        got['state'], got['points'])

    sop = manager('ci.sop', 'search', [], limit=1)[0]
    version = engineer('ci.sop.version', 'create', {'sop_id': sop, 'content': '<p>Forged?</p>'},
                       context=dict(EN, default_state='approved', default_number=99,
                                    default_approver_id=engineer.uid))
    got = manager('ci.sop.version', 'read', [version], fields=['state', 'approver_id', 'number'])[0]
    assert got['state'] == 'draft' and not got['approver_id'] and got['number'] != 99
    ANSWERS['1 context default (SOP version)'] = 'created as %r, number %s, no approver' % (
        got['state'], got['number'])
    engineer('ci.sop.version', 'unlink', [version])
    # and in the values, refused with the field named
    text = refused('1 create values (SOP version)', engineer, 'ci.sop.version', 'create',
                   {'sop_id': sop, 'content': '<p>x</p>', 'state': 'approved'})
    assert "State = 'approved'" in text


def test_submitter_cannot_take_over_their_idea(operator, engineer, manager):
    """2. The submitter of a submitted improvement writes owner_id / reviewer_id
    to themselves: refused, unchanged."""
    imp = operator('ci.improvement', 'create', {'title': 'Integrity idea', 'problem': 'p'})
    operator('ci.improvement', 'action_submit', [imp])
    fields = ['owner_id', 'reviewer_id', 'member_ids', 'state', 'date_submitted']
    before = snapshot(manager, 'ci.improvement', [imp], fields)
    for field, value in (('owner_id', operator.uid), ('reviewer_id', operator.uid),
                         ('member_ids', [(6, 0, [operator.uid])]), ('state', 'approved'),
                         ('date_submitted', '2001-01-01 00:00:00')):
        text = refused('2 write %s' % field, operator, 'ci.improvement', 'write', [imp], {field: value})
        assert '=' in text
    for ctx in ({'ci_transition': True}, {'ci_workflow_grant': True},
                {'ci_workflow_grant': {'models': ['ci.improvement']}}):
        refused('2 forged grant', operator, 'ci.improvement', 'write', [imp], {'owner_id': operator.uid},
                context=dict(EN, **ctx))
    assert snapshot(manager, 'ci.improvement', [imp], fields) == before
    # the reviewer may
    engineer('ci.improvement', 'action_start_review', [imp])
    engineer('ci.improvement', 'write', [imp], {'owner_id': engineer.uid})
    assert manager('ci.improvement', 'read', [imp], fields=['owner_id'])[0]['owner_id'][0] == engineer.uid


def test_frozen_spc_records(engineer, manager):
    """3. A frozen phase's limits, a signal's value, a frozen measurement's
    metadata: refused to the engineer, unchanged."""
    phase = manager('ci.spc.phase', 'search_read', [('state', '=', 'frozen')], fields=['ucl'], limit=1)[0]
    before = snapshot(manager, 'ci.spc.phase', [phase['id']])
    text = refused('3 frozen phase UCL', engineer, 'ci.spc.phase', 'write', [phase['id']], {'ucl': 1e6})
    assert 'UCL' in text
    refused('3 frozen phase reason', engineer, 'ci.spc.phase', 'write', [phase['id']], {'reason': 'rewritten'})
    refused('3 frozen phase unlink', engineer, 'ci.spc.phase', 'unlink', [phase['id']])
    assert snapshot(manager, 'ci.spc.phase', [phase['id']]) == before

    signal = manager('ci.spc.signal', 'search', [], limit=1)[0]
    before = snapshot(manager, 'ci.spc.signal', [signal], ['value', 'state', 'date', 'point_key'])
    text = refused('3 signal value', engineer, 'ci.spc.signal', 'write', [signal], {'value': 0.0})
    assert 'Value' in text
    refused('3 signal unlink', engineer, 'ci.spc.signal', 'unlink', [signal])
    refused('3 signal create', engineer, 'ci.spc.signal', 'create', {
        'characteristic_id': manager('ci.spc.characteristic', 'search', [], limit=1)[0], 'point_key': 'x',
        'date': '2001-01-01 00:00:00', 'rule_id': manager('ci.spc.rule', 'search', [], limit=1)[0]})
    assert snapshot(manager, 'ci.spc.signal', [signal], ['value', 'state', 'date', 'point_key']) == before

    measurement = manager('ci.spc.measurement', 'search', [('phase_id', '=', phase['id']),
                                                          ('voided', '=', False)], limit=1)[0]
    fields = ['value', 'note', 'timestamp', 'user_id', 'voided']
    before = snapshot(manager, 'ci.spc.measurement', [measurement], fields)
    for vals in ({'note': 'rewritten'}, {'timestamp': '2001-01-01 00:00:00'}, {'value': 1e6},
                 {'voided': True}):
        refused('3 frozen measurement %s' % list(vals)[0], engineer, 'ci.spc.measurement', 'write',
                [measurement], vals)
    refused('3 frozen measurement unlink', manager, 'ci.spc.measurement', 'unlink', [measurement])
    assert snapshot(manager, 'ci.spc.measurement', [measurement], fields) == before


def test_records_beside_the_record(operator, engineer, manager):
    """4. Badge grants, acknowledgements, files of an approved SOP version."""
    grants = manager('gamification.badge.user', 'search_read', [('ci_award_id', '!=', False),
                                                               ('user_id', '!=', operator.uid)],
                     fields=['user_id', 'badge_id', 'ci_award_id'], limit=1)
    assert grants, "the demo plant's awards granted badges"
    grant = grants[0]
    refused('4 badge grant moved', operator, 'gamification.badge.user', 'write', [grant['id']],
            {'user_id': operator.uid})
    refused('4 badge grant deleted', manager, 'gamification.badge.user', 'unlink', [grant['id']])
    refused('4 award badge granted by hand', manager, 'gamification.badge.user', 'create',
            {'user_id': operator.uid, 'badge_id': grant['badge_id'][0]})
    assert manager('gamification.badge.user', 'read', [grant['id']], fields=['user_id', 'badge_id',
                                                                            'ci_award_id'])[0] == grant

    version = manager('ci.sop.version', 'search', [('state', '=', 'approved')], limit=1)[0]
    acks = manager('ci.sop.acknowledgement', 'search_count', [])
    text = refused('4 acknowledgement dated 2001', operator, 'ci.sop.acknowledgement', 'create',
                   {'version_id': version, 'user_id': operator.uid, 'date': '2001-01-01 00:00:00'})
    assert 'made by the workflow only' in text
    assert manager('ci.sop.acknowledgement', 'search_count', []) == acks

    sop = manager('ci.sop.version', 'read', [version], fields=['sop_id'])[0]['sop_id'][0]
    attachment = engineer('ir.attachment', 'create', {
        'name': 'integrity.txt', 'datas_fname': 'integrity.txt', 'datas': base64.b64encode(b'v1').decode()})
    draft = engineer('ci.sop.version', 'create', {'sop_id': sop, 'content': '<p>With a drawing.</p>',
                                                  'attachment_ids': [(6, 0, [attachment])]})
    engineer('ci.sop.version', 'action_submit', [draft])
    refused('4 attachment of a version in approval', engineer, 'ir.attachment', 'write', [attachment],
            {'datas': base64.b64encode(b'forged').decode()})
    refused('4 attachment of a version in approval deleted', engineer, 'ir.attachment', 'unlink', [attachment])
    data = manager('ir.attachment', 'read', [attachment], fields=['datas'])[0]['datas']
    assert base64.b64decode(data) == b'v1'
    engineer('ci.sop.version', 'action_back_to_draft', [draft])
    engineer('ci.sop.version', 'unlink', [draft])
