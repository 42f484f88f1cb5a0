"""System messages read in the reader's language, however they are stored (issue #14).

An en_US user's action posts the suite's chatter notes (limits frozen, a
version in force, an alert fired, an award...); a zh_CN reader reads them in
Chinese and an en_US reader in English, over XML-RPC (message_format, the
chatter's read path, and read). Notes stored before as plain text, in either
language, and stored texts (a phase's reason, an alert evaluation's message,
a pilot's test) are read in the reader's language too, and so are the tracked
state changes. The records are committed and left behind, like the other
XML-RPC tests' data.
"""
import html
import re
import xmlrpc.client

import odoo
import pytest
from odoo import SUPERUSER_ID, api

EN, ZH = {'lang': 'en_US'}, {'lang': 'zh_CN'}
CJK = re.compile('[\u4e00-\u9fff]')

# key: (model of the record it is posted on, arguments, English text, a fragment of the Chinese)
KINDS = {
    'improvement.submitted': ('ci.improvement', {'reviewers': 'Ann'}, "Submitted for review to Ann.", '评审'),
    'improvement.adopted_draft': ('ci.improvement', {'version': 'v9'},
                                  "Adopted. Draft v9 of the standard is ready to be written up and approved.",
                                  '已采纳'),
    'pilot.evaluated': ('ci.pilot', {'verdict': {'sel': ['ci.pilot', 'verdict', 'improved']}, 'p': '< 0.0001',
                                     'n1': 40, 'n2': 38},
                        "Evaluated: Improved (p < 0.0001, n = 40 / 38).", '已评估'),
    'sop.approved': ('ci.sop.version', {'date': '2026-05-01'}, "Approved, in force from 2026-05-01.", '生效'),
    'sop.in_force': ('ci.sop', {'version': 'Turn shaft v2', 'date': '2026-05-01'},
                     "Turn shaft v2 is in force from 2026-05-01.", 'Turn shaft v2 自 2026-05-01 起生效'),
    'alert.fired': ('ci.kpi.alert.rule', {
        'breach': {'msg': 'alert.breach', 'args': {
            'kpi': {'sel': ['ci.kpi.alert.rule', 'kpi', 'scrap_rate']}, 'value': '4.00 %',
            'date_from': '2026-04-01', 'date_to': '2026-04-30',
            'limit': {'msg': 'alert.limit_absolute', 'args': {'limit': '3.00 %'}}}},
        'ref': 'CI-0042'},
        "Fired: Scrap rate (%) 4.00 % from 2026-04-01 to 2026-04-30 vs limit threshold 3.00 %. "
        "Opened improvement CI-0042.", '阈值 3.00 %'),
    'spc.new_phase': ('ci.spc.characteristic', {'date': '2026-05-01', 'version': 'v2', 'n': 25},
                      "New phase from 2026-05-01: v2 takes effect. Its limits are provisional until 25 subgroups "
                      "are measured.", '新阶段'),
    'spc.limits_frozen': ('ci.spc.characteristic', {
        'phase': {'sel': ['ci.spc.phase', 'origin', 'initial']}, 'k': 25, 'center': '10', 'lcl': '9', 'ucl': '11'},
        "Control limits of First phase frozen from its first 25 subgroups: center 10, LCL 9, UCL 11.",
        '第一阶段 的控制限已按前 25 个子组冻结'),
    'spc.opened_signals': ('ci.improvement', {'rules': 'Rule 1'}, "Opened from SPC signals: Rule 1.", 'SPC 信号'),
    'spc.recorded_signals': ('mrp.workorder', {'count': 5, 'char': 'Bore', 'rules': 'Rule 1'},
                             "5 measurements recorded for Bore. The chart signals a change: Rule 1.", '测量值'),
    'award.announce': ('ci.improvement', {'award': {'sel': ['ci.award', 'kind', 'top_points']},
                                          'month': '2026-04', 'winner': 'Ann'},
                       "Improver of the month, 2026-04: Ann. Congratulations!", '恭喜'),
}


def _text(body):
    return html.unescape(re.sub('<[^>]+>', '', body or '')).strip()


@pytest.fixture(scope='module')
def posted(db_name):
    """{kind: message id}: each kind posted by an en_US user, plus notes and
    texts stored the old way, committed."""
    ids = {}
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, EN)
        env.user.lang = 'en_US'
        Message = env['ci.message']
        for key, (model, args, _en, _zh) in KINDS.items():
            record = env[model].search([], limit=1)
            assert record, model
            ids[key] = Message._post(record, key, args, subtype='mail.mt_note').id
        imp = env['ci.improvement'].search([], limit=1)
        # stored before the marks: the same note written in English, and in Chinese
        ids['legacy_en'] = imp.message_post(body="Superseded by Turn shaft v2.").id
        ids['legacy_zh'] = imp.message_post(body="Turn shaft v2 自 2026-05-01 起生效。").id
        ids['user_note'] = imp.message_post(body="Superseded by nothing at all, says a person").id
        # a tracked state change written by the en_US user
        draft = env['ci.improvement'].search([('state', '=', 'draft')], limit=1)
        assert draft
        draft._workflow().write({'state': 'withdrawn'})
        ids['tracking'] = draft.message_ids[:1].id
        ids['improvement'] = draft.id
        cr.commit()
    return ids


def _format(rpc, ids, context):
    return {m['id']: m for m in rpc('mail.message', 'message_format', ids, context=context)}


