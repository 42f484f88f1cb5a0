"""Malformed measurement batches over real XML-RPC: each one is refused with a
clear fault naming the row, the field and the value, nothing is written, and
every characteristic's screens still open. Absurd values stored in SQL do not
break them either; a storm of signals opens one improvement."""
import ast
import collections
import datetime
import io
import math
import random
import re
import uuid
import xmlrpc.client

import odoo
import openpyxl
import pytest

EN = {'lang': 'en_US'}
SEED = 20261202
BATCHES = 240
MAX_BATCH = 10000
# a row's time: safely in the past, in 2026
T0 = datetime.datetime(2026, 1, 5, 6, 0)


def stamp(seconds):
    return (T0 + datetime.timedelta(seconds=seconds)).strftime('%Y-%m-%d %H:%M:%S')


def quoted(value):
    """How the server quotes a value in its message (ci_spc's _Quoted)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:75] + '[...]'


def message(fault):
    """The message of a refused call: a ValidationError's is the last line of the traceback."""
    last = fault.faultString.strip().splitlines()[-1]
    prefix = 'odoo.exceptions.ValidationError: '
    if last.startswith(prefix):
        return ast.literal_eval(last[len(prefix):])[0]
    return fault.faultString


def sql(db_name, query, params=()):
    with odoo.api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        cr.execute(query, params)
        rows = cr.fetchall() if cr.description else None
        cr.commit()
        return rows


def counts(db_name):
    return sql(db_name, "SELECT (SELECT count(*) FROM ci_spc_measurement), (SELECT count(*) FROM ci_spc_batch), "
                        "(SELECT count(*) FROM ci_spc_signal), (SELECT max(id) FROM ci_spc_measurement)")[0]


def open_form(rpc, model, record_id):
    """What the web client reads to open a record's form: every field of the
    form view, and the fields of the lists in it."""
    view = rpc(model, 'fields_view_get', view_type='form', context=EN)
    [record] = rpc(model, 'read', [record_id], fields=list(view['fields']), context=EN)
    for name, desc in view['fields'].items():
        tree = desc.get('views', {}).get('tree')
        if desc['type'] in ('one2many', 'many2many') and record[name] and tree:
            rpc(desc['relation'], 'read', record[name], fields=list(tree['fields']), context=EN)
    return record


def assert_plain(value, where):
    """No NaN or infinity anywhere in what the server handed over."""
    if isinstance(value, float):
        assert math.isfinite(value), where
    elif isinstance(value, dict):
        for key, item in value.items():
            assert_plain(item, (where, key))
    elif isinstance(value, list):
        for item in value:
            assert_plain(item, where)


@pytest.fixture(scope='module')
def chars(engineer):
    """One characteristic per chart type, with frozen limits where a baseline makes sense."""
    tag = uuid.uuid4().hex[:8].upper()
    spec = {'has_lsl': True, 'lsl': 9.0, 'has_usl': True, 'usl': 11.0, 'has_target': True, 'target': 10.0}
    made = {}
    for kind, size, extra in (('imr', 1, spec), ('xbar_r', 5, spec), ('p', 100, {}), ('np', 50, {}),
                              ('c', 1, {}), ('u', 10, {})):
        code = 'FUZZ-%s-%s' % (kind.upper(), tag)
        char_id = engineer('ci.spc.characteristic', 'create', dict(
            {'name': 'Fuzz %s' % kind, 'code': code, 'chart_type': kind, 'subgroup_size': size,
             'baseline_subgroups': 10}, **extra))
        made[kind] = {'id': char_id, 'code': code, 'size': size}
    rnd = random.Random(1)
    baseline = []
    for i in range(10):
        baseline.append({'characteristic': made['imr']['code'], 'value': rnd.gauss(10.0, 0.1), 'timestamp': stamp(i)})
        baseline += [{'characteristic': made['xbar_r']['code'], 'value': rnd.gauss(10.0, 0.1), 'timestamp': stamp(i),
                      'subgroup': 'B%d' % i} for _j in range(5)]
        baseline.append({'characteristic': made['p']['code'], 'count': rnd.randint(0, 9), 'sample_size': 100,
                         'timestamp': stamp(i)})
        baseline.append({'characteristic': made['np']['code'], 'count': rnd.randint(0, 5), 'sample_size': 50,
                         'timestamp': stamp(i)})
        baseline.append({'characteristic': made['c']['code'], 'count': rnd.randint(0, 9), 'timestamp': stamp(i)})
        baseline.append({'characteristic': made['u']['code'], 'count': rnd.randint(0, 9), 'sample_size': 10,
                         'timestamp': stamp(i)})
    assert engineer('ci.spc.measurement', 'ingest', baseline)['created'] == len(baseline)
    return made


