"""Every verdict of every pair of a quantity's dated claims, counted a cell at a time.

The claims of one quantity, kind and unit are put in cells, one per (as_of, since) (an
undated claim in one per source and since: only a source's own undated claims compare).
Between two cells ``compare_dated`` applies one rule to every pair: which side is carried
and by what factor, which window is the longer, whether the later window holds the
earlier. So, with the other cell's claims sorted by their ends (as carried), each claim's
pairs with that cell are counted by bisection:

- disjoint: those above it (low end past its high end) and below it;
- of those, consistent because the longer window holds the larger count, on one day or
  once carried (the claims past its far end, as compared);
- conflicts at any pace: an earlier count above a later one whose window holds its own
  (as stated, before any carrying);
- agree: overlapping where both are bounded on both sides (the overlaps among the
  two-sided claims); the other overlaps are consistent;
- and no rule at all (different days, no rate either way, windows not nested): cannot be
  compared.

Claims with one interval are probed once for all. The largest gaps of each verdict are
taken from the far ends of the slices into one ``Kept`` per quantity and verdict, which
stops a slice at the first claim that cannot beat what is kept; claims of a run of equal
ends are sorted so that the one ``reconcile`` lists first comes first. For the bottom
line, each claim of a statement of several claims also gives its slices, as ranges of
the cell's claims (``statement_pairs``). The work is about the claims times the cells.

An end is sorted with its exclusion, (low, excluded) and (high, included), so that ends
that touch and are not both included fall apart by bisection, as ``Interval.overlaps``
says; carrying by a factor keeps that order unless it rounds ends into one, and a view
that lost it is sorted again (its slices are then read claim by claim).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from shellcount.analysis.pair_tally import (
    AGREE,
    CANNOT,
    CONFLICT,
    CONSISTENT,
    TENSION,
    Bounds,
    Counter,
    Item,
    Kept,
    Quantity,
    scaled,
    two_sided,
)
from shellcount.analysis.rates import carry_factor
from shellcount.analysis.statement_pairs import StatementPairs
from shellcount.ledger.model import Source
from shellcount.record import record

_EARLIEST = dt.date.min  # an unstated start is the flow's: before any other
LowKey = tuple[float, bool]  # (low, low excluded): sorted so that "above" is a suffix
HighKey = tuple[float, bool]  # (high, high not excluded): so that "below" is a prefix


class Kind(enum.Enum):
    """The rule between the claims of two cells."""

    DAY = "day"  # one day (or both undated, of one source): a disjoint pair conflicts
    RATE = "rate"  # rates or shares on different days: a disjoint pair is a tension
    CARRIED = "carried"  # one side carried at its rate: disjoint is a tension
    NESTED = "nested"  # no rate either way, the later window holding the earlier


@record
class Plan:
    """How the claims of a probing cell meet those of another."""

    probe_scale: float
    other_scale: float
    kind: Kind
    nested: bool  # the later window holds the earlier: a later count below conflicts
    other_is_earlier: bool
    windowed: bool  # windows of different starts
    other_is_longer: bool


@record(slots=True)
class Sorted:
    """A cell's claims sorted by one end: the claims, their keys, the ends themselves."""

    order: list[Item]
    keys: list[LowKey]  # (low, low excluded) or (high, high not excluded)
    plain: list[float]
    aligned: bool  # in the order of the cell as stated (its ranges are the cell's)


@record(slots=True)
class View:
    """A cell's claims carried by one factor, sorted by each end."""

    low: Sorted
    high: Sorted
    low_keys2: list[LowKey]  # the two-sided claims only
    high_keys2: list[HighKey]

    @property
    def size(self) -> int:
        return len(self.low.keys)


@record(slots=True)
class Group:
    """The claims of a cell with one interval, by position: probed once."""

    bounds: Bounds
    members: list[Item]


