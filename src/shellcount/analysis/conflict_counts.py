"""How many claims each claim disagrees with, and the few farthest from it, without
visiting every disagreeing pair.

On a quantity reported on a few dates by thousands of scattered figures, most pairs
disagree: listing them costs the square of the claims. Here the dated claims of one
quantity are put in cells, one per (as_of, since). Between two cells the pairwise rule of
``reconcile`` is the same for every pair (which side is carried, by what factor, which
window is the longer), so the claims of a cell that conflict with a claim, or are in
tension with it, are slices of the cell's claims sorted by their ends: counted by
bisection, the farthest (largest relative gap) at one end of each slice. The cost is the
claims times the cells. A quantity with many cells (counts on many dates, which rarely
disagree with many others) goes through the enumerating finder instead, whose cost
follows the number of disagreements (``conflicts._candidates``). Undated pairs, relative
claims and restatements are few and are judged pair by pair.

Exclusion of an end (``fewer than 1,000`` is ``[0, 1000)``) is kept by moving an
excluded end one float step inwards before sorting, so two ends that meet and are not
both included count as apart, as ``Interval.overlaps`` says.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from shellcount.analysis.rates import carry_factor
from shellcount.analysis.reconcile import (
    Comparison,
    Dated,
    Verdict,
    compare_dated,
    compare_pair,
    quantity_groups,
    relative_checks,
)
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Claim, Ledger

LISTED = 5
"""How many of a claim's disagreements are named (the farthest first)."""
CELL_LIMIT = 64
"""Above this many (date, start) cells on a quantity, its pairs are enumerated instead."""

_EARLIEST = dt.date.min  # an unstated start is the flow's: before any other


@dataclass
class Marks:
    """A claim's disagreements: how many of each kind, and the farthest few by id."""

    conflicts: int = 0
    tensions: int = 0
    conflicts_with: list[tuple[Claim, float | None]] = field(default_factory=list)
    tensions_with: list[tuple[Claim, float | None]] = field(default_factory=list)
    """Each with its relative gap (None when the higher side's near end is zero)."""


@dataclass
class _Tally:
    """Counts, and candidates (minus relative gap, file position, id) for the lists."""

    conflicts: int = 0
    tensions: int = 0
    conflict_candidates: list[tuple[float, int, str]] = field(default_factory=list)
    tension_candidates: list[tuple[float, int, str]] = field(default_factory=list)

    def add(self, verdict: Verdict, key: tuple[float, int, str]) -> None:
        if verdict is Verdict.CONFLICT:
            self.conflicts += 1
            self.conflict_candidates.append(key)
        else:
            self.tensions += 1
            self.tension_candidates.append(key)


Counter = Callable[[str], None]
"""Called with the name of each step taken (for tests that count the work)."""


def mark_claims(
    ledger: Ledger, *, limit: int = LISTED, counter: Counter | None = None
) -> dict[Claim, Marks]:
    """Every claim that disagrees with another: how many it conflicts with and is in
    tension with (as ``reconcile`` would list them), and up to ``limit`` of each, the
    largest relative gap first (then file order)."""
    tallies: dict[Claim, _Tally] = {}
    position = {claim: index for index, claim in enumerate(ledger.claims)}
    groups = quantity_groups(ledger)
    enumerated: list[Comparison] = []
    for claims in groups.values():
        for capacity in (True, False):
            same_kind = [c for c in claims if (c.basis is Basis.CAPACITY) is capacity]
            if len(same_kind) < 2:
                continue
            _Group(ledger, same_kind, tallies, position, counter, enumerated, limit).run()
    for claim in ledger:
        if claim.relative_to is not None:
            enumerated += relative_checks(ledger, claim, groups, disagreements_only=True)
    _add_enumerated(enumerated, tallies, position)
    return {
        claim: Marks(
            tally.conflicts,
            tally.tensions,
            _top(ledger, tally.conflict_candidates, limit),
            _top(ledger, tally.tension_candidates, limit),
        )
        for claim, tally in sorted(tallies.items(), key=lambda item: position[item[0]])
        if tally.conflicts or tally.tensions
    }


def _top(
    ledger: Ledger, candidates: list[tuple[float, int, str]], limit: int
) -> list[tuple[Claim, float | None]]:
    return [
        (ledger.claim(claim_id), None if order == 1.0 else -order)
        for order, _, claim_id in heapq.nsmallest(limit, set(candidates))
    ]


