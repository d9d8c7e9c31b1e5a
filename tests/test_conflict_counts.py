"""compare's counts of disagreements: the same as every pair judged, and no pair visited
more often than the claims times their cells (the work counted, not timed)."""

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

from shellcount.analysis import conflict_counts
from shellcount.analysis.conflict_counts import LISTED, mark_claims
from shellcount.analysis.conflicts import keep_stronger
from shellcount.analysis.reconcile import Comparison, Verdict, reconcile
from shellcount.ledger.loader import load_claims
from shellcount.ledger.model import Claim, Ledger
from test_reconcile import claims_files

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench_module(name: str) -> ModuleType:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # dense.py imports generate.py beside it
    return importlib.import_module(name)


def every_pair(ledger: Ledger) -> dict[Claim, dict[Verdict, list[tuple[float, str]]]]:
    """Each claim's disagreements from reconcile's every pair: (minus gap, other id)."""
    strongest: dict[frozenset[Claim], Comparison] = {}
    for comparison in reconcile(ledger):
        keep_stronger(comparison, strongest)
    found: dict[Claim, dict[Verdict, list[tuple[float, str]]]] = {}
    for comparison in strongest.values():
        gap = comparison.gap_relative
        key = -(gap if gap is not None else -1.0)
        a, b = comparison.claim_a, comparison.claim_b
        for me, other in ((a, b), (b, a)):
            lists = found.setdefault(me, {Verdict.CONFLICT: [], Verdict.TENSION: []})
            lists[comparison.verdict].append((key, other.id))
    return found


def assert_marks_match(ledger: Ledger, text: str = "") -> None:
    expected = every_pair(ledger)
    marks = mark_claims(ledger)
    position = {claim.id: index for index, claim in enumerate(ledger.claims)}
    assert set(marks) == set(expected), text
    for claim, lists in expected.items():
        mark = marks[claim]
        counts = (len(lists[Verdict.CONFLICT]), len(lists[Verdict.TENSION]))
        assert (mark.conflicts, mark.tensions) == counts, (claim.id, text)
        for verdict, named in (
            (Verdict.CONFLICT, mark.conflicts_with),
            (Verdict.TENSION, mark.tensions_with),
        ):
            # The largest gaps first, then file order (as claims-format.md says).
            farthest = sorted(lists[verdict], key=lambda item: (item[0], position[item[1]]))
            assert [other.id for other, _ in named] == [i for _, i in farthest[:LISTED]], (
                claim.id,
                verdict,
                text,
            )


def _load(text: str) -> Ledger:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "claims.yaml"
        path.write_text(text, encoding="utf-8")
        return load_claims(path)


@contextlib.contextmanager
def _path(cell_limit: int, cell_cost: int) -> Iterator[None]:
    """Route every quantity one way (hypothesis runs many examples in one test, so not
    monkeypatch, which is undone only once at its end)."""
    saved = conflict_counts.CELL_LIMIT, conflict_counts.CELL_COST
    conflict_counts.CELL_LIMIT, conflict_counts.CELL_COST = cell_limit, cell_cost
    try:
        yield
    finally:
        conflict_counts.CELL_LIMIT, conflict_counts.CELL_COST = saved


@settings(deadline=None)
@given(claims_files())
def test_the_counts_are_every_pairs_by_cells(text: str) -> None:
    with _path(cell_limit=10**9, cell_cost=0):
        assert_marks_match(_load(text), text)


@settings(deadline=None)
@given(claims_files())
def test_the_counts_are_every_pairs_by_enumeration(text: str) -> None:
    with _path(cell_limit=0, cell_cost=0):  # every quantity through the enumerating finder
        assert_marks_match(_load(text), text)


@pytest.mark.parametrize("shape", ["one-quantity", "many-quantities"])
def test_the_counts_are_every_pairs_on_a_dense_file(shape: str) -> None:
    text = _bench_module("dense").generate_text(400, shape=shape)
    assert_marks_match(_load(text))


