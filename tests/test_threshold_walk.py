"""The threshold walk against a plain scan of the same list."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shellcount.analysis.threshold_walk import ThresholdWalk

values_and_cuts = st.lists(st.integers(-5, 5).map(float), max_size=40).flatmap(
    lambda values: st.tuples(
        st.just(values),
        st.integers(0, len(values)),
        st.integers(0, len(values)),
        st.integers(-6, 6).map(float),
    )
)


@given(values_and_cuts)
def test_up_at_least_is_a_rising_scan(case: tuple[list[float], int, int, float]) -> None:
    values, start, stop, threshold = case
    expected = [i for i in range(start, stop) if values[i] >= threshold]
    assert list(ThresholdWalk(values).up_at_least(start, stop, threshold)) == expected


@given(values_and_cuts)
def test_down_at_most_is_a_falling_scan(case: tuple[list[float], int, int, float]) -> None:
    values, start, stop, threshold = case
    expected = [i for i in range(stop - 1, start - 1, -1) if values[i] <= threshold]
    assert list(ThresholdWalk(values).down_at_most(start, stop, threshold)) == expected


def test_the_walk_of_an_empty_list_finds_nothing() -> None:
    walk = ThresholdWalk([])
    assert (list(walk.up_at_least(0, 0, 0.0)), list(walk.down_at_most(0, 0, 0.0))) == ([], [])


class _CountedList(list[float]):
    looked_up = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        _CountedList.looked_up += 1
        return super().__getitem__(index)


def test_a_few_matches_among_many_cost_a_few_lookups_each() -> None:
    """Four values at least 1 among 4,096: finding them looks at a few nodes per level of
    the tree for each, not at every value skipped (a scan would look at 4,096)."""
    values = [0.0] * 4096
    for index in (5, 1000, 2500, 4000):
        values[index] = 1.0
    walk = ThresholdWalk(values)
    # The tree's lookups are what is counted.
    walk._max = _CountedList(walk._max)
    walk._min = _CountedList(walk._min)
    _CountedList.looked_up = 0
    assert list(walk.up_at_least(0, 4096, 1.0)) == [5, 1000, 2500, 4000]
    rising = _CountedList.looked_up
    assert rising <= 4 * 3 * 13, rising  # 13 levels, a few lookups each
    _CountedList.looked_up = 0
    assert list(walk.down_at_most(0, 4096, -1.0)) == []
    assert _CountedList.looked_up <= 3 * 13, _CountedList.looked_up
