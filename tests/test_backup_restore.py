"""Backup and restore drill (issue #17): scripts/backup.sh of the test
database, scripts/restore.sh into a new one, and everything found identical:
ledger sums, measurements, SOP versions with their files, frozen limits, the
row count of every table of the suite; a damaged backup and an existing target
refused, nothing written."""
import base64
import hashlib
import json
import os
import shutil
import subprocess
import time
import uuid

import odoo
import pytest
from odoo import SUPERUSER_ID, api

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# what must come back the same (each query's rows, in order)
SAME = {
    'ledger': """SELECT user_id, team_id, kind, company_id, count(*), sum(points) FROM ci_point_entry
                  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4""",
    'measurements': """SELECT characteristic_id, count(*), sum(value), sum(count), min(timestamp), max(timestamp),
                              count(*) FILTER (WHERE voided) FROM ci_spc_measurement GROUP BY 1 ORDER BY 1""",
    'frozen limits': """SELECT id, characteristic_id, state, center, lcl, ucl, spread_center, spread_lcl, spread_ucl,
                               sigma_within, date_frozen, stat_n, stat_sum, stat_sum2 FROM ci_spc_phase ORDER BY id""",
    'SOP versions': """SELECT v.id, v.sop_id, v.state, md5(COALESCE(v.content, '')),
                              array_agg(a.checksum ORDER BY a.id)
                         FROM ci_sop_version v
                         LEFT JOIN ci_sop_version_attachment_rel r ON r.version_id = v.id
                         LEFT JOIN ir_attachment a ON a.id = r.attachment_id
                        GROUP BY v.id ORDER BY v.id""",
    'attachments': """SELECT id, res_model, res_id, store_fname, checksum, file_size FROM ir_attachment
                       WHERE store_fname IS NOT NULL ORDER BY id""",
    'program health facts': "SELECT * FROM ci_improvement_month_fact ORDER BY company_id, month",
    'KPI facts': "SELECT day, workcenter_id, operation_id, product_id, workorder_count, duration "
                 "FROM ci_kpi_fact ORDER BY 1, 2, 3, 4",
}


def _script(*args):
    return subprocess.run([os.path.join(ROOT, 'scripts', args[0])] + list(args[1:]), cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


def _rows(db, query):
    with odoo.sql_db.db_connect(db).cursor() as cr:
        cr.execute(query)
        return cr.fetchall()


def _table_counts(db):
    with odoo.sql_db.db_connect(db).cursor() as cr:
        cr.execute("""SELECT table_name FROM information_schema.tables
                       WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                         AND (table_name LIKE 'ci\\_%%' OR table_name IN ('ir_attachment', 'mrp_workorder'))
                       ORDER BY 1""")
        counts = {}
        for (table,) in cr.fetchall():
            cr.execute('SELECT count(*) FROM "%s"' % table)  # names read from the catalog
            counts[table] = cr.fetchone()[0]
        return counts


def _database_exists(db):
    return bool(_rows('postgres', "SELECT 1 FROM pg_database WHERE datname = '%s'" % db))


@pytest.fixture
def sop_file(db_name):
    """A draft SOP version with a file of its own, committed (what backup reads)."""
    content = ('Backup drill %s: torque 12 Nm, then 90 degrees\n' % uuid.uuid4().hex).encode()
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        sop = env['ci.sop'].search([], limit=1)
        attachment = env['ir.attachment'].create({
            'name': 'drill.txt', 'datas_fname': 'drill.txt', 'datas': base64.b64encode(content)})
        version = env['ci.sop.version'].create({
            'sop_id': sop.id, 'content': '<p>Backup drill</p>', 'attachment_ids': [(6, 0, [attachment.id])]})
        ids = version.id, attachment.id
    yield ids[0], hashlib.sha1(content).hexdigest()
    # a draft left on the SOP would be in the way of other tests' versions
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env['ci.sop.version'].browse(ids[0]).unlink()
        env['ir.attachment'].browse(ids[1]).unlink()


def test_backup_restore_drill(db_name, sop_file, tmp_path):
    version_id, checksum = sop_file
    backup = str(tmp_path / 'backup')
    target = '%s_restore_%s' % (db_name, uuid.uuid4().hex[:6])
    store = odoo.tools.config.filestore(target)
    try:
        t0 = time.perf_counter()
        done = _script('backup.sh', db_name, backup)
        assert done.returncode == 0, done.stderr
        t1 = time.perf_counter()
        done = _script('restore.sh', backup, target, '--copy')
        assert done.returncode == 0, done.stderr
        t2 = time.perf_counter()

        for label, query in SAME.items():
            assert _rows(target, query) == _rows(db_name, query), label
        assert _table_counts(target) == _table_counts(db_name)
        # the SOP version's file itself, in the restored filestore
        fname = _rows(target, """SELECT a.store_fname FROM ir_attachment a
                                   JOIN ci_sop_version_attachment_rel r ON r.attachment_id = a.id
                                  WHERE r.version_id = %d""" % version_id)[0][0]
        with open(os.path.join(store, fname), 'rb') as handle:
            assert hashlib.sha1(handle.read()).hexdigest() == checksum
        # every stored file of the database is there, unchanged
        for fname, stored in _rows(target, "SELECT DISTINCT store_fname, checksum FROM ir_attachment "
                                           "WHERE store_fname IS NOT NULL"):
            with open(os.path.join(store, fname), 'rb') as handle:
                assert hashlib.sha1(handle.read()).hexdigest() == stored, fname
        # a copy: its own identity
        ident = "SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'"
        assert _rows(target, ident) != _rows(db_name, ident)
        # the restored database serves the suite: its registry loads, the figures read
        with api.Environment.manage(), odoo.registry(target).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            assert env['ci.sop.version'].browse(version_id).attachment_ids.datas

        # an existing target, a damaged backup: refused, nothing written
        done = _script('restore.sh', backup, target)
        assert done.returncode != 0 and 'exists' in done.stderr
        damaged = str(tmp_path / 'damaged')
        shutil.copytree(backup, damaged)
        with open(os.path.join(damaged, 'db.dump'), 'r+b') as handle:
            handle.seek(1000)
            byte = handle.read(1)
            handle.seek(1000)
            handle.write(bytes([byte[0] ^ 0xFF]))
        other = target + '_damaged'
        done = _script('restore.sh', damaged, other)
        assert done.returncode != 0 and 'checksums differ' in done.stderr
        assert not _database_exists(other)
        assert not os.path.exists(odoo.tools.config.filestore(other))

        artifacts = os.path.join(ROOT, 'var', 'artifacts')
        os.makedirs(artifacts, exist_ok=True)
        with open(os.path.join(artifacts, 'backup_restore.json'), 'w') as handle:
            json.dump({'database': db_name, 'backup_s': round(t1 - t0, 2), 'restore_s': round(t2 - t1, 2),
                       'dump_bytes': os.path.getsize(os.path.join(backup, 'db.dump')),
                       'files': len(_rows(target, "SELECT DISTINCT store_fname FROM ir_attachment "
                                                  "WHERE store_fname IS NOT NULL"))}, handle, indent=1)
    finally:
        odoo.modules.registry.Registry.delete(target)
        odoo.sql_db.close_db(target)
        subprocess.run(['dropdb', '--if-exists', target], cwd=ROOT, env=dict(
            os.environ, PGHOST='127.0.0.1', PGPORT=str(odoo.tools.config['db_port']), PGUSER='odoo',
            PGPASSWORD='odoo'))
        shutil.rmtree(store, ignore_errors=True)
