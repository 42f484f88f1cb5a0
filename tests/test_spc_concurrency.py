"""SPC ingestion under concurrent batches, each on its own database connection.

Odoo runs every request at REPEATABLE READ: a transaction sees the data as
it was at its first statement. A batch that waits for another batch of the
same characteristic (its lock) must not judge the chart without the rows the
other one wrote meanwhile. The batches below are Odoo environments on
registry cursors of their own, retried on a serialization failure as Odoo's
RPC layer retries a request (odoo.service.model.check). The data is
committed; each test makes a characteristic of its own and leaves it behind.
"""
import datetime
import threading
import time
import uuid

import odoo
import psycopg2
from odoo import SUPERUSER_ID, api
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY

T0 = datetime.datetime(2026, 5, 4, 6, 0)


def _stamp(minutes):
    return (T0 + datetime.timedelta(minutes=minutes)).strftime('%Y-%m-%d %H:%M:%S')


def _rows(code, start, values):
    return [{'characteristic': code, 'value': value, 'timestamp': _stamp(start + i)} for i, value in enumerate(values)]


def _waiting_for_lock(db_name, timeout=20):
    """Wait until a session of the test database waits for a row lock."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with odoo.registry(db_name).cursor() as cr:
            cr.execute("SELECT 1 FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (db_name,))
            if cr.fetchone():
                return True
        time.sleep(0.05)
    return False


def test_a_batch_that_waited_judges_the_chart_with_the_rows_of_the_other(db_name):
    """Batch B checks its rows, then waits for the lock of batch A, which stores 5 points above the
    center. When A commits, B (4 more points above) judges 9 in a row on one side: one signal, at
    its last point, as if the batches had come one after the other."""
    registry = odoo.registry(db_name)
    code = 'CONC-%s' % uuid.uuid4().hex[:8]
    with api.Environment.manage(), registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        char_id = env['ci.spc.characteristic'].create({
            'name': 'Concurrent batches %s' % code, 'code': code, 'chart_type': 'imr', 'baseline_subgroups': 20,
            'auto_improvement': False, 'rule_ids': [(6, 0, env.ref('ci_spc.ci_spc_rule_nelson2').ids)]}).id
        # limits frozen from 20 points around 10, the last one below the center
        env['ci.spc.measurement'].ingest(_rows(code, 0, [10.1, 9.9] * 10))

    attempts, results, errors = [], [], []

    def batch_b():
        for attempt in range(MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
            attempts.append(attempt)
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    results.append(env['ci.spc.measurement'].ingest(_rows(code, 25, [10.05] * 4)))
                    return
            except psycopg2.OperationalError as exc:
                if exc.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                    errors.append(exc)
                    return
                time.sleep(0.05)
            except Exception as exc:  # pylint: disable=broad-except
                errors.append(exc)
                return

    with api.Environment.manage(), registry.cursor() as cr_a:
        env_a = api.Environment(cr_a, SUPERUSER_ID, {})
        result_a = env_a['ci.spc.measurement'].ingest(_rows(code, 20, [10.05] * 5))
        thread = threading.Thread(target=batch_b)
        thread.start()
        # B has read the database (its snapshot) and waits for A's lock
        assert _waiting_for_lock(db_name)
        cr_a.commit()
    thread.join(60)
    assert not errors, errors
    assert result_a['created'] == 5 and not result_a['signals']
    assert [r['created'] for r in results] == [4]
    with registry.cursor() as cr:
        cr.execute("SELECT r.code, s.date::text, s.value FROM ci_spc_signal s JOIN ci_spc_rule r ON r.id = s.rule_id "
                    "WHERE s.characteristic_id = %s ORDER BY s.date", (char_id,))
        assert cr.fetchall() == [('nelson2', _stamp(28), 10.05)]
        cr.execute("SELECT COUNT(*) FROM ci_spc_measurement WHERE characteristic_id = %s", (char_id,))
        assert cr.fetchone()[0] == 29
    assert results[0]['rules'] == {'nelson2': 1}
    # B started over once, after A's commit, with A's rows in view
    assert len(attempts) == 2
