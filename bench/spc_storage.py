# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Storage of SPC measurements at 100M+ rows: indexes and partitioning, measured side by side.

    .venv/bin/python bench/spc_storage.py [--db ci_bench_storage] [--rows 100000000] [--chars 1000]
                                          [--big 5] [--repeat 15] [--regenerate] [--skip-partition]

Needs the project's PostgreSQL running (scripts/pg.sh start) and, at 100M
rows, about 25 GB of disk (the table and its indexes take 18 GB; the
partitioned copy, measured then dropped, 13 GB more; --skip-partition leaves
it out). The database (``--db``, suite installed without demo) is the
benchmark's own: its table of measurements is emptied and filled again.

Data, in SQL: ``--chars`` I-MR characteristics, ``--big`` of them holding
half the rows (10M each at 100M rows), the others sharing the other half;
five years of timestamps, the characteristics' rows interleaved in time as a
plant's gauges send them (the heap is in time order, a characteristic's rows
spread over all of it); values, subgroup (the time, as ingest writes it),
an operator on 30 % of the rows, one row in 1000 voided.

Each query the application runs on the table is timed (first run, then the
median and p95 of ``--repeat`` runs) with the buffers it touched
(EXPLAIN (ANALYZE, BUFFERS)), under each strategy:

* ``btree``: the indexes of ``ci.spc.measurement.init()``, (characteristic,
  timestamp, id) and (characteristic, subgroup);
* ``brin``: a BRIN index on the timestamp instead of the (characteristic,
  timestamp, id) btree (pages_per_range 32 and 128);
* ``btree+brin``: both (the chosen strategy, see docs/storage.md);
* ``covering``: (characteristic, timestamp, id) INCLUDE (value, count,
  sample_size, voided) instead of the plain btree;
* ``part-year``: the same rows in a table partitioned by year of timestamp
  (primary key (id, timestamp)), btrees per partition.

Ingest: batches of 50 rows by COPY as ``_bulk_insert`` sends them, and by
``INSERT ... SELECT unnest(...)``, into the full table and into an empty
copy of it, batch about, committed one by one.

Prints the tables (sizes, build times, queries, ingest) and exits 1 when the
chosen strategy misses a target: the last 150 points of a characteristic of
10M rows in <= 5 ms (p95, warm), a one-month phase of it in <= 1 s, the
minimum and maximum timestamp of a characteristic in <= 5 ms, ingest into
the full table at >= 80 % of the rate into the empty one.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time

import psycopg2

from benchlib import ROOT, ensure_db

PG = dict(host='127.0.0.1', port=int(os.environ.get('PG_PORT', 55432)), user='odoo', password='odoo')
TABLE = 'ci_spc_measurement'
START = '2021-07-01 00:00:00'
YEARS = 5
CODE = 'STOR-%04d'
CHUNK = 5000000
INGEST_BATCH = 50
MAGNITUDE = 1e15   # ci_spc's MAX_MAGNITUDE: _plausible_sql's bounds
STATEMENT_TIMEOUT_MS = 60000
TARGETS = {'last150_big': 5.0, 'phase_month_big': 1000.0, 'minmax_big': 5.0}
INGEST_RATIO = 0.8
CHOSEN = 'btree+brin'
PARTITION = re.compile(r'part_(\d{4}|default)_?')


def connect(db):
    cnx = psycopg2.connect(dbname=db, **PG)
    cnx.autocommit = True
    return cnx