def _add_enumerated(
    comparisons: Iterable[Comparison], tallies: dict[Claim, _Tally], position: dict[Claim, int]
) -> None:
    """Comparisons judged one by one: the stronger per pair, counted for both claims."""
    strongest: dict[frozenset[Claim], Comparison] = {}
    for comparison in comparisons:
        if comparison.verdict not in (Verdict.CONFLICT, Verdict.TENSION):
            continue
        pair = frozenset((comparison.claim_a, comparison.claim_b))
        known = strongest.get(pair)
        if known is None or (
            comparison.verdict is Verdict.CONFLICT and known.verdict is Verdict.TENSION
        ):
            strongest[pair] = comparison
    for comparison in strongest.values():
        gap = _order(comparison.gap_relative)
        a, b = comparison.claim_a, comparison.claim_b
        tallies.setdefault(a, _Tally()).add(comparison.verdict, (gap, position[b], b.id))
        tallies.setdefault(b, _Tally()).add(comparison.verdict, (gap, position[a], a.id))


def _order(gap_relative: float | None) -> float:
    """The sort key of a relative gap: the largest first, none last."""
    return -(gap_relative if gap_relative is not None else -1.0)


@dataclass(frozen=True)
class _Sorted:
    """A cell's claims sorted by one end (scaled, perhaps nudged): values and claims."""

    values: list[float]
    claims: list[Claim]


@dataclass(frozen=True)
class _Ends:
    """A cell's claims by each end: as stated ("plain"), and with excluded ends moved one
    float step inwards ("apart", for the overlap test)."""

    low_plain: _Sorted
    low_apart: _Sorted
    high_plain: _Sorted
    high_apart: _Sorted


def _sorted(pairs: list[tuple[float, Claim]]) -> _Sorted:
    pairs.sort(key=lambda pair: pair[0])
    return _Sorted([value for value, _ in pairs], [claim for _, claim in pairs])


def _ends(claims: list[Claim], intervals: dict[Claim, Interval], scale: float) -> _Ends:
    scaled = [(c, intervals[c] * scale if scale != 1.0 else intervals[c]) for c in claims]
    return _Ends(
        _sorted([(i.low, c) for c, i in scaled]),
        _sorted([(_low_apart(i), c) for c, i in scaled]),
        _sorted([(i.high, c) for c, i in scaled]),
        _sorted([(_high_apart(i), c) for c, i in scaled]),
    )


def _low_apart(interval: Interval) -> float:
    return math.nextafter(interval.low, math.inf) if interval.low_excluded else interval.low


def _high_apart(interval: Interval) -> float:
    return math.nextafter(interval.high, -math.inf) if interval.high_excluded else interval.high


@dataclass
class _Cell:
    day: dt.date
    since: dt.date | None
    claims: list[Claim]

    @property
    def start(self) -> dt.date:
        return self.since or _EARLIEST

    @property
    def has_rate(self) -> bool:
        return self.since is not None and (self.day - self.since).days > 0


