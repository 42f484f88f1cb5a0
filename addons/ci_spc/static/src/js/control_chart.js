odoo.define('ci_spc.control_chart', function (require) {
"use strict";
/**
 * The control chart of a characteristic, drawn in the browser (d3 v3, which
 * Odoo 11 ships) from ci.spc.characteristic.chart_data: the main chart and,
 * under it on the same axis, its R, S or MR chart; limits per phase as
 * steps, zones, specification, phase bands named by their SOP version; a
 * point's details on hover or tap; a red point opens its signal.
 *
 * Used in the characteristic form as <field name="id" widget="ci_control_chart"/>.
 */
var AbstractField = require('web.AbstractField');
var core = require('web.core');
var field_registry = require('web.field_registry');
var session = require('web.session');

var _t = core._t;
var qweb = core.qweb;

var POINTS = 150;        // the points the form shows (chart_data's default)
var PHONE = 600;         // narrower than this: the phone layout
var MAIN_TITLES = {xbar_r: 'X̄', xbar_s: 'X̄', imr: 'X', p: 'p', np: 'np', c: 'c', u: 'u'};
var SPREAD_TITLES = {xbar_r: 'R', xbar_s: 'S', imr: 'MR'};

// ---------------------------------------------------------------------------
// plain helpers (no DOM), exported for tests

function isNum(v) {
    return typeof v === 'number' && isFinite(v);
}

/** 'YYYY-MM-DD HH:MM:SS' (UTC, as the server writes it) -> epoch ms, or null */
function parseUTC(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0)) : null;
}

var tzFormats = {};
/** offset (ms) of time zone ``tz`` at ``ms``; the browser's without a usable tz */
function tzOffset(tz, ms) {
    if (tz && window.Intl && Intl.DateTimeFormat) {
        try {
            var fmt = tzFormats[tz] || (tzFormats[tz] = new Intl.DateTimeFormat('en-US', {
                timeZone: tz, hour12: false, year: 'numeric', month: '2-digit', day: '2-digit',
                hour: '2-digit', minute: '2-digit', second: '2-digit'}));
            var p = {};
            fmt.formatToParts(new Date(ms)).forEach(function (part) { p[part.type] = part.value; });
            var local = Date.UTC(+p.year, +p.month - 1, +p.day, (+p.hour) % 24, +p.minute, +p.second);
            return local - Math.floor(ms / 1000) * 1000;
        } catch (e) {
            tzFormats[tz] = null;   // an unknown zone: the browser's
        }
    }
    return -new Date(ms).getTimezoneOffset() * 60000;
}

function pad(n) {
    return n < 10 ? '0' + n : '' + n;
}

/** the wall clock of ``ms`` in ``tz``: {date: 'YYYY-MM-DD', time: 'HH:MM', day: 'MM-DD'} */
function wallClock(tz, ms) {
    var d = new Date(ms + tzOffset(tz, ms));
    var day = pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    return {date: d.getUTCFullYear() + '-' + day, day: day,
            time: pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes())};
}

/** a number at the characteristic's decimals ('' when there is none) */
function fmt(value, decimals) {
    if (!isNum(value)) {
        return '';
    }
    var d = Math.max(0, Math.min(10, isNum(decimals) ? Math.round(decimals) : 3));
    return value.toFixed(d);
}

/**
 * Runs of consecutive points of one phase judged against the same limits:
 * [{phase_id, from, to, center, lcl, ucl}] (indexes into points). ``prefix``
 * '' for the main chart, 'spread_' for the spread chart.
 */
function limitRuns(points, prefix) {
    var runs = [];
    var cur = null;
    points.forEach(function (p, i) {
        var c = p[prefix + 'center'], l = p[prefix + 'lcl'], u = p[prefix + 'ucl'];
        if (!isNum(c) && !isNum(l) && !isNum(u)) {
            cur = null;
            return;
        }
        if (cur && cur.phase_id === p.phase_id && cur.to === i - 1 && cur.center === c
                && cur.lcl === l && cur.ucl === u) {
            cur.to = i;
        } else {
            cur = {phase_id: p.phase_id, from: i, to: i, center: c, lcl: l, ucl: u};
            runs.push(cur);
        }
    });
    return runs;
}

