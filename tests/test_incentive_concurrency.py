"""The points ledger under concurrent writers on separate database connections.

Each awarder is a thread with its own registry cursor (its own PostgreSQL
connection and transaction, at Odoo's REPEATABLE READ), started together
after taking its snapshot, and retried on a serialization failure exactly
as Odoo's RPC layer retries a request (odoo.service.model.check). The data
is committed in a company of its own, which the test leaves behind.
"""
import random
import threading
import time
import uuid

import odoo
import psycopg2
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import MAX_TRIES_ON_CONCURRENCY_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY

WORKERS = 8


def _setup(db_name, build):
    with api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        return build(api.Environment(cr, SUPERUSER_ID, {}))


def _company(env, label):
    tag = '%s %s' % (label, uuid.uuid4().hex[:8])
    company = env['res.company'].create({'name': tag})
    user = env['res.users'].with_context(no_reset_password=True).create({
        'name': 'Awardee ' + tag, 'email': 'awardee@example.com', 'login': 'awardee-' + tag.replace(' ', '-'), 'company_id': company.id,
        'company_ids': [(6, 0, company.ids)], 'groups_id': [(6, 0, env.ref('base.group_user').ids)]})
    return company, user


def _improvements(env, company, user, count):
    return [env['ci.improvement'].sudo(user).create({
        'title': 'Concurrent idea %d' % i, 'problem': 'Race', 'company_id': company.id}).id
        for i in range(count)]


def _race(db_name, work):
    """Run ``work(env, k)`` in WORKERS threads at once; returns (results, errors, retries)."""
    registry = odoo.registry(db_name)
    barrier = threading.Barrier(WORKERS)
    results, errors, retries = [None] * WORKERS, [None] * WORKERS, [0]
    lock = threading.Lock()

    def worker(k):
        first = True
        for attempt in range(MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
            try:
                with api.Environment.manage(), registry.cursor() as cr:
                    # the transaction's snapshot is taken here, before the others commit
                    cr.execute("SELECT 1")
                    if first:
                        first = False
                        barrier.wait(30)
                    results[k] = work(api.Environment(cr, SUPERUSER_ID, {}), k)
                    return
            except psycopg2.OperationalError as exc:
                if exc.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY or attempt == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                    errors[k] = exc
                    return
                with lock:
                    retries[0] += 1
                time.sleep(random.uniform(0.0, 0.05 * 2 ** attempt))
            except Exception as exc:  # pylint: disable=broad-except
                errors[k] = exc
                return

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, errors, retries[0]


def _count(db_name, query, params):
    with odoo.registry(db_name).cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def test_eight_awarders_one_event_one_entry(db_name):
    """Eight awarders apply the same rule to the same event at once: exactly one entry."""
    def build(env):
        company, user = _company(env, 'Race one')
        rule = env['ci.point.rule'].create({'name': 'Race', 'event': 'submitted', 'points': 10,
                                            'company_id': company.id})
        return rule.id, _improvements(env, company, user, 1)[0], user.id
    rule_id, imp_id, user_id = _setup(db_name, build)

    def work(env, _k):
        return env['ci.point.rule']._award('submitted', env['ci.improvement'].browse(imp_id)).ids

    results, errors, retries = _race(db_name, work)
    assert errors == [None] * WORKERS, errors
    written = [ids for ids in results if ids]
    rows = _count(db_name, "SELECT user_id, points FROM ci_point_entry WHERE rule_id = %s", (rule_id,))
    assert rows == [(user_id, 10)]
    assert len(written) == 1
    print("awarders: %d, entries: %d, serialization retries: %d" % (WORKERS, len(rows), retries))


def test_eight_awarders_never_pass_a_cap(db_name):
    """Eight events for one person at once under a cap of 35 (10 each): 35 in all, the last cut to 5."""
    def build(env):
        company, user = _company(env, 'Race cap')
        rule = env['ci.point.rule'].create({'name': 'Race cap', 'event': 'submitted', 'points': 10,
                                            'cap_points': 35, 'cap_period': 'year',
                                            'company_id': company.id})
        return rule.id, _improvements(env, company, user, WORKERS)

    rule_id, imp_ids = _setup(db_name, build)

    def work(env, k):
        return env['ci.point.rule']._award('submitted', env['ci.improvement'].browse(imp_ids[k])).ids

    _results, errors, _retries = _race(db_name, work)
    assert errors == [None] * WORKERS, errors
    rows = _count(db_name, "SELECT points FROM ci_point_entry WHERE rule_id = %s ORDER BY id", (rule_id,))
    assert [r[0] for r in rows] == [10, 10, 10, 5]


def test_eight_approvals_never_below_zero(db_name):
    """Eight redemptions of 30 points approved at once on a balance of 100: three pass, 10 remain."""
    def build(env):
        company, user = _company(env, 'Race redeem')
        rule = env['ci.point.rule'].create({'name': 'Race seed', 'event': 'award', 'points': 100,
                                            'company_id': company.id})
        rule._grant(env['res.company'].browse(company.id), users=user)
        reward = env['ci.reward'].create({'name': 'Race voucher', 'points_cost': 30, 'company_id': company.id})
        return user.id, company.id, [env['ci.reward.redemption'].sudo(user).create(
            {'reward_id': reward.id}).id for _i in range(WORKERS)]

    user_id, company_id, request_ids = _setup(db_name, build)

    def work(env, k):
        env['ci.reward.redemption'].browse(request_ids[k]).action_approve()
        return True

    results, errors, _retries = _race(db_name, work)
    assert results.count(True) == 3, (results, errors)
    assert all(isinstance(e, UserError) and 'balance' in e.name for e in errors if e), errors
    rows = _count(db_name, "SELECT SUM(points), COUNT(*) FILTER (WHERE kind = 'redemption') FROM ci_point_entry "
                           "WHERE user_id = %s AND company_id = %s", (user_id, company_id))
    assert rows == [(10, 3)]
