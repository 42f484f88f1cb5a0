"""The demo factory's promises, on the test database it was loaded into
(scripts/test.sh: db.sh ensure --factory): six months of done work orders,
improvements in every state, the SPC shift caught by the rules, one pilot
that worked and one that did not, the SOP's second version with its SPC
phase, the honour board of last month, today's work orders in progress at
every work center, its texts in the language it was loaded in (and the same
numbers in the other one). Other tests may add to the data; these only check
what the factory made. A second run adds nothing."""
import datetime
import json
import os
import subprocess
import sys

import odoo
import pytest
import pytz
from odoo.sql_db import db_connect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'data'))
import demo_factory  # noqa: E402  (lives in data/, not a package)


@pytest.fixture(scope='module')
def env(db_name):
    with odoo.registry(db_name).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if not env['ir.config_parameter'].get_param(demo_factory.MARKER):
            pytest.fail("the demo factory is not loaded in %s: scripts/db.sh ensure %s --factory"
                        % (db_name, db_name))
        yield env
        cr.rollback()


def ref(env, name):
    return env.ref('%s.%s' % (demo_factory.MODULE, name))


def last_month(env):
    return env['ci.award']._previous_month()


def marker(env):
    return json.loads(env['ir.config_parameter'].get_param(demo_factory.MARKER))


def plant():
    with open(demo_factory.PLANT, encoding='utf-8') as src:
        return json.load(src)


def test_six_months_of_done_work_orders(env):
    """~1,900 done work orders over the half year, with durations, scrap and time logs."""
    env.cr.execute("""
        SELECT count(*), min(wo.date_finished)::date, max(wo.date_finished)::date, min(wo.duration),
               count(DISTINCT wo.workcenter_id), count(wo.ci_sop_version_id)
          FROM mrp_workorder wo JOIN mrp_production mp ON mp.id = wo.production_id
         WHERE mp.origin = 'Demo history' AND wo.state = 'done'""")
    count, first, last, shortest, workcenters, stamped = env.cr.fetchone()
    first, last = [datetime.datetime.strptime(d, '%Y-%m-%d').date() for d in (first, last)]
    today = datetime.date.today()
    assert count >= 1800
    assert (last - first).days >= 175 and (today - last).days <= 2
    assert shortest > 0 and workcenters == 6
    env.cr.execute("""
        SELECT count(*) FROM mrp_workorder wo JOIN mrp_production mp ON mp.id = wo.production_id
         WHERE mp.origin = 'Demo history' AND wo.operation_id IN (
               SELECT s.operation_id FROM ci_sop s JOIN ci_sop_version v ON v.sop_id = s.id
                WHERE v.state IN ('approved', 'superseded'))""")
    assert 0 < stamped == env.cr.fetchone()[0], "every work order of an operation with a standard ran under it"
    env.cr.execute("SELECT count(*), sum(scrap_qty) FROM stock_scrap WHERE origin = 'Demo history' AND state = 'done'")
    scraps, units = env.cr.fetchone()
    assert scraps > 500 and units > scraps
    press = ref(env, 'workcenter_press')
    assert env['ci.kpi'].compute('oee', str(first), str(last), workcenter=press) < 100.0


def test_improvements_in_every_state(env):
    """About forty improvements, every state of the workflow represented."""
    from odoo.addons.ci_process.models.ci_improvement import STATES
    groups = env['ci.improvement'].read_group([], ['state'], ['state'])
    counts = {g['state']: g['state_count'] for g in groups}
    assert 38 <= sum(counts.values())
    assert set(counts) == {key for key, _label in STATES}, counts
    factory = env['ir.model.data'].search([('module', '=', demo_factory.MODULE), ('model', '=', 'ci.improvement')])
    assert len(factory) >= 35


