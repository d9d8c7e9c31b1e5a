"""Which claims agree, which cannot all be true, and which hold only if the pace changed.

Two claims on one quantity (measure, calibre, origin, destination) get one verdict, by the
rules of the design (step 6), tried in this order:

1. ``same-statement``: one restates the other (``Ledger.statement``). A headline or a
   relay is not corroboration, whatever its numbers say.
2. ``cannot-compare``: a capacity conversion against a count, different dimensions, a
   claim with no date (unless both are undated claims of one source).
3. On one day: overlapping intervals ``agree`` when both are bounded on both sides, and
   are only ``consistent`` when one is open or a bare upper bound (two lower bounds
   overlap and confirm nothing). Disjoint ones ``conflict``, unless the two count over
   different windows and the longer window holds the larger count (``consistent``: the
   difference is what was sent between the two starts).
4. On different days: a ``conflict`` when the later count's window contains the earlier
   one's and the later count is lower (cumulative counts never fall). Otherwise one claim
   is carried to the other's date at its own average rate since its ``since`` (the
   earlier forward, else the later back: ``rates.carry_factor``) and the two are judged
   as on one day, except that a disagreement there is a ``tension``: both hold only if the
   pace changed. A tension carries each claim's own rate and the change of pace needed.
   With no rate either way, nested windows are ``consistent`` (counts that never fall fit
   both) and others ``cannot-compare``. Rates and shares ("3 million a year", "40
   percent") are not cumulative: on different days they are never carried, and two that
   miss each other are a ``tension`` (the pace changed between the dates).

An unstated start (no ``since``) is read as the start of the flow: the count is of
everything sent so far. A verdict that rests on that reading says so (``assumed_start``).

A ``relative_to`` claim ("about 30% larger") is compared as the quantity it implies
(its base claim times 1 + the percentage), and as a ratio of same-day counts of the two
quantities. Results are facts: the views write them in words.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any

from shellcount.analysis.rates import carry_factor, period_rate
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.record import record

if TYPE_CHECKING:
    import pint


class Verdict(str, Enum):
    """What two claims say of each other, from the strongest disagreement down."""

    CONFLICT = "conflict"
    TENSION = "tension"
    AGREE = "agree"
    CONSISTENT = "consistent"
    SAME_STATEMENT = "same-statement"
    CANNOT_COMPARE = "cannot-compare"


VERDICT_ORDER = {verdict: index for index, verdict in enumerate(Verdict)}
"""The order verdicts are listed in: conflicts first."""


class Rule(str, Enum):
    """Which rule decided a verdict."""

    SAME_STATEMENT = "same-statement"  # one restates the other
    CAPACITY = "capacity-vs-count"  # a capacity is not a count of what was sent
    DIMENSIONS = "dimensions"  # counted in units of different dimensions
    UNDATED = "undated"  # no common date
    SAME_DAY = "same-day"  # both on one day, over one window
    WINDOWS = "windows"  # one day, windows of different starts
    NESTED = "nested"  # different days, the later window holding the earlier
    CARRIED = "carried"  # one carried to the other's date at its average rate
    NO_RATE = "no-rate"  # different days, no period to take a rate from
    RATIO = "ratio"  # a relative claim against a ratio of same-day counts
    RATE = "rate"  # rates (or shares) on different days: not cumulative, not carried


@record
class Dated:
    """An amount over the window it covers: a claim's own, or one a claim implies."""

    amount: Amount
    since: dt.date | None
    as_of: dt.date | None

    @classmethod
    def of(cls, claim: Claim) -> Dated:
        return cls(claim.amount, claim.since, claim.as_of)


@record
class Carry:
    """One side carried to the other's date at its own average rate since its start."""

    side: str  # "a" or "b"
    since: dt.date
    from_day: dt.date
    to_day: dt.date
    factor: float


@record
class Pace:
    """What a tension asks of the pace: each claim's own average rate (per day, over its
    own period, when it has one) and the factor by which the carried claim's average pace
    must change for both to hold (the fixed count over the carried one)."""

    rate_a: Amount | None
    rate_b: Amount | None
    change: Interval


@record
class Comparison:
    """The verdict on two claims, and the facts it rests on."""

    claim_a: Claim
    claim_b: Claim
    verdict: Verdict
    rule: Rule
    day: dt.date | None = None  # the day compared on; None: each on its own, or undated
    a: Amount | None = None  # claim a's side as compared (carried, implied or a ratio)
    b: Amount | None = None
    gap: float | None = None  # how far apart the two are, in a's unit
    gap_relative: float | None = None  # the gap over the higher side's near end
    carry: Carry | None = None
    pace: Pace | None = None
    since_a: dt.date | None = None  # the windows compared
    since_b: dt.date | None = None
    assumed_start: bool = False  # rests on an unstated since read as the flow's start
    statement: Claim | None = None  # same-statement: the claim both belong to
    base: Claim | None = None  # a relative claim's base, its side being base × factor
    factor: Interval | None = None  # 1 + the relative claim's percentage
    via: Claim | None = None  # the divisor of a ratio check


