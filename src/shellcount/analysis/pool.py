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

Weights: :mod:`shellcount.analysis.pool_weights`. The Monte Carlo draws and their
arithmetic: :mod:`shellcount.analysis.mixture`. How the pool moves with the assumed tail
and with each statement left out: :mod:`shellcount.analysis.pool_sensitivity`.

Facts, not words: why a claim is left out is a :class:`Why` with the dates and units it
rests on, how a claim is drawn a :class:`Drawn`; ``shellcount.views.pool`` words them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field
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
from shellcount.record import record

if TYPE_CHECKING:
    import pint

    from shellcount.analysis.mixture import Draws, Mixture, OrderStatistics
    from shellcount.analysis.pool_weights import Weighing
    from shellcount.ledger.model import Amount, Claim, Ledger

Quantity = tuple[str, float | None, str | None, str | None]  # measure, calibre, origin, destination


class PoolError(ShellcountError):
    """Nothing to pool, or weights that cannot be used."""


class NothingToPool(PoolError):
    """Every claim of the measure is left out; ``left_out`` says which and why, for the
    views to word (``at``: None when they are left out by kind, before any date)."""

    def __init__(self, measure: str, at: dt.date | None, left_out: Sequence[LeftOut]) -> None:
        super().__init__(f"no claim of measure {measure!r} to pool")
        self.measure = measure
        self.at = at
        self.left_out = tuple(left_out)


class Why(enum.Enum):
    """Why a claim of the measure is not pooled, or not drawn."""

    RELATIVE = "relative"  # relative_to another claim: a percentage, not a count
    CAPACITY = "capacity"  # what containers could hold, not a count of what was sent
    UNDATED = "undated"  # no as_of to carry it from
    NO_SINCE = "no-since"  # stated on another day, with no since to take a rate from
    BEFORE_PERIOD = "before-period"  # the date is before its period starts
    SHORT_PERIOD = "short-period"  # its period is less than a day
    OTHER_UNIT = "other-unit"  # its unit does not convert to the quantity's
    OPEN_FROM_ZERO = "open-from-zero"  # open from 0 or below: no scale for a tail


class Drawn(enum.Enum):
    """How a claim's value is drawn (see the module's table)."""

    EXACT = "exact"  # always its one value
    UNIFORM = "uniform"  # uniform on its interval
    TAILED = "tailed"  # uniform from its low end to the tail times it (an open interval)


@record
class Selection:
    """Which claims to pool."""

    measure: str
    calibre_mm: float | None = None
    origin: str | None = None
    destination: str | None = None
    include_capacity: bool = False


@record
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


@record
class Carried:
    """A claim read at the pooling date, in the quantity's unit."""

    claim: Claim
    amount: Amount
    factor: float | None  # None: as stated on its own date; else the scale of its count

    @property
    def interval(self) -> Interval:
        return self.amount.interval


@record
class LeftOut:
    """A claim of the measure that is not pooled (or not drawn), and why."""

    claim: Claim
    why: Why
    at: dt.date | None = None  # the date it could not be carried to
    unit: pint.Unit | None = None  # with OTHER_UNIT: its own unit
    pool_unit: pint.Unit | None = None  # with OTHER_UNIT: the quantity's, which it is not


@record
class Component:
    """One claim's part in the pool: its weight and the range it is drawn from."""

    carried: Carried
    weight: float  # normalised: the weights of a pool sum to 1
    low: float
    high: float
    tailed: bool  # True when ``high`` is the tail of an open interval
    statement: Claim  # the claim whose statement this one is (itself, or what it restates)

    @property
    def drawn(self) -> Drawn:
        if self.low == self.high:
            return Drawn.EXACT
        return Drawn.TAILED if self.tailed else Drawn.UNIFORM


@record
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


@record
class LeaveOut:
    """The pool drawn again without one statement (all its claims)."""

    statement: Claim
    claims: tuple[Claim, ...]
    draws: Draws | None  # None: nothing is left to draw


@record
class Sensitivity:
    """How the pool's figures move with the assumed tail and with each statement."""

    by_tail: tuple[tuple[float, Draws], ...]  # (tail, draws), tails ascending
    leave_out: tuple[LeaveOut, ...]

    def p50_range(self) -> tuple[float, float]:
        """The lowest and highest p50 over the tails."""
        p50s = [draws.percentiles[50] for _, draws in self.by_tail]
        return min(p50s), max(p50s)


@record
class QuantityPool:
    """Everything pooled for one quantity."""

    quantity: Quantity
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

    def undrawn_of(self, claim: Claim) -> LeftOut | None:
        """Why the claim is carried but not drawn, if it is not."""
        return self._undrawn_by_claim.get(claim)

    @functools.cached_property
    def _components_by_claim(self) -> dict[Claim, Component]:
        return {component.carried.claim: component for component in self.components}

    @functools.cached_property
    def _undrawn_by_claim(self) -> dict[Claim, LeftOut]:
        return {item.claim: item for item in self.undrawn}