def test_the_shift_is_caught_by_the_rules(env):
    """The diameter's shift opens an improvement within days, from the signals of ingestion."""
    story = demo_factory.Factory(env, demo_factory.SEED, None).plant['stories']['spc_shift']
    imp = ref(env, 'improvement_spc_shift')
    char = ref(env, 'characteristic_shaft_dia')
    assert imp.origin == 'spc_signal' and imp.spc_characteristic_id == char
    signals = imp.spc_signal_ids.sorted('date')
    assert signals and all(s.state == 'escalated' for s in signals)
    shift_start = fields_date(env, story['shift_lm'][0])
    first = datetime.datetime.strptime(signals[0].date, '%Y-%m-%d %H:%M:%S').date()
    assert shift_start <= first <= shift_start + datetime.timedelta(days=7), (shift_start, first)
    assert set(signals.mapped('rule_id.code')) <= {'we1', 'we2'}
    assert imp.date_submitted[:10] == str(first), "opened the day the rules saw it"


def fields_date(env, lm_days):
    return last_month(env) + datetime.timedelta(days=lm_days)


def test_one_pilot_improved_one_did_not(env):
    """Both pilots evaluated by their own test: adopted when improved, abandoned otherwise."""
    good, flat = ref(env, 'pilot_pilot_improved'), ref(env, 'pilot_pilot_no_change')
    assert good.verdict == 'improved' and good.decision == 'adopt' and good.p_value < 0.01
    assert good.pilot_mean < good.baseline_mean and good.benefit_annual > 0
    assert good.improvement_id.state == 'standardized'
    assert flat.verdict == 'no_change' and flat.decision == 'abandon' and flat.p_value > 0.05
    assert flat.improvement_id.state == 'rejected'
    assert good.baseline_n >= 20 and good.pilot_n >= 20 and flat.baseline_n >= 20 and flat.pilot_n >= 20


def test_goals_on_the_plants_work_centers(env):
    """The plant's goals track its own work centers from its work orders: values, not 'no data'."""
    goals = env['ci.goal'].search([])
    assert len(goals) == len(plant()['goals'])
    assert not env.ref('ci_process.ci_goal_assembly_cycle_time_demo').active, "Odoo's Assembly Line 1 is archived"
    plant_wcs = {ref(env, 'workcenter_%s' % wc['key']) for wc in plant()['workcenters']}
    for spec in plant()['goals']:
        goal = ref(env, 'goal_%s' % spec['key'])
        assert goal.workcenter_id in plant_wcs and goal.workcenter_id == ref(env, 'workcenter_%s' % spec['wc'])
        assert goal.has_baseline and goal.has_actual and goal.status != 'no_data', (spec['key'], goal.status)
        assert goal.name == spec['name'][marker(env)['lang']]
    # the servo feeder's pilot made the press faster than its goal; the lathe's scrap came back down
    assert ref(env, 'goal_press_cycle').status == 'achieved'
    assert ref(env, 'goal_cnc1_scrap').status == 'achieved'
    assert ref(env, 'goal_assy_eff').status in ('at_risk', 'on_track')


def test_alert_rules_were_evaluated_and_fired(env):
    """The plant's KPI alert rules were evaluated weekly on the demo's days; they fired and opened improvements."""
    Evaluation = env['ci.kpi.alert.evaluation']
    for spec in plant()['alert_rules']:
        rule = ref(env, 'alert_rule_%s' % spec['key'])
        assert rule.workcenter_id == ref(env, 'workcenter_%s' % spec['wc'])
        assert rule.evaluation_ids and all(e.trigger == 'cron' for e in rule.evaluation_ids)
    fired = Evaluation.search([('outcome', '=', 'fired')])
    assert set(fired.mapped('rule_id')) == {ref(env, 'alert_rule_cnc1_scrap'), ref(env, 'alert_rule_weld_scrap')}
    assert all(e.improvement_id.origin == 'kpi_alert' for e in fired)
    # the lathe's rule fired during the diameter's shift, the welding cell's in the last 30 days
    lathe = fired.filtered(lambda e: e.rule_id == ref(env, 'alert_rule_cnc1_scrap'))
    shift = plant()['stories']['spc_shift']['shift_lm']
    lm = last_month(env)
    assert all(lm + datetime.timedelta(days=shift[0]) <= datetime.date(*map(int, e.date[:10].split('-')))
               <= lm + datetime.timedelta(days=shift[1] + 7) for e in lathe)
    recent = str(datetime.datetime.utcnow() - datetime.timedelta(days=30))
    assert Evaluation.search_count([('outcome', '=', 'fired'), ('date', '>=', recent)]) >= 1
    assert Evaluation.search_count([('outcome', '=', 'within_limits')]) > 0
    assert Evaluation.search_count([('outcome', '=', 'open_task')]) > 0
    assert not env.ref('ci_process.ci_kpi_alert_rule_assembly_cycle_demo').active


