"""What counting ``reconcile``'s verdicts keeps as it goes, and its one-pair rule.

Each claim taking part is an ``Item``: its interval as plain numbers, its position in the
file and its statement. ``Kept`` holds, for one quantity and one verdict, the disagreements
with the largest relative gaps in ``reconcile``'s own order of ties; ``judge`` is the
pairwise rule of ``reconcile.compare_dated`` on plain numbers, for the pairs that are
judged one by one (it gives the same verdict and relative gap, checked by property tests).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shellcount.analysis.rates import carry_factor
from shellcount.analysis.reconcile import Comparison, Verdict
from shellcount.arithmetic.interval import Interval
from shellcount.ledger.model import Claim

if TYPE_CHECKING:
    from shellcount.analysis.verdict_cells import Cell

Bounds = tuple[float, float, bool, bool]
"""An interval's ends as plain numbers: (low, high, low excluded, high excluded)."""

Counter = Callable[[str], None]
"""Called with the name of each step taken (for tests that count the work)."""

VERDICTS = tuple(Verdict)
INDEX = {verdict: index for index, verdict in enumerate(VERDICTS)}
CONFLICT, TENSION, AGREE, CONSISTENT, SAME, CANNOT = range(6)  # indices into VERDICTS

Order = tuple[int, int, int, int]
"""A comparison's place in ``reconcile``'s list, negated so that the earlier is larger:
(0, -group, -first position, -second position) for a pair of a quantity's claims,
(-1, -sequence, 0, 0) for a relative claim's checks, which ``reconcile`` lists last."""

Payload = tuple[Claim, Claim] | Comparison


@dataclass(eq=False, slots=True)
class Item:
    """One claim as the counting sees it."""

    claim: Claim
    position: int  # in the file
    bounds: Bounds  # its interval, in the unit of its quantity's claims
    root: Claim  # the claim its statement is named by (ledger.statement)
    single: bool  # the only claim of its statement taking part
    as_of: dt.date | None = None  # the claim's own, at hand for the pairs judged one by one
    since: dt.date | None = None
    bit: int = 0  # its bit in the masks of statements of several claims (0: single)
    # Set when it is put in a cell: the cell, its index there, and (a single claim's)
    # ranks among the cell's single claims sorted by low and by high end.
    cell: Cell | None = None
    local: int = -1
    low_rank: int = -1
    high_rank: int = -1


def bounds_of(interval: Interval) -> Bounds:
    return (interval.low, interval.high, interval.low_excluded, interval.high_excluded)


def scaled(bounds: Bounds, factor: float) -> Bounds:
    """``Interval * factor`` on plain numbers: the same ends, the same exclusions (the
    general rule of ``Interval.__mul__`` is called where its shortcut does not apply)."""
    if factor == 1.0:
        return bounds
    low, high, low_excluded, high_excluded = bounds
    if 0 < factor < math.inf:
        if low < high:
            new_low, new_high = low * factor, high * factor
            if new_low < new_high:
                return (new_low, new_high, low_excluded, high_excluded)
        elif low == high and not low_excluded and not high_excluded:
            value = low * factor
            return (value, value, False, False)
    product = Interval(low, high, low_excluded, high_excluded) * factor
    return bounds_of(product)


def overlaps(first: Bounds, second: Bounds) -> bool:
    """``Interval.overlaps`` on plain numbers."""
    if is_empty(first) or is_empty(second):
        return False
    if first[1] < second[0] or second[1] < first[0]:
        return False
    if first[1] == second[0] and (first[3] or second[2]):
        return False
    return not (second[1] == first[0] and (second[3] or first[2]))


def is_empty(bounds: Bounds) -> bool:
    return bounds[0] == bounds[1] and (bounds[2] or bounds[3])


def two_sided(bounds: Bounds) -> bool:
    """Bounded above and not a bare upper bound: an overlap with it can be an agreement
    (``reconcile._one_sided`` of one side, negated)."""
    return bounds[1] != math.inf and bounds[0] > 0


def gap_key(first: Bounds, second: Bounds) -> float:
    """``reconcile._gap``'s relative gap of two disjoint intervals, -1 for none: the key
    the listing sorts by (the largest first, none last)."""
    lower, upper = (first, second) if first[1] <= second[0] else (second, first)
    gap = upper[0] - lower[1]
    return gap / upper[0] if upper[0] > 0 else -1.0


