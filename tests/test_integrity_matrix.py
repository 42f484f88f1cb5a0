"""Integrity by construction (issue #13), as a generated matrix over XML-RPC.

Every model that adopted ``ci.protected.mixin`` x every role (operator,
engineer, manager, admin) x every door to its workflow-owned fields: the
values of ``create``, a context default, ``copy(default=...)``, a ``write``
on a record of each state, and, on frozen records, the write of any ordinary
field and the deletion. The probes are built from the registry by
``tests/integrity_probes.py`` (where the matrix is described, and the command
line that plays it against another server), on a database where every
workflow state has a record: the module first makes what the demo plant
lacks, over XML-RPC, through the workflow's own buttons
(``tests/integrity_seed.py``). Each test here plays the probes of one model
and role against the session's server, and asserts that every probe was
refused with a Fault and left its row as it was (or, for a context default,
that the record created does not hold the forged value); the deletions of
frozen records come last.

The tests are the same whatever the database holds (models and roles come
from the registry); the states covered, the probes and their outcomes, the
records made and the weak probes (refused, but maybe not by the protection)
are written to var/artifacts/integrity-matrix.json.
"""
import collections
import json
import os
import time

import odoo
import psycopg2
import pytest

import integrity_probes as ip
import integrity_seed
from test_xmlrpc_access import Rpc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPORT = os.path.join(ROOT, 'var', 'artifacts', 'integrity-matrix.json')
DELETION = 'frozen_unlink'


def _env_do(db_name, func):
    with odoo.api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        try:
            return func(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))
        finally:
            cr.rollback()


def _freezes(env, name):
    """Whether the model has a _frozen() of its own (the mixin's freezes nothing)."""
    return type(env[name])._frozen is not type(env[ip.MIXIN])._frozen


def _active_models(env):
    """The models of the mixin that protect a field or freeze records."""
    return [name for name in ip.protected_models(env)
            if env[name]._protected_fields() or _freezes(env, name)]


def expected_groups(env):
    """{model: [groups]}: the groups a write probe runs in, every state of
    the model's state field, or 'open' (and 'frozen' when it freezes) for
    a model without one."""
    groups = {}
    for name in _active_models(env):
        model = env[name]
        state = ip._state_field(model)
        if state:
            groups[name] = ip._selection_values(model._fields[state], model)
        else:
            groups[name] = ['open', 'frozen'] if _freezes(env, name) else ['open']
    return groups


def _nodes(env):
    models = _active_models(env)
    thread = env.registry['mail.thread'] if 'mail.thread' in env.registry else None
    return {
        'door': [(m, r) for m in models for r in ip.ROLES],
        'deletion': [(m, r) for m in models if _freezes(env, m) for r in ip.ROLES],
        'mail_model': [m for m in ip.protected_models(env)
                       if thread and issubclass(env.registry[m], thread)],
    }


def pytest_generate_tests(metafunc):
    # from the registry only: the same tests whatever records the database holds
    wanted = [name for name in ('door', 'deletion', 'mail_model') if name in metafunc.fixturenames]
    if not wanted:
        return
    nodes = _env_do(odoo.tools.config['db_name'], _nodes)
    for name in wanted:
        values = nodes[name]
        ids = ['-'.join(v) if isinstance(v, tuple) else v for v in values]
        metafunc.parametrize(name, values, ids=ids)


def _build(db_name):
    notes = []
    probes = _env_do(db_name, lambda env: ip.build_probes(env, notes))
    return probes, notes


