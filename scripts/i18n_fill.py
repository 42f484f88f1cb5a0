#!/usr/bin/env python3
"""Fill empty or untranslated msgstr of zh_CN.po files from a glossary.

Usage: i18n_fill.py GLOSSARY.json PO [PO...]
The glossary maps English source strings to Chinese. Entries already
translated are kept; the script prints the sources it could not fill.
"""
import json
import re
import sys

ENTRY = re.compile(r'^msgid "(?P<id>(?:[^"\\]|\\.)*)"\nmsgstr "(?P<str>(?:[^"\\]|\\.)*)"$', re.M)


def unquote(s):
    return json.loads('"%s"' % s)


def quote(s):
    return json.dumps(s, ensure_ascii=False)[1:-1]


def fill(text, glossary):
    missing = []

    def repl(m):
        src, dst = unquote(m.group('id')), unquote(m.group('str'))
        if not src or (dst and dst != src):
            return m.group(0)
        if src in glossary:
            return 'msgid "%s"\nmsgstr "%s"' % (m.group('id'), quote(glossary[src]))
        missing.append(src)
        return m.group(0)
    return ENTRY.sub(repl, text), missing


def main(glossary_path, *po_paths):
    with open(glossary_path, encoding='utf-8') as fh:
        glossary = json.load(fh)
    status = 0
    for path in po_paths:
        with open(path, encoding='utf-8') as fh:
            text, missing = fill(fh.read(), glossary)
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(text)
        for src in missing:
            print('%s: no translation for %r' % (path, src))
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
