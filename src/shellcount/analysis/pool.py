"""Pooling: what several claims on one quantity say together, at one date.

Three answers for each quantity (measure, calibre, origin, destination), every claim first
brought to one date:

``intersection``
    The values every claim allows: the highest low to the lowest high. When that is empty
    the claims cannot all be true; the claims with the highest low and those with the
    lowest high are the ones that empty it, and the gap between them says by how much.
``envelope``
    The values any claim allows: the lowest low to the highest high (the hull).
``pool``
    A weighted linear pool, by Monte Carlo: each draw picks a claim with probability its
    weight, then a value from that claim's distribution. Reported as percentiles.

Selection. Claims of the measure asked for (exact), not ``relative_to`` (a percentage of
another claim, not a count of its own) and not ``basis: capacity`` (what containers could
hold is not a count of what was sent) unless capacities are asked for. With a calibre,
only claims of that calibre (within half a millimetre); without, every calibre, each
quantity pooled on its own.

Date. Each claim is carried to the date with :func:`shellcount.analysis.rates.count_at_rate`
(as stated on its own date; elsewhere at its average rate over its own period). A claim
that cannot be carried (undated, no period, or a date before its period starts) is left
out, with the reason.

Distributions (one per hedge; the excluded end of a "fewer than" makes no difference to a
continuous draw):

==============================  ==================================================
interval                        distribution
==============================  ==================================================
exact ``[x, x]``                always ``x``
closed ``[a, b]``               uniform on ``[a, b]`` (about, up to, almost, several,
                                ranges; also the plural scale ``[2 s, 1000 s)``,
                                which is very wide)
open ``[x, open)``              uniform on ``[x, tail × x]``; ``tail`` defaults to 2
                                and must be above 1. An open interval from 0 or below
                                has no scale for a tail: it is not drawn.
==============================  ==================================================

Weights. A statement and its restatements (``restates``) are one statement and carry one
weight; a source's weight is split equally among its statements in the pool (a
statement belongs to the source of the claim it restates), and a statement's weight
among its claims (``--restatements share``, the default) or given whole to its most
precise claim, the narrowest relative to its middle (``precise``). ``equal``: every
source alike. ``grades``: the product of the source's Admiralty grade read as numbers,
reliability A 1.0, B 0.8, C 0.6, D 0.4, E 0.2, F 0.5 (cannot be judged) and credibility
1 1.0, 2 0.8, 3 0.6, 4 0.4, 5 0.2, 6 0.5; an ungraded source counts as F6 (0.25).
``method``: claims that share a ``method`` are one line of evidence, and each line
(a method, or a statement with none) weighs alike, split among its statements. Weights
given per source replace the scheme's for that source (not with ``method``). The
claims' weights are normalised to sum to 1.

Sensitivity. Every pool is drawn again with each tail of ``SENSITIVITY_TAILS`` (and the
one asked for), and once with each statement left out, from the same uniform order
statistics (common random numbers), so that the differences are the assumption's, not
the sampling's.

Monte Carlo. ``random.Random(seed)`` (seed 0 by default, so a run is reproducible). The
N draws from the pool are made already sorted rather than drawn and then sorted: N + 1
exponential spacings ``-log(1 - random())`` are summed, and their running sums divided by
the total are N sorted uniform draws (Rényi's representation of order statistics); the
pool's quantile function (the inverse of its piecewise-linear distribution function)
turns each into a draw of the pool, keeping the order. This is the same sample, in
distribution, as drawing N values and sorting them, at a third of the cost. The q-th
percentile is the draw at index ``floor(q × (N − 1) / 100)`` (0-based), and low and high
are the smallest and largest draw.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import functools
import itertools
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval, hull

# The command line's defaults and choices live in shellcount.choices (which imports
# nothing), so that the command line need not import this module to build its options.
from shellcount.choices import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TAIL,
    MAX_SAMPLES,
    SENSITIVITY_TAILS,
    Restatements,
    WeightScheme,
)
from shellcount.errors import ShellcountError, UnitError

if TYPE_CHECKING:
    import pint

    from shellcount.ledger.model import Amount, Claim, Ledger, Source

PERCENTILES = (5, 50, 95)

RELIABILITY = {"A": 1.0, "B": 0.8, "C": 0.6, "D": 0.4, "E": 0.2, "F": 0.5}
CREDIBILITY = {"1": 1.0, "2": 0.8, "3": 0.6, "4": 0.4, "5": 0.2, "6": 0.5}
UNGRADED = "F6"  # an ungraded source is one whose reliability and credibility cannot be judged

CAPACITY_REASON = "capacity: what containers could hold, not a count"
CAPACITY_HINT = "--include-capacity to pool capacities"


class PoolError(ShellcountError):
    """Nothing to pool, or weights that cannot be used."""


@dataclass(frozen=True)
class Selection:
    """Which claims to pool."""

    measure: str
    calibre_mm: float | None = None
    origin: str | None = None
    destination: str | None = None
    include_capacity: bool = False


@dataclass(frozen=True)
class Settings:
    """How to pool them."""

    at: dt.date | None = None  # None: the latest as_of among the selected claims
    weights: WeightScheme = WeightScheme.EQUAL
    given: Mapping[str, float] = field(default_factory=dict)  # source id -> weight
    tail: float = DEFAULT_TAIL
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    restatements: Restatements = Restatements.SHARE

    def __post_init__(self) -> None:
        if not (self.tail > 1 and math.isfinite(self.tail)):
            raise PoolError(
                f"tail: must be a finite number above 1 (an open interval [x, open) is drawn "
                f"up to tail × x), not {self.tail:g}"
            )
        if not 1 <= self.samples <= MAX_SAMPLES:
            raise PoolError(
                f"samples: must be from 1 to {MAX_SAMPLES:,} (a million draws take under a "
                f"second), not {self.samples:,}"
            )
        for source_id, weight in self.given.items():
            if not (weight >= 0 and math.isfinite(weight)):
                raise PoolError(f"weight of {source_id!r}: must be 0 or more, not {weight:g}")
        if self.given and self.weights is WeightScheme.METHOD:
            raise PoolError(
                "--weight sets a source's weight, which --weights method does not use "
                "(each line of evidence weighs alike)"
            )

    @property
    def tails(self) -> tuple[float, ...]:
        """The tails the pool is drawn with: the sensitivity set and the one asked for."""
        return tuple(sorted({*SENSITIVITY_TAILS, self.tail}))

    def describe_weights(self) -> str:
        """``equal``, ``grades``, ``method``, with the weights given (``equal; a=2``) and
        ``precise`` when a statement's weight goes to its most precise claim."""
        parts = [self.weights.value]
        parts += [f"{source}={weight:g}" for source, weight in self.given.items()]
        if self.restatements is Restatements.PRECISE:
            parts.append("restatements: precise")
        return "; ".join(parts)