def test_system_notes_read_in_the_readers_language(admin_rpc, posted):
    """Each kind of note an en_US user's action posted reads in Chinese for a
    zh_CN reader and in English for an en_US reader (message_format and read)."""
    ids = [posted[key] for key in KINDS]
    zh, en = _format(admin_rpc, ids, ZH), _format(admin_rpc, ids, EN)
    zh_read = {m['id']: m for m in admin_rpc('mail.message', 'read', ids, ['body'], context=ZH)}
    for key, (_model, _args, english, chinese) in KINDS.items():
        mid = posted[key]
        if english:
            assert _text(en[mid]['body']) == english, key
        assert chinese in _text(zh[mid]['body']), (key, zh[mid]['body'])
        assert _text(zh_read[mid]['body']) == _text(zh[mid]['body']), key
        assert not re.search(r'\b(frozen|Submitted|Adopted|Evaluated|Approved|Fired|Opened|recorded|'
                             r'Congratulations|takes effect|is in force|threshold|Scrap rate)\b',
                             _text(zh[mid]['body'])), (key, zh[mid]['body'])
    # translatable arguments follow the reader: the verdict, the KPI, the award
    assert 'Improved' in _text(en[posted['pilot.evaluated']]['body'])
    assert 'Improved' not in _text(zh[posted['pilot.evaluated']]['body'])


def test_notes_stored_as_text_read_in_the_readers_language(admin_rpc, posted):
    """Notes stored as text before the marks, in English or in Chinese, are
    read in the reader's language; a person's own note is left as written."""
    ids = [posted['legacy_en'], posted['legacy_zh'], posted['user_note']]
    zh, en = _format(admin_rpc, ids, ZH), _format(admin_rpc, ids, EN)
    assert _text(zh[posted['legacy_en']]['body']) == '已被 Turn shaft v2 取代。'
    assert _text(en[posted['legacy_en']]['body']) == 'Superseded by Turn shaft v2.'
    assert _text(en[posted['legacy_zh']]['body']) == 'Turn shaft v2 is in force from 2026-05-01.'
    assert _text(zh[posted['legacy_zh']]['body']) == 'Turn shaft v2 自 2026-05-01 起生效。'
    note = 'Superseded by nothing at all, says a person'
    assert _text(zh[posted['user_note']]['body']) == note == _text(en[posted['user_note']]['body'])


def test_tracked_state_change_reads_in_the_readers_language(admin_rpc, posted):
    """A state change tracked for an en_US writer shows the field and the
    states in Chinese to a zh_CN reader."""
    mid = posted['tracking']
    zh, en = _format(admin_rpc, [mid], ZH)[mid], _format(admin_rpc, [mid], EN)[mid]
    change_zh = [t for t in zh['tracking_value_ids'] if CJK.search(t['changed_field'])]
    assert change_zh, zh['tracking_value_ids']
    assert CJK.search(change_zh[0]['new_value']), change_zh
    assert any(t['new_value'] == 'Withdrawn' for t in en['tracking_value_ids']), en['tracking_value_ids']


def test_stored_texts_read_in_the_readers_language(admin_rpc, db_name):
    """A phase's reason, an alert evaluation's message and a pilot's test,
    stored in the writer's language, read in the reader's."""
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, EN)
        phase = env['ci.spc.phase'].search([('origin', '=', 'initial')], limit=1)
        pilot = env['ci.pilot'].search([('test_name', '!=', False)], limit=1)
        evaluation = env['ci.kpi.alert.evaluation'].search([('message', 'like', 'Within limits:%')], limit=1)
        assert phase and pilot
        cr.execute("UPDATE ci_spc_phase SET reason = 'First phase' WHERE id = %s", (phase.id,))
        cr.execute("UPDATE ci_pilot SET test_name = %s WHERE id = %s", ("Welch's t-test", pilot.id))
        cr.commit()
    assert admin_rpc('ci.spc.phase', 'read', [phase.id], ['reason'], context=ZH)[0]['reason'] == '第一阶段'
    assert admin_rpc('ci.spc.phase', 'read', [phase.id], ['reason'], context=EN)[0]['reason'] == 'First phase'
    assert admin_rpc('ci.pilot', 'read', [pilot.id], ['test_name'], context=ZH)[0]['test_name'] == 'Welch t 检验'
    if evaluation:
        message = admin_rpc('ci.kpi.alert.evaluation', 'read', [evaluation.id], ['message'], context=ZH)[0]['message']
        assert message.startswith('在限值内：'), message


def test_nobody_forges_a_system_note(admin_rpc, posted):
    """A client cannot mark its own message as a system note, nor unmark one."""
    with pytest.raises(xmlrpc.client.Fault):
        admin_rpc('mail.message', 'write', [posted['user_note']], {'ci_msg_key': 'sop.approved'})
    marked = admin_rpc('mail.message', 'search_read', [('ci_msg_key', '!=', False)],
                       fields=['ci_msg_key', 'ci_msg_args'], limit=1)[0]
    for vals in ({'ci_msg_key': False}, {'ci_msg_key': ''}, {'ci_msg_args': False}):
        with pytest.raises(xmlrpc.client.Fault):
            admin_rpc('mail.message', 'write', [marked['id']], vals)
    assert admin_rpc('mail.message', 'read', [marked['id']], ['ci_msg_key', 'ci_msg_args'])[0] == marked


@pytest.fixture(scope='module')
def admin_rpc(odoo_server, db_name):
    common = xmlrpc.client.ServerProxy(odoo_server + '/xmlrpc/2/common')
    uid = common.authenticate(db_name, 'admin', 'admin', {})
    models = xmlrpc.client.ServerProxy(odoo_server + '/xmlrpc/2/object', allow_none=True)

    def call(model, method, *args, **kw):
        return models.execute_kw(db_name, uid, 'admin', model, method, list(args), kw)
    return call
