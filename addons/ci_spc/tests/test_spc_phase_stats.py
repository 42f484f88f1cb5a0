# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The statistics a phase keeps (issue #16): equal, after every change, to the
engine's full computation from the rows; written by the suite only; filled by
the migration; and what opening a characteristic reads does not grow with
its history."""

import collections
import datetime
import importlib.util
import json
import os
import random

from unittest import mock

from odoo.exceptions import AccessError, UserError

from ..lib import spc
from .common import T0, SpcCase

# random steps per property run (CI_SPC_STATS_STEPS for more)
STEPS = int(os.environ.get('CI_SPC_STATS_STEPS', 40))
SPECS = {
    'has_lsl': True,
    'lsl': 9.0,
    'has_usl': True,
    'usl': 11.0,
    'has_target': True,
    'target': 10.1,
}
INDICES = (
    'n',
    'mean',
    'sigma_within',
    'sigma_overall',
    'cp',
    'cpk',
    'pp',
    'ppk',
    'cpm',
)
METHODS = {'imr': 'mr', 'xbar_r': 'rbar', 'xbar_s': 'sbar'}


def minute(m):
    return (T0 + datetime.timedelta(minutes=m)).strftime('%Y-%m-%d %H:%M:%S')


def _load_migration():
    path = os.path.join(
        os.path.dirname(os.path.dirname(__file__)),
        'migrations',
        '11.0.1.4.0',
        'post-migration.py',
    )
    spec = importlib.util.spec_from_file_location(
        'ci_spc_migration_11_0_1_4_0', path
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PhaseStatsCase(SpcCase):

    def setUp(self):
        super(PhaseStatsCase, self).setUp()
        self.sql_ids = (
            set()
        )  # rows written in SQL, behind the suite's back, not rebuilt yet

    def assert_reads_few_rows(self, action, label, limit=2000):
        """Runs ``action`` and asserts that every query of it that reads
        measurements reads fewer than ``limit`` of their rows (EXPLAIN
        ANALYZE of each); returns what ``action`` returned."""
        queries = []
        cursor_class = type(self.env.cr)
        execute = cursor_class.execute

        def spy(cr, query, params=None, log_exceptions=None):
            text = str(query).lstrip(' \n(').upper()
            if 'CI_SPC_MEASUREMENT' in text and text.startswith(
                ('SELECT', 'WITH')
            ):
                queries.append((query, params))
            return (
                execute(cr, query, params)
                if log_exceptions is None
                else execute(cr, query, params, log_exceptions)
            )

        with mock.patch.object(cursor_class, 'execute', spy):
            result = action()
        self.assertTrue(queries, label)
        for query, params in queries:
            self.env.cr.execute(
                'EXPLAIN (ANALYZE, FORMAT JSON) ' + query, params
            )
            plan = self.env.cr.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            read = _rows_read(plan[0]['Plan'], 'ci_spc_measurement')
            self.assertLess(
                read, limit, '%s: %s reads %s rows' % (label, query, read)
            )
        return result

    def assert_stats(self, char, where=''):
        """Every phase of ``char``: the kept statistics give the n, capability
        and histogram counts the engine computes from the raw rows."""
        Measurement = self.env['ci.spc.measurement']
        char.invalidate_cache()
        for phase in char.phase_ids:
            label = '%s, phase %s (%s)' % (where, phase.id, phase.state)
            stats = phase._stats_read()
            points = Measurement._points(char, phase)
            flat = (
                points['values']
                if char.chart_type == 'imr'
                else [v for g in points['values'] for v in g]
            )
            self.assertEqual(stats['stat_n'], len(flat), label)
            self.assertEqual(stats['stat_points'], len(points['keys']), label)
            start, stop = phase._time_range()
            self.env.cr.execute(
                """
                SELECT id FROM ci_spc_measurement WHERE characteristic_id = %s
                    AND NOT voided
                   AND timestamp >= %s AND (%s::timestamp IS NULL OR timestamp
                       < %s)""",
                (char.id, start, stop, stop),
            )
            rows = {r[0] for r in self.env.cr.fetchall()} - self.sql_ids
            self.assertEqual(stats['stat_rows'], len(rows), label)
            if len(points['keys']) >= 2:
                method = METHODS[char.chart_type]
                values = points['values']
                full = spc.capability(
                    values, lsl=9.0, usl=11.0, target=10.1, method=method
                )
                kept = spc.capability_from_sums(
                    stats['stat_n'],
                    stats['stat_sum'],
                    stats['stat_sum2'],
                    stats['stat_spread_sum'],
                    stats['stat_spread_count'],
                    method,
                    subgroup_size=char.subgroup_size,
                    lsl=9.0,
                    usl=11.0,
                    target=10.1,
                )
                for key in INDICES:
                    self.assertAlmostEqual(
                        kept[key],
                        full[key],
                        delta=1e-9 * max(1.0, abs(full[key])),
                        msg='%s: %s' % (label, key),
                    )
            if phase.state == 'frozen':
                self.assertGreater(stats['bin_width'], 0, label)
                expected = collections.Counter(
                    spc.bin_index(v, stats['bin_origin'], stats['bin_width'])
                    for v in flat
                )
                self.assertEqual(stats['bins'], dict(expected), label)
            else:
                self.assertEqual(
                    (stats['bin_width'], stats['bins']), (0, {}), label
                )
        # the form reads them: the count of measurements too
        self.env.cr.execute(
            "SELECT id FROM ci_spc_measurement WHERE characteristic_id = %s "
            "AND NOT voided",
            (char.id,),
        )
        ids = {r[0] for r in self.env.cr.fetchall()} - self.sql_ids
        self.assertEqual(char.measurement_count, len(ids), where)


class TestPhaseStatsProperty(PhaseStatsCase):

    def run_random(
        self,
        chart_type,
        seed,
        steps=STEPS,
    ):
        rnd = random.Random(seed)
        size = 1 if chart_type == 'imr' else 4
        char = self.make_char(
            chart_type, subgroup_size=size, baseline_subgroups=12, **SPECS
        )
        engineer = self.env['ci.spc.measurement'].sudo(self.engineer_ci)
        clock = [0]
        counter = [0]

        def rows(at_minutes):
            """A point per minute given: a value, or a subgroup of ``size`` values."""
            out = []
            for m in at_minutes:
                counter[0] += 1
                key = 'G%d' % counter[0]
                for _i in range(size):
                    out.append(
                        {
                            'characteristic': char.id,
                            'value': round(rnd.gauss(10.0, 0.2), 4),
                            'timestamp': minute(m),
                            'subgroup': (
                                key if size > 1 else '%s-%d' % (key, _i)
                            ),
                        }
                    )
            return out

        def append():
            count = rnd.randint(1, 8)
            stamps = [clock[0] + i + 1 for i in range(count)]
            clock[0] += count
            self.ingest(rows(stamps))

        def backfill():
            if clock[0] < 3:
                return append()
            self.ingest(
                rows(
                    sorted(
                        rnd.uniform(0, clock[0])
                        for _i in range(rnd.randint(1, 4))
                    )
                )
            )

        def split_subgroup():
            # a subgroup sent in two batches: incomplete, then complete
            if size == 1:
                return backfill()
            batch = rows([clock[0] + 1])
            clock[0] += 1
            self.ingest(batch[:2])
            self.assert_stats(char, 'half a subgroup')
            self.ingest(batch[2:])

        def live(domain=()):
            return engineer.search(
                [
                    ('characteristic_id', '=', char.id),
                    ('voided', '=', False),
                    ('id', 'not in', list(self.sql_ids)),
                ]
                + list(domain)
            )

        def void():
            found = live()
            if found:
                found.browse(
                    rnd.sample(found.ids, min(len(found), rnd.randint(1, 3)))
                ).action_void('wrong gauge')

        def editable():
            return live().filtered(lambda m: m.phase_id.state == 'provisional')

        def correct_value():
            found = editable()
            if found:
                found.browse(rnd.choice(found.ids)).write(
                    {'value': round(rnd.gauss(10.0, 0.2), 4)}
                )

        def correct_time():
            found = editable()
            if found:
                found.browse(rnd.choice(found.ids)).write(
                    {'timestamp': minute(rnd.uniform(0, clock[0] + 1))}
                )

        def implausible():
            self.env.cr.execute(
                """
                INSERT INTO ci_spc_measurement (characteristic_id, value,
                    timestamp, subgroup, voided, date_recorded)
                VALUES (%s, %s::numeric, %s, %s, false, now() at time zone
                    'utc') RETURNING id""",
                (
                    char.id,
                    rnd.choice(['1e308', 'NaN', None, '-1e12']),
                    minute(rnd.uniform(0, clock[0] + 1)),
                    'G%d' % rnd.randint(1, counter[0] or 1),
                ),
            )
            self.sql_ids.add(self.env.cr.fetchone()[0])
            self.env['ci.spc.measurement'].invalidate_cache()
            # counted once the phases are rebuilt (see ci.spc.phase,
            # "Statistics"); from then on the changes around it must leave it
            # off the plotted statistics (a row before the first phase belongs
            # to none: the first phase moves to it, as the 11.0.1.3.0 migration
            # did)
            char._sync_first_phase()
            self.env['ci.spc.phase']._stats_rebuild(char)
            self.sql_ids.clear()

        def new_phase():
            self.env['ci.spc.phase'].sudo(self.engineer_ci).create(
                {
                    'characteristic_id': char.id,
                    'date_start': minute(rnd.uniform(1, clock[0] + 1)),
                    'reason': 'fixture changed',
                }
            )

        def delete_phase():
            manual = char.phase_ids.filtered(
                lambda p: p.origin == 'manual' and p.state == 'provisional'
            )
            if manual:
                manual[0].sudo(self.engineer_ci).unlink()

        def move_phase():
            # earlier or later, past other phases too
            manual = char.phase_ids.filtered(
                lambda p: p.origin == 'manual' and p.state == 'provisional'
            )
            if manual:
                manual[-1].sudo(self.engineer_ci).write(
                    {'date_start': minute(rnd.uniform(1, clock[0] + 1))}
                )

        ops = [
            append,
            append,
            backfill,
            split_subgroup,
            void,
            correct_value,
            correct_time,
            implausible,
            new_phase,
            delete_phase,
            move_phase,
        ]
        append()
        append()
        self.assert_stats(char, 'start')
        done = collections.Counter()
        for step in range(steps):
            op = rnd.choice(ops)
            op()
            done[op.__name__] += 1
            self.assert_stats(char, 'step %d: %s' % (step, op.__name__))
        # what a rebuild from the rows finds is what was kept (but the SQL rows)
        kept = {p.id: p._stats_read() for p in char.phase_ids}
        self.env['ci.spc.phase']._stats_rebuild(char)
        for phase in char.phase_ids:
            rebuilt = phase._stats_read()
            for key in (
                'stat_n',
                'stat_points',
                'stat_sum',
                'stat_sum2',
                'stat_spread_sum',
                'bins',
            ):
                self.assertEqual(rebuilt[key], kept[phase.id][key], key)
        return done

    def test_individuals(self):
        """I-MR: appends, out-of-order rows, voids, corrections, SQL rows,
        phases started in the past, moved and
        deleted."""
        done = self.run_random('imr', 164)
        self.assertGreaterEqual(len(done), 6, done)

    def test_xbar_r(self):
        """X̄-R: the same, with subgroups sent in two batches and voids that
        break a subgroup."""
        done = self.run_random('xbar_r', 174)
        self.assertGreaterEqual(len(done), 6, done)

    def test_xbar_s(self):
        """X̄-S: the same."""
        done = self.run_random('xbar_s', 184)
        self.assertGreaterEqual(len(done), 6, done)

    def test_capability_on_the_form_comes_from_the_phase(self):
        """The form's Cpk, n and histogram are those of the current phase's
        sums and bins."""
        char = self.make_char('imr', baseline_subgroups=10, **SPECS)
        values = [round(v, 4) for v in self.rng.normal(10.0, 0.2, 60)]
        self.ingest(
            [
                {'characteristic': char.id, 'value': v, 'timestamp': minute(i)}
                for i, v in enumerate(values)
            ]
        )
        full = spc.capability(values, lsl=9.0, usl=11.0, target=10.1)
        char.invalidate_cache()
        self.assertEqual(char.cap_n, 60)
        self.assertEqual(char.cap_cpk, round(full['cpk'], 2))
        self.assertEqual(char.cap_cpm, round(full['cpm'], 2))
        self.assertIn('n = 60', char.capability_svg)
        self.assertEqual(char.measurement_count, 60)


class TestPhaseStatsIntegrity(PhaseStatsCase):

    def test_nobody_writes_the_statistics(self):
        """Over create, write, a context default and copy the stat fields are
        refused or ignored, for engineers
        and managers alike."""
        char = self.make_char('imr', baseline_subgroups=10, **SPECS)
        self.ingest(
            [
                {
                    'characteristic': char.id,
                    'value': 10.0 + i / 100.0,
                    'timestamp': minute(i),
                }
                for i in range(5)
            ]
        )
        phase = char.phase_ids
        for user in (self.engineer_ci, self.manager_ci):
            Phase = self.env['ci.spc.phase'].sudo(user)
            for field, value in (
                ('stat_n', 999),
                ('stat_sum', 1e9),
                ('stat_bin_width', 1.0),
                ('stat_rows', 7),
                ('stat_spread_sum', 2.5),
            ):
                with self.assertRaises((AccessError, UserError)):
                    phase.sudo(user).write({field: value})
                with self.assertRaises((AccessError, UserError)):
                    Phase.create(
                        {
                            'characteristic_id': char.id,
                            'date_start': minute(3),
                            'reason': 'r',
                            field: value,
                        }
                    )
            made = Phase.with_context(
                default_stat_n=999, default_stat_sum=5.0
            ).create(
                {
                    'characteristic_id': char.id,
                    'date_start': minute(2),
                    'reason': 'forged defaults',
                }
            )
            # it holds the rows from its start: 3 of them, not the forged 999
            self.assertEqual(made.stat_n, 3)
            self.assertAlmostEqual(made.stat_sum, 30.09, places=9)
            made.unlink()
        self.assert_stats(char, 'after the probes')

    def test_migration_fills_the_statistics(self):
        """The 11.0.1.4.0 migration computes the statistics of phases that have
        none."""
        char = self.make_char(
            'xbar_r', subgroup_size=4, baseline_subgroups=5, **SPECS
        )
        self.ingest(
            [
                {
                    'characteristic': char.id,
                    'value': 10.0 + ((7 * i) % 11) / 50.0,
                    'timestamp': minute(i // 4),
                    'subgroup': 'M%d' % (i // 4),
                }
                for i in range(4 * 9)
            ]
        )
        self.env.cr.execute(
            "UPDATE ci_spc_phase SET stat_rows = 0, stat_n = 0, stat_points = "
            "0, stat_sum = 0, "
            "stat_sum2 = 0, stat_spread_sum = 0, stat_spread_count = 0, "
            "stat_bin_width = 0"
        )
        self.env.cr.execute("DELETE FROM ci_spc_phase_bin")
        self.assertGreaterEqual(
            _load_migration().fill_phase_stats(self.env.cr), 1
        )
        self.assert_stats(char, 'migrated')


class TestFormCostIndependentOfHistory(PhaseStatsCase):

    def test_form_reads_no_row_per_point_of_history(self):
        """Opening the form of a characteristic with 20 000 points reads a few
        hundred rows of measurements
        (EXPLAIN ANALYZE of every query it runs), for I-MR and X̄-R."""
        for chart_type, size in (('imr', 1), ('xbar_r', 5)):
            char = self.make_char(
                chart_type, subgroup_size=size, baseline_subgroups=10, **SPECS
            )
            self.ingest(
                [
                    {
                        'characteristic': char.id,
                        'value': 10.0 + (i % 7) / 20.0,
                        'timestamp': minute(i // size),
                        'subgroup': 'H%d' % (i // size),
                    }
                    for i in range(10 * size)
                ]
            )
            # history, written in SQL then counted by a rebuild
            self.env.cr.execute(
                """
                INSERT INTO ci_spc_measurement (characteristic_id, value,
                    timestamp, subgroup, voided, date_recorded)
                SELECT %s, 10 + (g %% 13) / 40.0, %s::timestamp + (g / %s) *
                    interval '1 minute', 'B' || (g / %s),
                       false, now() at time zone 'utc'
                  FROM generate_series(%s, %s) g""",
                (char.id, minute(0), size, size, 10 * size, 20000 * size),
            )
            self.env['ci.spc.phase']._stats_rebuild(char)
            self.env.cr.execute("ANALYZE ci_spc_measurement")
            view = char.fields_view_get(view_type='form')
            self.env.cache.invalidate()
            record, data = self.assert_reads_few_rows(
                lambda: (
                    char.read(list(view['fields']))[0],
                    char.chart_data(150),
                ),
                chart_type,
            )
            # 10 points ingested, the rest of 20 000 in SQL
            self.assertEqual(record['measurement_count'], 20000 * size + 1)
            self.assertEqual(len(data['points']), 150)


class TestIngestCostIndependentOfHistory(PhaseStatsCase):

    def history(self, chart_type, size, subgroups):
        char = self.make_char(
            chart_type, subgroup_size=size, baseline_subgroups=10, **SPECS
        )
        self.ingest(
            [
                {
                    'characteristic': char.id,
                    'value': 10.0 + (i % 7) / 20.0,
                    'timestamp': minute(i // size),
                    'subgroup': 'H%d' % (i // size),
                }
                for i in range(10 * size)
            ]
        )
        self.env.cr.execute(
            """
            INSERT INTO ci_spc_measurement (characteristic_id, value,
                timestamp, subgroup, voided, date_recorded)
            SELECT %s, 10 + (g %% 13) / 40.0, %s::timestamp + (g / %s) *
                interval '1 minute', 'B' || (g / %s),
                   false, now() at time zone 'utc'
              FROM generate_series(%s, %s) g""",
            (char.id, minute(0), size, size, 10 * size, subgroups * size - 1),
        )
        self.env['ci.spc.phase']._stats_rebuild(char)
        self.env.cr.execute("ANALYZE ci_spc_measurement")
        return char

    def test_rules_read_the_batch_and_their_memory(self):
        """_points(since=..., lookback=...) of an X̄ chart: the subgroups with
        a row from ``since`` on and the last ``lookback`` before, equal to the
        same points cut from the whole phase, also with a subgroup
        sent in two batches across ``since`` and a voided row."""
        Measurement = self.env['ci.spc.measurement']
        rng = random.Random(7)
        char = self.history('xbar_r', 5, 400)
        # a subgroup split across two minutes, one with a voided row
        self.ingest(
            [
                {
                    'characteristic': char.id,
                    'value': 10.0,
                    'timestamp': minute(500 + i // 3),
                    'subgroup': 'SPLIT',
                }
                for i in range(5)
            ]
        )
        self.ingest(
            [
                {
                    'characteristic': char.id,
                    'value': 10.2,
                    'timestamp': minute(502),
                    'subgroup': 'VOID',
                }
                for _i in range(5)
            ]
        )
        Measurement.search([('subgroup', '=', 'VOID')], limit=1).action_void(
            'wrong gauge'
        )
        phase = char.phase_ids
        full = Measurement._points(char, phase)
        for _i in range(12):
            since = minute(
                rng.choice([0, 5, 200, 399, 400, 500, 501, 502, 503, 900])
            )
            lookback = rng.choice([0, 1, 8, 30])
            for before_only in (False, True):
                mine = Measurement._points(
                    char,
                    phase,
                    since=since,
                    lookback=lookback,
                    before_only=before_only,
                )
                index = (
                    [
                        i
                        for i, date in enumerate(full['dates'])
                        if date < since
                    ][-lookback:]
                    if lookback
                    else []
                )
                if not before_only:
                    index += [
                        i
                        for i, date in enumerate(full['dates'])
                        if date >= since
                    ]
                self.assertEqual(
                    mine['keys'],
                    [full['keys'][i] for i in index],
                    (since, lookback, before_only),
                )
                self.assertEqual(
                    mine['values'], [full['values'][i] for i in index]
                )

    def test_ingest_reads_no_row_per_point_of_history(self):
        """A batch into an X̄-R or I-MR chart with 20 000 points: every query
        of the ingest reads a few
        hundred rows of measurements (EXPLAIN ANALYZE)."""
        for chart_type, size in (('xbar_r', 5), ('imr', 1)):
            char = self.history(chart_type, size, 20000)
            self.assert_reads_few_rows(
                lambda: self.ingest(
                    [
                        {
                            'characteristic': char.id,
                            'value': 10.1,
                            'timestamp': minute(30000),
                            'subgroup': 'NEW',
                        }
                        for _i in range(size)
                    ]
                ),
                chart_type,
            )

    def test_phase_split_reads_the_moved_span(self):
        """A phase started "now" on an X̄-R or I-MR chart with 20 000 points of
        history and a few after the new start: every query reads a few hundred
        rows of measurements (EXPLAIN ANALYZE), and the statistics of both
        phases, the old one frozen with its histogram, equal the engine's;
        moving the
        new phase and deleting it cost the same."""
        for chart_type, size in (('xbar_r', 5), ('imr', 1)):
            char = self.history(chart_type, size, 20000)
            # the rows after the split, one subgroup across it
            self.ingest(
                [
                    {
                        'characteristic': char.id,
                        'value': 10.0 + (i % 5) / 30.0,
                        'timestamp': minute(
                            20000
                            + i // size
                            - (1 if i == 0 and size > 1 else 0)
                        ),
                        'subgroup': 'NOW%d' % (i // size),
                    }
                    for i in range(6 * size)
                ]
            )
            old = char.phase_ids
            self.assertEqual(old.state, 'frozen')
            Phase = self.env['ci.spc.phase'].sudo(self.engineer_ci)
            steps = [
                (
                    'split',
                    lambda: Phase.create(
                        {
                            'characteristic_id': char.id,
                            'date_start': minute(20000),
                            'reason': 'new fixture',
                        }
                    ),
                ),
                (
                    'move',
                    lambda: char.phase_ids.filtered(lambda p: p != old)
                    .sudo(self.engineer_ci)
                    .write({'date_start': minute(20003)}),
                ),
                (
                    'delete',
                    lambda: char.phase_ids.filtered(lambda p: p != old)
                    .sudo(self.engineer_ci)
                    .unlink(),
                ),
            ]
            for step, action in steps:
                label = '%s, %s' % (chart_type, step)
                self.assert_reads_few_rows(action, label)
                self.assertEqual(
                    len(char.phase_ids), 1 if step == 'delete' else 2, label
                )
                self.assert_stats(char, label)
                # the old phase's histogram kept its grid: it lost the moved
                # values, and got them back
                self.assertTrue(old._stats_read()['bins'], label)


def _rows_read(node, table):
    """Rows the scans of ``table`` in a plan node returned (times their loops)."""
    own = (
        node.get('Actual Rows', 0) * node.get('Actual Loops', 1)
        if node.get('Relation Name') == table
        else 0
    )
    return own + sum(
        _rows_read(child, table) for child in node.get('Plans', ())
    )
