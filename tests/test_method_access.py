"""Who may call what, over real XML-RPC (issue #13, docs/api.md "Who may call what").

Odoo 11 lets any user call any public method of any model over XML-RPC,
with ids and arguments of their choosing. The public methods of the three
addons are listed here by introspection, in-process: each must have a
decision below (what the CI User may call, what is refused to it), and the
CI User (the demo ``operator``) calls every one of them over XML-RPC:
refused ones answer AccessError (faultCode 4) whatever the records' state,
allowed ones are refused on another company's records. Then a second
company, with data of each kind, must never show in the KPIs, program
health or leaderboards the first company's people read. The second
company's data is committed and left behind, like the concurrency tests'.
"""
import datetime
import uuid
import xmlrpc.client

import odoo
import pytest
from odoo import SUPERUSER_ID, api
from odoo.models import BaseModel, regex_private

from test_xmlrpc_access import RPC_ACCESS_ERROR

ADDONS = ('odoo.addons.ci_process.', 'odoo.addons.ci_spc.', 'odoo.addons.ci_incentive.')
# last month: the demo plant's work orders run until today
_LAST = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
WINDOW = (str(_LAST.replace(day=1)), str(_LAST))
ALLOWED, DENIED = 'allowed', 'denied'


def _ids(key):
    """Args of a method of records: the ids of world[key] ([] for none)."""
    return lambda w: ([w[key]] if key else [],)


def _none(w):
    return ([],)


def _xlsx(w):
    # a report's generate_xlsx_report(workbook, data, objs) of no records
    return ([], 'workbook', {}, [])