def test_a_realistic_file_by_cells_too(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _bench_module("generate").generate(600)
    monkeypatch.setattr(conflict_counts, "CELL_LIMIT", 10**9)
    monkeypatch.setattr(conflict_counts, "CELL_COST", 0)
    assert_marks_match(_load(text))


class _Steps(Counter[str]):
    def update_one(self, step: str) -> None:
        self[step] += 1


def test_the_work_grows_with_the_claims_not_their_pairs() -> None:
    """On one quantity with a few dates most pairs disagree; the pairs judged one by one
    (restatements), the pairs of cells and the candidates weighed for the lists grow with
    the claims: a return of pairwise work would grow them four-fold when the claims
    double."""
    work = {}
    for count in (500, 1000):
        ledger = _load(_bench_module("dense").generate_text(count))
        steps = _Steps()
        mark_claims(ledger, counter=steps.update_one)
        work[count] = steps
        disagreeing = sum(m.conflicts + m.tensions for m in mark_claims(ledger).values())
        assert disagreeing > count * count / 10  # dense indeed: most pairs disagree
    assert work[1000]["pair"] <= 2.4 * work[500]["pair"], work
    assert work[1000]["cell pair"] <= 1.3 * work[500]["cell pair"], work  # cells are dates
    for count, steps in work.items():  # a few candidates per claim weighed for its lists
        assert steps["candidate"] <= 40 * count, work


def test_a_listed_gap_is_from_the_stated_ends() -> None:
    """``more than 300`` against ``fewer than 150`` is a gap of exactly a half, as the
    pairwise rule says: not from the ends moved a float step for the overlap test, which
    would put the later claim of two equal gaps first."""
    claims = "".join(
        f"  - {{id: {claim_id}, source: s1, measure: shells, figure: {figure}, unit: shell,"
        f" quote: q, as_of: {day}, since: 2022-12-01{extra}}}\n"
        for claim_id, figure, day, extra in (
            ("c0", "100", "2023-01-01", ""),
            ("c1", "more than 300", "2023-02-01", ""),
            ("c2", "fewer than 150", "2023-03-15", ""),
            ("c3", "fewer than 150", "2023-02-01", ", restates: c0"),
        )
    )
    text = "format: 1\nsources:\n  - {id: s1, outlet: A, published: unknown}\nclaims:\n" + claims
    with _path(cell_limit=10**9, cell_cost=0):
        ledger = _load(text)
        assert_marks_match(ledger, text)
        marks = mark_claims(ledger)
    farthest = marks[ledger.claim("c1")].conflicts_with
    assert [(other.id, gap) for other, gap in farthest] == [("c2", 0.5), ("c3", 0.5)], farthest


def _zero_window_file(later: list[str], earliest: str) -> str:
    """Counts since 2023-01-01 as of 2023-02-01 (``later``), and one over the zero-day
    window of 2023-01-01 (``earliest``): carried to the start of their window, the later
    counts are all 0, and those below ``earliest`` conflict by the nested window."""
    rows = [(f"c{index}", figure, "2023-02-01") for index, figure in enumerate(later)]
    rows.append((f"c{len(later)}", earliest, "2023-01-01"))
    claims = "".join(
        f"  - {{id: {claim_id}, source: s1, measure: shells, figure: {figure}, unit: shell,"
        f" quote: q, as_of: {day}, since: 2023-01-01}}\n"
        for claim_id, figure, day in rows
    )
    return "format: 1\nsources:\n  - {id: s1, outlet: A, published: unknown}\nclaims:\n" + claims


def test_a_count_carried_to_its_start_names_its_own_tensions() -> None:
    """Found by hypothesis: ``about 200`` and ``100`` since 2023-01-01 as of 2023-02-01
    both carry to 0 on 2023-01-01, tied, in file order; ``100`` conflicts with ``more
    than 300`` of that day by the nested window, ``about 200`` (up to 300) is only in
    tension. The tension listed must be ``about 200``'s, though the tie puts it first."""
    text = _zero_window_file(["about 200", "100"], "more than 300")
    for limits in ((10**9, 0), (0, 0)):  # by cells, and by enumeration
        with _path(cell_limit=limits[0], cell_cost=limits[1]):
            ledger = _load(text)
            assert_marks_match(ledger, text)
            mark = mark_claims(ledger)[ledger.claim("c2")]
        listed = ([o.id for o, _ in mark.conflicts_with], [o.id for o, _ in mark.tensions_with])
        assert listed == (["c1"], ["c0"]), (limits, listed)


def test_nested_conflicts_mixed_through_a_tie_are_walked_past() -> None:
    """Many later counts carried to 0, most of them nested conflicts mixed through the
    tie in file order: every claim's lists are every pair's, and the candidates weighed
    stay a few per claim (what skipping costs is counted in test_threshold_walk.py)."""
    work = {}
    for count in (200, 400):
        later = ["100" if index % 8 else "about 200" for index in range(count)]
        text = _zero_window_file(later, "more than 300") + "".join(
            f"  - {{id: e{index}, source: s1, measure: shells, figure: more than {300 + index},"
            " unit: shell, quote: q, as_of: 2023-01-01, since: 2023-01-01}\n"
            for index in range(count)
        )
        steps = _Steps()
        with _path(cell_limit=10**9, cell_cost=0):
            ledger = _load(text)
            assert_marks_match(ledger)
            mark_claims(ledger, counter=steps.update_one)
        work[count] = steps
    for count, steps in work.items():
        assert steps["candidate"] <= 12 * 2 * count, work