@pytest.fixture(scope='module')
def matrix(request, db_name, odoo_server, operator, engineer, manager):
    """The records of every state (made once per database), the probes
    (built from the database as it then is), the runner, and the results,
    written out when the module ends."""
    started = time.time()
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    sessions = {'operator': operator, 'engineer': engineer, 'manager': manager, 'admin': admin}
    seeded = integrity_seed.seed(
        sessions, connect=lambda login: ip.Rpc(odoo_server, db_name, login, login))
    built = time.time()
    probes, notes = _build(db_name)
    mail = _env_do(db_name, ip.build_mail_probes)
    expected = _env_do(db_name, expected_groups)
    dsn = odoo.sql_db.connection_info_for(db_name)[1]
    conn = psycopg2.connect(**dsn)
    tables = sorted({p['table'] for p in probes})

    def counts():
        with conn.cursor() as cr:
            res = {}
            for table in tables + ['mail_message', 'mail_followers']:
                cr.execute('SELECT COUNT(*) FROM "%s"' % table)
                res[table] = cr.fetchone()[0]
            return res

    by_node = collections.OrderedDict()
    for probe in probes:
        key = ('deletion' if probe['kind'] == DELETION else 'door', probe['model'], probe['role'])
        by_node.setdefault(key, []).append(probe)
    state = {
        'probes': probes,
        'notes': notes,
        'by_node': by_node,
        'expected': expected,
        'seeded': seeded,
        'runner': ip.ProbeRunner(sessions, conn),
        'results': {},
        'mail': mail,
        'mail_results': {},
        'seed_seconds': round(built - started, 1),
        'built_in': round(time.time() - built, 1),
    }
    state['rows_before'] = counts()
    yield state
    rows_after = counts()
    summary = ip.summarize(probes, state['results'])
    weak = [p for p in probes if p.get('strong') is False]
    summary.update(
        database=db_name,
        seconds=round(time.time() - started, 1),
        seed_seconds=state['seed_seconds'],
        built_in_seconds=state['built_in'],
        models=sorted({p['model'] for p in probes}),
        states=_coverage(probes, expected),
        seeded=_seed_summary(seeded),
        not_probed=notes,
        weak_probes=len(weak),
        weak_by_reason=dict(collections.Counter(p['weak'] for p in weak)),
        weak_reasons=ip.WEAK_REASONS,
        weak_by_model_role_kind=_weak_cube(weak),
        weak_answered_by=_weak_answers(weak, state['results']),
        leaked_rows={t: rows_after[t] - n for t, n in state['rows_before'].items()
                     if rows_after[t] != n},
        by_model_role_kind=_cube(probes, state['results']),
        mail={'probes': len(mail), 'played': len(state['mail_results']),
              'closed': {pid: res['answer'] for pid, res in sorted(state['mail_results'].items())
                         if res['outcome'] != 'open'}},
    )
    os.makedirs(os.path.dirname(REPORT), exist_ok=True)
    with open(REPORT, 'w') as out:
        json.dump(summary, out, indent=1, sort_keys=True)
    line = ('integrity matrix: %d probes, %d played (%s), %d failed, %d weak, %.0f s (records %s in %.0f s) -> %s'
            % (summary['probes'], summary['played'],
               ', '.join('%s %d' % kv for kv in summary['probes_by']['kind'].items()),
               len(summary['failures']), len(weak), summary['seconds'],
               'reused' if seeded.get('reused') else 'made', state['seed_seconds'],
               os.path.relpath(REPORT, ROOT)))
    # on the terminal, past pytest's capture (this runs in a test's teardown)
    reporter = request.config.pluginmanager.get_plugin('terminalreporter')
    capture = request.config.pluginmanager.get_plugin('capturemanager')
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line('\n' + line)
    conn.close()


def _coverage(probes, expected):
    """Per model: its groups, those a write probe ran in, and why the others
    have none (integrity_seed.UNREACHABLE)."""
    written = collections.defaultdict(set)
    for probe in probes:
        if probe['kind'] in ('write', 'frozen_write'):
            written[probe['model']].add(str(probe['group']))
    res = {}
    for model, groups in sorted(expected.items()):
        missing = [g for g in groups if g not in written[model]]
        res[model] = {
            'groups': groups,
            'probed': [g for g in groups if g in written[model]],
            'unreachable': {g: integrity_seed.UNREACHABLE[(model, g)] for g in missing
                            if (model, g) in integrity_seed.UNREACHABLE},
            'missing': [g for g in missing if (model, g) not in integrity_seed.UNREACHABLE],
        }
    return res


def _seed_summary(seeded):
    steps = collections.OrderedDict()
    for role, model, method in seeded.get('steps') or ():
        steps.setdefault('%s.%s' % (model, method), [])
        if role not in steps['%s.%s' % (model, method)]:
            steps['%s.%s' % (model, method)].append(role)
    return {'made': seeded.get('made'), 'calls': seeded.get('calls'), 'reused': seeded.get('reused'),
            'seconds': seeded.get('seconds'), 'steps_by': steps, 'failed_steps': seeded.get('failed_steps') or []}


def _cube(probes, results):
    cube = {}
    for probe in probes:
        res = results.get(probe['id'])
        if res is None:
            continue
        cell = cube.setdefault(probe['model'], {}).setdefault(probe['role'], {}).setdefault(
            probe['kind'], {'probes': 0, 'failed': 0})
        cell['probes'] += 1
        cell['failed'] += res['outcome'] not in ip.PASSED
    return cube


def _weak_cube(weak):
    cube = collections.Counter('%s/%s/%s: %s' % (p['model'], p['role'], p['kind'], p['weak']) for p in weak)
    return dict(sorted(cube.items()))


def _weak_answers(weak, results):
    """{weak reason: {who answered: probes}}: whether a weak probe was
    refused by the access rules after all, or reached the protection."""
    cube = collections.defaultdict(collections.Counter)
    for probe in weak:
        res = results.get(probe['id'])
        if res is not None:
            cube[probe['weak']][res.get('answered_by') or res['outcome']] += 1
    return {reason: dict(sorted(c.items())) for reason, c in sorted(cube.items())}


