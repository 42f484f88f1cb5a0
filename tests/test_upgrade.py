"""Upgrade without loss (issue #17, docs/deploy.md): for each release of
deploy/releases.txt, the addons installed from that release's sources with
the release's demo plant, then upgraded to this checkout with `-u`; every
figure that must survive is the same afterwards: row counts, ledger sums,
measurements, frozen limits, SOP versions with their files, improvements.

The release runs under this checkout's runtime (runtime/ and the pins of
requirements.txt and requirements-dev.txt), which the test checks unchanged
since the release: once it changes, the release needs a virtualenv of its
own here."""
import hashlib
import json
import os
import shutil
import subprocess
import time

import odoo
import pytest
from odoo.tools import config

from test_backup_restore import SAME, _rows, _table_counts

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, 'var', 'upgrade')
PY = os.path.join(ROOT, '.venv', 'bin', 'python')
ADDONS = 'ci_process,ci_spc,ci_incentive'
# figures over columns that every release has, besides the drill's
KEPT = dict(SAME, **{
    'improvements': """SELECT id, state, origin, submitter_id, workcenter_id, title FROM ci_improvement
                        ORDER BY id""",
    'pilots': """SELECT id, improvement_id, state, decision, verdict, p_value, difference, baseline_n, pilot_n
                   FROM ci_pilot ORDER BY id""",
    'SOPs': "SELECT id, current_version_id, date_last_review FROM ci_sop ORDER BY id",
    'work order stamps': """SELECT count(*), count(ci_sop_version_id), sum(ci_sop_version_id)
                              FROM mrp_workorder""",
    'awards': "SELECT period_start, company_id, board_id, kind, user_id, team_id FROM ci_award ORDER BY 1, 2, 3, 4, 5, 6",
    # the boards as read: their new points (deltas) may be folded into the totals
    'people boards': """SELECT period_type, period_start, company_id, board_id, user_id, points, entry_count,
                               points_redeemed, rank FROM ci_leaderboard_user ORDER BY 1, 2, 3, 4, 5""",
    'team boards': """SELECT period_type, period_start, company_id, team_id, points, entry_count, member_points,
                             team_points, rank FROM ci_leaderboard_team ORDER BY 1, 2, 3, 4""",
})
# derived rows that a fold may move (the boards above count them)
FOLDED = ('ci_point_user_delta', 'ci_point_team_delta', 'ci_kpi_fact_dirty', 'ci_improvement_fact_dirty')


def _releases():
    with open(os.path.join(ROOT, 'deploy', 'releases.txt')) as fh:
        return [tuple(line.split()[:2]) for line in fh if line.strip() and not line.startswith('#')]


def _git(*args):
    return subprocess.run(['git'] + list(args), cwd=ROOT, capture_output=True, timeout=300)


def _pins(commit):
    """The packages of the virtualenv at ``commit``: the pins of
    requirements.txt and requirements-dev.txt (the release may predate the
    latter, when one file held them all)."""
    pins = set()
    for name in ('requirements.txt', 'requirements-dev.txt'):
        out = _git('show', '%s:%s' % (commit, name))
        if out.returncode == 0:
            pins.update(line.strip() for line in out.stdout.decode().splitlines()
                        if line.strip() and not line.startswith('#'))
    assert pins, "no requirements.txt at %s" % commit
    return pins


def _conf(path, addons_path):
    """odoo.conf of this checkout, with the addons of ``addons_path`` and
    the upgrade's own filestore."""
    with open(os.path.join(ROOT, 'odoo.conf')) as fh:
        text = fh.read()
    text = text.replace('addons_path = addons', 'addons_path = %s' % addons_path)
    text = text.replace('data_dir = var/data', 'data_dir = %s' % os.path.join(WORK, 'data'))
    assert addons_path in text and WORK in text
    with open(path, 'w') as fh:
        fh.write(text)
    return path


def _odoo(odoo_bin, conf, *args, stdin=None, env=None):
    out = subprocess.run([PY, odoo_bin, *args, '-c', conf, '--log-level', 'warn'], cwd=ROOT, input=stdin,
                         capture_output=True, text=True, timeout=1200,
                         env=dict(os.environ, PATH=os.path.join(ROOT, 'tools', 'node_modules', '.bin') + ':'
                                  + os.environ['PATH'], **(env or {})))
    log = out.stdout + out.stderr
    assert out.returncode == 0 and ' ERROR ' not in log and ' CRITICAL ' not in log, log[-4000:]
    return log


def _snapshot(db):
    figures = {name: _rows(db, query) for name, query in KEPT.items()}
    figures['row counts'] = {t: n for t, n in _table_counts(db).items() if t not in FOLDED}
    return figures


def _versions(db):
    return dict(_rows(db, "SELECT name, latest_version FROM ir_module_module WHERE name IN %s"
                      % (tuple(ADDONS.split(',')),)))


