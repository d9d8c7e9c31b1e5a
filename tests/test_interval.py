"""Interval arithmetic: the hedges carried through products, quotients, hulls and lerps."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shellcount.arithmetic.interval import Interval, hull, lerp

INF = math.inf


def ends(interval: Interval | None) -> tuple[float, float, bool, bool] | None:
    """An interval as a comparable tuple, with float ends compared approximately."""
    if interval is None:
        return None
    return (interval.low, interval.high, interval.low_excluded, interval.high_excluded)


def approx(
    low: float, high: float, low_excluded: bool = False, high_excluded: bool = False
) -> tuple[object, object, bool, bool]:
    def near(value: float) -> object:
        return value if math.isinf(value) else pytest.approx(value, rel=1e-12, abs=1e-12)

    return (near(low), near(high), low_excluded, high_excluded)


def below(value: float, bound: float) -> bool:
    """``value <= bound`` up to float rounding of either side."""
    return value <= bound + 1e-12 * abs(bound) + 1e-12


def above(value: float, bound: float) -> bool:
    """``value >= bound`` up to float rounding of either side."""
    return value >= bound - 1e-12 * abs(bound) - 1e-12


def spans(result: Interval, value: float) -> bool:
    """The result's ends bracket ``value``, with a small relative tolerance for rounding."""
    return above(value, result.low) and below(value, result.high)


# --- construction and the simple queries ----------------------------------------------


def test_point_is_a_closed_interval_of_one_value() -> None:
    assert ends(Interval.point(6700)) == (6700, 6700, False, False)


@pytest.mark.parametrize(("low", "high"), [(math.nan, 1.0), (0.0, math.nan), (2.0, 1.0)])
def test_invalid_ends_are_refused(low: float, high: float) -> None:
    with pytest.raises(ValueError, match=r"NaN|above"):
        Interval(low, high)


@pytest.mark.parametrize(
    ("interval", "is_open", "lower", "upper"),
    [
        (Interval(6650, 6750), False, 6650, 6750),
        (Interval(3_000_000, INF), True, 3_000_000, None),
        (Interval(-INF, INF), True, None, None),
        (Interval(0, 1000, high_excluded=True), False, 0, 1000),
    ],
)
def test_open_lower_upper(
    interval: Interval, is_open: bool, lower: float | None, upper: float | None
) -> None:
    assert interval.is_open is is_open
    assert interval.lower == lower
    assert interval.upper == upper


CONTAINS = [
    # interval, value, expected
    (Interval(6650, 6750), 6650, True),
    (Interval(6650, 6750), 6750, True),
    (Interval(6650, 6750), 6700, True),
    (Interval(6650, 6750), 6649.999, False),
    (Interval(6650, 6750), 6750.001, False),
    (Interval(0, 1000, high_excluded=True), 1000, False),
    (Interval(0, 1000, high_excluded=True), 999.999, True),
    (Interval(0, 1000, high_excluded=True), 0, True),
    (Interval(10, 20, low_excluded=True), 10, False),
    (Interval(10, 20, low_excluded=True), 20, True),
    (Interval(3_000_000, INF), 3_000_000, True),
    (Interval(3_000_000, INF), 1e300, True),
    (Interval(3_000_000, INF), 2_999_999, False),
]


@pytest.mark.parametrize(("interval", "value", "expected"), CONTAINS)
def test_contains(interval: Interval, value: float, expected: bool) -> None:
    assert interval.contains(value) is expected


# --- products and quotients -------------------------------------------------------------

PRODUCTS = [
    # id, left, right, expected (low, high, low_excluded, high_excluded)
    ("positive", Interval(2, 3), Interval(4, 5), (8, 15)),
    ("448 a container x about 6,700", Interval.point(448), Interval(6650, 6750),
     (2_979_200, 3_024_000)),
    ("scalar", Interval(6650, 6750), 2, (13_300, 13_500)),
    ("open high", Interval(1, INF), Interval(2, 3), (2, INF)),
    ("zero times open is zero", Interval(0, 5), Interval(0, INF), (0, INF)),
    ("point zero times open", Interval.point(0), Interval(1, INF), (0, 0)),
    ("excluded high carried", Interval(0, 1000, high_excluded=True), Interval(2, 3),
     (0, 3000, False, True)),
    ("excluded low carried", Interval(10, 20, low_excluded=True), Interval(2, 3),
     (20, 60, True, False)),
    ("included zero wins over excluded zero", Interval(0, 1, low_excluded=True),
     Interval(0, 1), (0, 1, False, False)),
    ("straddling zero", Interval(-2, 3), Interval(4, 5), (-10, 15)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in PRODUCTS],
)
def test_product(left: Interval, right: Interval | float, expected: tuple[float, ...]) -> None:
    assert ends(left * right) == approx(*expected)


