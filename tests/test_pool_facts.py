"""The pool's core returns facts (why a claim is left out, how it is drawn, what is left
when nothing can be pooled) and ``views/pool.py`` words them; a leave-out read off the
whole pool agrees with one drawn afresh."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, Shell
from shellcount.analysis import pool as pooling
from shellcount.analysis import pool_sensitivity
from shellcount.analysis.mixture import Mixture, Reweighted, span_of
from shellcount.analysis.pool import Drawn, NothingToPool, Selection, Settings, Why
from shellcount.choices import Restatements, WeightScheme
from shellcount.ledger.loader import load_claims
from test_pool import claim, write_claims

RURITANIA = DATA / "ruritania.yaml"


def left_out_file(tmp_path: Path) -> str:
    """One claim of shells for each reason a claim is not pooled, and two that are."""
    return write_claims(
        tmp_path,
        claim("latest", "a", "4,000", as_of="2024-03-01"),
        claim("share", "a", "about 30", unit="percent", relative_to="latest"),
        claim("could-hold", "b", "5,000", basis="capacity", as_of="2024-03-01"),
        claim("undated", "c", "2,000"),
        claim("no-since", "d", "1,000", as_of="2024-01-01"),
        claim("later-start", "d", "1,000", since="2024-04-01", as_of="2024-05-01"),
        claim("one-day", "d", "1,000", since="2024-01-01", as_of="2024-01-01"),
        claim("from-zero", "d", "more than 0", as_of="2024-03-01"),
        undated=("c",),
    )


def test_the_core_says_why_as_facts(tmp_path: Path) -> None:
    ledger = load_claims(left_out_file(tmp_path))
    result = pooling.pool(ledger, Selection("shells"), Settings(at=dt.date(2024, 3, 1)))
    facts = [(item.claim.id, item.why, item.at) for item in result.left_out]
    day = dt.date(2024, 3, 1)
    assert facts == [
        ("share", Why.RELATIVE, None),
        ("could-hold", Why.CAPACITY, None),
        ("undated", Why.UNDATED, day),
        ("no-since", Why.NO_SINCE, day),
        ("later-start", Why.BEFORE_PERIOD, day),
        ("one-day", Why.SHORT_PERIOD, day),
    ], facts
    [quantity] = result.quantities
    assert [(o.claim.id, o.why) for o in quantity.undrawn] == [("from-zero", Why.OPEN_FROM_ZERO)]
    assert [c.drawn for c in quantity.components] == [Drawn.UNIFORM]


def test_the_view_words_every_reason(shellcount: Shell, tmp_path: Path) -> None:
    path = left_out_file(tmp_path)
    result = shellcount(
        "pool", "--claims", path, "-m", "shells", "--at", "2024-03-01", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    notes = [n for n in json.loads(result.stdout)["notes"] if "Left out" in n or "not drawn" in n]
    assert notes == [
        "Left out: share: relative to latest: a percentage, not a count",
        "Left out: could-hold: capacity: what containers could hold, not a count "
        "(--include-capacity to pool capacities)",
        "Left out: undated: undated: no as_of to carry it from",
        "Left out: no-since: stated on 2024-01-01 with no since: no rate to carry it to 2024-03-01",
        "Left out: later-start: 2024-03-01 is before its period starts (2024-04-01)",
        "Left out: one-day: its period (2024-01-01 to 2024-01-01) is less than a day",
        "shells · atlantis → lemuria: not drawn: from-zero: open from 0 or below: no scale for "
        "its tail",
    ], notes


def test_a_unit_that_does_not_convert_is_worded_as_the_units_say(tmp_path: Path) -> None:
    """The loader keeps one unit per measure, so the pool's own check is met only by a
    claims file the loader did not read: its words are the unit registry's error."""
    from shellcount.arithmetic import units
    from shellcount.errors import UnitError
    from shellcount.views.pool import left_out_reason

    ledger = load_claims(write_claims(tmp_path, claim("one", "a", "100")))
    container, shell = units.parse_unit("container"), units.parse_unit("shell")
    item = pooling.LeftOut(ledger.claims[0], Why.OTHER_UNIT, unit=container, pool_unit=shell)
    with pytest.raises(UnitError) as raised:
        units.factor(container, shell)
    assert left_out_reason(item) == str(raised.value)
    assert (
        left_out_reason(item) == "cannot convert container to shell: [container] is not [munition]"
    )