class Fuzzer(object):
    """Malformed batches, each with what the refusal must say."""

    def __init__(self, chars, seed):
        self.chars, self.rnd = chars, random.Random(seed)
        self.clock = 10 ** 6

    def good_row(self, kind=None):
        rnd = self.rnd
        kind = kind or rnd.choice(['imr', 'p', 'np', 'c', 'u'])
        char = self.chars[kind]
        self.clock += 1
        row = {'characteristic': rnd.choice([char['code'], char['id']]), 'timestamp': stamp(self.clock)}
        if kind == 'imr':
            row['value'] = round(rnd.gauss(10.0, 0.1), 4)
        elif kind == 'c':
            row['count'] = rnd.randint(0, 9)
        else:
            row['count'] = rnd.randint(0, 5)
            row['sample_size'] = char['size']
        if rnd.random() < 0.2:
            row['note'] = rnd.choice(['ok', 'first part of the shift', 'été', '班次'])
        return kind, row

    def good_rows(self, count):
        return [self.good_row()[1] for _i in range(count)]

    def junk(self):
        rnd = self.rnd
        return rnd.choice([
            None, True, False, 'twelve', '', 'nan', 'inf', '-Infinity', '1e308', '10.0', [], {}, [1, 2],
            {'value': 1}, [[[]]], {'a': {'b': [None, 'x' * 200]}}, list(range(300)), 3.5, -7, 2 ** 31 - 1,
            ' ' * 3, '\u202e', 'x' * 5000,
        ])

    def batch(self):
        """(rows, the number of the row refused, its field, its value)."""
        rnd = self.rnd
        rows = self.good_rows(rnd.randint(0, 12))
        position = rnd.randint(0, len(rows))
        case = rnd.choice(CASES)
        kind, row = self.good_row(CASE_KIND.get(case))
        field, value, bad = case(self, kind, row)
        # a case gives the bad row, or rows whose last one is refused
        bad = bad if isinstance(bad, tuple) else (bad,)
        rows[position:position] = bad
        return rows, position + len(bad), field, value


def _not_a_dict(fuzz, kind, row):
    value = fuzz.rnd.choice([None, 7, 'row', [row], [1, 2, 3], 2.5, True])
    return 'row', value, value


def _unknown_field(fuzz, kind, row):
    name = fuzz.rnd.choice(['valeur', 'Value', 'sample', 'characteristic_id', 'extra', 'id'])
    row[name] = fuzz.junk()
    return name, None, row


def _no_characteristic(fuzz, kind, row):
    del row['characteristic']
    return 'characteristic', None, row


def _unknown_characteristic(fuzz, kind, row):
    row['characteristic'] = fuzz.rnd.choice([
        2 ** 31 - 1, -1, 0, 987654321, 'NOPE', 'fuzz-imr', '', 'x' * 300, 1.0, [1], {'code': 'x'}, None, True])
    return 'characteristic', row['characteristic'], row


def _no_timestamp(fuzz, kind, row):
    del row['timestamp']
    return 'timestamp', None, row


