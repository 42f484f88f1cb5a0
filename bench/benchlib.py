# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the benchmarks share: their database, an Odoo environment on it, a
live server on a free port. The scripts are run from the checkout
(``.venv/bin/python bench/<script>.py``), which puts this folder on the path."""
import contextlib
import os
import socket
import statistics
import subprocess
import time
import xmlrpc.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_db(db):
    """The suite installed, without demo data, up to date with the sources."""
    subprocess.check_call([os.path.join(ROOT, 'scripts', 'db.sh'), 'ensure', db, '--without-demo'])


@contextlib.contextmanager
def odoo_env(db, setup=True):
    """A superuser environment on ``db`` (prepared first unless ``setup`` is
    false), its cursor rolled back at the end."""
    if setup:
        ensure_db(db)
    import odoo
    from odoo import SUPERUSER_ID, api
    odoo.tools.config.parse_config(['-c', os.path.join(ROOT, 'odoo.conf'), '-d', db, '--log-level=warn'])
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
        cr.rollback()


def vacuum_analyze(cr, tables):
    """Fresh statistics and visibility maps after generating data (VACUUM
    cannot run in a transaction). Returns the seconds it took."""
    start = time.time()
    cr._cnx.autocommit = True
    for table in tables:
        cr.execute('VACUUM ANALYZE %s' % table)
    cr._cnx.autocommit = False
    return time.time() - start


def get_or_create(model, domain, vals):
    """The first record of ``model`` matching ``domain``, else a new one from
    ``vals``: the set-up records of a benchmark, made once."""
    return model.search(domain, limit=1) or model.create(vals)


def timed(env, func, repeat):
    """(last value, median seconds, p95 seconds) of ``repeat`` calls of
    ``func``, the ORM cache emptied before each."""
    times, value = [], None
    for _i in range(repeat):
        env['res.users'].invalidate_cache()  # the whole cache, every model
        t = time.perf_counter()
        value = func()
        times.append(time.perf_counter() - t)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return value, statistics.median(times), p95


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def start_server(db, log_path, *options):
    """An Odoo server on ``db`` on a free port with ``options`` (workers,
    log level...), its output in ``log_path``. Returns (process, url) once it
    answers XML-RPC."""
    port = free_port()
    log = open(log_path, 'w')
    proc = subprocess.Popen(
        [os.path.join(ROOT, 'scripts', 'odoo.sh'), '-d', db, '--db-filter', '^%s$' % db,
         '--http-interface', '127.0.0.1', '--http-port', str(port), '--max-cron-threads', '0'] + list(options),
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = 'http://127.0.0.1:%d' % port
    for _attempt in range(240):
        if proc.poll() is not None:
            break
        try:
            xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common').version()
            return proc, url
        except (OSError, xmlrpc.client.Error):
            time.sleep(0.5)
    proc.kill()
    raise SystemExit('the Odoo server did not start; see %s' % log_path)
