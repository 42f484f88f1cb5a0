"""The integrator's example client (examples/ci_client.py), run as a program
against the live server, as docs/api.md tells integrators to run it."""
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLIENT = os.path.join(ROOT, 'examples', 'ci_client.py')


def run_client(odoo_server, db_name, login, *args):
    cmd = [sys.executable, CLIENT, '--url', odoo_server, '--db', db_name, '--login', login,
           '--password', login, '--lang', 'en_US'] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)


def new_characteristic(engineer, **vals):
    code = 'EXAMPLE-%d' % random.randint(0, 10 ** 9)
    char_id = engineer('ci.spc.characteristic', 'create', dict({
        'name': 'Example client %s' % code, 'code': code, 'chart_type': 'imr', 'baseline_subgroups': 25,
        'has_lsl': True, 'lsl': 9.5, 'has_usl': True, 'usl': 10.5}, **vals))
    return code, char_id


def test_example_client_pushes_reads_and_submits(odoo_server, db_name, engineer, operator):
    """The client, as the operator: 60 measurements in 3 batches stored, the chart read, an improvement submitted."""
    code, char_id = new_characteristic(engineer)
    workcenter = engineer('mrp.workcenter', 'search_read', [], fields=['name'], limit=1)[0]
    title = 'Example client idea %d' % random.randint(0, 10 ** 9)
    proc = run_client(odoo_server, db_name, 'operator', '--characteristic', code, '--count', '60',
                      '--batch', '25', '--seed', '7', '--title', title, '--workcenter', workcenter['name'],
                      '--json')
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary['uid'] == operator.uid
    # what the client was told is what the database holds
    assert summary['measurements']['created'] == 60
    stored = engineer('ci.spc.measurement', 'search_read', [('characteristic_id', '=', char_id)],
                      fields=['batch_ref', 'value', 'user_id'])
    assert len(stored) == 60
    assert all(9.5 < m['value'] < 10.5 for m in stored)
    # machine data: no operator named, the batches say who sent them
    assert {m['user_id'] for m in stored} == {False}
    batches = engineer('ci.spc.batch', 'read', summary['measurements']['batches'],
                       fields=['measurement_count', 'user_id'])
    assert sorted(b['measurement_count'] for b in batches) == [10, 25, 25]
    assert {b['user_id'][0] for b in batches} == {operator.uid}
    # the chart it read: 60 points, the first phase frozen from 25
    assert summary['chart']['points'] == 60
    phase = engineer('ci.spc.phase', 'search_read', [('characteristic_id', '=', char_id)],
                     fields=['state', 'center', 'ucl'])[0]
    assert phase['state'] == 'frozen'
    assert [(p['state'], p['center'], p['ucl']) for p in summary['chart']['phases']] == \
        [('frozen', phase['center'], phase['ucl'])]
    # the improvement, submitted for review in the operator's name
    improvement = engineer('ci.improvement', 'search_read', [('title', '=', title)],
                           fields=['state', 'submitter_id', 'workcenter_id', 'name', 'date_submitted'])
    assert len(improvement) == 1
    improvement = improvement[0]
    assert improvement['id'] == summary['improvement']['id']
    assert (improvement['state'], improvement['submitter_id'][0], improvement['workcenter_id'][0]) == \
        ('submitted', operator.uid, workcenter['id'])
    assert improvement['date_submitted']
    # the report form works too
    proc = run_client(odoo_server, db_name, 'operator', '--characteristic', code, '--count', '5',
                      '--title', title + ' (2)')
    assert proc.returncode == 0, proc.stderr
    assert '5 sent, 5 created in 1 batch(es)' in proc.stdout
    assert 'submitted: state submitted' in proc.stdout
    assert engineer('ci.spc.measurement', 'search_count', [('characteristic_id', '=', char_id)]) == 65


def test_example_client_reports_a_refused_batch(odoo_server, db_name, engineer):
    """A batch the server refuses: exit 1, its message printed, nothing written, nothing submitted."""
    code, char_id = new_characteristic(engineer)
    title = 'Never submitted %d' % random.randint(0, 10 ** 9)
    proc = run_client(odoo_server, db_name, 'operator', '--characteristic', code, '--count', '3',
                      '--nominal', 'nan', '--title', title)
    assert proc.returncode == 1
    assert 'Measurements not recorded, nothing was written' in proc.stderr
    assert 'row 1, value = nan: not a finite number' in proc.stderr
    assert engineer('ci.spc.measurement', 'search_count', [('characteristic_id', '=', char_id)]) == 0
    assert not engineer('ci.improvement', 'search', [('title', '=', title)])
    # a characteristic the user cannot see is not found
    proc = run_client(odoo_server, db_name, 'operator', '--characteristic', 'NO-SUCH-' + code)
    assert proc.returncode == 1 and 'not found' in proc.stderr
