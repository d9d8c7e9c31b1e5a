"""What ``shellcount reconcile`` reports without ``--all``: how many pairs of each verdict
there are on each quantity, the disagreements that need an eye, and the pairs of
statements that disagree, without judging every pair.

``reconcile`` judges every pair of claims on a quantity; on thousands of claims on a few
dates that is the square of the claims. Here the same facts are found without it:

- the pairs of a quantity with few cells (dates and starts) are counted a cell at a time
  (``verdict_cells``), each verdict by bisection, and the disagreements with the largest
  relative gaps taken from the far ends of sorted slices into one ``Kept`` per quantity
  and verdict, which stops a slice as soon as nothing in it can be kept;
- a quantity with many cells (few claims on each date), a relative claim's checks, and
  claims the cells cannot hold (another unit than their quantity's, an empty interval)
  are judged pair by pair, as are a statement's own claims (``same-statement``);
- the pairs of statements that disagree are counted apart (``statement_pairs``).

Only the listed disagreements become full ``Comparison``s (``compare_pair``). The facts
are the same as those ``verdicts_of`` takes from every pair of ``reconcile``, as the
property tests check; the views word them.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence

from shellcount.analysis.pair_tally import (
    CANNOT,
    CONFLICT,
    INDEX,
    SAME,
    TENSION,
    VERDICTS,
    Counter,
    Item,
    Kept,
    Order,
    Quantity,
    bounds_of,
    is_empty,
    judge,
)
from shellcount.analysis.reconcile import (
    VERDICT_ORDER,
    Comparison,
    Dated,
    Verdict,
    compare_dated,
    compare_pair,
    quantity_groups,
    relative_checks,
)
from shellcount.analysis.statement_pairs import Layout, StatementPairs
from shellcount.analysis.verdict_cells import CellCounter
from shellcount.arithmetic import units
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Claim, Ledger
from shellcount.record import record

LISTED_PER_QUANTITY = 100
"""The conflicts, and the tensions, listed on each quantity (the largest relative gaps
first); the other pairs are counted."""

NAMED = {Verdict.CONFLICT: 5, Verdict.TENSION: 1}
"""How many pairs of statements the bottom line names, the largest disagreement first."""

CELL_LIMIT = 64
"""Above this many cells (dates and starts) on a quantity, its pairs are judged one by one:
few claims share a date there, and the cells would cost as much as the pairs."""

CELL_COST = 4
"""About how many pairs judged one by one cost as much as one pair of cells: a quantity
whose pairs of cells would cost more than its pairs is judged pair by pair."""


@record
class Disagreeing:
    """The pairs of statements between which some pair of claims disagrees one way."""

    pairs: int
    first: tuple[tuple[Comparison, int], ...]
    """The first pairs of statements in listing order (the largest relative gap first),
    each with its first comparison and how many other pairs of their claims (restatements)
    say the same."""


@record
class Verdicts:
    """``reconcile``'s pairs by verdict on each quantity, those listed, and the pairs of
    statements that conflict and that are in tension."""

    counts: dict[tuple[object, ...], dict[Verdict, int]]
    listed: tuple[Comparison, ...]
    conflicts: Disagreeing
    tensions: Disagreeing

    @property
    def totals(self) -> dict[Verdict, int]:
        totals = dict.fromkeys(Verdict, 0)
        for counts in self.counts.values():
            for verdict, count in counts.items():
                totals[verdict] += count
        return totals


def count_verdicts(
    ledger: Ledger,
    measure: str | None = None,
    *,
    limit: int = LISTED_PER_QUANTITY,
    counter: Counter | None = None,
) -> Verdicts:
    """The facts of ``verdicts_of(ledger, reconcile(ledger, measure))``, without judging
    every pair. ``counter`` is called with the name of each step (for tests)."""
    kept = limit
    while True:
        run = _Run(ledger, measure, kept, counter)
        facts = run.facts(limit)
        if facts is not None:
            return facts
        # The kept disagreements hold fewer pairs of statements than the bottom line
        # names (a statement relayed many times fills them): keep more.
        kept *= 8


def verdicts_of(
    ledger: Ledger,
    comparisons: Sequence[Comparison],
    *,
    limit: int = LISTED_PER_QUANTITY,
    show_all: bool = False,
) -> Verdicts:
    """The facts from every comparison of ``reconcile``: what ``--all`` lists, and what
    ``count_verdicts`` must give."""
    counts: dict[tuple[object, ...], dict[Verdict, int]] = {}
    for comparison in comparisons:
        counted = counts.setdefault(comparison.claim_b.quantity, dict.fromkeys(Verdict, 0))
        counted[comparison.verdict] += 1
    order = listing_order(comparisons)
    ordered = sorted(comparisons, key=order)
    listed = ordered if show_all else needing_an_eye(comparisons, order, limit)
    return Verdicts(
        counts,
        tuple(listed),
        _disagreeing(ledger, ordered, Verdict.CONFLICT),
        _disagreeing(ledger, ordered, Verdict.TENSION),
    )


def needing_an_eye(
    comparisons: Sequence[Comparison],
    order: Callable[[Comparison], tuple[int, float, int]],
    limit: int = LISTED_PER_QUANTITY,
) -> list[Comparison]:
    """The conflicts and the tensions with the largest relative gaps, at most ``limit`` of
    each on each quantity, in listing order (ties: the first in ``comparisons``)."""
    kept: dict[tuple[object, Verdict], list[tuple[tuple[float, int], int]]] = {}
    for index, comparison in enumerate(comparisons):
        if comparison.verdict not in (Verdict.CONFLICT, Verdict.TENSION):
            continue
        gap = comparison.gap_relative
        # The heap's first is the one to drop: the smallest gap, the latest found.
        key = (gap if gap is not None else -1.0, -index)
        heap = kept.setdefault((comparison.claim_b.quantity, comparison.verdict), [])
        if len(heap) < limit:
            heapq.heappush(heap, (key, index))
        elif key > heap[0][0]:
            heapq.heapreplace(heap, (key, index))
    chosen = sorted(index for heap in kept.values() for _, index in heap)
    return sorted((comparisons[index] for index in chosen), key=order)


def listing_order(
    comparisons: Sequence[Comparison],
) -> Callable[[Comparison], tuple[int, float, int]]:
    """Verdicts in order (conflicts first), the largest relative gap first within one,
    then quantities in order of first appearance (a stable sort keeps the rest)."""
    first_seen: dict[object, int] = {}
    for comparison in comparisons:
        first_seen.setdefault(comparison.claim_b.quantity, len(first_seen))
    return _order_by(first_seen)


def _order_by(first_seen: dict[object, int]) -> Callable[[Comparison], tuple[int, float, int]]:
    def key(comparison: Comparison) -> tuple[int, float, int]:
        gap = comparison.gap_relative
        return (
            VERDICT_ORDER[comparison.verdict],
            -(gap if gap is not None else -1.0),
            first_seen[comparison.claim_b.quantity],
        )

    return key


def _disagreeing(ledger: Ledger, ordered: Sequence[Comparison], verdict: Verdict) -> Disagreeing:
    """One comparison per pair of statements (the first listed: the largest gap), with
    how many other pairs of their claims (restatements) say the same."""
    first: dict[frozenset[str], list[Comparison]] = {}
    for comparison in ordered:
        if comparison.verdict is verdict:
            first.setdefault(_statements(ledger, comparison), []).append(comparison)
    named = list(first.values())[: NAMED[verdict]]
    return Disagreeing(len(first), tuple((group[0], len(group) - 1) for group in named))


def _statements(ledger: Ledger, comparison: Comparison) -> frozenset[str]:
    return frozenset(ledger.statement(c).id for c in (comparison.claim_a, comparison.claim_b))


class _Run:
    """One count of a ledger's verdicts, keeping ``kept`` disagreements of each verdict
    on each quantity."""

    def __init__(
        self, ledger: Ledger, measure: str | None, kept: int, counter: Counter | None
    ) -> None:
        self.ledger = ledger
        self.counter = counter
        self.groups = quantity_groups(ledger, measure)
        relatives = [
            claim
            for claim in ledger
            if claim.relative_to is not None and (measure is None or claim.measure == measure)
        ]
        taking_part = [claim for claims in self.groups.values() for claim in claims] + relatives
        position = {claim: index for index, claim in enumerate(ledger.claims)}
        members: dict[Claim, list[Claim]] = {}
        for claim in taking_part:
            members.setdefault(ledger.statement(claim), []).append(claim)
        self.members = members
        self.items = {
            claim: Item(
                claim,
                position[claim],
                bounds_of(claim.figure.interval),
                ledger.statement(claim),
                len(members[ledger.statement(claim)]) == 1,
                claim.as_of,
                claim.since,
            )
            for claim in taking_part
        }
        layout = Layout(self.items.values())  # gives each claim of a larger statement its bit
        self.statement_pairs = {verdict: StatementPairs(layout) for verdict in (CONFLICT, TENSION)}
        self.quantities: dict[tuple[object, ...], Quantity] = {}
        self.first_seen: dict[object, int] = {}
        for index, (key, claims) in enumerate(self.groups.items()):
            quantity = Quantity(key, index)
            quantity.conflicts, quantity.tensions = Kept(kept, counter), Kept(kept, counter)
            self.quantities[key] = quantity
            if len(claims) > 1:
                self.first_seen[key] = len(self.first_seen)
        self.relative_counts: dict[frozenset[str], list[int]] = {}
        self._relative(relatives)
        cells: list[CellCounter] = []
        for key, claims in self.groups.items():
            cells += self._quantity(self.quantities[key], claims)
        for counted in cells:  # after every pair judged one by one: those come first
            counted.run()
        self._restatements()

    def _count(self, step: str) -> None:
        if self.counter is not None:
            self.counter(step)

    def _relative(self, relatives: list[Claim]) -> None:
        """A relative claim's checks, as ``reconcile`` lists them (last of all)."""
        sequence = 0
        for claim in relatives:
            for comparison in relative_checks(self.ledger, claim, self.groups):
                self._count("pair")
                sequence += 1
                key = comparison.claim_b.quantity
                self.first_seen.setdefault(key, len(self.first_seen))
                quantity = self.quantities[key]
                verdict = INDEX[comparison.verdict]
                quantity.counts[verdict] += 1
                if verdict not in (CONFLICT, TENSION):
                    continue
                gap = comparison.gap_relative
                order: Order = (-1, -sequence, 0, 0)
                quantity.kept(verdict).offer(-1.0 if gap is None else gap, order, comparison)
                a, b = self.items[comparison.claim_a], self.items[comparison.claim_b]
                self.statement_pairs[verdict].pair(a, b, relative=True)
                statements = _statements(self.ledger, comparison)
                self.relative_counts.setdefault(statements, [0] * 6)[verdict] += 1

    def _quantity(self, quantity: Quantity, claims: list[Claim]) -> list[CellCounter]:
        """A quantity's pairs: across kinds and dimensions cannot be compared; within one,
        by cells when they are few, else (and for what cells cannot hold) one by one."""
        counts = quantity.counts
        found: list[CellCounter] = []
        kinds = [
            [c for c in claims if (c.basis is Basis.CAPACITY) is capacity]
            for capacity in (True, False)
        ]
        counts[CANNOT] += len(kinds[0]) * len(kinds[1])  # a capacity is not a count
        for same_kind in kinds:
            by_dimension: dict[str, list[Claim]] = {}
            for claim in same_kind:
                by_dimension.setdefault(units.dimension(claim.unit), []).append(claim)
            sizes = [len(group) for group in by_dimension.values()]
            counts[CANNOT] += (sum(sizes) ** 2 - sum(size * size for size in sizes)) // 2
            for same_dimension in by_dimension.values():
                counted = self._same_unit(quantity, same_dimension)
                if counted is not None:
                    found.append(counted)
        return found

    def _same_unit(self, quantity: Quantity, claims: list[Claim]) -> CellCounter | None:
        """The claims of one dimension: those of one unit (or units that convert by 1) by
        cells or pair by pair, the others pair by pair with everything."""
        if len(claims) < 2:
            return None
        by_unit: dict[object, int] = {}
        for claim in claims:
            by_unit[claim.unit] = by_unit.get(claim.unit, 0) + 1
        common = [max(by_unit, key=by_unit.__getitem__)]
        for unit in by_unit:
            if unit not in common and all(
                units.factor(unit, other) == 1.0 and units.factor(other, unit) == 1.0
                for other in common
            ):
                common.append(unit)
        items = [self.items[claim] for claim in claims]
        held = {item for item in items if item.claim.unit in common and _cells_can_hold(item)}
        plain = [item for item in items if item in held]
        apart = [item for item in items if item not in held]
        count_unit = units.is_count(claims[0].unit)
        judged: set[Item] = set()
        for item in apart:  # one by one against everything
            judged.add(item)
            for other in items:
                if other not in judged:
                    self._judged(quantity, item, other)
        cells = {
            (c.claim.as_of, c.claim.since, c.claim.source if c.claim.as_of is None else None)
            for c in plain
        }
        pairs = len(plain) * (len(plain) - 1) // 2
        if len(cells) <= CELL_LIMIT and CELL_COST * len(cells) ** 2 < pairs:
            return CellCounter(quantity, plain, count_unit, self.statement_pairs, self.counter)
        self._pairwise(quantity, plain, count_unit)
        return None

    def _pairwise(self, quantity: Quantity, items: list[Item], count_unit: bool) -> None:
        """Every pair of ``items`` (in file order) by ``judge``: the hot loop of a quantity
        with many dates, kept lean."""
        counts, counter, group = quantity.counts, self.counter, quantity.group
        kept = {CONFLICT: quantity.kept(CONFLICT), TENSION: quantity.kept(TENSION)}
        statement_pairs = self.statement_pairs
        for index, a in enumerate(items):
            for b in items[index + 1 :]:
                if counter is not None:
                    counter("pair")
                verdict, gap = judge(a, b, count_unit)
                counts[verdict] += 1
                if verdict <= TENSION and a.root is not b.root:
                    order: Order = (0, -group, -a.position, -b.position)
                    kept[verdict].offer(gap, order, (a.claim, b.claim))
                    statement_pairs[verdict].pair(a, b)

    def _judged(self, quantity: Quantity, first: Item, second: Item) -> None:
        """One pair judged by ``compare_dated`` itself: counted, offered to what is kept,
        and its statements'."""
        self._count("pair")
        a, b = (first, second) if first.position < second.position else (second, first)
        verdict, gap = _compared(a.claim, b.claim)
        quantity.counts[verdict] += 1
        if verdict in (CONFLICT, TENSION) and a.root is not b.root:
            order: Order = (0, -quantity.group, -a.position, -b.position)
            quantity.kept(verdict).offer(gap, order, (a.claim, b.claim))
            self.statement_pairs[verdict].pair(a, b)

    def _restatements(self) -> None:
        """A statement's own claims were counted by their numbers: they are one statement."""
        for key, claims in self.groups.items():
            counts = self.quantities[key].counts
            by_root: dict[Claim, list[Claim]] = {}
            for claim in claims:
                by_root.setdefault(self.ledger.statement(claim), []).append(claim)
            for same in by_root.values():
                for index, first in enumerate(same):
                    for second in same[index + 1 :]:
                        self._count("pair")
                        counts[_raw(first, second)] -= 1
                        counts[SAME] += 1

    def facts(self, limit: int) -> Verdicts | None:
        """The facts, or None when what is kept cannot name the bottom line's pairs."""
        named = {}
        for verdict in (CONFLICT, TENSION):
            found = self._named(verdict)
            if found is None:
                return None
            named[verdict] = found
        listed: list[tuple[tuple[int, float, int, Order], Comparison]] = []
        for quantity in self.quantities.values():
            for verdict in (CONFLICT, TENSION):
                for gap, order, payload in _best(quantity.kept(verdict), limit):
                    comparison = self._comparison(payload)
                    key = (verdict, -gap, self.first_seen[quantity.key], _reconcile_index(order))
                    listed.append((key, comparison))
        listed.sort(key=lambda entry: entry[0])
        counts = {
            quantity.key: {verdict: quantity.counts[INDEX[verdict]] for verdict in Verdict}
            for quantity in self.quantities.values()
            if any(quantity.counts)
        }
        return Verdicts(
            counts,
            tuple(comparison for _, comparison in listed),
            Disagreeing(self.statement_pairs[CONFLICT].count(), named[CONFLICT]),
            Disagreeing(self.statement_pairs[TENSION].count(), named[TENSION]),
        )

    def _named(self, verdict: int) -> tuple[tuple[Comparison, int], ...] | None:
        """The first pairs of statements in listing order, from what is kept: valid up to
        the last kept disagreement of a quantity that has more."""
        wanted = NAMED[VERDICTS[verdict]]
        entries = [
            (-gap, self.first_seen[quantity.key], _reconcile_index(order), quantity, payload)
            for quantity in self.quantities.values()
            for gap, order, payload in quantity.kept(verdict).entries
        ]
        entries.sort(key=lambda entry: entry[:3])
        taken: dict[tuple[object, ...], int] = {}
        first: dict[frozenset[str], Comparison] = {}
        for _, _, _, quantity, payload in entries:
            comparison = self._comparison(payload)
            first.setdefault(_statements(self.ledger, comparison), comparison)
            if len(first) == wanted:
                break
            taken[quantity.key] = taken.get(quantity.key, 0) + 1
            kept = quantity.kept(verdict)
            if taken[quantity.key] == len(kept.entries) < quantity.counts[verdict]:
                return None  # that quantity's next disagreement was not kept
        return tuple(
            (comparison, self._same_pairs(statements, verdict) - 1)
            for statements, comparison in first.items()
        )

    def _same_pairs(self, statements: frozenset[str], verdict: int) -> int:
        """How many comparisons of this verdict there are between two statements."""
        roots = [self.ledger.claim(claim_id) for claim_id in statements]
        found = self.relative_counts.get(statements, [0] * 6)[verdict]
        assert len(roots) == 2
        for one in self.members[roots[0]]:
            for other in self.members[roots[1]]:
                relative = one.relative_to is not None or other.relative_to is not None
                if relative or one.quantity != other.quantity:
                    continue  # counted with the relative checks, or never compared
                self._count("pair")
                a, b = sorted((self.items[one], self.items[other]), key=_position)
                if INDEX[compare_pair(self.ledger, a.claim, b.claim).verdict] == verdict:
                    found += 1
        return found

    def _comparison(self, payload: Comparison | tuple[Claim, Claim]) -> Comparison:
        if isinstance(payload, Comparison):
            return payload
        return compare_pair(self.ledger, *payload)


