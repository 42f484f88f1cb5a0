#!/usr/bin/env python3
"""Fill empty or untranslated msgstr of zh_CN.po files from a glossary.

Usage: i18n_fill.py GLOSSARY.json PO [PO...]
The glossary maps English source strings to Chinese. Entries already
translated are kept, unless they give a core term of the suite a wrong sense
(terms.zh_CN.json beside the glossary: Odoo's generic translations fill the
export, e.g. State as a province): those take the glossary's. The script
prints the sources it could not fill.
"""
import json
import os
import re
import sys

ENTRY = re.compile(r'^msgid "(?P<id>(?:[^"\\]|\\.)*)"\nmsgstr "(?P<str>(?:[^"\\]|\\.)*)"$', re.M)


def unquote(s):
    return json.loads('"%s"' % s)


def quote(s):
    return json.dumps(s, ensure_ascii=False)[1:-1]


def load_terms(glossary_path):
    path = os.path.join(os.path.dirname(os.path.abspath(glossary_path)), 'terms.zh_CN.json')
    if not os.path.exists(path):
        return {}
    with open(path, encoding='utf-8') as fh:
        return json.load(fh)['terms']


def wrong_sense(src, dst, terms):
    """Whether translation ``dst`` of ``src`` breaks a rule of ``terms``."""
    for term, spec in terms.items():
        if src.strip() == term:
            if dst.strip() != spec['right']:
                return True
        elif not spec.get('exact') and re.search(r'\b%s\b' % re.escape(term), src) \
                and any(wrong in dst for wrong in spec['wrong']):
            return True
    return False


def fill(text, glossary, terms=None):
    missing = []

    def repl(m):
        src, dst = unquote(m.group('id')), unquote(m.group('str'))
        if not src or (dst and dst != src and not wrong_sense(src, dst, terms or {})):
            return m.group(0)
        if src in glossary:
            return 'msgid "%s"\nmsgstr "%s"' % (m.group('id'), quote(glossary[src]))
        missing.append(src)
        return m.group(0)
    return ENTRY.sub(repl, text), missing


def main(glossary_path, *po_paths):
    with open(glossary_path, encoding='utf-8') as fh:
        glossary = json.load(fh)
    terms = load_terms(glossary_path)
    status = 0
    for path in po_paths:
        with open(path, encoding='utf-8') as fh:
            text, missing = fill(fh.read(), glossary, terms)
        with open(path, 'w', encoding='utf-8') as fh:
            fh.write(text)
        for src in missing:
            print('%s: no translation for %r' % (path, src))
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