# (model, method): (what the CI User may do, args for the call, kwargs,
# world key of a record of theirs it must not touch, or None)
SPEC = {
    # ci_process
    ('ci.kpi', 'compute'): (DENIED, lambda w: ('cycle_time',) + WINDOW, {}, None),
    ('ci.goal', 'action_recompute_baseline'): (DENIED, _ids('goal'), {}, None),
    ('ci.goal', 'action_view_improvements'): (ALLOWED, _ids('goal'), {}, 'goal2'),
    ('ci.improvement', 'action_submit'): (ALLOWED, _none, {}, 'imp2'),
    ('ci.improvement', 'action_withdraw'): (ALLOWED, _none, {}, 'imp'),
    ('ci.improvement', 'action_reopen'): (ALLOWED, _none, {}, 'imp'),
    ('ci.improvement', 'action_start_review'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_approve'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_start_pilot'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_adopt'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_reject'): (DENIED, _ids('imp'), {'reason': 'no'}, None),
    ('ci.improvement', 'action_open_reject_wizard'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_open_approve_wizard'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_new_pilot'): (DENIED, _ids('imp'), {}, None),
    ('ci.improvement', 'action_view_sop_versions'): (ALLOWED, _ids('imp'), {}, 'imp2'),
    ('ci.pilot', 'action_start'): (DENIED, _ids('pilot'), {}, None),
    ('ci.pilot', 'action_evaluate'): (DENIED, _ids('pilot'), {}, None),
    ('ci.pilot', 'action_adopt'): (DENIED, _ids('pilot'), {}, None),
    ('ci.pilot', 'action_extend'): (DENIED, _ids('pilot'), {}, None),
    ('ci.pilot', 'action_abandon'): (DENIED, _ids('pilot'), {}, None),
    ('ci.pilot', 'action_give_feedback'): (ALLOWED, _ids('pilot'), {}, 'pilot2'),
    ('ci.kpi.alert.rule', 'action_evaluate_now'): (DENIED, _ids('alert_rule'), {}, None),
    ('ci.kpi.alert.rule', 'action_view_improvements'): (DENIED, _ids('alert_rule'), {}, None),
    ('ci.kpi.alert.rule', 'action_view_evaluations'): (DENIED, _ids('alert_rule'), {}, None),
    ('ci.sop', 'action_new_version'): (DENIED, _ids('sop'), {}, None),
    ('ci.sop', 'action_view_versions'): (ALLOWED, _ids('sop'), {}, 'sop2'),
    ('ci.sop.review', 'action_confirm'): (DENIED, _none, {}, None),
    ('ci.sop.review', 'action_revise'): (DENIED, _none, {}, None),
    ('ci.sop.version', 'action_submit'): (DENIED, _ids('version'), {}, None),
    ('ci.sop.version', 'action_back_to_draft'): (DENIED, _ids('version'), {}, None),
    ('ci.sop.version', 'action_approve'): (DENIED, _ids('version'), {}, None),
    ('ci.sop.version', 'action_open_approve_wizard'): (DENIED, _ids('version'), {}, None),
    ('ci.sop.version', 'action_acknowledge'): (ALLOWED, _none, {}, 'version2'),
    ('ci.sop.version', 'action_view_workorders'): (ALLOWED, _ids('version'), {}, 'version2'),
    ('ci.sop.version', 'action_compare'): (ALLOWED, _ids('version'), {}, 'version2'),
    ('mrp.workcenter', 'ci_capture_url'): (ALLOWED, _ids('workcenter'), {}, 'workcenter2'),
    ('mrp.workcenter', 'action_view_ci_improvements'): (ALLOWED, _ids('workcenter'), {}, 'workcenter2'),
    ('mrp.workorder', 'action_ci_open_sop'): (ALLOWED, _ids('workorder'), {}, 'workorder2'),
    ('mrp.workorder', 'action_ci_acknowledge_sop'): (ALLOWED, _none, {}, 'workorder2'),
    ('ci.health.dashboard', 'action_open_improvements'): (DENIED, _none, {}, None),
    ('ci.health.dashboard', 'action_open_open_improvements'): (DENIED, _none, {}, None),
    ('ci.health.dashboard', 'action_open_participation'): (DENIED, _none, {}, None),
    ('ci.health.dashboard', 'action_open_workorders'): (DENIED, _none, {}, None),
    ('ci.health.dashboard', 'action_print_xlsx'): (DENIED, _none, {}, None),
    # the cockpit: the engineers' and managers' home; operators keep the station
    ('ci.cockpit', 'cockpit_data'): (DENIED, lambda w: (), {}, None),
    ('ci.improvement.reject', 'action_reject'): (DENIED, _none, {}, None),
    ('ci.improvement.approve', 'action_approve'): (DENIED, _none, {}, None),
    ('ci.sop.version.approve', 'action_approve'): (DENIED, _none, {}, None),
    ('report.ci_process.program_health_xlsx', 'generate_xlsx_report'): (DENIED, _xlsx, {}, None),
    # the public address is no secret (QR labels print it); only administrators set it
    ('res.config.settings', 'get_values'): (ALLOWED, _none, {}, None),
    ('res.config.settings', 'set_values'): (DENIED, _none, {}, None),
    ('report.ci_process.report_workcenter_qr', 'get_report_values'): (
        ALLOWED, lambda w: ([w['workcenter']],), {}, 'workcenter2'),
    # ci_spc
    ('ci.spc.characteristic', 'chart_data'): (ALLOWED, _ids('char'), {}, 'char2'),
    ('ci.spc.characteristic', 'action_view_measurements'): (ALLOWED, _ids('char'), {}, 'char2'),
    ('ci.spc.characteristic', 'action_view_signals'): (ALLOWED, _ids('char'), {}, 'char2'),
    ('ci.spc.characteristic', 'action_record'): (ALLOWED, _ids('char'), {}, 'char2'),
    ('ci.spc.characteristic', 'action_new_phase'): (DENIED, _ids('char'), {}, None),
    ('ci.spc.characteristic', 'action_archive_measurements'): (DENIED, _ids('char'), {'before_date': '2026-01-01'},
                                                               None),
    ('ci.spc.characteristic', 'action_archive_year_old'): (DENIED, _ids('char'), {}, None),
    ('ci.spc.measurement', 'ingest'): (ALLOWED, lambda w: ([{'characteristic': w['char'], 'value': 1.0,
                                                              'timestamp': '2026-01-02 00:00:00'}],),
                                       {'dry_run': True}, None),
    ('ci.spc.measurement', 'action_void'): (DENIED, lambda w: ([w['measurement']], 'a wrong gauge'), {}, None),
    ('ci.spc.batch', 'action_view_measurements'): (ALLOWED, _ids('batch'), {}, 'batch2'),
    ('ci.spc.signal', 'action_acknowledge'): (DENIED, _none, {}, None),
    ('ci.spc.signal', 'action_escalate'): (DENIED, _none, {}, None),
    ('mrp.workorder', 'action_ci_spc_record'): (ALLOWED, _ids('workorder'), {}, None),
    ('ci.spc.measurement.entry', 'action_record'): (ALLOWED, _none, {}, None),
    ('ci.spc.measurement.void', 'action_void'): (DENIED, _none, {}, None),
    ('report.ci_spc.chart_xlsx', 'generate_xlsx_report'): (ALLOWED, _xlsx, {}, None),
    # ci_incentive
    ('ci.point.entry', 'action_view_source'): (ALLOWED, _ids('entry'), {}, 'entry2'),
    ('ci.point.entry', 'action_open_reverse_wizard'): (DENIED, _ids('entry'), {}, None),
    ('ci.point.rule', 'action_view_entries'): (ALLOWED, _ids('point_rule'), {}, 'point_rule2'),
    ('ci.reward.redemption', 'action_approve'): (DENIED, _none, {}, None),
    ('ci.reward.redemption', 'action_refuse'): (DENIED, _none, {'reason': 'no'}, None),
    ('ci.reward.redemption', 'action_open_refuse_wizard'): (DENIED, _none, {}, None),
    ('ci.reward.redemption', 'action_cancel'): (ALLOWED, _none, {}, 'redemption2'),
    ('ci.award.run', 'action_grant'): (DENIED, _none, {}, None),
    ('ci.board', 'action_view_honour_board'): (ALLOWED, _ids('board'), {}, 'board2'),
    # another company's board: refused (tests/test_xmlrpc_boards.py)
    ('ci.leaderboard.user', 'honour_board'): (ALLOWED, lambda w: (w['board'],), {}, None),
    ('ci.incentive.export', 'action_export'): (DENIED, _none, {}, None),
    ('ci.point.entry.reverse', 'action_reverse'): (DENIED, _none, {}, None),
    ('ci.reward.redemption.refuse', 'action_refuse'): (DENIED, _none, {}, None),
    ('report.ci_incentive.period_results_xlsx', 'generate_xlsx_report'): (DENIED, _xlsx, {}, None),
}