def _position(item: Item) -> int:
    return item.position


def _best(kept: Kept, limit: int) -> list[tuple[float, Order, Comparison | tuple[Claim, Claim]]]:
    """The ``limit`` kept with the largest gaps, then the earliest."""
    entries = sorted(kept.entries, key=lambda entry: (entry[0], entry[1]), reverse=True)
    return entries[:limit]


def _reconcile_index(order: Order) -> Order:
    """Where a kept comparison stands in ``reconcile``'s list (the order un-negated)."""
    return (-order[0], -order[1], -order[2], -order[3])


def _cells_can_hold(item: Item) -> bool:
    """Whether the cells' bisections read this claim's interval as ``Interval`` would:
    not empty, and ends too far apart for carrying (by a ratio of days) to round them into
    one. (The loader's figures stay far from overflow and underflow.)"""
    low, high = item.bounds[0], item.bounds[1]
    if is_empty(item.bounds) or not math.isfinite(low):
        return False
    return low == high or not math.isfinite(high) or high - low > abs(high) * 1e-9


def _compared(first: Claim, second: Claim) -> tuple[int, float]:
    """``compare_dated`` itself (claims whose units convert by a factor other than 1)."""
    comparison = compare_dated(first, second, Dated.of(first), Dated.of(second), with_pace=False)
    gap = comparison.gap_relative
    return INDEX[comparison.verdict], -1.0 if gap is None else gap


def _raw(first: Claim, second: Claim) -> int:
    """The verdict ``compare_pair`` would give two claims of one quantity were they not
    of one statement: what the counts hold for them until they are taken back."""
    if (first.basis is Basis.CAPACITY) != (second.basis is Basis.CAPACITY):
        return CANNOT
    if first.unit is not second.unit and units.dimension(first.unit) != units.dimension(
        second.unit
    ):
        return CANNOT
    return _compared(first, second)[0]
