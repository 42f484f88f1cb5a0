# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Before/after statistics of a pilot, in plain Python (no ORM, no scipy).

* continuous metrics (cycle time, efficiency per work order...): Welch's
  t-test for two samples with unequal variances, Welch-Satterthwaite degrees
  of freedom, two-sided p-value; effect size as Hedges' g (Cohen's d with the
  small-sample correction);
* rates (scrap, yield): the two-proportion z-test with pooled variance,
  two-sided p-value; effect size as Cohen's h.

Confidence intervals (``welch_intervals``, ``proportion_intervals``): a
mean's is Student's, the Welch difference's uses the Welch-Satterthwaite
degrees of freedom; a rate's is Wilson's score interval and the difference of
two rates Newcombe's hybrid score interval (Newcombe 1998, method 10), both
right at 0 events where the textbook (Wald) interval collapses to a point.

The Student t distribution is computed through the regularised incomplete
beta function (continued fraction of Numerical Recipes, 3rd ed., 6.4), good
to about 1e-12 in the p-values; ``tests/lib/test_stats.py`` checks every
figure against scipy, which is a development dependency only.
"""

import math
from collections import namedtuple
from statistics import NormalDist

Sample = namedtuple('Sample', 'n mean std')
Comparison = namedtuple(
    'Comparison',
    [
        'kind',
        'before',
        'after',
        'difference',
        'relative_change',
        'statistic',
        'dof',
        'p_value',
        'effect_size',
        'significant',
    ],
)

Interval = namedtuple('Interval', 'low high')

ALPHA = 0.05


class StatsError(ValueError):
    """Input that cannot give a statistic (too few points, bad values)."""


def _check_values(values, name):
    values = [float(v) for v in values]
    for v in values:
        if math.isnan(v) or math.isinf(v):
            raise StatsError(
                "%s contains a value that is not a finite number: %r"
                % (name, v)
            )
    return values


def describe(values, name='sample'):
    """n, mean and sample standard deviation (n - 1)."""
    values = _check_values(values, name)
    n = len(values)
    if n == 0:
        raise StatsError("%s is empty" % name)
    mean = math.fsum(values) / n
    if n < 2:
        return Sample(n, mean, 0.0)
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return Sample(n, mean, math.sqrt(var))


def _betacf(a, b, x):
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            return h
    raise ArithmeticError(
        "incomplete beta: no convergence (a=%r, b=%r, x=%r)" % (a, b, x)
    )


def betainc(a, b, x):
    """Regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln_front = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + a * math.log(x)
        + b * math.log1p(-x)
    )
    front = math.exp(ln_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_two_sided_p(t, dof):
    """P(|T| >= |t|) for Student's t with ``dof`` (real) degrees of freedom."""
    if math.isinf(t):
        return 0.0
    return betainc(dof / 2.0, 0.5, dof / (dof + t * t))


def normal_two_sided_p(z):
    return math.erfc(abs(z) / math.sqrt(2.0))


def describe_sums(n, total, total_sq, name='sample'):
    """n, mean and sample standard deviation (n - 1) of a sample known by its
    size, sum and sum of squares (what ci.kpi.fact keeps)."""
    if not n:
        raise StatsError("%s is empty" % name)
    for value in (total, total_sq):
        if math.isnan(value) or math.isinf(value):
            raise StatsError(
                "%s contains a value that is not a finite number" % name
            )
    mean = total / n
    if n < 2:
        return Sample(n, mean, 0.0)
    var = (total_sq - total * mean) / (n - 1)
    # the sums' rounding: a constant sample's variance is 0, not +-1e-13
    if var <= 1e-12 * max(1.0, mean * mean):
        var = 0.0
    return Sample(n, mean, math.sqrt(var))


def welch(before, after, alpha=ALPHA):
    """Welch's t-test of ``after`` against ``before`` (two-sided): values,
    or their Sample (see describe_sums)."""
    b = (
        before
        if isinstance(before, Sample)
        else describe(before, 'baseline data')
    )
    a = after if isinstance(after, Sample) else describe(after, 'pilot data')
    if b.n < 2 or a.n < 2:
        raise StatsError(
            "Welch's t-test needs at least 2 values on each side "
            "(baseline: %d, pilot: %d)" % (b.n, a.n)
        )
    vb, va = b.std**2 / b.n, a.std**2 / a.n
    diff = a.mean - b.mean
    se = math.sqrt(vb + va)
    if se == 0.0:
        # both samples constant: the difference is certain, or there is none
        t = 0.0 if diff == 0 else math.copysign(math.inf, diff)
        dof = float(b.n + a.n - 2)
        p = 1.0 if diff == 0 else 0.0
    else:
        t = diff / se
        dof = (
            (vb + va) ** 2 / (vb**2 / (b.n - 1) + va**2 / (a.n - 1))
            if vb and va
            else (float(a.n - 1) if va else float(b.n - 1))
        )
        p = t_two_sided_p(t, dof)
    pooled = math.sqrt(
        ((b.n - 1) * b.std**2 + (a.n - 1) * a.std**2) / (b.n + a.n - 2)
    )
    if pooled:
        d = diff / pooled
        g = d * (1.0 - 3.0 / (4.0 * (b.n + a.n) - 9.0))
    else:
        g = 0.0 if diff == 0 else math.copysign(math.inf, diff)
    rel = diff / b.mean if b.mean else None
    return Comparison('continuous', b, a, diff, rel, t, dof, p, g, p < alpha)


def two_proportions(
    events_before, n_before, events_after, n_after, alpha=ALPHA
):
    """Two-proportion z-test (pooled), rates = events / n (two-sided)."""
    for value, name in (
        (events_before, 'baseline events'),
        (n_before, 'baseline size'),
        (events_after, 'pilot events'),
        (n_after, 'pilot size'),
    ):
        if (
            value is None
            or (isinstance(value, float) and not math.isfinite(value))
            or value < 0
        ):
            raise StatsError(
                "%s must be a non-negative number, not %r" % (name, value)
            )
    if n_before <= 0 or n_after <= 0:
        raise StatsError(
            "a rate needs units on each side (baseline: %s, pilot: %s)"
            % (n_before, n_after)
        )
    if events_before > n_before or events_after > n_after:
        raise StatsError(
            "events cannot exceed units (baseline %s/%s, pilot %s/%s)"
            % (events_before, n_before, events_after, n_after)
        )
    p1, p2 = events_before / float(n_before), events_after / float(n_after)
    pooled = (events_before + events_after) / float(n_before + n_after)
    se = math.sqrt(pooled * (1 - pooled) * (1.0 / n_before + 1.0 / n_after))
    diff = p2 - p1
    if se == 0.0:
        z, p = 0.0, 1.0
    else:
        z = diff / se
        p = normal_two_sided_p(z)
    h = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))
    rel = diff / p1 if p1 else None
    return Comparison(
        'rate',
        Sample(n_before, p1, None),
        Sample(n_after, p2, None),
        diff,
        rel,
        z,
        None,
        p,
        h,
        p < alpha,
    )


