"""Each addon installs on its own (with only its dependencies) on a fresh database."""
import os
import re
import subprocess

import odoo
import pytest
from odoo.sql_db import db_connect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPECTED = {
    'ci_process': {'ci_process', 'mrp', 'mail'},
    'ci_spc': {'ci_spc', 'ci_process'},
    'ci_incentive': {'ci_incentive', 'ci_process', 'gamification'},
}
OTHERS = {'ci_process', 'ci_spc', 'ci_incentive'}


def drop(db):
    with db_connect('postgres').cursor() as cr:
        cr.autocommit(True)
        cr.execute('DROP DATABASE IF EXISTS "%s"' % db)


@pytest.mark.parametrize('addon', sorted(EXPECTED))
def test_addon_installs_alone(addon, db_name, tmp_path):
    db = '%s_only_%s' % (db_name, addon)
    drop(db)
    log = tmp_path / 'install.log'
    try:
        with open(log, 'w') as fh:
            proc = subprocess.run(
                [os.path.join(ROOT, 'scripts', 'odoo.sh'), '-d', db, '-i', addon,
                 '--stop-after-init', '--log-level=warn', '--max-cron-threads=0'],
                cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, timeout=600)
        text = log.read_text()
        assert proc.returncode == 0, text[-3000:]
        problems = [l for l in text.splitlines()
                    if re.search(r' (ERROR|CRITICAL|WARNING) ', l) and 'test_exceptions' not in l]
        assert not problems, '\n'.join(problems[:20])
        with db_connect(db).cursor() as cr:
            cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed'")
            installed = {row[0] for row in cr.fetchall()}
        assert EXPECTED[addon] <= installed
        assert not (OTHERS - EXPECTED[addon]) & installed
    finally:
        odoo.sql_db.close_db(db)
        drop(db)