def test_nothing_to_pool_carries_the_claims_and_the_view_words_them(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = write_claims(
        tmp_path,
        claim("could-hold", "a", "5,000", basis="capacity", as_of="2024-03-01"),
        claim("share", "a", "about 30", unit="percent", relative_to="could-hold"),
    )
    with pytest.raises(NothingToPool) as raised:
        pooling.pool(load_claims(path), Selection("shells"), Settings())
    assert (raised.value.at, [o.why for o in raised.value.left_out]) == (
        None,
        [Why.CAPACITY, Why.RELATIVE],
    )
    result = shellcount("pool", "--claims", path, "-m", "shells")
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == (
        "error: no claim of measure 'shells' to pool: could-hold: capacity: what containers "
        "could hold, not a count; share: relative to could-hold: a percentage, not a count "
        "(--include-capacity to pool capacities)\n"
    )
    dated = write_claims(
        tmp_path, claim("later", "a", "1,000", since="2024-04-01", as_of="2024-05-01")
    )
    result = shellcount("pool", "--claims", dated, "-m", "shells", "--at", "2024-03-01")
    assert result.stderr == (
        "error: no claim of measure 'shells' can be read at 2024-03-01: later: 2024-03-01 is "
        "before its period starts (2024-04-01)\n"
    ), result.output


def test_the_weights_are_worded_from_the_settings() -> None:
    from shellcount.views.pool import weights_text

    assert weights_text(Settings()) == "equal"
    given = Settings(weights=WeightScheme.GRADES, given={"a": 2.0, "b": 0.5})
    assert weights_text(given) == "grades; a=2; b=0.5"
    assert weights_text(Settings(restatements=Restatements.PRECISE)) == (
        "equal; restatements: precise"
    )


# --- a leave-out read off the whole pool, against one drawn afresh --------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"weights": WeightScheme.GRADES},
        {"weights": WeightScheme.METHOD},
        {"restatements": Restatements.PRECISE},
        {"weights": WeightScheme.GRADES, "given": {"gazette": 0.0, "monitor": 3.0}},
    ],
)
def test_leave_outs_read_off_the_whole_match_those_drawn_afresh(
    monkeypatch: pytest.MonkeyPatch, options: dict[str, object]
) -> None:
    ledger = load_claims(RURITANIA)
    chosen = Settings(samples=2001, seed=3, **options)  # type: ignore[arg-type]
    redrawn = pooling.pool(ledger, Selection("shells"), chosen)
    monkeypatch.setattr(pool_sensitivity, "REDRAWN_LEAVE_OUTS", 0)
    read_off = pooling.pool(ledger, Selection("shells"), chosen)
    pairs = [
        (a, b)
        for qa, qb in zip(redrawn.quantities, read_off.quantities, strict=True)
        for a, b in zip(qa.sensitivity.leave_out, qb.sensitivity.leave_out, strict=True)  # type: ignore[union-attr]
    ]
    assert len(pairs) >= 5
    for fresh, fast in pairs:
        assert (fresh.statement, fresh.claims) == (fast.statement, fast.claims)
        if fresh.draws is None:
            assert fast.draws is None, fresh.statement.id
            continue
        assert fast.draws is not None, fresh.statement.id
        expected = [fresh.draws.low, fresh.draws.high, *fresh.draws.percentiles.values()]
        found = [fast.draws.low, fast.draws.high, *fast.draws.percentiles.values()]
        assert found == pytest.approx(expected, rel=1e-9), fresh.statement.id


