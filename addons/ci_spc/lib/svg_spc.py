# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Control charts and capability histograms as SVG, drawn on the server.

Plain Python (numpy only for the histogram): the same picture in the form,
the PDF report and the evidence attached to an improvement, readable at a
glance: zones A/B/C shaded around the center line, limits dashed, points
that break a rule in red, phases separated by a vertical line labelled with
what started them (an SOP version), provisional limits said so.
"""

import datetime
import math
from xml.sax.saxutils import escape

from . import display

WIDTH, HEIGHT = 900, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 110, 34, 40
# the control chart's margins: room for the y axis' labels on the left
LEFT_COMPACT, LEFT_MIN, RIGHT_MARGIN, RIGHT_COMPACT = 46, 8, 12, 8
FONT, LEGEND_FONT, LIMIT_FONT, TICK_FONT = 11, 10, 10, 10
ZONE_COLORS = (
    '#e8f5e9',
    '#fff8e1',
    '#fdecea',
)  # zone C (within 1 sigma), B, A
POINT, ALARM, LINE, LIMIT, SPEC = (
    '#1f77b4',
    '#d62728',
    '#2e7d32',
    '#c62828',
    '#6a1b9a',
)
LIMIT_NAMES = {'ucl': 'UCL', 'center': 'CL', 'lcl': 'LCL'}
# the legend's words when the caller gives none (the model gives them translated)
DEFAULT_LABELS = {
    'cl': 'CL',
    'limits': 'UCL / LCL',
    'spec': 'LSL / USL',
    'zone_a': 'A (2-3σ)',
    'zone_b': 'B (1-2σ)',
    'zone_c': 'C (±1σ)',
    'in_control': 'In control',
    'out_of_control': 'Out of control',
    'spread': '',
    'date': '',
}


def _fmt(value):
    if value is None or not math.isfinite(value):
        return ''
    return '%.4g' % value


def _span(values, margin):
    """(low, high, pad) of the axis showing ``values`` (finite numbers), the
    pad being ``margin`` of the range on each side; None when there is
    nothing to show or the range overflows (values near the largest double)."""
    if not values:
        return None
    lo, hi = min(values), max(values)
    pad = (hi - lo) * margin or abs(hi) * 0.1 or 1.0
    if not (
        math.isfinite(pad)
        and math.isfinite(lo - pad)
        and math.isfinite(hi + pad)
        and math.isfinite((hi + pad) - (lo - pad))
    ):
        return None
    return lo - pad, hi + pad, pad


def _open(title, unit, height=HEIGHT, width=WIDTH):
    title = '%s%s' % (title, ' (%s)' % unit if unit else '')
    return [
        '<svg xmlns="http://www.w3.org/2000/svg" class="o_ci_spc_chart" '
        'viewBox="0 0 %d %d" width="100%%" '
        'style="max-width:%dpx;font-family:sans-serif;font-size:11px">'
        % (width, height, width),
        '<text x="%d" y="18" font-weight="bold" font-size="13" '
        'class="o_ci_spc_title"><title>%s</title>%s</text>'
        % (
            LEFT_MIN,
            escape(title),
            escape(_fit(title, width - LEFT_MIN - 4, 13)),
        ),
    ]


def _empty(out, text, height=HEIGHT):
    out.append(
        '<text x="%d" y="%d" fill="#777" class="o_ci_spc_empty">%s</text></svg>'
        % (LEFT_MIN * 2, height // 2, escape(text))
    )
    return ''.join(out)


def _text_width(text, size=FONT):
    """Estimated width of ``text`` at ``size`` px: CJK glyphs are square,
    Latin ones about 0.6 of the size (no font metrics on the server)."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.6 for ch in text)


def _fit(text, width, size=FONT):
    """``text`` cut with an ellipsis to fit ``width`` px ('' when not even
    the ellipsis fits)."""
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + '…', size) > width:
        text = text[:-1]
    return text + '…' if text else ''


