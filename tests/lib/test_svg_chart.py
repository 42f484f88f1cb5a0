# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.svg_chart's before/after chart: well-formed, to scale, safe on odd data."""
import re
from lxml import etree

from odoo.addons.ci_process.lib import svg_chart

NS = '{http://www.w3.org/2000/svg}'


def parse(svg):
    return etree.fromstring(svg.encode())


def test_interval_chart_points_and_whiskers_to_scale():
    svg = svg_chart.interval_chart([('Baseline', 4.0, 3.0, 5.0), ('Pilot', 2.0, 1.5, 2.5)],
                                   title='Scrap rate', note='Whiskers: 95 % CI')
    root = parse(svg)
    circles = root.findall('%scircle' % NS)
    assert len(circles) == 2
    y_before, y_after = (float(c.get('cy')) for c in circles)
    assert y_after > y_before                      # lower value, lower on the chart
    whiskers = root.findall('%sg' % NS)
    assert len(whiskers) == 2
    # the whisker spans low..high around its point
    lines = whiskers[0].findall('%sline' % NS)
    assert float(lines[0].get('y1')) > y_before > float(lines[0].get('y2'))
    text = ''.join(root.itertext())
    assert 'Scrap rate' in text and 'Baseline' in text and 'Pilot' in text and '95 % CI' in text
    assert root.get('viewBox') == '0 0 360 230'    # drawn for a phone


def test_interval_chart_formats_and_escapes():
    svg = svg_chart.interval_chart([('<b>', 1.234, None, None)], title='A & B',
                                   fmt=lambda v: '%.2f %%' % v)
    root = parse(svg)
    assert '1.23 %' in ''.join(root.itertext())
    assert not root.findall('%sg' % NS)            # no interval, no whisker
    assert '&lt;b&gt;' in svg and 'A &amp; B' in svg


def test_interval_chart_odd_data():
    empty = parse(svg_chart.interval_chart([], title='T', empty_text='No evaluation yet.'))
    assert 'No evaluation yet.' in ''.join(empty.itertext())
    assert parse(svg_chart.interval_chart([('a', None, None, None)], empty_text='none')) is not None
    flat = svg_chart.interval_chart([('a', 0.0, 0.0, 0.0), ('b', 0.0, 0.0, 0.0)])
    assert not re.search(r'nan|inf', flat)
    parse(flat)


def test_interval_chart_ticks_tell_apart_small_ranges():
    """Ticks of 0.77 … 0.91 minutes are five different numbers, not '0.8' three times."""
    root = parse(svg_chart.interval_chart([('a', 0.889, 0.875, 0.902), ('b', 0.787, 0.775, 0.798)]))
    ticks = [t.text for t in root.findall('%stext' % NS) if t.get('text-anchor') == 'end' and t.get('x') == '44']
    assert len(ticks) == 5 and len(set(ticks)) == 5, ticks
