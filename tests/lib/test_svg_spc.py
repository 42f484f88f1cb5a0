# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The server-drawn control chart (lib/svg_spc.py) and the number display
(lib/display.py): labels at the characteristic's decimals, one set of limit
labels per phase, round y ticks, a time axis, the legend, the spread chart
of variables charts only, a phone's width, and odd data."""
import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from odoo.addons.ci_spc.lib import display, svg_spc

NS = '{http://www.w3.org/2000/svg}'
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def segment(label, values, center, sigma, start, provisional=False, spread=True, violations=()):
    n = len(values)
    seg = {
        'label': label, 'provisional': provisional, 'keys': ['S%03d' % i for i in range(n)],
        'dates': [(start + datetime.timedelta(hours=8 * i)).strftime('%Y-%m-%d %H:%M:%S') for i in range(n)],
        'points': list(values), 'center': [center] * n, 'lcl': [center - 3 * sigma] * n,
        'ucl': [center + 3 * sigma] * n, 'sigma': [sigma] * n, 'violations': list(violations),
    }
    if spread:
        seg['spread'] = {'points': [float('nan')] + [2.0 * sigma] * (n - 1), 'center': [2.3 * sigma] * n,
                         'lcl': [0.0] * n, 'ucl': [4.9 * sigma] * n, 'violations': [n - 1]}
    return seg


def shaft(spread=True, labels=None, **kw):
    """A Ø25 ±0.02 shaft: the first phase, then v2 (provisional)."""
    first = [25.001 + 0.002 * ((i * 7) % 5 - 2) for i in range(30)]
    first[4] = 25.02
    second = [25.0 + 0.001 * ((i * 3) % 5 - 2) for i in range(20)]
    return svg_spc.control_chart(
        [segment('First phase', first, 25.001, 0.004, datetime.datetime(2026, 10, 20), spread=spread,
                 violations=[4]),
         segment('DS-25 v2', second, 25.0, 0.003, datetime.datetime(2026, 11, 1, 16), provisional=True,
                 spread=spread)],
        title='Shaft diameter', unit='mm', decimals=3, labels=dict({'spread': 'R'}, **(labels or {})), **kw)


def texts(svg, css):
    root = ET.fromstring(svg)
    return [''.join(t for t in el.itertext()) if el.find(NS + 'title') is None
            else (el.find(NS + 'title').tail or '')
            for el in root.iter(NS + 'text') if css in (el.get('class') or '').split()]


def test_limits_labelled_at_decimals_per_phase():
    """Each phase labels its own UCL, CL and LCL at 3 decimals: not '25' for all three."""
    labels = texts(shaft(), 'o_ci_spc_limit')
    assert 'UCL 25.013' in labels and 'CL 25.001' in labels and 'LCL 24.989' in labels
    assert 'UCL 25.009' in labels and 'CL 25.000' in labels and 'LCL 24.991' in labels
    # the spread chart labels its own limits too
    assert 'UCL 0.015' in labels and 'LCL 0.000' in labels
    # the provisional phase says so, on its name and its limits
    assert 'DS-25 v2 (provisional limits)' in texts(shaft(), 'o_ci_spc_phase')
    assert len(texts(shaft(), 'o_ci_spc_provisional')) == 6


def test_one_name_per_phase():
    """Every phase band is named (the SOP version, else the phase), not the last only."""
    assert texts(shaft(), 'o_ci_spc_phase') == ['First phase', 'DS-25 v2 (provisional limits)']


def test_y_axis_has_round_ticks():
    """About five round ticks (0.01 apart here), written with the decimals they need."""
    ticks = texts(shaft(spread=False), 'o_ci_spc_ytick')
    assert ticks == ['24.99', '25.00', '25.01', '25.02']
    narrow = svg_spc.control_chart([segment('First phase', [25.0, 25.002, 24.999, 25.001] * 3, 25.0, 0.001,
                                            datetime.datetime(2026, 11, 1), spread=False)], decimals=4)
    ticks = texts(narrow, 'o_ci_spc_ytick')
    assert 4 <= len(ticks) <= 7 and all(re.match(r'^2[45]\.\d{3}$', t) for t in ticks), ticks
    assert len({round(float(b) - float(a), 6) for a, b in zip(ticks, ticks[1:])}) == 1