def _public_methods(env):
    """{(model, method): is an ORM method}: the methods callable over RPC
    (odoo.models.check_method_name) that the three addons define."""
    found = {}
    for name in env.registry.models:
        cls = type(env[name])
        for attr in dir(cls):
            if regex_private.match(attr) or not callable(getattr(cls, attr, None)):
                continue
            # the class that defines what a call runs first
            owner = next((klass for klass in cls.__mro__ if attr in vars(klass)), None)
            if owner is not None and owner.__module__.startswith(ADDONS):
                found[(name, attr)] = hasattr(BaseModel, attr)
    return found


@pytest.fixture(scope='module')
def public_methods(db_name):
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        return _public_methods(api.Environment(cr, SUPERUSER_ID, {}))


def _done_workorder(env, workcenter, when, minutes, produced, tag):
    """A done work order of ``minutes`` for ``produced`` units on ``workcenter``."""
    product = env['product.product'].create({'name': 'Access part %s' % tag, 'type': 'product'})
    routing = env['mrp.routing'].create({'name': 'Access %s' % tag, 'operation_ids': [
        (0, 0, {'name': 'Press %s' % tag, 'workcenter_id': workcenter.id, 'time_cycle_manual': 1.0})]})
    bom = env['mrp.bom'].create({'product_tmpl_id': product.product_tmpl_id.id, 'product_qty': 1.0,
                                 'routing_id': routing.id})
    production = env['mrp.production'].create({'product_id': product.id, 'product_qty': produced,
                                               'product_uom_id': product.uom_id.id, 'bom_id': bom.id})
    production.button_plan()
    workorder = production.workorder_ids
    start = when - datetime.timedelta(minutes=minutes)
    env['mrp.workcenter.productivity'].create({
        'workcenter_id': workcenter.id, 'workorder_id': workorder.id,
        'loss_id': env['mrp.workcenter.productivity.loss'].search([('loss_type', '=', 'productive')], limit=1).id,
        'date_start': str(start), 'date_end': str(when)})
    workorder.write({'state': 'done', 'date_finished': str(when), 'date_start': str(start),
                     'duration_expected': minutes, 'qty_produced': produced})
    return workorder, routing.operation_ids


