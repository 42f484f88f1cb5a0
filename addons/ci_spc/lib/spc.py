# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Shewhart control charts, run rules and process capability (numpy only).

Everything works on whole arrays: no Python loop runs per point. The
conventions are Minitab's wherever Minitab has one; the formulas and
conventions of each chart, rule and index are in docs/spc.md.
"""

import math
from collections import namedtuple
from fractions import Fraction

import numpy as np

KINDS = ('xbar_r', 'xbar_s', 'imr', 'p', 'np', 'c', 'u')
TEST_TYPES = (
    'beyond_limit',
    'm_of_n_beyond',
    'same_side',
    'trend',
    'alternating',
    'within',
    'outside',
)
SIGMA_METHODS = ('rbar', 'sbar', 'pooled', 'mr')
MIN_SUBGROUP, MAX_SUBGROUP = 2, 25

# Factors for control charts as printed in ASTM STP 15D (1976) and the AIAG
# SPC manual (2nd ed., 2005, appendix), also Montgomery, Introduction to
# Statistical Quality Control, appendix VI. Kept for display and for users
# who compare with the printed table; the computations use the unrounded
# values of d2(), d3() and c4() below (tests check both agree).
#        n: (A2,    A3,    B3,    B4,    D3,    D4,    d2,    d3,    c4)
PUBLISHED_CONSTANTS = {
    2: (1.880, 2.659, 0.000, 3.267, 0.000, 3.267, 1.128, 0.853, 0.7979),
    3: (1.023, 1.954, 0.000, 2.568, 0.000, 2.574, 1.693, 0.888, 0.8862),
    4: (0.729, 1.628, 0.000, 2.266, 0.000, 2.282, 2.059, 0.880, 0.9213),
    5: (0.577, 1.427, 0.000, 2.089, 0.000, 2.114, 2.326, 0.864, 0.9400),
    6: (0.483, 1.287, 0.030, 1.970, 0.000, 2.004, 2.534, 0.848, 0.9515),
    7: (0.419, 1.182, 0.118, 1.882, 0.076, 1.924, 2.704, 0.833, 0.9594),
    8: (0.373, 1.099, 0.185, 1.815, 0.136, 1.864, 2.847, 0.820, 0.9650),
    9: (0.337, 1.032, 0.239, 1.761, 0.184, 1.816, 2.970, 0.808, 0.9693),
    10: (0.308, 0.975, 0.284, 1.716, 0.223, 1.777, 3.078, 0.797, 0.9727),
    11: (0.285, 0.927, 0.321, 1.679, 0.256, 1.744, 3.173, 0.787, 0.9754),
    12: (0.266, 0.886, 0.354, 1.646, 0.283, 1.717, 3.258, 0.778, 0.9776),
    13: (0.249, 0.850, 0.382, 1.618, 0.307, 1.693, 3.336, 0.770, 0.9794),
    14: (0.235, 0.817, 0.406, 1.594, 0.328, 1.672, 3.407, 0.763, 0.9810),
    15: (0.223, 0.789, 0.428, 1.572, 0.347, 1.653, 3.472, 0.756, 0.9823),
    16: (0.212, 0.763, 0.448, 1.552, 0.363, 1.637, 3.532, 0.750, 0.9835),
    17: (0.203, 0.739, 0.466, 1.534, 0.378, 1.622, 3.588, 0.744, 0.9845),
    18: (0.194, 0.718, 0.482, 1.518, 0.391, 1.608, 3.640, 0.739, 0.9854),
    19: (0.187, 0.698, 0.497, 1.503, 0.403, 1.597, 3.689, 0.734, 0.9862),
    20: (0.180, 0.680, 0.510, 1.490, 0.415, 1.585, 3.735, 0.729, 0.9869),
    21: (0.173, 0.663, 0.523, 1.477, 0.425, 1.575, 3.778, 0.724, 0.9876),
    22: (0.167, 0.647, 0.534, 1.466, 0.434, 1.566, 3.819, 0.720, 0.9882),
    23: (0.162, 0.633, 0.545, 1.455, 0.443, 1.557, 3.858, 0.716, 0.9887),
    24: (0.157, 0.619, 0.555, 1.445, 0.451, 1.548, 3.895, 0.712, 0.9892),
    25: (0.153, 0.606, 0.565, 1.435, 0.459, 1.541, 3.931, 0.708, 0.9896),
}
CONSTANT_NAMES = ('A2', 'A3', 'B3', 'B4', 'D3', 'D4', 'd2', 'd3', 'c4')

# d2(n) and d3(n), mean and standard deviation of the range of n standard
# normal variables, to 10 decimals: computed by numerical integration of the
# range distribution (tests/lib/test_spc_constants.py recomputes them with
# scipy.integrate). Index n - 2.
_D2 = (
    1.1283791671,
    1.6925687506,
    2.0587507460,
    2.3259289473,
    2.5344127212,
    2.7043567512,
    2.8472006121,
    2.9700263244,
    3.0775054617,
    3.1728727038,
    3.2584552797,
    3.3359803541,
    3.4067631082,
    3.4718268899,
    3.5319827861,
    3.5878839618,
    3.6400637579,
    3.6889630232,
    3.7349501196,
    3.7783358298,
    3.8193846434,
    3.8583234233,
    3.8953481485,
    3.9306292195,
)
_D3 = (
    0.8525024664,
    0.8883680040,
    0.8798082028,
    0.8640819411,
    0.8480396861,
    0.8332053356,
    0.8198314898,
    0.8078342746,
    0.7970506735,
    0.7873146206,
    0.7784783412,
    0.7704162021,
    0.7630230956,
    0.7562114297,
    0.7499080894,
    0.7440517840,
    0.7385908534,
    0.7334814955,
    0.7286863457,
    0.7241733407,
    0.7199148084,
    0.7158867355,
    0.7120681751,
    0.7084407659,
)
_D2_ARR = np.array((np.nan, np.nan) + _D2)
_D3_ARR = np.array((np.nan, np.nan) + _D3)

Limits = namedtuple('Limits', 'center sigma count')
Limits.__new__.__defaults__ = (None, None)
Limits.__doc__ = """Frozen parameters of one phase.