def test_time_axis_in_the_reader_s_time_zone():
    """Dates under the chart, in the time zone given: 16:00 UTC on 1 November is 2 November in Shanghai."""
    utc = texts(shaft(), 'o_ci_spc_xtick')
    assert len(utc) >= 5 and all(re.match(r'^\d\d-\d\d$', t) for t in utc)
    caption = texts(shaft(tz=SHANGHAI), 'o_ci_spc_xcaption')[0]
    assert caption.endswith('2026-10-20 – 2026-11-08')
    day = [segment('v2', [1.0, 1.1], 1.0, 0.1, datetime.datetime(2026, 11, 1, 16), spread=False)]
    day[0]['dates'] = ['2026-11-01 16:00:00', '2026-11-01 16:30:00']
    assert texts(svg_spc.control_chart(day, tz=SHANGHAI), 'o_ci_spc_xtick') == ['00:00', '00:30']
    assert texts(svg_spc.control_chart(day, tz=SHANGHAI), 'o_ci_spc_xcaption') == [' 2026-11-02']
    assert texts(svg_spc.control_chart(day), 'o_ci_spc_xcaption') == [' 2026-11-01']


def test_legend():
    """The legend names the center line, the limits, the three zones and both kinds of points."""
    legend = texts(shaft(labels={'in_control': 'In control', 'out_of_control': 'Out of control'}),
                   'o_ci_spc_legend')
    assert legend == ['CL', 'UCL / LCL', 'A (2-3σ)', 'B (1-2σ)', 'C (±1σ)', 'In control', 'Out of control']
    with_specs = texts(shaft(specs={'lsl': 24.98, 'usl': 25.02}), 'o_ci_spc_legend')
    assert 'LSL / USL' in with_specs
    assert texts(shaft(specs={'lsl': 24.98, 'usl': 25.02}), 'o_ci_spc_spec_label') == ['LSL 24.980', 'USL 25.020']
    svg = shaft()
    assert svg.count('class="o_ci_spc_zone"') > 0
    # the out-of-control points in red, the spread chart's too
    assert svg.count('class="o_ci_spc_violation"') == 1 + 2


@pytest.mark.parametrize('chart,spread', [('xbar_r', 'R'), ('xbar_s', 'S'), ('imr', 'MR'),
                                          ('p', None), ('np', None), ('c', None), ('u', None)])
def test_spread_pane_for_variables_charts_only(chart, spread):
    """X̄-R, X̄-S and I-MR get their R, S or MR chart under the main one; attributes charts none."""
    values = [0.02, 0.03, 0.01, 0.05, 0.02]
    seg = segment('First phase', values, 0.026, 0.005, datetime.datetime(2026, 11, 1), spread=bool(spread))
    svg = svg_spc.control_chart([seg], title=chart, decimals=3, labels={'spread': spread or ''})
    ET.fromstring(svg)
    assert ('class="o_ci_spc_spread"' in svg) == bool(spread)
    if spread:
        assert texts(svg, 'o_ci_spc_spread_name') == [spread]
        # aligned: the n-th point of both panes at the same x
        root = ET.fromstring(svg)
        xs = [c.get('cx') for c in root.iter(NS + 'circle') if 'o_ci_spc_' in (c.get('class') or '')]
        assert xs[len(values) - 1] == xs[-1]


