# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small server-side SVG charts (no JS, printable, same in every browser)."""

import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 96, 28, 36
LINE_COLORS = ['#d9534f', '#777777', '#5cb85c']


def _fmt(v):
    return (
        ('%.1f' % v).rstrip('0').rstrip('.') if abs(v) < 1000 else '%.0f' % v
    )


def line_chart(points, lines=(), unit='', title='', empty_text='No data'):
    """SVG of ``points`` [(date, value)] with horizontal reference ``lines``
    [(label, value)] (target, baseline...)."""
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="o_ci_chart" viewBox="0 '
        '0 %d %d" '
        'width="100%%" style="max-width:%dpx;font-family:sans-serif;font-size:11px">'
        % (WIDTH, HEIGHT, WIDTH)
    ]
    out.append(
        '<text x="%d" y="16" font-weight="bold">%s%s</text>'
        % (LEFT, escape(title), escape(' (%s)' % unit) if unit else '')
    )
    if not points:
        out.append(
            '<text x="%d" y="%d" fill="#777">%s</text>'
            % (LEFT, HEIGHT // 2, escape(empty_text))
        )
        out.append('</svg>')
        return ''.join(out)
    values = [v for _d, v in points] + [v for _l, v in lines]
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + (
            plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2.0
        )

    def y(v):
        return TOP + plot_h * (hi - v) / (hi - lo)

    out.append(
        '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#ccc"/>'
        % (LEFT, TOP, plot_w, plot_h)
    )
    for k in range(5):
        v = lo + (hi - lo) * k / 4.0
        out.append(
            '<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>'
            % (LEFT - 4, y(v) + 4, _fmt(v))
        )
    for n, (label, v) in enumerate(lines):
        color = LINE_COLORS[n % len(LINE_COLORS)]
        out.append(
            '<line class="o_ci_ref" x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="%s" '
            'stroke-dasharray="6,4"/>'
            % (LEFT, LEFT + plot_w, y(v), y(v), color)
        )
        out.append(
            '<text x="%d" y="%.1f" fill="%s">%s %s</text>'
            % (LEFT + plot_w + 4, y(v) + 4, color, escape(label), _fmt(v))
        )
    path = ' '.join(
        '%s%.1f,%.1f' % ('M' if i == 0 else 'L', x(i), y(v))
        for i, (_d, v) in enumerate(points)
    )
    out.append(
        '<path d="%s" fill="none" stroke="#337ab7" stroke-width="2"/>' % path
    )
    for i, (d, v) in enumerate(points):
        out.append(
            '<circle class="o_ci_point" cx="%.1f" cy="%.1f" r="3" fill="#337ab7">'
            '<title>%s: %s</title></circle>'
            % (x(i), y(v), escape(str(d)), _fmt(v))
        )
    step = max(1, len(points) // 6)
    for i in range(0, len(points), step):
        out.append(
            '<text x="%.1f" y="%d" text-anchor="middle" fill="#555">%s</text>'
            % (x(i), HEIGHT - BOTTOM + 16, escape(str(points[i][0])))
        )
    out.append('</svg>')
    return ''.join(out)


IV_WIDTH, IV_HEIGHT = 360, 230
IV_LEFT, IV_RIGHT, IV_TOP, IV_BOTTOM = 48, 16, 30, 40
IV_COLORS = ['#777777', '#337ab7']


def interval_chart(items, title='', empty_text='No data', fmt=None, note=''):
    """SVG of a few estimates with their confidence intervals, side by side
    (a pilot's baseline and pilot windows): ``items`` [(label, value, low,
    high)], ``low``/``high`` None for no whisker; ``fmt`` formats a value
    (default: one decimal). Sized for a phone (360 units wide, 12 px text)."""
    fmt = fmt or _fmt
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="o_ci_chart '
        'o_ci_interval_chart" '
        'viewBox="0 0 %d %d" width="100%%" '
        'style="max-width:%dpx;font-family:sans-serif;font-size:12px">'
        % (IV_WIDTH, IV_HEIGHT, IV_WIDTH)
    ]
    out.append(
        '<text x="4" y="16" font-weight="bold">%s</text>' % escape(title)
    )
    items = [it for it in items if it[1] is not None]
    if not items:
        out.append(
            '<text x="4" y="%d" fill="#777">%s</text></svg>'
            % (IV_HEIGHT // 2, escape(empty_text))
        )
        return ''.join(out)
    values = []
    for _label, value, low, high in items:
        values.extend(v for v in (value, low, high) if v is not None)
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = (
        IV_WIDTH - IV_LEFT - IV_RIGHT,
        IV_HEIGHT - IV_TOP - IV_BOTTOM,
    )

    def y(v):
        return IV_TOP + plot_h * (hi - v) / (hi - lo)

    out.append(
        '<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#ccc"/>'
        % (IV_LEFT, IV_TOP, plot_w, plot_h)
    )
    # as many decimals as the ticks' step needs to tell them apart
    tick_digits = max(
        0, min(6, 1 - int(math.floor(math.log10((hi - lo) / 4.0))))
    )
    for k in range(5):
        v = lo + (hi - lo) * k / 4.0
        out.append(
            '<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>'
            % (IV_LEFT, IV_LEFT + plot_w, y(v), y(v))
        )
        out.append(
            '<text x="%d" y="%.1f" text-anchor="end" fill="#555">%s</text>'
            % (IV_LEFT - 4, y(v) + 4, '%.*f' % (tick_digits, v))
        )
    step = plot_w / float(len(items))
    centres = []
    for i, (label, value, low, high) in enumerate(items):
        cx = IV_LEFT + step * (i + 0.5)
        centres.append((cx, y(value)))
        color = IV_COLORS[min(i, len(IV_COLORS) - 1)]
        tip = fmt(value)
        if low is not None and high is not None:
            tip = '%s [%s, %s]' % (fmt(value), fmt(low), fmt(high))
            out.append(
                '<g class="o_ci_whisker" stroke="%s" stroke-width="2">'
                '<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>'
                '<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>'
                '<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/></g>'
                % (
                    color,
                    cx,
                    cx,
                    y(low),
                    y(high),
                    cx - 10,
                    cx + 10,
                    y(low),
                    y(low),
                    cx - 10,
                    cx + 10,
                    y(high),
                    y(high),
                )
            )
        out.append(
            '<circle class="o_ci_point" cx="%.1f" cy="%.1f" r="5" '
            'fill="%s"><title>%s: %s</title>'
            '</circle>' % (cx, y(value), color, escape(label), escape(tip))
        )
        # the last value's label on its left: it stays inside the chart
        last = i == len(items) - 1 and len(items) > 1
        out.append(
            '<text x="%.1f" y="%.1f" fill="%s" font-weight="bold" '
            'text-anchor="%s">%s</text>'
            % (
                cx - 14 if last else cx + 14,
                y(value) + 4,
                color,
                'end' if last else 'start',
                escape(fmt(value)),
            )
        )
        out.append(
            '<text x="%.1f" y="%d" text-anchor="middle" fill="#333">%s</text>'
            % (cx, IV_HEIGHT - IV_BOTTOM + 16, escape(label))
        )
    if len(centres) > 1:
        out.append(
            '<path d="%s" fill="none" stroke="#aaa" stroke-dasharray="4,3"/>'
            % ' '.join(
                '%s%.1f,%.1f' % ('M' if i == 0 else 'L', cx, cy)
                for i, (cx, cy) in enumerate(centres)
            )
        )
    if note:
        out.append(
            '<text x="4" y="%d" fill="#555">%s</text>'
            % (IV_HEIGHT - 6, escape(note))
        )
    out.append('</svg>')
    return ''.join(out)
