# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An integrator's client of the CI suite, with OdooRPC (docs/api.md).

    pip install odoorpc==0.10.1
    python examples/ci_client.py --url http://localhost:8069 --db ci_demo \\
        --login operator --password operator --characteristic BD280-THK

What a line's gauge computer or an MES connector does:

1. pushes measurements of a characteristic, in batches
   (``ci.spc.measurement.ingest``, all or nothing per batch);
2. reads the control chart back as data (``ci.spc.characteristic.chart_data``):
   phases, limits, the points that break a run rule;
3. submits an improvement (``ci.improvement``: ``create``, then
   ``action_submit``), as the phone page of the QR label does.

The measurements are simulated: normal values around the characteristic's
target (or the middle of its specification, or --nominal), or defect counts
for attributes charts. ``--json`` prints one JSON document of what was done
instead of the report. Exit status 0 on success, 1 when the server refused
a call (its message is printed), 2 on bad arguments.
"""
import argparse
import datetime
import json
import random
import sys
import urllib.parse

import odoorpc

VARIABLE_CHARTS = ('xbar_r', 'xbar_s', 'imr')
SUBGROUP_CHARTS = ('xbar_r', 'xbar_s')


def connect(url, db, login, password, lang=None):
    """An OdooRPC session logged in as ``login`` (JSON-RPC over HTTP)."""
    parts = urllib.parse.urlsplit(url)
    protocol = 'jsonrpc+ssl' if parts.scheme == 'https' else 'jsonrpc'
    port = parts.port or (443 if parts.scheme == 'https' else 80)
    odoo = odoorpc.ODOO(parts.hostname, protocol=protocol, port=port, timeout=120)
    odoo.login(db, login, password)
    if lang:
        # the language of the server's messages (the demo users read Chinese)
        odoo.env.context['lang'] = lang
    return odoo


def find_characteristic(odoo, code):
    found = odoo.env['ci.spc.characteristic'].search_read(
        [('code', '=', code)], ['id', 'name', 'chart_type', 'subgroup_size', 'has_target', 'target',
                                'has_lsl', 'lsl', 'has_usl', 'usl'], limit=1)
    if not found:
        raise SystemExit("characteristic %r not found (or not readable by this user)" % code)
    return found[0]


def simulate(char, count, nominal=None, sigma=None, seed=None):
    """``count`` rows for ``ingest``, timestamped up to now (UTC), one a second."""
    rnd = random.Random(seed)
    if nominal is None:
        if char['has_target']:
            nominal = char['target']
        elif char['has_lsl'] and char['has_usl']:
            nominal = (char['lsl'] + char['usl']) / 2.0
        else:
            nominal = 10.0
    if sigma is None:
        spread = char['usl'] - char['lsl'] if char['has_lsl'] and char['has_usl'] else abs(nominal) * 0.06
        sigma = spread / 12.0 or 0.1     # a capable process: Cp about 2
    size = max(char['subgroup_size'], 1)
    now = datetime.datetime.utcnow().replace(microsecond=0)
    rows = []
    for i in range(count):
        stamp = now - datetime.timedelta(seconds=count - i)
        row = {'characteristic': char['id'], 'timestamp': stamp.strftime('%Y-%m-%d %H:%M:%S')}
        if char['chart_type'] in VARIABLE_CHARTS:
            row['value'] = round(rnd.gauss(nominal, sigma), 4)
            if char['chart_type'] in SUBGROUP_CHARTS:
                # consecutive values form the subgroups of an X-bar chart
                row['subgroup'] = 'client-%s-%d' % (now.strftime('%Y%m%d%H%M%S'), i // size)
        elif char['chart_type'] == 'c':
            row['count'] = sum(rnd.random() < 0.05 for _unit in range(40))
        else:
            row['sample_size'] = size
            row['count'] = sum(rnd.random() < 0.05 for _unit in range(size))
        rows.append(row)
    if char['chart_type'] in SUBGROUP_CHARTS:
        rows = rows[:len(rows) - len(rows) % size]   # whole subgroups only
    return rows


def push_measurements(odoo, rows, batch=1000):
    """Send ``rows`` in batches; returns the responses of ``ingest``."""
    Measurement = odoo.env['ci.spc.measurement']
    return [Measurement.ingest(rows[i:i + batch]) for i in range(0, len(rows), batch)]


def read_chart(odoo, char_id, limit=150):
    # a method of records takes their ids first
    return odoo.env['ci.spc.characteristic'].chart_data([char_id], limit=limit)


def submit_improvement(odoo, title, problem, idea=None, workcenter=None):
    """Create an improvement and submit it for review; returns its id, reference and state."""
    Improvement = odoo.env['ci.improvement']
    vals = {'title': title, 'problem': problem, 'idea': idea or False}
    if workcenter:
        found = odoo.env['mrp.workcenter'].search([('name', '=', workcenter)], limit=1)
        if not found:
            raise SystemExit("work center %r not found" % workcenter)
        vals['workcenter_id'] = found[0]
    improvement_id = Improvement.create(vals)
    # a draft is private to its author; submitting sends it to the reviewers
    Improvement.action_submit([improvement_id])
    return Improvement.read([improvement_id], ['name', 'state', 'reviewer_id'])[0]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--url', required=True, help="e.g. http://localhost:8069")
    parser.add_argument('--db', required=True)
    parser.add_argument('--login', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--lang', help="language of the server's messages, e.g. en_US")
    parser.add_argument('--characteristic', required=True, help="code of the characteristic to measure")
    parser.add_argument('--count', type=int, default=100, help="measurements to send (default 100)")
    parser.add_argument('--batch', type=int, default=1000, help="rows per ingest call (default 1000)")
    parser.add_argument('--nominal', type=float, help="mean of the simulated values")
    parser.add_argument('--sigma', type=float, help="standard deviation of the simulated values")
    parser.add_argument('--seed', type=int, help="for repeatable values")
    parser.add_argument('--chart-points', type=int, default=150, help="points of the chart to read")
    parser.add_argument('--title', default="Gauge reading drifts at start of shift")
    parser.add_argument('--problem', default="The first parts of each shift measure high until the "
                                             "fixture is warm.")
    parser.add_argument('--idea', default="Warm the fixture up for ten minutes before the first part.")
    parser.add_argument('--workcenter', help="name of the work center the improvement concerns")
    parser.add_argument('--json', action='store_true', help="print a JSON summary instead of the report")
    args = parser.parse_args(argv)
    if args.count < 0 or not 1 <= args.batch <= 10000:
        parser.error("--count must be >= 0 and --batch between 1 and 10000")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        odoo = connect(args.url, args.db, args.login, args.password, args.lang)
        char = find_characteristic(odoo, args.characteristic)
        rows = simulate(char, args.count, args.nominal, args.sigma, args.seed)
        responses = push_measurements(odoo, rows, args.batch)
        chart = read_chart(odoo, char['id'], args.chart_points)
        improvement = submit_improvement(odoo, args.title, args.problem, args.idea, args.workcenter)
    except odoorpc.error.RPCError as err:
        # the server's message: a UserError / ValidationError names the field and the value
        data = err.info.get('data', {}) if isinstance(err.info, dict) else {}
        message = data.get('message') or str(err)
        # Odoo 11 appends the exception's second argument, None, as a last line
        if message.endswith('\nNone'):
            message = message[:-len('\nNone')]
        print("refused by the server (%s): %s" % (data.get('name', 'error'), message), file=sys.stderr)
        return 1
    summary = {
        'uid': odoo.env.uid,
        'characteristic': {'id': char['id'], 'code': args.characteristic, 'chart_type': char['chart_type']},
        'measurements': {'sent': len(rows), 'created': sum(r['created'] for r in responses),
                         'batches': [r['batch_id'] for r in responses],
                         'signals': [s for r in responses for s in r['signals']]},
        'chart': {'points': len(chart['points']),
                  'phases': [{'name': p['name'], 'state': p['state'], 'center': p['center'],
                              'lcl': p['lcl'], 'ucl': p['ucl']} for p in chart['phases']],
                  'rule_breaks': [{'key': p['key'], 'date': p['date'], 'rules': p['rules']}
                                  for p in chart['points'] if p['rules']]},
        'improvement': {'id': improvement['id'], 'name': improvement['name'], 'state': improvement['state']},
    }
    if args.json:
        print(json.dumps(summary, indent=1, ensure_ascii=False))
        return 0
    m, c = summary['measurements'], summary['chart']
    print("logged in to %s as %s (uid %d)" % (args.db, args.login, odoo.env.uid))
    print("measurements: %d sent, %d created in %d batch(es), %d new signal(s)"
          % (m['sent'], m['created'], len(m['batches']), len(m['signals'])))
    for phase in c['phases']:
        limits = ("center %.4g, LCL %.4g, UCL %.4g" % (phase['center'], phase['lcl'], phase['ucl'])
                  if phase['state'] == 'frozen' else "limits provisional")
        print("phase %s: %s" % (phase['name'], limits))
    print("chart: %d points read, %d break a run rule" % (c['points'], len(c['rule_breaks'])))
    for point in c['rule_breaks'][-5:]:
        print("  %s (point %s): %s" % (point['date'], point['key'], ', '.join(point['rules'])))
    print("improvement %s submitted: state %s" % (summary['improvement']['name'], summary['improvement']['state']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