/** the phases shown: [{phase, from, to}] for each stretch of points of a phase */
function phaseSpans(points, phases) {
    var byId = {};
    (phases || []).forEach(function (ph) { byId[ph.id] = ph; });
    var spans = [];
    points.forEach(function (p, i) {
        var last = spans[spans.length - 1];
        if (last && last.phase_id === p.phase_id) {
            last.to = i;
        } else {
            spans.push({phase_id: p.phase_id, phase: byId[p.phase_id] || {}, from: i, to: i});
        }
    });
    return spans;
}

/** indexes of ``count`` points, evenly spread, for the time axis */
function tickIndexes(count, wanted) {
    if (count <= 0) {
        return [];
    }
    wanted = Math.max(2, Math.min(wanted, count));
    var step = (count - 1) / (wanted - 1 || 1);
    var out = [];
    for (var k = 0; k < wanted; k++) {
        var i = Math.round(k * step);
        if (out.indexOf(i) < 0) {
            out.push(i);
        }
    }
    return out;
}

/** right-hand labels [{y}] moved apart to ``gap`` pixels, in place */
function spreadLabels(labels, gap) {
    labels.sort(function (a, b) { return a.y - b.y; });
    for (var i = 1; i < labels.length; i++) {
        if (labels[i].y - labels[i - 1].y < gap) {
            labels[i].y = labels[i - 1].y + gap;
        }
    }
    return labels;
}

// ---------------------------------------------------------------------------

