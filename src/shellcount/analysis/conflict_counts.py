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
disagree with many others), or with about a claim per cell (where the pairs of cells
are as many as the pairs), goes through the enumerating finder instead, whose cost
follows the number of disagreements (``conflicts.candidate_pairs``); its candidates are
judged by ``pair_tally.judge`` on plain numbers. Undated pairs, relative claims and
restatements are few and are judged pair by pair. The sorted ends, and how an excluded
end is kept, are ``cell_ends``'s.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field

from shellcount.analysis.cell_ends import CellEnds, Ends, Sorted, high_apart, low_apart
from shellcount.analysis.pair_tally import (
    CONFLICT,
    TENSION,
    Bounds,
    Counter,
    Item,
    bounds_of,
    judge,
    scaled,
)
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
from shellcount.analysis.threshold_walk import ThresholdWalk
from shellcount.arithmetic import units
from shellcount.choices import LISTED
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Claim, Ledger
from shellcount.record import record

CELL_LIMIT = 64
"""Above this many (date, start) cells on a quantity, its pairs are enumerated instead."""

CELL_COST = 4
"""About how many pairs judged one by one cost as much as one pair of cells: a quantity
whose pairs of cells would cost more than its pairs goes through the enumerating finder
(whose cost is at most its pairs)."""

_EARLIEST = dt.date.min  # an unstated start is the flow's: before any other


@dataclass(slots=True)
class Marks:
    """A claim's disagreements: how many of each kind, and the farthest few by id."""

    conflicts: int = 0
    tensions: int = 0
    conflicts_with: list[tuple[Claim, float | None]] = field(default_factory=list)
    tensions_with: list[tuple[Claim, float | None]] = field(default_factory=list)
    """Each with its relative gap (None when the higher side's near end is zero)."""


@dataclass(slots=True)  # one per claim that disagrees: every claim of a dense file
class _Tally:
    """Counts, and candidates (minus relative gap, file position, id) for the lists."""

    conflicts: int = 0
    tensions: int = 0
    # Judged pair by pair (the enumerating finder's, relative claims'): made when the
    # first comes.
    conflict_candidates: list[tuple[float, int, str]] | None = None
    tension_candidates: list[tuple[float, int, str]] | None = None
    # The farthest found by the cells: heaps of (gap key, minus position, id), worst first.
    conflict_heap: list[tuple[float, int, str]] = field(default_factory=list)
    tension_heap: list[tuple[float, int, str]] = field(default_factory=list)

    def candidates(self, verdict: Verdict) -> list[tuple[float, int, str]]:
        """Every candidate for the list: (minus relative gap, position, id)."""
        if verdict is Verdict.CONFLICT:
            listed, heap = self.conflict_candidates, self.conflict_heap
        else:
            listed, heap = self.tension_candidates, self.tension_heap
        return [*(listed or ()), *((-gap, -minus, id_) for gap, minus, id_ in heap)]

    def add(self, verdict: Verdict, key: tuple[float, int, str]) -> None:
        if verdict is Verdict.CONFLICT:
            self.conflicts += 1
            if self.conflict_candidates is None:
                self.conflict_candidates = []
            self.conflict_candidates.append(key)
        else:
            self.tensions += 1
            if self.tension_candidates is None:
                self.tension_candidates = []
            self.tension_candidates.append(key)


def mark_claims(
    ledger: Ledger, *, limit: int = LISTED, counter: Counter | None = None
) -> dict[Claim, Marks]:
    """Every claim that disagrees with another: how many it conflicts with and is in
    tension with (as ``reconcile`` would list them), and up to ``limit`` of each, the
    largest relative gap first (then file order)."""
    tallies: dict[Claim, _Tally] = {}
    position = {claim: index for index, claim in enumerate(ledger.claims)}
    minus_position = {claim: -index for claim, index in position.items()}
    groups = quantity_groups(ledger)
    enumerated: list[Comparison] = []
    for claims in groups.values():
        for capacity in (True, False):
            same_kind = [c for c in claims if (c.basis is Basis.CAPACITY) is capacity]
            if len(same_kind) < 2:
                continue
            _Group(ledger, same_kind, tallies, minus_position, counter, enumerated, limit).run()
    for claim in ledger:
        if claim.relative_to is not None:
            enumerated += relative_checks(ledger, claim, groups, disagreements_only=True)
    _add_enumerated(enumerated, tallies, position)
    marks: dict[Claim, Marks] = {}
    # Each tally is let go as its marks are made: the two together would double the peak.
    for claim in sorted(tallies, key=position.__getitem__):
        tally = tallies.pop(claim)
        if tally.conflicts or tally.tensions:
            marks[claim] = Marks(
                tally.conflicts,
                tally.tensions,
                _top(ledger, tally.candidates(Verdict.CONFLICT), limit),
                _top(ledger, tally.candidates(Verdict.TENSION), limit),
            )
    return marks


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