# ----------------------------------------------------------------------
# data
# ----------------------------------------------------------------------
def ensure_characteristics(db, count, big):
    """The benchmark's I-MR characteristics, created through the ORM (their
    first phase, rules and company as the application makes them)."""
    import odoo
    from odoo import SUPERUSER_ID, api
    odoo.tools.config.parse_config(['-c', os.path.join(ROOT, 'odoo.conf'), '-d', db, '--log-level=warn'])
    registry = odoo.registry(db)
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Char = env['ci.spc.characteristic'].with_context(tracking_disable=True, mail_create_nolog=True)
        existing = set(Char.search([('code', '=like', 'STOR-%')]).mapped('code'))
        for i in range(count):
            code = CODE % i
            if code not in existing:
                Char.create({'name': 'Storage %s%s' % ('big ' if i < big else '', code), 'code': code,
                             'chart_type': 'imr', 'subgroup_size': 1})
            if i % 200 == 199:
                cr.commit()
        cr.commit()
        chars = Char.search([('code', 'in', [CODE % i for i in range(count)])])
        by_code = {c.code: c.id for c in chars}
        return [by_code[CODE % i] for i in range(count)], SUPERUSER_ID


def table_indexes(cur, table):
    cur.execute("""
        SELECT i.relname, pg_get_indexdef(i.oid), c.conname IS NOT NULL
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
          LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = x.indrelid
         WHERE x.indrelid = %s::regclass ORDER BY i.relname""", (table,))
    return cur.fetchall()


def generate(cnx, ids, big, rows, user_id):
    """``rows`` measurements in time order, the table's indexes and foreign
    keys dropped during the load and built again after (timed)."""
    cur = cnx.cursor()
    indexes = [(name, ddl) for name, ddl, constraint in table_indexes(cur, TABLE) if not constraint]
    cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype IN ('f', 'p') ORDER BY contype DESC, conname", (TABLE,))
    constraints = cur.fetchall()
    cur.execute("TRUNCATE %s" % TABLE)
    for name, _ddl in indexes:
        cur.execute('DROP INDEX "%s"' % name)
    for name, _ddl in constraints:
        cur.execute('ALTER TABLE %s DROP CONSTRAINT "%s"' % (TABLE, name))
    step_us = YEARS * 365.25 * 86400e6 / rows
    t0 = time.time()
    for lo in range(1, rows + 1, CHUNK):
        hi = min(rows, lo + CHUNK - 1)
        cur.execute("""
            INSERT INTO {table} (id, characteristic_id, value, timestamp, subgroup, user_id, batch_ref,
                                 date_recorded, voided, void_reason, void_user_id, date_voided)
            SELECT e, (%(ids)s::int[])[k + 1], round((10 + (random() + random() + random() - 1.5))::numeric, 4),
                   ts, to_char(ts, 'YYYY-MM-DD HH24:MI:SS'), CASE WHEN e %% 10 < 3 THEN %(uid)s END, e / 50,
                   ts + interval '2 seconds', e %% 1000 = 0, CASE WHEN e %% 1000 = 0 THEN 'gauge dropped' END,
                   CASE WHEN e %% 1000 = 0 THEN %(uid)s END, CASE WHEN e %% 1000 = 0 THEN ts + interval '1 hour' END
              FROM (SELECT e, date_trunc('second', %(start)s::timestamp + e * %(step)s * interval '1 microsecond') AS ts,
                           CASE WHEN e %% 2 = 0 THEN (e / 2) %% %(big)s
                                ELSE %(big)s + (e * 7919) %% %(small)s END AS k
                      FROM generate_series(%(lo)s::bigint, %(hi)s) e) g""".format(table=TABLE),
                    dict(ids=ids, uid=user_id, big=big, small=len(ids) - big, lo=lo, hi=hi, start=START,
                         step=step_us))
        print('  generated %d rows (%.0f s)' % (hi, time.time() - t0), flush=True)
    load = time.time() - t0
    cur.execute("SELECT setval('%s_id_seq', %%s)" % TABLE, (rows,))
    builds = {'load %d rows' % rows: load}
    cur.execute("SET maintenance_work_mem = '1GB'")
    for name, ddl in constraints:
        t = time.time()
        cur.execute('ALTER TABLE %s ADD CONSTRAINT "%s" %s' % (TABLE, name, ddl))
        builds[name] = time.time() - t
    for name, ddl in indexes:
        t = time.time()
        cur.execute(ddl)
        builds[name] = time.time() - t
    t = time.time()
    cur.execute("VACUUM (ANALYZE) %s" % TABLE)
    builds['VACUUM ANALYZE'] = time.time() - t
    return builds