def test_matrix_covers_the_protected_models(db_name, matrix):
    """Every model of the mixin is probed, every protected field through every
    door, for every role; what cannot be is in the report's ``not_probed``;
    every probe belongs to one of the tests below."""
    models = _env_do(db_name, ip.protected_models)
    active = _env_do(db_name, _active_models)
    probed_models = {p['model'] for p in matrix['probes']}
    # a model of the mixin that protects nothing and freezes nothing has no probe
    assert probed_models == set(active) and set(active) <= set(models)
    assert len(matrix['probes']) == len({p['id'] for p in matrix['probes']})
    # each field a model protects: refused in create (but to its group), ignored as a default
    fields = _env_do(db_name, lambda env: {
        (m, f) for m in models for f, fd in env[m]._fields.items()
        if f in env[m]._protected_fields() and fd.store and fd.type not in ip.SKIPPED_TYPES})
    unforgeable = {(n['model'], n['field']) for n in matrix['notes'] if n.get('field')}
    probed = {(p['model'], p['field']) for p in matrix['probes'] if p['kind'] == 'default'}
    assert fields - unforgeable <= probed, sorted(fields - unforgeable - probed)
    nodes = _env_do(db_name, _nodes)
    tested = {(kind,) + node for kind in ('door', 'deletion') for node in nodes[kind]}
    assert set(matrix['by_node']) <= tested, sorted(set(matrix['by_node']) - tested)


def test_matrix_covers_every_state(matrix):
    """A write probe runs in every state of every model (every group: open,
    frozen, for a model without a state), but where no record of it can
    exist (integrity_seed.UNREACHABLE, each with its reason)."""
    coverage = _coverage(matrix['probes'], matrix['expected'])
    missing = {model: cov['missing'] for model, cov in coverage.items() if cov['missing']}
    failed = matrix['seeded'].get('failed_steps')
    assert not missing and not failed, 'no write probe in these states: %s; the steps that failed to make ' \
        'them: %s' % (missing, failed)


def _play(matrix, probes):
    runner = matrix['runner']
    failures = []
    for probe in probes:
        res = runner.run(probe)
        matrix['results'][probe['id']] = res
        if res['outcome'] not in ip.PASSED:
            failures.append('%s [%s%s]: %s -> %s' % (
                probe['id'], probe.get('vals') if probe['kind'] != 'create'
                else {probe['field']: probe['vals'][probe['field']]},
                ' ctx %s' % probe['context'] if probe.get('context') else
                (' default %s' % probe['default'] if probe.get('default') else ''),
                res['outcome'], res['answer']))
    assert not failures, '%d of %d probes not refused:\n%s' % (
        len(failures), len(probes), '\n'.join(failures))


def test_probe(matrix, door):
    """Every door but deletion, for one model and role: create, context
    default, copy, write in each state, write of a frozen record."""
    probes = matrix['by_node'].get(('door',) + door)
    if not probes:
        pytest.skip('no probe for %s' % '/'.join(door))
    _play(matrix, probes)


def test_mail_stays_open(matrix, mail_model):
    """What frozen leaves open: each role that may write a record of the
    model (one per state) follows it and posts a note on it."""
    probes = [p for p in matrix['mail'] if p['model'] == mail_model]
    if not probes:
        pytest.skip('no record of %s any role may write' % mail_model)
    closed = []
    for probe in probes:
        res = matrix['runner'].run_mail(probe)
        matrix['mail_results'][probe['id']] = res
        if res['outcome'] not in ('open', 'n/a'):
            closed.append('%s (record %s%s): %s -> %s' % (
                probe['id'], probe['record_id'], ', frozen' if probe['frozen'] else '',
                res['outcome'], res['answer']))
    assert not closed, '%d of %d could not follow or discuss the record:\n%s' % (
        len(closed), len(probes), '\n'.join(closed))


def test_frozen_unlink(matrix, deletion):
    """Deleting a frozen record of each state, for one model and role; last,
    as an accepted deletion (a failure) takes its record with it."""
    probes = matrix['by_node'].get(('deletion',) + deletion)
    if not probes:
        pytest.skip('no frozen record of %s' % deletion[0])
    _play(matrix, probes)


def test_matrix_leaves_the_database_as_it_found_it(matrix):
    """Runs after the probes (pytest keeps the file's order: parametrized
    tests first): nothing the probes made stays behind."""
    if not matrix['results'] and not matrix['mail_results']:
        pytest.skip('no probe ran')
    runner = matrix['runner']
    now = {}
    with runner.conn.cursor() as cr:
        for table in matrix['rows_before']:
            cr.execute('SELECT COUNT(*) FROM "%s"' % table)
            now[table] = cr.fetchone()[0]
    leaked = {t: now[t] - n for t, n in matrix['rows_before'].items() if now[t] != n}
    # an accepted deletion of a frozen record is a failure of its own probe
    deleted = {p['table'] for p in matrix['probes']
               if p['kind'] == DELETION
               and matrix['results'].get(p['id'], {}).get('outcome') == 'accepted'}
    assert not {t: n for t, n in leaked.items() if t not in deleted}, leaked
