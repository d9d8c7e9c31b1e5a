"""How numbers are written: plain for machines (CSV, JSON), grouped for people.

Derived figures are rounded to two decimal places, or to four significant digits below
one, so ``2,600,000 / 7,100`` is written ``366.2`` in CSV and JSON.
"""

from __future__ import annotations

import math

from shellcount.arithmetic.interval import Interval

DECIMALS = 2
SMALL_DIGITS = 4


def rounded(value: float) -> float:
    """The value as output carries it."""
    if value == 0 or math.isinf(value) or math.isnan(value):
        return value
    if abs(value) >= 1:
        return round(value, DECIMALS)
    digits = SMALL_DIGITS - 1 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def plain(value: float | None) -> str:
    """``6650``, ``352.11``, ``0.03285``; empty for None or an unbounded end."""
    if value is None or math.isinf(value):
        return ""
    value = rounded(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{_places(value)}f}"
    return text.rstrip("0").rstrip(".")


def grouped(value: float | None) -> str:
    """``4,150``, ``352.11``, ``2,600,000``; ``open`` for an unbounded end."""
    if value is None:
        return ""
    if math.isinf(value):
        return "open" if value > 0 else "-open"
    value = rounded(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = f"{value:,.{_places(value)}f}"
    return text.rstrip("0").rstrip(".")


def interval_text(interval: Interval) -> str:
    """``[4,150, 4,250]``, ``[4,000,000, open)``, ``[0, 1,000)``; a point is one number."""
    if interval.low == interval.high:
        return grouped(interval.low)
    left = "(" if interval.low_excluded or math.isinf(interval.low) else "["
    right = ")" if interval.high_excluded or interval.is_open else "]"
    return f"{left}{grouped(interval.low)}, {grouped(interval.high)}{right}"


def _places(value: float) -> int:
    if abs(value) >= 1:
        return DECIMALS
    return max(DECIMALS, SMALL_DIGITS - 1 - math.floor(math.log10(abs(value))))