@dataclass(frozen=True)
class Carried:
    """A claim read at the pooling date, in the quantity's unit."""

    claim: Claim
    amount: Amount
    factor: float | None  # None: as stated on its own date; else the scale of its count

    @property
    def interval(self) -> Interval:
        return self.amount.interval


@dataclass(frozen=True)
class LeftOut:
    """A claim of the measure that is not pooled, and why."""

    claim: Claim
    reason: str


@dataclass(frozen=True)
class Component:
    """One claim's part in the pool: its weight and the range it is drawn from."""

    carried: Carried
    weight: float  # normalised: the weights of a pool sum to 1
    low: float
    high: float
    tailed: bool  # True when ``high`` is the tail of an open interval
    statement: Claim  # the claim whose statement this one is (itself, or what it restates)


@dataclass(frozen=True)
class Intersection:
    """The values every claim allows, or the claims that leave none and the gap."""

    interval: Interval | None
    highest_low: tuple[Carried, ...]
    lowest_high: tuple[Carried, ...]

    @property
    def gap(self) -> float | None:
        """How far the highest low is above the lowest high (0 when they only touch)."""
        if self.interval is not None:
            return None
        return max(0.0, self.highest_low[0].interval.low - self.lowest_high[0].interval.high)


@dataclass(frozen=True)
class Draws:
    """The Monte Carlo pool's summary."""

    samples: int
    seed: int
    low: float
    high: float
    percentiles: dict[int, float]