def test_scalar_on_the_left_and_scaled() -> None:
    assert ends(2 * Interval(1, 2)) == (2, 4, False, False)
    assert ends(Interval(1, 2).scaled(2)) == (2, 4, False, False)


QUOTIENTS = [
    # id, numerator, denominator, expected (low, high, low_excluded, high_excluded)
    ("design: 3,000,000 / about 6,700", Interval.point(3_000_000), Interval(6650, 6750),
     (3_000_000 / 6750, 3_000_000 / 6650)),
    ("positive: [a,b]/[c,d] = [a/d, b/c]", Interval(10, 20), Interval(2, 5), (2, 10)),
    ("open numerator: more than three million", Interval(3_000_000, INF),
     Interval(6650, 6750), (3_000_000 / 6750, INF)),
    ("open denominator: up to / at least", Interval(0, 480_000), Interval(2400, INF),
     (0, 200)),
    ("open numerator and denominator", Interval(300_000, INF), Interval(1150, INF),
     (0, INF)),
    ("denominator touching zero", Interval(5, 10), Interval(0, 2), (2.5, INF)),
    ("fewer than 1,000 / [10, 20]", Interval(0, 1000, high_excluded=True), Interval(10, 20),
     (0, 100, False, True)),
    ("excluded numerator low", Interval(10, 20, low_excluded=True), Interval(2, 5),
     (2, 10, True, False)),
    ("excluded denominator ends", Interval(10, 20),
     Interval(2, 5, low_excluded=True, high_excluded=True), (2, 10, True, True)),
    ("point / point: 9,000 / 7,000", Interval.point(9000), Interval.point(7000),
     (9000 / 7000, 9000 / 7000)),
    ("by a scalar", Interval(6650, 6750), 2, (3325, 3375)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in QUOTIENTS],
)
def test_quotient(
    numerator: Interval, denominator: Interval | float, expected: tuple[float, ...]
) -> None:
    assert ends(numerator / denominator) == approx(*expected)


def test_design_quotient_rounds_to_the_worked_figures() -> None:
    result = Interval.point(3_000_000) / Interval(6650, 6750)
    assert (round(result.low, 2), round(result.high, 2)) == (444.44, 451.13)


def test_scalar_numerator() -> None:
    assert ends(3_000_000 / Interval(6650, 6750)) == approx(3_000_000 / 6750, 3_000_000 / 6650)
    assert ends(1 / Interval(2, 4)) == approx(0.25, 0.5)


RECIPROCALS = [
    # id, interval, expected
    ("positive", Interval(2, 4), (0.25, 0.5)),
    ("touching zero opens the high end", Interval(0, 2), (0.5, INF)),
    ("excluded zero still opens it", Interval(0, 2, low_excluded=True), (0.5, INF)),
    ("excluded ends swap sides", Interval(1, 2, low_excluded=True), (0.5, 1, False, True)),
    ("open high gives zero", Interval(1, INF), (0, 1)),
    ("negative", Interval(-2, -1), (-1, -0.5)),
    ("negative touching zero", Interval(-2, 0), (-INF, -0.5)),
    ("straddling zero is the whole line", Interval(-1, 1), (-INF, INF)),
]


@pytest.mark.parametrize(
    ("interval", "expected"), [pytest.param(*case[1:], id=case[0]) for case in RECIPROCALS]
)
def test_reciprocal(interval: Interval, expected: tuple[float, ...]) -> None:
    assert ends(1.0 / interval) == approx(*expected)


# --- hull and intersection -------------------------------------------------------------