def _check_confidence(confidence):
    if not 0.0 < confidence < 1.0:
        raise StatsError(
            "a confidence level is between 0 and 1, not %r" % (confidence,)
        )


def normal_quantile(q):
    """The standard normal's quantile: P(Z <= x) = q."""
    return NormalDist().inv_cdf(q)


def t_quantile(q, dof):
    """Student's t quantile, P(T <= x) = q, for ``dof`` (real) degrees of
    freedom: the root of ``t_two_sided_p``, by bisection to 1e-13."""
    if not 0.0 < q < 1.0:
        raise StatsError(
            "a quantile's probability is between 0 and 1, not %r" % (q,)
        )
    if not dof > 0:
        raise StatsError(
            "degrees of freedom must be positive, not %r" % (dof,)
        )
    if q == 0.5:
        return 0.0
    tail = 2.0 * min(q, 1.0 - q)  # two-sided tail of |x|
    lo, hi = 0.0, 1.0
    while t_two_sided_p(hi, dof) > tail:
        lo, hi = hi, hi * 2.0
    for _step in range(200):
        mid = (lo + hi) / 2.0
        if t_two_sided_p(mid, dof) > tail:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-13 * max(1.0, hi):
            break
    x = (lo + hi) / 2.0
    return x if q > 0.5 else -x


def mean_interval(sample, confidence=1 - ALPHA):
    """Student's interval of a sample's mean (the mean itself when n < 2)."""
    _check_confidence(confidence)
    if sample.n < 2 or not sample.std:
        return Interval(sample.mean, sample.mean)
    half = (
        t_quantile(0.5 + confidence / 2.0, sample.n - 1)
        * sample.std
        / math.sqrt(sample.n)
    )
    return Interval(sample.mean - half, sample.mean + half)


def welch_intervals(before, after, dof, confidence=1 - ALPHA):
    """(before's mean, after's mean, after - before): intervals from the
    summaries (``Sample``) and the Welch degrees of freedom of ``welch``."""
    _check_confidence(confidence)
    diff = after.mean - before.mean
    se = math.sqrt(
        (before.std or 0.0) ** 2 / before.n + (after.std or 0.0) ** 2 / after.n
    )
    if se == 0.0 or not dof:
        d = Interval(diff, diff)
    else:
        half = t_quantile(0.5 + confidence / 2.0, dof) * se
        d = Interval(diff - half, diff + half)
    return (
        mean_interval(before, confidence),
        mean_interval(after, confidence),
        d,
    )


def wilson_interval(events, n, confidence=1 - ALPHA):
    """Wilson's score interval of the rate ``events / n``."""
    _check_confidence(confidence)
    if not n > 0 or not 0 <= events <= n:
        raise StatsError(
            "a rate needs 0 <= events <= units and units > 0 (%r of %r)"
            % (events, n)
        )
    z = normal_quantile(0.5 + confidence / 2.0)
    p = events / float(n)
    centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n)
    half = (
        z
        / (1.0 + z * z / n)
        * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n))
    )
    # exact at the ends (the formula leaves rounding noise there)
    return Interval(
        0.0 if events == 0 else max(0.0, centre - half),
        1.0 if events == n else min(1.0, centre + half),
    )


def proportion_intervals(
    events_before, n_before, events_after, n_after, confidence=1 - ALPHA
):
    """(before's rate, after's rate, after - before): Wilson's intervals
    and Newcombe's hybrid score interval of the difference."""
    b = wilson_interval(events_before, n_before, confidence)
    a = wilson_interval(events_after, n_after, confidence)
    p1, p2 = events_before / float(n_before), events_after / float(n_after)
    diff = p2 - p1
    low = diff - math.sqrt((p2 - a.low) ** 2 + (b.high - p1) ** 2)
    high = diff + math.sqrt((a.high - p2) ** 2 + (p1 - b.low) ** 2)
    return b, a, Interval(low, high)


def verdict(comparison, lower_is_better):
    """'improved', 'worse' or 'no_change' (not significant at alpha)."""
    if not comparison.significant or comparison.difference == 0:
        return 'no_change'
    better = (
        comparison.difference < 0
        if lower_is_better
        else comparison.difference > 0
    )
    return 'improved' if better else 'worse'
