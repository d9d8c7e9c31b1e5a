"""The next index whose value is at least (or the previous one at most) a threshold, in
logarithmic time: a walk over a sorted slice that skips the members a rule set aside.

A cell carried by a factor that makes ends meet (0, when a count is carried to the start
of its window) is sorted by the carried ends, ties in file order; the claims that a
nested window already counts as conflicts are then not a prefix of the slice but spread
through its ties. Walking the slice and skipping them one by one would cost a step per
skipped claim, for every probe; a tree of maxima and minima over the claims' own ends
finds each next claim to keep in ``O(log n)`` instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterator


class ThresholdWalk:
    """Over ``values`` (in list order): indices with a value at least, or at most, a
    threshold, walked up or down from a point."""

    def __init__(self, values: list[float]) -> None:
        size = 1
        while size < len(values):
            size *= 2
        self._size = size
        self._length = len(values)
        self._max = [-math.inf] * (2 * size)
        self._min = [math.inf] * (2 * size)
        self._max[size : size + len(values)] = values
        self._min[size : size + len(values)] = values
        for node in range(size - 1, 0, -1):
            self._max[node] = max(self._max[2 * node], self._max[2 * node + 1])
            self._min[node] = min(self._min[2 * node], self._min[2 * node + 1])

    def up_at_least(self, start: int, stop: int, threshold: float) -> Iterator[int]:
        """Each index of ``start:stop`` whose value is at least ``threshold``, rising."""
        index = start
        while index < stop:
            found = self._first_at_least(index, threshold)
            if found is None or found >= stop:
                return
            yield found
            index = found + 1

    def down_at_most(self, start: int, stop: int, threshold: float) -> Iterator[int]:
        """Each index of ``start:stop`` whose value is at most ``threshold``, falling."""
        index = stop - 1
        while index >= start:
            found = self._last_at_most(index, threshold)
            if found is None or found < start:
                return
            yield found
            index = found - 1

    def _first_at_least(self, index: int, threshold: float) -> int | None:
        """The least index from ``index`` on with a value at least ``threshold``."""
        if index >= self._length:
            return None
        node = self._size + index
        if self._max[node] >= threshold:
            return index
        # Up while the subtrees to the right hold nothing large enough, then down.
        while True:
            while node % 2 == 1:  # a right child: its parent's right part is passed
                node //= 2
                if node == 0:
                    return None
            node += 1  # the right sibling
            if self._max[node] >= threshold:
                break
        while node < self._size:
            node = 2 * node if self._max[2 * node] >= threshold else 2 * node + 1
        return node - self._size

    def _last_at_most(self, index: int, threshold: float) -> int | None:
        """The greatest index up to ``index`` with a value at most ``threshold``."""
        if index < 0:
            return None
        node = self._size + index
        if self._min[node] <= threshold:
            return index
        while True:
            while node % 2 == 0:  # a left child: its parent's left part is passed
                node //= 2
                if node <= 1:
                    return None
            node -= 1  # the left sibling
            if self._min[node] <= threshold:
                break
        while node < self._size:
            node = 2 * node + 1 if self._min[2 * node + 1] <= threshold else 2 * node
        return node - self._size
