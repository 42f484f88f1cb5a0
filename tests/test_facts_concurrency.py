"""Two transactions that change rows counted in the same fact, at the same
time, both commit (issue #17: tests/test_deploy.py found every concurrent
submission of a month replayed, and one refused, when the program-health
facts were updated in place). Odoo runs each request in REPEATABLE READ;
here two connections do the same, as two nodes' workers would."""
import psycopg2
import psycopg2.extensions
import pytest
from odoo.tools import config


def _connect(db):
    conn = psycopg2.connect(host=config['db_host'] or '127.0.0.1', port=config['db_port'],
                            user=config['db_user'], password=config['db_password'] or None, dbname=db)
    conn.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
    return conn


def _race(db, first, second):
    """``first`` and ``second`` (SQL, parameters) in two transactions whose
    snapshots predate both: the first commits, then the second writes and
    commits. Returns the second's error, if any."""
    one, two = _connect(db), _connect(db)
    try:
        for conn in (one, two):
            conn.cursor().execute('SELECT 1')      # the snapshot
        one.cursor().execute(*first)
        one.commit()
        try:
            two.cursor().execute(*second)
            two.commit()
        except psycopg2.Error as exc:
            two.rollback()
            return exc
        return None
    finally:
        one.close()
        two.close()


def _fetch(db, query, params=()):
    conn = _connect(db)
    try:
        cur = conn.cursor()
        cur.execute(query, params)
        return cur.fetchall()
    finally:
        conn.close()


def test_two_submissions_of_one_month(db_name):
    """Two improvements of one company and month change who submitted them
    at once: both commit, and the program-health figures count both."""
    rows = _fetch(db_name, """
        SELECT a.id, b.id, a.submitter_id, b.submitter_id FROM ci_improvement a
          JOIN ci_improvement b ON b.company_id = a.company_id AND b.id > a.id
               AND date_trunc('month', b.date_submitted) = date_trunc('month', a.date_submitted)
         WHERE a.date_submitted IS NOT NULL ORDER BY a.id DESC LIMIT 1""")
    assert rows, "the demo plant has improvements"
    a, b, sub_a, sub_b = rows[0]
    # somebody who submitted nothing that month: the month's participants change
    other = _fetch(db_name, """
        SELECT u.id FROM res_users u WHERE NOT EXISTS (
            SELECT 1 FROM ci_improvement i, ci_improvement a
             WHERE a.id = %s AND i.submitter_id = u.id AND i.company_id = a.company_id
               AND date_trunc('month', i.date_submitted) = date_trunc('month', a.date_submitted))
         ORDER BY u.id LIMIT 1""", (a,))[0][0]
    update = "UPDATE ci_improvement SET submitter_id = %s WHERE id = %s"
    try:
        error = _race(db_name, (update, (other, a)), (update, (other, b)))
        assert error is None, error
        live = _fetch(db_name, """SELECT f.submitter_ids FROM ci_improvement_month_fact_live f
                                    JOIN ci_improvement i ON i.company_id = f.company_id
                                     AND f.month = date_trunc('month', i.date_submitted)::date
                                   WHERE i.id = %s""", (a,))[0][0]
        assert other in live
    finally:
        conn = _connect(db_name)
        conn.cursor().execute(update, (sub_a, a))
        conn.cursor().execute(update, (sub_b, b))
        conn.commit()
        conn.close()


def test_two_work_orders_of_one_day_and_work_center(db_name):
    """Two done work orders of one work center and day get their time
    corrected at once: both commit."""
    rows = _fetch(db_name, """
        SELECT a.id, b.id, a.duration, b.duration FROM mrp_workorder a
          JOIN mrp_workorder b ON b.workcenter_id = a.workcenter_id AND b.id > a.id AND b.state = 'done'
               AND b.date_finished::date = a.date_finished::date
         WHERE a.state = 'done' ORDER BY a.id DESC LIMIT 1""")
    assert rows, "the demo plant has work orders done"
    a, b, dur_a, dur_b = rows[0]
    update = "UPDATE mrp_workorder SET duration = %s WHERE id = %s"
    try:
        error = _race(db_name, (update, (dur_a + 1, a)), (update, (dur_b + 1, b)))
        assert error is None, error
    finally:
        conn = _connect(db_name)
        conn.cursor().execute(update, (dur_a, a))
        conn.cursor().execute(update, (dur_b, b))
        conn.commit()
        conn.close()
