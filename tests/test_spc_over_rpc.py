"""SPC ingestion over real XML-RPC: concurrent integrators, bad batches, rights."""
import random
import threading
import xmlrpc.client

import pytest
from test_xmlrpc_access import RPC_ACCESS_ERROR, Rpc

EN = {'lang': 'en_US'}




def _rows(code, start, count, shift=0.0, seed=0):
    rnd = random.Random(seed)
    return [{'characteristic': code, 'value': 10.0 + shift + rnd.gauss(0, 0.1),
             'timestamp': '2026-04-%02d %02d:%02d:%02d' % (1 + (start + i) // 86400, (start + i) // 3600 % 24,
                                                           (start + i) // 60 % 60, (start + i) % 60)}
            for i in range(count)]


def test_concurrent_batches_freeze_once_and_signal_once(odoo_server, db_name, engineer):
    """Eight integrators send batches at once: every row stored, limits frozen
    once, each violation signalled once, one improvement."""
    code = 'RPC-CONC-%d' % random.randint(0, 10 ** 9)
    char_id = engineer('ci.spc.characteristic', 'create', {
        'name': 'Concurrent', 'code': code, 'chart_type': 'imr', 'baseline_subgroups': 25})
    errors, results = [], [engineer('ci.spc.measurement', 'ingest', _rows(code, 0, 25, seed=1))]

    def worker(k):
        try:
            client = Rpc(odoo_server, db_name, 'engineer', 'engineer')
            for b in range(3):
                # every batch repeats the same far-out point pattern at its own times
                rows = _rows(code, 1000 * (k * 3 + b + 1), 40, seed=k * 10 + b)
                rows[-1]['value'] = 50.0
                results.append(client('ci.spc.measurement', 'ingest', rows))
        except Exception as exc:  # pylint: disable=broad-except
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert sum(r['created'] for r in results) == 25 + 8 * 3 * 40
    assert engineer('ci.spc.measurement', 'search_count', [('characteristic_id', '=', char_id)]) == 25 + 960
    phases = engineer('ci.spc.phase', 'search_read', [('characteristic_id', '=', char_id)],
                      fields=['state', 'baseline_count'])
    assert [(p['state'], p['baseline_count']) for p in phases] == [('frozen', 25)]
    signals = engineer('ci.spc.signal', 'search_read', [('characteristic_id', '=', char_id), ('chart', '=', 'main'),
                                                         ('rule_id.code', '=', 'we1')], fields=['point_key'])
    keys = [s['point_key'] for s in signals]
    far = engineer('ci.spc.measurement', 'search', [('characteristic_id', '=', char_id), ('value', '=', 50.0)])
    assert len(far) == 24
    assert len(keys) == len(set(keys))          # nothing signalled twice
    assert {str(i) for i in far} <= set(keys)   # the far-out points, each once
    # each new signal reported once, to the batch that raised it
    reported = [i for r in results for i in r['signals']]
    assert sorted(reported) == sorted(engineer('ci.spc.signal', 'search', [('characteristic_id', '=', char_id)]))
    assert sum(r['rules'].get('we1', 0) for r in results) == len(engineer(
        'ci.spc.signal', 'search', [('characteristic_id', '=', char_id), ('rule_id.code', '=', 'we1')]))
    batches = engineer('ci.spc.batch', 'read', [r['batch_id'] for r in results],
                       fields=['measurement_count', 'signal_count'])
    assert sorted((b['measurement_count'], b['signal_count']) for b in batches) == \
        sorted((r['created'], len(r['signals'])) for r in results)
    improvements = engineer('ci.improvement', 'search_read', [('spc_characteristic_id', '=', char_id)],
                            fields=['state', 'origin'])
    assert [(i['state'], i['origin']) for i in improvements] == [('submitted', 'spc_signal')]


def test_bad_batch_over_rpc_writes_nothing(engineer, operator):
    """A batch with one bad row is refused whole, the message names row, field and value."""
    code = 'RPC-BAD-%d' % random.randint(0, 10 ** 9)
    char_id = engineer('ci.spc.characteristic', 'create', {'name': 'Bad', 'code': code, 'chart_type': 'imr'})
    rows = _rows(code, 0, 5)
    rows[3]['value'] = 'twelve'
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.spc.measurement', 'ingest', rows, context=EN)
    assert "row 4, value = 'twelve'" in err.value.faultString
    rows[3]['value'] = float('nan')
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.spc.measurement', 'ingest', rows, context=EN)
    assert 'row 4, value = nan: not a finite number' in err.value.faultString
    assert engineer('ci.spc.measurement', 'search_count', [('characteristic_id', '=', char_id)]) == 0
    rows[3]['value'] = 10.0
    assert operator('ci.spc.measurement', 'ingest', rows)['created'] == 5
    # the operator records, but neither defines characteristics nor edits history
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.spc.characteristic', 'create', {'name': 'Mine', 'code': code + 'X', 'chart_type': 'imr'})
    assert err.value.faultCode == RPC_ACCESS_ERROR
    ids = operator('ci.spc.measurement', 'search', [('characteristic_id', '=', char_id)])
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.spc.measurement', 'write', ids[:1], {'value': 1.0})
    assert err.value.faultCode == RPC_ACCESS_ERROR
