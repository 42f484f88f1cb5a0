#!/usr/bin/env python3
"""Summarise a `--test-enable --log-level=test` log of Odoo 11.

Usage: odoo_tests_report.py LOG EXCEPTIONS [COUNTS.json]

Counts the tests Odoo ran, lists failures, errors and skips by test id, and
exits non-zero when one is not in EXCEPTIONS (runtime/odoo-test-exceptions.txt),
when a listed exception did not happen, or when Odoo logged an ERROR outside
of a test (a failed install, a broken YAML test...).
"""
import json
import re
import sys

LINE = re.compile(r'^\d{4}-\d\d-\d\d [\d:,]+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<msg>.*)$')
RAN = re.compile(r'^Ran (\d+) tests? in')
FAILED = re.compile(r'^(FAIL|ERROR): (\S+) \((\S+)\)')
# verbosity-2 runner: "test_x (odoo.addons.m.tests.t.Class.test_x)" then " ... skipped 'why'"
TEST_START = re.compile(r'^(test\w*) \((odoo\.addons\.[\w.]+)\)$')
SKIPPED = re.compile(r"^skipped '(.*)'$")
# per-module summaries of failures already counted test by test
SUMMARY = re.compile(r'^(Module \w+: \d+ failures, \d+ errors|At least one test failed.*'
                     r'|FAIL|ERROR|FAILED.*)$')


def parse(lines):
    ran, problems, skips, stray = 0, [], [], []
    current = None
    in_test_block = False
    for raw in lines:
        m = LINE.match(raw.rstrip('\n'))
        if not m:
            continue
        level, logger, msg = m.group('level', 'logger', 'msg')
        if msg.endswith('running tests.'):
            in_test_block = True
        r = RAN.match(msg)
        if r:
            ran += int(r.group(1))
            in_test_block = False
            continue
        t = TEST_START.match(msg)
        if t:
            current = t.group(2)
            continue
        f = FAILED.match(msg)
        if f:
            problems.append((f.group(1), f.group(3)))
            continue
        s = SKIPPED.match(msg)
        if s and current:
            skips.append((current, s.group(1)))
            continue
        if level in ('ERROR', 'CRITICAL') and not in_test_block \
                and not SUMMARY.match(msg):
            stray.append('%s %s: %s' % (level, logger, msg))
    return ran, problems, skips, stray


def load_exceptions(path):
    known = {}
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            test_id, kind, reason = re.split(r'\s{2,}', line, maxsplit=2)
            known[test_id] = (kind, reason)
    return known


def main(log_path, exceptions_path, counts_path=None):
    with open(log_path, errors='replace') as fh:
        ran, problems, skips, stray = parse(fh)
    known = load_exceptions(exceptions_path)
    seen, unexpected = set(), []
    for kind, test_id in problems:
        if known.get(test_id, (None,))[0] == 'fail':
            seen.add(test_id)
        else:
            unexpected.append('%s: %s' % (kind, test_id))
    for test_id, reason in skips:
        if known.get(test_id, (None,))[0] == 'skip':
            seen.add(test_id)
        else:
            unexpected.append("SKIPPED: %s (%s)" % (test_id, reason))
    stale = sorted(set(known) - seen)
    failed = len(problems)
    print("Odoo 11's own tests under this runtime: %d run, %d passed, %d failed or "
          "errored, %d skipped" % (ran, ran - failed - len(skips), failed, len(skips)))
    for test_id in sorted(seen):
        print("  listed exception: %s (%s: %s)" % ((test_id,) + known[test_id]))
    for line in unexpected:
        print("  NOT LISTED: " + line)
    for line in stray:
        print("  ERROR LOGGED OUTSIDE A TEST: " + line[:300])
    for test_id in stale:
        print("  STALE EXCEPTION (did not happen): " + test_id)
    ok = ran > 0 and not unexpected and not stray and not stale
    if counts_path:
        with open(counts_path, 'w') as fh:
            json.dump({'run': ran, 'passed': ran - failed - len(skips),
                       'failed': len(unexpected) + len(stray) + len(stale),
                       'skipped': len(skips)}, fh)
    # the plain closing line CI reads, counting listed exceptions as not passed
    print("odoo-tests: %d passed, %d failed" % (ran - failed - len(skips),
                                               len(unexpected) + len(stray) + len(stale)))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:4]))