def _build(env):
    """The demo users' company 1 records the calls need, and a second company
    with data of every kind; returns their ids."""
    tag = uuid.uuid4().hex[:8]
    main = env.ref('base.main_company')
    users = {login: env['res.users'].search([('login', '=', login)]) for login in ('operator', 'engineer')}
    w = {'main': main.id}
    # company 1: the demo plant's, and a few of this test's own
    w['goal'] = env['ci.goal'].search([('company_id', '=', main.id)], limit=1).id
    imp = env['ci.improvement'].sudo(users['engineer']).create({
        'title': 'Who may call what %s' % tag, 'problem': 'Access, method by method'})
    imp.action_submit()
    w['imp'] = imp.id
    w['pilot'] = env['ci.pilot'].search([('company_id', '=', main.id)], limit=1).id
    w['alert_rule'] = env['ci.kpi.alert.rule'].search([('company_id', '=', main.id)], limit=1).id
    version = env['ci.sop.version'].search([('company_id', '=', main.id), ('state', '=', 'approved')], limit=1)
    w['version'], w['sop'] = version.id, version.sop_id.id
    w['workcenter'] = env['mrp.workcenter'].search([('company_id', '=', main.id)], limit=1).id
    w['workorder'] = env['mrp.workorder'].search([('ci_sop_version_id.company_id', '=', main.id)], limit=1).id
    char = env['ci.spc.characteristic'].sudo(users['engineer']).create({
        'name': 'Access %s' % tag, 'code': 'ACC-%s' % tag, 'chart_type': 'imr'})
    batch = env['ci.spc.measurement'].sudo(users['operator']).ingest([
        {'characteristic': char.code, 'value': 1.0 + i, 'timestamp': '2026-01-01 0%d:00:00' % i}
        for i in range(3)])
    w['char'], w['batch'] = char.id, batch['batch_id']
    w['measurement'] = env['ci.spc.measurement'].search([('characteristic_id', '=', char.id)], limit=1).id
    w['entry'] = env['ci.point.entry'].search([('user_id', '=', users['operator'].id)], limit=1).id
    w['point_rule'] = env['ci.point.rule'].search([('company_id', '=', main.id)], limit=1).id
    w['board'] = env.ref('ci_incentive.ci_board_floor').id

    # company 2, its people and its data
    company2 = env['res.company'].create({'name': 'Access Plant %s' % tag})
    user2 = env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Access Operator %s' % tag, 'login': 'access-%s' % tag, 'email': 'access@example.com',
        'company_id': company2.id, 'company_ids': [(6, 0, company2.ids)],
        'groups_id': [(6, 0, env.ref('base.group_user').ids)]})
    w['company2'], w['user2'] = company2.id, user2.id
    wc2 = env['mrp.workcenter'].create({'name': 'Access Press %s' % tag, 'company_id': company2.id})
    # 1 minute for 1000 units: a figure nobody in company 1 has
    workorder2, operation2 = _done_workorder(env, wc2, datetime.datetime(_LAST.year, _LAST.month, 15, 10), 1, 1000, tag)
    w['workcenter2'], w['workorder2'] = wc2.id, workorder2.id
    w['goal2'] = env['ci.goal'].create({
        'name': 'Access goal %s' % tag, 'company_id': company2.id, 'workcenter_id': wc2.id,
        'kpi': 'cycle_time', 'baseline_date_from': '2025-01-01', 'baseline_date_to': '2025-01-31',
        'target_value': 1.0, 'date_start': '2026-01-01', 'date_deadline': '2026-12-31'}).id
    w['point_rule2'] = env['ci.point.rule'].create({
        'name': 'Access submitted %s' % tag, 'event': 'submitted', 'points': 10, 'company_id': company2.id}).id
    env['ci.team'].create({'name': 'Access team %s' % tag, 'company_id': company2.id,
                           'member_ids': [(6, 0, user2.ids)], 'workcenter_ids': [(6, 0, wc2.ids)]})
    imp2 = env['ci.improvement'].sudo(user2).create({
        'title': 'Far away %s' % tag, 'problem': 'Another plant', 'workcenter_id': wc2.id})
    imp2.action_submit()
    w['imp2'] = imp2.id
    w['entry2'] = env['ci.point.entry'].search([('user_id', '=', user2.id)], limit=1).id
    pilot2 = env['ci.pilot'].create({
        'name': 'Access pilot %s' % tag, 'improvement_id': imp2.id, 'workcenter_id': wc2.id,
        'baseline_date_from': '2025-01-01', 'baseline_date_to': '2025-01-31',
        'pilot_date_from': '2026-01-01', 'pilot_date_to': '2026-01-31'})
    w['pilot2'] = pilot2.id
    w['feedback2'] = env['ci.pilot.feedback'].sudo(user2).create({'pilot_id': pilot2.id, 'rating': '4'}).id
    sop2 = env['ci.sop'].create({'name': 'Access SOP %s' % tag, 'operation_id': operation2.id,
                                 'company_id': company2.id})
    version2 = env['ci.sop.version'].create({'sop_id': sop2.id, 'content': '<p>Press twice.</p>'})
    version2.action_submit()
    version2.action_approve()
    w['sop2'], w['version2'] = sop2.id, version2.id
    env.cr.execute("UPDATE mrp_workorder SET ci_sop_version_id = %s WHERE id = %s", (version2.id, workorder2.id))
    char2 = env['ci.spc.characteristic'].create({
        'name': 'Access %s' % tag, 'code': 'ACC2-%s' % tag, 'chart_type': 'imr', 'company_id': company2.id})
    batch2 = env['ci.spc.measurement'].sudo(user2).ingest([
        {'characteristic': char2.code, 'value': 1.0 + i, 'timestamp': '2026-01-01 0%d:00:00' % i}
        for i in range(3)])
    w['char2'], w['batch2'] = char2.id, batch2['batch_id']
    reward2 = env['ci.reward'].create({'name': 'Access mug %s' % tag, 'points_cost': 5, 'company_id': company2.id})
    w['redemption2'] = env['ci.reward.redemption'].sudo(user2).create({'reward_id': reward2.id}).id
    w['board2'] = env['ci.board'].create({'name': 'Access floor %s' % tag, 'company_id': company2.id,
                                          'group_ids': [(6, 0, env.ref('ci_process.group_ci_user').ids)]}).id
    return w


