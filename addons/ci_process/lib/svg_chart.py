# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small server-side SVG charts (no JS, printable, same in every browser)."""
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 96, 28, 36
LINE_COLORS = ['#d9534f', '#777777', '#5cb85c']


def _fmt(v):
    return ('%.1f' % v).rstrip('0').rstrip('.') if abs(v) < 1000 else '%.0f' % v


def line_chart(points, lines=(), unit='', title='', empty_text='No data'):
    """SVG of ``points`` [(date, value)] with horizontal reference ``lines``
    [(label, value)] (target, baseline...)."""
    out = ['<svg xmlns="http://www.w3.org/2000/svg" class="o_ci_chart" viewBox="0 0 %d %d" '
           'width="100%%" style="max-width:%dpx;font-family:sans-serif;font-size:11px">'
           % (WIDTH, HEIGHT, WIDTH)]
    out.append('<text x="%d" y="16" font-weight="bold">%s%s</text>'
               % (LEFT, escape(title), escape(' (%s)' % unit) if unit else ''))
    if not points:
        out.append('<text x="%d" y="%d" fill="#777">%s</text>' % (LEFT, HEIGHT // 2, escape(empty_text)))
        out.append('</svg>')
        return ''.join(out)
    values = [v for _d, v in points] + [v for _l, v in lines]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2.0)

    def y(v):
        return TOP + plot_h * (hi - v) / (hi - lo)

    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#ccc"/>'
               % (LEFT, TOP, plot_w, plot_h))
    for k in range(5):
        v = lo + (hi - lo) * k / 4.0
        out.append('<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>'
                   % (LEFT - 4, y(v) + 4, _fmt(v)))
    for n, (label, v) in enumerate(lines):
        color = LINE_COLORS[n % len(LINE_COLORS)]
        out.append('<line class="o_ci_ref" x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" '
                   'stroke-dasharray="6,4"/>' % (LEFT, LEFT + plot_w, y(v), y(v), color))
        out.append('<text x="%d" y="%.1f" fill="%s">%s %s</text>'
                   % (LEFT + plot_w + 4, y(v) + 4, color, escape(label), _fmt(v)))
    path = ' '.join('%s%.1f,%.1f' % ('M' if i == 0 else 'L', x(i), y(v)) for i, (_d, v) in enumerate(points))
    out.append('<path d="%s" fill="none" stroke="#337ab7" stroke-width="2"/>' % path)
    for i, (d, v) in enumerate(points):
        out.append('<circle class="o_ci_point" cx="%.1f" cy="%.1f" r="3" fill="#337ab7">'
                   '<title>%s: %s</title></circle>' % (x(i), y(v), escape(str(d)), _fmt(v)))
    step = max(1, len(points) // 6)
    for i in range(0, len(points), step):
        out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s</text>'
                   % (x(i), HEIGHT - BOTTOM + 16, escape(str(points[i][0]))))
    out.append('</svg>')
    return ''.join(out)
