"""Which claims agree and which cannot all be true.

Two claims on the same quantity are compared at a common date: the same ``as_of``, or one
carried to the other's date at its own average rate since its ``since`` (the rule of
``rates.count_at_rate``). Overlapping intervals agree; disjoint ones conflict, and the
gap between them is reported. A capacity conversion is not a count, so it is compared only
with other capacities. A ``relative_to`` claim ("about 30% larger") is turned into the
quantity it implies and compared like any other; it is also checked as a ratio against
pairs of same-day counts of the two quantities.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from shellcount import units
from shellcount.fileformat import Basis
from shellcount.interval import Interval
from shellcount.model import Amount, Claim, Ledger
from shellcount.numbers import grouped, interval_text
from shellcount.rates import carry

if TYPE_CHECKING:
    import pint


class Verdict(str, Enum):
    AGREE = "agree"
    CONFLICT = "conflict"
    CANNOT_COMPARE = "cannot-compare"


@dataclass(frozen=True)
class Dated:
    """An amount with the period it covers: a claim's own, or one a claim implies."""

    amount: Amount
    since: dt.date | None
    as_of: dt.date | None
    label: str

    @classmethod
    def of(cls, claim: Claim) -> Dated:
        return cls(claim.amount, claim.since, claim.as_of, claim.id)


@dataclass(frozen=True)
class Comparison:
    """The verdict on two claims, and how it was reached."""

    claim_a: Claim
    claim_b: Claim
    verdict: Verdict
    explanation: str | Callable[[], str]  # written only when shown: most are never read
    day: dt.date | None = None
    a: Amount | None = None  # claim a's side as compared (carried, implied or a ratio)
    b: Amount | None = None
    gap: float | None = None
    via: Claim | None = None  # a third claim the comparison used (the ratio's divisor)

    @property
    def how(self) -> str:
        """How the verdict was reached, in words, with the numbers compared."""
        if isinstance(self.explanation, str):
            return self.explanation
        return self.explanation()


def reconcile(ledger: Ledger, measure: str | None = None) -> list[Comparison]:
    """Every pair of claims on one quantity, and every check of a relative claim."""
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in ledger:
        if claim.relative_to is None and (measure is None or claim.measure == measure):
            groups.setdefault(claim.quantity, []).append(claim)
    results: list[Comparison] = []
    for claims in groups.values():
        for index, first in enumerate(claims):
            results.extend(compare_pair(first, second) for second in claims[index + 1 :])
    for claim in ledger:
        if claim.relative_to is not None and (measure is None or claim.measure == measure):
            results.extend(relative_checks(ledger, claim, groups))
    return results


def compare_pair(a: Claim, b: Claim) -> Comparison:
    if (a.basis is Basis.CAPACITY) != (b.basis is Basis.CAPACITY):
        return Comparison(
            a, b, Verdict.CANNOT_COMPARE, "a capacity conversion is not a count of what was sent"
        )
    if units.dimension(a.unit) != units.dimension(b.unit):
        return Comparison(a, b, Verdict.CANNOT_COMPARE, "different dimensions")
    return _compare_dated(a, b, Dated.of(a), Dated.of(b))


def _compare_dated(
    a: Claim, b: Claim, first: Dated, second: Dated, *, via: Claim | None = None
) -> Comparison:
    if first.as_of is None or second.as_of is None:
        if first.as_of is None and second.as_of is None and a.source is b.source:
            return _verdict(
                a, b, first.amount, second.amount, day=None, how="same undated source", via=via
            )
        return Comparison(a, b, Verdict.CANNOT_COMPARE, "undated: no common date", via=via)
    if first.as_of == second.as_of:
        return _verdict(
            a, b, first.amount, second.amount, day=first.as_of, how="same date", via=via
        )
    earlier, later = (first, second) if first.as_of < second.as_of else (second, first)
    for moved, fixed in ((earlier, later), (later, earlier)):
        assert fixed.as_of is not None
        carried = _carry(moved, fixed.as_of)
        if carried is not None:
            how = (
                f"{moved.label} carried to {fixed.as_of} at its rate since {moved.since}"
                + _baseline_note(moved, fixed)
            )
            pair = (carried, fixed.amount) if moved is first else (fixed.amount, carried)
            return _verdict(a, b, *pair, day=fixed.as_of, how=how, via=via)
    return Comparison(
        a,
        b,
        Verdict.CANNOT_COMPARE,
        f"different dates ({first.as_of}, {second.as_of}) and no period to take a rate from",
        via=via,
    )