class Kept:
    """The disagreements of one quantity and verdict with the largest relative gaps, then
    the earliest in ``reconcile``'s list: a heap whose first entry is the one to drop."""

    __slots__ = ("counter", "entries", "limit", "members")

    def __init__(self, limit: int, counter: Counter | None) -> None:
        self.limit = limit
        self.entries: list[tuple[float, Order, Payload]] = []
        self.members: set[Order] = set()  # a pair is met from both of its claims' sides
        self.counter = counter

    def offer(self, gap: float, order: Order, payload: Payload) -> bool:
        """Keep the comparison if it beats the one to drop; False: it does not."""
        if self.counter is not None:
            self.counter("candidate")
        entries = self.entries
        if len(entries) >= self.limit:
            worst = entries[0]
            if gap < worst[0] or (gap == worst[0] and order <= worst[1]):
                return False
            if order in self.members:
                return True
            self.members.discard(heapq.heapreplace(entries, (gap, order, payload))[1])
        else:
            if order in self.members:
                return True
            heapq.heappush(entries, (gap, order, payload))
        self.members.add(order)
        return True

    def floor(self) -> float:
        """The relative gap a candidate must reach to be kept (-inf while not full)."""
        return self.entries[0][0] if len(self.entries) >= self.limit else -math.inf


@dataclass
class Quantity:
    """One quantity's counts of pairs by verdict, and the disagreements kept for listing."""

    key: tuple[object, ...]
    group: int  # its place among reconcile's quantity groups
    counts: list[int] = field(default_factory=lambda: [0] * 6)
    conflicts: Kept | None = None
    tensions: Kept | None = None

    def kept(self, verdict: int) -> Kept:
        found = self.conflicts if verdict == CONFLICT else self.tensions
        assert found is not None
        return found


_EARLIEST = dt.date.min


def judge(a: Item, b: Item, count_unit: bool) -> tuple[int, float]:
    """The verdict (an index into VERDICTS) and relative gap key of two claims of one
    quantity, kind and unit, ``a`` first in the file, as ``compare_dated`` judges them;
    the statement they belong to is not looked at (restatements are counted apart)."""
    own_a, own_b = a.bounds, b.bounds
    day_a, day_b = a.as_of, b.as_of
    if day_a is None or day_b is None:
        if day_a is None and day_b is None and a.claim.source is b.claim.source:
            return _one_day(own_a, own_b, a.since, b.since, carried=False)
        return CANNOT, -1.0
    if day_a == day_b:
        return _one_day(own_a, own_b, a.since, b.since, carried=False)
    if not count_unit:
        if overlaps(own_a, own_b):
            return (AGREE if two_sided(own_a) and two_sided(own_b) else CONSISTENT), -1.0
        return TENSION, gap_key(own_a, own_b)
    if day_a < day_b:
        earlier, later, earlier_own, later_own, first, last = a, b, own_a, own_b, day_a, day_b
    else:
        earlier, later, earlier_own, later_own, first, last = b, a, own_b, own_a, day_b, day_a
    nested = later.since is None or (earlier.since is not None and later.since <= earlier.since)
    if nested and later_own[1] < earlier_own[0]:
        return CONFLICT, gap_key(own_a, own_b)
    moved = earlier
    factor = carry_factor(earlier.since, first, last)  # the earlier forward, else the later back
    if factor is None:
        moved = later
        factor = carry_factor(later.since, last, first)
    if factor is None:
        return (CONSISTENT if nested else CANNOT), -1.0
    if moved is a:
        return _one_day(scaled(own_a, factor), own_b, a.since, b.since, carried=True)
    return _one_day(own_a, scaled(own_b, factor), a.since, b.since, carried=True)


def _one_day(
    first: Bounds,
    second: Bounds,
    since_a: dt.date | None,
    since_b: dt.date | None,
    *,
    carried: bool,
) -> tuple[int, float]:
    """``_Sides.judged`` without the rate rule: two amounts read on one day."""
    if overlaps(first, second):
        return (AGREE if two_sided(first) and two_sided(second) else CONSISTENT), -1.0
    gap = gap_key(first, second)
    if since_a != since_b:
        a_longer = since_a is None or (since_b is not None and since_a < since_b)
        longer, shorter = (first, second) if a_longer else (second, first)
        if longer[0] > shorter[1]:
            return CONSISTENT, -1.0
    return (TENSION if carried else CONFLICT), gap