def _drop(db):
    odoo.sql_db.close_db(db)
    out = subprocess.run(['psql', '-X', '-q', '-d', 'postgres', '-c', 'DROP DATABASE IF EXISTS "%s"' % db],
                         capture_output=True, text=True, timeout=120, env=dict(
                             os.environ, PGHOST=str(config['db_host']), PGPORT=str(config['db_port']),
                             PGUSER=config['db_user'], PGPASSWORD=config['db_password'] or ''))
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize('tag,commit', _releases())
def test_upgrade_from_release(tag, commit, artifacts_dir):
    # the release's sources, from its commit (the tag may not have been fetched)
    assert _git('cat-file', '-e', commit + '^{commit}').returncode == 0, \
        "%s (%s) is not in this clone: fetch the history (git fetch --unshallow)" % (tag, commit)
    assert _git('diff', '--quiet', commit, 'HEAD', '--', 'runtime').returncode == 0 \
        and _pins(commit) <= _pins('HEAD'), \
        "the runtime changed since %s: the release needs a virtualenv of its own" % tag
    # (more packages are fine: this virtualenv runs the release as it is)
    db = 'ci_upgrade_%s' % tag.replace('release-', '').replace('.', '_').replace('-', '_')
    shutil.rmtree(WORK, ignore_errors=True)
    release = os.path.join(WORK, tag)
    os.makedirs(release)
    archive = subprocess.run('git archive %s | tar -x -C %s' % (commit, release), shell=True, cwd=ROOT,
                             capture_output=True, timeout=300)
    assert archive.returncode == 0, archive.stderr
    _drop(db)
    old_conf = _conf(os.path.join(WORK, 'release.conf'), os.path.join(release, 'addons'))
    new_conf = _conf(os.path.join(WORK, 'head.conf'), os.path.join(ROOT, 'addons'))

    t0 = time.time()
    _odoo(os.path.join(release, 'runtime', 'odoo-bin'), old_conf, '-d', db, '-i', ADDONS + ',web_responsive',
          '--load-language=en_US,zh_CN', '--stop-after-init', '--no-http')
    # the release's plant as of the release's day: the plant a factory draws
    # depends on the day, and the release's factory is frozen with it (the one
    # of release-2026.12.03 fails on 2026-12-05, fixed since)
    day = _git('show', '-s', '--format=%cs', commit).stdout.decode().strip()
    _odoo(os.path.join(release, 'runtime', 'odoo-bin'), old_conf, 'shell', '-d', db, '--no-http',
          stdin="import sys; sys.path.insert(0, %r); import demo_factory; demo_factory.main(env)\n"
          % os.path.join(release, 'data'), env={'CI_DEMO_TODAY': day})
    installed_s = time.time() - t0
    before_versions = _versions(db)
    before = _snapshot(db)
    assert before['row counts']['ci_spc_measurement'] > 0 and before['ledger'] and before['SOP versions']

    t0 = time.time()
    _odoo(os.path.join(ROOT, 'runtime', 'odoo-bin'), new_conf, '-d', db, '-u', ADDONS, '--stop-after-init',
          '--no-http')
    upgrade_s = time.time() - t0
    after = _snapshot(db)
    after_versions = _versions(db)

    for addon in ADDONS.split(','):
        with open(os.path.join(ROOT, 'addons', addon, '__manifest__.py')) as fh:
            version = eval(fh.read())['version']   # our own manifest
        assert after_versions[addon] == version, (addon, after_versions[addon], version)
    # tables the new version adds are new; every table of the release keeps its rows
    added = sorted(set(after['row counts']) - set(before['row counts']))
    after['row counts'] = {t: n for t, n in after['row counts'].items() if t not in added}
    differing = sorted(name for name in before if before[name] != after[name])
    with open(os.path.join(os.path.dirname(artifacts_dir), 'upgrade-%s.json' % tag), 'w') as fh:
        json.dump({'release': tag, 'commit': commit, 'install_and_demo_plant_s': round(installed_s, 1),
                   'upgrade_s': round(upgrade_s, 1), 'versions_before': before_versions,
                   'versions_after': after_versions, 'figures_compared': sorted(before),
                   'rows_compared': sum(len(v) for v in before.values()),
                   'row_counts': before['row counts'], 'tables_added': added, 'differing': differing}, fh, indent=1, sort_keys=True)
    assert not differing, {name: ({k: (v, after[name].get(k)) for k, v in before[name].items()
                                   if after[name].get(k) != v} if isinstance(before[name], dict)
                                  else (str(before[name])[:500], str(after[name])[:500]))
                           for name in differing}
    # every stored file (the SOP versions' among them) is still there, unchanged
    files = _rows(db, "SELECT store_fname, checksum FROM ir_attachment WHERE store_fname IS NOT NULL")
    assert files
    for store_fname, checksum in files:
        with open(os.path.join(WORK, 'data', 'filestore', db, store_fname), 'rb') as fh:
            assert hashlib.sha1(fh.read()).hexdigest() == checksum, store_fname
    _drop(db)
    shutil.rmtree(WORK, ignore_errors=True)