@dataclass(frozen=True)
class LeaveOut:
    """The pool drawn again without one statement (all its claims)."""

    statement: Claim
    claims: tuple[Claim, ...]
    draws: Draws | None  # None: nothing is left to draw


@dataclass(frozen=True)
class Sensitivity:
    """How the pool's figures move with the assumed tail and with each statement."""

    by_tail: tuple[tuple[float, Draws], ...]  # (tail, draws), tails ascending
    leave_out: tuple[LeaveOut, ...]

    def p50_range(self) -> tuple[float, float]:
        """The lowest and highest p50 over the tails."""
        p50s = [draws.percentiles[50] for _, draws in self.by_tail]
        return min(p50s), max(p50s)


@dataclass(frozen=True)
class QuantityPool:
    """Everything pooled for one quantity."""

    quantity: tuple[str, float | None, str | None, str | None]
    unit: pint.Unit
    carried: tuple[Carried, ...]
    components: tuple[Component, ...]
    undrawn: tuple[LeftOut, ...]  # carried, but with no distribution to draw from
    intersection: Intersection
    envelope: Interval
    draws: Draws | None
    sensitivity: Sensitivity | None = None

    def component_of(self, claim: Claim) -> Component | None:
        """The claim's part in the pool, if it is drawn."""
        return self._components_by_claim.get(claim)

    @functools.cached_property
    def _components_by_claim(self) -> dict[Claim, Component]:
        return {component.carried.claim: component for component in self.components}


@dataclass(frozen=True)
class PoolResult:
    """The pool of every selected quantity at one date."""

    selection: Selection
    settings: Settings
    at: dt.date
    at_given: bool
    quantities: tuple[QuantityPool, ...]
    left_out: tuple[LeftOut, ...]


def pool(ledger: Ledger, selection: Selection, settings: Settings) -> PoolResult:
    """Select, carry to the date, and pool each quantity."""
    _check_given_weights(ledger, settings.given)
    chosen, left_out = select(ledger, selection)
    at = settings.at or _latest(chosen)
    groups: dict[tuple[str, float | None, str | None, str | None], list[Carried]] = {}
    for claim in chosen:
        carried, reason = carry(claim, at)
        if carried is None:
            left_out.append(LeftOut(claim, reason))
        else:
            groups.setdefault(claim.quantity, []).append(carried)
    quantities = []
    for quantity, claims in groups.items():
        in_unit, wrong_unit = _common_unit(claims)
        left_out += wrong_unit
        quantities.append(pool_quantity(ledger, quantity, in_unit, settings))
    if not quantities:
        reasons = "; ".join(
            f"{item.claim.id}: {item.reason}" for item in left_out if item.claim in chosen
        )
        raise PoolError(f"no claim of measure {selection.measure!r} can be read at {at}: {reasons}")
    return PoolResult(
        selection, settings, at, settings.at is not None, tuple(quantities), tuple(left_out)
    )