# ----------------------------------------------------------------------
# the application's queries (ci_spc: _points, _stats_measure, _sync_first_phase...)
# ----------------------------------------------------------------------
def queries(table, big, small, last):
    """{name: (sql, params)}: the reads of the application on ``table``;
    ``last``: the time of the latest row."""
    plausible = 'value BETWEEN %s AND %s'
    bounds = [-MAGNITUDE, MAGNITUDE]
    points = """SELECT id::varchar, timestamp AS ts, value, count, sample_size, id AS first_id
                  FROM {t} WHERE characteristic_id = %s AND timestamp >= %s AND timestamp < %s AND NOT voided
                   AND {p}""".format(t=table, p=plausible)
    stop = '9999-12-31 00:00:00'
    last150 = "SELECT * FROM (SELECT * FROM ({b}) p ORDER BY ts DESC, first_id DESC LIMIT %s) q " \
              "ORDER BY ts, first_id".format(b=points)
    lookback = """(SELECT * FROM ({b}) p WHERE ts >= %s) UNION ALL
                  (SELECT * FROM ({b}) p WHERE ts < %s ORDER BY ts DESC, first_id DESC LIMIT %s)
                  ORDER BY ts, first_id""".format(b=points)
    since = "(%s::timestamp - interval '1 hour')"
    lookback = lookback.replace('ts >= %s', 'ts >= ' + since).replace('ts < %s', 'ts < ' + since)
    phase = """WITH r AS (SELECT timestamp, id, value, count, sample_size, voided FROM {t}
                           WHERE characteristic_id = %s AND timestamp >= %s AND timestamp < %s),
                    p AS (SELECT value, lag(value) OVER (ORDER BY timestamp, id) AS prev
                            FROM r WHERE NOT voided AND {p})
               SELECT (SELECT count(*) FROM r WHERE NOT voided), count(*), sum(value)::text,
                      sum(value * value)::text, sum(abs(value - prev))::text, count(prev) FROM p""".format(
        t=table, p=plausible)
    month = ('2024-03-01', '2024-04-01')
    year = ('2023-01-01', '2024-01-01')
    return {
        'last150_big': (last150, [big, START, stop] + bounds + [150]),
        'last150_small': (last150, [small, START, stop] + bounds + [150]),
        'lookback_big': (lookback, [big, START, stop] + bounds + [last]
                         + [big, START, stop] + bounds + [last, 20]),
        'phase_month_big': (phase, [big, month[0], month[1]] + bounds),
        'phase_year_small': (phase, [small, year[0], year[1]] + bounds),
        'minmax_big': ("SELECT (SELECT MIN(timestamp) FROM {t} WHERE characteristic_id = %s), "
                       "(SELECT MAX(timestamp) FROM {t} WHERE characteristic_id = %s)".format(t=table), [big, big]),
        'count_big': ("SELECT count(*) FROM {t} WHERE characteristic_id = %s AND NOT voided".format(t=table), [big]),
        'archive_week': ("SELECT count(*), min(id) FROM {t} WHERE timestamp >= %s AND timestamp < %s".format(t=table),
                         ['2022-01-03', '2022-01-10']),
    }


def buffers(plan):
    total = plan.get('Shared Hit Blocks', 0) + plan.get('Shared Read Blocks', 0)
    return total


def scans(plan, out=None):
    """The scans of a plan, the partitions' ones under one name."""
    out = set() if out is None else out
    if 'Index Name' in plan:
        out.add('%s(%s)' % (plan['Node Type'].replace(' Scan', '').replace('Index Only', 'IOS')
                            .replace('Bitmap Index', 'Bitmap'), PARTITION.sub('part_*_', plan['Index Name'])))
    elif plan['Node Type'] == 'Seq Scan':
        out.add('Seq(%s)' % PARTITION.sub('part_*', plan.get('Relation Name')))
    for child in plan.get('Plans', ()):
        scans(child, out)
    return out