def test_a_leave_out_that_leaves_no_weight_is_not_drawn(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the other sources at weight 0, the rest weighs nothing, exactly: not the
    rounding a subtraction leaves; drawn afresh or read off the whole alike."""
    path = write_claims(
        tmp_path,
        claim("heavy", "a", "100-200"),
        *[claim(f"light-{n}", f"z{n}", f"{100 + n}-{300 + n}") for n in range(4)],
    )
    ledger = load_claims(path)
    chosen = Settings(samples=101, given={f"z{n}": 0.0 for n in range(4)})
    for redrawn in (64, 0):
        monkeypatch.setattr(pool_sensitivity, "REDRAWN_LEAVE_OUTS", redrawn)
        [quantity] = pooling.pool(ledger, Selection("shells"), chosen).quantities
        assert quantity.sensitivity is not None
        undrawn = [
            leave.statement.id for leave in quantity.sensitivity.leave_out if not leave.draws
        ]
        assert undrawn == ["heavy"], (redrawn, quantity.sensitivity.leave_out)


def ranges_strategy() -> st.SearchStrategy[list[tuple[float, float]]]:
    low = st.floats(min_value=0, max_value=1e7, allow_nan=False)
    width = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e7, allow_nan=False))
    pair = st.tuples(low, width).map(lambda p: (p[0], p[0] + p[1]))
    return st.lists(pair, min_size=3, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    ranges=ranges_strategy(),
    data=st.data(),
    u=st.floats(min_value=1e-6, max_value=1 - 1e-6),
)
def test_reweighted_is_the_mixture_of_what_is_left(
    ranges: list[tuple[float, float]], data: st.DataObject, u: float
) -> None:
    count = len(ranges)
    weights = data.draw(st.lists(st.floats(0.01, 10), min_size=count, max_size=count))
    group = data.draw(st.sets(st.integers(0, count - 1), min_size=1))
    removed = data.draw(st.sets(st.sampled_from(sorted(group)), min_size=1))
    scale = data.draw(st.sampled_from([1.0, 1.5, 2.0, 3.0]))
    kept = [
        (ranges[i], weights[i] * (scale if i in group else 1.0))
        for i in range(count)
        if i not in removed
    ]
    if not kept:
        return
    part = sorted(group)
    # The parts judged narrow against the whole's span, as the pool builds them.
    whole_span = span_of(ranges)
    reweighted = Reweighted(
        Mixture(ranges, weights),
        Mixture([ranges[i] for i in part], [weights[i] for i in part], whole_span),
        Mixture(
            [ranges[i] for i in sorted(removed)],
            [weights[i] for i in sorted(removed)],
            whole_span,
        ),
        scale,
        rest_weighs=len(group) < count,
        group_rest_weighs=len(removed) < len(group),
    )
    total = sum(w for _, w in kept)
    direct = Mixture([r for r, _ in kept], [w / total for _, w in kept])  # normalised
    span = max(high for _, high in ranges) - min(low for low, _ in ranges)
    found, expected = reweighted.quantile(u), direct.quantile(u)
    # Where the distribution function is flat at u, any value across the flat part is
    # the quantile to within rounding: compare what the direct mixture says there. The
    # sweep that tabulates a mixture carries a density's rounding across the span: a
    # narrow heavy range next to a wide light one leaves that much in every level after.
    densest = max(
        (w / (hi - lo) for (lo, hi), w in zip(ranges, weights, strict=True) if hi > lo), default=0.0
    )
    slack = 1e-9 + 1e-15 * count * densest * span / total
    if not math.isclose(found, expected, rel_tol=1e-9, abs_tol=1e-9 * span):
        below = direct.level(min(found, expected), True) / direct.total
        above = direct.level(max(found, expected), False) / direct.total
        assert abs(above - below) <= slack, (found, expected)
        assert abs(below - u) <= slack, (found, expected)


def test_a_narrow_range_taken_out_is_taken_out_as_the_whole_drew_it() -> None:
    """A range narrow beside the whole's span is a point in the whole; alone, it has a
    width of its own. Taken out as a density from a whole that holds it as a point, it
    left its weight behind (a quantile of 7812500 where only the zeros remain; found by
    hypothesis)."""
    ranges = [(7812500.0, 7812500.0078125), (0.0, 0.0), (0.0, 0.0)]
    span = span_of(ranges)
    reweighted = Reweighted(
        Mixture(ranges, [1.0, 1.0, 1.0]),
        Mixture(ranges[:1], [1.0], span),
        Mixture(ranges[:1], [1.0], span),
        1.0,
        rest_weighs=True,
        group_rest_weighs=False,
    )
    assert [reweighted.quantile(u) for u in (0.25, 0.75)] == [0.0, 0.0]