@record
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
    groups: dict[Quantity, list[Carried]] = {}
    unread = []
    for claim in chosen:
        carried = carry(claim, at)
        if isinstance(carried, LeftOut):
            unread.append(carried)
        else:
            groups.setdefault(claim.quantity, []).append(carried)
    from shellcount.analysis.mixture import OrderStatistics

    # One set of sorted uniforms for every quantity: the same seed would make the same.
    order = OrderStatistics(settings.samples, settings.seed) if groups else None
    quantities = []
    for quantity, claims in groups.items():
        in_unit, wrong_unit = _common_unit(claims)
        unread += wrong_unit
        quantities.append(pool_quantity(ledger, quantity, in_unit, settings, order))
    if not quantities:
        raise NothingToPool(selection.measure, at, unread)
    return PoolResult(
        selection, settings, at, settings.at is not None, tuple(quantities), (*left_out, *unread)
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
            left_out.append(LeftOut(claim, Why.RELATIVE))
        elif claim.basis is Basis.CAPACITY and not selection.include_capacity:
            left_out.append(LeftOut(claim, Why.CAPACITY))
        else:
            chosen.append(claim)
    if not chosen:
        raise NothingToPool(selection.measure, None, left_out)
    return chosen, left_out


def carry(claim: Claim, at: dt.date) -> Carried | LeftOut:
    """The claim at ``at`` by the timeline's rule, or why it cannot be carried there."""
    from shellcount.analysis.rates import count_at_rate, period_rate

    amount = count_at_rate(claim, at)
    if amount is not None:
        if claim.as_of == at:
            return Carried(claim, amount, None)
        rate = period_rate(claim)
        # count_at_rate carries a claim to another date only with a rate and a since.
        assert rate is not None
        assert claim.since is not None
        # The scale is only described here; the amount is count_at_rate's.
        return Carried(claim, amount, (at - claim.since).days / rate.days)
    if claim.as_of is None:
        return LeftOut(claim, Why.UNDATED, at)
    if claim.since is None:
        return LeftOut(claim, Why.NO_SINCE, at)
    if at < claim.since:
        return LeftOut(claim, Why.BEFORE_PERIOD, at)
    return LeftOut(claim, Why.SHORT_PERIOD, at)


def pool_quantity(
    ledger: Ledger,
    quantity: Quantity,
    carried: Sequence[Carried],
    settings: Settings,
    order: OrderStatistics | None = None,
) -> QuantityPool:
    """Intersection, envelope, Monte Carlo pool and its sensitivity, for one quantity's
    carried claims (``order``: the settings' sorted uniforms, if already drawn)."""
    from shellcount.analysis.mixture import OrderStatistics
    from shellcount.analysis.pool_sensitivity import sensitivity_of
    from shellcount.analysis.pool_weights import weigh

    undrawn = []
    drawable: list[Carried] = []
    for item in carried:
        if distribution(item.interval, settings.tail) is None:
            undrawn.append(LeftOut(item.claim, Why.OPEN_FROM_ZERO))
        else:
            drawable.append(item)
    components: tuple[Component, ...] = ()
    draws = None
    sensitivity = None
    if drawable:
        order = order or OrderStatistics(settings.samples, settings.seed)
        weighing = weigh(ledger, drawable, settings)
        components = components_of(drawable, weighing, settings.tail)
        mixture = mixture_of(components)
        draws = order.summary(mixture.quantile)
        sensitivity = sensitivity_of(
            ledger, drawable, settings, weighing, pooled=(components, mixture, draws), order=order
        )
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


def every_draw(quantity: QuantityPool, order: OrderStatistics) -> Iterator[tuple[float, Component]]:
    """Every draw of the quantity's pool, ascending (the pool's low, percentiles and high
    are among them, at their indexes), each with the component it is given: see
    ``mixture.OrderStatistics.every_draw``; ``order``: the pool settings' sorted
    uniforms. No draw for a quantity with nothing to draw."""
    components = quantity.components
    if not components:
        return
    ranges = [(c.low, c.high) for c in components]
    for value, index in order.every_draw(ranges, [c.weight for c in components]):
        yield value, components[index]


def mixture_of(components: Sequence[Component], span: float | None = None) -> Mixture:
    """The components' mixture: each drawn uniform over its range, by its weight (a part
    of a larger mixture gives that one's ``span``, see ``Mixture``)."""
    from shellcount.analysis.mixture import Mixture

    ranges = [(c.low, c.high) for c in components]
    return Mixture(ranges, [c.weight for c in components], span)


def components_of(
    drawable: Sequence[Carried], weighing: Weighing, tail: float
) -> tuple[Component, ...]:
    """Each drawable claim's weight and range, with ``tail`` for open intervals."""
    components = []
    for item, weight, statement in zip(
        drawable, weighing.weights, weighing.statements, strict=True
    ):
        drawn = distribution(item.interval, tail)
        assert drawn is not None  # only drawable claims are here
        components.append(
            Component(item, weight, *drawn, tailed=item.interval.is_open, statement=statement)
        )
    return tuple(components)


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
        except UnitError:
            other.append(LeftOut(item.claim, Why.OTHER_UNIT, unit=item.amount.unit, pool_unit=unit))
    return same, other


def _check_given_weights(ledger: Ledger, given: Mapping[str, float]) -> None:
    for source_id in given:
        if source_id not in ledger.sources:
            close = difflib.get_close_matches(source_id, list(ledger.sources), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise PoolError(f"a weight is given for {source_id!r}, but no source has that id{hint}")
