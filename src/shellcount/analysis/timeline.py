"""The timeline of one quantity: each dated count with its period and rate, the change
since the counts of the date before, and counts that fall below an earlier one."""

from __future__ import annotations

import datetime as dt
import itertools

from shellcount.analysis.rates import period_rate
from shellcount.analysis.series import CountAt, CountSeries, envelope
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Amount, Claim
from shellcount.record import record


@record
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
    falls_below: Claim | None = None  # a period: the earlier count it is wholly below
    falls: bool = False  # a step: below the envelope of the counts before it
    reading: CountAt | None = None  # an "at" row: where on the series it was read


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
        before = _Previous(tuple(previous_day))
        for claim in same_day:
            entries.append(_period(claim, highest_low))
            if previous_day:
                entries.append(_step(before, claim))
        for claim in same_day:
            if highest_low is None or claim.amount.interval.low > _low_in(highest_low, claim):
                highest_low = claim
        previous_day = same_day
    if at is not None and counts:
        reading = CountSeries(counts).at(at)
        if reading is not None:
            entries.append(
                TimelineEntry("at", None, (), None, at, reading.amount, None, None, reading=reading)
            )
    return entries


def _period(claim: Claim, highest_low: Claim | None) -> TimelineEntry:
    rate = period_rate(claim)
    below = None
    if highest_low is not None and claim.amount.interval.high < _low_in(highest_low, claim):
        below = highest_low
    return TimelineEntry(
        "period",
        claim,
        (),
        claim.since,
        _as_of(claim),
        claim.amount,
        rate.days if rate else None,
        rate.per_day if rate else None,
        falls_below=below,
    )


class _Previous:
    """The counts of the date before, and their envelope in each unit asked for: worked
    out once for all the claims of a day, not once per claim."""

    def __init__(self, claims: tuple[Claim, ...]) -> None:
        self.claims = claims
        self._envelopes: dict[str, tuple[Interval, float | None]] = {}

    def envelope(self, claim: Claim) -> tuple[Interval, float | None]:
        # Keyed by the unit's text: a pint unit's hash costs more than the lookup saves.
        found = self._envelopes.get(claim.unit_text)
        if found is None:
            found = envelope(c.amount.to(claim.unit) for c in self.claims)
            self._envelopes[claim.unit_text] = found
        return found


def _step(before: _Previous, claim: Claim) -> TimelineEntry:
    previous = before.claims
    interval, nominal = before.envelope(claim)
    change_nominal = None
    if claim.amount.nominal is not None and nominal is not None:
        change_nominal = claim.amount.nominal - nominal
    change = Amount(change_nominal, claim.amount.interval - interval, claim.unit)
    days = (_as_of(claim) - _as_of(previous[0])).days
    duration = Amount(float(days), Interval.point(float(days)), units.parse_unit("day"))
    return TimelineEntry(
        "step",
        claim,
        previous,
        _as_of(previous[0]),
        _as_of(claim),
        change,
        days,
        change / duration,
        falls=claim.amount.interval.high < interval.low,
    )


def _as_of(claim: Claim) -> dt.date:
    assert claim.as_of is not None
    return claim.as_of


def _low_in(claim: Claim, other: Claim) -> float:
    return claim.amount.to(other.unit).interval.low