class Cell:
    """The claims of one date and start (or of one source, undated, and start)."""

    def __init__(
        self, index: int, day: dt.date | None, since: dt.date | None, source: Source | None
    ) -> None:
        self.index = index
        self.day = day
        self.since = since
        self.source = source  # an undated cell's: only its own claims compare with it
        self.start = since or _EARLIEST
        self.items: list[Item] = []

    def close(self) -> None:
        """Sort the claims and set what the probes need."""
        items = self.items
        for local, item in enumerate(items):
            item.cell, item.local = self, local
        self.base = _view(items, [item.bounds for item in items], None)
        groups: dict[Bounds, list[Item]] = {}
        for item in items:
            groups.setdefault(item.bounds, []).append(item)
        self.groups = [Group(bounds, members) for bounds, members in groups.items()]
        self.multi = [item for item in items if not item.single]
        self.distinct_low = len(set(self.base.low.keys))
        self.distinct_high = len(set(self.base.high.keys))
        # Where each range of the sorted claims starts among the single claims and among
        # the others (with the masks of the others), for the statement pairs.
        self.singles_low, self.multi_low, self.masks_low = _prefixes(self.base.low.order)
        self.singles_high, self.multi_high, self.masks_high = _prefixes(self.base.high.order)
        rank = 0
        for item in self.base.low.order:
            if item.single:
                item.low_rank, rank = rank, rank + 1
        self.points = [0] * rank
        rank = 0
        for item in self.base.high.order:
            if item.single:
                item.high_rank, rank = rank, rank + 1
                self.points[item.low_rank] = item.high_rank

    @property
    def size(self) -> int:
        return len(self.items)


def _prefixes(order: list[Item]) -> tuple[list[int], list[int], list[int]]:
    singles, multi, masks = [0], [0], [0]
    for item in order:
        if item.single:
            singles.append(singles[-1] + 1)
            multi.append(multi[-1])
        else:
            singles.append(singles[-1])
            multi.append(multi[-1] + 1)
            masks.append(masks[-1] | item.bit)
    return singles, multi, masks


def _view(items: list[Item], bounds: list[Bounds], cell: Cell | None) -> View:
    """``items`` (in cell order) with the given carried ``bounds``: sorted by each end, in
    the cell's order as stated when carrying keeps it (it nearly always does)."""
    low = _sorted(items, bounds, cell, high=False)
    high = _sorted(items, bounds, cell, high=True)
    return View(
        low,
        high,
        [k for k, it in zip(low.keys, low.order, strict=True) if two_sided(bounds[it.local])],
        [k for k, it in zip(high.keys, high.order, strict=True) if two_sided(bounds[it.local])],
    )


def _sorted(items: list[Item], bounds: list[Bounds], cell: Cell | None, *, high: bool) -> Sorted:
    key = _high_key if high else _low_key
    if cell is not None:
        base = cell.base.high if high else cell.base.low
        keys = [key(bounds[item.local]) for item in base.order]
        distinct = cell.distinct_high if high else cell.distinct_low
        # Carrying by a positive factor keeps the order of the ends, unless it rounds two
        # of them into one (or the factor is zero): then sort again.
        if len(set(keys)) == distinct and _ascending(keys):
            return Sorted(base.order, keys, [k[0] for k in keys], True)
    if high:
        order = sorted(
            items, key=lambda it: (bounds[it.local][1], not bounds[it.local][3], it.position)
        )
    else:
        # Equal low ends: the latest first, so that from the top the earliest comes first.
        order = sorted(
            items, key=lambda it: (bounds[it.local][0], bounds[it.local][2], -it.position)
        )
    keys = [key(bounds[item.local]) for item in order]
    return Sorted(order, keys, [k[0] for k in keys], cell is None)


def _low_key(bounds: Bounds) -> LowKey:
    return (bounds[0], bounds[2])


def _high_key(bounds: Bounds) -> HighKey:
    return (bounds[1], not bounds[3])


def _ascending(keys: list[LowKey]) -> bool:
    return all(a <= b for a, b in itertools.pairwise(keys))


@record(slots=True)
class _Spans:
    """Where one probe falls in a view: the disjoint claims above (``above_at:``) and
    below (``:below_at``), the windows' cut of them, the nested conflicts."""

    above_at: int
    below_at: int
    top_stop: int  # the claims above from here are consistent by the windows
    bottom_start: int  # and the claims below before here
    windows: int
    nested: int