@pytest.fixture(scope='module')
def world(db_name):
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        return _build(api.Environment(cr, SUPERUSER_ID, {}))


def _fault(rpc, model, method, args, kwargs):
    """The Fault of the call, or None when it succeeded."""
    try:
        rpc(model, method, *args, **kwargs)
    except xmlrpc.client.Fault as err:
        return err
    return None


def test_every_public_method_has_a_decision(public_methods):
    """Every public method the addons define is in SPEC (or overrides the ORM's
    own, which its access rights and record rules guard), and SPEC names no
    method that is gone."""
    own = {key for key, is_orm in public_methods.items() if not is_orm}
    assert sorted(own - set(SPEC)) == [], "public methods without a decision: make them private or add them"
    assert sorted(set(SPEC) - own) == [], "SPEC lists methods that are not public methods of the addons"


@pytest.mark.parametrize('model,method', sorted(SPEC), ids=['%s.%s' % key for key in sorted(SPEC)])
def test_ci_user_calls(operator, world, model, method):
    """The CI User is refused what its role may not do, before anything else
    is looked at; what it may call is refused on records it may not touch."""
    expected, args, kwargs, forbidden = SPEC[(model, method)]
    kwargs = dict(kwargs, context={'lang': 'en_US'})
    err = _fault(operator, model, method, args(world), kwargs)
    if expected == DENIED:
        assert err is not None and err.faultCode == RPC_ACCESS_ERROR, (model, method, err)
        return
    assert err is None or err.faultCode != RPC_ACCESS_ERROR, (model, method, err.faultString)
    if forbidden:
        err = _fault(operator, model, method, ([world[forbidden]],) + tuple(args(world)[1:]), kwargs)
        assert err is not None and err.faultCode == RPC_ACCESS_ERROR, (model, method, forbidden, err)


