"""How many pairs of statements conflict (or are in tension), without listing the pairs.

``reconcile``'s bottom line counts the pairs of statements between which some pair of
their claims disagrees: a relay of a figure is one statement with it, so its
disagreements add no pair. Counting claim pairs is not enough, and listing them is
quadratic; here the pairs of statements are counted in three parts:

- two statements of one claim each: the pair of claims itself. The cells count them as
  every disagreeing pair less those with a claim of a larger statement (each such
  claim's disagreements are slices of the cells' sorted claims, counted by bisection);
- a statement of several claims against single claims: the union of its claims' slices
  in each cell, counted as ranges of the cell's claims by low end, ranges by high end,
  less the claims in both (a count of points in rectangles, offline with a Fenwick tree);
- two statements of several claims: a bitmask of their claims per statement, each
  statement's claims side by side in a block, so that the statements hit are its blocks
  with a bit set (a few shifts of one integer).

Pairs judged one by one (a relative claim's checks, quantities with many dates) are
recorded as they are found, and a pair found both ways is counted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from shellcount.analysis.pair_tally import Item
from shellcount.ledger.model import Claim

LARGE = 8
"""A statement with more claims than this has a mask of its own, not a block."""


class Layout:
    """Where each claim of a statement of several claims has its bit."""

    def __init__(self, items: Iterable[Item]) -> None:
        members: dict[Claim, list[Item]] = {}
        for item in items:
            if not item.single:
                members.setdefault(item.root, []).append(item)
        small = [group for group in members.values() if len(group) <= LARGE]
        large = [group for group in members.values() if len(group) > LARGE]
        widest = max((len(group) for group in small), default=1)
        self.block = 1 << (widest - 1).bit_length()  # a power of two at least as wide
        self.starts = 0  # one bit at the start of each block
        self.large: list[int] = []  # the mask of each large statement
        self.own: dict[Claim, int] = {}  # each statement's own bits
        for index, group in enumerate(small):
            start = index * self.block
            self.starts |= 1 << start
            for offset, item in enumerate(group):
                item.bit = 1 << (start + offset)
            self.own[group[0].root] = sum(item.bit for item in group)
        self.small_mask = (1 << (len(small) * self.block)) - 1
        at = len(small) * self.block
        for group in large:
            mask = 0
            for item in group:
                item.bit = 1 << at
                mask |= item.bit
                at += 1
            self.large.append(mask)
            self.own[group[0].root] = mask

    def statements_hit(self, root: Claim, mask: int) -> int:
        """How many statements other than ``root``'s have a claim in ``mask``."""
        mask &= ~self.own[root]
        small = mask & self.small_mask
        shift = 1
        while shift < self.block:
            small |= small >> shift
            shift <<= 1
        hit = (small & self.starts).bit_count()
        return hit + sum(1 for large in self.large if mask & large)


@dataclass
class _Hits:
    """One statement's (of several claims) disagreements of one verdict in one cell."""

    low: list[tuple[int, int]] = field(default_factory=list)  # single-claim ranks by low end
    high: list[tuple[int, int]] = field(default_factory=list)  # and by high end
    # Single claims of a slice not in the cell's order (carrying merged ends), one by one.
    listed: set[Item] = field(default_factory=set)


