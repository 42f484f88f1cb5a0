# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Control charts and capability histograms as SVG, drawn on the server.

Plain Python (numpy only for the histogram): the same picture in the form,
the PDF report and the evidence attached to an improvement, readable at a
glance: zones A/B/C shaded around the center line, limits dashed, points
that break a rule in red, phases separated by a vertical line labelled with
what started them (an SOP version), provisional limits said so.
"""
import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 900, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 110, 34, 40
ZONE_COLORS = ('#e8f5e9', '#fff8e1', '#fdecea')   # zone C (within 1 sigma), B, A
POINT, ALARM, LINE, LIMIT = '#1f77b4', '#d62728', '#2e7d32', '#c62828'


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
    if not (math.isfinite(pad) and math.isfinite(lo - pad) and math.isfinite(hi + pad)
            and math.isfinite((hi + pad) - (lo - pad))):
        return None
    return lo - pad, hi + pad, pad


def _open(title, unit, height=HEIGHT):
    return ['<svg xmlns="http://www.w3.org/2000/svg" class="o_ci_spc_chart" viewBox="0 0 %d %d" width="100%%" '
            'style="max-width:%dpx;font-family:sans-serif;font-size:11px">' % (WIDTH, height, WIDTH),
            '<text x="%d" y="18" font-weight="bold" font-size="13">%s%s</text>'
            % (LEFT, escape(title), escape(' (%s)' % unit) if unit else '')]


def _empty(out, text, height=HEIGHT):
    out.append('<text x="%d" y="%d" fill="#777">%s</text></svg>' % (LEFT, height // 2, escape(text)))
    return ''.join(out)


def control_chart(segments, title='', unit='', empty_text='No data', provisional_text='provisional limits'):
    """SVG of a control chart made of phase ``segments``, each a dict with
    ``label``, ``provisional``, ``keys`` and arrays ``points``, ``center``,
    ``lcl``, ``ucl``, ``sigma`` (per point) and ``violations`` (indices)."""
    out = _open(title, unit)
    count = sum(len(s['points']) for s in segments)
    if not count:
        return _empty(out, empty_text)
    finite = []
    for seg in segments:
        for name in ('points', 'lcl', 'ucl'):
            finite += [float(v) for v in seg[name] if v is not None and math.isfinite(v)]
    span = _span(finite, 0.08)
    if span is None:
        # nothing finite to draw, or values so large their span overflows
        return _empty(out, empty_text)
    lo, hi, pad = span
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + (plot_w * (i + 0.5) / count)

    def y(v):
        v = min(max(v, lo), hi)
        return TOP + plot_h * (hi - v) / (hi - lo)

    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="#fff" stroke="#bbb"/>' % (LEFT, TOP, plot_w, plot_h))
    offset = 0
    for seg in segments:
        n = len(seg['points'])
        x0, x1 = LEFT + plot_w * offset / count, LEFT + plot_w * (offset + n) / count
        # zones: one band per point, so per-point limits (p, u charts) show
        for i in range(n):
            c, s = float(seg['center'][i]), float(seg['sigma'][i])
            if not (math.isfinite(c) and math.isfinite(s)):
                continue
            left, right = LEFT + plot_w * (offset + i) / count, LEFT + plot_w * (offset + i + 1) / count
            for zone in (3, 2, 1):
                top, bottom = y(c + zone * s), y(c - zone * s)
                out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>'
                           % (left, top, right - left, max(bottom - top, 0), ZONE_COLORS[zone - 1]))
        for name, color, dash in (('center', LINE, ''), ('ucl', LIMIT, ' stroke-dasharray="6,3"'),
                                  ('lcl', LIMIT, ' stroke-dasharray="6,3"')):
            path = ' '.join('%s%.1f,%.1f' % ('M' if i == 0 else 'L', x(offset + i), y(float(v)))
                            for i, v in enumerate(seg[name]) if v is not None and math.isfinite(v))
            if path:
                out.append('<path d="%s" fill="none" stroke="%s" stroke-width="1.2"%s/>' % (path, color, dash))
        last = n - 1
        for name, color in (('ucl', LIMIT), ('center', LINE), ('lcl', LIMIT)):
            value = float(seg[name][last])
            if math.isfinite(value) and seg is segments[-1]:
                out.append('<text x="%.1f" y="%.1f" fill="%s">%s %s</text>'
                           % (x1 + 4, y(value) + 4, color, {'ucl': 'UCL', 'center': 'CL', 'lcl': 'LCL'}[name],
                              escape(_fmt(value))))
        if offset:
            out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#555" stroke-dasharray="2,2"/>'
                       % (x0, TOP - 4, x0, TOP + plot_h))
        label = seg['label'] + (' - %s' % provisional_text if seg['provisional'] else '')
        out.append('<text x="%.1f" y="%d" fill="#333" class="o_ci_spc_phase">%s</text>'
                   % (x0 + 3, TOP - 6, escape(label)))
        path = ' '.join('%s%.1f,%.1f' % ('M' if i == 0 else 'L', x(offset + i), y(float(v)))
                        for i, v in enumerate(seg['points']) if math.isfinite(v))
        out.append('<path d="%s" fill="none" stroke="%s" stroke-width="1"/>' % (path, POINT))
        alarms = set(seg['violations'])
        for i, v in enumerate(seg['points']):
            if not math.isfinite(v):
                continue
            if i in alarms:
                out.append('<circle cx="%.1f" cy="%.1f" r="4" fill="%s" class="o_ci_spc_violation">'
                           '<title>%s: %s</title></circle>' % (x(offset + i), y(float(v)), ALARM,
                                                              escape(str(seg['keys'][i])), _fmt(float(v))))
            else:
                out.append('<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>' % (x(offset + i), y(float(v)), POINT))
        offset += n
    for value in (lo + pad, hi - pad):
        out.append('<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>' % (LEFT - 4, y(value) + 4,
                                                                                      _fmt(value)))
    out.append('</svg>')
    return ''.join(out)


def capability_histogram(values, specs, cap, unit='', title='', empty_text='No data', bins=None, labels=None):
    """SVG histogram of ``values`` with the specification limits, the target,
    the normal curves of the within and overall sigmas and the indices.
    ``labels``: {'lsl', 'target', 'usl': label}, in the reader's language."""
    labels = dict({'lsl': 'LSL', 'target': 'Target', 'usl': 'USL'}, **(labels or {}))
    import numpy as np
    height = HEIGHT
    out = _open(title, unit, height)
    values = np.asarray([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    if values.size < 2 or not cap:
        return _empty(out, empty_text, height)
    lines = [(k, v) for k, v in (('lsl', specs.get('lsl')), ('target', specs.get('target')),
                                 ('usl', specs.get('usl'))) if v is not None and math.isfinite(v)]
    mean, s_within, s_overall = cap.get('mean'), cap.get('sigma_within'), cap.get('sigma_overall')
    if mean is None or not math.isfinite(mean):
        s_within = s_overall = None     # no curve without a mean
    ends = [float(values.min()), float(values.max())] + [v for _k, v in lines]
    for s in (s_within, s_overall):
        if s and math.isfinite(s):
            ends += [mean - 3.5 * s, mean + 3.5 * s]
    span = _span([v for v in ends if math.isfinite(v)], 0.04)
    if span is None:
        return _empty(out, empty_text, height)
    lo, hi, _pad = span
    bins = bins or int(min(max(math.sqrt(values.size), 6), 40))
    counts, edges = np.histogram(values, bins=bins)
    width = edges[1] - edges[0]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM

    def x(v):
        return LEFT + plot_w * (v - lo) / (hi - lo)

    densities = [counts.max() / (values.size * width)]
    curves = []
    for s, color, name in ((s_within, '#d62728', 'within'), (s_overall, '#555', 'overall')):
        if s and math.isfinite(s) and s > 0:
            grid = np.linspace(lo, hi, 120)
            dens = np.exp(-0.5 * ((grid - mean) / s) ** 2) / (s * math.sqrt(2 * math.pi))
            densities.append(dens.max())
            curves.append((grid, dens, color, name))
    top = max(densities) * 1.1

    def y(d):
        return TOP + plot_h * (1 - d / top)

    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="#fff" stroke="#bbb"/>' % (LEFT, TOP, plot_w, plot_h))
    for count, left in zip(counts, edges[:-1]):
        dens = count / (values.size * width)
        out.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#90caf9" stroke="#1e88e5"/>'
                   % (x(left), y(dens), max(x(left + width) - x(left) - 0.5, 0.5), y(0) - y(dens)))
    for grid, dens, color, name in curves:
        path = ' '.join('%s%.1f,%.1f' % ('M' if i == 0 else 'L', x(g), y(d))
                        for i, (g, d) in enumerate(zip(grid, dens)))
        out.append('<path d="%s" fill="none" stroke="%s" stroke-width="1.5"%s/>'
                   % (path, color, '' if name == 'within' else ' stroke-dasharray="5,3"'))
    for key, value in lines:
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="2"/>'
                   % (x(value), TOP, x(value), TOP + plot_h, '#2e7d32' if key == 'target' else '#c62828'))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%s %s</text>' % (
            x(value), TOP + plot_h + 14, escape(labels[key]), escape(_fmt(value))))
    rows = [('n', str(values.size)), ('mean', _fmt(mean)), ('σ within', _fmt(s_within)), ('σ overall', _fmt(s_overall))]
    rows += [(k, '%.2f' % cap[k.lower()]) for k in ('Cp', 'Cpk', 'Pp', 'Ppk', 'Cpm')
             if cap.get(k.lower()) is not None and math.isfinite(cap[k.lower()])]
    for i, (k, v) in enumerate(rows):
        out.append('<text x="%d" y="%d" class="o_ci_spc_index">%s = %s</text>'
                   % (WIDTH - RIGHT + 8, TOP + 14 + 15 * i, escape(k), escape(v)))
    out.append('</svg>')
    return ''.join(out)
