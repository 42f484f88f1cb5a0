# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How the numbers of a characteristic are shown: decimals, axis ticks.

Plain Python, no ORM: the models, the SVG charts, the reports and the
migrations share it.
"""

import math

DEFAULT_DECIMALS = 3
MAX_DECIMALS = 6


def decimals_for_tolerance(lsl=None, usl=None, default=DEFAULT_DECIMALS):
    """The decimals that show a tenth of the specification's tolerance
    (USL - LSL): Ø25 ±0.02 (tolerance 0.04) gives 3 (25.000, 25.020), a
    torque of 40-60 N·m gives 0. ``default`` without both limits; within
    0..MAX_DECIMALS."""
    if lsl is None or usl is None:
        return default
    try:
        tolerance = float(usl) - float(lsl)
    except (TypeError, ValueError):
        return default
    if not (math.isfinite(tolerance) and tolerance > 0):
        return default
    # one more decimal than the first significant digit of the tolerance
    decimals = int(math.ceil(-math.log10(tolerance) - 1e-9)) + 1
    return min(max(decimals, 0), MAX_DECIMALS)


def clamp_decimals(decimals):
    """``decimals`` as a number of decimals that can be shown (0..6); the
    default for anything else (None, False, a text)."""
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        return DEFAULT_DECIMALS
    return min(max(decimals, 0), MAX_DECIMALS)


def format_number(value, decimals=DEFAULT_DECIMALS):
    """``value`` with ``decimals`` decimals; '' for no value (None, NaN,
    infinite): a screen shows nothing rather than 0 or 'nan'."""
    if value is None or isinstance(value, bool):
        return ''
    try:
        value = float(value)
    except (TypeError, ValueError):
        return ''
    if not math.isfinite(value):
        return ''
    text = '%.*f' % (clamp_decimals(decimals), value)
    # never '-0.000'
    if text.startswith('-') and not text.strip('-0.'):
        text = text[1:]
    return text


def nice_ticks(low, high, count=5):
    """About ``count`` round tick values (1, 2, 2.5 or 5 times a power of
    ten apart) within [low, high], and their step; ([], 0) when the range
    is empty or not finite."""
    if (
        not (math.isfinite(low) and math.isfinite(high))
        or high <= low
        or count < 1
    ):
        return [], 0.0
    best = None
    power = 10 ** math.floor(math.log10((high - low) / count))
    for scale in (power / 10, power, power * 10):
        for mult in (1, 2, 2.5, 5):
            step = mult * scale
            first, last = math.ceil(low / step - 1e-9), math.floor(
                high / step + 1e-9
            )
            n = last - first + 1
            # the count nearest the one asked, rather more than fewer
            key = (abs(n - count), n < count, -step)
            if n >= 2 and (best is None or key < best[0]):
                best = (key, step, first, last)
    if best is None:
        return [], 0.0
    _key, step, first, last = best
    return [round(i * step, 12) for i in range(first, last + 1)], step


def tick_decimals(step):
    """The fewest decimals (0..6) that write ticks ``step`` apart exactly:
    0.025 gives 3, 2.5 gives 1, 50 gives 0."""
    if not step or not math.isfinite(step) or step <= 0:
        return DEFAULT_DECIMALS
    for decimals in range(MAX_DECIMALS + 1):
        scaled = step * 10**decimals
        if abs(scaled - round(scaled)) < 1e-6 * max(scaled, 1):
            return decimals
    return MAX_DECIMALS