def _bad_timestamp(fuzz, kind, row):
    row['timestamp'] = fuzz.rnd.choice([
        '', 'yesterday', '2026-13-01 00:00:00', '2026-02-30 10:00:00', '2026-01-05 25:00:00', '2026/01/05 06:00:00',
        '05-01-2026 06:00:00', 1767225600, 1767225600.5, '1969-12-31 23:59:59', '1900-01-01 00:00:00',
        '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00', '9999-12-31 23:59:59', '2099-01-01 00:00:00',
        '2026-01-05T06:00:00+25:00', '2026-01-05 06:00:00 UTC', None, [2026, 1, 5], {'date': '2026-01-05'}, True])
    return 'timestamp', row['timestamp'], row


def _bad_value(fuzz, kind, row):
    row['value'] = fuzz.rnd.choice(['twelve', 'nan', 'NaN', 'inf', '-inf', 'Infinity', '1e308', '10,5', '', None,
                                    True, False, [10.0], {'v': 10.0}, [[1], [2]]])
    return 'value', row['value'], row


def _missing_value(fuzz, kind, row):
    del row['value']
    return 'value', None, row


def _not_finite(fuzz, kind, row):
    row['value'] = fuzz.rnd.choice([float('nan'), float('inf'), float('-inf')])
    return 'value', row['value'], row


def _absurd_value(fuzz, kind, row):
    # the specification [9, 11] gives reasonable limits [-101, 121]
    row['value'] = fuzz.rnd.choice([1e308, -1e308, -2 ** 31, 2 ** 31 - 1, 1e10, -1e15, 3.4e38, 1e300, -500.0,
                                    1000.0, -150.0, 122.5])
    return 'value', row['value'], row


def _value_on_attributes(fuzz, kind, row):
    row['value'] = fuzz.rnd.choice([1.0, 0, 'x'])
    return 'value', row['value'], row


def _count_on_variables(fuzz, kind, row):
    row[fuzz.rnd.choice(['count', 'sample_size'])] = 3
    return 'count', row.get('count'), row


def _bad_count(fuzz, kind, row):
    row['count'] = fuzz.rnd.choice([-1, -2 ** 31, 2.5, '3', None, True, [3], {'n': 3}, 2 ** 31 - 1, 10 ** 6 + 1,
                                    float('nan')])
    return 'count', row['count'], row


def _missing_count(fuzz, kind, row):
    del row['count']
    return 'count', None, row


def _defectives_beyond_sample(fuzz, kind, row):
    row['count'] = row['sample_size'] + fuzz.rnd.randint(1, 1000)
    return 'count', row['count'], row


def _bad_sample_size(fuzz, kind, row):
    row['sample_size'] = fuzz.rnd.choice([0, -1, -100, 2.5, '100', None, True, [100], 10 ** 6 + 1, 2 ** 31 - 1])
    return 'sample_size', row['sample_size'], row


def _np_size(fuzz, kind, row):
    row['sample_size'] = fuzz.rnd.choice([49, 51, 1, 1000])
    row['count'] = 0
    return 'sample_size', row['sample_size'], row


def _c_with_size(fuzz, kind, row):
    row['sample_size'] = fuzz.rnd.choice([1, 10, 0])
    return 'sample_size', row['sample_size'], row


def _bad_subgroup(fuzz, kind, row):
    row['subgroup'] = fuzz.rnd.choice(['s' * 65, 'é' * 100, [1], {'s': 1}, True, 2.5, 'k' * 99])
    return 'subgroup', row['subgroup'], row


def _bad_workorder(fuzz, kind, row):
    row['workorder_id'] = fuzz.rnd.choice([2 ** 31 - 1, 987654, -5, 'WO/0001', [1], 2.0])
    return 'workorder_id', row['workorder_id'], row


