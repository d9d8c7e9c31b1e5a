"""Closed, half-open and open-ended intervals, and the arithmetic that carries hedges.

An interval is ``[low, high]`` on the extended reals: ``high`` may be ``math.inf`` (an open
upper bound, "more than two million") and either end may be excluded ("fewer than 1,000"
is ``[0, 1000)``). Arithmetic follows the usual rule of interval analysis: the result is
the smallest interval holding every combination of the operands' ends, so
``[a, b] / [c, d] = [a/d, b/c]`` for positive intervals.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from shellcount.record import record

_Endpoint = tuple[float, bool]  # (value, excluded)


@record
class Interval:
    """A set of real numbers between two ends; the high end may be infinite (unbounded)."""

    low: float
    high: float
    low_excluded: bool = False
    high_excluded: bool = False

    def __post_init__(self) -> None:
        if math.isnan(self.low) or math.isnan(self.high):
            raise ValueError("an interval end cannot be NaN")
        if self.low > self.high:
            raise ValueError(f"interval low {self.low} is above its high {self.high}")

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    @property
    def is_open(self) -> bool:
        """True when the interval has no upper bound."""
        return math.isinf(self.high)

    @property
    def upper(self) -> float | None:
        """The high end, or None when there is none (what JSON and CSV show as empty)."""
        return None if self.is_open else self.high

    @property
    def lower(self) -> float | None:
        return None if math.isinf(self.low) else self.low

    def contains(self, value: float) -> bool:
        above_low = value > self.low or (value == self.low and not self.low_excluded)
        below_high = value < self.high or (value == self.high and not self.high_excluded)
        return above_low and below_high

    def __neg__(self) -> Interval:
        return Interval(
            -self.high, -self.low, low_excluded=self.high_excluded, high_excluded=self.low_excluded
        )

    def __add__(self, other: Interval | float) -> Interval:
        other = _as_interval(other)
        return Interval(
            self.low + other.low,
            self.high + other.high,
            low_excluded=self.low_excluded or other.low_excluded,
            high_excluded=self.high_excluded or other.high_excluded,
        )

    __radd__ = __add__

    def __sub__(self, other: Interval | float) -> Interval:
        """``[a, b] - [c, d] = [a - d, b - c]``: the change between two hedged counts."""
        return self + (-_as_interval(other))

    def __mul__(self, other: Interval | float) -> Interval:
        if (
            not isinstance(other, Interval)
            and other > 0
            and not math.isinf(other)
            and self.low < self.high
        ):
            # Scaling by a positive number keeps the ends in order: no products to sort
            # (unless underflow brings them together: then the general rule decides).
            factor = float(other)
            low, high = self.low * factor, self.high * factor
            if low < high:
                return Interval(
                    low, high, low_excluded=self.low_excluded, high_excluded=self.high_excluded
                )
        other = _as_interval(other)
        products = [
            _times(a, b)
            for a in (self._low_end(), self._high_end())
            for b in (other._low_end(), other._high_end())
        ]
        return _spanning(products)

    __rmul__ = __mul__

    def __truediv__(self, other: Interval | float) -> Interval:
        # The quotients of the ends themselves: going through 1 / other would overflow
        # where the quotient does not (1 / 2e-313 is infinite, 2e-313 / 2e-313 is 1).
        other = _as_interval(other)
        if other.low < 0 < other.high:
            return Interval(-math.inf, math.inf)  # a denominator straddling zero
        negative = other.high <= 0 and other.low < 0
        quotients = [
            quotient
            for a in (self._low_end(), self._high_end())
            for b in (other._low_end(), other._high_end())
            if (quotient := _over(a, b, negative_denominator=negative)) is not None
        ]
        return _spanning(quotients)

    def __rtruediv__(self, other: float) -> Interval:
        return Interval.point(float(other)) / self

    def scaled(self, factor: float) -> Interval:
        return self * factor

    def hull(self, other: Interval) -> Interval:
        """The smallest interval holding both (the envelope)."""
        return hull([self, other])

    @property
    def is_empty(self) -> bool:
        """``[x, x)`` and its kin hold no value at all."""
        return self.low == self.high and (self.low_excluded or self.high_excluded)

    def overlaps(self, other: Interval) -> bool:
        """True when some value lies in both (``intersection`` without building it)."""
        if self.is_empty or other.is_empty:
            return False
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low and (self.high_excluded or other.low_excluded):
            return False
        return not (other.high == self.low and (other.high_excluded or self.low_excluded))

    def intersection(self, other: Interval) -> Interval | None:
        """The values in both, or None when they are disjoint."""
        low = max(self._low_end(), other._low_end(), key=lambda e: (e[0], e[1]))
        high = min(self._high_end(), other._high_end(), key=lambda e: (e[0], not e[1]))
        if low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1])):
            return None
        return Interval(low[0], high[0], low_excluded=low[1], high_excluded=high[1])

    def _low_end(self) -> _Endpoint:
        return (self.low, self.low_excluded)

    def _high_end(self) -> _Endpoint:
        return (self.high, self.high_excluded)


def hull(intervals: Iterable[Interval]) -> Interval:
    """The envelope of several intervals."""
    items = list(intervals)
    if not items:
        raise ValueError("the hull of no intervals is undefined")
    low = min((i._low_end() for i in items), key=lambda e: (e[0], e[1]))
    high = max((i._high_end() for i in items), key=lambda e: (e[0], not e[1]))
    return Interval(low[0], high[0], low_excluded=low[1], high_excluded=high[1])


def lerp(start: Interval, end: Interval, fraction: float) -> Interval:
    """Linear interpolation of each end between two intervals (0 gives start, 1 gives end)."""
    if fraction <= 0:
        return start
    if fraction >= 1:
        return end
    low = start.low + (end.low - start.low) * fraction
    if math.isinf(start.high) or math.isinf(end.high):
        high = math.inf
    else:
        high = start.high + (end.high - start.high) * fraction
    return Interval(min(low, high), high)


def _as_interval(value: Interval | float) -> Interval:
    return value if isinstance(value, Interval) else Interval.point(float(value))


def _times(a: _Endpoint, b: _Endpoint) -> _Endpoint:
    # Zero times an unbounded end is zero here: the unbounded end is a limit, not a value.
    if a[0] == 0 or b[0] == 0:
        return (0.0, a[1] if a[0] == 0 else b[1])
    return (a[0] * b[0], a[1] or b[1])


def _over(a: _Endpoint, b: _Endpoint, *, negative_denominator: bool) -> _Endpoint | None:
    """``a / b`` at the ends; a zero denominator is approached from its interval's side,
    and infinity over infinity says nothing (the other ends bound the quotient)."""
    if math.isinf(a[0]) and math.isinf(b[0]):
        return None
    if b[0] == 0:
        if a[0] == 0:
            return (0.0, a[1] or b[1])
        sign = -1 if (a[0] < 0) != negative_denominator else 1
        return (sign * math.inf, False)
    return (a[0] / b[0], a[1] or b[1])


def _spanning(ends: list[_Endpoint]) -> Interval:
    low = min(ends, key=lambda e: (e[0], e[1]))
    high = max(ends, key=lambda e: (e[0], not e[1]))
    return Interval(low[0], high[0], low_excluded=low[1], high_excluded=high[1])