center: process mean (xbar_r, xbar_s, imr), p-bar (p, np), c-bar (c), u-bar (u);
sigma: within standard deviation of the process (variables charts; None for
attributes, whose sigma follows from center); count: baseline points used
(None when the limits were given)."""

RuleSpec = namedtuple('RuleSpec', 'code test_type window min_count sigma')
Violation = namedtuple('Violation', 'code index involved')


class SpcError(ValueError):
    """Input that cannot give a chart, a rule evaluation or a capability."""


# ---------------------------------------------------------------- constants


def c4(n):
    """c4(n) = sqrt(2 / (n - 1)) * Gamma(n / 2) / Gamma((n - 1) / 2), any n >= 2.

    Accepts an integer or an integer array."""
    n = np.asarray(n, dtype=float)
    if np.any(n < 2):
        raise SpcError("c4 is defined for n >= 2")
    lg = np.vectorize(math.lgamma, otypes=[float])
    res = np.sqrt(2.0 / (n - 1.0)) * np.exp(lg(n / 2.0) - lg((n - 1.0) / 2.0))
    return float(res) if res.ndim == 0 else res


def _table(arr, n, name):
    n = np.asarray(n)
    if np.any(n < MIN_SUBGROUP) or np.any(n > MAX_SUBGROUP):
        raise SpcError(
            "%s is tabulated for subgroup sizes %d to %d"
            % (name, MIN_SUBGROUP, MAX_SUBGROUP)
        )
    res = arr[n.astype(int)]
    return float(res) if res.ndim == 0 else res


def d2(n):
    """Mean of the range of n standard normal variables (n = 2..25)."""
    return _table(_D2_ARR, n, 'd2')


def d3(n):
    """Standard deviation of the range of n standard normal variables (n = 2..25)."""
    return _table(_D3_ARR, n, 'd3')


def constants(n):
    """Unrounded factors for subgroup size n, same keys as CONSTANT_NAMES."""
    dd2, dd3, cc4 = d2(n), d3(n), c4(n)
    root = math.sqrt(n)
    b = 3.0 * math.sqrt(1.0 - cc4 * cc4) / cc4
    return {
        'A2': 3.0 / (dd2 * root),
        'A3': 3.0 / (cc4 * root),
        'B3': max(0.0, 1.0 - b),
        'B4': 1.0 + b,
        'D3': max(0.0, 1.0 - 3.0 * dd3 / dd2),
        'D4': 1.0 + 3.0 * dd3 / dd2,
        'd2': dd2,
        'd3': dd3,
        'c4': cc4,
    }


# ------------------------------------------------------------------- inputs


def _finite(arr, name):
    if arr.size and not np.all(np.isfinite(arr)):
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise SpcError(
            "%s contains a value that is not a finite number (position %d)"
            % (name, bad)
        )
    return arr


def _float_array(values, name):
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise SpcError("%s must be numbers" % name)
    return _finite(arr, name)


class _Subgroups(object):
    """Observations of a subgroup chart, flat, with the subgroup boundaries."""

    def __init__(
        self, values, subgroups=None, sizes=None, max_size=MAX_SUBGROUP
    ):
        self.rect = None
        if subgroups is not None:
            flat = _float_array(values, 'values').ravel()
            labels = np.asarray(subgroups)
            if labels.shape != flat.shape:
                raise SpcError(
                    "subgroups must label every value (%d labels for %d values)"
                    % (labels.size, flat.size)
                )
            bounds = np.concatenate(
                (
                    [0],
                    np.flatnonzero(labels[1:] != labels[:-1]) + 1,
                    [flat.size],
                )
            )
            self.n = np.diff(bounds).astype(np.int64)
        elif sizes is not None:
            flat = _float_array(values, 'values').ravel()
            self.n = np.asarray(sizes, dtype=np.int64).ravel()
            if self.n.sum() != flat.size:
                raise SpcError(
                    "sizes add up to %d, but there are %d values"
                    % (self.n.sum(), flat.size)
                )
        else:
            try:
                rect = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                rect = None  # ragged: a list of subgroups of different sizes
            if rect is not None:
                if rect.ndim != 2:
                    raise SpcError(
                        "subgroup data must be a 2-D array, a list of subgroups, "
                        "or flat values with subgroups= or sizes="
                    )
                self.rect = _finite(rect, 'values')
                flat = rect.ravel()
                self.n = np.full(rect.shape[0], rect.shape[1], dtype=np.int64)
            else:
                groups = [_float_array(g, 'values').ravel() for g in values]
                self.n = np.array([g.size for g in groups], dtype=np.int64)
                flat = np.concatenate(groups) if groups else np.zeros(0)
        self.flat = flat
        if self.n.size == 0:
            raise SpcError("no subgroups")
        bad = np.flatnonzero((self.n < MIN_SUBGROUP) | (self.n > max_size))
        if bad.size:
            raise SpcError(
                "subgroup %d has %d observations; subgroups need %d to %d"
                % (bad[0], self.n[bad[0]], MIN_SUBGROUP, max_size)
            )
        self.starts = np.concatenate(([0], np.cumsum(self.n)[:-1]))
        self.equal = bool(np.all(self.n == self.n[0]))
        self._stats()

    def _stats(self):
        if self.rect is not None:
            self.sums = self.rect.sum(axis=1)
            self.means = self.sums / self.n
            self.ranges = self.rect.max(axis=1) - self.rect.min(axis=1)
            self.ss = ((self.rect - self.means[:, None]) ** 2).sum(axis=1)
        else:
            self.sums = np.add.reduceat(self.flat, self.starts)
            self.means = self.sums / self.n
            self.ranges = np.maximum.reduceat(
                self.flat, self.starts
            ) - np.minimum.reduceat(self.flat, self.starts)
            self.ss = np.add.reduceat(
                (self.flat - np.repeat(self.means, self.n)) ** 2, self.starts
            )
        self.sds = np.sqrt(self.ss / (self.n - 1))


def _sigma_within(sub, mask, method):
    """Within-subgroup sigma from the subgroups selected by mask."""
    n = sub.n[mask]
    if method == 'rbar':
        if sub.equal:
            return float(sub.ranges[mask].mean() / d2(int(n[0])))
        f = d2(n) ** 2 / d3(n) ** 2
        return float((f * sub.ranges[mask] / d2(n)).sum() / f.sum())
    if method == 'sbar':
        if sub.equal:
            return float(sub.sds[mask].mean() / c4(int(n[0])))
        cc = c4(n)
        h = cc**2 / (1.0 - cc**2)
        return float((h * sub.sds[mask] / cc).sum() / h.sum())
    if method == 'pooled':
        dof = int((n - 1).sum())
        return float(math.sqrt(sub.ss[mask].sum() / dof) / c4(dof + 1))
    raise SpcError(
        "sigma method %r does not apply to subgroups (use rbar, sbar or pooled)"
        % method
    )


def _segments(count, phases):
    """Start and end index of each phase (runs of equal consecutive labels)."""
    if phases is None:
        return np.array([0]), np.array([count])
    labels = np.asarray(phases)
    if labels.shape != (count,):
        raise SpcError(
            "phases must label every point (%d labels for %d points)"
            % (labels.size, count)
        )
    starts = np.concatenate(
        ([0], np.flatnonzero(labels[1:] != labels[:-1]) + 1)
    )
    ends = np.concatenate((starts[1:], [count]))
    return starts, ends


def _baseline_mask(count, starts, ends, baseline):
    if baseline is None:
        return np.ones(count, dtype=bool)
    if isinstance(baseline, (int, np.integer)) and not isinstance(
        baseline, bool
    ):
        if baseline < 1:
            raise SpcError("baseline must be at least 1 point")
        idx = np.arange(count)
        first = np.repeat(starts, ends - starts)
        return idx - first < baseline
    mask = np.asarray(baseline)
    if mask.dtype != bool or mask.shape != (count,):
        raise SpcError(
            "baseline must be a number of points or a boolean mask of %d points"
            % count
        )
    return mask.copy()


def _given_variables_limits(limits, index):
    """Frozen limits of phase ``index`` of a variables chart, as floats."""
    if limits.sigma is None:
        raise SpcError(
            "limits of phase %d: variables charts need a sigma" % (index + 1)
        )
    return Limits(float(limits.center), float(limits.sigma))


def _limits_list(limits, nphases):
    if limits is None:
        return [None] * nphases
    if isinstance(limits, Limits) or isinstance(limits, dict):
        limits = [limits] * nphases
    limits = list(limits)
    if len(limits) != nphases:
        raise SpcError(
            "%d limits given for %d phases" % (len(limits), nphases)
        )
    out = []
    for lim in limits:
        if lim is None:
            out.append(None)
            continue
        if isinstance(lim, dict):
            lim = Limits(lim.get('center'), lim.get('sigma'))
        if lim.center is None or not math.isfinite(float(lim.center)):
            raise SpcError("given limits need a finite center")
        if lim.sigma is not None and (
            not math.isfinite(float(lim.sigma)) or lim.sigma < 0
        ):
            raise SpcError("given limits need a finite, non-negative sigma")
        out.append(lim)
    return out


# ------------------------------------------------------------------- charts


class Series(object):
    """One plotted series: statistic, center line, limits and sigma per point."""

    __slots__ = (
        'kind',
        'points',
        'center',
        'lcl',
        'ucl',
        'sigma',
        'sizes',
        'phase',
        'k',
    )

    def __init__(self, kind, points, center, lcl, ucl, sigma, sizes, phase, k):
        self.kind, self.points, self.center, self.lcl, self.ucl = (
            kind,
            points,
            center,
            lcl,
            ucl,
        )
        self.sigma, self.sizes, self.phase, self.k = sigma, sizes, phase, k

    def __len__(self):
        return len(self.points)


class ChartResult(Series):
    """A chart: the plotted series plus phases, baseline, limits and the
    secondary chart (R, S or MR) of variables charts (None for attributes)."""

    __slots__ = ('baseline', 'limits', 'secondary', 'sigma_method')

    def __init__(self, series, baseline, limits, secondary, sigma_method):
        super(ChartResult, self).__init__(
            *(getattr(series, a) for a in Series.__slots__)
        )
        self.baseline, self.limits, self.secondary = (
            baseline,
            limits,
            secondary,
        )
        self.sigma_method = sigma_method


def _check_overflow(centers, sigmas):
    """Finite values can still give limits that are not: sums and squares of
    values near the largest double overflow. Refused like non-finite input,
    rather than handing infinite or NaN limits on."""
    for value in centers:
        if not math.isfinite(value):
            raise SpcError(
                "values too large to compute limits (the center line is not a "
                "finite number)"
            )
    for value in sigmas:
        if not math.isfinite(value):
            raise SpcError(
                "values too large to compute limits (sigma is not a finite number)"
            )


def _per_phase(values, starts, ends):
    return np.repeat(np.asarray(values, dtype=float), ends - starts)


def chart(
    kind,
    values,
    sizes=None,
    subgroups=None,
    limits=None,
    baseline=None,
    phases=None,
    sigma_method=None,
    k=3.0,
):
    """Compute a control chart; see the module docstring for the formulas.

    kind: one of KINDS. values: subgroups (2-D array, list of lists, or flat
    values with ``subgroups`` labels or ``sizes``) for xbar_r/xbar_s; the
    individual values for imr; defectives (p, np) or nonconformities (c, u)
    per sample otherwise. sizes: sample sizes (p, np: items; u: inspection
    units), a number or one per point. limits, baseline, phases: see
    "Phases and frozen limits". sigma_method: rbar/sbar/pooled for subgroup
    charts. Returns a ChartResult.
    """
    if kind not in KINDS:
        raise SpcError(
            "unknown chart kind %r (expected one of %s)"
            % (kind, ', '.join(KINDS))
        )
    k = float(k)
    if not k > 0:
        raise SpcError("k (sigma multiplier) must be positive")
    if kind in ('xbar_r', 'xbar_s'):
        return _subgroup_chart(
            kind,
            values,
            sizes,
            subgroups,
            limits,
            baseline,
            phases,
            sigma_method,
            k,
        )
    if subgroups is not None:
        raise SpcError("subgroups= applies to X-bar charts only")
    if sigma_method not in (None, 'mr') or (
        sigma_method == 'mr' and kind != 'imr'
    ):
        raise SpcError(
            "sigma method %r does not apply to %s charts"
            % (sigma_method, kind)
        )
    if kind == 'imr':
        return _imr_chart(values, sizes, limits, baseline, phases, k)
    return _attribute_chart(kind, values, sizes, limits, baseline, phases, k)


def _subgroup_chart(
    kind, values, sizes, subgroups, limits, baseline, phases, method, k
):
    method = method or ('rbar' if kind == 'xbar_r' else 'sbar')
    if method not in ('rbar', 'sbar', 'pooled'):
        raise SpcError(
            "sigma method %r does not apply to subgroups (use rbar, sbar or pooled)"
            % method
        )
    sub = _Subgroups(values, subgroups, sizes)
    m = sub.n.size
    starts, ends = _segments(m, phases)
    base = _baseline_mask(m, starts, ends, baseline)
    given = _limits_list(limits, starts.size)
    centers, sigmas, used = [], [], []
    for i, (s, e) in enumerate(zip(starts, ends)):
        if given[i] is not None:
            base[s:e] = False
            used.append(_given_variables_limits(given[i], i))
            centers.append(used[-1].center)
            sigmas.append(used[-1].sigma)
            continue
        mask = np.zeros(m, dtype=bool)
        mask[s:e] = base[s:e]
        cnt = int(mask.sum())
        if cnt < 2:
            raise SpcError(
                "phase %d has %d baseline subgroup(s); at least 2 are needed "
                "to compute limits" % (i + 1, cnt)
            )
        centers.append(float(sub.sums[mask].sum() / sub.n[mask].sum()))
        sigmas.append(_sigma_within(sub, mask, method))
        used.append(Limits(centers[-1], sigmas[-1], cnt))
    _check_overflow(centers, sigmas)
    center = _per_phase(centers, starts, ends)
    sig = _per_phase(sigmas, starts, ends)
    phase = np.repeat(np.arange(starts.size), ends - starts)
    sd_mean = sig / np.sqrt(sub.n)
    primary = Series(
        'xbar',
        sub.means,
        center,
        center - k * sd_mean,
        center + k * sd_mean,
        sd_mean,
        sub.n,
        phase,
        k,
    )
    if kind == 'xbar_r':
        c2, s2, pts, name = d2(sub.n) * sig, d3(sub.n) * sig, sub.ranges, 'r'
    else:
        cc = c4(sub.n)
        c2, s2, pts, name = (
            cc * sig,
            np.sqrt(1.0 - cc * cc) * sig,
            sub.sds,
            's',
        )
    secondary = Series(
        name,
        pts,
        c2,
        np.maximum(0.0, c2 - k * s2),
        c2 + k * s2,
        s2,
        sub.n,
        phase,
        k,
    )
    return ChartResult(primary, base, used, secondary, method)


def _imr_chart(values, sizes, limits, baseline, phases, k):
    if sizes is not None:
        raise SpcError("I-MR charts take individual values, without sizes")
    x = _float_array(values, 'values')
    if x.ndim != 1:
        raise SpcError("I-MR charts need a 1-D series of individual values")
    m = x.size
    starts, ends = _segments(m, phases)
    base = _baseline_mask(m, starts, ends, baseline)
    given = _limits_list(limits, starts.size)
    mr = np.empty(m)
    mr[0] = np.nan
    np.abs(np.subtract(x[1:], x[:-1]), out=mr[1:])
    mr[starts] = np.nan
    centers, sigmas, used = [], [], []
    one_phase = starts.size == 1
    if not (one_phase and baseline is None):
        # a moving range belongs to the baseline when both of its points do
        mr_base = np.zeros(m, dtype=bool)
        mr_base[1:] = base[1:] & base[:-1]
        mr_base[starts] = False
    for i, (s, e) in enumerate(zip(starts, ends)):
        if given[i] is not None:
            base[s:e] = False
            used.append(_given_variables_limits(given[i], i))
            centers.append(used[-1].center)
            sigmas.append(used[-1].sigma)
            continue
        if one_phase and baseline is None:
            # the common case, kept free of mask copies (1M points in the benchmark)
            xs, mrs, cnt = x, mr[1:], m
        else:
            bx, bm = base[s:e], mr_base[s:e]
            xs, mrs, cnt = x[s:e][bx], mr[s:e][bm], int(bx.sum())
        if mrs.size < 1:
            raise SpcError(
                "phase %d has %d baseline point(s) and no moving range; at least 2 "
                "consecutive points are needed to compute limits"
                % (i + 1, cnt)
            )
        centers.append(float(xs.mean()))
        sigmas.append(float(mrs.mean() / _D2[0]))
        used.append(Limits(centers[-1], sigmas[-1], cnt))
    _check_overflow(centers, sigmas)
    if one_phase:
        center = np.broadcast_to(centers[0], (m,))
        sig = np.broadcast_to(sigmas[0], (m,))
        phase = np.broadcast_to(np.int64(0), (m,))
        lcl = np.broadcast_to(centers[0] - k * sigmas[0], (m,))
        ucl = np.broadcast_to(centers[0] + k * sigmas[0], (m,))
    else:
        center = _per_phase(centers, starts, ends)
        sig = _per_phase(sigmas, starts, ends)
        phase = np.repeat(np.arange(starts.size), ends - starts)
        lcl, ucl = center - k * sig, center + k * sig
    ones = np.broadcast_to(np.int64(1), (m,))
    primary = Series('i', x, center, lcl, ucl, sig, ones, phase, k)
    if one_phase:
        # constant lines stay broadcast views: no 1M-element copies of one number
        c2, s2 = _D2[0] * sigmas[0], _D3[0] * sigmas[0]
        lines = [
            np.broadcast_to(v, (m,))
            for v in (c2, max(0.0, c2 - k * s2), c2 + k * s2, s2)
        ]
    else:
        c2, s2 = _D2[0] * sig, _D3[0] * sig
        lines = [c2, np.maximum(0.0, c2 - k * s2), c2 + k * s2, s2]
    secondary = Series(
        'mr',
        mr,
        lines[0],
        lines[1],
        lines[2],
        lines[3],
        np.broadcast_to(np.int64(2), (m,)),
        phase,
        k,
    )
    return ChartResult(primary, base, used, secondary, 'mr')


def _attribute_chart(kind, values, sizes, limits, baseline, phases, k):
    counts = _float_array(values, 'values')
    if counts.ndim != 1:
        raise SpcError("attribute charts need one count per sample")
    m = counts.size
    if m == 0:
        raise SpcError("no samples")
    if np.any(counts < 0):
        raise SpcError(
            "counts cannot be negative (sample %d)"
            % int(np.flatnonzero(counts < 0)[0])
        )
    if kind == 'c':
        if sizes is not None:
            raise SpcError(
                "c charts assume a constant area of opportunity: use a u chart "
                "for sizes"
            )
        n = np.ones(m)
    else:
        if sizes is None:
            raise SpcError("%s charts need the sample sizes" % kind)
        n = np.broadcast_to(_float_array(sizes, 'sizes'), (m,)).astype(float)
        small = (n <= 0) if kind == 'u' else (n < 1)
        if np.any(small):
            raise SpcError(
                "sample sizes must be %s (sample %d)"
                % (
                    'positive' if kind == 'u' else 'at least 1',
                    int(np.flatnonzero(small)[0]),
                )
            )
        if kind in ('p', 'np'):
            if np.any(counts > n):
                bad = int(np.flatnonzero(counts > n)[0])
                raise SpcError(
                    "sample %d has %g defectives out of %g inspected"
                    % (bad, counts[bad], n[bad])
                )
    starts, ends = _segments(m, phases)
    base = _baseline_mask(m, starts, ends, baseline)
    given = _limits_list(limits, starts.size)
    centers, used = [], []
    for i, (s, e) in enumerate(zip(starts, ends)):
        if given[i] is not None:
            base[s:e] = False
            centers.append(float(given[i].center))
            used.append(Limits(centers[-1]))
            continue
        bm = base[s:e]
        cnt = int(bm.sum())
        if cnt < 2:
            raise SpcError(
                "phase %d has %d baseline sample(s); at least 2 are needed to "
                "compute limits" % (i + 1, cnt)
            )
        centers.append(float(counts[s:e][bm].sum() / n[s:e][bm].sum()))
        used.append(Limits(centers[-1], None, cnt))
    _check_overflow(centers, ())
    bar = _per_phase(centers, starts, ends)
    phase = np.repeat(np.arange(starts.size), ends - starts)
    if kind in ('p', 'np') and np.any((bar < 0) | (bar > 1)):
        raise SpcError("p-bar must be between 0 and 1")
    if kind == 'p':
        points, center, sig, top = (
            counts / n,
            bar,
            np.sqrt(bar * (1.0 - bar) / n),
            1.0,
        )
    elif kind == 'np':
        points, center, sig, top = (
            counts,
            n * bar,
            np.sqrt(n * bar * (1.0 - bar)),
            n,
        )
    elif kind == 'c':
        points, center, sig, top = counts, bar, np.sqrt(bar), np.inf
    else:
        points, center, sig, top = counts / n, bar, np.sqrt(bar / n), np.inf
    primary = Series(
        kind,
        points,
        center,
        np.maximum(0.0, center - k * sig),
        np.minimum(top, center + k * sig),
        sig,
        n,
        phase,
        k,
    )
    return ChartResult(primary, base, used, None, None)


# -------------------------------------------------------------------- rules


def rule_spec(spec):
    """Normalise a rule spec given as RuleSpec, tuple or dict (e.g. a
    ci.spc.rule read()), checking its parameters."""
    if isinstance(spec, dict):
        spec = RuleSpec(
            spec['code'],
            spec['test_type'],
            spec.get('window', 1),
            spec.get('min_count', 1),
            spec.get('sigma', 0.0),
        )
    spec = RuleSpec(*spec)
    code, test, window, count, level = spec
    if test not in TEST_TYPES:
        raise SpcError("rule %s: unknown test type %r" % (code, test))
    window, count, level = int(window), int(count), float(level)
    if window < 1 or not 1 <= count <= window:
        raise SpcError(
            "rule %s: need 1 <= M (%d) <= N (%d)" % (code, count, window)
        )
    if not (math.isfinite(level) and level >= 0):
        raise SpcError("rule %s: sigma level must be >= 0" % code)
    if test in ('trend', 'alternating') and count != window:
        raise SpcError(
            "rule %s: a %s test needs M = N (points in a row)" % (code, test)
        )
    if test == 'trend' and window < 2:
        raise SpcError("rule %s: a trend needs at least 2 points" % code)
    if test == 'alternating' and window < 3:
        raise SpcError("rule %s: alternation needs at least 3 points" % code)
    return RuleSpec(code, test, window, count, level)


class RuleHits(object):
    """The points where one rule fails.

    index: points that complete the pattern (sorted); start: first point of
    the pattern's window for each of them; involved(j): the points of the
    j-th pattern (the whole window for runs, the points in the zone for
    M-of-N tests)."""

    __slots__ = ('spec', 'index', 'start', 'size', '_masks', '_side')

    def __init__(self, spec, index, start, size, masks=None, side=None):
        self.spec, self.index, self.start, self.size = spec, index, start, size
        self._masks, self._side = masks, side

    @property
    def code(self):
        return self.spec.code

    def __len__(self):
        return self.index.size

    def involved(self, j):
        lo, hi = int(self.start[j]), int(self.index[j]) + 1
        if self._masks is None:
            return tuple(range(lo, hi))
        mask = (
            self._masks[int(self._side[j])]
            if self._side is not None
            else self._masks[0]
        )
        return tuple(int(i) + lo for i in np.flatnonzero(mask[lo:hi]))

    def points(self):
        """Boolean mask of every point involved in at least one pattern."""

        def cover(lo, hi):
            edges = np.bincount(lo, minlength=self.size + 1) - np.bincount(
                hi + 1, minlength=self.size + 1
            )
            return np.cumsum(edges[: self.size]) > 0

        if self._masks is None:
            return cover(self.start, self.index)
        if self._side is None:
            return cover(self.start, self.index) & self._masks[0]
        out = np.zeros(self.size, dtype=bool)
        for side, mask in enumerate(self._masks):
            pick = self._side == side
            out |= cover(self.start[pick], self.index[pick]) & mask
        return out

    def violations(self):
        for j in range(self.index.size):
            yield Violation(
                self.spec.code, int(self.index[j]), self.involved(j)
            )


class _RuleData(object):
    """Arrays shared by the rules of one evaluation, computed once each."""

    def __init__(self, points, center, sigma, phase):
        self.x = np.asarray(points, dtype=float)
        if self.x.ndim != 1:
            raise SpcError("rules need a 1-D series of points")
        n = self.n = self.x.size
        self.center = np.broadcast_to(np.asarray(center, dtype=float), (n,))
        self.sigma = np.broadcast_to(np.asarray(sigma, dtype=float), (n,))
        # one center and one sigma for the whole series (broadcast, or all equal):
        # compare against numbers instead of arrays
        self.flat = n > 0 and _constant(self.center) and _constant(self.sigma)
        self.first = None
        if phase is not None:
            ph = np.broadcast_to(np.asarray(phase), (n,))
            if n > 1 and np.any(ph[1:] != ph[:-1]):
                starts = np.concatenate(
                    ([0], np.flatnonzero(ph[1:] != ph[:-1]) + 1)
                )
                self.first = np.repeat(
                    starts, np.diff(np.concatenate((starts, [n])))
                )
        self._cache = {}

    def beyond(self, level):
        """(above, below): strictly more than level sigma above / below center."""
        key = ('beyond', level)
        if key not in self._cache:
            if self.flat:
                center, sigma = float(self.center[0]), float(self.sigma[0])
                if level == 0 or math.isfinite(sigma):
                    band = level * sigma if level else 0.0
                    self._cache[key] = (
                        self.x > center + band,
                        self.x < center - band,
                    )
                else:
                    self._cache[key] = (
                        np.zeros(self.n, bool),
                        np.zeros(self.n, bool),
                    )
            elif level == 0:
                self._cache[key] = (self.x > self.center, self.x < self.center)
            else:
                band = level * self.sigma
                self._cache[key] = (
                    self.x > self.center + band,
                    self.x < self.center - band,
                )
        return self._cache[key]

    def judged(self):
        """Points that can be judged: finite value and finite sigma."""
        if 'judged' not in self._cache:
            ok = np.isfinite(self.x)
            if not self.flat:
                ok &= np.isfinite(self.sigma)
            elif not math.isfinite(float(self.sigma[0])):
                ok[:] = False
            self._cache['judged'] = ok
        return self._cache['judged']

    def moves(self):
        """(rises, falls): point i is above / below point i - 1, in the same phase
        (a tie, a missing point or a phase start is neither)."""
        if 'moves' not in self._cache:
            rises, falls = np.zeros(self.n, dtype=bool), np.zeros(
                self.n, dtype=bool
            )
            np.greater(self.x[1:], self.x[:-1], out=rises[1:])
            np.less(self.x[1:], self.x[:-1], out=falls[1:])
            if self.first is not None:
                starts = np.flatnonzero(np.arange(self.n) == self.first)
                rises[starts] = False
                falls[starts] = False
            self._cache['moves'] = (rises, falls)
        return self._cache['moves']

    def cumsum(self, key, cond):
        ck = ('cs', key)
        if ck not in self._cache:
            cs = np.zeros(
                self.n + 1, dtype=np.int32 if self.n < 2**31 - 1 else np.int64
            )
            np.cumsum(cond, out=cs[1:])
            self._cache[ck] = cs
        return self._cache[ck]

    def hits(self, key, cond, window, need, offset=0):
        """Points i where cond[i] holds and at least `need` of cond[lo..i] hold,
        lo = max(i - window + 1, first point of i's phase + offset). Returns
        (index, lo)."""
        if self.first is None:
            # one phase: count every window with two shifted slices of the
            # cumulative sum, then keep the (few) points that complete a pattern;
            # conditions are false before `offset`, so counting from 0 is the same
            if need <= 1:
                index = np.flatnonzero(cond)
            elif need == window:
                index = np.flatnonzero(_all_in_window(cond, window))
            elif window <= 32:
                # short windows: add shifted copies of one-byte flags
                count = cond.astype(np.uint8)
                flags = count.copy()
                for shift in range(1, window):
                    count[shift:] += flags[:-shift]
                index = np.flatnonzero(cond & (count >= need))
            else:
                cs = self.cumsum(key, cond)
                count = np.empty(self.n, dtype=cs.dtype)
                head = min(window - 1, self.n)
                count[:head] = cs[1 : head + 1]
                np.subtract(cs[window:], cs[:-window], out=count[head:])
                index = np.flatnonzero(cond & (count >= need))
            return index, np.maximum(index - window + 1, offset)
        cand = np.flatnonzero(cond)
        cs = self.cumsum(key, cond)
        lo = cand - window + 1
        np.maximum(lo, self.first[cand] + offset, out=lo)
        ok = cs[cand + 1] - cs[lo] >= need
        return cand[ok], lo[ok]


def _all_in_window(cond, window):
    """out[i] = cond[i - window + 1 .. i] all true (false for i < window - 1).

    Runs of true are doubled (span 1, 2, 4...) with shifted ANDs of one-byte
    flags, then two overlapping spans of the largest power of two <= window
    cover the window: log2(window) passes instead of a cumulative sum."""
    acc, spare, span = cond.copy(), np.empty_like(cond), 1

    def widen(acc, spare, by):
        # two buffers: an in-place AND of overlapping slices would copy first
        np.logical_and(acc[by:], acc[:-by], out=spare[by:])
        spare[:by] = False
        return spare, acc

    while span * 2 <= window:
        acc, spare = widen(acc, spare, span)
        span *= 2
    if span < window:
        acc, spare = widen(acc, spare, window - span)
    return acc


def _constant(arr):
    return arr.strides == (0,) or bool(np.all(arr == arr[0]))


def _as_series(source):
    if isinstance(source, Series):
        return source.points, source.center, source.sigma, source.phase
    source = tuple(source)
    if len(source) == 3:
        return source + (None,)
    if len(source) == 4:
        return source
    raise SpcError("rules need a chart, or (points, center, sigma[, phase])")


def evaluate(source, specs):
    """Evaluate rule specs on a chart (or on (points, center, sigma[, phase])
    arrays; center and sigma may be scalars). Returns {code: RuleHits}, in
    the order of specs. This is the vectorised core; ``rules`` lists the
    same results as Violation tuples."""
    data = _RuleData(*_as_series(source))
    out = {}
    for raw in specs:
        spec = rule_spec(raw)
        out[spec.code] = _evaluate_one(data, spec)
    return out


def _two_sided(data, spec, up, down, key):
    iu, lu = data.hits(key + ('up',), up, spec.window, spec.min_count)
    idn, ld = data.hits(key + ('down',), down, spec.window, spec.min_count)
    index = np.concatenate((iu, idn))
    order = np.argsort(index, kind='stable')
    side = np.concatenate(
        (np.zeros(iu.size, np.int8), np.ones(idn.size, np.int8))
    )[order]
    return RuleHits(
        spec,
        index[order],
        np.concatenate((lu, ld))[order],
        data.n,
        (up, down),
        side,
    )


def _evaluate_one(data, spec):
    test, window, need, level = (
        spec.test_type,
        spec.window,
        spec.min_count,
        spec.sigma,
    )
    if test == 'beyond_limit':
        up, down = data.beyond(level)
        cond = up | down
        index, lo = data.hits(('out', level), cond, window, need)
        return RuleHits(spec, index, lo, data.n, (cond,))
    if test == 'm_of_n_beyond':
        up, down = data.beyond(level)
        return _two_sided(data, spec, up, down, ('beyond', level))
    if test == 'same_side':
        up, down = data.beyond(0.0)
        return _two_sided(data, spec, up, down, ('beyond', 0.0))
    if test in ('within', 'outside'):
        up, down = data.beyond(level)
        if test == 'outside':
            cond = up | down
        else:
            cond = ~(up | down) & data.judged()
        index, lo = data.hits((test, level), cond, window, need)
        return RuleHits(spec, index, lo, data.n, (cond,))
    rises, falls = data.moves()
    if test == 'trend':
        iu, _lo = data.hits(('rise',), rises, window - 1, window - 1, offset=1)
        idn, _lo = data.hits(
            ('fall',), falls, window - 1, window - 1, offset=1
        )
        index = np.sort(np.concatenate((iu, idn)))
        return RuleHits(spec, index, index - window + 1, data.n)
    # alternating: difference i has the opposite sign of difference i - 1
    turn = np.zeros(data.n, dtype=bool)
    turn[2:] = (rises[2:] & falls[1:-1]) | (falls[2:] & rises[1:-1])
    index, _lo = data.hits(('turn',), turn, window - 2, window - 2, offset=2)
    return RuleHits(spec, index, index - window + 1, data.n)


def rules(source, specs):
    """Run-rule violations as a list of Violation(code, index, involved),
    sorted by point and then by the order of specs."""
    hits = evaluate(source, specs)
    out = []
    for rank, res in enumerate(hits.values()):
        out.extend((v.index, rank, v) for v in res.violations())
    out.sort(key=lambda t: (t[0], t[1]))
    return [v for _i, _r, v in out]


# --------------------------------------------------------------- capability


def capability(
    values,
    lsl=None,
    usl=None,
    target=None,
    subgroups=None,
    sizes=None,
    method=None,
    tolerance=6.0,
    mean=None,
    sigma_within=None,
):
    """Process capability; see the module docstring for the formulas.

    values: individual values (1-D) or subgroups in any form ``chart``
    accepts (2-D, list of lists, flat with ``subgroups`` labels or ``sizes``).
    method: within-sigma estimator, 'mr' for individuals (default there),
    'pooled' (default for subgroups), 'rbar' or 'sbar'. Returns a dict with
    n, mean, sigma_within, sigma_overall, method and the indices cp, cpl,
    cpu, cpk, pp, ppl, ppu, ppk, cpm (None where they do not apply).
    mean, sigma_within: historical values to use instead of the estimates
    (e.g. the frozen limits of the chart).
    """
    if lsl is None and usl is None:
        raise SpcError("capability needs at least one specification limit")
    if lsl is not None and usl is not None and not float(lsl) < float(usl):
        raise SpcError(
            "the lower specification limit must be below the upper one"
        )
    individual = subgroups is None and sizes is None
    if individual:
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            arr = None
        individual = arr is not None and arr.ndim == 1
    if individual:
        x = _finite(arr, 'values')
        method = method or 'mr'
        if method != 'mr':
            raise SpcError(
                "individual values give a within sigma by moving ranges only "
                "(method 'mr')"
            )
        if x.size < 2:
            raise SpcError("capability needs at least 2 values")
        # one scratch array for the moving ranges and, below, the deviations:
        # on long series the passes over memory are the cost
        scratch = np.empty_like(x)
        moving = np.subtract(x[1:], x[:-1], out=scratch[:-1])
        sigma_w = float(np.abs(moving, out=moving).mean() / _D2[0])
    else:
        method = method or 'pooled'
        sub = _Subgroups(
            values,
            subgroups,
            sizes,
            max_size=MAX_SUBGROUP if method == 'rbar' else 10**9,
        )
        x = sub.flat
        if method == 'mr':
            raise SpcError("method 'mr' applies to individual values")
        if method not in SIGMA_METHODS:
            raise SpcError("unknown sigma method %r" % method)
        sigma_w = _sigma_within(sub, np.ones(sub.n.size, dtype=bool), method)
    if sigma_within is not None:
        sigma_w = float(sigma_within)
    dev = np.subtract(x, x.mean(), out=scratch) if individual else x - x.mean()
    sigma_o = math.sqrt(float(np.dot(dev, dev)) / (x.size - 1))
    mean = float(x.mean()) if mean is None else float(mean)
    if not (
        math.isfinite(mean)
        and math.isfinite(sigma_w)
        and math.isfinite(sigma_o)
    ):
        # finite values near the largest double overflow their sums and squares
        raise SpcError(
            "values too large to compute the capability (mean or sigma is not "
            "a finite number)"
        )
    tau = None
    if target is not None:
        off = x - float(target)
        tau = math.sqrt(float(np.dot(off, off)) / (x.size - 1))
    return _indices(
        int(x.size),
        mean,
        sigma_w,
        sigma_o,
        tau,
        method,
        tolerance,
        lsl,
        usl,
        target,
    )


def _indices(
    n, mean, sigma_w, sigma_o, tau, method, tolerance, lsl, usl, target
):
    """capability()'s result from its estimates (``tau``: Cpm's, None
    without a target)."""
    tol = float(tolerance)
    half = tol / 2.0

    def index(num, sigma):
        if sigma == 0:
            return (
                math.inf if num > 0 else (-math.inf if num < 0 else math.nan)
            )
        return num / (half * sigma)

    res = {
        'n': n,
        'mean': mean,
        'sigma_within': sigma_w,
        'sigma_overall': sigma_o,
        'method': method,
        'tolerance': tol,
        'lsl': lsl,
        'usl': usl,
        'target': target,
    }
    for prefix, sigma in (('c', sigma_w), ('p', sigma_o)):
        upper = index(float(usl) - mean, sigma) if usl is not None else None
        lower = index(mean - float(lsl), sigma) if lsl is not None else None
        res[prefix + 'pu'] = upper
        res[prefix + 'pl'] = lower
        res[prefix + 'pk'] = min(v for v in (upper, lower) if v is not None)
        res[prefix + 'p'] = (
            index((float(usl) - float(lsl)) / 2.0, sigma)
            if usl is not None and lsl is not None
            else None
        )
    res['cpm'] = None
    if target is not None:
        t = float(target)
        sides = [
            v
            for v in (
                (float(usl) - t) if usl is not None else None,
                (t - float(lsl)) if lsl is not None else None,
            )
            if v is not None
        ]
        res['cpm'] = index(min(sides), tau)
    return res


# ------------------------------------------------------- capability from sums


def capability_from_sums(
    n,
    sum_x,
    sum_x2,
    spread_sum,
    spread_count,
    method,
    subgroup_size=1,
    lsl=None,
    usl=None,
    target=None,
    tolerance=6.0,
):
    """``capability()`` of observations known by their sums only, as a
    phase of a control chart keeps them (ci.spc.phase): ``n`` observations,
    their sum ``sum_x`` and sum of squares ``sum_x2``; ``spread_sum`` the sum
    of the ``spread_count`` moving ranges |x[i] - x[i-1]| (``method``
    'mr'), subgroup ranges ('rbar') or subgroup standard deviations
    ('sbar', ddof 1) of subgroups of ``subgroup_size``. Returns what
    ``capability(values, ..., method=method)`` returns for those values (to
    the last digits of floating point: the sums are taken exactly, as
    ``Fraction``s of the given ints, floats or Decimals, so no cancellation
    eats the variance of 10 million values near 25.000). Its cost does not
    depend on n."""
    if lsl is None and usl is None:
        raise SpcError("capability needs at least one specification limit")
    if lsl is not None and usl is not None and not float(lsl) < float(usl):
        raise SpcError(
            "the lower specification limit must be below the upper one"
        )
    if method not in ('mr', 'rbar', 'sbar'):
        raise SpcError(
            "capability from sums: sigma method %r is not kept (mr, rbar or sbar)"
            % method
        )
    n = int(n)
    if n < 2:
        raise SpcError("capability needs at least 2 values")
    if int(spread_count) < 1:
        raise SpcError(
            "capability from sums: no %s to estimate the within sigma"
            % ('moving range' if method == 'mr' else 'subgroup')
        )
    try:
        sx, sxx, spread = (
            Fraction(sum_x),
            Fraction(sum_x2),
            Fraction(spread_sum),
        )
    except (TypeError, ValueError, OverflowError):
        raise SpcError(
            "values too large to compute the capability (mean or sigma is not "
            "a finite number)"
        )
    bar = spread / int(spread_count)
    if method == 'mr':
        sigma_w = float(bar) / _D2[0]
    elif method == 'rbar':
        sigma_w = float(bar) / d2(int(subgroup_size))
    else:
        sigma_w = float(bar) / c4(int(subgroup_size))
    mean_exact = sx / n
    # sum of squared deviations, exactly: the usual formula cancels
    ss = sxx - sx * mean_exact
    sigma_o = math.sqrt(float(max(ss, 0)) / (n - 1))
    mean = float(mean_exact)
    tau = None
    if target is not None:
        t = Fraction(float(target))
        tau = math.sqrt(float(max(sxx - 2 * t * sx + n * t * t, 0)) / (n - 1))
    if not (
        math.isfinite(mean)
        and math.isfinite(sigma_w)
        and math.isfinite(sigma_o)
    ):
        raise SpcError(
            "values too large to compute the capability (mean or sigma is not "
            "a finite number)"
        )
    return _indices(
        n, mean, sigma_w, sigma_o, tau, method, tolerance, lsl, usl, target
    )


def bin_index(value, origin, width):
    """The histogram bin of ``value`` on the grid of ``width`` from
    ``origin``: floor((value - origin) / width), in the float arithmetic
    PostgreSQL's float8 uses too (ci.spc.phase counts its values in SQL)."""
    return math.floor((float(value) - float(origin)) / float(width))


def histogram_from_bins(bins, origin, width, nbins=None):
    """(counts, edges) of a histogram of at most ``nbins`` bars (by default
    sqrt(n) between 6 and 40, as ``numpy.histogram`` is called on the values
    by svg_spc.capability_histogram) from fine counts ``bins`` {bin index:
    count} on the grid of ``width`` from ``origin`` (see bin_index): each bar
    gathers whole fine bins, from the lowest occupied one to the highest."""
    bins = {int(k): int(c) for k, c in dict(bins).items() if c}
    if not bins or not width > 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    n = sum(bins.values())
    low, high = min(bins), max(bins)
    nbins = nbins or int(min(max(math.sqrt(n), 6), 40))
    span = high - low + 1
    per = max(1, -(-span // nbins))  # fine bins per bar, rounded up
    bars = -(-span // per)
    counts = np.zeros(bars, dtype=np.int64)
    for k, count in bins.items():
        counts[(k - low) // per] += count
    edges = float(origin) + (
        low + per * np.arange(bars + 1, dtype=float)
    ) * float(width)
    return counts, edges
