# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ingestion of SPC measurements over XML-RPC, measured side by side in one run.

    .venv/bin/python bench/spc_ingest.py [--rows 100000] [--batch 1000] [--orm-rows 2000]

Needs the project's PostgreSQL running (scripts/pg.sh start). Prepares the
database ci_bench_spc (suite installed, no demo), starts an Odoo server on a
free port, and sends the same rows (an I-MR characteristic with the Nelson
rules on, normal data with a shift so that rules fire) four ways:

1. ``ci.spc.measurement.ingest`` in batches: the product;
2. the same batches with ``dry_run=True``: XML-RPC marshalling plus the
   checks of every row, nothing written (the transport floor); 1 and 2 take
   turns batch by batch, so that the machine's load weighs on both alike;
3. ``create`` over XML-RPC, one call per measurement (what an integrator does
   without the batch method), on ``--orm-rows`` rows: its rate is per row;
4. PostgreSQL ``COPY`` of the same rows into the same table (the database's
   limit; no checks, no rules, rolled back).

Prints rows/s of each and the ratios; exits 1 when a target is missed:
ingest >= 20x ORM create, ingest >= 50 % of the transport floor's rate.
"""
import argparse
import io
import os
import sys
import time
import xmlrpc.client

import numpy as np
import psycopg2

from benchlib import ROOT, ensure_db, start_server

DB = 'ci_bench_spc'
PG = dict(host='127.0.0.1', port=int(os.environ.get('PG_PORT', 55432)), user='odoo', password='odoo')


class Rpc(object):
    def __init__(self, url):
        self.uid = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common').authenticate(DB, 'admin', 'admin', {})
        self.models = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True)

    def __call__(self, model, method, *args, **kw):
        return self.models.execute_kw(DB, self.uid, 'admin', model, method, list(args), kw)


def make_rows(count, code, seed=20261125):
    rnd = np.random.default_rng(seed)
    values = rnd.normal(10.0, 0.5, count)
    values[count // 2:count // 2 + 200] += 1.5   # a shift the rules catch
    start = 1767225600   # 2026-01-01 00:00:00 UTC
    return [{'characteristic': code, 'value': float(v),
             'timestamp': time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(start + i))}
            for i, v in enumerate(values)]


def new_characteristic(rpc, code):
    rules = rpc('ci.spc.rule', 'search', [('family', '=', 'nelson')])
    return rpc('ci.spc.characteristic', 'create', {
        'name': 'Bench %s' % code, 'code': code, 'chart_type': 'imr', 'subgroup_size': 1,
        # 100 individual values to freeze the limits, as I-MR practice asks
        'rule_ids': [(6, 0, rules)], 'auto_improvement': True, 'baseline_subgroups': 100})


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rows', type=int, default=100000)
    parser.add_argument('--batch', type=int, default=1000)
    parser.add_argument('--orm-rows', type=int, default=2000)
    args = parser.parse_args()

    ensure_db(DB)
    proc, url = start_server(DB, os.path.join(ROOT, 'var', 'log', 'bench-spc-ingest.log'),
                             '--workers', '0', '--log-level', 'warn')
    try:
        rpc = Rpc(url)
        tag = str(int(time.time()))
        codes = {name: 'BENCH-%s-%s' % (name, tag) for name in ('ingest', 'dry', 'orm', 'copy')}
        ids = {name: new_characteristic(rpc, code) for name, code in codes.items()}
        results = {}

        # the transport floor and the product take turns, batch by batch:
        # a busy moment of the machine weighs on both alike
        dry = make_rows(args.rows, codes['dry'])
        rows = make_rows(args.rows, codes['ingest'])
        floor_s = ingest_s = 0.0
        res = []
        for i in range(0, len(rows), args.batch):
            seconds, _res = timed(lambda: rpc('ci.spc.measurement', 'ingest', dry[i:i + args.batch], dry_run=True))
            floor_s += seconds
            seconds, result = timed(lambda: rpc('ci.spc.measurement', 'ingest', rows[i:i + args.batch]))
            ingest_s += seconds
            res.append(result)
        results['transport floor: ingest(dry_run=True)'] = (len(rows), floor_s)
        created = sum(r['created'] for r in res)
        signals = sum(len(r['signals']) for r in res)
        stored = rpc('ci.spc.measurement', 'search_count', [('characteristic_id', '=', ids['ingest'])])
        assert created == stored == len(rows), (created, stored, len(rows))
        assert signals == rpc('ci.spc.signal', 'search_count', [('characteristic_id', '=', ids['ingest'])])
        results['ingest (batches of %d)' % args.batch] = (len(rows), ingest_s)

        orm_rows = make_rows(args.orm_rows, codes['orm'])
        seconds, _res = timed(lambda: [rpc('ci.spc.measurement', 'create', {
            'characteristic_id': ids['orm'], 'value': r['value'], 'timestamp': r['timestamp']}) for r in orm_rows])
        assert rpc('ci.spc.measurement', 'search_count', [('characteristic_id', '=', ids['orm'])]) == len(orm_rows)
        results['ORM create, one XML-RPC call per row'] = (len(orm_rows), seconds)

        copy_rows = make_rows(args.rows, codes['copy'])
        conn = psycopg2.connect(dbname=DB, **PG)
        try:
            with conn.cursor() as cr:
                buf = io.StringIO()
                for r in copy_rows:
                    buf.write('%d\t%r\t%s\t%s\t%d\tf\t%s\n' % (
                        ids['copy'], r['value'], r['timestamp'], r['timestamp'], rpc.uid, r['timestamp']))

                def copy():
                    buf.seek(0)
                    cr.copy_expert("COPY ci_spc_measurement (characteristic_id, value, timestamp, subgroup, user_id, "
                                   "voided, date_recorded) FROM STDIN", buf)
                seconds, _res = timed(copy)
                results['PostgreSQL COPY (no checks, no rules)'] = (len(copy_rows), seconds)
            conn.rollback()
        finally:
            conn.close()
    finally:
        proc.terminate()
        proc.wait(30)

    rate = {name: n / s for name, (n, s) in results.items()}
    ingest = rate['ingest (batches of %d)' % args.batch]
    print('\nSPC ingestion over XML-RPC, %d rows (I-MR, 8 Nelson rules, %d signals raised)\n' % (args.rows, signals))
    print('| method | rows | seconds | rows/s | µs/row | ingest ÷ method |')
    print('|---|---:|---:|---:|---:|---:|')
    for name, (n, s) in results.items():
        print('| %s | %d | %.2f | %.0f | %.1f | %.2f |' % (name, n, s, n / s, 1e6 * s / n, ingest / rate[name]))
    vs_orm = ingest / rate['ORM create, one XML-RPC call per row']
    vs_floor = ingest / rate['transport floor: ingest(dry_run=True)']
    print('\ningest vs ORM create: %.1fx (target >= 20x); ingest vs transport floor: %.0f %% (target >= 50 %%)'
          % (vs_orm, 100 * vs_floor))
    return 0 if vs_orm >= 20 and vs_floor >= 0.5 else 1


if __name__ == '__main__':
    sys.exit(main())