var ControlChart = AbstractField.extend({
    className: 'o_ci_control_chart',
    supportedFieldTypes: ['integer', 'many2one', 'char'],
    jsLibs: ['/web/static/lib/nvd3/d3.v3.js'],
    events: _.extend({}, AbstractField.prototype.events, {
        'click .o_ci_chart_open_signal': '_onOpenSignal',
        'click .o_ci_chart_open_improvement': '_onOpenImprovement',
        'click .o_ci_chart_tip_close': '_onCloseTip',
    }),

    init: function () {
        this._super.apply(this, arguments);
        this.chart = null;
        this.chartId = null;
        this.tipPoint = null;
        this.pinned = false;
        this.lastPointer = 'mouse';
        this.width = 0;
        this._onResize = _.debounce(this._redrawIfResized.bind(this), 120);
    },

    start: function () {
        var self = this;
        $(window).on('resize.ci_control_chart' + this.cid, this._onResize);
        if (window.ResizeObserver) {
            this.observer = new ResizeObserver(function () { self._onResize(); });
            this.observer.observe(this.el);
        }
        return this._super.apply(this, arguments);
    },

    destroy: function () {
        $(window).off('resize.ci_control_chart' + this.cid);
        if (this.observer) {
            this.observer.disconnect();
        }
        this._super.apply(this, arguments);
    },

    isSet: function () {
        return true;
    },

    // -----------------------------------------------------------------------

    _render: function () {
        var self = this;
        var id = this.res_id;
        if (!id) {
            this.chart = null;
            this._draw();
            return $.when();
        }
        if (this.chartId === id && this.chart) {
            this._draw();
            return $.when();
        }
        return this._rpc({
            model: 'ci.spc.characteristic',
            method: 'chart_data',
            args: [[id]],
            kwargs: {limit: POINTS},
            context: session.user_context,
        }).then(function (data) {
            self.chart = data;
            self.chartId = id;
            self._draw();
        });
    },

    _redrawIfResized: function () {
        if (!this.$el || !this.el.isConnected) {
            return;
        }
        var width = this.$el.width();
        if (width && Math.abs(width - this.width) > 1) {
            this._draw();
        }
    },

    _tz: function () {
        return (session.user_context || {}).tz || null;
    },

    /** draws the chart at the width the widget has now */
    _draw: function () {
        var self = this;
        var data = this.chart;
        this.$el.empty();
        this.pinned = false;
        var points = (data && data.points || []).filter(function (p) { return isNum(p.value); });
        if (!points.length) {
            this.$el.append(qweb.render('ci_spc.ControlChartEmpty'));
            return;
        }
        var width = this.$el.width();
        this.width = width;
        if (!width) {
            // not in the page yet: drawn when it gets its size
            return;
        }
        var phone = width < PHONE;
        this.phone = phone;
        var decimals = data.decimals;
        var spreadKind = SPREAD_TITLES[data.chart_type];
        var hasSpread = !!spreadKind && points.some(function (p) { return isNum(p.spread); });
        var margin = {top: 22, right: phone ? 62 : 92, bottom: 26, left: phone ? 44 : 60};
        var plotW = Math.max(60, width - margin.left - margin.right);
        var mainH = phone ? 220 : 280;
        var spreadH = hasSpread ? (phone ? 100 : 130) : 0;
        var gap = hasSpread ? 34 : 0;
        var height = margin.top + mainH + gap + spreadH + margin.bottom;
        var n = points.length;
        var x = d3.scale.linear().domain([-0.5, n - 0.5]).range([0, plotW]);
        var tz = this._tz();
        var spans = phaseSpans(points, data.phases);

        var svg = d3.select(this.el).append('svg')
            .attr('class', 'o_ci_spc_chart o_ci_control_chart_svg')
            .attr('width', width).attr('height', height)
            .attr('role', 'img')
            .attr('aria-label', _t('Control Chart'));
        var root = svg.append('g').attr('transform', 'translate(' + margin.left + ',' + margin.top + ')');

        var mainPane = root.append('g').attr('class', 'o_ci_chart_pane o_ci_chart_main');
        this._drawPane(mainPane, points, {
            prefix: '', value: 'value', rules: 'rules', height: mainH, width: plotW, x: x,
            decimals: decimals, phone: phone, spans: spans, zones: true, spec: data,
            title: MAIN_TITLES[data.chart_type] || '', phaseLabels: true,
        });
        var axisY = mainH;
        if (hasSpread) {
            var spreadPane = root.append('g').attr('class', 'o_ci_chart_pane o_ci_chart_spread')
                .attr('transform', 'translate(0,' + (mainH + gap) + ')');
            this._drawPane(spreadPane, points, {
                prefix: 'spread_', value: 'spread', rules: 'spread_rules', height: spreadH, width: plotW, x: x,
                decimals: decimals, phone: phone, spans: spans, zones: false, spec: null,
                title: spreadKind, phaseLabels: false,
            });
            axisY = mainH + gap + spreadH;
        }
        // the time axis, under the lowest pane: dates in the user's time zone
        var first = parseUTC(points[0].date), last = parseUTC(points[n - 1].date);
        var sameDay = first !== null && last !== null && wallClock(tz, first).date === wallClock(tz, last).date;
        var ticks = tickIndexes(n, Math.max(3, Math.floor(plotW / (phone ? 75 : 110))));
        var axis = root.append('g').attr('class', 'o_ci_chart_time_axis')
            .attr('transform', 'translate(0,' + axisY + ')');
        axis.append('line').attr('x1', 0).attr('x2', plotW).attr('class', 'o_ci_chart_axis_line');
        ticks.forEach(function (i) {
            var ms = parseUTC(points[i].date);
            if (ms === null) {
                return;
            }
            var clock = wallClock(tz, ms);
            var g = axis.append('g').attr('class', 'o_ci_chart_time_tick')
                .attr('transform', 'translate(' + x(i) + ',0)');
            g.append('line').attr('y2', 4);
            g.append('text').attr('y', 16).attr('text-anchor', i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle')
                .text(sameDay ? clock.time : (phone ? clock.day : clock.day + ' ' + clock.time));
        });
        if (!phone || sameDay) {
            // the day of a chart within one day
            if (sameDay) {
                axis.append('text').attr('class', 'o_ci_chart_axis_day').attr('x', plotW).attr('y', 16)
                    .attr('dx', 6).text(wallClock(tz, first).date);
            }
        }
        // hover / tap targets on top of everything
        this._drawTargets(root, points, x, mainH, hasSpread ? {y: mainH + gap, height: spreadH} : null);
        this.$tip = $('<div class="o_ci_chart_tip" role="tooltip"/>').hide().appendTo(this.$el);
        this.$el.append(qweb.render('ci_spc.ControlChartLegend', {
            has_spec: [data.lsl, data.usl, data.target].some(isNum),
            has_zones: points.some(function (p) { return isNum(p.center) && isNum(p.ucl); }),
            has_provisional: spans.some(function (s) { return s.phase.state === 'provisional'; }),
        }));
        this.$el.on('pointerdown', function (ev) {
            self.lastPointer = ev.originalEvent && ev.originalEvent.pointerType || 'mouse';
        });
    },

    /** one pane: zones, phase bands, limits, spec lines, points */
    _drawPane: function (g, points, o) {
        var self = this;
        var values = [];
        points.forEach(function (p) {
            [p[o.value], p[o.prefix + 'center'], p[o.prefix + 'lcl'], p[o.prefix + 'ucl']].forEach(function (v) {
                if (isNum(v)) {
                    values.push(v);
                }
            });
        });
        var specs = [];
        if (o.spec) {
            [['LSL', o.spec.lsl], ['USL', o.spec.usl], [_t('Target'), o.spec.target]].forEach(function (s) {
                if (isNum(s[1])) {
                    specs.push({name: s[0], value: s[1]});
                }
            });
        }
        var lo = d3.min(values), hi = d3.max(values);
        // the specification is drawn when it is not far from the process
        var span = (hi - lo) || Math.abs(hi) || 1;
        specs.forEach(function (s) {
            s.shown = s.value >= lo - 1.5 * span && s.value <= hi + 1.5 * span;
            if (s.shown) {
                lo = Math.min(lo, s.value);
                hi = Math.max(hi, s.value);
            }
        });
        var pad = ((hi - lo) || Math.abs(hi) * 0.01 || 1) * 0.08;
        var y = d3.scale.linear().domain([lo - pad, hi + pad]).range([o.height, 0]).nice(o.phone ? 3 : 5);
        var x = o.x;
        var clipId = _.uniqueId('o_ci_chart_clip');
        g.append('clipPath').attr('id', clipId).append('rect').attr('width', o.width).attr('height', o.height);
        var plot = g.append('g').attr('clip-path', 'url(#' + clipId + ')');
        plot.append('rect').attr('class', 'o_ci_chart_bg').attr('width', o.width).attr('height', o.height);

        // phase bands, every other one shaded
        o.spans.forEach(function (s, k) {
            plot.append('rect').attr('class', 'o_ci_chart_band' + (k % 2 ? ' o_ci_chart_band_alt' : ''))
                .attr('x', x(s.from - 0.5)).attr('width', x(s.to + 0.5) - x(s.from - 0.5))
                .attr('height', o.height);
            if (k > 0) {
                plot.append('line').attr('class', 'o_ci_chart_phase_line')
                    .attr('x1', x(s.from - 0.5)).attr('x2', x(s.from - 0.5)).attr('y2', o.height);
            }
        });
        // zones A, B, C
        var runs = limitRuns(points, o.prefix);
        if (o.zones) {
            runs.forEach(function (r) {
                if (!isNum(r.center) || !isNum(r.ucl)) {
                    return;
                }
                var up = (r.ucl - r.center) / 3;
                var down = isNum(r.lcl) ? (r.center - r.lcl) / 3 : up;
                var x0 = x(r.from - 0.5), w = x(r.to + 0.5) - x0;
                [['c', 0, 1], ['b', 1, 2], ['a', 2, 3]].forEach(function (z) {
                    [[r.center + z[1] * up, r.center + z[2] * up], [r.center - z[2] * down, r.center - z[1] * down]]
                        .forEach(function (band) {
                            plot.append('rect').attr('class', 'o_ci_zone o_ci_zone_' + z[0])
                                .attr('x', x0).attr('width', w)
                                .attr('y', y(band[1])).attr('height', Math.max(0, y(band[0]) - y(band[1])));
                        });
                });
            });
        }
        // y axis with its ticks
        var yTicks = y.ticks(o.phone ? 4 : 6);
        var axis = g.append('g').attr('class', 'o_ci_chart_y_axis');
        yTicks.forEach(function (t) {
            axis.append('line').attr('class', 'o_ci_chart_grid').attr('x1', 0).attr('x2', o.width)
                .attr('y1', y(t)).attr('y2', y(t));
            axis.append('text').attr('x', -6).attr('y', y(t)).attr('dy', '0.32em').attr('text-anchor', 'end')
                .text(fmt(t, Math.max(o.decimals || 0, tickDecimals(yTicks))));
        });
        axis.append('line').attr('class', 'o_ci_chart_axis_line').attr('y2', o.height);
        g.append('text').attr('class', 'o_ci_chart_pane_title').attr('x', -(o.phone ? 40 : 54)).attr('y', -8)
            .text(o.title);

        // the limits: steps per phase, provisional ones dashed
        var labels = [];
        var innerTaken = {};   // per phase: heights of the labels written inside
        var byPhase = {};
        (this.chart.phases || []).forEach(function (ph) { byPhase[ph.id] = ph; });
        ['center', 'ucl', 'lcl'].forEach(function (key) {
            var path = '';
            var prev = null;
            runs.forEach(function (r) {
                var v = r[key];
                if (!isNum(v)) {
                    prev = null;
                    return;
                }
                var x0 = x(r.from - 0.5), x1 = x(r.to + 0.5);
                if (prev && prev.phase_id === r.phase_id && prev.to === r.from - 1) {
                    path += 'L' + x0 + ',' + y(v);
                } else {
                    path += 'M' + x0 + ',' + y(v);
                }
                path += 'L' + x1 + ',' + y(v);
                prev = r;
            });
            runs.forEach(function (r) {
                var ph = byPhase[r.phase_id] || {};
                if (ph.state === 'provisional') {
                    plot.append('line').attr('class', 'o_ci_chart_provisional_mark')
                        .attr('x1', x(r.from - 0.5)).attr('x2', x(r.to + 0.5))
                        .attr('y1', y(r[key])).attr('y2', y(r[key]));
                }
            });
            if (path) {
                plot.append('path').attr('d', path)
                    .attr('class', 'o_ci_chart_limit ' + (key === 'center' ? 'o_ci_chart_cl' : 'o_ci_chart_ucl_lcl'));
            }
            var name = key === 'center' ? 'CL' : key.toUpperCase();
            // each phase's limits, labelled where its last run ends
            o.spans.forEach(function (s, k) {
                var run = _.last(runs.filter(function (r) { return r.from >= s.from && r.to <= s.to && isNum(r[key]); }));
                if (!run) {
                    return;
                }
                var lastSpan = k === o.spans.length - 1;
                var room = x(s.to + 0.5) - x(s.from - 0.5);
                if (lastSpan) {
                    labels.push({y: y(run[key]), text: name + ' ' + fmt(run[key], o.decimals),
                                 cls: 'o_ci_chart_limit_label o_ci_chart_label_' + key});
                } else if (room >= (o.phone ? 90 : 80) && !(innerTaken[k] || []).some(function (yy) {
                    return Math.abs(yy - y(run[key])) < 12;
                })) {
                    (innerTaken[k] = innerTaken[k] || []).push(y(run[key]));
                    plot.append('text').attr('class', 'o_ci_chart_limit_label o_ci_chart_inner_label')
                        .attr('x', x(s.to + 0.5) - 3).attr('y', y(run[key]) - 3).attr('text-anchor', 'end')
                        .text(name + ' ' + fmt(run[key], o.decimals));
                }
            });
        });
        // the specification: dashed lines of their own
        specs.forEach(function (s) {
            if (!s.shown) {
                return;
            }
            plot.append('line').attr('class', 'o_ci_chart_spec').attr('x1', 0).attr('x2', o.width)
                .attr('y1', y(s.value)).attr('y2', y(s.value));
            labels.push({y: y(s.value), text: s.name + ' ' + fmt(s.value, o.decimals),
                         cls: 'o_ci_chart_limit_label o_ci_chart_spec_label'});
        });
        spreadLabels(labels, o.phone ? 11 : 12).forEach(function (l) {
            g.append('text').attr('class', l.cls).attr('x', o.width + 4).attr('y', l.y).attr('dy', '0.32em')
                .text(l.text);
        });
        // phase names on their band
        if (o.phaseLabels) {
            o.spans.forEach(function (s) {
                var x0 = x(s.from - 0.5), w = x(s.to + 0.5) - x0;
                var label = s.phase.label || s.phase.name || '';
                if (s.phase.state === 'provisional') {
                    label += ' · ' + _t('provisional limits');
                }
                var clip = _.uniqueId('o_ci_chart_phase_clip');
                g.append('clipPath').attr('id', clip).append('rect')
                    .attr('x', x0).attr('y', -margin_top()).attr('width', Math.max(0, w - 2)).attr('height', margin_top());
                g.append('text').attr('class', 'o_ci_spc_phase o_ci_chart_phase_label')
                    .attr('clip-path', 'url(#' + clip + ')')
                    .attr('x', x0 + 3).attr('y', -7).text(label)
                    .append('title').text(label);
            });
        }
        // the data: a line per phase, the points
        o.spans.forEach(function (s) {
            var line = d3.svg.line().defined(function (p) { return isNum(p[o.value]); })
                .x(function (p) { return x(points.indexOf(p)); }).y(function (p) { return y(p[o.value]); });
            plot.append('path').attr('class', 'o_ci_chart_line').attr('d', line(points.slice(s.from, s.to + 1)));
        });
        points.forEach(function (p, i) {
            if (!isNum(p[o.value])) {
                return;
            }
            var out = (p[o.rules] || []).length > 0;
            g.append('circle').attr('class', out ? 'o_ci_spc_violation o_ci_chart_point_out' : 'o_ci_chart_point')
                .attr('cx', x(i)).attr('cy', y(p[o.value])).attr('r', out ? (o.phone ? 4.5 : 4) : (o.phone ? 2.5 : 3))
                .attr('data-index', i);
        });
        function margin_top() {
            return 22;
        }
        return self;
    },

    /** an invisible column per point, wide enough to tap, over both panes */
    _drawTargets: function (root, points, x, mainH, spread) {
        var self = this;
        var total = spread ? spread.y + spread.height : mainH;
        var w = Math.max(2, x(1) - x(0));
        points.forEach(function (p, i) {
            root.append('rect').attr('class', 'o_ci_chart_target' + ((p.rules || []).length || (p.spread_rules || []).length
                    ? ' o_ci_chart_target_out' : ''))
                .attr('x', x(i) - w / 2).attr('width', w).attr('y', 0).attr('height', total)
                .attr('data-index', i)
                .on('mouseenter', function () { self._showTip(i, this); })
                .on('mouseleave', function () { self._hideTip(); })
                .on('click', function () { self._onPointClick(i, this); });
        });
    },

    _pointRules: function (p) {
        var names = this.chart.rule_names || {};
        var spread = SPREAD_TITLES[this.chart.chart_type];
        var out = (p.rules || []).map(function (code) { return names[code] || code; });
        (p.spread_rules || []).forEach(function (code) {
            out.push(_.str.sprintf(_t('%s chart: %s'), spread, names[code] || code));
        });
        return out;
    },

    _showTip: function (i, target, pin) {
        if (this.pinned && !pin) {
            return;
        }
        var p = this.chart.points.filter(function (q) { return isNum(q.value); })[i];
        if (!p) {
            return;
        }
        var data = this.chart;
        var d = data.decimals;
        var ms = parseUTC(p.date);
        var clock = ms === null ? null : wallClock(this._tz(), ms);
        var phase = _.findWhere(data.phases || [], {id: p.phase_id}) || {};
        var lines = [];
        var unit = data.unit ? ' ' + data.unit : '';
        lines.push((MAIN_TITLES[data.chart_type] || '') + ' = ' + fmt(p.value, d) + unit);
        if (SPREAD_TITLES[data.chart_type] && isNum(p.spread)) {
            lines.push(SPREAD_TITLES[data.chart_type] + ' = ' + fmt(p.spread, d) + unit);
        }
        if (data.chart_type === 'xbar_r' || data.chart_type === 'xbar_s') {
            lines.push(_.str.sprintf(_t('%s values in the subgroup'), (p.measurement_ids || []).length));
        }
        if (isNum(p.count)) {
            lines.push(isNum(p.sample_size)
                ? _.str.sprintf(_t('%s of %s inspected'), p.count, p.sample_size)
                : _.str.sprintf(_t('%s counted'), p.count));
        }
        lines.push('CL ' + fmt(p.center, d) + '  UCL ' + fmt(p.ucl, d) + '  LCL ' + fmt(p.lcl, d));
        this.tipPoint = p;
        this.$tip.html(qweb.render('ci_spc.ControlChartTip', {
            when: clock ? clock.date + ' ' + clock.time : p.key,
            phase: (phase.label || phase.name || '') + (phase.state === 'provisional' ? ' · ' + _t('provisional limits') : ''),
            lines: lines,
            rules: this._pointRules(p),
            signal_ids: pin ? p.signal_ids || [] : [],
            improvement_ids: pin ? p.improvement_ids || [] : [],
        }));
        if (pin) {
            this.$tip.prepend($('<button type="button" class="close o_ci_chart_tip_close" aria-label="×">×</button>'));
        }
        this.$tip.toggleClass('o_ci_chart_tip_pinned', !!pin).show();
        // beside the point, inside the widget
        var box = this.el.getBoundingClientRect();
        var r = target.getBoundingClientRect();
        var tipW = this.$tip.outerWidth();
        var left = r.left - box.left + r.width / 2 + 12;
        if (left + tipW > box.width) {
            left = Math.max(0, r.left - box.left + r.width / 2 - 12 - tipW);
        }
        this.$tip.css({left: left, top: 24});
    },

    _hideTip: function () {
        if (!this.pinned && this.$tip) {
            this.$tip.hide();
        }
    },

    _onPointClick: function (i, target) {
        var p = this.chart.points.filter(function (q) { return isNum(q.value); })[i];
        if (!p) {
            return;
        }
        // a finger, or the phone layout, where a tap is the only hover
        var touch = this.lastPointer === 'touch' || this.phone;
        var signals = p.signal_ids || [];
        // with a mouse, a red point opens its signal; a tap first shows the
        // point, with its signal and improvement one more tap away
        if (signals.length && !touch) {
            this._openRecords('ci.spc.signal', signals);
            return;
        }
        this.pinned = false;
        this._showTip(i, target, true);
        this.pinned = true;
    },

    _openRecords: function (model, ids) {
        if (!ids.length) {
            return;
        }
        // the form of the first (a point breaking two rules has a signal for
        // each; the others are in its characteristic's Signals tab)
        this.do_action({
            type: 'ir.actions.act_window',
            res_model: model,
            res_id: ids[0],
            views: [[false, 'form']],
            target: 'current',
        });
    },

    _onOpenSignal: function (ev) {
        ev.preventDefault();
        if (this.tipPoint) {
            this._openRecords('ci.spc.signal', this.tipPoint.signal_ids || []);
        }
    },

    _onOpenImprovement: function (ev) {
        ev.preventDefault();
        if (this.tipPoint) {
            this._openRecords('ci.improvement', this.tipPoint.improvement_ids || []);
        }
    },

    _onCloseTip: function (ev) {
        ev.preventDefault();
        this.pinned = false;
        this.$tip.hide();
    },
});

/** decimals the y ticks need to be told apart */
function tickDecimals(ticks) {
    if (ticks.length < 2) {
        return 0;
    }
    var step = Math.abs(ticks[1] - ticks[0]);
    return step > 0 ? Math.max(0, Math.min(10, -Math.floor(Math.log(step) / Math.LN10 + 1e-9))) : 0;
}

field_registry.add('ci_control_chart', ControlChart);

return {
    ControlChart: ControlChart,
    fmt: fmt,
    parseUTC: parseUTC,
    tzOffset: tzOffset,
    wallClock: wallClock,
    limitRuns: limitRuns,
    phaseSpans: phaseSpans,
    tickIndexes: tickIndexes,
};
});
