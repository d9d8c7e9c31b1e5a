"""The one axis rule and the one tick choice of every chart: the terminal's range chart,
the image files and the inline SVG.

- Scale: logarithmic when the positive values span more than a factor of ten (ends at
  zero or below then run off the axis to the left), linear otherwise.
- Value ticks: on a log axis 1, 2 and 5 of each decade, or powers of ten alone past
  eight decades; on a linear one steps of 1, 2 or 5 times a power of ten, at most five
  intervals. A renderer skips a label that would overlap the one before it.
- Date ticks: steps of months or years, at most about eight.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterable

from shellcount.formats.numbers import grouped
from shellcount.record import record

LOG_SPAN = 10.0  # a log axis when the values span more than this factor
LARGEST = sys.float_info.max


@record
class Scale:
    """An axis from ``low`` to ``high``, linear or logarithmic (then ``low`` > 0)."""

    low: float
    high: float
    logarithmic: bool

    def share(self, value: float) -> float:
        """Where ``value`` falls, from 0 at ``low`` to 1 at ``high`` (may lie outside;
        minus infinity for zero or below on a log axis)."""
        if self.logarithmic:
            if value <= 0:
                return -math.inf
            return (math.log(value) - math.log(self.low)) / (
                math.log(self.high) - math.log(self.low)
            )
        span = self.high - self.low
        if math.isinf(span):  # ends near the float limit: halves cannot overflow
            return (value / 2 - self.low / 2) / (self.high / 2 - self.low / 2)
        return (value - self.low) / span


def finite(values: Iterable[float | None]) -> list[float]:
    return [value for value in values if value is not None and math.isfinite(value)]


def scale_of(values: Iterable[float | None]) -> Scale | None:
    """The axis for these values (None and infinite ones ignored); None when none is left."""
    found = finite(values)
    if not found:
        return None
    low, high = min(found), max(found)
    positive = [v for v in found if v > 0]
    if positive and high / min(positive) > LOG_SPAN:
        return Scale(min(positive), high, True)
    if not high - low > abs(high) * 1e-9:
        # One value (or values too close to tell apart): a little axis around it.
        pad = abs(low) * 0.1
        if not (low - pad < low and high + pad > high):
            pad = 1.0
        low, high = max(low - pad, -LARGEST), min(high + pad, LARGEST)
    return Scale(low, high, False)


def padded(scale: Scale, *, left: float, right: float) -> Scale:
    """The scale widened by these shares of its span on each side (on a log axis, of its
    decades), kept within the floats and, for values that are all positive, above zero."""
    if scale.logarithmic:
        decades = math.log10(scale.high) - math.log10(scale.low)
        low = scale.low / 10 ** (decades * left)
        high = scale.high * 10 ** (decades * right)
        return Scale(max(low, sys.float_info.min), min(high, LARGEST), True)
    half_span = scale.high / 2 - scale.low / 2
    low = scale.low - 2 * half_span * left if left else scale.low
    if scale.low >= 0:
        low = max(0.0, low)
    high = scale.high + min(2 * half_span * right, LARGEST - scale.high)
    return Scale(max(low, -LARGEST), high, False)


def ticks(scale: Scale) -> list[float]:
    """The values to tick on this axis, ascending."""
    if scale.logarithmic:
        first, last = math.floor(math.log10(scale.low)), math.ceil(math.log10(scale.high))
        every = max(1, (last - first) // 8)  # at most about eight decades labelled
        decades = [_power_of_ten(power) for power in range(first, last + 1, every)]
        # 1, 2 and 5 of each decade: labels that would collide are skipped when drawn.
        multiples = (1, 2, 5) if every == 1 else (1,)
        values = [m * d for d in decades for m in multiples if scale.low <= m * d <= scale.high]
        return [scale.low, *values, scale.high] if len(values) < 2 else values
    span = scale.high - scale.low
    if math.isinf(span):
        span = LARGEST
    if not span / 4 > 0:
        return [scale.low, scale.high]
    step = 10 ** math.floor(math.log10(span / 4))
    for multiple in (1, 2, 5, 10):
        if span / (step * multiple) <= 5:
            step *= multiple
            break
    start = math.ceil(scale.low / step) * step
    steps = (scale.high - start) / step
    if math.isinf(steps):  # ends near the float limit
        steps = scale.high / step - start / step
    return [start + index * step for index in range(int(steps) + 1)]


def _power_of_ten(power: int) -> float:
    try:
        return 10.0**power
    except OverflowError:
        return math.inf


def tick_text(value: float) -> str:
    """Grouped digits for ordinary numbers, ``1e-198`` style for extreme ones."""
    if value != 0 and not 1e-3 <= abs(value) < 1e15:
        return f"{value:.3g}"
    return grouped(value)


def tick_words(value: float) -> str:
    """``500``, ``20,000``, ``2.5 million``, ``2 billion``: what a reader says aloud (and
    ``1e+20`` style past a thousand billion, or for tiny values)."""
    if value != 0 and not 1e-3 <= abs(value) < 1e12:
        return f"{value:.3g}"
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{grouped(value / scale)} {word}"
    return grouped(value)


# Date ticks ----------------------------------------------------------------------------

_MONTH_STEPS = (1, 2, 3, 6)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_ticks(first: dt.date, last: dt.date, most: int = 8) -> list[tuple[dt.date, str]]:
    """First days of months (or of years) from ``first`` to ``last``, at most ``most`` of
    them, each with its label: ``Mar``, the year beside January and the first tick
    (``Jan 2024``), or the year alone when the steps are years."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in _MONTH_STEPS if months / s <= most), None)
    if step is None:
        years = max(1, months // 12)
        step_years = _year_step(years / most)
        start = first.year + (-first.year % step_years)
        if start == first.year and (first.month, first.day) != (1, 1):
            start += step_years
        return [
            (dt.date(year, 1, 1), str(year))
            for year in range(start, last.year + 1, step_years)
            if year <= dt.MAXYEAR
        ]
    found: list[tuple[dt.date, str]] = []
    index = first.year * 12 + first.month - 1
    if first.day != 1:
        index += 1
    index += -index % step  # months on multiples of the step: Jan, Apr, Jul, Oct
    while True:
        year, month = divmod(index, 12)
        if year > dt.MAXYEAR:
            break
        day = dt.date(year, month + 1, 1)
        if day > last:
            break
        label = _MONTHS[month]
        if month == 0 or not found:
            label = f"{label} {year}"
        found.append((day, label))
        index += step
    if not found:  # within one month: the dates themselves
        found = [(day, day.isoformat()) for day in sorted({first, last})]
    return found


def _year_step(wanted: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... years at or above ``wanted``."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            if multiple * power >= wanted:
                return multiple * power
        power *= 10
