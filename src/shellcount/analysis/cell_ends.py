"""A cell's claims sorted by each of their ends, for counting by bisection, and the same
ends carried by a factor without sorting them again.

An excluded end (``fewer than 1,000`` is ``[0, 1000)``) is moved one float step inwards
before sorting ("apart"), so two ends that meet and are not both included count as
apart, as ``Interval.overlaps`` says.

Multiplying by a positive factor keeps the order of the ends. It can only make equal two
ends that were not (rounding), which may change the order a sort gives them (ties go in
file order), or make a claim's two ends meet (``pair_tally.scaled`` then takes the
general rule of ``Interval``): such a cell is sorted again. Any other keeps its order,
which one pass over each list confirms: a cell carried to several dates costs a
multiplication per end, not a sort of tuples built for it.
"""

from __future__ import annotations

import math
import operator
from itertools import repeat

from shellcount.analysis.pair_tally import Bounds, scaled
from shellcount.ledger.model import Claim
from shellcount.record import record


@record
class Sorted:
    """A cell's claims sorted by one end (scaled, perhaps nudged): the values sorted, the
    ends as stated (scaled, not nudged: what a relative gap is taken from; the values
    themselves in a plain list), and the claims."""

    values: list[float]
    stated: list[float]
    claims: list[Claim]


@record
class Ends:
    """A cell's claims by each end: as stated ("plain"), and with excluded ends moved one
    float step inwards ("apart", for the overlap test)."""

    low_plain: Sorted
    low_apart: Sorted
    high_plain: Sorted
    high_apart: Sorted


def low_apart(bounds: Bounds) -> float:
    return math.nextafter(bounds[0], math.inf) if bounds[2] else bounds[0]


def high_apart(bounds: Bounds) -> float:
    return math.nextafter(bounds[1], -math.inf) if bounds[3] else bounds[1]


def _sorted(items: list[tuple[float, float, Claim]], *, walked_down: bool) -> Sorted:
    """Sorted by value (then the end as stated, then the claim); ties in the order
    ``_keep`` should meet them, the earlier in the file first: the items come in file
    order, and a slice of low ends is walked down."""
    if walked_down:
        items.reverse()
    items.sort(key=lambda item: item[0])
    values = [value for value, _, _ in items]
    stated = [end for value, end, _ in items]
    return Sorted(values, values if stated == values else stated, [c for _, _, c in items])


def ends_of(claims: list[Claim], bounds: dict[Claim, Bounds], scale: float) -> Ends:
    """The claims (in file order) sorted by each end of their bounds times ``scale``."""
    carried = [(c, scaled(bounds[c], scale)) for c in claims]
    return Ends(
        _sorted([(b[0], b[0], c) for c, b in carried], walked_down=True),
        _sorted([(low_apart(b), b[0], c) for c, b in carried], walked_down=True),
        _sorted([(b[1], b[1], c) for c, b in carried], walked_down=False),
        _sorted([(high_apart(b), b[1], c) for c, b in carried], walked_down=False),
    )


@record
class _Order:
    """One list of a cell's ends at factor 1, with what carrying it needs: whether each
    claim's end is excluded (None: no end of the list is moved), in the list's order,
    and which neighbours tie."""

    sorted: Sorted
    excluded: list[bool] | None
    inwards: float
    ties: list[bool]

    @classmethod
    def of(cls, sorted_: Sorted, bounds: dict[Claim, Bounds], *, low: bool, apart: bool) -> _Order:
        claims = sorted_.claims
        excluded = None
        if apart:
            excluded = [bounds[c][2] for c in claims] if low else [bounds[c][3] for c in claims]
        values = sorted_.values
        return cls(
            sorted_,
            excluded if excluded is not None and any(excluded) else None,
            math.inf if low else -math.inf,
            list(map(operator.eq, values, values[1:])),
        )

    def times(self, factor: float) -> Sorted | None:
        """The list with each end times ``factor``, in the order a sort would give it; None
        when that order is not this one (the cell is sorted again)."""
        stated = [value * factor for value in self.sorted.stated]
        if self.excluded is None:
            values = stated
        else:
            inwards = self.inwards
            values = [
                math.nextafter(value, inwards) if excluded else value
                for value, excluded in zip(stated, self.excluded, strict=True)
            ]
        following = values[1:]
        if not all(map(operator.le, values, following)):
            return None
        # A tie the factor made, between ends a sort would put in file order.
        if not all(map(operator.le, map(operator.eq, values, following), self.ties)):
            return None
        return Sorted(values, stated, self.sorted.claims)


class CellEnds:
    """A cell's claims by their ends as stated, and carried by any factor."""

    def __init__(self, claims: list[Claim], bounds: dict[Claim, Bounds]) -> None:
        self.claims, self.bounds = claims, bounds
        self.own = ends_of(claims, bounds, 1.0)
        self._orders: tuple[_Order, _Order, _Order, _Order] | None = None  # made when carried
        spread = [bounds[c] for c in claims if bounds[c][0] < bounds[c][1]]
        self._spread_lows = [b[0] for b in spread]
        self._spread_highs = [b[1] for b in spread]
        # A point with an excluded end, or an empty interval: ``scaled`` takes the general
        # rule for it, so the cell is carried claim by claim.
        self._all_plain_products = all(
            b[0] < b[1] or (b[0] == b[1] and not b[2] and not b[3])
            for b in (bounds[c] for c in claims)
        )

    def times(self, factor: float) -> Ends:
        """The ends times ``factor``: as ``ends_of`` would sort them."""
        if factor == 1.0:
            return self.own
        if 0 < factor < math.inf and self._products_keep_every_claim_apart(factor):
            if self._orders is None:
                own, bounds = self.own, self.bounds
                self._orders = (
                    _Order.of(own.low_plain, bounds, low=True, apart=False),
                    _Order.of(own.low_apart, bounds, low=True, apart=True),
                    _Order.of(own.high_plain, bounds, low=False, apart=False),
                    _Order.of(own.high_apart, bounds, low=False, apart=True),
                )
            carried = []
            for order in self._orders:
                values = order.times(factor)
                if values is None:
                    break
                carried.append(values)
            else:
                return Ends(*carried)
        return ends_of(self.claims, self.bounds, factor)

    def _products_keep_every_claim_apart(self, factor: float) -> bool:
        """Each claim's ends times ``factor`` are what ``scaled`` gives: no two ends of a
        claim made to meet, and no point with an excluded end."""
        if not self._all_plain_products:
            return False
        factors = repeat(factor)
        lows = map(operator.mul, self._spread_lows, factors)
        highs = map(operator.mul, self._spread_highs, factors)
        return all(map(operator.lt, lows, highs))
