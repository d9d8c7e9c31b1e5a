"""reconcile without --all: the counts of every verdict, the listed disagreements and the
pairs of statements of the bottom line are those of every pair judged, and the work grows
with the claims, not their pairs (counted, not timed)."""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shellcount.analysis import reconcile as reconcile_module
from shellcount.analysis import verdict_counts
from shellcount.analysis.reconcile import Comparison, Verdict, reconcile
from shellcount.analysis.verdict_counts import (
    Verdicts,
    count_verdicts,
    listing_order,
    needing_an_eye,
    verdicts_of,
)
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Ledger

BENCH = Path(__file__).resolve().parent.parent / "bench"

# Ties on purpose: equal figures give equal gaps, which reconcile's order decides; ends
# that touch ("fewer than 1,000" and "more than 1,000") are apart, or not.
FIGURES = st.sampled_from(
    [
        "100", "about 200", "more than 300", "up to 400", "fewer than 150", "250-350",
        "millions", "1,000", "about 1,000", "exactly 1,000", "exactly 700", "nearly 900",
        "more than 1,000", "fewer than 1,000", "up to 1,000", "at least 50",
        "several thousand", "2,500", "5,000",
    ]
)  # fmt: skip
DAYS = ["2023-01-01", "2023-02-01", "2023-03-15", "2023-06-30"]
# A start on a date of another count carries that count back to zero there.
STARTS = ["2022-12-01", "2023-01-01", "2023-02-01"]
UNITS = {
    "shells": ["shell", "shell", "round"],
    "rounds": ["round"],
    "pace": ["shell/day", "shell/day", "shell/month"],  # a month is not a factor of 1
}


@st.composite
def ledgers(draw: st.DrawFn) -> str:
    """Small claims files with what reconcile's rules tell apart: several quantities and
    kinds, dates and starts (a few, so that cells hold several claims), hedges, undated
    claims of one source and of two, rates, restatements (chains of them, across kinds
    and units), relative claims."""
    count = draw(st.integers(min_value=2, max_value=30))
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True))
    restated = draw(st.sampled_from([2, 4, 10]))  # one claim in this many restates one
    lines = [
        "format: 1",
        "sources:",
        *(f"  - {{id: s{i}, outlet: O{i}, published: unknown}}" for i in range(1, 4)),
        "claims:",
    ]
    for index in range(count):
        as_of = draw(st.sampled_from([*days, *days, None]))
        since = draw(st.sampled_from([*STARTS, as_of, None])) if as_of else None
        measure = draw(st.sampled_from(["shells", "shells", "rounds", "pace"]))
        lines += [
            f"  - id: c{index}",
            f"    source: s{draw(st.integers(1, 3))}",
            f"    measure: {measure}",
            f"    figure: {draw(FIGURES)}",
            f"    unit: {draw(st.sampled_from(UNITS[measure]))}",
            "    quote: q",
        ]
        if measure == "shells" and draw(st.integers(0, 3)) == 0:
            lines += ["    calibre: 152"]
        lines += [f"    as_of: {as_of}"] if as_of else []
        lines += [f"    since: {since}"] if since and since <= as_of else []
        if draw(st.integers(0, 4)) == 0:
            lines += ["    basis: capacity"]
        if index and draw(st.integers(1, restated)) == 1:
            lines += [f"    restates: c{draw(st.integers(0, index - 1))}"]
    for index in range(draw(st.integers(0, 2))):
        lines += [
            f"  - id: rel{index}",
            f"    source: s{index + 1}",
            f"    measure: {draw(st.sampled_from(['rounds', 'shells']))}",
            f"    figure: {draw(st.sampled_from(['about 30', '-50', 'more than 10']))}",
            "    unit: percent",
            f"    relative_to: c{draw(st.integers(0, count - 1))}",
            "    quote: q",
        ]
        if draw(st.booleans()):
            lines += [f"    as_of: {draw(st.sampled_from(DAYS))}"]
        if draw(st.booleans()):
            lines += [f"    restates: c{draw(st.integers(0, count - 1))}"]
    return "\n".join(lines) + "\n"


def _load(text: str) -> Ledger:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        return load_claims(path)


def _row(comparison: Comparison) -> tuple[object, ...]:
    via = comparison.via.id if comparison.via else None
    return (comparison.claim_a.id, comparison.claim_b.id, comparison.verdict, via, comparison)


def assert_same_facts(fast: Verdicts, every: Verdicts, text: str = "") -> None:
    assert fast.counts == every.counts, text
    assert [_row(c) for c in fast.listed] == [_row(c) for c in every.listed], text
    for fast_pairs, every_pairs in (
        (fast.conflicts, every.conflicts),
        (fast.tensions, every.tensions),
    ):
        assert fast_pairs.pairs == every_pairs.pairs, text
        assert fast_pairs.first == every_pairs.first, text


