"""The Monte Carlo pool's arithmetic: a weighted mixture of uniform ranges and points, its
sorted draws, and the same draws with a claim left out or attributed to a component.

Draws. ``random.Random(seed)``. The N draws of a pool are made already sorted: N + 1
exponential spacings ``-log(1 - random())`` are summed, and their running sums divided by
the total are N sorted uniform draws (Rényi's representation of order statistics); the
mixture's quantile function (the inverse of its piecewise-linear distribution function)
turns each into a draw of the pool, keeping the order. This is the same sample, in
distribution, as drawing N values and sorting them, at a third of the cost. The q-th
percentile is the draw at index ``floor(q × (N − 1) / 100)`` (0-based); low and high are
the smallest and largest draw. Only the draws a summary reads are turned, so one set of
uniforms serves every pool of a sensitivity run (common random numbers).

Leaving components out. The mixture without some components, the others reweighted, is
read off the full mixture's distribution function and those of two of its parts (see
:class:`Reweighted`), so that leaving out each of k statements in turn costs about
k log² k, not k² log k.

Whose draw. A draw made by the quantile function has no component of its own. Each draw
is given one afterwards, with the probability that component had of making that value
(its weighted density there over the mixture's; at a point, its weight over the point's),
by a second stream, ``random.Random("shellcount-pool-components-{seed}")``: the values
are the pool's own, and the pairs (value, component) are distributed as drawing a
component by weight and then a value from it would make them.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from shellcount.record import record

PERCENTILES = (5, 50, 95)


@record
class Draws:
    """The Monte Carlo pool's summary."""

    samples: int
    seed: int
    low: float
    high: float
    percentiles: dict[int, float]


def percentile_index(q: int, samples: int) -> int:
    """``floor(q × (N − 1) / 100)``, in integers so 95 % of 100,001 is exactly 95,000."""
    return q * (samples - 1) // 100


NARROW = 1e-9
"""A range narrower than this share of the mixture's span is drawn as a point at its high
end: its density would be so much larger than the others' that adding and taking it
away again in floats would lose theirs."""


def span_of(ranges: Sequence[tuple[float, float]]) -> float:
    """From the lowest low to the highest high: what ``NARROW`` is a share of."""
    return max(high for _, high in ranges) - min(low for low, _ in ranges) if ranges else 0.0


def densities(
    ranges: Sequence[tuple[float, float]], weights: Sequence[float], span: float | None = None
) -> list[float | None]:
    """Each range's density, or None for one drawn as a point: no width, or too little
    for a density in floats or beside the others (``NARROW`` of ``span``, by default the
    ranges' own), its whole weight at its high end, where its distribution function
    reaches it."""
    if not ranges:
        return []
    narrow = NARROW * (span_of(ranges) if span is None else span)
    found: list[float | None] = []
    for (low, high), weight in zip(ranges, weights, strict=True):
        density = weight / (high - low) if high - low > narrow else math.inf
        found.append(density if math.isfinite(density) else None)
    return found