HULLS = [
    # id, left, right, expected
    ("disjoint", Interval(1, 2), Interval(3, 4), (1, 4)),
    ("nested", Interval(1, 10), Interval(3, 4), (1, 10)),
    ("included end wins at a tie", Interval(1, 2, high_excluded=True), Interval(0, 2),
     (0, 2, False, False)),
    ("excluded where both exclude", Interval(1, 2, low_excluded=True),
     Interval(1, 3, low_excluded=True, high_excluded=True), (1, 3, True, True)),
    ("open end stays open", Interval(6650, 6750), Interval(7000, INF), (6650, INF)),
    ("zero and a count", Interval.point(0), Interval(6650, 6750), (0, 6750)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("left", "right", "expected"), [pytest.param(*case[1:], id=case[0]) for case in HULLS]
)
def test_hull(left: Interval, right: Interval, expected: tuple[float, ...]) -> None:
    assert ends(left.hull(right)) == approx(*expected)
    assert ends(right.hull(left)) == approx(*expected)
    assert ends(hull([left, right])) == approx(*expected)


def test_hull_of_several_and_of_none() -> None:
    items = [Interval(5, 6), Interval(1, 2, low_excluded=True), Interval(3, INF)]
    assert ends(hull(items)) == (1, INF, True, False)
    assert ends(hull(iter(items))) == (1, INF, True, False)
    with pytest.raises(ValueError, match="no intervals"):
        hull([])


INTERSECTIONS = [
    # id, left, right, expected (None: disjoint)
    ("overlapping", Interval(1, 3), Interval(2, 4), (2, 3)),
    ("nested", Interval(1, 10), Interval(3, 4), (3, 4)),
    ("disjoint", Interval(1, 2), Interval(3, 4), None),
    ("touching closed ends meet in a point", Interval(1, 2), Interval(2, 3), (2, 2)),
    ("touching, left high excluded", Interval(1, 2, high_excluded=True), Interval(2, 3),
     None),
    ("touching, right low excluded", Interval(1, 2), Interval(2, 3, low_excluded=True),
     None),
    ("excluded end wins at a tie", Interval(1, 4, high_excluded=True), Interval(2, 4),
     (2, 4, False, True)),
    ("excluded low wins at a tie", Interval(1, 4, low_excluded=True), Interval(1, 4),
     (1, 4, True, False)),
    ("open and closed", Interval(3_000_000, INF), Interval(1_000_000, 5_000_000),
     (3_000_000, 5_000_000)),
    ("both open", Interval(7000, INF), Interval(6650, INF), (7000, INF)),
    ("open above a closed one", Interval(7000, INF), Interval(6650, 6750), None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in INTERSECTIONS],
)
def test_intersection(left: Interval, right: Interval, expected: tuple[float, ...] | None) -> None:
    want = None if expected is None else approx(*expected)
    assert ends(left.intersection(right)) == want
    assert ends(right.intersection(left)) == want


# --- lerp ---------------------------------------------------------------------------------

ZERO = Interval.point(0)
ABOUT_6700 = Interval(6650, 6750)
MORE_THAN_7000 = Interval(7000, INF)

LERPS = [
    # id, start, end, fraction, expected
    ("at 0: the start", ZERO, ABOUT_6700, 0, (0, 0)),
    ("at 1: the end", ZERO, ABOUT_6700, 1, (6650, 6750)),
    ("halfway", ZERO, ABOUT_6700, 0.5, (3325, 3375)),
    ("a quarter, each end separately", Interval(1150, 1250), Interval(2350, 2450), 0.25,
     (1450, 1550)),
    ("below 0 clamps to the start", ZERO, ABOUT_6700, -0.5, (0, 0)),
    ("above 1 clamps to the end", ZERO, ABOUT_6700, 1.5, (6650, 6750)),
    ("open end: low interpolated, high open", ZERO, MORE_THAN_7000, 0.5, (3500, INF)),
    ("open end at 0 is still the start", ZERO, MORE_THAN_7000, 0, (0, 0)),
    ("open end at 1 is the end", ZERO, MORE_THAN_7000, 1, (7000, INF)),
    ("open start", MORE_THAN_7000, Interval(8000, 9000), 0.5, (7500, INF)),
    ("design: 61/179 of about 6,700", ZERO, ABOUT_6700, 61 / 179,
     (6650 * 61 / 179, 6750 * 61 / 179)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end", "fraction", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in LERPS],
)
def test_lerp(start: Interval, end: Interval, fraction: float, expected: tuple[float, ...]) -> None:
    assert ends(lerp(start, end, fraction)) == approx(*expected)


# --- properties ----------------------------------------------------------------------------

# Small integers make ties (touching ends, equal ends) common; the floats cover the rest.
finite = st.one_of(
    st.integers(min_value=0, max_value=10).map(float),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
)
positive = st.one_of(
    st.integers(min_value=1, max_value=10).map(float),
    st.floats(min_value=1e-3, max_value=1e9, allow_nan=False, allow_infinity=False),
)
fractions = st.floats(min_value=0, max_value=1)


@st.composite
def intervals(
    draw: st.DrawFn,
    values: st.SearchStrategy[float] = finite,
    open_high: bool = False,
    flags: bool = False,
) -> Interval:
    a, b = sorted((draw(values), draw(values)))
    high = INF if open_high else b
    low_excluded = flags and draw(st.booleans())
    high_excluded = flags and not open_high and draw(st.booleans())
    if a == high:
        low_excluded = high_excluded = False
    return Interval(a, high, low_excluded=low_excluded, high_excluded=high_excluded)


def interior(interval: Interval, fraction: float, offset: float) -> float:
    """A point of the interval: a fraction of the way along, or ``offset`` above an open low."""
    if interval.is_open:
        return interval.low + offset
    return min(interval.high, interval.low + (interval.high - interval.low) * fraction)


def finite_ends(interval: Interval) -> list[float]:
    return [e for e in (interval.low, interval.high) if not math.isinf(e)]


@given(intervals(), intervals(), fractions, fractions)
def test_product_spans_every_combination(a: Interval, b: Interval, f: float, g: float) -> None:
    result = a * b
    for x in (a.low, a.high, interior(a, f, 0)):
        for y in (b.low, b.high, interior(b, g, 0)):
            assert spans(result, x * y), (a, b, x, y, result)
    # The ends are the very products the result was built from: contained exactly.
    for x in (a.low, a.high):
        for y in (b.low, b.high):
            assert result.contains(x * y)


@given(intervals(open_high=True), intervals(), fractions, finite)
def test_product_with_an_open_high(a: Interval, b: Interval, g: float, offset: float) -> None:
    result = a * b
    assert result.is_open is (b.high > 0)
    for x in (a.low, interior(a, 0, offset)):
        for y in (b.low, b.high, interior(b, g, 0)):
            assert spans(result, x * y), (a, b, x, y, result)
    assert ends(b * a) == ends(result)


@given(intervals(), intervals(positive), fractions, fractions)
def test_quotient_spans_every_combination(a: Interval, b: Interval, f: float, g: float) -> None:
    result = a / b
    assert not result.is_open
    for x in (a.low, a.high, interior(a, f, 0)):
        for y in (b.low, b.high, interior(b, g, 0)):
            assert spans(result, x / y), (a, b, x, y, result)


@given(intervals(open_high=True), intervals(positive), fractions, finite)
def test_quotient_with_an_open_numerator(a: Interval, b: Interval, g: float, offset: float) -> None:
    result = a / b
    assert result.is_open
    for x in (a.low, interior(a, 0, offset)):
        for y in (b.low, b.high, interior(b, g, 0)):
            assert spans(result, x / y), (a, b, x, y, result)


@given(intervals(), intervals(positive, open_high=True), fractions, finite)
def test_quotient_with_an_open_denominator(
    a: Interval, b: Interval, f: float, offset: float
) -> None:
    result = a / b
    assert not result.is_open
    assert result.low == 0
    for x in (a.low, a.high, interior(a, f, 0)):
        for y in (b.low, interior(b, 0, offset)):
            assert spans(result, x / y), (a, b, x, y, result)


@given(intervals(positive, flags=True), intervals(positive, flags=True))
def test_excluded_ends_carry_through(a: Interval, b: Interval) -> None:
    """For positive intervals an end of the result is excluded when either end it came from
    is: ``a * b`` pairs low with low, ``a / b`` pairs low with the other's high. Where
    rounding makes another pair of ends give the same value, the end is kept (the wider
    reading, and never an empty result), so an end is checked only where its pair is the
    only one to give it."""
    pairs = {
        "product low": (a.low * b.low, [a.low * b.high, a.high * b.low, a.high * b.high]),
        "product high": (a.high * b.high, [a.low * b.low, a.low * b.high, a.high * b.low]),
        "quotient low": (a.low / b.high, [a.low / b.low, a.high / b.high, a.high / b.low]),
        "quotient high": (a.high / b.low, [a.low / b.low, a.low / b.high, a.high / b.high]),
    }
    product, quotient = a * b, a / b
    found = {
        "product low": (product.low_excluded, a.low_excluded or b.low_excluded),
        "product high": (product.high_excluded, a.high_excluded or b.high_excluded),
        "quotient low": (quotient.low_excluded, a.low_excluded or b.high_excluded),
        "quotient high": (quotient.high_excluded, a.high_excluded or b.low_excluded),
    }
    for end, (value, others) in pairs.items():
        excluded, expected = found[end]
        if value not in others:
            assert excluded is expected, (end, a, b)
        else:
            assert not excluded or expected, (end, a, b)  # a tie is never made narrower


any_interval = st.one_of(intervals(flags=True), intervals(open_high=True, flags=True))


def included_ends(interval: Interval) -> list[float]:
    chosen = []
    if not interval.low_excluded:
        chosen.append(interval.low)
    if not interval.high_excluded and not interval.is_open:
        chosen.append(interval.high)
    return chosen


@given(any_interval, any_interval)
def test_hull_holds_both(a: Interval, b: Interval) -> None:
    result = a.hull(b)
    assert ends(result) == ends(b.hull(a))
    for item in (a, b):
        assert result.low <= item.low
        assert result.high >= item.high
        for value in included_ends(item):
            assert result.contains(value), (a, b, value, result)
    # An end of the hull is excluded only where every input with that end excludes it.
    assert result.low_excluded is all(i.low_excluded for i in (a, b) if i.low == result.low)
    assert result.high_excluded is all(i.high_excluded for i in (a, b) if i.high == result.high)


@given(any_interval, any_interval, fractions)
def test_intersection_is_in_both(a: Interval, b: Interval, f: float) -> None:
    result = a.intersection(b)
    assert ends(result) == ends(b.intersection(a))
    candidates = [*finite_ends(a), *finite_ends(b), interior(a, f, 1), interior(b, f, 1)]
    if result is None:
        for value in candidates:
            assert not (a.contains(value) and b.contains(value)), (a, b, value)
        return
    assert result.low >= max(a.low, b.low)
    assert result.high <= min(a.high, b.high)
    for value in [*included_ends(result), interior(result, f, 1)]:
        if result.contains(value):
            assert a.contains(value), (a, b, value, result)
            assert b.contains(value), (a, b, value, result)
    for value in candidates:
        if a.contains(value) and b.contains(value):
            assert result.contains(value), (a, b, value, result)


@given(intervals(), st.one_of(intervals(), intervals(open_high=True)), fractions)
def test_lerp_stays_between_its_ends(start: Interval, end: Interval, f: float) -> None:
    result = lerp(start, end, f)
    assert above(result.low, min(start.low, end.low))
    assert below(result.low, max(start.low, end.low))
    assert result.is_open is (end.is_open and f > 0)
    if not result.is_open:
        assert above(result.high, min(start.high, end.high))
        assert below(result.high, max(start.high, end.high))


@given(
    st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.booleans(), st.booleans(),
    st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.booleans(), st.booleans(),
)  # fmt: skip
def test_overlaps_is_intersection_without_building_it(  # noqa: PLR0917
    a: float, b: float, a_low_out: bool, a_high_out: bool,
    c: float, d: float, c_low_out: bool, d_high_out: bool,
) -> None:  # fmt: skip
    first = Interval(min(a, b), max(a, b), low_excluded=a_low_out, high_excluded=a_high_out)
    second = Interval(min(c, d), max(c, d), low_excluded=c_low_out, high_excluded=d_high_out)
    assert first.overlaps(second) == (first.intersection(second) is not None)
    assert first.overlaps(second) == second.overlaps(first)


@given(
    st.floats(-1e9, 1e9), st.floats(-1e9, 1e9), st.booleans(), st.booleans(), st.booleans(),
    st.floats(min_value=1e-300, max_value=1e9),
)  # fmt: skip
def test_scaling_by_a_positive_number_is_the_general_product(  # noqa: PLR0917
    a: float, b: float, open_high: bool, low_out: bool, high_out: bool, factor: float
) -> None:
    interval = Interval(
        min(a, b),
        math.inf if open_high else max(a, b),
        low_excluded=low_out,
        high_excluded=high_out,
    )
    assert interval * factor == interval * Interval.point(factor)


def test_a_number_over_a_tiny_interval_does_not_overflow_through_its_reciprocal() -> None:
    # 1 / 1e-310 overflows a float; 1e-300 / 1e-310 does not.
    result = 1e-300 / Interval(1e-310, 1.0)
    assert (result.low, result.high) == (pytest.approx(1e-300), pytest.approx(1e10))