def test_kpi_compute_stays_in_the_company(engineer, world, db_name):
    """A CI Engineer's plant-wide KPI is their company's: the other plant's work order is not in it."""
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Kpi, main = env['ci.kpi'], env['res.company'].browse(world['main'])
        own = Kpi._value('cycle_time', *WINDOW, company=main)
        other = Kpi._value('cycle_time', *WINDOW, company=env['res.company'].browse(world['company2']))
        both = Kpi._value('cycle_time', *WINDOW, company=main | env['res.company'].browse(world['company2']))
    assert other == pytest.approx(0.001) and both != own
    assert engineer('ci.kpi', 'compute', 'cycle_time', *WINDOW) == pytest.approx(own)
    # the other plant's work center, by id: not the engineer's to read
    err = _fault(engineer, 'ci.kpi', 'compute', ('cycle_time',) + WINDOW, {'workcenter': world['workcenter2']})
    assert err is not None and err.faultCode == RPC_ACCESS_ERROR


def test_program_health_stays_in_the_company(manager, world, db_name):
    """A CI Manager's program health never shows the other plant; its figures are refused."""
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # the other plant is in the views (read as the superuser)
        assert env['ci.health.improvement'].search([('improvement_id', '=', world['imp2'])])
        assert env['ci.health.participation'].search([('user_id', '=', world['user2'])])
        assert env['ci.health.workorder'].search([('workcenter_id', '=', world['workcenter2'])])
    for model in ('ci.health.improvement', 'ci.health.participation', 'ci.health.workorder'):
        rows = manager(model, 'search_read', [], fields=['company_id'])
        assert rows and {r['company_id'][0] for r in rows} <= {world['main']} | _children(manager), model
    groups = manager('ci.health.improvement', 'read_group', [], ['company_id', 'proposal_count'], ['company_id'])
    assert world['company2'] not in [g['company_id'][0] for g in groups]
    board = manager('ci.health.dashboard', 'create', {})
    figures = manager('ci.health.dashboard', 'read', [board], ['proposal_count', 'workorder_done_count'])
    assert figures[0]['proposal_count'] > 0
    other = manager('ci.health.dashboard', 'create', {'company_id': world['company2']})
    err = _fault(manager, 'ci.health.dashboard', 'read', ([other], ['proposal_count']), {})
    assert err is not None and err.faultCode == RPC_ACCESS_ERROR
    run = manager('ci.award.run', 'create', {'month': '2026-01-01', 'company_id': world['company2']})
    err = _fault(manager, 'ci.award.run', 'action_grant', ([run],), {})
    assert err is not None and err.faultCode == RPC_ACCESS_ERROR


def _children(rpc):
    """Ids of the companies below the user's own (record rules: child_of)."""
    return set(rpc('res.company', 'search', [('parent_id', '!=', False)]))


def test_leaderboards_stay_in_the_company(operator, world, db_name):
    """The boards, the ledger and the pilot feedback a CI User reads are of its company only."""
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        assert env['ci.leaderboard.user'].search([('user_id', '=', world['user2'])])
        assert env['ci.leaderboard.team'].search([('company_id', '=', world['company2'])])
    allowed = {world['main']} | _children(operator)
    for model in ('ci.leaderboard.user', 'ci.leaderboard.team', 'ci.award'):
        rows = operator(model, 'search_read', [], fields=['company_id'])
        assert {r['company_id'][0] for r in rows} <= allowed, model
    users = operator('ci.leaderboard.user', 'search_read', [], fields=['user_id'])
    assert world['user2'] not in {r['user_id'][0] for r in users}
    assert not operator('ci.point.entry', 'search', [('id', '=', world['entry2'])])
    assert not operator('ci.pilot.feedback', 'search', [('id', '=', world['feedback2'])])
    err = _fault(operator, 'ci.pilot.feedback', 'read', ([world['feedback2']], ['rating']), {})
    assert err is not None and err.faultCode == RPC_ACCESS_ERROR