@dataclass
class _Cell:
    """The claims of one quantity dated to one day (and the day their rate runs from)."""

    day: dt.date
    since: dt.date | None
    claims: list[Claim]

    @property
    def start(self) -> dt.date:
        return self.since or _EARLIEST

    @property
    def has_rate(self) -> bool:
        return self.since is not None and (self.day - self.since).days > 0


@record
class _Probes:
    """The claims of one cell as probes: their tallies, how many candidates each keeps
    (the listed number and its restatements, which are taken out later), their ends."""

    tallies: list[_Tally]
    wanted: list[int]
    own: list[Bounds]


class _Spans:
    """Where each probe falls among another cell's sorted claims: the claims above it
    (``above_at:`` of the low ends) and below it (``:below_at`` of the high ends), cut to
    those that disagree by the windows, and the nested conflicts by their own ends."""

    def __init__(self, size: int, ends: Ends, bounds: list[Bounds]) -> None:
        self.size, self.ends, self.bounds = size, ends, bounds
        lows, highs = ends.low_apart.values, ends.high_apart.values
        self.above_at = [bisect.bisect_right(lows, high_apart(b)) for b in bounds]
        self.below_at = [bisect.bisect_left(highs, low_apart(b)) for b in bounds]
        self.upper: list[int] | None = None  # the stop of the slice above (None: size)
        self.lower: list[int] | None = None  # the start of the slice below (None: 0)
        self.own: Ends | None = None
        self.nested_above: list[int] | None = None  # own ends: the start of those above
        self.nested_below: list[int] | None = None  # own ends: the stop of those below
        # Set when the carried order does not keep the nested conflicts at the slice's
        # end (a factor that made ends meet): they are walked past instead of cut off.
        self.skip_nested: ThresholdWalk | None = None

    def by_windows(self, *, other_is_longer: bool) -> None:
        """Windows of different starts: the count over the longer one may be the larger
        (strictly: ends that meet still disagree)."""
        if other_is_longer:
            plain = self.ends.low_plain.values
            self.upper = [bisect.bisect_right(plain, b[1]) for b in self.bounds]
        else:
            plain = self.ends.high_plain.values
            self.lower = [bisect.bisect_left(plain, b[0]) for b in self.bounds]

    def nested(self, own: Ends, own_bounds: list[Bounds], *, other_is_later: bool) -> None:
        """The later window holds the earlier: a later count below an earlier one, as
        stated, conflicts (and is taken off the far end of the carried disagreements)."""
        self.own = own
        if other_is_later:
            values = own.high_plain.values
            self.nested_below = [bisect.bisect_left(values, b[0]) for b in own_bounds]
        else:
            values = own.low_plain.values
            self.nested_above = [bisect.bisect_right(values, b[1]) for b in own_bounds]

    def nested_as_stated(self, stated: list[float]) -> None:
        """``stated``: the other cell's own ends (not carried), in the carried slice's
        order. Carrying keeps them in order unless it made ends meet (a factor of 0 makes
        them all 0, in file order): then those a nested window counts as conflicts are not
        the slice's first or last, and the slice is walked by the stated ends."""
        if not all(map(operator.le, stated, stated[1:])):
            self.skip_nested = ThresholdWalk(stated)


