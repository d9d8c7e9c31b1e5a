"""A cumulative count's average rate over its period, and the count carried to another
date at that rate: the one rule reconcile and pool use to bring claims to a common date."""

from __future__ import annotations

import datetime as dt

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.ledger.model import Amount, Claim
from shellcount.record import record


@record
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
    scale = carry_factor(since, as_of, day)
    return None if scale is None else amount.scaled(scale)


def carry_factor(since: dt.date | None, as_of: dt.date | None, day: dt.date) -> float | None:
    """What a count over ``since``..``as_of`` is multiplied by to read it on ``day`` at its
    average rate: 1 on its own date; None without a period or before the period starts."""
    if as_of == day:
        return 1.0
    if since is None or as_of is None or day < since or (as_of - since).days <= 0:
        return None
    return (day - since).days / (as_of - since).days
