"""Cumulative counts over time, and the one rule for a count at any date.

Every dated count of one quantity (all sources together) is a point: its interval at its
``as_of``, and zero at its ``since``. A ``since`` later than the first count is left out:
it says where that source began counting, not that the flow fell back to zero. Points on
the same day are merged into their envelope (the nominal is the mean of the stated
numbers). Between two points the count is interpolated linearly, each end of the
interval separately; outside the first and last point it is unknown, never extrapolated.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING

from shellcount import units
from shellcount.fileformat import Basis
from shellcount.interval import Interval, hull, lerp
from shellcount.model import Amount, Claim

if TYPE_CHECKING:
    import pint

ZERO = Interval.point(0.0)


@dataclass(frozen=True)
class CountPoint:
    """What the counts say on one day, and which claims say it."""

    day: dt.date
    interval: Interval
    nominal: float | None
    claims: tuple[Claim, ...]
    starts: tuple[Claim, ...]  # claims whose period starts here (their zero)

    def describe(self) -> str:
        names = [c.id for c in self.claims] + [f"{c.id} starts" for c in self.starts]
        return f"{self.day} ({', '.join(names)})"


@dataclass(frozen=True)
class CountAt:
    """A count read off the series at one day: a point of it, or between two."""

    day: dt.date
    amount: Amount
    before: CountPoint
    after: CountPoint | None  # None when the day is a point of the series
    fraction: float

    @property
    def claims(self) -> tuple[Claim, ...]:
        used = [*self.before.claims, *self.before.starts]
        if self.after is not None:
            used += [*self.after.claims, *self.after.starts]
        return tuple(dict.fromkeys(used))

    def describe(self) -> str:
        if self.after is None:
            return f"the count on {self.before.describe()}"
        return (
            f"{self.fraction:.3f} of the way from {self.before.describe()} "
            f"to {self.after.describe()}"
        )


class CountSeries:
    """The dated counts of one quantity, ready to be read at any day."""

    def __init__(self, claims: Iterable[Claim]) -> None:
        claims = [c for c in claims if c.as_of is not None]
        self.unit = claims[0].unit if claims else None
        by_day: dict[dt.date, tuple[list[Claim], list[Claim]]] = {}
        for claim in claims:
            assert claim.as_of is not None
            by_day.setdefault(claim.as_of, ([], []))[0].append(claim)
        first_count = min(by_day, default=None)
        for claim in claims:
            if claim.since is not None and first_count is not None and claim.since <= first_count:
                by_day.setdefault(claim.since, ([], []))[1].append(claim)
        self.points = (
            [_merge(day, *by_day[day], self.unit) for day in sorted(by_day)] if self.unit else []
        )
        self._days = [point.day for point in self.points]

    def __bool__(self) -> bool:
        return bool(self.points)

    def at(self, day: dt.date) -> CountAt | None:
        """The count on ``day``, or None when no two points bracket it."""
        if not self.points or self.unit is None:
            return None
        index = bisect.bisect_left(self._days, day)
        if index < len(self._days) and self._days[index] == day:
            point = self.points[index]
            return CountAt(day, Amount(point.nominal, point.interval, self.unit), point, None, 0)
        if index == 0 or index == len(self._days):
            return None
        before, after = self.points[index - 1], self.points[index]
        fraction = (day - before.day).days / (after.day - before.day).days
        nominal = None
        if before.nominal is not None and after.nominal is not None:
            nominal = before.nominal + (after.nominal - before.nominal) * fraction
        interval = lerp(before.interval, after.interval, fraction)
        return CountAt(day, Amount(nominal, interval, self.unit), before, after, fraction)


@dataclass(frozen=True)
class PeriodRate:
    """A cumulative count's average rate over its own period (``since`` to ``as_of``)."""

    claim: Claim
    days: int
    per_day: Amount

    def per(self, unit_name: str) -> Amount:
        """The rate per ``day``, ``week``, ``month``, ... (pint converts)."""
        return self.per_day.to(units.ratio_unit(self.claim.unit, units.parse_unit(unit_name)))


def period_rate(claim: Claim) -> PeriodRate | None:
    """The rate over the claim's period; None without a period of at least a day."""
    if claim.since is None or claim.as_of is None:
        return None
    days = (claim.as_of - claim.since).days
    if days <= 0:
        return None
    duration = Amount(float(days), Interval.point(float(days)), units.parse_unit("day"))
    return PeriodRate(claim, days, claim.amount / duration)


def count_at_rate(claim: Claim, day: dt.date) -> Amount | None:
    """The claim's count carried to ``day`` at its own average rate since its ``since``.

    The claim itself on its own date; None when it has no period to take a rate from,
    or ``day`` is before the period starts.
    """
    return carry(claim.amount, claim.since, claim.as_of, day)