@dataclass
class _Group:
    """The claims of one quantity and kind (capacities apart from counts)."""

    ledger: Ledger
    claims: list[Claim]
    tallies: dict[Claim, _Tally]
    minus_position: dict[Claim, int]  # made once: heap entries share these integers
    counter: Counter | None
    enumerated: list[Comparison]
    limit: int

    def run(self) -> None:
        from shellcount.analysis.conflicts import candidate_pairs

        unit = self.claims[0].unit
        dimension = units.dimension(unit)
        claims = [c for c in self.claims if units.dimension(c.unit) == dimension]
        self.bounds = {c: bounds_of(c.amount.to(unit).interval) for c in claims}
        self.count_unit = units.is_count(unit)
        cells: dict[tuple[dt.date, dt.date | None], _Cell] = {}
        undated: dict[object, list[Claim]] = {}
        for claim in claims:
            if claim.as_of is None:
                undated.setdefault(claim.source, []).append(claim)
            else:
                key = (claim.as_of, claim.since)
                cells.setdefault(key, _Cell(claim.as_of, claim.since, [])).claims.append(claim)
        if len(cells) > CELL_LIMIT or CELL_COST * len(cells) ** 2 >= len(claims) ** 2 // 2:
            # Many dates (disagreements are few per claim), or about a claim per cell (the
            # pairs of cells cost more than the pairs): judge the candidates found.
            self._judge_pairs(claims, candidate_pairs(claims))
            return
        for same_source in undated.values():  # only an undated source's own claims compare
            for index, first in enumerate(same_source):
                for second in same_source[index + 1 :]:
                    self._count("pair")
                    self.enumerated.append(
                        compare_pair(self.ledger, first, second, with_pace=False)
                    )
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
        self.ends = {id(cell): CellEnds(cell.claims, self.bounds) for cell in self.cells}
        for cell in self.cells:
            self._probe_cell(cell)
        self._take_back_restatements([c for c in claims if c.as_of is not None])

    def _judge_pairs(self, claims: list[Claim], pairs: Iterable[Iterable[Claim]]) -> None:
        """Each pair by ``pair_tally.judge`` (the earlier in the file first, as the
        pairwise rule takes them): counted for both claims when they disagree; a claim
        and its restatement never do."""
        ledger, tallies, minus_position = self.ledger, self.tallies, self.minus_position
        items = {
            c: Item(
                c, -minus_position[c], self.bounds[c], ledger.statement(c), True, c.as_of, c.since
            )
            for c in claims
        }
        count_unit, counter = self.count_unit, self.counter
        for pair in pairs:
            if counter is not None:
                counter("pair")
            first, second = pair
            a, b = items[first], items[second]
            if a.root is b.root:
                continue
            if b.position < a.position:
                a, b = b, a
            verdict, gap = judge(a, b, count_unit)
            if verdict in (CONFLICT, TENSION):
                kind = Verdict.CONFLICT if verdict == CONFLICT else Verdict.TENSION
                order = -gap
                for me, other in ((a, b), (b, a)):
                    tally = tallies.get(me.claim)
                    if tally is None:
                        tally = tallies[me.claim] = _Tally()
                    tally.add(kind, (order, other.position, other.claim.id))

    def _count(self, step: str) -> None:
        if self.counter is not None:
            self.counter(step)

    def _probe_cell(self, cell: _Cell) -> None:
        """Every claim of ``cell`` against every cell: counted by bisection, a cell at a
        time, and the farthest kept as candidates (only those that beat the ones kept)."""
        own_bounds = [self.bounds[c] for c in cell.claims]
        probes = _Probes(
            [self.tallies.setdefault(c, _Tally()) for c in cell.claims],
            [self.limit + self.mates.get(c, 0) for c in cell.claims],
            own_bounds,
        )
        for other in self.cells:
            plan = self._plan(cell, other)
            if plan is None:
                continue
            probe_scale, other_scale, kind = plan
            self._count("cell pair")
            other_ends = self.ends[id(other)]
            own, ends = other_ends.own, other_ends.times(other_scale)
            bounds = (
                own_bounds if probe_scale == 1.0 else [scaled(b, probe_scale) for b in own_bounds]
            )
            spans = _Spans(len(other.claims), ends, bounds)
            if kind != "rate" and other.start != cell.start:
                spans.by_windows(other_is_longer=other.start < cell.start)
            if kind in ("carried", "nested"):
                later_is_other = other.day > cell.day
                earlier, later = (cell, other) if later_is_other else (other, cell)
                if _nested(later, earlier):
                    spans.nested(own, own_bounds, other_is_later=later_is_other)
                    if other_scale != 1.0:
                        slice_of = ends.high_apart if later_is_other else ends.low_apart
                        end = 1 if later_is_other else 0
                        spans.nested_as_stated([self.bounds[c][end] for c in slice_of.claims])
            verdict = Verdict.CONFLICT if kind == "day" else Verdict.TENSION
            self._tally_spans(probes, spans, verdict, carried=kind != "nested")

    def _tally_spans(
        self, probes: _Probes, spans: _Spans, verdict: Verdict, *, carried: bool
    ) -> None:
        """Add each probe's counts from the spans, and keep its farthest candidates."""
        size, ends = spans.size, spans.ends
        top_values, bottom_values = ends.low_apart.values, ends.high_apart.values
        walk = spans.skip_nested
        for index, tally in enumerate(probes.tallies):
            bounds = spans.bounds[index]
            top_start = spans.above_at[index]
            top_stop = size if spans.upper is None else spans.upper[index]
            bottom_start = 0 if spans.lower is None else spans.lower[index]
            bottom_stop = spans.below_at[index]
            wanted = probes.wanted[index]
            above, below = self._nested_conflicts(tally, spans, probes, index)
            if not carried:
                continue
            # The nested conflicts are in the carried slices: cut off their ends, or where
            # the carried order mixed them in, walked past.
            skip_above: tuple[ThresholdWalk, float] | None = None
            skip_below: tuple[ThresholdWalk, float] | None = None
            count = 0
            if walk is None:
                top_stop -= above
                bottom_start += below
            else:
                count = -(above + below)
                if above:
                    skip_above = (walk, probes.own[index][1])
                if below:
                    skip_below = (walk, probes.own[index][0])
            heap = tally.conflict_heap if verdict is Verdict.CONFLICT else tally.tension_heap
            full = len(heap) >= wanted
            if top_stop > top_start:
                count += top_stop - top_start
                value = top_values[top_stop - 1]  # the farthest above: is it kept?
                if not full or (value > 0 and (value - bounds[1]) / value >= heap[0][0]):
                    span = (top_start, top_stop, True)
                    self._keep(heap, ends.low_apart, span, bounds, wanted, skip=skip_above)
            if bottom_stop > bottom_start:
                count += bottom_stop - bottom_start
                low = bounds[0]
                value = bottom_values[bottom_start]
                if not full or (low > 0 and (low - value) / low >= heap[0][0]):
                    span = (bottom_start, bottom_stop, False)
                    self._keep(heap, ends.high_apart, span, bounds, wanted, skip=skip_below)
            if verdict is Verdict.CONFLICT:
                tally.conflicts += count
            else:
                tally.tensions += count

    def _nested_conflicts(
        self, tally: _Tally, spans: _Spans, probes: _Probes, index: int
    ) -> tuple[int, int]:
        """The probe's conflicts by a nested window, counted and the farthest kept: how
        many of the other cell's claims are stated above it, and how many below."""
        size, own = spans.size, spans.own
        probe, wanted = probes.own[index], probes.wanted[index]
        above = below = 0
        if spans.nested_above is not None:
            cut = spans.nested_above[index]
            if cut < size:
                above = size - cut
                assert own is not None
                span = (cut, size, True)
                self._keep(tally.conflict_heap, own.low_plain, span, probe, wanted)
        if spans.nested_below is not None:
            cut = spans.nested_below[index]
            if cut > 0:
                below = cut
                assert own is not None
                span = (0, cut, False)
                self._keep(tally.conflict_heap, own.high_plain, span, probe, wanted)
        tally.conflicts += above + below
        return above, below

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

    def _keep(
        self,
        heap: list[tuple[float, int, str]],
        sorted_: Sorted,
        span: tuple[int, int, bool],
        bounds: Bounds,
        wanted: int,
        *,
        skip: tuple[ThresholdWalk, float] | None = None,
    ) -> None:
        """The claims of a slice farthest from ``bounds`` (by relative gap, from its far
        end) that beat the ``wanted`` kept so far: a heap of the worst first. ``skip``:
        only the claims whose own end is on the probe's side of it (the rest conflict by
        a nested window, and are kept apart)."""
        start, stop, top = span
        values, stated, claims = sorted_.values, sorted_.stated, sorted_.claims
        low, high = bounds[0], bounds[1]
        indices: Iterable[int]
        if skip is not None:
            walk, threshold = skip
            indices = (
                walk.down_at_most(start, stop, threshold)
                if top
                else walk.up_at_least(start, stop, threshold)
            )
        else:
            indices = range(stop - 1, start - 1, -1) if top else range(start, stop)
        # The gap is the stated end's; the slice is in the order of the ends moved one
        # step inwards where excluded, and no end further in is stated beyond this one's
        # moved end: the gap from it bounds the rest of the slice.
        for index in indices:
            end, moved = stated[index], values[index]
            if top:
                gap = (end - high) / end if end > 0 else -1.0
                bound = gap if moved == end else (moved - high) / moved if moved > 0 else -1.0
            else:
                gap = (low - end) / low if low > 0 else -1.0
                bound = gap if moved == end else (low - moved) / low if low > 0 else -1.0
            full = len(heap) >= wanted
            if full and bound < heap[0][0]:
                break  # the rest of the slice is farther in and no better
            if full and gap < heap[0][0]:
                continue
            self._count("candidate")
            claim = claims[index]
            entry = (gap, self.minus_position[claim], claim.id)
            if not full:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
            elif moved == end:
                break  # a tie, later in the file: so are the rest of the tie

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
                    for heap in (tally.conflict_heap, tally.tension_heap):
                        heap[:] = [entry for entry in heap if entry[2] not in ids]
                        heapq.heapify(heap)


def _nested(later: _Cell, earlier: _Cell) -> bool:
    """The later count's window holds the earlier one's (an unstated start is the flow's)."""
    return later.since is None or (earlier.since is not None and later.since <= earlier.since)