def test_fits_a_phone():
    """At 390 px wide every text lies inside the picture; long names are cut with an ellipsis."""
    svg = svg_spc.control_chart(
        [segment('A very long SOP version name for the turning of the shaft', [25.0, 25.01, 24.99] * 5, 25.0,
                 0.004, datetime.datetime(2026, 11, 1))],
        title='Shaft diameter Ø25 measured after turning on CNC lathe 1', unit='mm', width=390)
    root = ET.fromstring(svg)
    assert root.get('viewBox').startswith('0 0 390 ')
    for el in root.iter(NS + 'text'):
        text = ''.join(el.itertext()) if el.find(NS + 'title') is None else el.find(NS + 'title').tail or ''
        x, width = float(el.get('x')), svg_spc._text_width(text, float(el.get('font-size') or 11))
        anchor = el.get('text-anchor') or 'start'
        left = x - {'start': 0, 'middle': width / 2, 'end': width}[anchor]
        assert -1 <= left and left + width <= 391, (text, left, width)
    assert '…' in ''.join(texts(svg, 'o_ci_spc_phase'))


@pytest.mark.parametrize('values', [[], [float('nan')] * 4, [float('inf'), float('nan')]])
def test_nothing_to_draw(values):
    """No point, or none finite: the empty text, a valid picture."""
    seg = segment('First phase', values, float('nan'), float('nan'), datetime.datetime(2026, 11, 1), spread=False)
    svg = svg_spc.control_chart([seg] if values else [], empty_text='Not enough measurements yet')
    ET.fromstring(svg)
    assert texts(svg, 'o_ci_spc_empty') == ['Not enough measurements yet']


def test_odd_data():
    """One point; NaN among points and limits; zero-width limits; dates missing: a picture, never an error."""
    one = svg_spc.control_chart([segment('First phase', [25.0], 25.0, 0.0, datetime.datetime(2026, 11, 1))],
                                decimals=3)
    ET.fromstring(one)
    assert 'CL 25.000' in texts(one, 'o_ci_spc_limit')
    assert texts(one, 'o_ci_spc_xtick') == ['00:00']
    seg = segment('First phase', [1.0, float('nan'), 1.2, 0.9], 1.0, 0.1, datetime.datetime(2026, 11, 1),
                  spread=False)
    seg['lcl'][1] = float('nan')
    seg['dates'] = None
    svg = svg_spc.control_chart([seg], decimals=1)
    ET.fromstring(svg)
    assert svg.count('class="o_ci_spc_point"') == 3
    assert not texts(svg, 'o_ci_spc_xtick')
    # zero-width limits: the constant drawn, no zone of zero height
    flat = segment('First phase', [5.0] * 6, 5.0, 0.0, datetime.datetime(2026, 11, 1), spread=False)
    svg = svg_spc.control_chart([flat], decimals=0)
    assert 'CL 5' in texts(svg, 'o_ci_spc_limit') and 'o_ci_spc_zone' not in svg
    # values so large their span overflows: the empty text
    huge = segment('First phase', [1e308, -1e308], 0.0, 1.0, datetime.datetime(2026, 11, 1), spread=False)
    assert 'o_ci_spc_empty' in svg_spc.control_chart([huge])


def test_decimals_and_ticks():
    """Decimals from the tolerance, bounded to 0..6; numbers never '-0.000' nor 'nan'; round ticks."""
    assert display.decimals_for_tolerance(24.98, 25.02) == 3
    assert display.decimals_for_tolerance(27.9, 28.1) == 2
    assert display.decimals_for_tolerance(40, 60) == 0
    assert display.decimals_for_tolerance(0, 1e-9) == 6
    assert display.decimals_for_tolerance(None, 25.02) == 3
    assert display.decimals_for_tolerance(25, 25) == 3
    assert display.format_number(25.0, 3) == '25.000'
    assert display.format_number(-0.0001, 3) == '0.000'
    assert display.format_number(float('nan'), 3) == ''
    assert display.format_number(False, 3) == ''
    assert display.format_number(1.23456789, 9) == '1.234568'
    assert display.nice_ticks(24.99, 25.013) == ([24.99, 24.995, 25.0, 25.005, 25.01], 0.005)
    assert display.nice_ticks(0, 0) == ([], 0.0)
    assert display.tick_decimals(0.025) == 3 and display.tick_decimals(2.5) == 1 \
        and display.tick_decimals(50) == 0