def measure(cnx, strategy, table, big, small, last, repeat, results):
    cur = cnx.cursor()
    # inside a strategy's transaction (see main), a query cancelled by the
    # timeout must not abort it
    in_tx = cnx.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE
    cur.execute("SET statement_timeout = %s", (STATEMENT_TIMEOUT_MS,))
    for name, (sql, params) in queries(table, big, small, last).items():
        row = {'strategy': strategy, 'query': name}
        if in_tx:
            cur.execute("SAVEPOINT measure")
        try:
            t = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            row['first'] = (time.perf_counter() - t) * 1000
            times = []
            runs = repeat if row['first'] < 2000 else 1
            for _i in range(runs):
                t = time.perf_counter()
                cur.execute(sql, params)
                cur.fetchall()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            row['median'] = statistics.median(times)
            row['p95'] = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
            plan = cur.fetchone()[0][0]
            row['buffers'] = buffers(plan['Plan'])
            row['plan'] = ' '.join(sorted(scans(plan['Plan'])))
            row['planning'] = plan.get('Planning Time')
        except psycopg2.extensions.QueryCanceledError:
            if in_tx:
                cur.execute("ROLLBACK TO SAVEPOINT measure")
            row.update(first=None, median=None, p95=None, buffers=None, plan='timeout %d s' % (
                STATEMENT_TIMEOUT_MS // 1000))
        results.append(row)
        print('  %-11s %-17s first %s  p95 %s  buffers %s  %s' % (
            strategy, name, fmt(row['first']), fmt(row['p95']), row['buffers'], row['plan']), flush=True)
    cur.execute("SET statement_timeout = 0")


def fmt(ms):
    if ms is None:
        return '—'
    return '%.2f ms' % ms if ms < 10 else '%.0f ms' % ms


def size(cur, relation):
    cur.execute("SELECT pg_relation_size(%s)", (relation,))
    return cur.fetchone()[0]


# ----------------------------------------------------------------------
# ingest
# ----------------------------------------------------------------------
def ingest(cnx, tables, char_ids, user_id, start, batches):
    """{(table, method): rows/s}: ``batches`` batches of INGEST_BATCH rows of
    all ``char_ids`` (newer than ``start``), COPY and INSERT ... unnest, the
    tables taking turns batch by batch."""
    import io
    cur = cnx.cursor()
    import datetime
    # Odoo's typecasters (imported above) read timestamps as text
    base = start if isinstance(start, datetime.datetime) \
        else datetime.datetime.strptime(start[:19], '%Y-%m-%d %H:%M:%S')
    spent = {}
    # warm-up batches, untimed: the first rows of each characteristic bring
    # the index pages they end in (one per characteristic and index) into
    # memory, where a running plant keeps them
    warmup = max(1, len(char_ids) // INGEST_BATCH * 2)
    for b in range(-warmup, batches):
        stamp = base + datetime.timedelta(seconds=b + warmup + 1)
        text = stamp.strftime('%Y-%m-%d %H:%M:%S')
        rows = [(char_ids[(b * INGEST_BATCH + i) % len(char_ids)], 10.0 + (i % 7) * 0.01, text)
                for i in range(INGEST_BATCH)]
        # the tables and methods take turns, each first every other batch
        order = [(table, method) for table in tables for method in ('copy', 'unnest')]
        for table, method in (order if b % 2 else order[::-1]):
            if True:
                cur.execute("SELECT ARRAY(SELECT nextval('%s_id_seq') FROM generate_series(1, %%s))" % TABLE,
                            (INGEST_BATCH,))
                ids = cur.fetchone()[0]
                t = time.perf_counter()
                cur.execute("BEGIN")
                if method == 'copy':
                    lines = ''.join('%d\t%d\t%r\t\\N\t\\N\t%s\t%s\t\\N\t%d\t\\N\tf\t%s\t%d\n' % (
                        id_, char, value, stamp_text, stamp_text, user_id, stamp_text, b + warmup + 1)
                        for id_, (char, value, stamp_text) in zip(ids, rows))
                    cur.copy_expert("COPY %s (id, characteristic_id, value, count, sample_size, timestamp, subgroup, "
                                    "workorder_id, user_id, note, voided, date_recorded, batch_ref) FROM STDIN"
                                    % table, io.StringIO(lines))
                else:
                    cur.execute("""
                        INSERT INTO {t} (id, characteristic_id, value, timestamp, subgroup, user_id, voided,
                                         date_recorded, batch_ref)
                        SELECT i, c, v, s::timestamp, s, %s, false, now() at time zone 'UTC', %s
                          FROM unnest(%s::int[], %s::int[], %s::numeric[], %s::text[]) AS r(i, c, v, s)""".format(
                        t=table), (user_id, b + warmup + 1, ids, [r[0] for r in rows], [r[1] for r in rows],
                                   [r[2] for r in rows]))
                cur.execute("COMMIT")
                if b >= 0:
                    key = (table, method)
                    spent[key] = spent.get(key, 0.0) + time.perf_counter() - t
    return {key: batches * INGEST_BATCH / seconds for key, seconds in spent.items()}


# ----------------------------------------------------------------------
# partitioning
# ----------------------------------------------------------------------
def build_partitioned(cnx, name, years):
    """A copy of the table partitioned by year of timestamp, as PostgreSQL
    requires it: the partition key in the primary key. The (characteristic,
    subgroup) index is left out (the queries measured read I-MR charts): it
    would cost 4 GB of disk more at 100M rows."""
    cur = cnx.cursor()
    cur.execute("DROP TABLE IF EXISTS %s" % name)
    cur.execute("CREATE TABLE {n} (LIKE {t} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
                "PARTITION BY RANGE (timestamp)".format(n=name, t=TABLE))
    cur.execute("ALTER TABLE {n} ADD PRIMARY KEY (id, timestamp)".format(n=name))
    for year in years:
        cur.execute("CREATE TABLE {n}_{y} PARTITION OF {n} FOR VALUES FROM ('{y}-01-01') TO ('{z}-01-01')".format(
            n=name, y=year, z=year + 1))
    cur.execute("CREATE TABLE {n}_default PARTITION OF {n} DEFAULT".format(n=name))
    builds = {}
    t = time.time()
    cur.execute("INSERT INTO {n} SELECT * FROM {t}".format(n=name, t=TABLE))
    builds['%s: copy' % name] = time.time() - t
    cur.execute("SET maintenance_work_mem = '1GB'")
    for ddl in ("ALTER TABLE {n} ADD FOREIGN KEY (characteristic_id) REFERENCES ci_spc_characteristic(id) "
                "ON DELETE RESTRICT",
                "CREATE INDEX {n}_char_time_idx ON {n} (characteristic_id, timestamp, id)"):
        t = time.time()
        cur.execute(ddl.format(n=name))
        builds['%s: %s' % (name, ddl.split(' ON ')[0].split(' ADD ')[-1][:40])] = time.time() - t
    t = time.time()
    cur.execute("VACUUM (ANALYZE) %s" % name)
    builds['%s: VACUUM ANALYZE' % name] = time.time() - t
    cur.execute("SELECT sum(pg_relation_size(c.oid)), sum(pg_indexes_size(c.oid)) FROM pg_inherits i "
                "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass", (name,))
    return builds, cur.fetchone()


# ----------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', default='ci_bench_storage')
    parser.add_argument('--rows', type=int, default=100000000)
    parser.add_argument('--chars', type=int, default=1000)
    parser.add_argument('--big', type=int, default=5)
    parser.add_argument('--repeat', type=int, default=15)
    parser.add_argument('--ingest-batches', type=int, default=300)
    parser.add_argument('--regenerate', action='store_true', help="generate the rows again")
    parser.add_argument('--skip-setup', action='store_true', help="do not run scripts/db.sh ensure")
    parser.add_argument('--skip-partition', action='store_true')
    parser.add_argument('--strategies', default='btree,brin,btree+brin,covering,part-year')
    parser.add_argument('--json', default=os.path.join(ROOT, 'var', 'bench', 'spc_storage.json'))
    args = parser.parse_args()
    strategies = args.strategies.split(',')
    if not args.skip_setup:
        ensure_db(args.db)
    ids, user_id = ensure_characteristics(args.db, args.chars, args.big)
    cnx = connect(args.db)
    cur = cnx.cursor()
    cur.execute("SELECT count(*) = %s FROM (SELECT 1 FROM {t} LIMIT %s) x".format(t=TABLE),
                (args.rows, args.rows + 1))
    builds = {}
    if args.regenerate or not cur.fetchone()[0]:
        print('generating %d measurements of %d characteristics...' % (args.rows, args.chars), flush=True)
        builds = generate(cnx, ids, args.big, args.rows, user_id)
        for key, seconds in builds.items():
            print('  %-40s %8.1f s' % (key, seconds), flush=True)
    big, small = ids[0], ids[args.big]
    cur.execute("SELECT max(timestamp) FROM {t} WHERE characteristic_id = %s".format(t=TABLE), (big,))
    last = cur.fetchone()[0]
    cur.execute("DROP INDEX IF EXISTS ci_spc_measurement_time_brin")
    sizes = {'table': size(cur, TABLE)}
    for name, _ddl, _c in table_indexes(cur, TABLE):
        sizes[name] = size(cur, name)
    results = []
    if 'btree' in strategies:
        measure(cnx, 'btree', TABLE, big, small, last, args.repeat, results)

    def variant(label, drop, ddls):
        cur.execute("BEGIN")
        cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for name in drop:
            cur.execute('DROP INDEX "%s"' % name)
        for index, ddl in ddls:
            t = time.time()
            cur.execute(ddl)
            builds['%s: build %s' % (label, index)] = time.time() - t
            sizes['%s: %s' % (label, index)] = size(cur, index)
        measure(cnx, label, TABLE, big, small, last, args.repeat, results)
        cur.execute("ROLLBACK")

    brin = "CREATE INDEX ci_spc_measurement_time_brin ON {t} USING brin (timestamp) WITH (pages_per_range = %d)"
    if 'brin' in strategies:
        for ppr in (32, 128):
            variant('brin/%d' % ppr, ['ci_spc_measurement_char_time_idx'],
                    [('ci_spc_measurement_time_brin', brin.format(t=TABLE) % ppr)])
    if 'btree+brin' in strategies:
        variant('btree+brin', [], [('ci_spc_measurement_time_brin', brin.format(t=TABLE) % 32)])
    if 'covering' in strategies:
        variant('covering', ['ci_spc_measurement_char_time_idx'], [(
            'ci_spc_measurement_char_time_cov', "CREATE INDEX ci_spc_measurement_char_time_cov ON {t} "
            "(characteristic_id, timestamp, id) INCLUDE (value, count, sample_size, voided)".format(t=TABLE))])
    part_sizes = None
    if 'part-year' in strategies and not args.skip_partition:
        print('partitioned copy...', flush=True)
        years = list(range(int(START[:4]), int(START[:4]) + YEARS + 1))
        part_builds, part_sizes = build_partitioned(cnx, 'spc_storage_part', years)
        builds.update(part_builds)
        sizes['part-year: table'], sizes['part-year: indexes'] = part_sizes
        measure(cnx, 'part-year', 'spc_storage_part', big, small, last, args.repeat, results)

    # ingest: the chosen strategy's indexes, full table against an empty copy
    print('ingest...', flush=True)
    cur.execute("CREATE INDEX IF NOT EXISTS ci_spc_measurement_time_brin ON {t} USING brin (timestamp) "
                "WITH (pages_per_range = 32)".format(t=TABLE))
    cur.execute("DROP TABLE IF EXISTS spc_storage_empty")
    cur.execute("CREATE TABLE spc_storage_empty (LIKE {t} INCLUDING ALL)".format(t=TABLE))
    cur.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype = 'f'", (TABLE,))
    for (ddl,) in cur.fetchall():
        cur.execute("ALTER TABLE spc_storage_empty ADD %s" % ddl)
    cur.execute("SELECT max(id) FROM %s" % TABLE)
    max_id = cur.fetchone()[0]
    tables = [TABLE, 'spc_storage_empty']
    if part_sizes:
        tables.append('spc_storage_part')
    cur.execute("SELECT max(timestamp) FROM %s" % TABLE)
    rates = ingest(cnx, tables, ids, user_id, cur.fetchone()[0], args.ingest_batches)
    cur.execute("DELETE FROM %s WHERE id > %%s" % TABLE, (max_id,))
    cur.execute("DROP TABLE spc_storage_empty")
    if part_sizes:
        cur.execute("DROP TABLE spc_storage_part")
    cur.execute("DROP INDEX ci_spc_measurement_time_brin")

    # report
    print('\nsizes (MB):')
    for key, value in sizes.items():
        print('  %-52s %10.0f' % (key, value / 2 ** 20))
    print('\nbuild times (s):')
    for key, value in builds.items():
        print('  %-52s %10.1f' % (key, value))
    labels = [s for s in dict.fromkeys(r['strategy'] for r in results)]
    names = list(dict.fromkeys(r['query'] for r in results))
    by = {(r['strategy'], r['query']): r for r in results}
    print('\nqueries at %d rows, p95 of %d warm runs (first run) [buffers]:' % (args.rows, args.repeat))
    print('| query | ' + ' | '.join(labels) + ' |')
    print('|---|' + '---:|' * len(labels))
    for name in names:
        cells = []
        for label in labels:
            r = by.get((label, name))
            cells.append('—' if r is None or r['p95'] is None else '%s (%s) [%s]' % (
                fmt(r['p95']), fmt(r['first']), r['buffers']))
        print('| %s | %s |' % (name, ' | '.join(cells)))
    print('\nplans:')
    for r in results:
        print('  %-11s %-17s %s' % (r['strategy'], r['query'], r['plan']))
    print('\ningest, rows/s (batches of %d, %d batches per table and method):' % (INGEST_BATCH, args.ingest_batches))
    for (table, method), rate in sorted(rates.items()):
        print('  %-22s %-7s %8.0f' % (table, method, rate))
    ratio = {m: rates[(TABLE, m)] / rates[('spc_storage_empty', m)] for m in ('copy', 'unnest')}
    print('  full / empty: copy %.2f, unnest %.2f' % (ratio['copy'], ratio['unnest']))
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, 'w') as out:
        json.dump({'rows': args.rows, 'sizes': sizes, 'builds': builds, 'results': results,
                   'ingest': {'%s/%s' % k: v for k, v in rates.items()}}, out, indent=1, default=str)

    missed = []
    chosen = CHOSEN if CHOSEN in labels else labels[0]
    for name, target in TARGETS.items():
        r = by.get((chosen, name))
        if r is None or r['p95'] is None or r['p95'] > target:
            missed.append('%s %s: p95 %s > %s ms' % (chosen, name, fmt(r and r['p95']), target))
    for method, value in ratio.items():
        if value < INGEST_RATIO:
            missed.append('ingest %s: full table at %.0f %% of the empty one' % (method, value * 100))
    for line in missed:
        print('MISSED: ' + line)
    print('all targets met' if not missed else '%d target(s) missed' % len(missed))
    return 1 if missed else 0


if __name__ == '__main__':
    sys.exit(main())
