"""A cell's ends carried by a factor without sorting again: the same lists, in the same
order, as sorting the carried ends (ties in file order), on any bounds and any factor."""

from __future__ import annotations

import math
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellcount.analysis import cell_ends
from shellcount.analysis.cell_ends import CellEnds, ends_of
from shellcount.analysis.pair_tally import Bounds
from shellcount.ledger.model import Claim
from test_conflict_counts import _bench_module, _load

# Few distinct ends, and neighbours one float step apart, so that ties, ends that meet,
# and ties made by rounding are common.
_BASES = [0.0, 1.0, 3.0, 1000.0, 1e6, 2.5e6, 1e300, 5e-324]
_ends = st.builds(
    lambda base, steps: math.nextafter(base, math.inf) if steps else base,
    st.sampled_from(_BASES),
    st.integers(0, 1),
)
_factors = st.one_of(
    st.sampled_from([1.0, 0.5, 2.0, 3.0, 0.1, 1.0 + 2**-52, 1.0 - 2**-53, 1e-300, 1e300]),
    st.floats(min_value=1e-6, max_value=1e6),
    st.sampled_from([0.0, math.inf]),
)


@st.composite
def bounds_lists(draw: st.DrawFn) -> list[Bounds]:
    result = []
    for _ in range(draw(st.integers(1, 12))):
        a, b = sorted((draw(_ends), draw(_ends)))
        if draw(st.booleans()):
            a = b  # a point
        result.append((a, b, draw(st.booleans()), draw(st.booleans())))
    return result


def _cell(bounds: list[Bounds]) -> tuple[list[Claim], dict[Claim, Bounds]]:
    claims = [cast(Claim, object()) for _ in bounds]  # only their identity is used
    return claims, dict(zip(claims, bounds, strict=True))


@settings(deadline=None, max_examples=400)
@given(bounds_lists(), _factors)
def test_carried_ends_are_the_sorted_carried_ends(bounds: list[Bounds], factor: float) -> None:
    claims, by_claim = _cell(bounds)
    carried = CellEnds(claims, by_claim).times(factor)
    assert carried == ends_of(claims, by_claim, factor), (bounds, factor)


def test_a_tie_made_by_rounding_is_sorted_in_file_order() -> None:
    """Two lows one step apart meet when halved below the smallest normal float (three
    steps and four both round to two); a sort puts them in file order, the later first,
    as a slice of lows is walked down."""
    tiny = 5e-324
    claims, by_claim = _cell([(tiny * 3, 1.0, False, False), (tiny * 4, 1.0, False, False)])
    carried = CellEnds(claims, by_claim).times(0.5)
    assert carried.low_plain.values == [tiny * 2, tiny * 2]
    assert carried.low_plain.claims == [claims[1], claims[0]]
    assert carried == ends_of(claims, by_claim, 0.5)


def test_a_carried_cell_is_not_sorted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a dense file every cell is sorted once, and carried to other dates by
    multiplying: a return of sorting per pair of cells would sort hundreds of times."""
    sorts: list[float] = []
    real = cell_ends.ends_of

    def counted(*args: Any) -> Any:
        sorts.append(args[2])
        return real(*args)

    monkeypatch.setattr(cell_ends, "ends_of", counted)
    from shellcount.analysis.conflict_counts import mark_claims

    ledger = _load(_bench_module("dense").generate_text(2000))
    cells = {(c.as_of, c.since) for c in ledger.claims}
    assert mark_claims(ledger)
    assert sorts.count(1.0) == len(cells), sorts
    assert len(sorts) - len(cells) <= 2, sorts  # a cell re-sorted only for a rounding tie