def test_standards_in_force_partly_acknowledged(env):
    """The plant's standards in force are acknowledged by most of who should; the demo operator's is left to do."""
    operator = env.ref('ci_process.user_ci_operator_demo')
    versions = env['ci.sop'].search([('id', 'in', [ref(env, 'sop_%s' % s['operation']).id
                                                   for s in plant()['sops']])]).mapped('current_version_id')
    acks = env['ci.sop.acknowledgement'].search([('version_id', 'in', versions.ids)])
    assert acks and operator not in acks.mapped('user_id')
    assert all(version.pending_user_ids for version in versions)


def test_sop_second_version_starts_an_spc_phase(env):
    """The turning SOP went from v1 to v2 through the SPC improvement; v2 started a frozen phase."""
    sop = ref(env, 'sop_turn')
    v1, v2 = [sop.version_ids.filtered(lambda v, n=n: v.number == n) for n in (1, 2)]
    assert v1.state == 'superseded' and v2.state in ('approved', 'superseded')
    assert v2.improvement_id == ref(env, 'improvement_spc_shift')
    assert v2.improvement_id.state == 'standardized'
    phase = env['ci.spc.phase'].search([('sop_version_id', '=', v2.id)])
    assert phase.characteristic_id == ref(env, 'characteristic_shaft_dia')
    assert phase.origin == 'sop_version' and phase.state == 'frozen'
    # from the start of its effective day in the plant's time zone (the
    # company's, Asia/Shanghai in the demo plant)
    start = pytz.utc.localize(datetime.datetime.strptime(phase.date_start, '%Y-%m-%d %H:%M:%S'))
    plant_tz = env.user.company_id.partner_id.tz
    assert plant_tz == 'Asia/Shanghai'
    local = start.astimezone(pytz.timezone(plant_tz))
    assert (str(local.date()), local.time()) == (v2.date_effective, datetime.time())
    # the new phase is centred again: no signal of the shift in it
    assert not phase.characteristic_id.signal_ids.filtered(
        lambda s: s.phase_id == phase and s.improvement_id == v2.improvement_id)


def test_points_from_the_rules_and_last_months_honour_board(env):
    """Points come from the rules' events; last month has its winners, badges and award points."""
    env.cr.execute("""
        SELECT r.event, count(*) FROM ci_point_entry e JOIN ci_point_rule r ON r.id = e.rule_id
         WHERE e.kind = 'award' GROUP BY 1""")
    events = dict(env.cr.fetchall())
    for event in ('submitted', 'approved', 'pilot_completed', 'standardized', 'impact_verified', 'award'):
        assert events.get(event), "no points for %s: %s" % (event, events)
    month = str(last_month(env))
    awards = env['ci.award'].search([('period_start', '=', month)])
    # the month's winners: most points, best team, and the adopted pilot's verified impact
    assert set(awards.mapped('kind')) == {'top_points', 'top_team', 'best_impact'}
    assert all(a.points > 0 for a in awards)
    assert env['gamification.badge.user'].search_count([('ci_award_id', 'in', awards.ids)]) >= 2
    board = env['ci.leaderboard.user'].search([('period_type', '=', 'month'), ('period_start', '=', month)])
    winner = awards.filtered(lambda a: a.kind == 'top_points').user_id
    # (later tests may add points to last month: the winner is on the board, not necessarily first any more)
    assert len(board) >= 5 and winner in board.mapped('user_id')
    assert env['ci.award'].search([('period_start', '=', month), ('kind', '=', 'top_points')]).badge_id
    teams = env['ci.leaderboard.team'].search([('period_type', '=', 'month'), ('period_start', '=', month)])
    assert len(teams) >= 2