@contextlib.contextmanager
def _counted_by(way: str) -> Iterator[None]:
    """Every quantity by "pairs" judged one by one, by "cells", or "either" as the cost
    decides (the default)."""
    saved = verdict_counts.CELL_LIMIT, verdict_counts.CELL_COST
    if way == "pairs":
        verdict_counts.CELL_LIMIT = 0
    elif way == "cells":
        verdict_counts.CELL_LIMIT, verdict_counts.CELL_COST = 10**9, 0
    try:
        yield
    finally:
        verdict_counts.CELL_LIMIT, verdict_counts.CELL_COST = saved


@settings(deadline=None, max_examples=300)
@given(
    ledgers(),
    st.sampled_from([1, 2, 3, 100]),
    st.sampled_from(["pairs", "either", "cells"]),
    st.sampled_from([None, "shells"]),
)
def test_the_facts_are_every_pairs(text: str, limit: int, cells: str, measure: str | None) -> None:
    """By cells, by pairs judged one by one, as the cost decides, and with every listing
    cap: the same counts, the same rows in the same order, the same bottom line."""
    ledger = _load(text)
    comparisons = reconcile(ledger, measure)
    every = verdicts_of(ledger, comparisons, limit=limit)
    # The rows are today's selection: reconcile's pairs, capped per quantity and verdict.
    assert list(every.listed) == needing_an_eye(comparisons, listing_order(comparisons), limit)
    with _counted_by(cells):
        fast = count_verdicts(ledger, measure, limit=limit)
    assert_same_facts(fast, every, text)
    assert sum(fast.totals.values()) == len(comparisons)


ODD = """\
format: 1
sources:
  - {id: s1, outlet: O1, published: 2023-02-01}
  - {id: s2, outlet: O2, published: 2023-06-30}
claims:
  # Counted since the day they were given: no rate, and what counts since that day later
  # is carried back to zero there (every end rounds to one: the cell's order is lost).
  - {id: e1, source: s1, measure: shells, figure: '5,000', unit: shell, quote: q,
     as_of: 2023-02-01, since: 2023-02-01}
  - {id: e2, source: s1, measure: shells, figure: exactly 4000, unit: shell, quote: q,
     as_of: 2023-02-01, since: 2023-02-01, restates: e1}
  - {id: e3, source: s1, measure: shells, figure: about 200, unit: shell, quote: q,
     as_of: 2023-02-01, since: 2023-02-01}
  - {id: e4, source: s1, measure: shells, figure: fewer than 1000, unit: shell, quote: q,
     as_of: 2023-02-01, since: 2023-02-01}
  - {id: e5, source: s1, measure: shells, figure: more than 1000, unit: shell, quote: q,
     as_of: 2023-02-01, since: 2023-02-01}
  # Ends a hair apart: judged one by one.
  - {id: e6, source: s1, measure: shells, figure: 1000000000000000.1-1000000000000000.3,
     unit: shell, quote: q, as_of: 2023-02-01, since: 2023-02-01}
  - {id: l1, source: s2, measure: shells, figure: '100', unit: shell, quote: q,
     as_of: 2023-06-30, since: 2023-02-01}
  - {id: l2, source: s2, measure: shells, figure: '2,500', unit: shell, quote: q,
     as_of: 2023-06-30, since: 2023-02-01}
  - {id: l3, source: s2, measure: shells, figure: more than 300, unit: shell, quote: q,
     as_of: 2023-06-30, since: 2023-02-01}
  - {id: l4, source: s2, measure: shells, figure: '6,000', unit: shell, quote: q,
     as_of: 2023-06-30, since: 2023-02-01, restates: e1}
  - {id: l5, source: s2, measure: shells, figure: '9,000', unit: shell, quote: q,
     as_of: 2023-06-30, since: 2022-12-01}
  - {id: l6, source: s2, measure: shells, figure: '12,000', unit: shell, quote: q,
     as_of: 2023-06-30, since: 2022-12-01, restates: l2}
  # A capacity restating a count: not compared, and one statement with it.
  - {id: k1, source: s2, measure: shells, figure: 3 million, unit: shell, quote: q,
     as_of: 2023-06-30, basis: capacity, restates: e1}
  # A pace in months restating one in days.
  - {id: p1, source: s1, measure: pace, figure: '300', unit: shell/day, quote: q,
     as_of: 2023-02-01}
  - {id: p2, source: s2, measure: pace, figure: '3,000', unit: shell/month, quote: q,
     as_of: 2023-06-30, restates: p1}
  - {id: p3, source: s2, measure: pace, figure: '100', unit: shell/day, quote: q,
     as_of: 2023-06-30}
  - {id: p4, source: s2, measure: pace, figure: '20,000', unit: shell/month, quote: q,
     as_of: 2023-06-30}
  - {id: p5, source: s1, measure: pace, figure: '500', unit: shell/day, quote: q,
     as_of: 2023-02-01, restates: p3}
"""


