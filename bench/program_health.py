#!/usr/bin/env python3
# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Program health at scale: the SQL views against plain read_group.

Prepares database ci_bench (the suite without demo data), generates once
1,000,000 done work orders (on 250,000 productions) and 100,000
improvements with their pilots, set-based and deterministic, then times
every program-health figure of the last twelve months two ways:

* views: read_group on the SQL-view models (ci.health.*) and
  ``ci.health.improvement._program_figures`` (what the dashboard and the
  XLSX report call);
* base: plain read_group / search_read on ci.improvement, ci.pilot and
  mrp.workorder, plus Python for what read_group cannot do (median, aging
  relative to now, the non-stored benefit of the adopted pilot).

Both must give the same numbers (asserted). Prints median and p95 of each
and the ratio base / views. Run from the checkout:

    .venv/bin/python bench/program_health.py [--regenerate] [--repeat 7]
"""
import argparse
import datetime
import os
import statistics
import sys
import time

from benchlib import ROOT, get_or_create, odoo_env, timed, vacuum_analyze

MARKER = 'ci_bench.program_health'
N_WC = 20
N_USERS = 200
OPEN_STATES = ('submitted', 'review', 'approved', 'pilot')
ALL = 'all'


# ----------------------------------------------------------------------
# data
# ----------------------------------------------------------------------
def generate(env, n_wo, n_imp):
    """Set-based generation; every value is a function of the row number."""
    cr = env.cr
    t0 = time.time()
    delete_generated(cr)
    company = env.ref('base.main_company')
    Users = env['res.users'].with_context(no_reset_password=True, mail_create_nolog=True,
                                          tracking_disable=True)
    existing = Users.search([('login', '=like', 'bench_user_%')])
    for n in range(len(existing), N_USERS):
        Users.create({'name': 'Bench User %03d' % n, 'login': 'bench_user_%03d' % n,
                      'groups_id': [(6, 0, [env.ref('base.group_user').id])]})
    users = Users.search([('login', '=like', 'bench_user_%')]).ids
    wcs = env['mrp.workcenter']
    for n in range(N_WC):
        wcs |= get_or_create(env['mrp.workcenter'], [('name', '=', 'BENCH WC %02d' % n)],
                             {'name': 'BENCH WC %02d' % n, 'costs_hour': 30.0 + n})
    routing = get_or_create(env['mrp.routing'], [('name', '=', 'BENCH routing')], {
        'name': 'BENCH routing',
        'operation_ids': [(0, 0, {'name': 'BENCH op %02d' % n, 'workcenter_id': wc.id})
                          for n, wc in enumerate(wcs)]})
    product = get_or_create(env['product.product'], [('name', '=', 'BENCH product')],
                            {'name': 'BENCH product', 'type': 'product', 'standard_price': 8.0})
    versions = []
    for wc in wcs:
        op = routing.operation_ids.filtered(lambda o, wc=wc: o.workcenter_id == wc)
        sop = get_or_create(env['ci.sop'], [('operation_id', '=', op.id)],
                            {'name': 'BENCH SOP %s' % wc.name, 'operation_id': op.id})
        version = sop.version_ids[:1] or env['ci.sop.version'].create({'sop_id': sop.id})
        versions.append(version.id)
    cr.execute("UPDATE ci_sop_version SET state = 'approved' WHERE id IN %s", (tuple(versions),))
    categories = env['ci.category'].search([]).ids
    picking_type = env['stock.picking.type'].search([('code', '=', 'mrp_operation')], limit=1)
    cr.execute("SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date")
    anchor = cr.fetchone()[0]
    params = {
        'anchor': anchor, 'span': 1095 * 86400, 'company': company.id, 'product': product.id,
        'uom': product.uom_id.id, 'pt': picking_type.id,
        'src': picking_type.default_location_src_id.id, 'dst': picking_type.default_location_dest_id.id,
        'wcs': wcs.ids, 'versions': versions, 'users': users, 'cats': categories,
        'n_prod': n_wo // 4, 'n_imp': n_imp,
    }
    print('  set-up records: %.1fs' % (time.time() - t0))
    t1 = time.time()
    cr.execute("""
        INSERT INTO mrp_production (name, product_id, product_qty, product_uom_id, picking_type_id,
                                    location_src_id, location_dest_id, date_planned_start,
                                    company_id, state, create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH/' || g, %(product)s, 4, %(uom)s, %(pt)s, %(src)s, %(dst)s,
               %(anchor)s::timestamp - ((g::bigint * 2654435761) %% %(span)s) * interval '1 second',
               %(company)s, 'done', 1, 1, now(), now()
          FROM generate_series(1, %(n_prod)s) g
    """, params)
    # four work orders per production; the share run under a standard grows
    # from 30 %% three years ago to 90 %% now
    cr.execute("""
        INSERT INTO mrp_workorder (name, workcenter_id, production_id, product_id,
                                   state, date_start, date_finished, duration, duration_expected,
                                   qty_produced, ci_sop_version_id, create_uid, write_uid,
                                   create_date, write_date)
        SELECT 'BENCH', (%(wcs)s::int[])[s.g %% %(n_wc)s + 1], s.production_id, %(product)s,
               'done', s.finished - interval '30 minutes', s.finished, 30, 28, 1,
               CASE WHEN (s.g * 31) %% 100 < 30 + 60 * (1 - s.age / %(span)s::float)
                    THEN (%(versions)s::int[])[s.g %% %(n_wc)s + 1] END,
               1, 1, now(), now()
          FROM (SELECT p.id AS production_id, q.g,
                       (q.g::bigint * 40503) %% %(span)s AS age,
                       %(anchor)s::timestamp - ((q.g::bigint * 40503) %% %(span)s) * interval '1 second' AS finished
                  FROM mrp_production p
                 CROSS JOIN generate_series(0, 3) k
                 CROSS JOIN LATERAL (SELECT (p.id - %(first)s) * 4 + k AS g) q
                 WHERE p.name LIKE 'BENCH/%%') s
    """, dict(params, n_wc=N_WC, first=first_id(cr, 'mrp_production', "name LIKE 'BENCH/%%'")))
    print('  %d work orders: %.1fs' % (cr.rowcount, time.time() - t1))
    t1 = time.time()
    cr.execute("""
        INSERT INTO ci_improvement (name, title, problem, state, origin, company_id, submitter_id,
                                    workcenter_id, category_id, date_submitted, date_state,
                                    date_closed, date_standardized, create_uid, write_uid,
                                    create_date, write_date)
        SELECT 'BENCH-' || g, 'BENCH improvement ' || g, 'Generated', st.state, 'proposal',
               %(company)s, (%(users)s::int[])[(g * 17) %% %(n_users)s + 1],
               (%(wcs)s::int[])[(g * 7) %% %(n_wc)s + 1],
               CASE WHEN g %% 11 = 0 THEN NULL ELSE (%(cats)s::int[])[(g * 3) %% %(n_cats)s + 1] END,
               CASE WHEN st.state = 'draft' THEN NULL ELSE x.sub END, x.sub,
               CASE WHEN st.state IN ('adopted', 'standardized', 'rejected', 'withdrawn')
                    THEN x.sub + interval '3 days' END,
               CASE WHEN st.state = 'standardized'
                    THEN x.sub + ((g * 13) %% 200 + 1) * interval '1 day' + (g %% 24) * interval '1 hour' END,
               1, 1, now(), now()
          FROM generate_series(1, %(n_imp)s) g
         CROSS JOIN LATERAL (SELECT %(anchor)s::timestamp - ((g::bigint * 104729) %% %(span)s) * interval '1 second'
                                    AS sub, (g * 37) %% 100 AS r) x
         CROSS JOIN LATERAL (SELECT CASE WHEN x.r < 5 THEN 'draft' WHEN x.r < 15 THEN 'submitted'
                                         WHEN x.r < 20 THEN 'review' WHEN x.r < 25 THEN 'approved'
                                         WHEN x.r < 30 THEN 'pilot' WHEN x.r < 45 THEN 'adopted'
                                         WHEN x.r < 65 THEN 'standardized' WHEN x.r < 85 THEN 'rejected'
                                         ELSE 'withdrawn' END AS state) st
    """, dict(params, n_wc=N_WC, n_users=len(users), n_cats=len(categories)))
    print('  %d improvements: %.1fs' % (cr.rowcount, time.time() - t1))
    t1 = time.time()
    # a pilot for each improvement in pilot, adopted or standardized, and for
    # half the rejected ones; one in five on scrap rate (valued at the product cost)
    cr.execute("""
        INSERT INTO ci_pilot (name, improvement_id, company_id, state, workcenter_id, product_id, metric,
                              baseline_date_from, baseline_date_to, pilot_date_from, pilot_date_to,
                              alpha, verdict, decision, date_evaluated, baseline_units, baseline_days,
                              baseline_minutes_per_unit, pilot_minutes_per_unit, baseline_mean,
                              pilot_mean, create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH pilot', i.id, i.company_id,
               CASE WHEN i.state = 'pilot' THEN 'running' ELSE 'closed' END,
               i.workcenter_id, %(product)s,
               CASE WHEN n.g %% 5 = 0 THEN 'scrap_rate' ELSE 'cycle_time' END,
               '2024-01-01', '2024-03-31', '2024-04-01', '2024-04-30', 0.05,
               CASE WHEN i.state = 'pilot' THEN NULL
                    WHEN i.state = 'rejected' THEN CASE WHEN n.g %% 3 = 0 THEN 'worse' ELSE 'no_change' END
                    WHEN n.g %% 10 < 8 THEN 'improved' ELSE 'no_change' END,
               CASE WHEN i.state = 'pilot' THEN NULL WHEN i.state = 'rejected' THEN 'abandon'
                    ELSE 'adopt' END,
               CASE WHEN i.state = 'pilot' THEN NULL ELSE now() AT TIME ZONE 'UTC' END,
               500 + n.g %% 1000, 30 + n.g %% 60, 10 + (n.g %% 50) / 10.0,
               10 + (n.g %% 50) / 10.0 - (n.g %% 20) / 10.0, 5 + n.g %% 5, 3 + n.g %% 3,
               1, 1, now(), now()
          FROM ci_improvement i
         -- the improvement's row number, not its id: the same data on every run
         CROSS JOIN LATERAL (SELECT substr(i.name, 7)::int AS g) n
         WHERE i.name LIKE 'BENCH-%%'
           AND (i.state IN ('pilot', 'adopted', 'standardized') OR (i.state = 'rejected' AND n.g %% 2 = 0))
    """, params)
    print('  %d pilots: %.1fs' % (cr.rowcount, time.time() - t1))
    env['ir.config_parameter'].set_param(MARKER, spec(n_wo, n_imp))
    cr.commit()
    print('generated in %.1fs' % (time.time() - t0))


def first_id(cr, table, where):
    cr.execute('SELECT min(id) FROM %s WHERE %s' % (table, where.replace('%%', '%')))
    return cr.fetchone()[0]


def delete_generated(cr):
    """Delete the generated rows. Each deleted row makes PostgreSQL look up
    the foreign keys pointing at it, some unindexed (mrp_workorder's
    next_work_order_id: a scan of 1M rows per deleted row): index them for
    the time of the delete."""
    cr.execute("""
        SELECT DISTINCT c.conrelid::regclass::text, a.attname
          FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
         WHERE c.contype = 'f'
           AND c.confrelid IN ('mrp_workorder'::regclass, 'mrp_production'::regclass,
                               'ci_improvement'::regclass, 'ci_pilot'::regclass)
    """)
    temporary = []
    for n, (table, column) in enumerate(cr.fetchall()):
        name = 'bench_tmp_fk_%d' % n
        cr.execute('CREATE INDEX IF NOT EXISTS %s ON %s ("%s")' % (name, table, column))
        temporary.append(name)
    cr.execute("DELETE FROM ci_pilot WHERE name = 'BENCH pilot'")
    cr.execute("DELETE FROM ci_improvement WHERE name LIKE 'BENCH-%'")
    cr.execute("DELETE FROM mrp_workorder WHERE name = 'BENCH'")
    cr.execute("DELETE FROM mrp_production WHERE name LIKE 'BENCH/%'")
    for name in temporary:
        cr.execute('DROP INDEX %s' % name)


def spec(n_wo, n_imp):
    return 'workorders=%d improvements=%d' % (n_wo, n_imp)


# ----------------------------------------------------------------------
# the figures, through the views
# ----------------------------------------------------------------------
class Views(object):
    def __init__(self, env, date_from, date_to, company):
        self.env, self.company = env, company
        self.Health = env['ci.health.improvement']
        self.start, self.stop, self.months = self.Health._period(date_from, date_to)
        self.date_from, self.date_to = date_from, date_to
        self.dom = [('company_id', '=', company.id), ('date_submitted', '>=', self.start + ' 00:00:00'),
                    ('date_submitted', '<', self.stop + ' 00:00:00')]
        self.mdom = [('company_id', '=', company.id), ('month', '>=', self.start), ('month', '<', self.stop)]

    def participation(self):
        rows = self.env['ci.health.participation'].read_group(
            self.mdom, ['user_id', 'proposal_count'], ['user_id'])
        employees = self.Health._employee_ids(self.company)
        return (sum(r['proposal_count'] for r in rows),
                len({r['user_id'][0] for r in rows} & employees), len(employees))

    def adoption(self):
        r = self.Health.read_group(self.dom, ['adopted_count', 'standardized_count', 'rejected_count',
                                              'decided_count'], [])[0]
        return r['adopted_count'] + r['standardized_count'], r['rejected_count'], r['decided_count']

    def pilots(self):
        r = self.Health.read_group(self.dom, ['pilot_closed_count', 'pilot_improved_count'], [])[0]
        return r['pilot_closed_count'], r['pilot_improved_count']

    def cycle(self):
        from_clause, where, params = self.Health._sql_where(
            self.Health._name, self.dom + [('standardized_count', '=', 1)])
        self.env.cr.execute("SELECT avg(cycle_days), percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle_days) "
                            "FROM %s WHERE %s" % (from_clause, where), params)
        return tuple(round(v, 6) for v in self.env.cr.fetchone())

    def aging(self):
        rows = self.Health.read_group(self.dom + [('open_count', '=', 1)], ['age_bucket', 'open_count'],
                                      ['age_bucket'])
        return {r['age_bucket']: r['open_count'] for r in rows}

    def impact(self):
        return round(self.Health.read_group(self.dom, ['impact'], [])[0]['impact'] or 0.0, 4)

    def coverage(self):
        r = self.env['ci.health.workorder'].read_group(self.mdom, ['done_count', 'standard_count'], [])[0]
        return r['done_count'], r['standard_count']

    def figures(self, groupby=None):
        return self.Health._program_figures(self.date_from, self.date_to, self.company, groupby=groupby)


# ----------------------------------------------------------------------
# the same figures, from the base tables
# ----------------------------------------------------------------------
class Base(Views):
    # groupby None: the scalar figure; ALL: the same, as a dict keyed None
    GB = {None: None, ALL: None, 'month': 'date_submitted:month', 'workcenter_id': 'workcenter_id'}
    WO_GB = {'month': 'date_finished:month', 'workcenter_id': 'workcenter_id'}

    def __init__(self, *args):
        super(Base, self).__init__(*args)
        self.Imp = self.env['ci.improvement']
        self.wo_dom = [('state', '=', 'done'), ('date_finished', '>=', self.start + ' 00:00:00'),
                       ('date_finished', '<', self.stop + ' 00:00:00'),
                       ('workcenter_id.company_id', '=', self.company.id)]

    @staticmethod
    def key(record, groupby):
        """The view's grouping value of an improvement read with search_read."""
        if groupby == 'month':
            return record['date_submitted'][:8] + '01'  # as the cursor gives the view's month
        if groupby == 'workcenter_id':
            return record['workcenter_id'] and record['workcenter_id'][0]
        return None

    @staticmethod
    def group_key(group, field, groupby):
        if groupby == 'month':
            leaf = [l for l in group['__domain'] if l[0] == field and l[1] == '>='][0]
            return leaf[2][:10]
        if groupby == 'workcenter_id':
            return group['workcenter_id'] and group['workcenter_id'][0]
        return None

    def _grouped(self, Model, domain, fields, groupby, date_field):
        gb = {'month': '%s:month' % date_field, 'workcenter_id': 'workcenter_id'}.get(groupby)
        if not gb:
            return {None: Model.read_group(domain, fields, [])[0]}
        rows = Model.read_group(domain, fields, [gb], lazy=False)
        return {self.group_key(r, date_field, groupby): r for r in rows}

    def participation(self, groupby=None):
        out = {}
        gb = self.GB[groupby]
        rows = self.Imp.read_group(self.dom, ['submitter_id'] + ([gb.split(':')[0]] if gb else []),
                                   ([gb] if gb else []) + ['submitter_id'],
                                   lazy=False)
        for r in rows:
            entry = out.setdefault(self.group_key(r, 'date_submitted', groupby), [0, set()])
            entry[0] += r['__count']
            entry[1].add(r['submitter_id'][0])
        if groupby is None:
            employees = self.Health._employee_ids(self.company)
            proposals, users = out.get(None, (0, set()))
            return proposals, len(users & employees), len(employees)
        return out

    def states(self, groupby=None):
        gb = self.GB[groupby]
        rows = self.Imp.read_group(self.dom, ['state'] + ([gb.split(':')[0]] if gb else []),
                                   ([gb] if gb else []) + ['state'], lazy=False)
        out = {}
        for r in rows:
            out.setdefault(self.group_key(r, 'date_submitted', groupby), {})[r['state']] = r['__count']
        return out

    def adoption(self):
        s = self.states().get(None, {})
        return (s.get('adopted', 0) + s.get('standardized', 0), s.get('rejected', 0),
                s.get('adopted', 0) + s.get('standardized', 0) + s.get('rejected', 0))

    def _improvement_keys(self, groupby):
        recs = self.Imp.search_read(self.dom, ['date_submitted', 'workcenter_id'])
        return {r['id']: self.key(r, groupby) for r in recs}

    def pilots(self, groupby=None):
        pdom = [('state', '=', 'closed'), ('improvement_id.company_id', '=', self.company.id),
                ('improvement_id.date_submitted', '>=', self.start + ' 00:00:00'),
                ('improvement_id.date_submitted', '<', self.stop + ' 00:00:00')]
        if groupby is None:
            rows = self.env['ci.pilot'].read_group(pdom, ['verdict'], ['verdict'])
            return (sum(r['verdict_count'] for r in rows),
                    sum(r['verdict_count'] for r in rows if r['verdict'] == 'improved'))
        keys = self._improvement_keys(groupby)
        out = {}
        for r in self.env['ci.pilot'].read_group(pdom, ['improvement_id', 'verdict'],
                                                 ['improvement_id', 'verdict'], lazy=False):
            entry = out.setdefault(keys[r['improvement_id'][0]], [0, 0])
            entry[0] += r['__count']
            entry[1] += r['__count'] if r['verdict'] == 'improved' else 0
        return out

    def cycle(self, groupby=None):
        recs = self.Imp.search_read(self.dom + [('state', '=', 'standardized'), ('date_standardized', '!=', False)],
                                    ['date_submitted', 'date_standardized', 'workcenter_id'])
        days = {}
        for r in recs:
            delta = from_string(r['date_standardized'], True) - from_string(r['date_submitted'], True)
            days.setdefault(self.key(r, groupby), []).append(delta.total_seconds() / 86400.0)
        out = {k: (statistics.mean(v), statistics.median(v)) for k, v in days.items()}
        if groupby is None:
            mean, median = out.get(None, (None, None))
            return round(mean, 6), round(median, 6)
        return out

    def aging(self, groupby=None):
        # the view ages from the transaction's clock: so do we
        self.env.cr.execute("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')")
        now = datetime.datetime.strptime(self.env.cr.fetchone()[0], '%Y-%m-%d %H:%M:%S.%f')
        recs = self.Imp.search_read(self.dom + [('state', 'in', OPEN_STATES)], ['date_submitted', 'workcenter_id'])
        out = {}
        for r in recs:
            age = (now - from_string(r['date_submitted'], True)).days
            bucket = '0_7' if age <= 7 else '8_30' if age <= 30 else '31_90' if age <= 90 else '90_plus'
            counts = out.setdefault(self.key(r, groupby), {})
            counts[bucket] = counts.get(bucket, 0) + 1
        return out.get(None, {}) if groupby is None else out

    def impact(self, groupby=None):
        # ci.improvement.benefit_actual (non-stored, through pilot_ids) costs
        # minutes over 10,000 improvements in Odoo 11's prefetching (measured:
        # 200 s); ci.pilot._benefit (what benefit_annual holds, before the
        # currency's rounding: program health sums unrounded benefits and
        # rounds the total) on the adopted pilots in one batch is the
        # reasonable ORM way, and gives the same numbers
        pilots = self.env['ci.pilot'].search([
            ('decision', '=', 'adopt'), ('improvement_id.company_id', '=', self.company.id),
            ('improvement_id.date_submitted', '>=', self.start + ' 00:00:00'),
            ('improvement_id.date_submitted', '<', self.stop + ' 00:00:00')])
        keys = self._improvement_keys(groupby) if groupby else {}
        out, seen = {}, set()
        # pilots come in ci.pilot's order (latest start first): the first
        # adopted one of an improvement is the one benefit_actual takes
        for pilot in pilots:
            imp_id = pilot.improvement_id.id
            if imp_id in seen:
                continue
            seen.add(imp_id)
            benefit = pilot._benefit()[0]
            key = keys.get(imp_id)
            total, count = out.get(key, (0.0, 0))
            out[key] = (total + benefit, count + bool(benefit))
        return round(out.get(None, (0.0, 0))[0], 4) if groupby is None else out

    def coverage(self, groupby=None):
        WO = self.env['mrp.workorder']
        if groupby is None:
            return (WO.search_count(self.wo_dom),
                    WO.search_count(self.wo_dom + [('ci_sop_version_id', '!=', False)]))
        gb = self.WO_GB[groupby]
        done = WO.read_group(self.wo_dom, [gb.split(':')[0]], [gb])
        std = WO.read_group(self.wo_dom + [('ci_sop_version_id', '!=', False)], [gb.split(':')[0]], [gb])
        count = gb.split(':')[0] + '_count'
        out = {self.group_key(r, 'date_finished', groupby): [r[count], 0] for r in done}
        for r in std:
            out[self.group_key(r, 'date_finished', groupby)][1] = r[count]
        return out

    def figures(self, groupby=None):
        """The dict list of ``_program_figures``, from the base tables."""
        Health = self.Health
        employees = Health._employee_ids(self.company)
        grouping = groupby or ALL
        part, states = self.participation(grouping), self.states(groupby)
        pilots, cycle, aging = self.pilots(grouping), self.cycle(grouping), self.aging(grouping)
        impact = self.impact(grouping)
        coverage = {None: self.coverage()} if groupby is None else self.coverage(groupby)
        keys = set(part) | set(coverage)
        result = []
        for key in sorted(keys, key=lambda k: (k is None, k or 0)):
            s = states.get(key, {})
            row = {
                'proposals': part.get(key, (0, set()))[0], 'submitters': part.get(key, (0, set()))[1],
                'adopted': s.get('adopted', 0), 'standardized': s.get('standardized', 0),
                'rejected': s.get('rejected', 0),
                'decided': s.get('adopted', 0) + s.get('standardized', 0) + s.get('rejected', 0),
                'open': sum(s.get(st, 0) for st in OPEN_STATES),
                'cycle_mean': cycle.get(key, (None, None))[0], 'cycle_median': cycle.get(key, (None, None))[1],
                'pilots_closed': pilots.get(key, (0, 0))[0], 'pilots_improved': pilots.get(key, (0, 0))[1],
                'impact': impact.get(key, (0.0, 0))[0], 'impact_count': impact.get(key, (0.0, 0))[1],
            }
            row.update(('age_%s' % b, n) for b, n in aging.get(key, {}).items())
            done, std = coverage.get(key, (0, 0))
            fig = Health._figures_from_row(row, employees, 1 if groupby == 'month' else self.months,
                                           done, std, per_employee=groupby in (None, 'month'))
            fig['key'] = key if key is not None else False
            result.append(fig)
        return result[0] if groupby is None else result


def from_string(value, with_time=False):
    if with_time:
        return datetime.datetime.strptime(value, '%Y-%m-%d %H:%M:%S')
    return datetime.datetime.strptime(value[:10], '%Y-%m-%d').date()


# ----------------------------------------------------------------------
# timing
# ----------------------------------------------------------------------
def same(a, b):
    """Equal figures, floats to 1e-6 relative."""
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
    return a == b


def run(env, repeat):
    cr = env.cr
    company = env.ref('base.main_company')
    cr.execute("SELECT date_trunc('month', max(date_finished))::date FROM mrp_workorder WHERE name = 'BENCH'")
    anchor = from_string(cr.fetchone()[0])
    # the last twelve whole months of the generated data
    date_to = anchor - datetime.timedelta(days=1)
    date_from = date_to.replace(year=date_to.year - 1) + datetime.timedelta(days=1)
    views = Views(env, str(date_from), str(date_to), company)
    base = Base(env, str(date_from), str(date_to), company)
    print('period %s to %s (%d months), company %s' % (views.start, views.stop, views.months, company.name))
    cases = [
        ('proposals/employee/month, participation', 'participation'),
        ('adoption rate', 'adoption'),
        ('pilot success rate', 'pilots'),
        ('cycle time mean + median', 'cycle'),
        ('aging buckets', 'aging'),
        ('impact achieved', 'impact'),
        ('standard coverage', 'coverage'),
    ]
    rows = []
    for label, name in cases:
        v, v_med, v_p95 = timed(env, getattr(views, name), repeat)
        b, b_med, b_p95 = timed(env, getattr(base, name), repeat)
        assert same(v, b), '%s differs: views %r, base %r' % (label, v, b)
        rows.append((label, v_med, v_p95, b_med, b_p95, v))
    for label, groupby in (('all figures (dashboard)', None), ('all figures by month', 'month'),
                           ('all figures by work center', 'workcenter_id')):
        v, v_med, v_p95 = timed(env, lambda g=groupby: views.figures(g), repeat)
        b, b_med, b_p95 = timed(env, lambda g=groupby: base.figures(g), repeat)
        assert same(v, b), '%s differs:\nviews %r\nbase  %r' % (label, v, b)
        rows.append((label, v_med, v_p95, b_med, b_p95, '%d group(s)' % (len(v) if groupby else 1)))
    print()
    print('%-42s %10s %10s %10s %10s %8s  %s' % ('figure', 'views med', 'views p95', 'base med',
                                                  'base p95', 'base/vw', 'value'))
    for label, v_med, v_p95, b_med, b_p95, value in rows:
        print('%-42s %9.1fms %9.1fms %9.1fms %9.1fms %7.1fx  %s' % (
            label, v_med * 1e3, v_p95 * 1e3, b_med * 1e3, b_p95 * 1e3, b_med / v_med, value))
    print('\n(%d repetitions each, medians and p95 in ms; values asserted equal)' % repeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--db', default='ci_bench')
    parser.add_argument('--regenerate', action='store_true', help="generate the data again")
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--workorders', type=int, default=1000000)
    parser.add_argument('--improvements', type=int, default=100000)
    parser.add_argument('--skip-setup', action='store_true', help="do not run scripts/db.sh ensure")
    args = parser.parse_args()
    os.chdir(ROOT)
    with odoo_env(args.db, setup=not args.skip_setup) as env:
        cr = env.cr
        if args.regenerate or env['ir.config_parameter'].get_param(MARKER) != spec(
                args.workorders, args.improvements):
            print('generating %s' % spec(args.workorders, args.improvements))
            generate(env, args.workorders, args.improvements)
            cr.commit()
            # VACUUM: the visibility map lets the index-only scans skip the heap
            seconds = vacuum_analyze(cr, ('mrp_workorder', 'mrp_production', 'ci_improvement', 'ci_pilot',
                                          'mrp_workcenter', 'res_users', 'ci_category', 'ci_sop_version'))
            print('vacuum analyze: %.1fs' % seconds)
        else:
            print('re-using the generated data (%s); --regenerate to force' % spec(
                args.workorders, args.improvements))
        # the KPI facts behind standard coverage: built by the triggers, or by
        # the rebuild when the data was generated before they existed
        t = time.time()
        env['ci.kpi.fact']._rebuild()
        cr.commit()
        print('rebuild of the KPI facts: %.2fs' % (time.time() - t))
        run(env, args.repeat)
    return 0


if __name__ == '__main__':
    sys.exit(main())
