"""The production recipe, tried on this machine (issue #17, `make test-deploy`,
docs/deploy.md).

From `scripts/deploy-config.sh`'s files: two Odoo nodes (prefork workers,
separate processes and ports) on one database and one filestore, behind nginx;
the database restored from a backup of the test database by the production
role, which logs in with its password (scram-sha-256). `bench/load_test.py`'s
clients run through nginx for 150 s while:

* both nodes serve (throughput and p95: "two nodes");
* node 2 is stopped (SIGINT, its requests finished): "one node";
* node 2 is back, then node 1 is killed (SIGKILL of its whole process group,
  in the middle of requests) and started again: "failover".

Then, counted in the database: no measurement, ledger entry or improvement
lost or doubled (the clients repeat a call that lost its connection the way
docs/api.md tells integrators to); every scheduled job of the suite ran once
per period across the nodes, and once when four processes race for it.
The figures go to var/artifacts/deploy.json.
"""
import concurrent.futures
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client

import psycopg2
import pytest
from odoo.tools import config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
import load_test  # noqa: E402  pylint: disable=wrong-import-position

DB = 'ci_deploy'
ROLE = 'ci_deploy'
WORK = os.path.join(ROOT, 'var', 'deploy')
CLIENTS = 6
# the timeline, in seconds from the clients' start
WARM, STOP_2, START_2, KILL_1, START_1, END = 10, 50, 90, 115, 130, 150
CRONS = ('ci_incentive.ir_cron_ci_award_monthly', 'ci_incentive.ir_cron_ci_leaderboard_compact',
         'ci_process.ir_cron_ci_kpi_alert_evaluate', 'ci_process.ir_cron_ci_sop_review_due',
         'ci_process.ir_cron_ci_sop_apply_effective', 'ci_process.ir_cron_ci_kpi_fact_fold',
         'ci_process.ir_cron_ci_improvement_fact_fold')


def _pg_env(user='postgres', password=None):
    env = dict(os.environ, PGHOST=str(config['db_host'] or '127.0.0.1'), PGPORT=str(config['db_port'] or 5432),
               PGUSER=user)
    env.pop('PGPASSWORD', None)
    if password:
        env['PGPASSWORD'] = password
    return env


