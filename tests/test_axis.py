"""``formats.axis``: the one scale rule (log above a tenfold span) and the one tick choice
of the terminal chart, the image files and the inline SVG."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shellcount.formats import axis


def test_log_only_above_a_tenfold_span() -> None:
    assert axis.scale_of([100.0, 1000.0]) == axis.Scale(100.0, 1000.0, False)
    assert axis.scale_of([100.0, 1000.5]) == axis.Scale(100.0, 1000.5, True)
    # Zero cannot sit on a log axis: the span is of the positive values, zero runs off.
    assert axis.scale_of([0.0, 100.0, 1001.0]) == axis.Scale(100.0, 1001.0, True)
    assert axis.scale_of([None, math.inf]) is None


def test_one_value_gets_a_little_axis_around_it() -> None:
    assert axis.scale_of([500.0]) == axis.Scale(450.0, 550.0, False)
    assert axis.scale_of([0.0]) == axis.Scale(-1.0, 1.0, False)
    assert axis.scale_of([1.7e308]) == axis.Scale(pytest.approx(1.53e308), axis.LARGEST, False)


def test_ticks_one_two_five() -> None:
    assert axis.ticks(axis.Scale(150.0, 6_000.0, True)) == [200, 500, 1_000, 2_000, 5_000]
    assert axis.ticks(axis.Scale(0.0, 1_700.0, False)) == [0, 500, 1_000, 1_500]
    # A span past the largest float: ticks all the same, every one finite.
    near_the_limit = axis.ticks(axis.Scale(-1.7e308, 1.7e308, False))
    assert near_the_limit == pytest.approx([i * 5e307 for i in range(-3, 4)])


@given(
    st.floats(1e-300, 1e300),
    st.floats(1.0001, 1e12),
    st.booleans(),
)
def test_ticks_lie_on_the_axis_in_order(low: float, factor: float, logarithmic: bool) -> None:
    high = min(low * factor, axis.LARGEST)
    scale = axis.Scale(low, high, logarithmic and high / low > axis.LOG_SPAN)
    ticks = axis.ticks(scale)
    assert ticks == sorted(ticks)
    assert 2 <= len(ticks) <= 45
    assert all(math.isfinite(t) for t in ticks)


@given(st.dates(), st.dates())
def test_date_ticks_within_the_dates(a: dt.date, b: dt.date) -> None:
    first, last = min(a, b), max(a, b)
    ticks = axis.date_ticks(first, last)
    days = [day for day, _ in ticks]
    assert days == sorted(days)
    assert all(first <= day <= last for day in days), (first, last, days)
    assert 1 <= len(ticks) <= 9


def test_date_tick_words() -> None:
    assert axis.date_ticks(dt.date(2022, 7, 1), dt.date(2025, 7, 31)) == [
        (dt.date(2022, 7, 1), "Jul 2022"),
        (dt.date(2023, 1, 1), "Jan 2023"),
        (dt.date(2023, 7, 1), "Jul"),
        (dt.date(2024, 1, 1), "Jan 2024"),
        (dt.date(2024, 7, 1), "Jul"),
        (dt.date(2025, 1, 1), "Jan 2025"),
        (dt.date(2025, 7, 1), "Jul"),
    ]
    # Years in steps of 1, 2 or 5 times a power of ten, on their multiples.
    assert [t for _, t in axis.date_ticks(dt.date(1, 1, 1), dt.date(9999, 12, 31))] == [
        "2000",
        "4000",
        "6000",
        "8000",
    ]
    assert axis.date_ticks(dt.date(2024, 3, 5), dt.date(2024, 3, 9)) == [
        (dt.date(2024, 3, 5), "2024-03-05"),
        (dt.date(2024, 3, 9), "2024-03-09"),
    ]