@dataclass
class StatementPairs:
    """The count of pairs of statements with a disagreement of one verdict."""

    layout: Layout
    cells_pairs: int = 0  # disagreeing pairs found by the cells, each once
    # Of those, the pairs of a claim of a larger statement and a single claim, and the
    # pairs of two claims of larger statements (counted from both sides).
    cells_with_single: int = 0
    cells_with_larger: int = 0
    one_by_one: int = 0  # pairs of two single claims judged one by one
    relative: set[tuple[int, int]] = field(default_factory=set)  # and of a relative claim
    singles: dict[Claim, int] = field(default_factory=dict)  # single claims a statement hits
    met: dict[Claim, set[Item]] = field(default_factory=dict)  # ... found one by one
    masks: dict[Claim, int] = field(default_factory=dict)  # larger statements' claims hit
    cell_hits: dict[Claim, _Hits] = field(default_factory=dict)  # in the cell counted now

    def pair(self, a: Item, b: Item, *, relative: bool = False) -> None:
        """A disagreeing pair judged one by one (a relative claim's pairs may come twice)."""
        if a.single and b.single:
            if relative:
                self.relative.add((a.position, b.position))
            else:
                self.one_by_one += 1
            return
        for me, other in ((a, b), (b, a)):
            if me.single:
                continue
            if other.single:
                self.met.setdefault(me.root, set()).add(other)
            else:
                self.masks[me.root] = self.masks.get(me.root, 0) | other.bit

    def hits(self, root: Claim) -> _Hits:
        found = self.cell_hits.get(root)
        if found is None:
            found = self.cell_hits[root] = _Hits()
        return found

    def add_mask(self, root: Claim, mask: int) -> None:
        if mask:
            self.masks[root] = self.masks.get(root, 0) | mask

    def close_cell(self, cell: object, points: list[int]) -> None:
        """The cell's single claims hit by each larger statement, counted once each:
        ``points[r]`` is the high-end rank of the cell's single claim of low-end rank
        ``r``. A single claim also met one by one is then counted here only."""
        queries: list[tuple[int, int]] = []
        signed: list[tuple[int, Claim]] = []
        for root, hits in self.cell_hits.items():
            low, high = _merged(hits.low), _merged(hits.high)
            count = sum(stop - start for start, stop in low)
            count += sum(stop - start for start, stop in high)
            # Those in a range of each kind were counted twice: rectangles of points.
            for low_start, low_stop in low:
                for high_start, high_stop in high:
                    queries += [
                        (low_stop, high_stop),
                        (low_start, high_stop),
                        (low_stop, high_start),
                        (low_start, high_start),
                    ]
                    signed += [(-1, root), (1, root), (1, root), (-1, root)]
            listed = {item for item in hits.listed if not _within(item, low, high)}
            self.singles[root] = self.singles.get(root, 0) + count + len(listed)
            met = self.met.get(root)
            if met:
                met -= {
                    item
                    for item in met
                    if item.cell is cell and (item in listed or _within(item, low, high))
                }
        for (sign, root), count in zip(signed, _dominated(points, queries), strict=True):
            self.singles[root] += sign * count
        self.cell_hits = {}

    def count(self) -> int:
        assert self.cells_with_larger % 2 == 0
        singles_only = self.cells_pairs - self.cells_with_single - self.cells_with_larger // 2
        larger = sum(self.layout.statements_hit(root, mask) for root, mask in self.masks.items())
        assert larger % 2 == 0
        return (
            singles_only
            + self.one_by_one
            + len(self.relative)
            + sum(self.singles.values())
            + sum(len(met) for met in self.met.values())
            + larger // 2
        )


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            if stop > merged[-1][1]:
                merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    return merged


def _within(item: Item, low: list[tuple[int, int]], high: list[tuple[int, int]]) -> bool:
    return any(a <= item.low_rank < b for a, b in low) or any(
        a <= item.high_rank < b for a, b in high
    )


def _dominated(points: list[int], queries: list[tuple[int, int]]) -> list[int]:
    """For each query (a, b): how many r < a have points[r] < b (offline, a Fenwick tree
    over the high ranks, the points added in low-rank order)."""
    size = len(points)
    tree = [0] * (size + 1)
    answers = [0] * len(queries)
    added = 0
    for index in sorted(range(len(queries)), key=lambda i: queries[i][0]):
        below_low, below_high = queries[index]
        while added < below_low:
            at = points[added] + 1
            while at <= size:
                tree[at] += 1
                at += at & -at
            added += 1
        total, at = 0, below_high
        while at > 0:
            total += tree[at]
            at -= at & -at
        answers[index] = total
    return answers