def select(ledger: Ledger, selection: Selection) -> tuple[list[Claim], list[LeftOut]]:
    """The claims to pool, and those of the measure left out by kind (not by filter)."""
    from shellcount.ledger.fileformat import Basis

    of_measure = [c for c in ledger if c.measure == selection.measure]
    if not of_measure:
        measures = sorted({c.measure for c in ledger})
        close = difflib.get_close_matches(selection.measure, measures, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (measures: {', '.join(measures)})"
        raise PoolError(f"no claim has measure {selection.measure!r}{hint}")
    filtered = [c for c in of_measure if _in_filters(c, selection)]
    if not filtered:
        raise PoolError(
            f"no claim of measure {selection.measure!r} has the calibre, origin and "
            "destination asked for"
        )
    chosen, left_out = [], []
    for claim in filtered:
        if claim.relative_to is not None:
            left_out.append(
                LeftOut(claim, f"relative to {claim.relative_to}: a percentage, not a count")
            )
        elif claim.basis is Basis.CAPACITY and not selection.include_capacity:
            left_out.append(LeftOut(claim, CAPACITY_REASON))
        else:
            chosen.append(claim)
    if not chosen:
        reasons = "; ".join(f"{item.claim.id}: {item.reason}" for item in left_out)
        hint = f" ({CAPACITY_HINT})" if any(o.reason == CAPACITY_REASON for o in left_out) else ""
        raise PoolError(f"no claim of measure {selection.measure!r} to pool: {reasons}{hint}")
    return chosen, left_out


def carry(claim: Claim, at: dt.date) -> tuple[Carried | None, str]:
    """The claim at ``at`` by the timeline's rule, or None and the reason it cannot be."""
    from shellcount.analysis.rates import count_at_rate, period_rate

    amount = count_at_rate(claim, at)
    if amount is not None:
        if claim.as_of == at:
            return Carried(claim, amount, None), ""
        rate = period_rate(claim)
        # count_at_rate carries a claim to another date only with a rate and a since.
        assert rate is not None
        assert claim.since is not None
        # The scale is only described here; the amount is count_at_rate's.
        return Carried(claim, amount, (at - claim.since).days / rate.days), ""
    if claim.as_of is None:
        return None, "undated: no as_of to carry it from"
    if claim.since is None:
        return None, f"stated on {claim.as_of} with no since: no rate to carry it to {at}"
    if at < claim.since:
        return None, f"{at} is before its period starts ({claim.since})"
    return None, f"its period ({claim.since} to {claim.as_of}) is less than a day"


def pool_quantity(
    ledger: Ledger,
    quantity: tuple[str, float | None, str | None, str | None],
    carried: Sequence[Carried],
    settings: Settings,
) -> QuantityPool:
    """Intersection, envelope, Monte Carlo pool and its sensitivity, for one quantity's
    carried claims."""
    undrawn = []
    drawable: list[Carried] = []
    for item in carried:
        if distribution(item.interval, settings.tail) is None:
            undrawn.append(LeftOut(item.claim, "open from 0 or below: no scale for its tail"))
        else:
            drawable.append(item)
    components: tuple[Component, ...] = ()
    draws = None
    sensitivity = None
    if drawable:
        order = OrderStatistics(settings.samples, settings.seed)
        components = _components(ledger, drawable, settings, settings.tail)
        draws = order.draws(components)
        by_tail = tuple(
            (tail, order.draws(_components(ledger, drawable, settings, tail)))
            for tail in settings.tails
        )
        sensitivity = Sensitivity(by_tail, _leave_outs(ledger, drawable, settings, order))
    return QuantityPool(
        quantity,
        carried[0].amount.unit,
        tuple(carried),
        components,
        tuple(undrawn),
        intersection(carried),
        hull(item.interval for item in carried),
        draws,
        sensitivity,
    )


def _components(
    ledger: Ledger, drawable: Sequence[Carried], settings: Settings, tail: float
) -> tuple[Component, ...]:
    """Each drawable claim's weight and range, with ``tail`` for open intervals."""
    weights = claim_weights(ledger, drawable, settings)
    components = []
    for item, weight in zip(drawable, weights, strict=True):
        drawn = distribution(item.interval, tail)
        assert drawn is not None  # only drawable claims are here
        components.append(
            Component(
                item, weight, *drawn, tailed=item.interval.is_open,
                statement=ledger.statement(item.claim),
            )
        )  # fmt: skip
    return tuple(components)


def _leave_outs(
    ledger: Ledger, drawable: Sequence[Carried], settings: Settings, order: OrderStatistics
) -> tuple[LeaveOut, ...]:
    """The pool without each statement in turn (none when there is only one)."""
    statements: dict[Claim, list[Carried]] = {}
    for item in drawable:
        statements.setdefault(ledger.statement(item.claim), []).append(item)
    if len(statements) < 2:
        return ()
    results = []
    for statement, members in statements.items():
        rest = [item for item in drawable if item not in members]
        try:
            draws = order.draws(_components(ledger, rest, settings, settings.tail))
        except PoolError:
            draws = None  # what is left weighs nothing
        results.append(LeaveOut(statement, tuple(item.claim for item in members), draws))
    return tuple(results)


def intersection(carried: Sequence[Carried]) -> Intersection:
    """The values every claim allows; when none, the claims on either side of the gap."""
    common: Interval | None = carried[0].interval
    for item in carried[1:]:
        common = common.intersection(item.interval) if common is not None else None
    highest = max(item.interval.low for item in carried)
    lowest = min(item.interval.high for item in carried)
    return Intersection(
        common,
        tuple(item for item in carried if item.interval.low == highest),
        tuple(item for item in carried if item.interval.high == lowest),
    )


def distribution(interval: Interval, tail: float) -> tuple[float, float] | None:
    """The range a claim is drawn from, uniformly (see the module's table)."""
    if not interval.is_open:
        return (interval.low, interval.high)
    if not 0 < interval.low < math.inf:
        return None
    return (interval.low, interval.low * tail)


def grade_weight(grade: str | None) -> float:
    """An Admiralty grade read as a weight: reliability times credibility."""
    code = grade or UNGRADED
    return RELIABILITY[code[0]] * CREDIBILITY[code[1]]


def source_weight(source: Source, settings: Settings) -> float:
    if source.id in settings.given:
        return settings.given[source.id]
    if settings.weights is WeightScheme.GRADES:
        return grade_weight(source.grade)
    return 1.0


def claim_weights(ledger: Ledger, carried: Sequence[Carried], settings: Settings) -> list[float]:
    """Each claim's weight: its line of evidence's (a source, or with ``method`` a method
    or a statement), split among the line's statements, then among each statement's
    claims or given to its most precise one; normalised to sum to 1."""
    statements: dict[Claim, list[Carried]] = {}
    for item in carried:
        statements.setdefault(ledger.statement(item.claim), []).append(item)
    lines: dict[object, tuple[float, list[Claim]]] = {}
    for statement, members in statements.items():
        key, weight = _line_of(statement, members, settings)
        lines.setdefault(key, (weight, []))[1].append(statement)
    raw: dict[Claim, float] = {}
    for weight, line_statements in lines.values():
        share = weight / len(line_statements)
        for statement in line_statements:
            members = statements[statement]
            if settings.restatements is Restatements.PRECISE:
                chosen = min(members, key=lambda item: _relative_width(item.interval))
                for item in members:
                    raw[item.claim] = share if item is chosen else 0.0
            else:
                for item in members:
                    raw[item.claim] = share / len(members)
    total = sum(raw.values())
    if not total > 0:
        names = ", ".join(dict.fromkeys(item.claim.source.id for item in carried))
        raise PoolError(f"every source in the pool has weight 0 ({names})")
    return [raw[item.claim] / total for item in carried]


def _line_of(
    statement: Claim, members: Sequence[Carried], settings: Settings
) -> tuple[object, float]:
    """The line of evidence a statement belongs to, and the line's weight: its source's,
    or with ``method`` the method of its claims (a statement of no method is a line of
    its own), each weighing 1."""
    if settings.weights is WeightScheme.METHOD:
        methods = [item.claim.method for item in members if item.claim.method]
        return (("method", methods[0]) if methods else ("statement", statement.id)), 1.0
    source = statement.source
    return ("source", source.id), source_weight(source, settings)


def _relative_width(interval: Interval) -> float:
    """How wide an interval is for its size: open ones are the widest."""
    if interval.is_open:
        return math.inf
    middle = (interval.low + interval.high) / 2
    return (interval.high - interval.low) / middle if middle > 0 else math.inf


class OrderStatistics:
    """N sorted uniform draws, for any number of pools drawn with one seed.

    Running sums of N + 1 exponential spacings ``-log(1 - random())`` divided by their
    total are N sorted uniform draws (Rényi's representation of order statistics); a
    pool's quantile function turns each into a draw of the pool, keeping the order. Only
    the draws a summary reads are turned, so one set serves every pool of a sensitivity
    run (common random numbers).
    """

    def __init__(self, samples: int, seed: int) -> None:
        rng = random.Random(seed)
        draw, log = rng.random, math.log
        # Negated sums: log of (0, 1] is at most 0.
        self.sums = list(
            itertools.accumulate([log(1.0 - draw()) for _ in itertools.repeat(None, samples + 1)])
        )
        self.total = self.sums[-1] or -1.0  # all spacings zero has probability 0
        self.samples = samples
        self.seed = seed

    def uniform(self, index: int) -> float:
        """The ``index``-th smallest of the N uniform draws (0-based)."""
        return self.sums[index] / self.total

    def draws(self, components: Sequence[Component]) -> Draws:
        """The pool of these components, summarised."""
        return self.summary([(c.low, c.high) for c in components], [c.weight for c in components])

    def summary(self, ranges: Sequence[tuple[float, float]], weights: Sequence[float]) -> Draws:
        """The mixture of uniform ranges (a range of no width is that value) with these
        weights, summarised by its smallest and largest draw and the percentiles."""
        quantile = mixture_quantile(ranges, weights)
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


def mixture_quantile(
    ranges: Sequence[tuple[float, float]], weights: Sequence[float]
) -> Callable[[float], float]:
    """The inverse of the pool's distribution function: for ``u`` in [0, 1], the least
    value whose cumulative probability reaches ``u``.

    The distribution function is piecewise linear between the ends of the ranges, with a
    jump at each exact value. One sweep over the ends (sorted) gives the probability
    below each end and up to it; a quantile is then a bisection, so k claims cost
    k log k once and log k a quantile.
    """
    starts: dict[float, float] = {}  # where a range's density begins, and how much
    stops: dict[float, float] = {}
    points: dict[float, float] = {}  # exact values and their weight
    for (low, high), weight in zip(ranges, weights, strict=True):
        density = weight / (high - low) if high > low else math.inf
        if not math.isfinite(density):
            # No width, or too little for a density in floats: its whole weight at its
            # high end, where its distribution function reaches it.
            points[high] = points.get(high, 0.0) + weight
        else:
            starts[low] = starts.get(low, 0.0) + density
            stops[high] = stops.get(high, 0.0) + density
    breaks = sorted({*starts, *stops, *points})
    # Interleaved: the probability below breaks[j], then up to it (a jump between them).
    levels: list[float] = []
    density = 0.0
    previous, up_to = breaks[0], 0.0
    for point in breaks:
        below = up_to + density * (point - previous)
        up_to = below + points.get(point, 0.0)
        levels += [below, up_to]
        density += starts.get(point, 0.0) - stops.get(point, 0.0)
        previous = point

    def quantile(u: float) -> float:
        at = bisect.bisect_left(levels, u)
        if at >= len(levels):
            return breaks[-1]
        index, up_to_it = divmod(at, 2)
        if up_to_it or index == 0:
            return breaks[index]
        # Within the segment before breaks[index], where the probability grows linearly.
        low_level, high_level = levels[at - 1], levels[at]
        share = (u - low_level) / (high_level - low_level) if high_level > low_level else 0.0
        return breaks[index - 1] + share * (breaks[index] - breaks[index - 1])

    return quantile


def percentile_index(q: int, samples: int) -> int:
    """``floor(q × (N − 1) / 100)``, in integers so 95 % of 100,001 is exactly 95,000."""
    return q * (samples - 1) // 100


def _in_filters(claim: Claim, selection: Selection) -> bool:
    if selection.calibre_mm is not None and (
        claim.calibre_mm is None or not units.same_calibre(claim.calibre_mm, selection.calibre_mm)
    ):
        return False
    if selection.origin is not None and claim.origin != selection.origin:
        return False
    return selection.destination is None or claim.destination == selection.destination


def _latest(claims: Sequence[Claim]) -> dt.date:
    dates = [c.as_of for c in claims if c.as_of is not None]
    if not dates:
        raise PoolError("none of the claims to pool is dated: give a date to pool at")
    return max(dates)


def _common_unit(carried: list[Carried]) -> tuple[list[Carried], list[LeftOut]]:
    """Every claim in the first claim's unit; a claim whose unit does not convert is out."""
    unit = carried[0].amount.unit
    same, other = [], []
    for item in carried:
        try:
            same.append(Carried(item.claim, item.amount.to(unit), item.factor))
        except UnitError as error:
            other.append(LeftOut(item.claim, str(error)))
    return same, other


def _check_given_weights(ledger: Ledger, given: Mapping[str, float]) -> None:
    for source_id in given:
        if source_id not in ledger.sources:
            close = difflib.get_close_matches(source_id, list(ledger.sources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise PoolError(f"a weight is given for {source_id!r}, but no source has that id{hint}")