def _carry(dated: Dated, day: dt.date) -> Amount | None:
    return carry(dated.amount, dated.since, dated.as_of, day)


def _baseline_note(moved: Dated, fixed: Dated) -> str:
    if fixed.since is not None and moved.since is not None and fixed.since != moved.since:
        return f" (the periods start on different days: {moved.since}, {fixed.since})"
    return ""


def _verdict(
    a: Claim,
    b: Claim,
    first: Amount,
    second: Amount,
    *,
    day: dt.date | None,
    how: str,
    via: Claim | None,
) -> Comparison:
    second = second.to(first.unit)

    def both() -> str:
        return (
            f"{how}: {interval_text(first.interval)} and {interval_text(second.interval)} "
            f"{units.format_unit(first.unit)}"
        )

    if first.interval.overlaps(second.interval):

        def agree() -> str:
            overlap = first.interval.intersection(second.interval)
            assert overlap is not None
            return f"{both()} overlap on {interval_text(overlap)}"

        return Comparison(a, b, Verdict.AGREE, agree, day, first, second, via=via)
    gap = _gap(first.interval, second.interval)

    def conflict() -> str:
        return f"{both()} are {grouped(gap)} apart"

    return Comparison(a, b, Verdict.CONFLICT, conflict, day, first, second, gap, via)


def _gap(first: Interval, second: Interval) -> float:
    return second.low - first.high if first.high <= second.low else first.low - second.high


def relative_checks(
    ledger: Ledger,
    claim: Claim,
    groups: dict[tuple[object, ...], list[Claim]],
    *,
    conflicts_only: bool = False,
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
        f"{claim.id} (= {base.id} × {interval_text(factor)})",
    )
    quantity = (claim.measure, claim.calibre_mm, claim.origin, claim.destination)
    divisors_by_day: dict[dt.date, list[Claim]] = {}
    for divisor in groups.get(base.quantity, []):
        if divisor.as_of is not None:
            divisors_by_day.setdefault(divisor.as_of, []).append(divisor)
    for other in groups.get(quantity, []):
        if units.dimension(other.unit) != units.dimension(base.unit):
            yield Comparison(claim, other, Verdict.CANNOT_COMPARE, "different dimensions")
            continue
        yield _compare_dated(claim, other, implied, Dated.of(other))
        if other.as_of is None:
            continue
        divisors = divisors_by_day.get(other.as_of, [])
        if conflicts_only:
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
        how = _ratio_explanation(claim, other, divisor, ratio, factor)
        if ratio.interval.overlaps(factor):
            yield Comparison(
                claim, other, Verdict.AGREE, how, other.as_of, factor_amount, ratio, via=divisor
            )
        else:
            yield Comparison(
                claim,
                other,
                Verdict.CONFLICT,
                how,
                other.as_of,
                factor_amount,
                ratio,
                _gap(factor, ratio.interval),
                divisor,
            )


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


def _ratio_explanation(
    claim: Claim, other: Claim, divisor: Claim, ratio: Amount, factor: Interval
) -> Callable[[], str]:
    def explain() -> str:
        stated = ""
        if ratio.nominal is not None:
            stated = (
                f"{grouped(other.figure.value)} ÷ {grouped(divisor.figure.value)} = "
                f"{grouped(ratio.nominal)}; "
            )
        return (
            f"{stated}{other.id} ÷ {divisor.id} (both {other.as_of}) is "
            f"{interval_text(ratio.interval)}, against 1 + {claim.figure.text!r} = "
            f"{interval_text(factor)}"
        )

    return explain


def _dimensionless() -> pint.Unit:
    return units.parse_unit("dimensionless")