@dataclass
class _Group:
    """The claims of one quantity and kind (capacities apart from counts)."""

    ledger: Ledger
    claims: list[Claim]
    tallies: dict[Claim, _Tally]
    position: dict[Claim, int]
    counter: Counter | None
    enumerated: list[Comparison]
    limit: int

    def run(self) -> None:
        from shellcount.analysis.conflicts import _candidates

        unit = self.claims[0].unit
        dimension = units.dimension(unit)
        claims = [c for c in self.claims if units.dimension(c.unit) == dimension]
        self.intervals = {c: c.amount.to(unit).interval for c in claims}
        self.count_unit = units.is_count(unit)
        cells: dict[tuple[dt.date, dt.date | None], _Cell] = {}
        undated: dict[object, list[Claim]] = {}
        for claim in claims:
            if claim.as_of is None:
                undated.setdefault(claim.source, []).append(claim)
            else:
                key = (claim.as_of, claim.since)
                cells.setdefault(key, _Cell(claim.as_of, claim.since, [])).claims.append(claim)
        if len(cells) > CELL_LIMIT:
            # Many dates: disagreements are few per claim; judge the candidates found.
            for first, second in _candidates(claims):
                self._count("pair")
                self.enumerated.append(compare_pair(self.ledger, first, second))
            return
        for same_source in undated.values():  # only an undated source's own claims compare
            for index, first in enumerate(same_source):
                for second in same_source[index + 1 :]:
                    self._count("pair")
                    self.enumerated.append(compare_pair(self.ledger, first, second))
        self.cells = list(cells.values())
        statements: dict[Claim, int] = {}
        for claim in claims:
            root = self.ledger.statement(claim)
            statements[root] = statements.get(root, 0) + 1
        self.mates = {
            claim: statements[self.ledger.statement(claim)] - 1
            for claim in claims
            if statements[self.ledger.statement(claim)] > 1
        }
        self.own = {id(cell): _ends(cell.claims, self.intervals, 1.0) for cell in self.cells}
        for cell in self.cells:
            self._probe_cell(cell)
        self._take_back_restatements([c for c in claims if c.as_of is not None])

    def _count(self, step: str) -> None:
        if self.counter is not None:
            self.counter(step)

    def _probe_cell(self, cell: _Cell) -> None:
        for other in self.cells:
            plan = self._plan(cell, other)
            if plan is None:
                continue
            probe_scale, other_scale, kind = plan
            ends = (
                self.own[id(other)]
                if other_scale == 1.0
                else _ends(other.claims, self.intervals, other_scale)
            )
            own = self.own[id(other)]
            for probe in cell.claims:
                self._count("probe")
                interval = self.intervals[probe]
                scaled = interval * probe_scale if probe_scale != 1.0 else interval
                self._tally(
                    probe,
                    cell=cell,
                    other=other,
                    kind=kind,
                    interval=scaled,
                    own_interval=interval,
                    ends=ends,
                    own=own,
                )

    def _plan(self, cell: _Cell, other: _Cell) -> tuple[float, float, str] | None:
        """How claims of ``cell`` meet those of ``other``: the factors each side is
        carried by, and the rule ("day", "rate", "carried"); None: they never disagree."""
        if cell.day == other.day:
            return 1.0, 1.0, "day"
        if not self.count_unit:
            return 1.0, 1.0, "rate"
        earlier, later = (cell, other) if cell.day < other.day else (other, cell)
        scale = carry_factor(earlier.since, earlier.day, later.day) if earlier.has_rate else None
        moved = earlier
        if scale is None:
            scale = carry_factor(later.since, later.day, earlier.day) if later.has_rate else None
            moved = later
        if scale is None:
            return (1.0, 1.0, "nested") if _nested(later, earlier) else None
        return (scale, 1.0, "carried") if moved is cell else (1.0, scale, "carried")

    def _tally(
        self,
        probe: Claim,
        *,
        cell: _Cell,
        other: _Cell,
        kind: str,
        interval: Interval,
        own_interval: Interval,
        ends: _Ends,
        own: _Ends,
    ) -> None:
        """Count and list the claims of ``other`` that disagree with ``probe``."""
        high, low = interval.high, interval.low
        above_at = bisect.bisect_right(ends.low_apart.values, _high_apart(interval))
        below_at = bisect.bisect_left(ends.high_apart.values, _low_apart(interval))
        size = len(other.claims)
        above = size - above_at
        strictly_above = size - bisect.bisect_right(ends.low_plain.values, high)
        strictly_below = bisect.bisect_left(ends.high_plain.values, low)
        # The slices of the sorted claims that disagree: (sorted, start, stop, from the top)
        full_above = (ends.low_apart, above_at, size, True)
        full_below = (ends.high_apart, 0, below_at, False)
        verdict = Verdict.CONFLICT if kind == "day" else Verdict.TENSION
        if kind == "rate" or other.start == cell.start:
            chosen = [full_above, full_below]
        elif other.start < cell.start:  # the other's window is the longer: above is fine
            touching = above - strictly_above
            chosen = [full_below, (ends.low_apart, above_at, above_at + touching, True)]
        else:  # the probe's window is the longer: below it is fine
            chosen = [full_above, (ends.high_apart, strictly_below, below_at, False)]
        nested: tuple[_Sorted, int, int, bool] | None = None
        if kind in ("carried", "nested"):
            later_is_other = other.day > cell.day
            earlier, later = (cell, other) if later_is_other else (other, cell)
            if _nested(later, earlier):
                if later_is_other:  # the other's own count below the probe's own low
                    cut = bisect.bisect_left(own.high_plain.values, own_interval.low)
                    nested = (own.high_plain, 0, cut, False)
                else:
                    cut = bisect.bisect_right(own.low_plain.values, own_interval.high)
                    nested = (own.low_plain, cut, size, True)
        if kind == "nested":
            chosen = []
        elif nested is not None and nested[2] > nested[1]:
            # Nested conflicts are the far end of the carried disagreements: take them off.
            taken = nested[2] - nested[1]
            if nested[3]:
                chosen = [
                    (s, start, stop - taken, top)
                    if (s, start, stop, top) == full_above
                    else (s, start, stop, top)
                    for s, start, stop, top in chosen
                ]
            else:
                chosen = [
                    (s, start + taken, stop, top)
                    if (s, start, stop, top) == full_below
                    else (s, start, stop, top)
                    for s, start, stop, top in chosen
                ]
        tally = self.tallies.setdefault(probe, _Tally())
        if nested is not None and nested[2] > nested[1]:
            tally.conflicts += nested[2] - nested[1]
            self._farthest(probe, tally, Verdict.CONFLICT, [nested], own_interval)
        disagreeing = sum(max(stop - start, 0) for _, start, stop, _ in chosen)
        if disagreeing:
            if verdict is Verdict.CONFLICT:
                tally.conflicts += disagreeing
            else:
                tally.tensions += disagreeing
            self._farthest(probe, tally, verdict, chosen, interval)

    def _farthest(
        self,
        probe: Claim,
        tally: _Tally,
        verdict: Verdict,
        slices: list[tuple[_Sorted, int, int, bool]],
        interval: Interval,
    ) -> None:
        """The few claims of the slices farthest from ``interval`` (its relative gap),
        kept as candidates for the probe's list; a few more than listed, for the
        restatements taken back later."""
        wanted = self.limit + self.mates.get(probe, 0)
        candidates = (
            tally.conflict_candidates if verdict is Verdict.CONFLICT else tally.tension_candidates
        )
        for sorted_, start, stop, top in slices:
            if stop <= start:
                continue
            self._count("candidate slice")
            picked = (
                range(stop - 1, max(stop - wanted, start) - 1, -1)
                if top
                else range(start, min(start + wanted, stop))
            )
            for index in picked:
                value = sorted_.values[index]
                claim = sorted_.claims[index]
                if top:
                    gap = (value - interval.high) / value if value > 0 else None
                else:
                    gap = (interval.low - value) / interval.low if interval.low > 0 else None
                candidates.append((_order(gap), self.position[claim], claim.id))
            if len(candidates) > 8 * wanted:
                candidates[:] = heapq.nsmallest(wanted, set(candidates))

    def _take_back_restatements(self, dated: list[Claim]) -> None:
        """Pairs of one statement were counted by their numbers; they never disagree."""
        by_statement: dict[Claim, list[Claim]] = {}
        for claim in dated:
            by_statement.setdefault(self.ledger.statement(claim), []).append(claim)
        for members in by_statement.values():
            if len(members) < 2:
                continue
            ids = {claim.id for claim in members}
            for index, first in enumerate(members):
                for second in members[index + 1 :]:
                    self._count("pair")
                    verdict = compare_dated(first, second, Dated.of(first), Dated.of(second))
                    for claim in (first, second):
                        tally = self.tallies.get(claim)
                        if tally is None:
                            continue
                        if verdict.verdict is Verdict.CONFLICT:
                            tally.conflicts -= 1
                        elif verdict.verdict is Verdict.TENSION:
                            tally.tensions -= 1
            for claim in members:
                tally = self.tallies.get(claim)
                if tally is not None:
                    tally.conflict_candidates[:] = [
                        c for c in tally.conflict_candidates if c[2] not in ids
                    ]
                    tally.tension_candidates[:] = [
                        c for c in tally.tension_candidates if c[2] not in ids
                    ]


def _nested(later: _Cell, earlier: _Cell) -> bool:
    """The later count's window holds the earlier one's (an unstated start is the flow's)."""
    return later.since is None or (earlier.since is not None and later.since <= earlier.since)