class CellCounter:
    """The cells of one quantity, kind and unit: counts by verdict, the kept
    disagreements, and the statement pairs' ranges."""

    def __init__(
        self,
        quantity: Quantity,
        items: list[Item],
        count_unit: bool,
        statement_pairs: dict[int, StatementPairs],
        counter: Counter | None,
    ) -> None:
        self.quantity = quantity
        self.count_unit = count_unit
        self.statement_pairs = statement_pairs
        self.counter = counter
        cells: dict[tuple[dt.date | None, dt.date | None, Source | None], Cell] = {}
        for item in items:
            claim = item.claim
            key = (claim.as_of, claim.since, claim.source if claim.as_of is None else None)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = Cell(len(cells), claim.as_of, claim.since, key[2])
            cell.items.append(item)
        self.cells = list(cells.values())
        for cell in self.cells:
            cell.close()

    def run(self) -> None:
        for target in self.cells:
            views: dict[float, View] = {1.0: target.base}
            for probe in self.cells:
                counted = probe.index <= target.index  # each pair of cells counted once
                plan = self._plan(probe, target)
                if plan is None:
                    if counted:
                        self._count("cell pair")
                        pairs = (
                            probe.size * (probe.size - 1) // 2
                            if probe is target
                            else probe.size * target.size
                        )
                        self.quantity.counts[CANNOT] += pairs
                    continue
                view = views.get(plan.other_scale)
                if view is None:
                    carried = [scaled(item.bounds, plan.other_scale) for item in target.items]
                    view = views[plan.other_scale] = _view(target.items, carried, target)
                if counted:
                    self._count("cell pair")
                    self._count_pair(probe, target, view, plan)
                for item in probe.multi:
                    self._count("strips")
                    self._strips(item, target, view, plan)
            for statement_pairs in self.statement_pairs.values():
                statement_pairs.close_cell(target, target.points)

    def _count(self, step: str) -> None:
        if self.counter is not None:
            self.counter(step)

    def _plan(self, probe: Cell, other: Cell) -> Plan | None:
        """``compare_dated``'s rule between the two cells' claims; None: cannot compare."""
        if probe.day is None or other.day is None:
            same_source = probe.day is None and other.day is None
            if not same_source or probe.source is not other.source:
                return None
            return self._plain(probe, other, Kind.DAY)
        if probe.day == other.day:
            return self._plain(probe, other, Kind.DAY)
        if not self.count_unit:
            return Plan(1.0, 1.0, Kind.RATE, False, other.day < probe.day, False, False)
        other_is_earlier = other.day < probe.day
        earlier, later = (other, probe) if other_is_earlier else (probe, other)
        nested = later.since is None or (earlier.since is not None and later.since <= earlier.since)
        assert earlier.day is not None
        assert later.day is not None
        windowed = probe.start != other.start
        longer = other.start < probe.start
        factor = carry_factor(earlier.since, earlier.day, later.day)
        moved = earlier
        if factor is None:
            factor = carry_factor(later.since, later.day, earlier.day)
            moved = later
        if factor is None:
            if not nested:
                return None
            return Plan(1.0, 1.0, Kind.NESTED, True, other_is_earlier, False, False)
        probe_scale, other_scale = (factor, 1.0) if moved is probe else (1.0, factor)
        kind = Kind.CARRIED
        return Plan(probe_scale, other_scale, kind, nested, other_is_earlier, windowed, longer)

    @staticmethod
    def _plain(probe: Cell, other: Cell, kind: Kind) -> Plan:
        windowed = probe.start != other.start
        return Plan(1.0, 1.0, kind, False, False, windowed, other.start < probe.start)

    def _spans(self, carried: Bounds, own: Bounds, view: View, other: Cell, plan: Plan) -> _Spans:
        size = view.size
        above_at = bisect_left(view.low.keys, (carried[1], not carried[3]))
        below_at = bisect_right(view.high.keys, (carried[0], carried[2]))
        top_stop, bottom_start, windows = size, 0, 0
        if plan.windowed:
            # The count over the longer window may be the larger: both then hold.
            if plan.other_is_longer:
                top_stop = bisect_right(view.low.plain, carried[1])
                windows = size - top_stop
            else:
                bottom_start = bisect_left(view.high.plain, carried[0])
                windows = bottom_start
        nested = 0
        if plan.nested:
            base = other.base
            if plan.other_is_earlier:  # earlier counts above this later one, as stated
                nested = size - bisect_right(base.low.plain, own[1])
            else:
                nested = bisect_left(base.high.plain, own[0])
        return _Spans(above_at, below_at, top_stop, bottom_start, windows, nested)

    def _count_pair(self, probe: Cell, other: Cell, view: View, plan: Plan) -> None:
        """Every pair of the two cells (each once, a cell with itself too) by verdict,
        and the largest disagreements offered to what is kept."""
        same = probe is other
        size = other.size
        counts = [0] * 6
        kind = plan.kind
        for group in probe.groups:
            self._count("group")
            carried = scaled(group.bounds, plan.probe_scale)
            spans = self._spans(carried, group.bounds, view, other, plan)
            disjoint = size - spans.above_at + spans.below_at
            total = size - 1 if same else size
            overlap = total - disjoint
            agree = 0
            if two_sided(carried):
                size2 = len(view.low_keys2)
                disjoint2 = size2 - bisect_left(view.low_keys2, (carried[1], not carried[3]))
                disjoint2 += bisect_right(view.high_keys2, (carried[0], carried[2]))
                agree = size2 - (1 if same else 0) - disjoint2
            weight = len(group.members)
            if kind is Kind.NESTED:
                counts[CONFLICT] += weight * spans.nested
                counts[CONSISTENT] += weight * (total - spans.nested)
            else:
                counts[AGREE] += weight * agree
                counts[CONSISTENT] += weight * (spans.windows + overlap - agree)
                if kind is Kind.DAY:
                    counts[CONFLICT] += weight * (disjoint - spans.windows)
                elif kind is Kind.RATE:
                    counts[TENSION] += weight * disjoint
                else:
                    counts[CONFLICT] += weight * spans.nested
                    counts[TENSION] += weight * (disjoint - spans.windows - spans.nested)
            self._keep(group, carried, spans, view, other=other, plan=plan)
        if same:
            assert all(count % 2 == 0 for count in counts), counts
            counts = [count // 2 for count in counts]
        for verdict, count in enumerate(counts):
            self.quantity.counts[verdict] += count
        self.statement_pairs[CONFLICT].cells_pairs += counts[CONFLICT]
        self.statement_pairs[TENSION].cells_pairs += counts[TENSION]

    def _ranges(
        self, own: Bounds, spans: _Spans, view: View, other: Cell, plan: Plan
    ) -> list[tuple[int, str, int, int, Callable[[Item], bool] | None]]:
        """The slices of a probe's disagreements: (verdict, side, start, stop, skip), a side
        being "low" or "high" of the view or "base low" and "base high" as stated; skip:
        the nested conflicts to leave out of a tension slice not in the cell's order."""
        size = view.size
        found: list[tuple[int, str, int, int, Callable[[Item], bool] | None]] = []
        kind = plan.kind
        if kind is Kind.DAY or kind is Kind.RATE:
            verdict = CONFLICT if kind is Kind.DAY else TENSION
            found.append((verdict, "low", spans.above_at, spans.top_stop, None))
            found.append((verdict, "high", spans.bottom_start, spans.below_at, None))
            return found
        if spans.nested:
            if plan.other_is_earlier:
                found.append((CONFLICT, "base low", size - spans.nested, size, None))
            else:
                found.append((CONFLICT, "base high", 0, spans.nested, None))
        if kind is Kind.NESTED:
            return found
        top_stop, bottom_start = spans.top_stop, spans.bottom_start
        skip_low: Callable[[Item], bool] | None = None
        skip_high: Callable[[Item], bool] | None = None
        if spans.nested and plan.other_is_earlier:
            if view.low.aligned:
                top_stop -= spans.nested  # the nested conflicts are the top of the slice
            else:
                skip_low = lambda item: item.bounds[0] > own[1]  # noqa: E731
        elif spans.nested:
            if view.high.aligned:
                bottom_start += spans.nested
            else:
                skip_high = lambda item: item.bounds[1] < own[0]  # noqa: E731
        found.append((TENSION, "low", spans.above_at, top_stop, skip_low))
        found.append((TENSION, "high", bottom_start, spans.below_at, skip_high))
        return found

    def _keep(
        self, group: Group, carried: Bounds, spans: _Spans, view: View, *, other: Cell, plan: Plan
    ) -> None:
        for verdict, side, start, stop, skip in self._ranges(
            group.bounds, spans, view, other, plan
        ):
            if stop <= start:
                continue
            kept = self.quantity.kept(verdict)
            above = side in ("low", "base low")
            if side.startswith("base"):
                ends, end = other.base.low if above else other.base.high, group.bounds
            else:
                ends, end = view.low if above else view.high, carried
            self._scan(
                kept, ends, start, stop, above=above, end=end[1] if above else end[0],
                members=group.members, skip=skip,
            )  # fmt: skip

    def _scan(
        self,
        kept: Kept,
        ends: Sorted,
        start: int,
        stop: int,
        *,
        above: bool,
        end: float,
        members: list[Item],
        skip: Callable[[Item], bool] | None,
    ) -> None:
        """Offer the slice's pairs with ``members`` from its far end (the largest relative
        gap: the top of the claims above, the bottom of those below) until one cannot be
        kept. ``end``: the probe's near end (its high end against those above)."""
        order, keys, plain = ends.order, ends.keys, ends.plain
        group = self.quantity.group
        first = members[0]
        index = stop - 1 if above else start
        while start <= index < stop:
            value = plain[index]
            if above:
                gap = (value - end) / value if value > 0 else -1.0
            else:
                gap = (end - value) / end if end > 0 else -1.0
            floor = kept.floor()
            # Gaps only shrink inwards (a hair of rounding allowed): nothing further in
            # can be kept.
            if gap < floor - abs(floor) * 1e-12:
                break
            item = order[index]
            if skip is not None and skip(item):
                index += -1 if above else 1
                continue
            first_failed = False
            for member in members:  # by position: the first ranks first in a tie
                if member.root is item.root:
                    continue  # one statement: never a disagreement
                a, b = (member, item) if member.position < item.position else (item, member)
                order_ = (0, -group, -a.position, -b.position)
                if kept.offer(gap, order_, (a.claim, b.claim)):
                    continue
                first_failed = member is first
                break
            if first_failed:
                # The rest of this run of equal ends has the same gap and comes later in
                # reconcile's list: none of it can be kept.
                if above:
                    index = bisect_left(keys, keys[index], start, index) - 1
                else:
                    index = bisect_right(keys, keys[index], index, stop)
            else:
                index += -1 if above else 1

    def _strips(self, item: Item, other: Cell, view: View, plan: Plan) -> None:
        """A claim of a statement of several claims: its disagreements with ``other``'s
        claims, as ranges of them, for the statement pairs."""
        carried = scaled(item.bounds, plan.probe_scale)
        spans = self._spans(carried, item.bounds, view, other, plan)
        size = other.size
        for verdict, side, start, stop, skip in self._ranges(item.bounds, spans, view, other, plan):
            if stop <= start:
                continue
            pairs = self.statement_pairs[verdict]
            hits = pairs.hits(item.root)
            low_side = side in ("low", "base low")
            aligned = side.startswith("base") or (view.low if low_side else view.high).aligned
            if skip is None and (aligned or (start == 0 and stop == size)):
                if low_side:
                    singles, multi, masks = other.singles_low, other.multi_low, other.masks_low
                else:
                    singles, multi, masks = other.singles_high, other.multi_high, other.masks_high
                first, last = singles[start], singles[stop]
                pairs.cells_with_single += last - first
                (hits.low if low_side else hits.high).append((first, last))
                first, last = multi[start], multi[stop]
                pairs.cells_with_larger += last - first
                pairs.add_mask(item.root, masks[last] ^ masks[first])
                continue
            order = (view.low if low_side else view.high).order
            mask = 0
            for hit in order[start:stop]:  # not in the cell's order: one by one
                if skip is not None and skip(hit):
                    continue
                if hit.single:
                    pairs.cells_with_single += 1
                    hits.listed.add(hit)
                else:
                    pairs.cells_with_larger += 1
                    mask |= hit.bit
            pairs.add_mask(item.root, mask)
