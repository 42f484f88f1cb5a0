# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Side-by-side difference of two versions of a procedure, as an HTML table.

Plain Python (no ORM). The versions are compared as text, line by line
(paragraphs, list items, table rows of the HTML become lines); in a changed
line the words removed are struck out on the left and the words added are
highlighted on the right.
"""

import difflib
import html
import re

_BLOCK = re.compile(
    r'<\s*(br|/p|/div|/li|/tr|/h[1-6]|/pre|/blockquote)\b[^>]*>', re.I
)
_CELL = re.compile(r'<\s*/t[dh]\s*>', re.I)
_TAG = re.compile(r'<[^>]+>')
_WORD = re.compile(r'\s+|[^\s]+')

STYLE_DEL = 'background-color:#f8d7da;text-decoration:line-through;'
STYLE_INS = 'background-color:#d4edda;'
STYLE_ROW_CHANGED = 'background-color:#fff8e1;'


def html_to_lines(content):
    """The text of an HTML procedure, one line per block, blank lines dropped."""
    text = _CELL.sub(' | ', content or '')
    text = _BLOCK.sub('\n', text)
    text = html.unescape(_TAG.sub('', text))
    return [
        ' '.join(line.split()) for line in text.splitlines() if line.strip()
    ]


def _words(old, new):
    a, b = _WORD.findall(old), _WORD.findall(new)
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        old_part, new_part = html.escape(''.join(a[i1:i2])), html.escape(
            ''.join(b[j1:j2])
        )
        if tag == 'equal':
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append('<span style="%s">%s</span>' % (STYLE_DEL, old_part))
        if new_part:
            right.append('<span style="%s">%s</span>' % (STYLE_INS, new_part))
    return ''.join(left), ''.join(right)


def diff_rows(old_lines, new_lines):
    """[(kind, old_html, new_html)]: kind is 'equal', 'changed', 'removed' or
    'added'."""
    rows = []
    matcher = difflib.SequenceMatcher(
        None, old_lines, new_lines, autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == 'equal':
            rows += [
                ('equal', html.escape(line), html.escape(line))
                for line in old_lines[i1:i2]
            ]
            continue
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        for k in range(max(len(olds), len(news))):
            old = olds[k] if k < len(olds) else None
            new = news[k] if k < len(news) else None
            if old is not None and new is not None:
                rows.append(('changed',) + _words(old, new))
            elif old is not None:
                rows.append(
                    (
                        'removed',
                        '<span style="%s">%s</span>'
                        % (STYLE_DEL, html.escape(old)),
                        '',
                    )
                )
            else:
                rows.append(
                    (
                        'added',
                        '',
                        '<span style="%s">%s</span>'
                        % (STYLE_INS, html.escape(new)),
                    )
                )
    return rows


def diff_table(old_html, new_html, old_title, new_title):
    """An HTML table: the old version on the left, the new on the right."""
    rows = diff_rows(html_to_lines(old_html), html_to_lines(new_html))
    out = [
        '<table class="table table-condensed o_ci_sop_diff" '
        'style="width:100%;table-layout:fixed;">',
        '<thead><tr><th>%s</th><th>%s</th></tr></thead><tbody>'
        % (html.escape(old_title), html.escape(new_title)),
    ]
    for kind, old, new in rows:
        style = '' if kind == 'equal' else ' style="%s"' % STYLE_ROW_CHANGED
        out.append(
            '<tr%s data-kind="%s"><td>%s</td><td>%s</td></tr>'
            % (style, kind, old, new)
        )
    out.append('</tbody></table>')
    return ''.join(out)


def summary(old_html, new_html):
    """Counts of lines changed, removed and added."""
    counts = {'changed': 0, 'removed': 0, 'added': 0}
    for kind, _old, _new in diff_rows(
        html_to_lines(old_html), html_to_lines(new_html)
    ):
        if kind != 'equal':
            counts[kind] += 1
    return counts


# a step of the old version reworded in the new one (half its words kept) is
# not removed: it is still there, as the compare view shows it changed
SIMILAR = 0.5


# words, and each CJK character on its own: Chinese has no spaces between words
_TOKEN = re.compile(
    r'[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+'
)


def _similar(old, new):
    return (
        difflib.SequenceMatcher(
            None, _TOKEN.findall(old), _TOKEN.findall(new), autojunk=False
        ).ratio()
        >= SIMILAR
    )


def removed_lines(old_html, new_html):
    """The lines (steps) of the old version the new one no longer has, in
    their order: the ones the line diff deletes, or replaces with nothing
    alike. A step moved elsewhere, or reworded, is not removed."""
    old_lines, new_lines = html_to_lines(old_html), html_to_lines(new_html)
    kept = set(new_lines)
    removed = []
    matcher = difflib.SequenceMatcher(
        None, old_lines, new_lines, autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == 'delete':
            removed += old_lines[i1:i2]
        elif tag == 'replace':
            news, start = new_lines[j1:j2], 0
            for old in old_lines[i1:i2]:
                match = next(
                    (
                        k
                        for k in range(start, len(news))
                        if _similar(old, news[k])
                    ),
                    None,
                )
                if match is None:
                    removed.append(old)
                else:
                    start = match + 1
    return [line for line in removed if line not in kept]