def _bad_note(fuzz, kind, row):
    row['note'] = fuzz.rnd.choice([5, 2.5, ['a'], {'a': 1}, True])
    return 'note', row['note'], row


def _overfilled_subgroup(fuzz, kind, row):
    # a subgroup of 5 sent with a sixth member (a row sent twice)
    char = fuzz.chars['xbar_r']
    fuzz.clock += 1
    key = 'F%d' % fuzz.clock
    members = [{'characteristic': char['code'], 'value': 10.0 + 0.01 * i, 'timestamp': stamp(fuzz.clock),
                'subgroup': key} for i in range(5)]
    return 'subgroup', key, tuple(members + [dict(members[fuzz.rnd.randint(0, 4)])])


CASES = [_not_a_dict, _unknown_field, _no_characteristic, _unknown_characteristic, _no_timestamp, _bad_timestamp,
         _bad_value, _missing_value, _not_finite, _absurd_value, _value_on_attributes, _count_on_variables,
         _bad_count, _missing_count, _defectives_beyond_sample, _bad_sample_size, _np_size, _c_with_size,
         _bad_subgroup, _bad_workorder, _bad_note, _overfilled_subgroup]
# the chart the good row of a case is for
CASE_KIND = {_bad_value: 'imr', _missing_value: 'imr', _not_finite: 'imr', _absurd_value: 'imr',
             _count_on_variables: 'imr', _value_on_attributes: 'c', _bad_count: 'p', _missing_count: 'u',
             _defectives_beyond_sample: 'p', _bad_sample_size: 'u', _np_size: 'np', _c_with_size: 'c'}


def test_malformed_batches_are_refused_whole(db_name, chars, operator, engineer, manager):
    """240 malformed batches (fixed seed) and the whole-batch cases: each a Fault naming row, field and
    value; not one measurement, batch or signal written; every characteristic's screens still open."""
    fuzz = Fuzzer(chars, SEED)
    before = counts(db_name)
    before_rpc = (manager('ci.spc.measurement', 'search_count', []), manager('ci.spc.batch', 'search_count', []))
    faults, cases, fields = [], 0, collections.Counter()
    callers = [operator, engineer, manager]

    def refused(rows, **kw):
        caller = fuzz.rnd.choice(callers)
        with pytest.raises(xmlrpc.client.Fault) as err:
            caller('ci.spc.measurement', 'ingest', rows, context=EN, **kw)
        faults.append(err.value)
        return err.value

    while cases < BATCHES:
        rows, number, field, value = fuzz.batch()
        fields[field] += 1
        fault = refused(rows, dry_run=fuzz.rnd.random() < 0.1)
        text = message(fault)
        assert fault.faultCode == 1, fault.faultString
        assert text.startswith('Measurements not recorded, nothing was written'), text
        head = 'row %d, %s = ' % (number, field)
        assert head in text, (head, rows[number - 1], text)
        if field != 'row' or not isinstance(value, dict):
            assert '%s%s: ' % (head, quoted(value)) in text, (value, text)
        assert len(text) < 4000
        cases += 1
    # whole batches: not a list, empty, too big
    for rows, expected in (('rows', "a list of rows is expected, not 'rows'"),
                           (None, 'a list of rows is expected, not None'), (42, 'not 42'),
                           ({'characteristic': chars['imr']['code']}, "not {'characteristic': "),
                           ([], 'the batch is empty'),
                           (fuzz.good_rows(MAX_BATCH + 1), 'at most 10000 rows per batch, not 10001')):
        fault = refused(rows)
        assert expected in message(fault)
        cases += 1
    # many bad rows: the first 20 reported, all counted
    rows = fuzz.good_rows(50)
    for row in rows[::2]:
        row['timestamp'] = 'soon'
    text = message(refused(rows))
    assert '(25 of 50 rows have errors' in text and text.count('\n') == 20 and 'row 39,' in text
    cases += 1
    assert len(faults) == cases >= 200
    # nothing written, not even a batch log or a signal
    assert counts(db_name) == before
    assert (manager('ci.spc.measurement', 'search_count', []), manager('ci.spc.batch', 'search_count', [])) \
        == before_rpc
    # and every characteristic opens, with its chart data
    for char_id in engineer('ci.spc.characteristic', 'search', [], context=dict(EN, active_test=False)):
        record = open_form(engineer, 'ci.spc.characteristic', char_id)
        assert_plain(record, char_id)
        assert_plain(engineer('ci.spc.characteristic', 'chart_data', [char_id], context=EN), char_id)
    # a good batch after all that goes through
    assert engineer('ci.spc.measurement', 'ingest', fuzz.good_rows(5))['created'] == 5
    print('\nfuzz: %d malformed batches, %d faults, 0 rows written; refused fields: %s'
          % (cases, len(faults), dict(fields.most_common())))


