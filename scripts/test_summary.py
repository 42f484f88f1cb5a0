#!/usr/bin/env python3
"""Closing line of `make test`: tests passed and failed over all steps.

Usage: test_summary.py PYTEST_JUNIT_XML ODOO_TESTS_COUNTS STEP=STATUS...
A failed step that ran no counted test (lint, database) counts as one failure.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def pytest_counts(path):
    if not os.path.exists(path):
        return 0, 0
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == 'testsuite' else root.findall('testsuite')
    total = sum(int(s.get('tests', 0)) for s in suites)
    bad = sum(int(s.get('failures', 0)) + int(s.get('errors', 0)) for s in suites)
    skipped = sum(int(s.get('skipped', 0)) for s in suites)
    return total - bad - skipped, bad


def odoo_counts(path):
    if not os.path.exists(path):
        return 0, 0
    with open(path) as fh:
        data = json.load(fh)
    return data['passed'], data['failed']


def main(junit, odoo_json, *steps):
    p_ok, p_bad = pytest_counts(junit)
    o_ok, o_bad = odoo_counts(odoo_json)
    status = dict(step.split('=', 1) for step in steps)
    extra = sum(1 for name in ('lint', 'database') if status.get(name) != 'ok')
    # a step that failed without a counted failure (crash, no report) still fails
    if status.get('pytest') != 'ok' and not p_bad:
        extra += 1
    if status.get('odoo-tests') != 'ok' and not o_bad:
        extra += 1
    print('pytest: %d passed, %d failed; Odoo own tests: %d passed, %d failed'
          % (p_ok, p_bad, o_ok, o_bad))
    print('total: %d passed, %d failed' % (p_ok + o_ok, p_bad + o_bad + extra))
    return 0 if (p_bad + o_bad + extra) == 0 else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