def test_a_second_run_adds_nothing(env):
    """The marker stops a second run: no record is added."""
    models = ['ci.improvement', 'ci.pilot', 'ci.spc.measurement', 'ci.point.entry', 'ci.award',
              'mrp.workorder', 'ci.sop.version', 'ci.team', 'res.users', 'mrp.workcenter']
    before = {m: env[m].with_context(active_test=False).search_count([]) for m in models}
    assert demo_factory.load(env) is None
    after = {m: env[m].with_context(active_test=False).search_count([]) for m in models}
    assert before == after


def test_the_plant_speaks_the_language_it_was_loaded_in(env):
    """Names, SOP texts and ideas in the loaded language; product names in both (source and translation)."""
    lang = marker(env)['lang']
    assert lang in demo_factory.LANGS
    assert env['res.lang'].search_count([('code', '=', 'zh_CN')]), "db.sh loads Chinese"
    spec = plant()
    for wc in spec['workcenters']:
        assert ref(env, 'workcenter_%s' % wc['key']).name == wc['name'][lang]
        assert ref(env, 'workcenter_%s' % wc['key']).code == wc['code'], "codes stay"
    for person in spec['people']:
        user = env.ref(person['xmlid']) if person.get('xmlid') else ref(env, 'user_%s' % person['key'])
        assert user.name == person['name'][lang]
    for prod in spec['products']:
        product = ref(env, 'product_%s' % prod['key'])
        for code in demo_factory.LANGS:
            # (11.0's cache is shared by the environments of a transaction, whatever their language)
            product.invalidate_cache(['name'])
            assert product.with_context(lang=code).name == prod['name'][code]
        for op in prod['operations']:
            assert ref(env, 'operation_%s' % op['key']).name == op['name'][lang]
    for team in spec['teams']:
        assert ref(env, 'team_%s' % team['key']).name == team['name'][lang]
    assert ref(env, 'characteristic_shaft_dia').name == spec['characteristics'][0]['name'][lang]
    v1 = ref(env, 'sop_turn').version_ids.filtered(lambda v: v.number == 1)
    first_step = spec['sops'][2]['content'][lang].split('</li>')[0].split('<li>')[1]
    assert first_step in v1.content and v1.change_summary == spec['texts']['first_sop'][lang]
    imp = ref(env, 'improvement_01')
    assert (imp.title, imp.problem, imp.idea) == tuple(spec['improvements'][0][k][lang]
                                                     for k in ('title', 'problem', 'idea'))
    pilot = ref(env, 'pilot_pilot_no_change')
    assert pilot.decision_note == spec['stories']['pilot_no_change']['decision_note'][lang]
    # nothing left in the other language where it is a name people read
    other = 'en_US' if lang == 'zh_CN' else 'zh_CN'
    names = env['mrp.workcenter'].search([]).mapped('name')
    assert not set(names) & {wc['name'][other] for wc in spec['workcenters']}


def test_the_language_follows_the_demo_users_unless_asked(env):
    """zh_CN when the demo operator works in Chinese, en_US otherwise; an explicit language wins; others refused."""
    operator = env.ref('ci_process.user_ci_operator_demo')
    saved = operator.lang
    try:
        operator.lang = 'zh_CN'
        assert demo_factory.plant_lang(env) == 'zh_CN'
        assert demo_factory.plant_lang(env, 'en_US') == 'en_US'
        operator.lang = 'en_US'
        assert demo_factory.plant_lang(env) == 'en_US'
        assert demo_factory.plant_lang(env, 'zh_CN') == 'zh_CN'
        with pytest.raises(ValueError, match="'fr_FR'"):
            demo_factory.plant_lang(env, 'fr_FR')
    finally:
        operator.lang = saved