def test_absurd_values_name_the_reasonable_limits(db_name, engineer, operator):
    """±1e308 and -2**31 are refused with the reasonable limits of the characteristic."""
    code = 'FUZZ-ABS-%s' % uuid.uuid4().hex[:8]
    char_id = engineer('ci.spc.characteristic', 'create', {
        'name': 'Shaft diameter', 'code': code, 'chart_type': 'imr', 'has_lsl': True, 'lsl': 24.98,
        'has_usl': True, 'usl': 25.02})
    [char] = engineer('ci.spc.characteristic', 'read', [char_id], fields=['reasonable_low', 'reasonable_high'])
    assert (round(char['reasonable_low'], 2), round(char['reasonable_high'], 2)) == (-225.22, 275.22)
    before = counts(db_name)
    for absurd in (1e308, -1e308, -2 ** 31):
        rows = [{'characteristic': code, 'value': 25.0, 'timestamp': stamp(i)} for i in range(3)]
        rows[2]['value'] = absurd
        with pytest.raises(xmlrpc.client.Fault) as err:
            operator('ci.spc.measurement', 'ingest', rows, context=EN)
        text = message(err.value)
        assert 'row 3, value = %r: outside the reasonable limits [-225.22, 275.22] of Shaft diameter' % absurd \
            in text, text
        print('\n' + err.value.faultString.strip().splitlines()[-1])
    assert counts(db_name) == before
    # an operator cannot move them, an engineer can
    with pytest.raises(xmlrpc.client.Fault):
        operator('ci.spc.characteristic', 'write', [char_id], {'reasonable_low': -1e9})
    engineer('ci.spc.characteristic', 'write', [char_id], {'reasonable_low': 24.0, 'reasonable_high': 26.0})
    with pytest.raises(xmlrpc.client.Fault) as err:
        operator('ci.spc.measurement', 'ingest', [{'characteristic': code, 'value': 2.5, 'timestamp': stamp(0)}],
                 context=EN)
    assert 'row 1, value = 2.5: outside the reasonable limits [24, 26] of Shaft diameter' in message(err.value)


