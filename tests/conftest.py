"""Fixtures of the cross-module tests: a real Odoo server over HTTP.

pytest-odoo has already loaded the test database's registry in this process
(--odoo-database); the server below is a separate `odoo` process on a free
port, serving that same database, as integrators and browsers see it.
"""
import os
import socket
import subprocess
import time
import urllib.request

import odoo
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.path.join(ROOT, 'var', 'artifacts')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture(scope='session')
def db_name():
    name = odoo.tools.config['db_name']
    assert name, "run pytest with --odoo-database"
    return name


@pytest.fixture(scope='session')
def artifacts_dir():
    path = os.path.join(ARTIFACTS, 'screenshots')
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(scope='session')
def odoo_server(db_name):
    """Base URL of an Odoo server started for this test session."""
    port = free_port()
    os.makedirs(os.path.join(ROOT, 'var', 'log'), exist_ok=True)
    logfile = os.path.join(ROOT, 'var', 'log', 'test-server.log')
    proc = subprocess.Popen(
        [os.path.join(ROOT, 'scripts', 'odoo.sh'), '-d', db_name,
         '--db-filter', '^%s$' % db_name, '--http-port', str(port),
         '--http-interface', '127.0.0.1', '--max-cron-threads', '0',
         '--workers', '0', '--logfile', logfile],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = 'http://127.0.0.1:%d' % port
    deadline = time.time() + 90
    while True:
        if proc.poll() is not None:
            raise RuntimeError("odoo server exited with %s, see %s" % (proc.returncode, logfile))
        try:
            with urllib.request.urlopen(url + '/web/login', timeout=5) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if time.time() > deadline:
            proc.kill()
            raise RuntimeError("odoo server did not answer within 90 s, see %s" % logfile)
        time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def _login(odoo_server, db_name, login):
    # imported here: test_xmlrpc_access needs odoo, which pytest-odoo loads first
    from test_xmlrpc_access import Rpc
    return Rpc(odoo_server, db_name, login, login)


@pytest.fixture(scope='session')
def operator(odoo_server, db_name):
    """The demo CI User over XML-RPC."""
    return _login(odoo_server, db_name, 'operator')


@pytest.fixture(scope='session')
def engineer(odoo_server, db_name):
    """The demo CI Engineer over XML-RPC."""
    return _login(odoo_server, db_name, 'engineer')


@pytest.fixture(scope='session')
def manager(odoo_server, db_name):
    """The demo CI Manager over XML-RPC."""
    return _login(odoo_server, db_name, 'manager')


@pytest.fixture
def set_user_lang(odoo_server, db_name):
    """set_user_lang(login, lang): the user's language for one test, each
    user's own put back after it."""
    from test_xmlrpc_access import Rpc
    admin = Rpc(odoo_server, db_name, 'admin', 'admin')
    before = {}

    def set_lang(login, lang):
        uid = admin('res.users', 'search', [('login', '=', login)])[0]
        if uid not in before:
            before[uid] = admin('res.users', 'read', [uid], fields=['lang'])[0]['lang']
        admin('res.users', 'write', [uid], {'lang': lang})
    yield set_lang
    for uid, lang in before.items():
        admin('res.users', 'write', [uid], {'lang': lang})