def test_work_orders_in_progress_at_every_work_center(env):
    """Each work center has a work order in progress (an operator's open time log) and the next one ready."""
    operators = plant()['in_progress']['operators']
    for wc in plant()['workcenters']:
        running, ready = ref(env, 'workorder_running_%s' % wc['key']), ref(env, 'workorder_ready_%s' % wc['key'])
        assert running.workcenter_id == ready.workcenter_id == ref(env, 'workcenter_%s' % wc['key'])
        assert running.state == 'progress' and running.production_id.state == 'progress'
        assert ready.state == 'ready' and ready != running
        open_logs = running.time_ids.filtered(lambda t: not t.date_end)
        who = ref(env, 'user_%s' % operators[wc['key']]) if operators[wc['key']] not in (
            'operator', 'engineer', 'manager') else env.ref('ci_process.user_ci_%s_demo' % operators[wc['key']])
        assert open_logs.mapped('user_id') == who, (wc['key'], open_logs.mapped('user_id.login'))
        assert running.date_start[:10] >= str(datetime.date.today() - datetime.timedelta(days=1))
    # the operator at CNC lathe 1 runs the shaft under the standard in force, and records the diameter
    lathe = ref(env, 'workorder_running_cnc1')
    assert lathe.time_ids.filtered(lambda t: not t.date_end).user_id == env.ref('ci_process.user_ci_operator_demo')
    sop = ref(env, 'sop_turn')
    assert lathe.ci_sop_version_id == sop.current_version_id and lathe.ci_sop_version_id.number >= 2
    assert ref(env, 'characteristic_shaft_dia') in lathe.ci_spc_characteristic_ids
    # the operator sees it (CI Users read work orders) and may record measurements on it
    operator = env.ref('ci_process.user_ci_operator_demo')
    assert lathe.sudo(operator).read(['state'])[0]['state'] == 'progress'
    assert lathe.sudo(operator).action_ci_spc_record()['context'] == {'default_workorder_id': lathe.id}


def drop(db):
    odoo.sql_db.close_db(db)
    with db_connect('postgres').cursor() as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % db)


def test_same_seed_same_numbers_in_both_languages(env, db_name, tmp_path):
    """The factory loaded in the other language into a fresh database draws the same numbers: equal summaries."""
    loaded = marker(env)
    other = 'en_US' if loaded['lang'] == 'zh_CN' else 'zh_CN'
    db = '%s_other_lang' % db_name
    drop(db)
    log = tmp_path / 'other_lang.log'
    try:
        with open(log, 'w') as fh:
            proc = subprocess.run(
                [os.path.join(ROOT, 'scripts', 'odoo.sh'), '-d', db, '-i', 'ci_process,ci_spc,ci_incentive',
                 '--load-language=en_US,zh_CN', '--stop-after-init', '--log-level=warn',
                 '--max-cron-threads=0'], cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, timeout=1200)
            assert proc.returncode == 0, log.read_text()[-3000:]
            proc = subprocess.run(
                [os.path.join(ROOT, 'scripts', 'demo-factory.sh'), db], cwd=ROOT, stdout=fh,
                stderr=subprocess.STDOUT, timeout=1200,
                env=dict(os.environ, CI_DEMO_LANG=other, CI_DEMO_TODAY=loaded['day']))
            assert proc.returncode == 0, log.read_text()[-3000:]
        with db_connect(db).cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [demo_factory.MARKER])
            second = json.loads(cr.fetchone()[0])
            cr.execute("""SELECT r.name FROM mrp_workcenter w JOIN resource_resource r ON r.id = w.resource_id
                           WHERE w.code = 'CNC-01'""")
            lathe = cr.fetchone()[0]
        assert (second['lang'], second['seed'], second['day']) == (other, loaded['seed'], loaded['day'])
        assert second['summary'] == loaded['summary']
        assert lathe == plant()['workcenters'][2]['name'][other]
    finally:
        drop(db)