def reconcile(ledger: Ledger, measure: str | None = None) -> list[Comparison]:
    """Every pair of claims on one quantity, and every check of a relative claim."""
    groups = quantity_groups(ledger, measure)
    results: list[Comparison] = []
    for claims in groups.values():
        for index, first in enumerate(claims):
            results.extend(compare_pair(ledger, first, second) for second in claims[index + 1 :])
    for claim in ledger:
        if claim.relative_to is not None and (measure is None or claim.measure == measure):
            results.extend(relative_checks(ledger, claim, groups))
    return results


def quantity_groups(
    ledger: Ledger, measure: str | None = None
) -> dict[tuple[object, ...], list[Claim]]:
    """The claims (not relative ones) of each quantity, in file order."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in ledger:
        if claim.relative_to is None and (measure is None or claim.measure == measure):
            groups.setdefault(claim.quantity, []).append(claim)
    return groups


def compare_pair(ledger: Ledger, a: Claim, b: Claim, *, with_pace: bool = True) -> Comparison:
    """The verdict on two claims of one quantity. ``with_pace=False``: a tension without
    its ``pace`` (each claim's own rate, in pint units, is the costly part), for callers
    that need only the verdict and the gap."""
    if ledger.same_statement(a, b):
        return Comparison(
            a, b, Verdict.SAME_STATEMENT, Rule.SAME_STATEMENT, statement=ledger.statement(a)
        )
    if (a.basis is Basis.CAPACITY) != (b.basis is Basis.CAPACITY):
        return Comparison(a, b, Verdict.CANNOT_COMPARE, Rule.CAPACITY)
    # Claims of one unit text share one unit object: skip the cached lookups (each
    # hashes a pint unit) on the pairs that need none, which are most.
    if a.unit is not b.unit and units.dimension(a.unit) != units.dimension(b.unit):
        return Comparison(a, b, Verdict.CANNOT_COMPARE, Rule.DIMENSIONS)
    return compare_dated(a, b, Dated.of(a), Dated.of(b), with_pace=with_pace)


def compare_dated(
    a: Claim,
    b: Claim,
    first: Dated,
    second: Dated,
    *,
    base: Claim | None = None,
    factor: Interval | None = None,
    with_pace: bool = True,
) -> Comparison:
    """Two dated amounts (claim a's and claim b's sides) by the rules of steps 3 and 4."""
    sides = _Sides(a, b, first, second, base, factor, with_pace)
    if first.as_of is None or second.as_of is None:
        if first.as_of is None and second.as_of is None and a.source is b.source:
            return sides.judged(sides.own, day=None, carry=None)
        return sides.result(Verdict.CANNOT_COMPARE, Rule.UNDATED)
    if first.as_of == second.as_of:
        return sides.judged(sides.own, day=first.as_of, carry=None)
    a_is_earlier = first.as_of < second.as_of
    earlier, later = (first, second) if a_is_earlier else (second, first)
    own_a, own_b = sides.own
    if not units.is_count(own_a.unit):
        # A rate or a share is not cumulative: it is not carried, and a later one may be
        # lower. On different days, two that miss each other say the pace changed.
        return sides.judged(sides.own, day=None, carry=None, changed_between=True)
    earlier_amount, later_amount = (own_a, own_b) if a_is_earlier else (own_b, own_a)
    nested = _contains(later, earlier)
    if nested and later_amount.interval.high < earlier_amount.interval.low:
        gap, relative = _gap(own_a.interval, own_b.interval)
        return sides.result(
            Verdict.CONFLICT,
            Rule.NESTED,
            a=own_a,
            b=own_b,
            gap=gap,
            gap_relative=relative,
            assumed_start=later.since is None,
        )
    for moved, fixed in ((earlier, later), (later, earlier)):
        assert fixed.as_of is not None
        scale = carry_factor(moved.since, moved.as_of, fixed.as_of)
        if scale is None:
            continue
        assert moved.since is not None
        assert moved.as_of is not None
        side = "a" if moved is first else "b"
        carry = Carry(side, moved.since, moved.as_of, fixed.as_of, scale)
        pair = (own_a.scaled(scale), own_b) if side == "a" else (own_a, own_b.scaled(scale))
        return sides.judged(pair, day=fixed.as_of, carry=carry)
    verdict = Verdict.CONSISTENT if nested else Verdict.CANNOT_COMPARE
    return sides.result(
        verdict, Rule.NO_RATE, a=own_a, b=own_b, assumed_start=nested and later.since is None
    )


@record
class _Sides:
    """The two sides of one comparison, and what every result of it carries."""

    a: Claim
    b: Claim
    first: Dated
    second: Dated
    base: Claim | None
    factor: Interval | None
    with_pace: bool = True

    @property
    def own(self) -> tuple[Amount, Amount]:
        """Both sides as stated, in a's unit."""
        first, second = self.first.amount, self.second.amount
        return first, second if second.unit is first.unit else second.to(first.unit)

    def result(self, verdict: Verdict, rule: Rule, **facts: Any) -> Comparison:
        return Comparison(
            self.a,
            self.b,
            verdict,
            rule,
            since_a=self.first.since,
            since_b=self.second.since,
            base=self.base,
            factor=self.factor,
            **facts,
        )

    def judged(
        self,
        pair: tuple[Amount, Amount],
        *,
        day: dt.date | None,
        carry: Carry | None,
        changed_between: bool = False,
    ) -> Comparison:
        """Two amounts read on one day: agree, consistent, or (disjoint) a conflict when
        both are as stated, a tension when one was carried there at a constant pace.
        ``changed_between``: two rates (or shares) on different days, which agree or
        consistent when they meet and are in tension (the pace changed) when not."""
        first, second = pair
        facts: dict[str, Any] = {"day": day, "a": first, "b": second, "carry": carry}
        if changed_between:
            if first.interval.overlaps(second.interval):
                verdict = Verdict.CONSISTENT if _one_sided(first, second) else Verdict.AGREE
                return self.result(verdict, Rule.RATE, **facts)
            facts["gap"], facts["gap_relative"] = _gap(first.interval, second.interval)
            return self.result(Verdict.TENSION, Rule.RATE, **facts)
        if first.interval.overlaps(second.interval):
            verdict = Verdict.CONSISTENT if _one_sided(first, second) else Verdict.AGREE
            return self.result(verdict, Rule.CARRIED if carry else Rule.SAME_DAY, **facts)
        facts["gap"], facts["gap_relative"] = _gap(first.interval, second.interval)
        start_a, start_b = self.first.since, self.second.since
        windows_differ = start_a != start_b
        facts["assumed_start"] = windows_differ and (start_a is None or start_b is None)
        if windows_differ:
            # The count over the longer window (the earlier start; an unstated start is
            # the flow's) must be the larger: if it is, both hold.
            a_longer = start_a is None or (start_b is not None and start_a < start_b)
            longer, shorter = (first, second) if a_longer else (second, first)
            if longer.interval.low > shorter.interval.high:
                return self.result(Verdict.CONSISTENT, Rule.WINDOWS, **facts)
        if carry is None:
            rule = Rule.WINDOWS if windows_differ else Rule.SAME_DAY
            return self.result(Verdict.CONFLICT, rule, **facts)
        if not self.with_pace:
            return self.result(Verdict.TENSION, Rule.CARRIED, **facts)
        carried, fixed = (first, second) if carry.side == "a" else (second, first)
        facts["pace"] = Pace(
            None if self.base is not None else _own_rate(self.a),
            _own_rate(self.b),
            fixed.interval / carried.interval,
        )
        return self.result(Verdict.TENSION, Rule.CARRIED, **facts)


def _own_rate(claim: Claim) -> Amount | None:
    """A claim's own average rate per day over its period, when it has one."""
    rate = period_rate(claim)
    return None if rate is None else rate.per_day


def _contains(outer: Dated, inner: Dated) -> bool:
    """Whether ``outer``'s window (its start to its as_of) holds ``inner``'s; an unstated
    start is the flow's, before any other."""
    assert outer.as_of is not None
    assert inner.as_of is not None
    if outer.as_of < inner.as_of:
        return False
    return outer.since is None or (inner.since is not None and outer.since <= inner.since)


def _one_sided(first: Amount, second: Amount) -> bool:
    """Either is open above or a bare upper bound (from 0): an overlap confirms nothing."""
    return any(side.interval.is_open or side.interval.low <= 0 for side in (first, second))


def _gap(first: Interval, second: Interval) -> tuple[float, float | None]:
    """How far apart two disjoint intervals are, absolutely and as a share of the higher
    one's low end (4,000 against 1,000: 3,000 and 0.75)."""
    lower, upper = (first, second) if first.high <= second.low else (second, first)
    gap = upper.low - lower.high
    return gap, (gap / upper.low if upper.low > 0 else None)


def relative_checks(
    ledger: Ledger,
    claim: Claim,
    groups: dict[tuple[object, ...], list[Claim]],
    *,
    disagreements_only: bool = False,
) -> Iterator[Comparison]:
    """A relative claim against its own quantity's claims, and as a ratio of counts."""
    base = ledger.claim(claim.relative_to or "")
    per_one = units.factor(claim.unit, _dimensionless())  # 0.01 for a percentage
    factor = claim.figure.interval * per_one + 1.0
    nominal_factor = None
    if claim.figure.value is not None:
        nominal_factor = 1 + claim.figure.value * per_one
    implied_nominal = None
    if base.figure.value is not None and nominal_factor is not None:
        implied_nominal = base.figure.value * nominal_factor
    implied = Dated(
        Amount(implied_nominal, base.figure.interval * factor, base.unit),
        claim.since or base.since,
        claim.as_of or base.as_of,
    )
    quantity = (claim.measure, claim.calibre_mm, claim.origin, claim.destination)
    divisors_by_day: dict[dt.date, list[Claim]] = {}
    for divisor in groups.get(base.quantity, []):
        if divisor.as_of is not None:
            divisors_by_day.setdefault(divisor.as_of, []).append(divisor)
    for other in groups.get(quantity, []):
        if ledger.same_statement(claim, other):
            yield Comparison(
                claim,
                other,
                Verdict.SAME_STATEMENT,
                Rule.SAME_STATEMENT,
                statement=ledger.statement(claim),
            )
            continue
        if units.dimension(other.unit) != units.dimension(base.unit):
            yield Comparison(claim, other, Verdict.CANNOT_COMPARE, Rule.DIMENSIONS)
            continue
        yield compare_dated(claim, other, implied, Dated.of(other), base=base, factor=factor)
        if other.as_of is None:
            continue
        divisors = divisors_by_day.get(other.as_of, [])
        if disagreements_only:
            divisors = _divisors_that_may_conflict(other, divisors, factor)
        yield from _ratio_checks(claim, other, divisors, factor, nominal_factor)


def _ratio_checks(
    claim: Claim,
    other: Claim,
    same_day_divisors: list[Claim],
    factor: Interval,
    nominal_factor: float | None,
) -> Iterator[Comparison]:
    """``other`` divided by each same-day count of the base quantity, against 1 + the figure."""
    one = _dimensionless()
    factor_amount = Amount(nominal_factor, factor, one)
    for divisor in same_day_divisors:
        # Both count one dimension, so the ratio is a plain number; pint is not needed.
        below = divisor.amount.to(other.unit)
        nominal = None
        if other.amount.nominal is not None and below.nominal:
            nominal = other.amount.nominal / below.nominal
        ratio = Amount(nominal, other.amount.interval / below.interval, one)
        facts: dict[str, Any] = {"a": factor_amount, "b": ratio, "factor": factor}
        if ratio.interval.overlaps(factor):
            verdict = Verdict.CONSISTENT if _one_sided(factor_amount, ratio) else Verdict.AGREE
        else:
            verdict = Verdict.CONFLICT
            facts["gap"], facts["gap_relative"] = _gap(factor, ratio.interval)
        yield Comparison(claim, other, verdict, Rule.RATIO, other.as_of, via=divisor, **facts)


def _divisors_that_may_conflict(
    other: Claim, divisors: list[Claim], factor: Interval
) -> list[Claim]:
    """The divisors whose ratio can miss ``factor``; every other one surely overlaps it.

    ``other / divisor`` lies wholly above ``factor`` only if the divisor's high end is at
    most ``other.low / factor.high``, and wholly below only if its low end is at least
    ``other.high / factor.low``: two bisections instead of a division per divisor.
    """
    if factor.low <= 0 or len(divisors) < 32:
        return divisors  # few, or a factor near zero: check them all
    cache = _divisor_order(tuple(divisors), other.unit)
    by_high, highs, by_low, lows = cache
    count = other.amount.interval
    above = by_high[: bisect.bisect_right(highs, count.low / factor.high)]
    below = by_low[bisect.bisect_left(lows, count.high / factor.low) :]
    return list(dict.fromkeys([*above, *below]))


@functools.lru_cache(maxsize=64)
def _divisor_order(
    divisors: tuple[Claim, ...], unit: pint.Unit
) -> tuple[list[Claim], list[float], list[Claim], list[float]]:
    intervals = {d: d.amount.to(unit).interval for d in divisors}
    by_high = sorted(divisors, key=lambda d: intervals[d].high)
    by_low = sorted(divisors, key=lambda d: intervals[d].low)
    return (
        by_high,
        [intervals[d].high for d in by_high],
        by_low,
        [intervals[d].low for d in by_low],
    )


def _dimensionless() -> pint.Unit:
    return units.parse_unit("dimensionless")
