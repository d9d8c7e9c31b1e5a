"""Which claims agree and which cannot all be true.

Two claims on the same quantity are compared at a common date: the same ``as_of``, or one
carried to the other's date at its own average rate since its ``since`` (the rule of
``timeline.count_at_rate``). Overlapping intervals agree; disjoint ones conflict, and the
gap between them is reported. A capacity conversion is not a count, so it is compared only
with other capacities. A ``relative_to`` claim ("about 30% larger") is turned into the
quantity it implies and compared like any other; it is also checked as a ratio against
pairs of same-day counts of the two quantities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from shellcount import units
from shellcount.fileformat import Basis
from shellcount.interval import Interval
from shellcount.model import Amount, Claim, Ledger
from shellcount.numbers import grouped, interval_text
from shellcount.timeline import carry

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
    how: str
    day: dt.date | None = None
    a: Amount | None = None  # claim a's side as compared (carried, implied or a ratio)
    b: Amount | None = None
    gap: float | None = None
    via: Claim | None = None  # a third claim the comparison used (the ratio's divisor)


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
            results.extend(_relative_checks(ledger, claim, groups))
    return results


def compare_pair(a: Claim, b: Claim) -> Comparison:
    if (a.basis is Basis.CAPACITY) != (b.basis is Basis.CAPACITY):
        return Comparison(
            a, b, Verdict.CANNOT_COMPARE, "a capacity conversion is not a count of what was sent"
        )
    if units.dimension(a.unit) != units.dimension(b.unit):
        return Comparison(a, b, Verdict.CANNOT_COMPARE, "different dimensions")
    return _compare_dated(a, b, Dated.of(a), Dated.of(b))


def conflicts(comparisons: Iterable[Comparison]) -> dict[str, list[str]]:
    """For each claim id, the ids of the claims it conflicts with."""
    found: dict[str, list[str]] = {}
    for comparison in comparisons:
        if comparison.verdict is Verdict.CONFLICT:
            found.setdefault(comparison.claim_a.id, []).append(comparison.claim_b.id)
            found.setdefault(comparison.claim_b.id, []).append(comparison.claim_a.id)
    return found


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
    overlap = first.interval.intersection(second.interval)
    unit = units.format_unit(first.unit)
    if overlap is not None:
        how = (
            f"{how}: {interval_text(first.interval)} and {interval_text(second.interval)} "
            f"{unit} overlap on {interval_text(overlap)}"
        )
        return Comparison(a, b, Verdict.AGREE, how, day, first, second, via=via)
    gap = _gap(first.interval, second.interval)
    return Comparison(
        a,
        b,
        Verdict.CONFLICT,
        f"{how}: {interval_text(first.interval)} and {interval_text(second.interval)} {unit} "
        f"are {grouped(gap)} apart",
        day,
        first,
        second,
        gap,
        via,
    )


def _gap(first: Interval, second: Interval) -> float:
    return second.low - first.high if first.high <= second.low else first.low - second.high


def _relative_checks(
    ledger: Ledger, claim: Claim, groups: dict[tuple[object, ...], list[Claim]]
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
    for other in groups.get(quantity, []):
        if units.dimension(other.unit) != units.dimension(base.unit):
            yield Comparison(claim, other, Verdict.CANNOT_COMPARE, "different dimensions")
            continue
        yield _compare_dated(claim, other, implied, Dated.of(other))
        yield from _ratio_checks(
            claim, other, groups.get(base.quantity, []), factor, nominal_factor
        )


def _ratio_checks(
    claim: Claim,
    other: Claim,
    base_quantity: list[Claim],
    factor: Interval,
    nominal_factor: float | None,
) -> Iterator[Comparison]:
    """``other`` divided by a same-day count of the base quantity, against 1 + the figure."""
    for divisor in base_quantity:
        if divisor.as_of is None or divisor.as_of != other.as_of:
            continue
        ratio = other.amount / divisor.amount.to(other.unit)
        overlap = ratio.interval.intersection(factor)
        stated = ""
        if ratio.nominal is not None:
            stated = (
                f"{grouped(other.figure.value)} ÷ {grouped(divisor.figure.value)} = "
                f"{grouped(ratio.nominal)}; "
            )
        how = (
            f"{stated}{other.id} ÷ {divisor.id} (both {other.as_of}) is "
            f"{interval_text(ratio.interval)}, against 1 + {claim.figure.text!r} = "
            f"{interval_text(factor)}"
        )
        factor_amount = Amount(nominal_factor, factor, _dimensionless())
        if overlap is not None:
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


def _dimensionless() -> pint.Unit:
    return units.parse_unit("dimensionless")