class Mixture:
    """A mixture of uniform ranges (a range of no width is that value) with weights, and
    its distribution function tabulated at the ranges' ends.

    The distribution function is piecewise linear between the ends of the ranges, with a
    jump at each exact value. One sweep over the ends (sorted) gives the probability
    below each end and up to it; a quantile is then a bisection, so k components cost
    k log k once and log k a quantile.
    """

    def __init__(
        self,
        ranges: Sequence[tuple[float, float]],
        weights: Sequence[float],
        span: float | None = None,
    ) -> None:
        """``span``: what a narrow range is judged against; a part of a larger mixture
        gives the larger one's, so that each range is drawn the same way in both (a
        point in one and a density in the other would not subtract)."""
        self.weight = math.fsum(weights)  # what the levels reach, but for their rounding
        # Where a range's density begins (+) and ends (-): each kept, for the sum below.
        changes: dict[float, list[float]] = {}
        points: dict[float, float] = {}  # exact values and their weight
        self.densities_of = densities(ranges, weights, span)
        for (low, high), weight, density in zip(ranges, weights, self.densities_of, strict=True):
            if density is None:
                points[high] = points.get(high, 0.0) + weight
            else:
                changes.setdefault(low, []).append(density)
                changes.setdefault(high, []).append(-density)
        self.breaks = sorted({*changes, *points})
        # Interleaved: the probability below breaks[j], then up to it (a jump between them).
        self.levels: list[float] = []
        self.densities: list[float] = []  # the density just after each break
        # The density over a segment is the sum of the ranges over it: added as one
        # starts and taken away as it ends. In plain floats a narrow range's large density
        # added and taken away again leaves the others' rounded to its scale (wrong by
        # about the two densities' ratio times 1e-16: 7e-9 for a range 4e-9 of the span);
        # a compensated sum (Neumaier's) keeps what rounding drops, so what is left is
        # theirs to within 1e-16 of it and 1e-32 of the largest.
        density, summed, dropped = 0.0, 0.0, 0.0
        previous, up_to = self.breaks[0], 0.0
        for point in self.breaks:
            below = up_to + density * (point - previous)
            up_to = below + points.get(point, 0.0)
            self.levels += [below, up_to]
            for change in changes.get(point, ()):
                total = summed + change
                if abs(summed) >= abs(change):
                    dropped += (summed - total) + change
                else:
                    dropped += (change - total) + summed
                summed = total
            density = summed + dropped
            self.densities.append(density)
            previous = point

    @property
    def total(self) -> float:
        """The weight of the whole mixture (1 when its weights are normalised)."""
        return self.levels[-1]

    def level(self, x: float, up_to: bool) -> float:
        """The weight below ``x`` (or up to it, with ``up_to``)."""
        breaks = self.breaks
        at = bisect.bisect_left(breaks, x)
        if at < len(breaks) and breaks[at] == x:
            return self.levels[2 * at + up_to]
        if at == 0:
            return 0.0
        if at == len(breaks):
            return self.levels[-1]
        return self.levels[2 * at - 1] + self.densities[at - 1] * (x - breaks[at - 1])

    def quantile(self, u: float) -> float:
        """The least value whose cumulative probability reaches ``u`` (in [0, 1])."""
        return inverse(self.breaks, self.levels, u)[0]


def inverse(breaks: Sequence[float], levels: Sequence[float], target: float) -> tuple[float, int]:
    """The least value where interleaved ``levels`` (below, up to each of ``breaks``)
    reach ``target``, and where it was found: ``2j + 1`` in the jump at ``breaks[j]``,
    ``2j`` on the segment that ends at ``breaks[j]`` (0: the first break)."""
    return value_at(breaks, levels, target, bisect.bisect_left(levels, target))


class Levels(Protocol):
    """Interleaved levels, as a list holds them or as :class:`Reweighted` computes them."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> float: ...


def value_at(breaks: Sequence[float], levels: Levels, target: float, at: int) -> tuple[float, int]:
    """:func:`inverse`, given ``at``, the first of the levels that reaches ``target``."""
    if at >= len(levels):
        return breaks[-1], len(levels) - 1
    index, up_to_it = divmod(at, 2)
    if up_to_it or index == 0:
        return breaks[index], at
    # Within the segment before breaks[index], where the probability grows linearly.
    low_level, high_level = levels[at - 1], levels[at]
    rise = high_level - low_level
    share = (target - low_level) / rise if high_level > low_level else 0.0
    share = min(1.0, max(0.0, share))
    start, end = breaks[index - 1], breaks[index]
    value = min(end, start + share * (end - start))  # the sum may round past the end
    # The least real value that reaches the target may fall between two floats, and the
    # interpolation may round to the lower, whose level is short of it by as much as a
    # float step's share of the segment: all of it on a segment one float wide. The next
    # float up reaches it (the interpolation is within two floats of the exact value).
    for _ in range(2):
        if value >= end or low_level + (value - start) / (end - start) * rise >= target:
            break
        value = math.nextafter(value, math.inf)
    return value, at


def mixture_quantile(
    ranges: Sequence[tuple[float, float]], weights: Sequence[float]
) -> Callable[[float], float]:
    """The inverse of the mixture's distribution function (see :class:`Mixture`)."""
    return Mixture(ranges, weights).quantile


