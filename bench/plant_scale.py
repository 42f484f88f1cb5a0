#!/usr/bin/env python3
# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plant scale: every screen read as the web client reads it, on years of history.

Prepares database ci_scale (the suite without demo data) and generates
once, set-based and deterministic (``--regenerate`` redoes it):

* 1,000,000 done work orders on 250,000 productions of four products
  (``program_health.generate``), each on the routing operation of its work
  center, with realistic expected and real durations and quantities, a
  productive time log each and a blocked one for one in eight, and done
  scraps of the produced product for about one in twelve;
* one I-MR characteristic with 10,000,000 measurements and 100
  characteristics (I-MR, X̄-R n=5, X̄-S n=5) with 100,000 each: the first
  250 rows of each go through ``ingest`` (which freezes the first phase's
  limits and raises the first signals), the rest in SQL after them;
* 100,000 improvements with their pilots (``program_health.generate``);
* a points ledger (``incentive_leaderboard.generate``) plus this month's
  awards, so that the honour board has people on it;
* 50 goals: 20 on work centers, 15 on operations, 10 on a product at a
  work center, 5 plant-wide (no work center nor operation; three of them
  with no product either), written in SQL with the raw computation's
  baseline (see ``ensure_goals``).

Then it starts a server (two workers, with Odoo's default memory limits:
2 GB soft, 2.5 GB hard; the calls one at a time, like one user) and times
over XML-RPC what the web client asks for each screen: the fields of the
action's view (``fields_view_get``, once: the client caches views), then
``search_read`` (lists: the action's domain, its search view's default
filters and its context, 80 rows, 40 for a kanban, and ``search_count``
when the page is full) or ``read`` (forms: the view's fields, and the
first 40 rows of each embedded list), ``default_get`` + ``onchange`` for
the program-health dashboard (a new transient record's form),
``cockpit_data`` for the cockpit, ``chart_data(150)`` for the chart (the
chart widget's call on the characteristic form). It reports median and p95
of ``--repeat`` calls after one warm-up call (three calls when the warm-up
took longer than ``--give-up`` seconds), and the ingest rate into the 10M
characteristic against a new empty one, the batches taking turns after
one untimed round.

Checks (``Bench.CHECKS``: add a method, name it there): the goals' values
against SQL written here over work orders, scraps and time logs; the
capability on the characteristic forms against ``ci_spc/lib/spc.py`` on
every point of the current phase, read here in SQL.

Exits 1 on a missed target or a failed check. Run from the checkout:

    .venv/bin/python bench/plant_scale.py [--regenerate] [--repeat 20]
"""
# a command-line benchmark, not an addon: it prints, and commits the data it
# generates step by step
# pylint: disable=print-used,invalid-commit
import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import xmlrpc.client

import incentive_leaderboard
import program_health
from benchlib import ROOT, get_or_create, odoo_env, start_server, vacuum_analyze

MARKER = 'ci_bench.plant_scale.'
PRODUCTS = ('BENCH product', 'BENCH shaft', 'BENCH bracket', 'BENCH caliper')
BIG_CODE = 'BENCH-10M'
FIRST_ROWS = 250          # rows of each characteristic sent through ingest
CHUNK = 1000000           # rows per INSERT of measurements (one commit each)
KPIS = ('efficiency', 'cycle_time', 'scrap_rate', 'yield', 'oee')
HIGHER_IS_BETTER = {'efficiency': True, 'cycle_time': False, 'scrap_rate': False, 'yield': True, 'oee': True}
TARGET_SCREEN = 0.300
TARGET_DASHBOARD = 0.150
TARGET_INGEST_RATIO = 0.80
USERS = {'bench_engineer': 'ci_process.group_ci_engineer', 'bench_manager': 'ci_process.group_ci_manager',
         'bench_operator': 'ci_process.group_ci_user'}


# ----------------------------------------------------------------------
# data
# ----------------------------------------------------------------------
def marker(env, step):
    return env['ir.config_parameter'].sudo().get_param(MARKER + step)


def set_marker(env, step, value):
    """The step done (committed); new data wants fresh statistics."""
    env['ir.config_parameter'].sudo().set_param(MARKER + step, value)
    if step != 'vacuumed':
        env['ir.config_parameter'].sudo().set_param(MARKER + 'vacuumed', False)
    env.cr.commit()


def generate_base(env, args):
    """Work orders, productions, improvements and pilots (program_health's)."""
    spec = program_health.spec(args.workorders, args.improvements)
    if not args.regenerate and env['ir.config_parameter'].get_param(program_health.MARKER) == spec:
        print('  base data: re-used (%s)' % spec)
        return False
    print('  base data: %s' % spec)
    program_health.generate(env, args.workorders, args.improvements)
    env['ir.config_parameter'].set_param(MARKER + 'mfg', False)
    env.cr.commit()
    return True


def generate_mfg(env, args):
    """What the KPIs need on the work orders: operations, products, durations,
    quantities, time logs, scraps. Every value a function of the row number."""
    spec = 'workorders=%d' % args.workorders
    if not args.regenerate and marker(env, 'mfg') == spec:
        print('  work orders for the KPIs: re-used')
        return False
    cr = env.cr
    t0 = time.time()
    products = [get_or_create(env['product.product'], [('name', '=', name)],
                              {'name': name, 'type': 'product', 'standard_price': 8.0 + n}).id
                for n, name in enumerate(PRODUCTS)]
    cr.execute("DELETE FROM stock_scrap WHERE name = 'BENCH'")
    cr.execute("DELETE FROM mrp_workcenter_productivity WHERE description = 'BENCH'")
    # the production's product: one of four, by its row number
    cr.execute("""
        UPDATE mrp_production p SET product_id = (%s::int[])[substr(p.name, 7)::int %% 4 + 1]
         WHERE p.name LIKE 'BENCH/%%'""", (products,))
    # the operation of the work center; expected minutes per unit by
    # operation (3 to 12), real minutes around them (two slow work centers,
    # and the plant a little slower the further back: 0.1 over three
    # years); quantities 1 to 8
    cr.execute("""
        UPDATE mrp_workorder wo
           SET operation_id = op.id, product_id = p.product_id,
               qty_produced = 1 + (wo.id::bigint * 40503) % 8,
               duration_expected = (1 + (wo.id::bigint * 40503) % 8) * (3 + op.seq_n % 10),
               duration = round(((1 + (wo.id::bigint * 40503) % 8) * (3 + op.seq_n % 10)
                                 * (1.0 + ((wo.id::bigint * 2654435761) % 1000) / 2500.0
                                    + CASE WHEN op.seq_n = 3 THEN 0.25 WHEN op.seq_n = 7 THEN 0.1 ELSE 0 END
                                    + 0.1 * extract(epoch FROM (now() AT TIME ZONE 'UTC' - wo.date_finished))
                                          / 94608000.0))::numeric, 2)
          FROM mrp_production p,
               (SELECT o.id, o.workcenter_id, row_number() OVER (ORDER BY o.workcenter_id) - 1 AS seq_n
                  FROM mrp_routing_workcenter o JOIN mrp_routing r ON r.id = o.routing_id
                 WHERE r.name = 'BENCH routing') op
         WHERE wo.name = 'BENCH' AND p.id = wo.production_id AND op.workcenter_id = wo.workcenter_id""")
    print('  %d work orders given operation, product, durations: %.1fs' % (cr.rowcount, time.time() - t0))
    t1 = time.time()
    productive = env['mrp.workcenter.productivity.loss'].search([('loss_type', '=', 'productive')], limit=1)
    blocked = env['mrp.workcenter.productivity.loss'].search([('loss_type', '=', 'availability')], limit=1)
    cr.execute("""
        INSERT INTO mrp_workcenter_productivity (workcenter_id, workorder_id, loss_id, loss_type, description,
                                                 date_start, date_end, duration, create_uid, write_uid,
                                                 create_date, write_date)
        SELECT wo.workcenter_id, wo.id, %(productive)s, 'productive', 'BENCH',
               wo.date_finished - wo.duration * interval '1 minute', wo.date_finished, wo.duration,
               1, 1, now(), now()
          FROM mrp_workorder wo WHERE wo.name = 'BENCH'
         UNION ALL
        SELECT wo.workcenter_id, wo.id, %(blocked)s, 'availability', 'BENCH',
               wo.date_finished - (wo.duration + b.minutes) * interval '1 minute',
               wo.date_finished - wo.duration * interval '1 minute', b.minutes, 1, 1, now(), now()
          FROM mrp_workorder wo
         CROSS JOIN LATERAL (SELECT 5 + (wo.id::bigint * 7919) %% 40 AS minutes) b
         WHERE wo.name = 'BENCH' AND wo.id %% 8 = 0""", {'productive': productive.id, 'blocked': blocked.id})
    print('  %d time logs: %.1fs' % (cr.rowcount, time.time() - t1))
    t1 = time.time()
    scrap_location = env['stock.location'].search([('scrap_location', '=', True)], limit=1)
    cr.execute("""
        INSERT INTO stock_scrap (name, product_id, product_uom_id, location_id, scrap_location_id, scrap_qty,
                                 state, date_expected, production_id, workorder_id, create_uid, write_uid,
                                 create_date, write_date)
        SELECT 'BENCH', p.product_id, p.product_uom_id, p.location_src_id, %(scrap)s,
               1 + (wo.id %% 3) / 2, 'done', wo.date_finished, p.id, wo.id, 1, 1, now(), now()
          FROM mrp_workorder wo JOIN mrp_production p ON p.id = wo.production_id
         WHERE wo.name = 'BENCH' AND (wo.id::bigint * 104729) %% 12 = 0""", {'scrap': scrap_location.id})
    print('  %d scraps: %.1fs' % (cr.rowcount, time.time() - t1))
    cr.commit()
    set_marker(env, 'mfg', spec)
    return True


def generate_ledger(env, args):
    """The points ledger of the last three years, and this month's awards."""
    spec = 'entries=%d' % args.ledger
    if not args.regenerate and marker(env, 'ledger') == spec:
        print('  points ledger: re-used')
        return False
    incentive_leaderboard.generate(env, args.ledger)
    cr = env.cr
    users = env['res.users'].search([('login', '=like', 'bench_user_%')], order='login').ids
    rule = env['ci.point.rule'].search([('name', '=', 'BENCH rule')], limit=1)
    cr.execute("""
        INSERT INTO ci_point_entry (user_id, points, kind, rule_id, res_model, res_id, date, description,
                                    company_id, create_uid, write_uid, create_date, write_date)
        SELECT (%(users)s::int[])[(g * 7919) %% %(n)s + 1], (g * 31) %% 50 + 1, 'award', %(rule)s,
               'bench.month', g,
               date_trunc('month', now() AT TIME ZONE 'UTC')::date
                 + (g %% (1 + extract(day FROM now() AT TIME ZONE 'UTC')::int - 1)),
               'BENCH', %(company)s, 1, 1, now(), now()
          FROM generate_series(1, %(count)s) g""",
               {'users': users, 'n': len(users), 'rule': rule.id, 'count': args.ledger // 30,
                'company': env.ref('base.main_company').id})
    print('  %d awards this month' % cr.rowcount)
    cr.commit()
    set_marker(env, 'ledger', spec)
    return True


def ensure_users(env):
    """The people the screens are read as (the password is the login)."""
    Users = env['res.users'].with_context(no_reset_password=True, mail_create_nolog=True, tracking_disable=True)
    for login, group in sorted(USERS.items()):
        user = Users.search([('login', '=', login)])
        if not user:
            user = Users.create({'name': login.replace('_', ' ').title(), 'login': login,
                                 'groups_id': [(6, 0, [env.ref('base.group_user').id, env.ref(group).id])]})
        user.write({'password': login, 'lang': 'zh_CN', 'tz': 'UTC'})
    env.cr.commit()


def characteristic_specs(args):
    """(code, chart type, subgroup size, measurements) of every characteristic."""
    specs = [(BIG_CODE, 'imr', 1, args.big)]
    for n in range(args.chars):
        kind = ('imr', 'xbar_r', 'xbar_s')[n % 3]
        specs.append(('BENCH-C%03d' % n, kind, 1 if kind == 'imr' else 5, args.per_char))
    return specs


def _stamps(end, rows, size, step):
    """The SQL of row g's timestamp and subgroup: the last subgroup at ``end``,
    one every ``step`` seconds before."""
    return (("%%(end)s::timestamp - ((%(n)d - 1 - (g - 1) / %(size)d) * %(step)d) * interval '1 second'"
             % {'n': rows // size, 'size': size, 'step': step}),
            "'S' || ((g - 1) / %d)" % size)


def _py_stamp(end, rows, size, step, g):
    return end - datetime.timedelta(seconds=(rows // size - 1 - (g - 1) // size) * step)


def generate_spc(env, args):
    """The characteristics and their measurements; resumable: each one's
    marker says how many rows it holds."""
    cr = env.cr
    company = env.ref('base.main_company')
    cr.execute("SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::timestamp - interval '1 day'")
    end = datetime.datetime.strptime(str(cr.fetchone()[0])[:19], '%Y-%m-%d %H:%M:%S')
    engineer = env['res.users'].search([('login', '=', 'bench_engineer')])
    wc = env['mrp.workcenter'].search([('name', '=', 'BENCH WC 00')], limit=1)
    total_t0, done_rows = time.time(), 0
    for code, kind, size, rows in characteristic_specs(args):
        spec = '%s rows=%d' % (kind, rows)
        if not args.regenerate and marker(env, 'spc.' + code) == spec:
            continue
        t0 = time.time()
        Char = env['ci.spc.characteristic'].with_context(active_test=False, mail_create_nolog=True,
                                                         tracking_disable=True)
        char = Char.search([('code', '=', code)])
        if char:
            # a new characteristic rather than deleting millions of rows
            # through the protections of the measurements
            char.write({'code': '%s-old-%d' % (code, char.id), 'active': False})
        char = Char.create({
            'name': 'Bench %s %s' % (code, kind), 'code': code, 'company_id': company.id,
            'chart_type': kind, 'subgroup_size': size, 'unit': 'mm', 'workcenter_id': wc.id,
            'has_lsl': True, 'lsl': 24.9, 'has_usl': True, 'usl': 25.1, 'has_target': True, 'target': 25.0,
            'owner_id': engineer.id, 'decimals': 4})
        step = (9 if rows >= 5000000 else 300) * size
        # the first rows through the product: the phase starts at the first
        # one, its limits freeze, the rules raise what they raise
        rng = random.Random(code)
        first = []
        for g in range(1, FIRST_ROWS + 1):
            first.append({'characteristic': char.id, 'value': round(25.0 + rng.gauss(0, 0.02), 4),
                          'timestamp': str(_py_stamp(end, rows, size, step, g)),
                          'subgroup': 'S%d' % ((g - 1) // size)})
        env['ci.spc.measurement'].ingest(first)
        cr.commit()
        stamp_sql, subgroup_sql = _stamps(end, rows, size, step)
        for start in range(FIRST_ROWS + 1, rows + 1, CHUNK):
            stop = min(rows, start + CHUNK - 1)
            cr.execute("SELECT setseed(%s)", ((hash_seed(code, start)),))
            # Box-Muller from two uniforms: N(25, 0.02), rounded to 4 decimals
            cr.execute("""
                INSERT INTO ci_spc_measurement (characteristic_id, value, timestamp, subgroup, date_recorded,
                                                voided)
                SELECT %(char)s, round((25 + 0.02 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))
                                       ::numeric, 4), s.ts, s.sg, s.ts, false
                  FROM generate_series(%(start)s, %(stop)s) g
                 CROSS JOIN LATERAL (SELECT {stamp} AS ts, {subgroup} AS sg) s
            """.format(stamp=stamp_sql, subgroup=subgroup_sql),
                       {'char': char.id, 'start': start, 'stop': stop, 'end': end})
            cr.commit()
            done_rows += cr.rowcount
        # rows written in SQL: their phases' statistics recomputed, as
        # after any such write (ingest keeps them otherwise)
        env['ci.spc.phase']._stats_rebuild(char)
        cr.commit()
        set_marker(env, 'spc.' + code, spec)
        print('  %s (%s): %d measurements in %.1fs (%.0f rows/s so far)' % (
            code, kind, rows, time.time() - t0, done_rows / max(time.time() - total_t0, 1e-9)))


def hash_seed(code, start):
    """A seed in [-1, 1] from the characteristic and the chunk."""
    value = 0
    for char in '%s/%d' % (code, start):
        value = (value * 131 + ord(char)) % 1000003
    return value / 1000003.0


def month_shift(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def ensure_goals(env, args):
    """50 goals (names fixed): created when missing, so a database generated
    before plant-wide goals existed gets them once the model accepts them."""
    cr = env.cr
    company = env.ref('base.main_company')
    cr.execute("SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date")
    anchor = datetime.datetime.strptime(str(cr.fetchone()[0])[:10], '%Y-%m-%d').date()
    windows = {'baseline_date_from': str(month_shift(anchor, -12)),
               'baseline_date_to': str(month_shift(anchor, -6) - datetime.timedelta(days=1)),
               'date_start': str(month_shift(anchor, -6)), 'date_deadline': str(month_shift(anchor, 3))}
    engineer = env['res.users'].search([('login', '=', 'bench_engineer')])
    wcs = env['mrp.workcenter'].search([('name', '=like', 'BENCH WC %')], order='name')
    ops = env['mrp.routing.workcenter'].search([('routing_id.name', '=', 'BENCH routing')], order='workcenter_id')
    products = env['product.product'].search([('name', 'in', PRODUCTS)], order='id')
    scopes = []
    for n in range(20):
        scopes.append(('work center %02d' % n, {'workcenter_id': wcs[n].id}))
    for n in range(15):
        scopes.append(('operation %02d' % n, {'operation_id': ops[n].id, 'workcenter_id': ops[n].workcenter_id.id}))
    for n in range(10):
        scopes.append(('product %d at work center %02d' % (n % 4, n),
                       {'product_id': products[n % 4].id, 'workcenter_id': wcs[n].id}))
    for n in range(args.goals - len(scopes)):
        scopes.append(('plant %d' % n, {'product_id': products[n % 4].id} if n % 2 else {}))
    # in SQL: the released code computes a goal's baseline from the raw work
    # orders, a correlated scan of the scraps per work order (40 s a goal on
    # this data); the baseline stored is the raw computation's, rounded as
    # the field is, and the goals are checked against it again at each run
    Goal = env['ci.goal'].with_context(active_test=False)
    created = 0
    for n, (label, scope) in enumerate(scopes):
        kpi = KPIS[n % len(KPIS)]
        name = 'BENCH goal %02d: %s, %s' % (n, kpi, label)
        if Goal.search([('name', '=', name)]):
            continue
        baseline = raw_kpi(cr, kpi, windows['baseline_date_from'], windows['baseline_date_to'], company.id,
                           scope.get('workcenter_id'), scope.get('operation_id'), scope.get('product_id'))
        cr.execute("""
            INSERT INTO ci_goal (name, active, company_id, owner_id, workcenter_id, operation_id, product_id, kpi,
                                 baseline_date_from, baseline_date_to, baseline_value, has_baseline, target_value,
                                 date_start, date_deadline, create_uid, write_uid, create_date, write_date)
            VALUES (%(name)s, true, %(company)s, %(user)s, %(wc)s, %(op)s, %(product)s, %(kpi)s,
                    %(baseline_date_from)s, %(baseline_date_to)s, %(baseline)s, %(has)s, %(target)s,
                    %(date_start)s, %(date_deadline)s, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
        """, dict(windows, name=name, company=company.id, user=engineer.id, wc=scope.get('workcenter_id'),
                  op=scope.get('operation_id'), product=scope.get('product_id'), kpi=kpi,
                  baseline=round(baseline, 2) if baseline is not None else 0.0, has=baseline is not None,
                  target=better_target(kpi, baseline)))
        created += 1
    cr.commit()
    print('  goals: %d created, %d in all' % (created, Goal.search_count([('name', '=like', 'BENCH goal %')])))


def better_target(kpi, baseline):
    """A target the goal accepts: better than the baseline, a possible value."""
    if baseline is None:
        return 50.0
    if HIGHER_IS_BETTER[kpi]:
        return min(100.0, round(baseline + max((100.0 - baseline) / 2.0, 0.01), 2))
    return round(baseline * 0.9, 2)


# ----------------------------------------------------------------------
# the raw computation of the KPIs, independent of the addons
# ----------------------------------------------------------------------
def raw_kpi(cr, kpi, date_from, date_to, company_id, workcenter_id=None, operation_id=None, product_id=None):
    """The KPI over [date_from, date_to] (whole UTC days) from the done work
    orders, their done scraps of the produced product and the time logs;
    None without data. The definitions of ci_process/lib/kpi.py's docstring."""
    start = '%s 00:00:00' % date_from
    stop = str(datetime.datetime.strptime(str(date_to)[:10], '%Y-%m-%d').date() + datetime.timedelta(days=1))
    scope = {'start': start, 'stop': stop + ' 00:00:00', 'company': company_id,
             'wc': workcenter_id, 'op': operation_id, 'product': product_id}
    if kpi == 'oee':
        cr.execute("""
            SELECT COALESCE(SUM(CASE WHEN t.loss_type = 'productive' THEN t.duration END), 0),
                   COALESCE(SUM(CASE WHEN t.loss_type IS DISTINCT FROM 'productive' THEN t.duration END), 0)
              FROM mrp_workcenter_productivity t
              JOIN mrp_workcenter wc ON wc.id = t.workcenter_id
              LEFT JOIN mrp_workorder wo ON wo.id = t.workorder_id
              LEFT JOIN mrp_production mp ON mp.id = wo.production_id
             WHERE t.date_end IS NOT NULL AND t.date_start >= %(start)s AND t.date_start < %(stop)s
               AND wc.company_id = %(company)s
               AND (%(wc)s::int IS NULL OR t.workcenter_id = %(wc)s)
               AND (%(op)s::int IS NULL OR wo.operation_id = %(op)s)
               AND (%(product)s::int IS NULL OR mp.product_id = %(product)s)""", scope)
        productive, blocked = cr.fetchone()
        total = productive + blocked
        return 100.0 * productive / total if total else None
    cr.execute("""
        WITH w AS (
            SELECT wo.id, wo.duration_expected, wo.duration, wo.qty_produced, mp.product_id,
                   pu.factor AS prod_factor
              FROM mrp_workorder wo
              JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
              JOIN mrp_production mp ON mp.id = wo.production_id
              JOIN product_uom pu ON pu.id = mp.product_uom_id
             WHERE wo.state = 'done' AND wo.date_finished >= %(start)s AND wo.date_finished < %(stop)s
               AND wc.company_id = %(company)s
               AND (%(wc)s::int IS NULL OR wo.workcenter_id = %(wc)s)
               AND (%(op)s::int IS NULL OR wo.operation_id = %(op)s)
               AND (%(product)s::int IS NULL OR mp.product_id = %(product)s))
        SELECT (SELECT COALESCE(SUM(duration_expected), 0) FROM w), (SELECT COALESCE(SUM(duration), 0) FROM w),
               (SELECT COALESCE(SUM(qty_produced), 0) FROM w),
               (SELECT COALESCE(SUM(s.scrap_qty / su.factor * w.prod_factor), 0)
                  FROM w JOIN stock_scrap s ON s.workorder_id = w.id AND s.state = 'done'
                                            AND s.product_id = w.product_id
                  JOIN product_uom su ON su.id = s.product_uom_id)""", scope)
    expected, real, produced, scrapped = [float(v) for v in cr.fetchone()]
    if kpi == 'efficiency':
        return 100.0 * expected / real if real else None
    if kpi == 'cycle_time':
        return real / produced if produced else None
    if not produced + scrapped:
        return None
    rate = 100.0 * scrapped / (produced + scrapped)
    return rate if kpi == 'scrap_rate' else 100.0 - rate


# ----------------------------------------------------------------------
# the web client, over XML-RPC
# ----------------------------------------------------------------------
class _OnceTransport(xmlrpc.client.Transport):
    """xmlrpc.client's transport sends a request again when the connection
    drops (a worker killed at its time limit): a call is timed once."""

    def request(self, host, handler, request_body, verbose=False):
        return self.single_request(host, handler, request_body, verbose)


class Client(object):
    """One user's XML-RPC session with the context the web client sends."""

    def __init__(self, url, db, login):
        self.url, self.db, self.login = url, db, login
        self.uid = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/common').authenticate(db, login, login, {})
        if not self.uid:
            raise SystemExit('cannot log in as %s' % login)
        self.proxy = xmlrpc.client.ServerProxy(url + '/xmlrpc/2/object', allow_none=True, transport=_OnceTransport())
        user = self.call('res.users', 'read', [self.uid], ['lang', 'tz'])[0]
        self.context = {'lang': user['lang'] or 'en_US', 'tz': user['tz'] or 'UTC', 'uid': self.uid}

    def call(self, model, method, *args, **kwargs):
        return self.proxy.execute_kw(self.db, self.uid, self.login, model, method, list(args), kwargs)

    def ctx(self, extra=None):
        context = dict(self.context)
        context.update(extra or {})
        return context


class Action(object):
    """A window action as the client loads it: its domain, its context with
    the search view's default filters applied, and its views' fields."""

    def __init__(self, env, client, xmlid, view_type):
        from odoo.tools.safe_eval import safe_eval
        action = env.ref(xmlid)
        self.model = action.res_model
        evaluation = {'uid': client.uid, 'context_today': datetime.date.today, 'datetime': datetime,
                      'time': time, 'active_id': False}
        self.context = safe_eval(action.context or '{}', evaluation)
        self.domain = safe_eval(action.domain or '[]', evaluation)
        view_id = False
        for view_ref, kind in [(v.view_id.id, v.view_mode) for v in action.view_ids] + [
                (action.view_id.id, action.view_id.type)]:
            if kind == view_type and view_ref:
                view_id = view_ref
                break
        self.client = client
        fvg = client.call(self.model, 'fields_view_get', view_id=view_id, view_type=view_type,
                          context=client.ctx(self.context))
        self.fields = sorted(fvg['fields'])
        self.types = {name: desc['type'] for name, desc in fvg['fields'].items()}
        self.subviews = {}
        for name, desc in fvg['fields'].items():
            for kind in ('tree', 'kanban'):
                if kind in (desc.get('views') or {}):
                    self.subviews[name] = (desc['relation'], sorted(desc['views'][kind]['fields']))
                    break
        # the search view's filters set on by the action's context
        search = client.call(self.model, 'fields_view_get', view_id=action.search_view_id.id or False,
                             view_type='search', context=client.ctx(self.context))
        from lxml import etree
        arch = etree.fromstring(search['arch'].encode('utf-8'))
        for key, value in self.context.items():
            if key.startswith('search_default_') and value:
                for node in arch.iter('filter'):
                    if node.get('name') == key[len('search_default_'):] and node.get('domain'):
                        self.domain = self.domain + safe_eval(node.get('domain'), evaluation)

    def search_read(self, limit=80):
        """A list or kanban page, as /web/dataset/search_read gives it."""
        context = self.client.ctx(self.context)
        rows = self.client.call(self.model, 'search_read', self.domain, self.fields, limit=limit, context=context)
        if len(rows) == limit:
            self.client.call(self.model, 'search_count', self.domain, context=context)
        return rows

    def open_form(self, res_id):
        """A form: its fields, then the first page of each embedded list."""
        context = self.client.ctx(self.context)
        record = self.client.call(self.model, 'read', [res_id], self.fields, context=context)[0]
        for name, (relation, fields) in sorted(self.subviews.items()):
            ids = record.get(name) or []
            if ids:
                self.client.call(relation, 'read', ids[:40], fields, context=context)
        return record

    def new(self):
        """A new record's form (a transient dashboard), as the web client
        opens it: default_get, then the first onchange with every field of
        the view (the defaults, and the client's empty value of each type for
        the others), which computes the fields and returns their values."""
        context = self.client.ctx(self.context)
        values = self.client.call(self.model, 'default_get', self.fields, context=context)
        for name in self.fields:
            if name not in values:
                kind = self.types[name]
                values[name] = 0 if kind in ('integer', 'float', 'monetary') else \
                    [] if kind in ('one2many', 'many2many') else False
        spec = {name: '1' for name in self.fields}
        result = self.client.call(self.model, 'onchange', [], values, [], spec, context=context)
        missing = [name for name, kind in self.types.items()
                   if kind == 'html' and not (result.get('value') or {}).get(name)]
        if missing:
            raise xmlrpc.client.Fault(1, 'the onchange returned no %s' % ', '.join(missing))
        return result


# ----------------------------------------------------------------------
# timing
# ----------------------------------------------------------------------
def percentile(times, q):
    times = sorted(times)
    return times[min(len(times) - 1, int(round(q * (len(times) - 1))))]


def measure(func, repeat, give_up):
    """(value, times, error): one warm-up call, then ``repeat`` timed calls;
    after a warm-up slower than ``give_up`` seconds, three timed calls."""
    t = time.perf_counter()
    try:
        value = func()
        if time.perf_counter() - t > give_up:
            repeat = min(repeat, 3)
        times = []
        for _i in range(repeat):
            t = time.perf_counter()
            value = func()
            times.append(time.perf_counter() - t)
        return value, times, None
    except (xmlrpc.client.Error, OSError) as exc:
        return None, [], '%s (after %.1f s)' % (error_text(exc), time.perf_counter() - t)


def error_text(exc):
    """The last line of a server error, or the transport's."""
    text = exc.faultString.strip().splitlines()[-1] if isinstance(exc, xmlrpc.client.Fault) else str(exc)
    return text[:200]


class Bench(object):
    """The screens, the checks and the results of one run."""

    def __init__(self, env, url, args):
        self.env, self.url, self.args = env, url, args
        self.engineer = Client(url, args.db, 'bench_engineer')
        self.manager = Client(url, args.db, 'bench_manager')
        self.operator = Client(url, args.db, 'bench_operator')
        self.results, self.checks, self.char_forms = [], [], {}
        Char = env['ci.spc.characteristic'].with_context(active_test=False)
        self.big = Char.search([('code', '=', BIG_CODE)])
        self.small = Char.search([('code', '=', 'BENCH-C000')])
        self.small_xbar = Char.search([('code', '=', 'BENCH-C001')])

    def screen(self, label, func, target=TARGET_SCREEN):
        value, times, error = measure(func, self.args.repeat, self.args.give_up)
        row = {'screen': label, 'target_ms': target * 1e3, 'calls': len(times), 'error': error}
        if times:
            row.update(median_ms=statistics.median(times) * 1e3, p95_ms=percentile(times, 0.95) * 1e3,
                       max_ms=max(times) * 1e3)
        row['met'] = bool(times) and not error and row['p95_ms'] <= target * 1e3
        self.results.append(row)
        print('  %-46s %s' % (label, fmt_row(row)))
        return value

    def check(self, label, ok, detail=''):
        self.checks.append({'check': label, 'ok': bool(ok), 'detail': detail})
        print('  [%s] %s%s' % ('ok' if ok else 'FAILED', label, (': ' + detail) if detail else ''))

    # -- screens ------------------------------------------------------
    def action(self, label, client, xmlid, view_type):
        """The action's view as the client loads it, or None (the screen
        recorded as failed) when the code at hand has no such view."""
        try:
            return Action(self.env, client, xmlid, view_type)
        except Exception as exc:  # noqa: BLE001 - any failure: the screen fails, the run goes on
            text = error_text(exc) if isinstance(exc, (xmlrpc.client.Error, OSError)) else repr(exc)[:200]
            row = {'screen': label, 'calls': 0, 'met': False, 'target_ms': TARGET_SCREEN * 1e3,
                   'error': 'cannot load %s (%s): %s' % (xmlid, view_type, text)}
            self.results.append(row)
            print('  %-46s %s' % (label, fmt_row(row)))
            return None

    def run_screens(self):
        env, eng = self.env, self.engineer
        label = 'goals list (%d goals)' % env['ci.goal'].search_count([])
        goals = self.action(label, eng, 'ci_process.ci_goal_action', 'tree')
        if goals:
            self.screen(label, goals.search_read)
        goal_form = self.action('goal form', eng, 'ci_process.ci_goal_action', 'form')
        first_goal = env['ci.goal'].search([('name', '=like', 'BENCH goal %')], limit=1, order='name')
        if goal_form:
            self.screen('goal form', lambda: goal_form.open_form(first_goal.id))
        chars = self.action('characteristic form', eng, 'ci_spc.ci_spc_characteristic_action', 'form')
        self.char_forms = {}
        for char, label in ((self.big, '10M'), (self.small, '100k I-MR'), (self.small_xbar, '100k X-bar-R')):
            if char and chars:
                self.char_forms[char.id] = self.screen(
                    'characteristic form, %s' % label, lambda c=char: chars.open_form(c.id))
        for char, label in ((self.big, '10M'), (self.small, '100k I-MR')):
            if char:
                self.screen('chart_data(150), %s' % label,
                            lambda c=char: eng.call('ci.spc.characteristic', 'chart_data', [c.id], 150,
                                                    context=eng.ctx()))
        self.screen('cockpit (engineer)', lambda: eng.call('ci.cockpit', 'cockpit_data', context=eng.ctx()))
        label = 'program-health dashboard (manager)'
        dashboard = self.action(label, self.manager, 'ci_process.ci_health_dashboard_action', 'form')
        if dashboard:
            self.screen(label, dashboard.new, target=TARGET_DASHBOARD)
        label = 'honour board (operator, kanban)'
        board = self.action(label, self.operator, 'ci_incentive.ci_leaderboard_user_action_honour', 'kanban')
        if board:
            self.screen(label, lambda: board.search_read(limit=40))
        self.screen('honour board (station: honour_board())',
                    lambda: self.operator.call('ci.leaderboard.user', 'honour_board', context=self.operator.ctx()))
        improvements = self.action('improvements list', eng, 'ci_process.ci_improvement_action', 'tree')
        if improvements:
            self.screen('improvements list', improvements.search_read)

    # -- ingest -------------------------------------------------------
    def run_ingest(self):
        """Batches into the 10M characteristic and into a new empty one,
        taking turns; rows per second of each and their ratio."""
        env, args = self.env, self.args
        if not self.big:
            return
        Char = env['ci.spc.characteristic'].with_context(mail_create_nolog=True, tracking_disable=True)
        code = 'BENCH-EMPTY-%s' % datetime.datetime.utcnow().strftime('%Y%m%d%H%M%S')
        Char.search([('code', '=like', 'BENCH-EMPTY-%')]).write({'active': False})
        empty = Char.create({
            'name': 'Bench empty %s' % code, 'code': code, 'chart_type': 'imr', 'unit': 'mm',
            'has_lsl': True, 'lsl': 24.9, 'has_usl': True, 'usl': 25.1, 'has_target': True, 'target': 25.0,
            'workcenter_id': self.big.workcenter_id.id, 'owner_id': self.big.owner_id.id, 'decimals': 4})
        env.cr.execute("SELECT max(timestamp) FROM ci_spc_measurement WHERE characteristic_id = %s",
                       (self.big.id,))
        last = env.cr.fetchone()[0]
        env.cr.commit()
        # a second apart from the last stored one on: a run takes about half
        # an hour of the time between the generated history and now
        base = datetime.datetime.strptime(str(last)[:19], '%Y-%m-%d %H:%M:%S') + datetime.timedelta(seconds=1)
        needed = datetime.timedelta(seconds=(args.ingest_batches + 1) * args.ingest_rows)
        if base + needed > datetime.datetime.utcnow():
            self.ingest = {'met': False, 'error': 'the 10M characteristic has measurements up to %s: no room '
                                                  'before now for %s more (--regenerate)' % (last, needed)}
            print('  ingest not run: %s' % self.ingest['error'])
            return
        rng = random.Random(code)
        spent = {self.big.id: 0.0, empty.id: 0.0}
        rows_sent = {self.big.id: 0, empty.id: 0}
        # round 0 is not timed: the empty characteristic's first batch
        # starts its phase and freezes its limits, once
        for n in range(args.ingest_batches + 1):
            for char_id in ((self.big.id, empty.id) if n % 2 else (empty.id, self.big.id)):
                batch = [{'characteristic': char_id, 'value': round(25.0 + rng.gauss(0, 0.02), 4),
                          'timestamp': str(base + datetime.timedelta(seconds=n * args.ingest_rows + i))}
                         for i in range(args.ingest_rows)]
                t = time.perf_counter()
                self.engineer.call('ci.spc.measurement', 'ingest', batch, context=self.engineer.ctx())
                if n:
                    spent[char_id] += time.perf_counter() - t
                    rows_sent[char_id] += len(batch)
        rate_big = rows_sent[self.big.id] / spent[self.big.id]
        rate_empty = rows_sent[empty.id] / spent[empty.id]
        ratio = rate_big / rate_empty
        self.ingest = {'batches': args.ingest_batches, 'rows_per_batch': args.ingest_rows,
                       'rate_10m_rows_s': rate_big, 'rate_empty_rows_s': rate_empty, 'ratio': ratio,
                       'target_ratio': TARGET_INGEST_RATIO, 'met': ratio >= TARGET_INGEST_RATIO}
        print('  ingest, %d batches of %d rows each way: into the 10M characteristic %.0f rows/s, into an '
              'empty one %.0f rows/s: ratio %.2f (target >= %.2f)' % (
                  args.ingest_batches, args.ingest_rows, rate_big, rate_empty, ratio, TARGET_INGEST_RATIO))

    # -- checks -------------------------------------------------------
    def check_goals(self):
        """Every goal's baseline and actual value (2 decimals on the screen)
        against the raw computation."""
        cr = self.env.cr
        goals = self.env['ci.goal'].search([('name', '=like', 'BENCH goal %')])
        # the has_* flags where the model has them (no data: no value)
        wanted = ['baseline_value', 'has_baseline', 'actual_value', 'has_actual']
        known = self.engineer.call('ci.goal', 'fields_get', wanted, attributes=['type'])
        rows = {r['id']: r for r in self.engineer.call(
            'ci.goal', 'read', goals.ids, [f for f in wanted if f in known], context=self.engineer.ctx())}
        today = datetime.date.today()
        bad = []
        for goal in goals:
            scope = (goal.company_id.id, goal.workcenter_id.id or None, goal.operation_id.id or None,
                     goal.product_id.id or None)
            baseline = raw_kpi(cr, goal.kpi, goal.baseline_date_from, goal.baseline_date_to, *scope)
            stop = min(today, datetime.datetime.strptime(str(goal.date_deadline), '%Y-%m-%d').date())
            actual = raw_kpi(cr, goal.kpi, goal.date_start, str(stop), *scope)
            row = rows[goal.id]
            for label, raw, shown, has in (
                    ('baseline', baseline, row['baseline_value'], row.get('has_baseline', True)),
                    ('actual', actual, row['actual_value'], row.get('has_actual', True))):
                if (raw is None) != (not has) or (raw is not None and abs(raw - shown) > 0.0051):
                    bad.append('%s %s: shown %r (has %r), raw %r' % (goal.name, label, shown, has, raw))
        self.check('%d goals: baseline and actual equal the raw computation' % len(goals), not bad,
                   '; '.join(bad[:5]) + (' (and %d more)' % (len(bad) - 5) if len(bad) > 5 else ''))

    def check_capability(self):
        """The capability on each characteristic form read against the
        engine on every point of the current phase, read here in SQL."""
        from odoo.addons.ci_spc.lib import spc
        cr = self.env.cr
        for char_id, form in sorted(self.char_forms.items()):
            char = self.env['ci.spc.characteristic'].browse(char_id)
            if not form:
                self.check('capability of %s' % char.code, False, 'the form could not be read')
                continue
            cr.execute("""
                SELECT date_start FROM ci_spc_phase WHERE characteristic_id = %s AND date_start <= %s
                 ORDER BY date_start DESC, id DESC LIMIT 1""", (char_id, datetime.datetime.utcnow()))
            start = cr.fetchone()[0]
            t = time.time()
            if char.chart_type == 'imr':
                values = fetch_values(cr, char_id, start)
                cap = spc.capability(values, lsl=char.lsl, usl=char.usl, target=char.target, method='mr')
                n = len(values)
            else:
                groups = fetch_subgroups(cr, char_id, start, char.subgroup_size)
                cap = spc.capability(groups, lsl=char.lsl, usl=char.usl, target=char.target,
                                     method='rbar' if char.chart_type == 'xbar_r' else 'sbar')
                n = len(groups) * char.subgroup_size
            bad = [] if form.get('cap_n') == n else ['n: form %r, engine %r' % (form.get('cap_n'), n)]
            for key in ('cp', 'cpk', 'pp', 'ppk', 'cpm'):
                if cap.get(key) is not None and abs(cap[key] - form.get('cap_' + key, 0.0)) > 0.0051:
                    bad.append('%s: form %r, engine %.4f' % (key, form.get('cap_' + key), cap[key]))
            self.check('capability of %s (%d values): form equals the engine on all points (%.1fs)' % (
                char.code, n, time.time() - t), not bad, '; '.join(bad))

    def check_program_health(self):
        """The figures of the manager's dashboard (its default period)
        against the improvements, pilots and work orders of its period read
        here in SQL, and the adopted pilots' benefit as ci.pilot computes it."""
        cr, client = self.env.cr, self.manager
        context = client.ctx()
        board_id = client.call('ci.health.dashboard', 'create', {}, context=context)
        values = client.call('ci.health.dashboard', 'read', [board_id], context=context)[0]
        values['company_id'] = values['company_id'][0]
        board = values
        start = values['date_from'][:8] + '01 00:00:00'
        last = datetime.datetime.strptime(values['date_to'][:10], '%Y-%m-%d').date()
        stop = '%s 00:00:00' % (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        period = {'company': values['company_id'], 'start': start, 'stop': stop}
        cr.execute("""
            SELECT count(*), count(*) FILTER (WHERE state = 'standardized'),
                   count(*) FILTER (WHERE state IN ('adopted', 'standardized', 'rejected')),
                   count(*) FILTER (WHERE state IN ('adopted', 'standardized')),
                   count(*) FILTER (WHERE state IN ('submitted', 'review', 'approved', 'pilot')),
                   avg(cycle), percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle),
                   count(*) FILTER (WHERE age <= 7), count(*) FILTER (WHERE age > 7 AND age <= 30),
                   count(*) FILTER (WHERE age > 30 AND age <= 90), count(*) FILTER (WHERE age > 90)
              -- ages on the clock of now, when the dashboard was just read (not
              -- this transaction's start, which may be minutes earlier)
              FROM (SELECT i.state,
                           CASE WHEN i.state = 'standardized' AND i.date_standardized IS NOT NULL
                                THEN EXTRACT(EPOCH FROM i.date_standardized - i.date_submitted) / 86400 END AS cycle,
                           CASE WHEN i.state IN ('submitted', 'review', 'approved', 'pilot')
                                THEN date_part('day', (clock_timestamp() AT TIME ZONE 'UTC') - i.date_submitted)
                           END AS age
                      FROM ci_improvement i
                     WHERE i.company_id = %(company)s AND i.date_submitted >= %(start)s
                       AND i.date_submitted < %(stop)s) i""", period)
        (proposals, standardized, decided, adopted, open_count, cycle_mean, cycle_median,
         *aging) = cr.fetchone()
        cr.execute("""
            SELECT count(DISTINCT i.submitter_id) FROM ci_improvement i JOIN res_users u ON u.id = i.submitter_id
             WHERE i.company_id = %(company)s AND i.date_submitted >= %(start)s AND i.date_submitted < %(stop)s
               AND u.active AND NOT u.share AND u.company_id = %(company)s""", period)
        participants = cr.fetchone()[0]
        cr.execute("""
            SELECT count(*) FILTER (WHERE p.state = 'closed'),
                   count(*) FILTER (WHERE p.state = 'closed' AND p.verdict = 'improved')
              FROM ci_pilot p JOIN ci_improvement i ON i.id = p.improvement_id
             WHERE i.company_id = %(company)s AND i.date_submitted >= %(start)s
               AND i.date_submitted < %(stop)s""", period)
        closed, improved = cr.fetchone()
        # the adopted pilot of each improvement: the latest by pilot start
        cr.execute("""
            SELECT DISTINCT ON (p.improvement_id) p.id
              FROM ci_pilot p JOIN ci_improvement i ON i.id = p.improvement_id
             WHERE i.company_id = %(company)s AND i.date_submitted >= %(start)s
               AND i.date_submitted < %(stop)s AND p.decision = 'adopt'
             ORDER BY p.improvement_id, p.pilot_date_from DESC, p.id DESC""", period)
        pilots = self.env['ci.pilot'].browse([row[0] for row in cr.fetchall()])
        impact = sum(pilot._benefit()[0] for pilot in pilots)
        cr.execute("""
            SELECT count(*), count(wo.ci_sop_version_id) FROM mrp_workorder wo
              JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
             WHERE wo.state = 'done' AND wc.company_id = %(company)s
               AND wo.date_finished >= %(start)s AND wo.date_finished < %(stop)s""", period)
        done, standard = cr.fetchone()
        raw = {
            'proposal_count': proposals, 'participant_count': participants, 'decided_count': decided,
            'adoption_rate': 100.0 * adopted / decided if decided else 0.0, 'standardized_count': standardized,
            'pilot_closed_count': closed, 'pilot_success_rate': 100.0 * improved / closed if closed else 0.0,
            'cycle_days_mean': cycle_mean or 0.0, 'cycle_days_median': cycle_median or 0.0,
            'open_count': open_count, 'aging_0_7': aging[0], 'aging_8_30': aging[1], 'aging_31_90': aging[2],
            'aging_90_plus': aging[3], 'impact': impact, 'workorder_done_count': done,
            'standard_coverage': 100.0 * standard / done if done else 0.0,
        }
        # floats as read, at their field's digits
        digits = {name: (desc.get('digits') or [0, 2])[1] for name, desc in client.call(
            'ci.health.dashboard', 'fields_get', list(raw), attributes=['digits'], context=context).items()}
        bad = []
        for name, expected in sorted(raw.items()):
            shown = board.get(name) or 0
            tolerance = 0.51 * 10 ** -digits[name] if isinstance(shown, float) else 0
            if abs(float(shown) - float(expected)) > tolerance:
                bad.append('%s: shown %r, raw %r' % (name, shown, expected))
        self.check('program health over %s to %s: %d figures equal the raw computation (%d improvements, '
                   '%d adopted pilots)' % (values['date_from'], values['date_to'], len(raw), proposals, len(pilots)),
                   not bad, '; '.join(bad))

    CHECKS = ('check_goals', 'check_capability', 'check_program_health')


def fetch_values(cr, char_id, start):
    """The values of the characteristic from ``start`` in time order, in
    chunks from a server-side cursor (10M rows: 80 MB in numpy)."""
    import numpy as np
    chunks = []
    with cr._cnx.cursor('plant_scale_values') as named:
        named.itersize = 500000
        named.execute("""
            SELECT value::float8 FROM ci_spc_measurement
             WHERE characteristic_id = %s AND timestamp >= %s AND NOT voided
             ORDER BY timestamp, id""", (char_id, start))
        while True:
            rows = named.fetchmany(500000)
            if not rows:
                break
            chunks.append(np.fromiter((r[0] for r in rows), dtype=float, count=len(rows)))
    return np.concatenate(chunks) if chunks else np.empty(0)


def fetch_subgroups(cr, char_id, start, size):
    """The complete subgroups of the characteristic from ``start``, in time order."""
    cr.execute("""
        SELECT array_agg(value::float8 ORDER BY id) FROM ci_spc_measurement
         WHERE characteristic_id = %s AND timestamp >= %s AND NOT voided
         GROUP BY subgroup HAVING count(*) = %s ORDER BY max(timestamp), min(id)""", (char_id, start, size))
    return [r[0] for r in cr.fetchall()]


def fmt_row(row):
    if row.get('error'):
        return 'ERROR %s' % row['error']
    return 'median %8.1f ms  p95 %8.1f ms  (target %4.0f ms, %d calls)  %s' % (
        row['median_ms'], row['p95_ms'], row['target_ms'], row['calls'], 'met' if row['met'] else 'MISSED')


def print_table(bench):
    print('\n| screen | median | p95 | target | met |\n|---|---:|---:|---:|---|')
    for row in bench.results:
        if row.get('error'):
            print('| %s | error | error | %.0f ms | no: %s |' % (row['screen'], row['target_ms'], row['error']))
        else:
            print('| %s | %.1f ms | %.1f ms | %.0f ms | %s |' % (row['screen'], row['median_ms'], row['p95_ms'],
                                                              row['target_ms'], 'yes' if row['met'] else 'no'))
    ingest = getattr(bench, 'ingest', None)
    if ingest and ingest.get('error'):
        print('| ingest | error | error | | no: %s |' % ingest['error'])
    elif ingest:
        print('| ingest rate, 10M / empty characteristic | %.0f / %.0f rows/s | ratio %.2f | >= %.2f | %s |' % (
            ingest['rate_10m_rows_s'], ingest['rate_empty_rows_s'], ingest['ratio'], ingest['target_ratio'],
            'yes' if ingest['met'] else 'no'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', default='ci_scale')
    parser.add_argument('--regenerate', action='store_true', help="generate the data again")
    parser.add_argument('--repeat', type=int, default=20, help="timed calls per screen (after one warm-up)")
    parser.add_argument('--give-up', type=float, default=5.0,
                        help="seconds: a screen whose warm-up call is slower is timed three times")
    parser.add_argument('--limit-time', type=int, default=180,
                        help="seconds a call may take in the server before its worker is killed")
    parser.add_argument('--workorders', type=int, default=1000000)
    parser.add_argument('--improvements', type=int, default=100000)
    parser.add_argument('--ledger', type=int, default=300000)
    parser.add_argument('--big', type=int, default=10000000, help="measurements of the big characteristic")
    parser.add_argument('--chars', type=int, default=100)
    parser.add_argument('--per-char', type=int, default=100000)
    parser.add_argument('--goals', type=int, default=50)
    parser.add_argument('--ingest-batches', type=int, default=40, help="batches into each characteristic")
    parser.add_argument('--ingest-rows', type=int, default=50)
    parser.add_argument('--generate-only', action='store_true')
    parser.add_argument('--skip-setup', action='store_true', help="do not run scripts/db.sh ensure")
    parser.add_argument('--json', default=os.path.join(ROOT, 'var', 'artifacts', 'plant_scale.json'))
    args = parser.parse_args()
    os.chdir(ROOT)
    started = time.time()
    with odoo_env(args.db, setup=not args.skip_setup) as env:
        print('data (%s)' % args.db)
        changed = generate_base(env, args)
        ensure_users(env)
        changed = generate_mfg(env, args) or changed
        changed = generate_ledger(env, args) or changed
        changed = generate_spc(env, args) or changed
        ensure_goals(env, args)
        if changed or not marker(env, 'vacuumed'):
            env.cr.commit()
            print('  vacuum analyze: %.1fs' % vacuum_analyze(env.cr, (
                'mrp_workorder', 'mrp_production', 'mrp_workcenter_productivity', 'stock_scrap', 'ci_improvement',
                'ci_pilot', 'ci_point_entry', 'ci_spc_measurement', 'ci_spc_phase', 'ci_goal')))
            set_marker(env, 'vacuumed', '1')
        # a materialized view in the released code: brought up to date as
        # its hourly job would (its cost is paid there, not by the readers)
        if hasattr(env['ci.health.workorder'], '_refresh'):
            env['ci.health.workorder']._refresh()
        # the generated history folded into the facts, as their jobs would
        # every 5 minutes (until then, readers compute the changed keys)
        for model in ('ci.kpi.fact', 'ci.improvement.fact'):
            if hasattr(env[model], '_fold'):
                print('  %s folded: %d marks' % (model, env[model]._fold()))
        env.cr.commit()
        if args.generate_only:
            return 0
        log_path = os.path.join(ROOT, 'var', 'log', 'bench-plant-scale.log')
        # two workers with Odoo's default memory limits: a screen that needs
        # more than 2.5 GB fails there, as it would in production, instead
        # of swelling a single process on a shared machine; a call past
        # --limit-time seconds is killed (it counts as failed)
        proc, url = start_server(args.db, log_path, '--workers', '2', '--limit-memory-soft', '2147483648',
                                 '--limit-memory-hard', '2684354560', '--limit-time-cpu', str(args.limit_time),
                                 '--limit-time-real', str(args.limit_time), '--log-level', 'warn')
        try:
            bench = Bench(env, url, args)
            print('\nscreens (%d timed calls each after a warm-up; as the web client asks)' % args.repeat)
            bench.run_screens()
            print('\nchecks')
            for name in bench.CHECKS:
                try:
                    getattr(bench, name)()
                except (xmlrpc.client.Error, OSError) as exc:
                    bench.check(name, False, 'the server failed: %s' % error_text(exc))
            print('\ningest')
            try:
                bench.run_ingest()
            except (xmlrpc.client.Error, OSError) as exc:
                bench.ingest = {'met': False, 'error': error_text(exc)}
                print('  ingest failed: %s' % bench.ingest['error'])
        finally:
            proc.terminate()
            proc.wait()
        print_table(bench)
        cr = env.cr
        cr.execute("SELECT count(*) FROM ci_spc_measurement")
        measurements = cr.fetchone()[0]
        missed = [r['screen'] for r in bench.results if not r['met']]
        if getattr(bench, 'ingest', None) and not bench.ingest['met']:
            missed.append('ingest ratio')
        failed = [c['check'] for c in bench.checks if not c['ok']]
        report = {
            'database': args.db, 'date': datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S'),
            'command': ' '.join(['.venv/bin/python', 'bench/plant_scale.py'] + sys.argv[1:]),
            'server': '--workers 2, memory limits 2 / 2.5 GB, time limit %d s' % args.limit_time,
            'repeat': args.repeat, 'give_up_s': args.give_up,
            'data': {'work_orders': args.workorders, 'improvements': args.improvements,
                     'measurements': measurements, 'goals': env['ci.goal'].search_count([])},
            'screens': bench.results, 'ingest': getattr(bench, 'ingest', None), 'checks': bench.checks,
            'missed': missed, 'failed_checks': failed, 'seconds': round(time.time() - started, 1),
        }
        os.makedirs(os.path.dirname(args.json), exist_ok=True)
        with open(args.json, 'w') as fh:
            json.dump(report, fh, indent=1)
        print('\n%s; results in %s' % ('all targets met, all checks passed' if not missed and not failed else
                                       'MISSED: %s; FAILED: %s' % (', '.join(missed) or '-', ', '.join(failed) or '-'),
                                       args.json))
        return 1 if missed or failed else 0


if __name__ == '__main__':
    sys.exit(main())