def test_stored_absurd_values_do_not_break_the_screens(db_name, engineer, operator):
    """Absurd values written in SQL: the form, chart data, the XLSX export and the printable chart still open."""
    code = 'FUZZ-SQL-%s' % uuid.uuid4().hex[:8]
    char_id = engineer('ci.spc.characteristic', 'create', {
        'name': 'Stored absurd', 'code': code, 'chart_type': 'imr', 'baseline_subgroups': 10,
        'has_lsl': True, 'lsl': 9.0, 'has_usl': True, 'usl': 11.0, 'has_target': True, 'target': 10.0})
    rnd = random.Random(3)
    engineer('ci.spc.measurement', 'ingest', [
        {'characteristic': code, 'value': rnd.gauss(10.0, 0.1), 'timestamp': stamp(i)} for i in range(12)])
    for i, value in enumerate(('1e308', '-1e308', '-2147483648', 'NaN', 'Infinity', None)):
        sql(db_name, """INSERT INTO ci_spc_measurement (characteristic_id, value, timestamp, subgroup, voided,
                                                         date_recorded)
                        VALUES (%s, %s::numeric, %s, 'sql', false, now() at time zone 'utc')""",
            (char_id, value, stamp(100 + i)))
    for rpc in (engineer, operator):
        record = open_form(rpc, 'ci.spc.characteristic', char_id)
        assert_plain(record, 'form')
        # the form draws the chart in the browser from chart_data; the SVG of
        # the printable chart is read on its own
        [svg] = rpc('ci.spc.characteristic', 'read', [char_id], fields=['chart_svg'], context=EN)
        assert '<svg' in svg['chart_svg'] and '<svg' in record['capability_svg']
        data = rpc('ci.spc.characteristic', 'chart_data', [char_id], limit=10000, context=EN)
        assert_plain(data, 'chart_data')
        assert len(data['points']) == 13    # -2**31 is a number the chart draws; the rest cannot be
    # the exports, as the web client's report route renders them (not callable over XML-RPC)
    with odoo.api.Environment.manage(), odoo.registry(db_name).cursor() as cr:
        env = odoo.api.Environment(cr, engineer.uid, EN)
        content, kind = env.ref('ci_spc.action_report_ci_spc_chart_xlsx').render_xlsx([char_id], {})
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        numbers = [v for row in sheet.iter_rows(min_row=5, values_only=True) for v in row if isinstance(v, float)]
        assert kind == 'xlsx' and numbers and all(math.isfinite(v) for v in numbers)
        html = env.ref('ci_spc.action_report_ci_spc_chart').render_qweb_html([char_id])[0]
        assert b'<svg' in html and not re.search(rb'(?<![a-z])(nan|inf)(?![a-z])', html, re.I)
    # and the next batch is judged without them
    assert engineer('ci.spc.measurement', 'ingest', [
        {'characteristic': code, 'value': 10.05, 'timestamp': stamp(200)}])['created'] == 1


def test_a_signal_storm_opens_one_improvement(engineer):
    """A batch breaking the rules some hundred times: every signal recorded, one improvement summing them up."""
    code = 'FUZZ-STORM-%s' % uuid.uuid4().hex[:8]
    char_id = engineer('ci.spc.characteristic', 'create', {
        'name': 'Storm', 'code': code, 'chart_type': 'imr', 'baseline_subgroups': 20})
    rnd = random.Random(4)
    engineer('ci.spc.measurement', 'ingest', [
        {'characteristic': code, 'value': rnd.gauss(10.0, 0.1), 'timestamp': stamp(i)} for i in range(20)])
    # (in English: the improvement is written in the language of the call)
    result = engineer('ci.spc.measurement', 'ingest', [
        {'characteristic': code, 'value': 12.0 + 0.001 * i, 'timestamp': stamp(20 + i)} for i in range(80)],
        context=EN)
    assert len(result['signals']) > 50
    assert engineer('ci.spc.signal', 'search_count', [('characteristic_id', '=', char_id)]) == len(result['signals'])
    improvements = engineer('ci.improvement', 'search_read', [('spc_characteristic_id', '=', char_id)],
                            fields=['title', 'problem', 'spc_signal_ids', 'message_ids'], context=EN)
    assert len(improvements) == 1
    [improvement] = improvements
    assert improvement['title'] == 'SPC signal storm on Storm: %d signals' % len(result['signals'])
    assert 'raised %d signals in one go, for points from %s to %s (UTC)' % (
        len(result['signals']), stamp(20), stamp(99)) in improvement['problem']
    assert sorted(improvement['spc_signal_ids']) == sorted(result['signals'])
    bodies = [m['body'] for m in engineer('mail.message', 'read', improvement['message_ids'], fields=['body'])]
    assert len([b for b in bodies if 'storm' in (b or '')]) == 1