class Reweighted:
    """A mixture with a part taken out and a part rescaled, read off the whole's levels.

    Of a mixture ``whole``, the components of ``group`` keep their weight times ``scale``
    except those of ``removed`` (a part of ``group``), which go; the others stay as they
    are. Its weight up to any x is then ``(whole - group) + scale × (group - removed)``
    at x, three tabulated functions read in log k, and its breaks are among the whole's,
    so a quantile is a bisection over the whole's breaks: log² k, whatever k.

    ``rest_weighs`` and ``group_rest_weighs`` say whether anything with weight is left
    outside ``group`` and in it: when nothing is, that part is exactly 0, not the
    rounding left by a subtraction.
    """

    def __init__(
        self,
        whole: Mixture,
        group: Mixture,
        removed: Mixture,
        scale: float,
        *,
        rest_weighs: bool,
        group_rest_weighs: bool,
    ) -> None:
        self.whole, self.group, self.removed, self.scale = whole, group, removed, scale
        self.rest_weighs, self.group_rest_weighs = rest_weighs, group_rest_weighs
        # Its weight from the components' weights, as a pool drawn afresh is normalised
        # by them: not from the levels, whose rounding a long sweep accumulates.
        rest = whole.weight - group.weight if rest_weighs else 0.0
        in_group = scale * (group.weight - removed.weight) if group_rest_weighs else 0.0
        self.total = rest + in_group

    def weighs(self) -> bool:
        """Whether anything with weight is left to draw from."""
        return (self.rest_weighs or self.group_rest_weighs) and self.total > 0

    def _at(self, index: int) -> float:
        point, up_to = self.whole.breaks[index // 2], bool(index % 2)
        group = self.group.level(point, up_to)
        value = self.whole.levels[index] - group if self.rest_weighs else 0.0
        if self.group_rest_weighs:
            value += self.scale * (group - self.removed.level(point, up_to))
        return value

    def __len__(self) -> int:
        return len(self.whole.levels)

    def __getitem__(self, index: int) -> float:
        return self._at(index)

    def quantile(self, u: float) -> float:
        target = u * self.total
        return value_at(self.whole.breaks, self, target, self._first_reaching(u, target))[0]

    def _first_reaching(self, u: float, target: float) -> int:
        """The first level that reaches ``target``: searched outwards, in steps that
        double, from where the whole reaches ``u`` of its weight (a part taken out moves a
        quantile little), then bisected."""
        levels, at = self.whole.levels, self._at
        count = len(levels)
        guess = bisect.bisect_left(levels, u * self.whole.weight)
        step = 1
        if guess < count and at(guess) >= target:
            low, high = guess - 1, guess  # the answer is in (low, high]
            while low >= 0 and at(low) >= target:
                high, low = low, low - step
                step *= 2
            low = max(low, -1)
        else:
            low, high = guess, guess + 1
            while high < count and at(high) < target:
                low, high = high, high + step
                step *= 2
            high = min(high, count)
        # bisect reads this object as the interleaved levels, one entry at a time.
        return bisect.bisect_left(self, target, low + 1, high)


class OrderStatistics:
    """N sorted uniform draws, for any number of pools drawn with one seed.

    A summary reads a few of them (the smallest, the largest, the percentiles): those
    are kept as the spacings stream past, without a list of a million sums; the list is
    made, from the same seed, only when every draw is read."""

    def __init__(self, samples: int, seed: int) -> None:
        self.samples = samples
        self.seed = seed
        read = {0, samples - 1, *(percentile_index(q, samples) for q in PERCENTILES)}
        self._read: dict[int, float] = {}
        sums, position = self._running_sums(), 0
        for index in sorted(read | {samples}):
            self._read[index] = next(itertools.islice(sums, index - position, None))
            position = index + 1
        self.total = self._read[samples] or -1.0  # all spacings zero has probability 0
        self._every: list[float] | None = None

    def _running_sums(self) -> Iterator[float]:
        """The N + 1 running sums of the spacings, negated: log of (0, 1] is at most 0.
        Drawn, subtracted and logged by ``map`` rather than a loop: the core of a pool's
        cost, in about three quarters of the loop's time."""
        draws = itertools.islice(iter(random.Random(self.seed).random, None), self.samples + 1)
        return itertools.accumulate(map(math.log, map((1.0).__sub__, draws)))

    def uniform(self, index: int) -> float:
        """The ``index``-th smallest of the N uniform draws (0-based)."""
        known = self._read.get(index)
        if known is None:
            if self._every is None:
                self._every = list(self._running_sums())
            known = self._every[index]
        return known / self.total

    def summary(self, quantile: Callable[[float], float]) -> Draws:
        """The pool whose quantile function this is, summarised by its smallest and
        largest draw and the percentiles."""
        samples = self.samples

        def sorted_draw(index: int) -> float:
            return quantile(self.uniform(index))

        return Draws(
            samples,
            self.seed,
            sorted_draw(0),
            sorted_draw(samples - 1),
            {q: sorted_draw(percentile_index(q, samples)) for q in PERCENTILES},
        )

    def every_draw(
        self, ranges: Sequence[tuple[float, float]], weights: Sequence[float]
    ) -> Iterator[tuple[float, int]]:
        """Every draw of the mixture, ascending, with the index of the component it is
        given (see the module's notes): the values :meth:`summary` reads among them."""
        mixture = Mixture(ranges, weights)
        chooser = _Chooser(mixture, ranges, weights, self.seed)
        for index in range(self.samples):
            value, found = inverse(mixture.breaks, mixture.levels, self.uniform(index))
            yield value, chooser.component(found)


class _Chooser:
    """Which component a draw is given, where the quantile function found it: in the
    jump at a break (a point there, by weight) or on a segment (a range over it, by
    weighted density). Draws come ascending, so one sweep over the breaks keeps the
    ranges over the current segment in a sum tree (sums of children, never differences:
    a range that has ended weighs exactly 0)."""

    def __init__(
        self,
        mixture: Mixture,
        ranges: Sequence[tuple[float, float]],
        weights: Sequence[float],
        seed: int,
    ) -> None:
        self.rng = random.Random(f"shellcount-pool-components-{seed}")
        at = {point: index for index, point in enumerate(mixture.breaks)}
        self.points: dict[int, list[tuple[int, float]]] = {}
        self.starts: dict[int, list[int]] = {}
        self.stops: dict[int, list[int]] = {}
        self.density = [0.0] * len(ranges)
        pairs = zip(ranges, weights, mixture.densities_of, strict=True)
        for index, ((low, high), weight, density) in enumerate(pairs):
            if density is None:
                self.points.setdefault(at[high], []).append((index, weight))
            else:
                self.density[index] = density
                self.starts.setdefault(at[low], []).append(index)
                self.stops.setdefault(at[high], []).append(index)
        self.size = 1
        while self.size < max(1, len(ranges)):
            self.size *= 2
        self.tree = [0.0] * (2 * self.size)
        self.swept = 0  # the breaks applied so far: ranges started there are on, ended off

    def component(self, found: int) -> int:
        index, in_jump = divmod(found, 2)
        if in_jump or index == 0 or not self._sweep_to(index - 1):
            return self._point(index)
        return self._descend(self.rng.random() * self.tree[1])

    def _point(self, index: int) -> int:
        """A point at breaks[index] by weight; else (a draw at a break with no point, of
        probability 0) a range ending there, else the nearest component."""
        points = self.points.get(index)
        if points:
            total = sum(weight for _, weight in points)
            pick = self.rng.random() * total
            for component, weight in points:
                pick -= weight
                if pick < 0:
                    return component
            return points[-1][0]
        ending = self.stops.get(index) or self.starts.get(index)
        if ending:
            return ending[0]
        return next(iter(self.stops.get(index - 1) or self.starts.get(index - 1) or [0]))

    def _sweep_to(self, index: int) -> bool:
        """Apply the breaks up to ``index``; whether any range is on after them."""
        while self.swept <= index:
            for component in self.starts.get(self.swept, ()):
                self._set(component, self.density[component])
            for component in self.stops.get(self.swept, ()):
                self._set(component, 0.0)
            self.swept += 1
        return self.tree[1] > 0

    def _set(self, component: int, value: float) -> None:
        node = self.size + component
        self.tree[node] = value
        node //= 2
        while node:
            self.tree[node] = self.tree[2 * node] + self.tree[2 * node + 1]
            node //= 2

    def _descend(self, pick: float) -> int:
        node = 1
        while node < self.size:
            left, right = 2 * node, 2 * node + 1
            if (pick < self.tree[left] or self.tree[right] <= 0) and self.tree[left] > 0:
                node = left
            else:
                pick -= self.tree[left]
                node = right
        return node - self.size