def _finite(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _as_datetime(value):
    """A naive UTC datetime from what the chart gets ('YYYY-MM-DD HH:MM:SS'
    texts as Odoo stores times, or datetimes); None otherwise."""
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        for pattern in (
            '%Y-%m-%d %H:%M:%S',
            '%Y-%m-%d %H:%M:%S.%f',
            '%Y-%m-%d',
        ):
            try:
                return datetime.datetime.strptime(value, pattern)
            except ValueError:
                continue
    return None


def _local(value, tz):
    stamp = _as_datetime(value)
    if stamp is None:
        return None
    if tz is None:
        return stamp
    return stamp.replace(tzinfo=datetime.timezone.utc).astimezone(tz)


def _halo(x, y, text, size=FONT, fill='#333', anchor='start', css=''):
    """A label with a white halo, readable over lines and zones."""
    return (
        '<text x="%.1f" y="%.1f" font-size="%s" fill="%s" text-anchor="%s" '
        'stroke="#fff" stroke-width="3" '
        'paint-order="stroke"%s>%s</text>'
        % (
            x,
            y,
            size,
            fill,
            anchor,
            ' class="%s"' % css if css else '',
            escape(text),
        )
    )


def _path(xs, ys):
    """A polyline through the finite points, broken where a value is missing."""
    parts, pen = [], False
    for x, y in zip(xs, ys):
        if y is None:
            pen = False
            continue
        parts.append('%s%.1f,%.1f' % ('L' if pen else 'M', x, y))
        pen = True
    return ' '.join(parts)


def _legend(out, items, top, width):
    """Legend ``items`` (kind, color, text) flowing in rows from ``top``;
    returns the y below it."""
    x, y = LEFT_MIN, top + 10
    for kind, color, text in items:
        text = _fit(text, width - 2 * LEFT_MIN - 22, LEGEND_FONT)
        item_w = 22 + _text_width(text, LEGEND_FONT) + 12
        if x > LEFT_MIN and x + item_w > width - 4:
            x, y = LEFT_MIN, y + 15
        if kind == 'line':
            out.append(
                '<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" '
                'stroke-width="1.5"/>' % (x, y - 3, x + 16, y - 3, color)
            )
        elif kind == 'dash':
            out.append(
                '<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" '
                'stroke-width="1.5" '
                'stroke-dasharray="4,2"/>' % (x, y - 3, x + 16, y - 3, color)
            )
        elif kind == 'box':
            out.append(
                '<rect x="%.1f" y="%.1f" width="16" height="9" fill="%s" '
                'stroke="#ccc"/>' % (x, y - 8, color)
            )
        else:
            out.append(
                '<circle cx="%.1f" cy="%.1f" r="%s" fill="%s"/>'
                % (x + 8, y - 3, 4 if color == ALARM else 3, color)
            )
        out.append(
            '<text x="%.1f" y="%.1f" font-size="%s" fill="#333" '
            'class="o_ci_spc_legend">%s</text>'
            % (x + 20, y, LEGEND_FONT, escape(text))
        )
        x += item_w
    return y + 8


class _Pane(object):
    """One plotting area (the main chart or the spread chart): its box and
    the value scale."""

    def __init__(self, top, height, lo, hi):
        self.top, self.height, self.lo, self.hi = top, height, lo, hi

    def y(self, value):
        value = min(max(value, self.lo), self.hi)
        return self.top + self.height * (self.hi - value) / (self.hi - self.lo)


def _scale(values):
    """(low, high) of a pane showing ``values``, widened to round ticks;
    None when nothing finite can be shown."""
    span = _span([v for v in values if v is not None], 0.08)
    if span is None:
        return None
    lo, hi, _pad = span
    return lo, hi


def _y_axis(out, pane, left, right):
    ticks, step = display.nice_ticks(
        pane.lo, pane.hi, 5 if pane.height > 120 else 3
    )
    decimals = display.tick_decimals(step)
    for tick in ticks:
        y = pane.y(tick)
        out.append(
            '<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e6e6e6"/>'
            % (left, y, right, y)
        )
        out.append(
            '<text x="%d" y="%.1f" text-anchor="end" fill="#555" '
            'font-size="%s" class="o_ci_spc_ytick">%s'
            '</text>'
            % (
                left - 4,
                y + 3.5,
                TICK_FONT,
                display.format_number(tick, decimals),
            )
        )


def _draw_series(
    out, pane, segments, key, x, decimals, provisional_text, zones, limit_names
):
    """The center line, the limits (labelled per phase), the zones and the
    points of ``key`` ('main' or 'spread') of each segment."""
    offset = 0
    for seg in segments:
        data = seg if key == 'main' else seg.get('spread')
        n = len(seg['points'])
        if data is None:
            offset += n
            continue
        x0, x1 = x(offset - 0.5), x(offset + n - 0.5)
        if zones:
            for i in range(n):
                c, s = _finite(data['center'][i]), (
                    _finite(data['sigma'][i]) if 'sigma' in data else None
                )
                if c is None or not s or s <= 0:
                    continue
                left, right = x(offset + i - 0.5), x(offset + i + 0.5)
                for zone in (3, 2, 1):
                    top, bottom = pane.y(c + zone * s), pane.y(c - zone * s)
                    out.append(
                        '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" '
                        'fill="%s" class="o_ci_spc_zone"/>'
                        % (
                            left,
                            top,
                            right - left,
                            max(bottom - top, 0),
                            ZONE_COLORS[zone - 1],
                        )
                    )
        provisional = seg.get('provisional')
        for name, color, dash in (
            ('center', LINE, ''),
            ('ucl', LIMIT, ' stroke-dasharray="6,3"'),
            ('lcl', LIMIT, ' stroke-dasharray="6,3"'),
        ):
            values = [_finite(v) for v in data[name]]
            path = _path(
                [x(offset + i) for i in range(n)],
                [pane.y(v) if v is not None else None for v in values],
            )
            if path:
                out.append(
                    '<path d="%s" fill="none" stroke="%s" stroke-width="1.2"%s%s/>'
                    % (
                        path,
                        color,
                        dash,
                        ' stroke-opacity="0.6"' if provisional else '',
                    )
                )
        # each phase labels its own limits, at its start, inside its band
        band = x1 - x0 - 6
        for name, color in (('ucl', LIMIT), ('center', LINE), ('lcl', LIMIT)):
            values = [_finite(v) for v in data[name]]
            first = next((v for v in values if v is not None), None)
            if first is None:
                continue
            varies = any(
                v is not None and abs(v - first) > 1e-12 * max(abs(first), 1)
                for v in values
            )
            number = display.format_number(first, decimals)
            text = '%s %s%s' % (
                limit_names[name],
                '~' if varies else '',
                number,
            )
            shown = (
                text
                if _text_width(text, LIMIT_FONT) <= band
                else _fit(number, band, LIMIT_FONT)
            )
            if not shown:
                continue
            # above its line (the LCL below), inside the pane
            y = pane.y(first)
            dy = 10 if name == 'lcl' else -3
            if not pane.top + 9 <= y + dy <= pane.top + pane.height - 2:
                dy = -3 if name == 'lcl' else 10
            # provisional limits in italics (the phase's name says so)
            out.append(
                _halo(
                    x0 + 3,
                    y + dy,
                    shown,
                    LIMIT_FONT,
                    color,
                    css=(
                        'o_ci_spc_limit o_ci_spc_provisional'
                        if provisional
                        else 'o_ci_spc_limit'
                    ),
                ).replace(
                    '<text ',
                    '<text font-style="italic" ' if provisional else '<text ',
                    1,
                )
            )
        points = [_finite(v) for v in data['points']]
        path = _path(
            [x(offset + i) for i in range(n)],
            [pane.y(v) if v is not None else None for v in points],
        )
        if path:
            out.append(
                '<path d="%s" fill="none" stroke="%s" stroke-width="1"/>'
                % (path, POINT)
            )
        alarms = set(data.get('violations') or ())
        keys = seg.get('keys') if seg.get('keys') is not None else [''] * n
        for i, v in enumerate(points):
            if v is None:
                continue
            tip = '<title>%s: %s</title>' % (
                escape(str(keys[i])),
                display.format_number(v, decimals),
            )
            if i in alarms:
                out.append(
                    '<circle cx="%.1f" cy="%.1f" r="4" fill="%s" '
                    'class="o_ci_spc_violation">%s</circle>'
                    % (x(offset + i), pane.y(v), ALARM, tip)
                )
            else:
                out.append(
                    '<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s" '
                    'class="o_ci_spc_point">%s</circle>'
                    % (x(offset + i), pane.y(v), POINT, tip)
                )
        offset += n


def control_chart(
    segments,
    title='',
    unit='',
    empty_text='No data',
    provisional_text='provisional limits',
    decimals=display.DEFAULT_DECIMALS,
    specs=None,
    labels=None,
    tz=None,
    width=WIDTH,
):
    """SVG of a control chart made of phase ``segments``, in time order, each
    a dict with ``label`` (the SOP version, else the phase's name),
    ``provisional``, ``keys``, ``dates`` (UTC, as Odoo stores them) and
    arrays ``points``, ``center``, ``lcl``, ``ucl``, ``sigma`` (per point)
    and ``violations`` (indexes); with ``spread`` (a dict of ``points``,
    ``center``, ``lcl``, ``ucl``, ``violations``) the R, S or MR chart is
    drawn under the main one, aligned point for point.
    ``decimals``: of values and limits; ``specs``: {'lsl', 'usl'} lines
    (individual values only: a chart of means is not judged against them);
    ``labels``: the reader's words ({'cl', 'limits', 'spec', 'zone_a',
    'zone_b', 'zone_c', 'in_control', 'out_of_control', 'spread', 'date'});
    ``tz``: the time zone of the time axis (a tzinfo; UTC without);
    ``width``: of the viewBox (390 for a phone: the layout follows)."""
    labels = dict(DEFAULT_LABELS, **(labels or {}))
    width = max(int(width or WIDTH), 320)
    compact = width < 600
    decimals = display.clamp_decimals(decimals)
    segments = [
        seg
        for seg in segments
        if seg.get('points') is not None and len(seg['points'])
    ]
    has_spread = any(seg.get('spread') is not None for seg in segments)
    main_h = 150 if compact else 200
    spread_h = (70 if compact else 90) if has_spread else 0
    out = []
    finite = [
        _finite(v)
        for seg in segments
        for name in ('points', 'lcl', 'ucl', 'center')
        for v in seg[name]
    ]
    spec_lines = [(k, _finite((specs or {}).get(k))) for k in ('lsl', 'usl')]
    spec_lines = [(k, v) for k, v in spec_lines if v is not None]
    scale = (
        _scale(finite + [v for _k, v in spec_lines])
        if any(v is not None for v in finite)
        else None
    )
    points_shown = any(
        _finite(v) is not None for seg in segments for v in seg['points']
    )
    if scale is None or not points_shown:
        out = _open(title, unit, 120, width)
        return _empty(out, empty_text, 120)
    legend = [('line', LINE, labels['cl']), ('dash', LIMIT, labels['limits'])]
    if spec_lines:
        legend.append(('line', SPEC, labels['spec']))
    legend += [
        ('box', ZONE_COLORS[2], labels['zone_a']),
        ('box', ZONE_COLORS[1], labels['zone_b']),
        ('box', ZONE_COLORS[0], labels['zone_c']),
        ('dot', POINT, labels['in_control']),
        ('dot', ALARM, labels['out_of_control']),
    ]
    body = []
    legend_bottom = _legend(body, legend, 24, width)
    left = LEFT_COMPACT if compact else LEFT
    right = width - (RIGHT_COMPACT if compact else RIGHT_MARGIN)
    plot_w = right - left
    main_top = legend_bottom + 20  # the phases' names above the plot
    main = _Pane(main_top, main_h, *scale)
    count = sum(len(seg['points']) for seg in segments)

    def x(i):
        return left + plot_w * (i + 0.5) / count

    spread = None
    spread_top = main_top + main_h + 14
    if has_spread:
        values = [
            _finite(v)
            for seg in segments
            if seg.get('spread') is not None
            for name in ('points', 'lcl', 'ucl', 'center')
            for v in seg['spread'][name]
        ]
        spread_scale = (
            _scale(values) if any(v is not None for v in values) else None
        )
        if spread_scale:
            spread = _Pane(spread_top, spread_h, *spread_scale)
    bottom = (spread.top + spread.height) if spread else main_top + main_h
    height = bottom + 34
    out = _open(title, unit, height, width)
    out += body
    # phase bands, named by their SOP version (else the phase's name)
    offset = 0
    for index, seg in enumerate(segments):
        n = len(seg['points'])
        x0, x1 = x(offset - 0.5), x(offset + n - 0.5)
        if index % 2:
            out.append(
                '<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="#f4f6f8" '
                'class="o_ci_spc_band"/>'
                % (x0, main_top, x1 - x0, bottom - main_top)
            )
        if offset:
            out.append(
                '<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#555" '
                'stroke-dasharray="2,2"/>' % (x0, main_top - 16, x0, bottom)
            )
        name = seg.get('label') or ''
        full = (
            '%s (%s)' % (name, provisional_text)
            if seg.get('provisional')
            else name
        )
        shown = _fit(full, x1 - x0 - 4) or _fit(name, x1 - x0 - 4)
        out.append(
            '<text x="%.1f" y="%d" fill="#333" font-size="%s" '
            'class="o_ci_spc_phase"><title>%s</title>%s'
            '</text>'
            % (x0 + 3, main_top - 5, FONT, escape(full), escape(shown))
        )
        offset += n
    out.append(
        '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#bbb"/>'
        % (left, main_top, plot_w, main_h)
    )
    _y_axis(out, main, left, right)
    _draw_series(
        out,
        main,
        segments,
        'main',
        x,
        decimals,
        provisional_text,
        True,
        LIMIT_NAMES,
    )
    for key, value in spec_lines:
        y = main.y(value)
        out.append(
            '<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="%s" '
            'stroke-width="1.2" '
            'class="o_ci_spc_spec"/>' % (left, y, right, y, SPEC)
        )
        out.append(
            _halo(
                right - 3,
                y + (-3 if key == 'usl' else 10),
                '%s %s'
                % (key.upper(), display.format_number(value, decimals)),
                LIMIT_FONT,
                SPEC,
                'end',
                'o_ci_spc_spec_label',
            )
        )
    if spread:
        out.append(
            '<rect x="%d" y="%d" width="%d" height="%d" fill="none" '
            'stroke="#bbb" class="o_ci_spc_spread"/>'
            % (left, spread.top, plot_w, spread.height)
        )
        _y_axis(out, spread, left, right)
        _draw_series(
            out,
            spread,
            segments,
            'spread',
            x,
            decimals,
            provisional_text,
            False,
            LIMIT_NAMES,
        )
        out.append(
            _halo(
                right - 3,
                spread.top + 11,
                labels['spread'],
                FONT,
                '#333',
                'end',
                css='o_ci_spc_spread_name',
            )
        )
    # the time axis: the dates of evenly spaced points, in the reader's time zone
    dates = []
    for seg in segments:
        stamps = seg.get('dates')
        dates += [
            _local(d, tz)
            for d in (
                stamps if stamps is not None else [None] * len(seg['points'])
            )
        ]
    known = [d for d in dates if d is not None]
    if known:
        ticks = max(2, min(count, int(plot_w // (70 if compact else 90))))
        indexes = (
            sorted(
                {
                    int(round(k * (count - 1) / (ticks - 1)))
                    for k in range(ticks)
                }
            )
            if count > 1
            else [0]
        )
        one_day = known[0].date() == known[-1].date()
        one_year = known[0].year == known[-1].year
        pattern = '%H:%M' if one_day else ('%m-%d' if one_year else '%Y-%m-%d')
        for i in indexes:
            if dates[i] is None:
                continue
            out.append(
                '<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#888"/>'
                % (x(i), bottom, x(i), bottom + 4)
            )
            text = dates[i].strftime(pattern)
            half = _text_width(text, TICK_FONT) / 2.0
            # inside the plot's width: the first and last dates are not cut
            tx = min(max(x(i), left + half - 4), right - half + 4)
            out.append(
                '<text x="%.1f" y="%d" text-anchor="middle" fill="#555" '
                'font-size="%s" class="o_ci_spc_xtick">'
                '%s</text>' % (tx, bottom + 15, TICK_FONT, text)
            )
        span = (
            known[0].strftime('%Y-%m-%d')
            if one_day
            else '%s – %s'
            % (known[0].strftime('%Y-%m-%d'), known[-1].strftime('%Y-%m-%d'))
        )
        out.append(
            '<text x="%.1f" y="%d" text-anchor="middle" fill="#777" '
            'font-size="%s" class="o_ci_spc_xcaption">'
            '%s</text>'
            % (
                (left + right) / 2.0,
                bottom + 29,
                TICK_FONT,
                escape(
                    _fit('%s %s' % (labels['date'], span), plot_w, TICK_FONT)
                ),
            )
        )
    out.append('</svg>')
    return ''.join(out)


def capability_histogram(
    values,
    specs,
    cap,
    unit='',
    title='',
    empty_text='No data',
    bins=None,
    labels=None,
    hist=None,
):
    """SVG histogram of ``values`` with the specification limits, the target,
    the normal curves of the within and overall sigmas and the indices.
    ``labels``: {'lsl', 'target', 'usl': label}, in the reader's language.
    ``hist``: (counts, edges) of bars of equal width counted beforehand
    (spc.histogram_from_bins), drawn instead of binning ``values``."""
    labels = dict(
        {'lsl': 'LSL', 'target': 'Target', 'usl': 'USL'}, **(labels or {})
    )
    import numpy as np

    height = HEIGHT
    out = _open(title, unit, height)
    if hist is not None:
        counts, edges = np.asarray(hist[0]), np.asarray(hist[1], dtype=float)
        total = int(counts.sum())
        low, high = (
            (float(edges[0]), float(edges[-1])) if total else (0.0, 0.0)
        )
    else:
        values = np.asarray(
            [v for v in values if v is not None and math.isfinite(v)],
            dtype=float,
        )
        total = int(values.size)
        low, high = (
            (float(values.min()), float(values.max())) if total else (0.0, 0.0)
        )
    if total < 2 or not cap:
        return _empty(out, empty_text, height)
    lines = [
        (k, v)
        for k, v in (
            ('lsl', specs.get('lsl')),
            ('target', specs.get('target')),
            ('usl', specs.get('usl')),
        )
        if v is not None and math.isfinite(v)
    ]
    mean, s_within, s_overall = (
        cap.get('mean'),
        cap.get('sigma_within'),
        cap.get('sigma_overall'),
    )
    if mean is None or not math.isfinite(mean):
        s_within = s_overall = None  # no curve without a mean
    ends = [low, high] + [v for _k, v in lines]
    for s in (s_within, s_overall):
        if s and math.isfinite(s):
            ends += [mean - 3.5 * s, mean + 3.5 * s]
    span = _span([v for v in ends if math.isfinite(v)], 0.04)
    if span is None:
        return _empty(out, empty_text, height)
    lo, hi, _pad = span
    if hist is None:
        bins = bins or int(min(max(math.sqrt(total), 6), 40))
        counts, edges = np.histogram(values, bins=bins)
    width = edges[1] - edges[0]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM

    def x(v):
        return LEFT + plot_w * (v - lo) / (hi - lo)

    densities = [counts.max() / (total * width)]
    curves = []
    for s, color, name in (
        (s_within, '#d62728', 'within'),
        (s_overall, '#555', 'overall'),
    ):
        if s and math.isfinite(s) and s > 0:
            grid = np.linspace(lo, hi, 120)
            dens = np.exp(-0.5 * ((grid - mean) / s) ** 2) / (
                s * math.sqrt(2 * math.pi)
            )
            densities.append(dens.max())
            curves.append((grid, dens, color, name))
    top = max(densities) * 1.1

    def y(d):
        return TOP + plot_h * (1 - d / top)

    out.append(
        '<rect x="%d" y="%d" width="%d" height="%d" fill="#fff" stroke="#bbb"/>'
        % (LEFT, TOP, plot_w, plot_h)
    )
    for count, left in zip(counts, edges[:-1]):
        dens = count / (total * width)
        out.append(
            '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#90caf9" '
            'stroke="#1e88e5"/>'
            % (
                x(left),
                y(dens),
                max(x(left + width) - x(left) - 0.5, 0.5),
                y(0) - y(dens),
            )
        )
    for grid, dens, color, name in curves:
        path = ' '.join(
            '%s%.1f,%.1f' % ('M' if i == 0 else 'L', x(g), y(d))
            for i, (g, d) in enumerate(zip(grid, dens))
        )
        out.append(
            '<path d="%s" fill="none" stroke="%s" stroke-width="1.5"%s/>'
            % (
                path,
                color,
                '' if name == 'within' else ' stroke-dasharray="5,3"',
            )
        )
    for key, value in lines:
        out.append(
            '<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="2"/>'
            % (
                x(value),
                TOP,
                x(value),
                TOP + plot_h,
                '#2e7d32' if key == 'target' else '#c62828',
            )
        )
        out.append(
            '<text x="%.1f" y="%d" text-anchor="middle">%s %s</text>'
            % (
                x(value),
                TOP + plot_h + 14,
                escape(labels[key]),
                escape(_fmt(value)),
            )
        )
    rows = [
        ('n', str(total)),
        ('mean', _fmt(mean)),
        ('σ within', _fmt(s_within)),
        ('σ overall', _fmt(s_overall)),
    ]
    rows += [
        (k, '%.2f' % cap[k.lower()])
        for k in ('Cp', 'Cpk', 'Pp', 'Ppk', 'Cpm')
        if cap.get(k.lower()) is not None and math.isfinite(cap[k.lower()])
    ]
    for i, (k, v) in enumerate(rows):
        out.append(
            '<text x="%d" y="%d" class="o_ci_spc_index">%s = %s</text>'
            % (WIDTH - RIGHT + 8, TOP + 14 + 15 * i, escape(k), escape(v))
        )
    out.append('</svg>')
    return ''.join(out)
