# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load: concurrent XML-RPC clients against Odoo in multi-worker mode.

    .venv/bin/python bench/load_test.py [--seconds 180] [--clients 8] [--workers 4] [--batch 500]

Needs the project's PostgreSQL running (scripts/pg.sh start). Prepares the
database ci_bench_load (suite installed, no demo data; `--skip-setup` skips
`scripts/db.sh ensure`), then, as admin over XML-RPC, the plant the clients
work in: one CI User per client (in two teams, each looking after a work
center with a CI owner), point rules for submissions (person and team), and
one I-MR characteristic per client (a gauge per line). It starts Odoo with
``--workers`` on a free port and runs ``--clients`` client processes, each
with its own connection and login, for ``--seconds``. Each client loops,
picking at random (seeded) one of:

* **ingest**: a batch of ``--batch`` measurements of its characteristic
  (``ci.spc.measurement.ingest``);
* **submit**: an improvement on its team's work center (``create`` then
  ``action_submit``: review to-dos, points for the person and the team, the
  leaderboard totals updated by the ledger's trigger);
* **leaderboard**: the top 20 people of the current month
  (``ci.leaderboard.user`` ``search_read``) and the teams' board.

Afterwards: 0 errors (every call answered, none refused), and nothing lost:
the measurements, batches, signals, improvements and point entries in the
database equal what the clients were told was created, and the leaderboard
totals equal the ledger. Prints throughput per operation and p50/p95
latency; exits 1 when a check fails.
"""
import argparse
import concurrent.futures
import datetime
import http.client
import os
import random
import re
import sys
import time
import xmlrpc.client

import numpy as np

from benchlib import ROOT, ensure_db, free_port, start_server

DB = 'ci_bench_load'
LOG = os.path.join(ROOT, 'var', 'log', 'bench-load.log')
MIX = (('ingest', 0.4), ('submit', 0.3), ('leaderboard', 0.3))
POINTS_PERSON, POINTS_TEAM = 10, 5


class Rpc(object):
    """XML-RPC as one user of ``db`` at ``url``."""

    def __init__(self, url, login, password, db=DB):
        self.db, self.login, self.password = db, login, password
        self.uid = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common').authenticate(db, login, password, {})
        if not self.uid:
            raise SystemExit('cannot log in as %s' % login)
        self.models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kw)


# What a client sees when the node answering it dies: the connection reset,
# or nginx's 502 for a request it had passed on. Such a call may or may not
# have been committed; a Fault is an answer (refused, nothing written).
TRANSIENT = (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError)


def prepare(admin, clients, tag):
    """The plant of this run (its own records, named after ``tag``): returns
    one dict per client: login, characteristic code and id, work center id."""
    ref = lambda xmlid: admin('ir.model.data', 'xmlid_to_res_id', xmlid, True)   # noqa: E731
    employee, ci_user, ci_engineer = ref('base.group_user'), ref('ci_process.group_ci_user'), \
        ref('ci_process.group_ci_engineer')
    owner = admin('res.users', 'create', {
        'name': 'Load engineer %s' % tag, 'login': 'load_engineer_%s' % tag, 'password': 'load',
        'email': 'load_engineer_%s@example.com' % tag,
        'groups_id': [(6, 0, [employee, ci_engineer])]})
    workcenters = [admin('mrp.workcenter', 'create', {
        'name': 'Load line %s %s' % (team, tag), 'owner_id': owner}) for team in 'AB']
    users = [admin('res.users', 'create', {
        'name': 'Load client %d %s' % (i, tag), 'login': 'load_%d_%s' % (i, tag), 'password': 'load',
        # the chatter of what they submit needs an author's address
        'email': 'load_%d_%s@example.com' % (i, tag),
        'groups_id': [(6, 0, [employee, ci_user])]}) for i in range(clients)]
    for t, team in enumerate('AB'):
        admin('ci.team', 'create', {
            'name': 'Load team %s %s' % (team, tag), 'workcenter_ids': [(6, 0, [workcenters[t]])],
            'member_ids': [(6, 0, users[t::2])]})
    # points for every submission, once the rules exist (no demo data here)
    if not admin('ci.point.rule', 'search', [('event', '=', 'submitted'), ('name', 'like', 'Load ')]):
        admin('ci.point.rule', 'create', {'name': 'Load submitted (person)', 'event': 'submitted',
                                          'points': POINTS_PERSON, 'recipient': 'submitter'})
        admin('ci.point.rule', 'create', {'name': 'Load submitted (team)', 'event': 'submitted',
                                          'points': POINTS_TEAM, 'recipient': 'team'})
    plan = []
    for i in range(clients):
        code = 'LOAD-%s-%d' % (tag, i)
        char_id = admin('ci.spc.characteristic', 'create', {
            'name': 'Load gauge %d %s' % (i, tag), 'code': code, 'chart_type': 'imr',
            'baseline_subgroups': 100, 'workcenter_id': workcenters[i % 2]})
        plan.append({'login': 'load_%d_%s' % (i, tag), 'uid': users[i], 'code': code, 'char_id': char_id,
                     'workcenter_id': workcenters[i % 2]})
    return plan


def client(url, spec, index, seconds, batch, start_at, seed, db=DB, retry=False):
    """One client process: its own login and connection; returns what it
    was told, each call's (end time, operation, duration), and the errors.

    With ``retry`` it follows docs/api.md's rule for a call that lost its
    connection (a node died, say): look whether it was committed before
    sending it again. Each such loss is kept in ``lost_calls`` (time,
    operation, reason), and the operation counts once, when it is done."""
    rnd = random.Random(seed + index)
    gauss = np.random.default_rng(seed + index)
    lost_calls = []

    def again(step, op, what):
        """``what()``, repeated while the connection is lost (with retry)."""
        while True:
            try:
                return what()
            except TRANSIENT as exc:
                if not retry or time.time() > stop + 120:
                    raise
                lost_calls.append((time.time(), op, '%s: %s' % (step, reason(exc)[:200])))
                time.sleep(0.2)

    stop = start_at + seconds
    rpc = again('login', 'login', lambda: Rpc(url, spec['login'], 'load', db))
    # its gauge's stream: one value a second, ending before now
    clock = datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(days=20)
    told = {'created': 0, 'batches': [], 'signals': [], 'improvements': [], 'drafts': []}
    calls = []
    errors = []
    names, weights = zip(*MIX)
    while time.time() < start_at:
        time.sleep(0.01)
    n = 0
    while time.time() < stop:
        op = rnd.choices(names, weights)[0]
        t0 = time.perf_counter()
        try:
            if op == 'ingest':
                values = gauss.normal(10.0, 0.1, batch)
                rows = [{'characteristic': spec['code'], 'value': float(v),
                         'timestamp': (clock + datetime.timedelta(seconds=k)).strftime('%Y-%m-%d %H:%M:%S')}
                        for k, v in enumerate(values)]
                clock += datetime.timedelta(seconds=batch)
                res = _ingest(rpc, spec, rows, again)
                told['created'] += res['created']
                told['batches'].append(res['batch_id'])
                told['signals'] += res['signals']
            elif op == 'submit':
                n += 1
                title = 'Load idea %d of %s' % (n, spec['login'])
                imp = _create_improvement(rpc, spec, title, n, again)
                # two calls: should the submit fail, the draft stays, and the client knows it
                told['drafts'].append(imp)
                _submit(rpc, imp, again)
                told['drafts'].remove(imp)
                told['improvements'].append(imp)
            else:
                board, teams = again('read', op, lambda: (
                    rpc('ci.leaderboard.user', 'search_read',
                        [('period_type', '=', 'month'), ('is_current', '=', True)],
                        fields=['user_id', 'points', 'rank'], limit=20, order='rank, user_id'),
                    rpc('ci.leaderboard.team', 'search_read',
                        [('period_type', '=', 'month'), ('is_current', '=', True)],
                        fields=['team_id', 'points', 'rank'], order='rank, team_id')))
                assert all(a['points'] >= b['points'] for a, b in zip(board, board[1:])), board
                assert teams or not any(r['points'] for r in board), teams
        except Exception as exc:  # pylint: disable=broad-except
            errors.append('%s %s: %s' % (spec['login'], op, reason(exc)[:300]))
            continue
        calls.append((time.time(), op, time.perf_counter() - t0))
    return {'told': told, 'calls': calls, 'errors': errors, 'lost_calls': lost_calls}


def _ingest(rpc, spec, rows, again):
    """A batch, sent once more only if the lost call left no row of it (a
    batch is all or nothing): else what the committed call would have said."""
    def send():
        if sent[0]:
            found = _committed_batch(rpc, spec, rows)
            if found:
                return found
        sent[0] = True
        return rpc('ci.spc.measurement', 'ingest', rows)
    sent = [False]
    return again('ingest', 'ingest', send)


def _committed_batch(rpc, spec, rows):
    ids = rpc('ci.spc.measurement', 'search', [('characteristic_id', '=', spec['char_id']),
                                                ('timestamp', '>=', rows[0]['timestamp']),
                                                ('timestamp', '<=', rows[-1]['timestamp'])])
    if not ids:
        return None
    assert len(ids) == len(rows), (len(ids), len(rows))
    batch_id = rpc('ci.spc.measurement', 'read', ids[:1], ['batch_id'])[0]['batch_id']
    signals = rpc('ci.spc.signal', 'search', [('characteristic_id', '=', spec['char_id']),
                                              ('point_key', 'in', [str(i) for i in ids])])
    return {'created': len(ids), 'batch_id': batch_id and batch_id[0], 'signals': signals}


def _create_improvement(rpc, spec, title, n, again):
    """``create``, or the record a lost ``create`` committed (its title is
    the client's own)."""
    def create():
        if sent[0]:
            found = rpc('ci.improvement', 'search', [('title', '=', title), ('submitter_id', '=', spec['uid'])])
            if found:
                return found[0]
        sent[0] = True
        return rpc('ci.improvement', 'create', {
            'title': title, 'problem': 'Parts jam at the infeed (%d).' % n, 'idea': 'Chamfer the guide.',
            'workcenter_id': spec['workcenter_id']})
    sent = [False]
    return again('create', 'submit', create)


def _submit(rpc, imp, again):
    """``action_submit``, unless a lost call already submitted it."""
    def submit():
        if sent[0] and rpc('ci.improvement', 'read', [imp], ['state'])[0]['state'] != 'draft':
            return True
        sent[0] = True
        return rpc('ci.improvement', 'action_submit', [imp])
    sent = [False]
    return again('action_submit', 'submit', submit)


def reason(exc):
    """The exception line of a server traceback (a Fault's text ends with
    PostgreSQL's context lines), else the error's text."""
    if isinstance(exc, xmlrpc.client.Fault):
        lines = [l for l in exc.faultString.splitlines()
                 if re.match(r'[\w.]+(Error|Exception|Failure|Warning)\b.*: ', l)]
        return lines[-1] if lines else exc.faultString.strip().splitlines()[-1]
    return str(exc)


def check(admin, plan, results):
    """Counts in the database against what the clients were told; returns
    (label, told, stored) rows."""
    rows = []
    for spec, res in zip(plan, results):
        told = res['told']
        stored = admin('ci.spc.measurement', 'search_count', [('characteristic_id', '=', spec['char_id'])])
        rows.append(('measurements of %s' % spec['code'], told['created'], stored))
        logged = admin('ci.spc.batch', 'search_read', [('id', 'in', told['batches'])],
                       fields=['measurement_count', 'signal_count'])
        rows.append(('batches of %s (count, rows)' % spec['code'], (len(told['batches']), told['created']),
                     (len(logged), sum(b['measurement_count'] for b in logged))))
        rows.append(('signals of %s' % spec['code'], sorted(told['signals']),
                     sorted(admin('ci.spc.signal', 'search', [('characteristic_id', '=', spec['char_id'])]))))
        imps = admin('ci.improvement', 'search_read', [('submitter_id', '=', spec['uid']),
                                                       ('origin', '=', 'proposal')], fields=['state'])
        rows.append(('improvements of %s: submitted (ids)' % spec['login'], sorted(told['improvements']),
                     sorted(i['id'] for i in imps if i['state'] == 'submitted')))
        rows.append(('improvements of %s: drafts left by a refused submit (ids)' % spec['login'],
                     sorted(told['drafts']), sorted(i['id'] for i in imps if i['state'] != 'submitted')))
    submitted = [i for res in results for i in res['told']['improvements']]
    entries = admin('ci.point.entry', 'search_read', [('res_model', '=', 'ci.improvement'),
                                                      ('res_id', 'in', submitted)],
                    fields=['points', 'user_id', 'team_id'])
    rows.append(('point entries: person, team', (len(submitted), len(submitted)),
                 (len([e for e in entries if e['user_id']]), len([e for e in entries if not e['user_id']]))))
    rows.append(('points awarded', len(submitted) * (POINTS_PERSON + POINTS_TEAM),
                 sum(e['points'] for e in entries)))
    # the boards' totals, kept by a trigger under concurrent inserts, equal the ledger
    people = admin('ci.leaderboard.user', 'search_read',
                   [('period_type', '=', 'month'), ('user_id', 'in', [s['uid'] for s in plan])],
                   fields=['points'])
    ledger = admin('ci.point.entry', 'read_group', [('user_id', 'in', [s['uid'] for s in plan]),
                                                    ('kind', '!=', 'redemption')], ['user_id', 'points'], ['user_id'])
    rows.append(("people's board = ledger (clients' points)", sum(g['points'] for g in ledger),
                 sum(p['points'] for p in people)))
    return rows


def server_log():
    """(transactions Odoo retried after a serialization failure, the server's
    other ERROR and CRITICAL records). Odoo logs the statement that lost a
    race as a 'bad query' ERROR, then retries the whole call (up to 5 times):
    those are conflicts resolved, not errors; a call that ran out of retries
    reaches its client as a Fault and counts there."""
    with open(LOG, errors='replace') as fh:
        text = fh.read()
    records = re.split(r'\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ )', text)
    retries = sum('SERIALIZATION_FAILURE, retry' in r for r in records)
    errors = [r.split('\n')[0] for r in records
              if re.match(r'\S+ \S+ \d+ (ERROR|CRITICAL) ', r) and 'could not serialize access' not in r]
    return retries, errors


def percentile(values, q):
    return float(np.percentile(values, q)) if values else float('nan')


def stats(results, since=0.0, until=float('inf')):
    """{operation: (calls, p50, p95, max)} of the calls that ended between
    ``since`` and ``until`` (times as time.time())."""
    out = {}
    for name, _weight in MIX:
        times = [d for r in results for end, op, d in r['calls'] if op == name and since <= end < until]
        out[name] = (len(times), percentile(times, 50), percentile(times, 95), max(times) if times else float('nan'))
    return out


def print_table(table, elapsed):
    print('| operation | calls | calls/s | p50 | p95 | max |')
    print('|---|---:|---:|---:|---:|---:|')
    for name, (count, p50, p95, top) in table.items():
        print('| %s | %d | %.2f | %.0f ms | %.0f ms | %.0f ms |' % (
            name, count, count / elapsed, 1000 * p50, 1000 * p95, 1000 * top))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--seconds', type=float, default=180)
    parser.add_argument('--clients', type=int, default=8)
    parser.add_argument('--workers', type=int, default=4)
    parser.add_argument('--batch', type=int, default=500, help="measurements per ingest call")
    parser.add_argument('--seed', type=int, default=20261125)
    parser.add_argument('--skip-setup', action='store_true', help="do not run scripts/db.sh ensure")
    parser.add_argument('--url', help="a running deployment (nginx in front of the nodes, docs/deploy.md) "
                                      "instead of a server of the bench's own; --db and --admin-password then")
    parser.add_argument('--db', default=DB)
    parser.add_argument('--admin-password', default='admin')
    parser.add_argument('--retry', action='store_true',
                        help="repeat a call that lost its connection, once it is known not to be committed")
    args = parser.parse_args()

    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    proc = None
    if args.url:
        url = args.url.rstrip('/')
    else:
        if not args.skip_setup:
            ensure_db(args.db)
        proc, url = start_server(args.db, LOG, '--longpolling-port', str(free_port()),
                                 '--workers', str(args.workers), '--log-level', 'info')
    try:
        admin = Rpc(url, 'admin', args.admin_password, args.db)
        tag = time.strftime('%m%d%H%M%S')
        plan = prepare(admin, args.clients, tag)
        start_at = time.time() + 3
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.clients) as pool:
            futures = [pool.submit(client, url, spec, i, args.seconds, args.batch, start_at, args.seed,
                                   args.db, args.retry)
                       for i, spec in enumerate(plan)]
            results = [f.result() for f in futures]
        elapsed = time.time() - start_at
        checks = check(admin, plan, results)
    finally:
        if proc:
            proc.terminate()
            proc.wait(60)

    errors = [e for r in results for e in r['errors']]
    retries, server_errors = server_log() if proc else (0, [])
    print('\nLoad on %s: %d clients (separate processes and connections), %s, %.0f s, '
          'batches of %d measurements\n' % (url, args.clients, 'Odoo --workers %d' % args.workers if proc
                                             else 'a running deployment', elapsed, args.batch))
    print_table(stats(results), elapsed)
    created = sum(r['told']['created'] for r in results)
    print('\nmeasurements stored: %d (%.0f rows/s); improvements submitted: %d (drafts left by a refused '
          'submit: %d); signals raised: %d'
          % (created, created / elapsed, sum(len(r['told']['improvements']) for r in results),
             sum(len(r['told']['drafts']) for r in results), sum(len(r['told']['signals']) for r in results)))
    print('errors: %d in the clients, %d ERROR lines in the server log; serialization failures retried by '
          'Odoo: %d; calls that lost their connection (repeated): %d'
          % (len(errors), len(server_errors), retries, sum(len(r['lost_calls']) for r in results)))
    for line in (errors + server_errors)[:10]:
        print('  ' + line[:300])
    lost = [(label, told, stored) for label, told, stored in checks if told != stored]
    print('nothing lost: %s (%d counts checked)' % ('yes' if not lost else 'NO', len(checks)))
    for label, told, stored in lost:
        print('  %s: told %s, stored %s' % (label, str(told)[:200], str(stored)[:200]))
    return 0 if not errors and not server_errors and not lost else 1


if __name__ == '__main__':
    sys.exit(main())
