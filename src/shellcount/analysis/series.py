"""The one rule for a count at any date: every source's dated counts as one series.

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
from collections.abc import Iterable
from statistics import fmean
from typing import TYPE_CHECKING

from shellcount.arithmetic.interval import Interval, hull, lerp
from shellcount.ledger.model import Amount, Claim
from shellcount.record import record

if TYPE_CHECKING:
    import pint

ZERO = Interval.point(0.0)


@record
class CountPoint:
    """What the counts say on one day, and which claims say it."""

    day: dt.date
    interval: Interval
    nominal: float | None
    claims: tuple[Claim, ...]
    starts: tuple[Claim, ...]  # claims whose period starts here (their zero)


@record
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