def carry(
    amount: Amount, since: dt.date | None, as_of: dt.date | None, day: dt.date
) -> Amount | None:
    """A cumulative amount over ``since``..``as_of`` carried to ``day`` at its average rate."""
    if as_of == day:
        return amount
    if since is None or as_of is None or day < since or (as_of - since).days <= 0:
        return None
    return amount.scaled((day - since).days / (as_of - since).days)


def envelope(amounts: Iterable[Amount]) -> tuple[Interval, float | None]:
    """Several counts of one thing on one day: their envelope, and the mean stated number
    (None when any of them states none)."""
    items = list(amounts)
    stated = [a.nominal for a in items]
    nominal = None if None in stated else fmean(v for v in stated if v is not None)
    return hull(a.interval for a in items), nominal


def _merge(day: dt.date, counts: list[Claim], starts: list[Claim], unit: pint.Unit) -> CountPoint:
    zero = Amount(0.0, ZERO, unit)
    interval, nominal = envelope([c.amount.to(unit) for c in counts] + [zero for _ in starts])
    return CountPoint(day, interval, nominal, tuple(counts), tuple(starts))


@dataclass(frozen=True)
class TimelineEntry:
    """A row of the timeline: a count over its period, or the change between two counts."""

    kind: str  # "period", "step" or "at"
    claim: Claim | None
    previous: tuple[Claim, ...]  # for a step: the counts of the date before
    since: dt.date | None
    as_of: dt.date
    amount: Amount
    days: int | None
    per_day: Amount | None
    flag: str = ""
    how: str = ""


def is_cumulative_count(claim: Claim) -> bool:
    """A dated count that can sit on a timeline (capacities and percentages cannot)."""
    return (
        claim.as_of is not None
        and claim.relative_to is None
        and claim.basis is not Basis.CAPACITY
        and units.is_count(claim.unit)
    )


def timeline(claims: list[Claim], at: dt.date | None = None) -> list[TimelineEntry]:
    """The counts of one quantity in date order, each with its own period's rate and the
    change since the counts of the date before (their envelope); with ``at``, the count
    read off the series on that day."""
    counts = sorted((c for c in claims if is_cumulative_count(c)), key=_as_of)
    entries: list[TimelineEntry] = []
    highest_low: Claim | None = None  # of the counts on earlier dates
    previous_day: list[Claim] = []
    for _day, group in itertools.groupby(counts, key=_as_of):
        same_day = list(group)
        for claim in same_day:
            entries.append(_period(claim, highest_low))
            if previous_day:
                entries.append(_step(previous_day, claim))
        for claim in same_day:
            if highest_low is None or claim.amount.interval.low > _low_in(highest_low, claim):
                highest_low = claim
        previous_day = same_day
    if at is not None and counts:
        reading = CountSeries(counts).at(at)
        if reading is not None:
            entries.append(
                TimelineEntry(
                    "at", None, (), None, at, reading.amount, None, None, "", reading.describe()
                )
            )
    return entries


def _period(claim: Claim, highest_low: Claim | None) -> TimelineEntry:
    rate = period_rate(claim)
    flag = ""
    if highest_low is not None and claim.amount.interval.high < _low_in(highest_low, claim):
        flag = f"falls-below:{highest_low.id}"
    return TimelineEntry(
        "period",
        claim,
        (),
        claim.since,
        _as_of(claim),
        claim.amount,
        rate.days if rate else None,
        rate.per_day if rate else None,
        flag,
        "over its own period" if rate else "no period (no since)",
    )


def _step(previous: list[Claim], claim: Claim) -> TimelineEntry:
    interval, nominal = envelope(c.amount.to(claim.unit) for c in previous)
    change_nominal = None
    if claim.amount.nominal is not None and nominal is not None:
        change_nominal = claim.amount.nominal - nominal
    change = Amount(change_nominal, claim.amount.interval - interval, claim.unit)
    days = (_as_of(claim) - _as_of(previous[0])).days
    duration = Amount(float(days), Interval.point(float(days)), units.parse_unit("day"))
    flag = "falls" if claim.amount.interval.high < interval.low else ""
    ids = ", ".join(c.id for c in previous)
    return TimelineEntry(
        "step",
        claim,
        tuple(previous),
        _as_of(previous[0]),
        _as_of(claim),
        change,
        days,
        change / duration,
        flag,
        f"{claim.id} minus {ids}" + (" (their envelope)" if len(previous) > 1 else ""),
    )


def _as_of(claim: Claim) -> dt.date:
    assert claim.as_of is not None
    return claim.as_of


def _low_in(claim: Claim, other: Claim) -> float:
    return claim.amount.to(other.unit).interval.low