def _as_postgres(sql, db='postgres'):
    """psql as the cluster's superuser: what the administrator of the
    database host does (the role, and the test's own bookkeeping)."""
    out = subprocess.run(['psql', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql],
                         env=_pg_env(), capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def _free_block(count):
    """The first of ``count`` consecutive free ports."""
    for base in range(18100, 30000, 10):
        try:
            socks = []
            for port in range(base, base + count):
                sock = socket.socket()
                socks.append(sock)
                sock.bind(('127.0.0.1', port))
            return base
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    raise AssertionError('no free ports')


def _conf_value(path, key):
    with open(path) as fh:
        return re.search(r'^%s = (.*)$' % key, fh.read(), re.M).group(1)


def _run(*cmd, **kw):
    out = subprocess.run(list(cmd), cwd=ROOT, capture_output=True, text=True, timeout=900, **kw)
    assert out.returncode == 0, '%s failed:\n%s%s' % (cmd[0], out.stdout[-3000:], out.stderr[-3000:])
    return out


class Node(object):
    """An Odoo node of the deployment, as its systemd unit runs it."""

    def __init__(self, index, conf):
        self.index, self.conf = index, conf
        self.port = int(_conf_value(conf, 'http_port'))
        self.log = os.path.join(WORK, 'node-%d.log' % index)
        self.proc = None

    def start(self):
        log = open(self.log, 'a')
        # its own session: the node (master, HTTP, cron and longpolling
        # workers) is one process group, killed as a whole like a host dying
        self.proc = subprocess.Popen([os.path.join(ROOT, 'scripts', 'odoo.sh')], cwd=ROOT, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True,
                                     env=dict(os.environ, CI_ODOO_CONF=self.conf))

    def ready(self):
        try:
            xmlrpc.client.ServerProxy('http://127.0.0.1:%d/xmlrpc/2/common' % self.port).version()
            return True
        except (OSError, xmlrpc.client.Error):
            return False

    def wait_ready(self, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            assert self.proc.poll() is None, 'node %d exited; see %s' % (self.index, self.log)
            if self.ready():
                return
            time.sleep(0.3)
        raise AssertionError('node %d did not answer in %d s; see %s' % (self.index, timeout, self.log))

    def stop(self):
        """Graceful: Odoo's workers finish their request, then exit."""
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(120)

    def kill(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(30)

    def jobs_started(self):
        with open(self.log, errors='replace') as fh:
            return re.findall(r'INFO %s odoo\.addons\.base\.ir\.ir_cron: Starting job `(.+?)`\.' % DB, fh.read())


@pytest.fixture(scope='module')
def deployment(db_name):
    """The configuration rendered, the role, the database restored from a
    backup, nginx and two nodes started; stopped afterwards."""
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    base, proxy_port = _free_block(4), _free_block(14)
    proxy_port += 10
    conf_dir = os.path.join(WORK, 'conf')
    _run('scripts/deploy-config.sh', conf_dir, '--nodes', '2', '--db', DB, '--db-user', ROLE,
         '--db-host', str(config['db_host'] or '127.0.0.1'), '--db-port', str(config['db_port'] or 5432),
         '--data-dir', os.path.join(WORK, 'data'), '--listen', '127.0.0.1:%d' % proxy_port,
         '--base-port', str(base), '--workers', '2', '--public-url', 'http://127.0.0.1:%d' % proxy_port)
    confs = [os.path.join(conf_dir, 'node-%d.conf' % i) for i in (1, 2)]
    password = _conf_value(confs[0], 'db_password')
    assert re.match(r'^[\w-]{20,}$', password), "a generated password"
    # the production role: its own password, may create its database
    exists = _as_postgres("SELECT 1 FROM pg_roles WHERE rolname = '%s'" % ROLE)
    _as_postgres("%s ROLE %s LOGIN CREATEDB NOSUPERUSER PASSWORD '%s'"
                 % ('ALTER' if exists else 'CREATE', ROLE, password))
    # as docs/deploy.md sets it (this cluster has it off already: the role's own setting is checked below)
    _as_postgres("ALTER ROLE %s SET jit = off" % ROLE)
    _as_postgres("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'" % DB)
    _as_postgres('DROP DATABASE IF EXISTS %s' % DB)

    backup = os.path.join(WORK, 'backup')
    _run('scripts/backup.sh', db_name, backup)
    t0 = time.time()
    _run('scripts/restore.sh', backup, DB, '--copy', '--conf', confs[0])
    restore_s = time.time() - t0

    nginx_dir = os.path.join(WORK, 'nginx')
    for sub in ('body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'):
        os.makedirs(os.path.join(nginx_dir, 'tmp', sub))
    nginx_conf = os.path.join(nginx_dir, 'nginx.conf')
    with open(nginx_conf, 'w') as fh:
        # started as root, nginx's workers would be nobody, who may not enter
        # a checkout under /root (CI's): they stay root here, on loopback
        fh.write("""# what Debian's /etc/nginx/nginx.conf provides around the site's file
{user}worker_processes 2;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log {d}/access.log;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    include {site};
}}
""".format(user='user root;\n' if os.geteuid() == 0 else '', d=nginx_dir, site=os.path.join(conf_dir, 'nginx-ci-suite.conf')))
    nginx = ['/usr/sbin/nginx', '-p', nginx_dir, '-c', nginx_conf, '-g', 'daemon off;']
    _run(*(nginx + ['-t']))
    proxy = subprocess.Popen(nginx, stdout=subprocess.DEVNULL, stderr=open(os.path.join(nginx_dir, 'stderr'), 'w'))
    nodes = [Node(i + 1, conf) for i, conf in enumerate(confs)]
    try:
        for node in nodes:
            node.start()
        for node in nodes:
            node.wait_ready()
        site = os.path.join(conf_dir, 'nginx-ci-suite.conf')

        def drain(node, out=True):
            """Node ``node`` out of nginx's rotation (or back in), as the
            recipe's planned stop does: its ports marked down, nginx reloaded
            (its old workers finish their requests)."""
            with open(site) as fh:
                text = fh.read()
            for port in (node.port, node.port + 1):
                text = re.sub(r'(server 127\.0\.0\.1:%d) [^;]*;' % port,
                              r'\1 down;' if out else r'\1 max_fails=1 fail_timeout=10s;', text)
            with open(site, 'w') as fh:
                fh.write(text)
            proxy.send_signal(signal.SIGHUP)
            time.sleep(3)

        yield {'url': 'http://127.0.0.1:%d' % proxy_port, 'nodes': nodes, 'password': password, 'drain': drain,
               'restore_s': restore_s, 'confs': confs}
    finally:
        for node in nodes:
            if node.proc and node.proc.poll() is None:
                os.killpg(node.proc.pid, signal.SIGTERM)
                try:
                    node.proc.wait(60)
                except subprocess.TimeoutExpired:
                    os.killpg(node.proc.pid, signal.SIGKILL)
        proxy.terminate()
        proxy.wait(30)


def _crons():
    """{xml id: (id, numbercall, due)} of the suite's scheduled jobs."""
    rows = _as_postgres("""SELECT d.module || '.' || d.name, c.id, c.numbercall,
                                  c.nextcall <= (now() at time zone 'UTC')
                             FROM ir_cron c JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
                            WHERE d.module || '.' || d.name IN %s""" % (tuple(CRONS),), DB)
    return {xmlid: (int(cid), int(numbercall), due == 't')
            for xmlid, cid, numbercall, due in (line.split('|') for line in rows.splitlines())}


def _make_due(crons):
    """A new period for every job: due a minute ago."""
    _as_postgres("UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') - interval '1 minute', active = True "
                 "WHERE id IN (%s)" % ','.join(str(c[0]) for c in crons.values()), DB)


def _effects():
    """What the jobs leave, counted: scheduled KPI evaluations per rule,
    reviews of the standard made due, awards (doubles), the boards."""
    return {
        'kpi_cron_evaluations': _as_postgres(
            "SELECT count(*) FROM ci_kpi_alert_evaluation WHERE trigger = 'cron'", DB),
        'kpi_active_rules': _as_postgres("SELECT count(*) FROM ci_kpi_alert_rule WHERE active", DB),
        'award_doubles': _as_postgres(
            """SELECT count(*) FROM (SELECT 1 FROM ci_award
                GROUP BY period_start, company_id, board_id, kind, user_id, team_id HAVING count(*) > 1) d""", DB),
        'awards': _as_postgres("SELECT count(*) FROM ci_award", DB),
    }


RACER = """
import time
from odoo.addons.base.ir.ir_cron import ir_cron
print('READY %%f' %% time.time(), flush=True)
while time.time() < %(at)f:
    time.sleep(0.002)
ir_cron._acquire_job(%(db)r)
"""


def _race(conf, racers=4):
    """``racers`` processes poll for the due jobs at the same instant, as
    cron workers of as many nodes would: returns their logs."""
    at = time.time() + 40      # each loads the registry first
    logs = [os.path.join(WORK, 'racer-%d.log' % (i + 1)) for i in range(racers)]
    procs = []
    for path in logs:
        with open(path, 'w') as out:
            procs.append(subprocess.Popen(
                [os.path.join(ROOT, 'scripts', 'odoo.sh'), 'shell', '-d', DB, '--no-http', '--log-level', 'info'],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, text=True,
                env=dict(os.environ, CI_ODOO_CONF=conf)))
    for proc in procs:
        proc.stdin.write(RACER % {'at': at, 'db': DB})
        proc.stdin.close()
    for proc in procs:
        proc.wait(300)
    logs = [open(path, errors='replace').read() for path in logs]
    assert all(proc.returncode == 0 for proc in procs), logs
    ready = [float(re.search(r'^READY (\S+)$', log, re.M).group(1)) for log in logs]
    assert max(ready) < at, 'a racer was not ready at the start: %s' % ready
    return logs


def test_two_nodes_behind_nginx(deployment, artifacts_dir):
    url, nodes = deployment['url'], deployment['nodes']

    # the role's password is checked: without it, or a wrong one, no entry
    with pytest.raises(psycopg2.OperationalError, match='password authentication failed'):
        psycopg2.connect(host=config['db_host'] or '127.0.0.1', port=config['db_port'], user=ROLE,
                         password='not-' + deployment['password'], dbname=DB).close()
    with psycopg2.connect(host=config['db_host'] or '127.0.0.1', port=config['db_port'], user=ROLE,
                          password=deployment['password'], dbname=DB) as conn, conn.cursor() as cr:
        cr.execute("SELECT current_user, d.datdba::regrole::text FROM pg_database d WHERE datname = %s", [DB])
        assert cr.fetchone() == (ROLE, ROLE)
        cr.execute("SELECT r.setconfig FROM pg_db_role_setting r WHERE r.setrole = %s::regrole AND r.setdatabase = 0",
                   [ROLE])
        assert cr.fetchone() == (['jit=off'],)
    # nginx serves the web client and the database list is closed
    with urllib.request.urlopen(url + '/web/login', timeout=60) as page:
        assert page.status == 200
    dbs = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/db')
    with pytest.raises(xmlrpc.client.Fault, match='Access denied'):
        dbs.list()

    admin = load_test.Rpc(url, 'admin', 'admin', DB)
    # the points of a submission are the load's rules' alone (the plant's
    # own, in this copy, archived): the ledger's expected sums are exact
    others = admin('ci.point.rule', 'search', [('event', '=', 'submitted')])
    admin('ci.point.rule', 'write', others, {'active': False})
    plan = load_test.prepare(admin, CLIENTS, time.strftime('%m%d%H%M%S'))

    # scheduled jobs: period 1 due now; one standard due for review today
    crons = _crons()
    assert set(crons) == set(CRONS)
    # a period of a day for each (the folds' 5 minutes would come round
    # again during the test): every period is the one the test makes due
    _as_postgres("UPDATE ir_cron SET numbercall = 1000, interval_type = 'days', interval_number = 1 "
                 "WHERE id IN (%s)" % ','.join(str(c[0]) for c in crons.values()), DB)
    sop_id = int(_as_postgres("""SELECT s.id FROM ci_sop s WHERE s.current_version_id IS NOT NULL
                                   AND NOT EXISTS (SELECT 1 FROM ci_sop_review r WHERE r.sop_id = s.id
                                                   AND r.state = 'open') ORDER BY s.id LIMIT 1""", DB))
    today = _as_postgres("SELECT current_date", DB)
    _as_postgres("UPDATE ci_sop SET date_next_review = current_date WHERE id = %d" % sop_id, DB)
    effects_before = _effects()
    _make_due(crons)
    periods = 1

    start_at = time.time() + 5
    events = {}
    with concurrent.futures.ProcessPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(load_test.client, url, spec, i, END, 500, start_at, 20261203, DB, True)
                   for i, spec in enumerate(plan)]

        def at(offset):
            """Waits until ``offset``; meanwhile, period 2 of the jobs once
            every job ran period 1."""
            nonlocal periods
            while time.time() < start_at + offset:
                time.sleep(min(1.0, max(0.0, start_at + offset - time.time())))
                if periods == 1 and all(c[1] == 999 for c in _crons().values()):
                    events['period 1 done'] = time.time() - start_at
                    _make_due(crons)
                    periods = 2

        at(STOP_2)
        deployment['drain'](nodes[1])
        nodes[1].stop()
        events['node 2 stopped'] = time.time() - start_at
        at(START_2)
        nodes[1].start()
        nodes[1].wait_ready()
        deployment['drain'](nodes[1], out=False)
        events['node 2 back'] = time.time() - start_at
        assert time.time() < start_at + KILL_1, 'node 2 took too long to start'
        at(KILL_1)
        nodes[0].kill()
        events['node 1 killed'] = time.time() - start_at
        at(START_1)
        nodes[0].start()
        nodes[0].wait_ready()
        events['node 1 back'] = time.time() - start_at
        results = [f.result() for f in futures]

    # every job: period 2 too (a cron worker polls every 60-70 s)
    deadline = time.time() + 240
    while periods == 1 or any(c[1] != 1000 - periods for c in _crons().values()):
        assert time.time() < deadline, 'jobs not run: %s' % _crons()
        if periods == 1 and all(c[1] == 999 for c in _crons().values()):
            _make_due(crons)
            periods = 2
        time.sleep(1)
    # the counts, while nginx still has nodes to ask
    checks = load_test.check(admin, plan, results)
    # period 3, the nodes stopped: four processes race for the due jobs at
    # the same instant
    for node in nodes:
        node.stop()
    _make_due(crons)
    periods = 3
    race_logs = _race(deployment['confs'][0])
    runs = {xmlid: 1000 - c[1] for xmlid, c in _crons().items()}
    effects = _effects()

    errors = [e for r in results for e in r['errors']]
    lost_calls = [(t - start_at, op, why) for r in results for t, op, why in r['lost_calls']]
    two = load_test.stats(results, start_at + WARM, start_at + STOP_2)
    one = load_test.stats(results, start_at + STOP_2 + 2, start_at + START_2)
    started = {}
    for node in nodes:
        for name in node.jobs_started():
            started.setdefault(name, {}).setdefault('node %d' % node.index, 0)
            started[name]['node %d' % node.index] += 1
    for i, log in enumerate(race_logs):
        for name in re.findall(r'Starting job `(.+?)`', log):
            started.setdefault(name, {}).setdefault('racer %d' % (i + 1), 0)
            started[name]['racer %d' % (i + 1)] += 1

    def per_s(table, seconds):
        return sum(count for count, _p50, _p95, _max in table.values()) / seconds

    figures = {
        'restore_s': round(deployment['restore_s'], 1),
        'events_s': {k: round(v, 1) for k, v in events.items()},
        'two_nodes': {op: {'calls': v[0], 'p95_ms': round(1000 * v[2])} for op, v in two.items()},
        'one_node': {op: {'calls': v[0], 'p95_ms': round(1000 * v[2])} for op, v in one.items()},
        'throughput_ratio_two_vs_one': round(per_s(two, STOP_2 - WARM) / per_s(one, START_2 - STOP_2 - 2), 2),
        'p95_ratio_two_vs_one': {op: round(two[op][2] / one[op][2], 2) for op in two},
        'calls_that_lost_their_connection': len(lost_calls),
        'lost_calls_by_window': {
            'node 2 stopping': len([c for c in lost_calls if STOP_2 - 1 <= c[0] < START_2]),
            'failover': len([c for c in lost_calls if KILL_1 - 1 <= c[0] < START_1 + 10]),
            'other': len([c for c in lost_calls if not (STOP_2 - 1 <= c[0] < START_2
                                                      or KILL_1 - 1 <= c[0] < START_1 + 10)])},
        'lost_calls': [('%.1f s' % t, op, why) for t, op, why in lost_calls][:40],
        'client_errors': errors[:20],
        'counts_checked': len(checks),
        'counts_differing': [(label, str(told)[:200], str(stored)[:200])
                             for label, told, stored in checks if told != stored],
        'measurements': sum(r['told']['created'] for r in results),
        'improvements': sum(len(r['told']['improvements']) for r in results),
        'job_periods': periods,
        'job_runs_committed': runs,
        'jobs_started_per_process': started,
        'effects_before': effects_before,
        'effects_after': effects,
    }
    with open(os.path.join(os.path.dirname(artifacts_dir), 'deploy.json'), 'w') as fh:
        json.dump(figures, fh, indent=1, sort_keys=True)

    assert not errors, errors[:10]
    assert not figures['counts_differing'], figures['counts_differing']
    assert figures['measurements'] > 0 and figures['improvements'] > 0
    # the kill cost the clients some calls, which they repeated
    assert figures['lost_calls_by_window']['other'] == 0, lost_calls
    # each job once per period, whichever node ran it; in the race, one racer
    assert runs == {xmlid: periods for xmlid in CRONS}, runs
    names = _as_postgres("SELECT cron_name FROM ir_cron WHERE id IN (%s)"
                         % ','.join(str(c[0]) for c in crons.values()), DB).splitlines()
    raced = {name: sum(n for who, n in started.get(name, {}).items() if who.startswith('racer')) for name in names}
    assert raced == {name: 1 for name in names}, raced
    kpi_runs = int(effects['kpi_cron_evaluations']) - int(effects_before['kpi_cron_evaluations'])
    assert kpi_runs == periods * int(effects['kpi_active_rules']), (kpi_runs, effects)
    assert effects['award_doubles'] == '0'
    reviews = _as_postgres("SELECT count(*) FROM ci_sop_review WHERE sop_id = %d AND date_due = '%s'"
                           % (sop_id, today), DB)
    assert reviews == '1', reviews
    # the folds left nothing behind: the facts as written equal the facts as read
    for dirty in ('ci_kpi_fact_dirty', 'ci_improvement_fact_dirty'):
        assert _as_postgres('SELECT count(*) FROM %s' % dirty, DB) == '0', dirty
    assert _as_postgres("""SELECT count(*) FROM ((SELECT * FROM ci_improvement_month_fact
                                                  EXCEPT SELECT * FROM ci_improvement_month_fact_live)
                                                 UNION ALL (SELECT * FROM ci_improvement_month_fact_live
                                                  EXCEPT SELECT * FROM ci_improvement_month_fact)) d""", DB) == '0'
    activities = _as_postgres("""SELECT count(*) FROM mail_activity a JOIN ci_sop_review r ON r.id = a.res_id
                                  WHERE a.res_model = 'ci.sop.review' AND r.sop_id = %d""" % sop_id, DB)
    assert activities == '1', activities
