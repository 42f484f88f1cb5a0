# Archive measurement (docs/storage.md, "Archive"): run in an Odoo shell
#   scripts/odoo.sh shell -d DB --log-level=warn < bench/spc_archive.py
# Creates characteristic ARCH-BENCH (I-MR) with a frozen phase of 1M rows and a
# current phase of 100k rows, plus ARCH-OTHER with 1M rows interleaved in time,
# then times the archive of the frozen phase and the live table before/after.
import time
ROWS, CURRENT = 1000000, 100000
cr = env.cr
Char = env['ci.spc.characteristic']
for code in ('ARCH-BENCH', 'ARCH-OTHER'):
    old = Char.search([('code', '=', code)])
    if old:
        cr.execute("DELETE FROM ci_spc_measurement WHERE characteristic_id = %s", (old.id,))
        cr.execute("DELETE FROM ci_spc_measurement_archive WHERE characteristic_id = %s", (old.id,))
        cr.execute("DELETE FROM ci_spc_characteristic WHERE id = %s", (old.id,))
spec = dict(chart_type='imr', subgroup_size=1, baseline_subgroups=25, has_lsl=True, lsl=9.0, has_usl=True, usl=11.0)
char = Char.create(dict(spec, name='Archive bench', code='ARCH-BENCH'))
other = Char.create(dict(spec, name='Archive bench other', code='ARCH-OTHER'))
# one row a 15 s from 2025-01-01 (1M rows: ~174 days), the other gauge interleaved
for c, offset in ((char, 0), (other, 7)):
    cr.execute("""
        INSERT INTO ci_spc_measurement (characteristic_id, value, timestamp, subgroup, voided, date_recorded)
        SELECT %s, round((10 + 0.2 * sin(g) + 0.05 * cos(g * 7))::numeric, 4),
               timestamp '2025-01-01' + (g * 15 + %s) * interval '1 second',
               to_char(timestamp '2025-01-01' + (g * 15 + %s) * interval '1 second', 'YYYY-MM-DD HH24:MI:SS'),
               false, now() at time zone 'utc'
          FROM generate_series(0, %s - 1) g""", (c.id, offset, offset, ROWS + (CURRENT if c == char else 0)))
split = "timestamp '2025-01-01' + %d * interval '15 second'" % ROWS
cr.execute("SELECT (%s)::text" % split)
split_at = cr.fetchone()[0]
char._sync_first_phase()
env['ci.spc.phase']._workflow().create({'characteristic_id': char.id, 'date_start': split_at, 'reason': 'bench'})
env['ci.spc.phase']._stats_rebuild(char | other)
char._evaluate_rules()
other._evaluate_rules()
env.cr.commit()


def vacuum():
    # VACUUM cannot run in a transaction: on a connection of its own
    import odoo
    with odoo.sql_db.db_connect(env.cr.dbname).cursor() as vcr:
        vcr._cnx.autocommit = True
        vcr.execute("VACUUM ANALYZE ci_spc_measurement")
        vcr.execute("VACUUM ANALYZE ci_spc_measurement_archive")


vacuum()   # as autovacuum does after a load (every 100k rows with the settings above)


def live_figures():
    cr.execute("SELECT count(*) FROM ci_spc_measurement")
    rows = cr.fetchone()[0]
    cr.execute("""SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c
                   WHERE c.relname IN ('ci_spc_measurement', 'ci_spc_measurement_pkey', 'ci_spc_measurement_char_time_idx',
                                       'ci_spc_measurement_char_subgroup_idx', 'ci_spc_measurement_time_brin',
                                       'ci_spc_measurement_archive', 'ci_spc_measurement_archive_brin')""")
    sizes = {name: size / 1048576.0 for name, size in cr.fetchall()}
    phase = char.current_phase_id
    times = []
    for _i in range(30):
        t = time.perf_counter()
        env['ci.spc.measurement']._points(char, phase, limit=150)
        times.append(time.perf_counter() - t)
    times.sort()
    t = time.perf_counter()
    data = char.chart_data(150)
    chart = time.perf_counter() - t
    return rows, sizes, times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000, chart * 1000, data


char.invalidate_cache()
before = live_figures()
form_before = (char.measurement_count, char.cap_cpk, char.cap_n)
t = time.perf_counter()
result = char.action_archive_measurements(split_at[:19])
archive_s = time.perf_counter() - t
env.cr.commit()
char.invalidate_cache()
after = live_figures()
form_after = (char.measurement_count, char.cap_cpk, char.cap_n)
# the live table after autovacuum's pass (run here by hand)
vacuum()
vacuumed = live_figures()
print('archived phases', result['phase_ids'], 'rows moved', result['moved'], 'in %.1f s' % archive_s)
print('form (count, cpk, n) before', form_before, 'after', form_after)
print('chart_data equal:', before[5] == after[5] == vacuumed[5])
for label, fig in (('before', before), ('after', after), ('after vacuum', vacuumed)):
    print(label, 'rows', fig[0], 'sizes MB', {k: round(v, 1) for k, v in sorted(fig[1].items())},
          '_points(150) median %.2f ms p95 %.2f ms, chart_data(150) %.1f ms' % fig[2:5])