@pytest.mark.parametrize("cells", ["pairs", "cells"])
@pytest.mark.parametrize("limit", [1, 2, 100])
def test_the_facts_where_cells_are_odd(tmp_path: Path, cells: str, limit: int) -> None:
    """A cell carried back to zero (its order lost), nested conflicts in it, statements
    with claims in several cells and of several kinds and units, touching ends, ends a
    hair apart: still every pair's facts."""
    path = tmp_path / "claims.yaml"
    path.write_text(ODD, encoding="utf-8")
    ledger = load_claims(path)
    every = verdicts_of(ledger, reconcile(ledger), limit=limit)
    with _counted_by(cells):
        assert_same_facts(count_verdicts(ledger, limit=limit), every)
    assert every.conflicts.pairs
    assert every.tensions.pairs


def _bench_module(name: str) -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # dense.py imports generate.py beside it
    return importlib.import_module(name)


@pytest.mark.parametrize(
    ("module", "options"),
    [("dense", {}), ("dense", {"shape": "many-quantities"}), ("generate", {})],
)
def test_the_facts_on_generated_files(module: str, options: dict[str, str]) -> None:
    bench = _bench_module(module)
    text = bench.generate(700) if module == "generate" else bench.generate_text(400, **options)
    ledger = _load(text)
    comparisons = reconcile(ledger)
    for limit in (3, 100):
        every = verdicts_of(ledger, comparisons, limit=limit)
        assert_same_facts(count_verdicts(ledger, limit=limit), every)
    assert every.conflicts.pairs > 5  # the bottom line has pairs of statements to count


def test_a_relayed_statement_filling_the_list_is_named_once(tmp_path: Path) -> None:
    """One statement relayed 30 times against another relayed 4 times: their 150 conflicts
    fill the 100 kept; the bottom line still names five pairs of statements."""
    lines = ["format: 1", "sources:", "  - {id: s, outlet: A, published: 2024-01-31}", "claims:"]
    claim = "  - {{id: {id}, source: s, measure: shells, figure: 'exactly {figure}', unit: shell{more}, quote: q}}"  # noqa: E501
    lines.append(claim.format(id="high", figure=10_000, more=""))
    lines += [
        claim.format(id=f"high-{i}", figure=10_000, more=", restates: high") for i in range(29)
    ]
    lines.append(claim.format(id="low", figure=100, more=""))
    lines += [claim.format(id=f"low-{i}", figure=100, more=", restates: low") for i in range(4)]
    lines += [claim.format(id=f"mid-{i}", figure=1_000 + 500 * i, more="") for i in range(6)]
    path = tmp_path / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = load_claims(path)
    fast = count_verdicts(ledger)
    assert_same_facts(fast, verdicts_of(ledger, reconcile(ledger)))
    assert len(fast.conflicts.first) == 5
    assert fast.conflicts.first[0][1] == 30 * 5 - 1  # the other restated pairs


class _Steps(Counter[str]):
    def step(self, name: str) -> None:
        self[name] += 1


def test_the_work_grows_with_the_claims_not_their_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """On one quantity with a few dates most pairs disagree. The pairs judged one by one
    (restatements, the named pairs), the pairs of cells, the groups probed, the claims of
    larger statements probed and the candidates offered for the listing grow with the
    claims: judging every pair (the old path) grows four-fold when the claims double."""
    judged = Counter[str]()
    for name in ("compare_pair", "compare_dated"):
        original = getattr(reconcile_module, name)

        def counted(
            *args: object, _original: object = original, _name: str = name, **kw: object
        ) -> object:
            judged[_name] += 1
            return _original(*args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(reconcile_module, name, counted)
        monkeypatch.setattr(verdict_counts, name, counted)
    work: dict[int, _Steps] = {}
    calls: dict[int, int] = {}
    for count in (1_000, 2_000):
        ledger = _load(_bench_module("dense").generate_text(count))
        steps = _Steps()
        judged.clear()
        facts = count_verdicts(ledger, counter=steps.step)
        work[count], calls[count] = steps, sum(judged.values())
        assert sum(facts.totals.values()) == count * (count - 1) // 2  # every pair counted
        disagreeing = facts.totals[Verdict.CONFLICT] + facts.totals[Verdict.TENSION]
        assert disagreeing > count * count / 10  # dense indeed: most pairs disagree
        assert facts.conflicts.pairs + facts.tensions.pairs > count * count / 10
    for step in ("pair", "cell pair", "group", "strips", "candidate"):
        assert work[2_000][step] <= 2.4 * work[1_000][step], (step, work)
    assert calls[2_000] <= 2.4 * calls[1_000], calls
    for count, steps in work.items():  # a few candidates per claim at most
        assert steps["candidate"] <= 20 * count, (count, steps)
