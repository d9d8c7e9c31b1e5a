"""Which claims conflict with another: the pairwise rule of ``reconcile``, fast.

``compare`` marks every claim that conflicts with another. Comparing every pair of a
quantity costs the square of its claims; here only the disjoint pairs are visited, found
by sorting each date's counts by their ends and bisecting, so the cost follows the number
of conflicts. The answers are those of ``reconcile``'s pairwise rule (a property test
checks it on random files).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable

from shellcount import units
from shellcount.fileformat import Basis
from shellcount.interval import Interval
from shellcount.model import Claim, Ledger
from shellcount.rates import carry_factor
from shellcount.reconcile import Comparison, Verdict, relative_checks


def conflicts(comparisons: Iterable[Comparison]) -> dict[str, list[str]]:
    """For each claim id, the ids of the claims it conflicts with."""
    found: dict[str, dict[str, None]] = {}  # ordered sets: two checks may find one pair
    for comparison in comparisons:
        if comparison.verdict is Verdict.CONFLICT:
            found.setdefault(comparison.claim_a.id, {})[comparison.claim_b.id] = None
            found.setdefault(comparison.claim_b.id, {})[comparison.claim_a.id] = None
    return {claim: list(others) for claim, others in found.items()}


def find_conflicts(ledger: Ledger) -> dict[str, list[str]]:
    """``conflicts(reconcile(ledger))``, without comparing every pair.

    The same rules decide, but only disjoint pairs are visited: counts of one date are
    sorted by their ends, and each claim carried to that date looks up, by bisection,
    the counts wholly above or below it. The cost follows the number of conflicts, not
    the number of pairs, so compare stays fast on files of many thousand claims.
    """
    found: dict[Claim, set[Claim]] = {}
    groups: dict[tuple[object, ...], list[Claim]] = {}
    for claim in ledger:
        if claim.relative_to is None:
            groups.setdefault(claim.quantity, []).append(claim)
    for claims in groups.values():
        for capacity in (True, False):
            same_kind = [c for c in claims if (c.basis is Basis.CAPACITY) is capacity]
            _conflicts_in(same_kind, found)
    for claim in ledger:
        if claim.relative_to is not None:
            for comparison in relative_checks(ledger, claim, groups, conflicts_only=True):
                if comparison.verdict is Verdict.CONFLICT:
                    found.setdefault(comparison.claim_a, set()).add(comparison.claim_b)
                    found.setdefault(comparison.claim_b, set()).add(comparison.claim_a)
    position = {claim: index for index, claim in enumerate(ledger.claims)}
    return {
        claim.id: [other.id for other in sorted(others, key=position.__getitem__)]
        for claim, others in sorted(found.items(), key=lambda item: position[item[0]])
    }


def _conflicts_in(claims: list[Claim], found: dict[Claim, set[Claim]]) -> None:
    if len(claims) < 2:
        return
    unit = claims[0].unit
    dimension = units.dimension(unit)
    claims = [c for c in claims if units.dimension(c.unit) == dimension]
    intervals = {c: c.amount.to(unit).interval for c in claims}
    by_day: dict[dt.date, list[Claim]] = {}
    undated: dict[object, list[Claim]] = {}
    for claim in claims:
        if claim.as_of is None:
            undated.setdefault(claim.source, []).append(claim)
        else:
            by_day.setdefault(claim.as_of, []).append(claim)
    for same_source in undated.values():  # only an undated source's own claims compare
        for index, first in enumerate(same_source):
            for second in same_source[index + 1 :]:
                if not intervals[first].overlaps(intervals[second]):
                    _record(first, second, found)
    days = sorted(by_day)
    for day in days:
        _SortedCounts(by_day[day], intervals).record_disjoint(
            by_day[day], intervals.__getitem__, found
        )
    # Across dates, the pairwise rule carries the earlier claim forward when it has a
    # period, else the later one back when it has one. A carried claim is its average
    # rate times the days since its start, so claims of one start are sorted by rate and
    # the ones that miss a count are found by bisection; there are few distinct starts.
    forward: dict[dt.date, _RateIndex] = {}
    for day in days:
        for since, rates in forward.items():
            rates.record_disjoint(by_day[day], day, (day - since).days, intervals, found)
        for claim in by_day[day]:
            if _has_rate(claim):
                forward.setdefault(_since(claim), _RateIndex()).add(claim, intervals)
    backward: dict[dt.date, _RateIndex] = {}
    for day in reversed(days):
        stuck = [claim for claim in by_day[day] if not _has_rate(claim)]
        if stuck:
            for since, rates in backward.items():
                if since <= day:
                    rates.record_disjoint(stuck, day, (day - since).days, intervals, found)
        for claim in by_day[day]:
            if _has_rate(claim):
                backward.setdefault(_since(claim), _RateIndex()).add(claim, intervals)


class _RateIndex:
    """Claims with one start date, sorted by the low and high ends of their average rate."""

    def __init__(self) -> None:
        self.lows: list[float] = []
        self.by_low: list[Claim] = []
        self.highs: list[float] = []
        self.by_high: list[Claim] = []

    def add(self, claim: Claim, intervals: dict[Claim, Interval]) -> None:
        rate = intervals[claim] / _period_days(claim)
        at = bisect.bisect(self.lows, rate.low)
        self.lows.insert(at, rate.low)
        self.by_low.insert(at, claim)
        at = bisect.bisect(self.highs, rate.high)
        self.highs.insert(at, rate.high)
        self.by_high.insert(at, claim)

    def record_disjoint(
        self,
        probes: list[Claim],
        day: dt.date,
        days: int,
        intervals: dict[Claim, Interval],
        found: dict[Claim, set[Claim]],
    ) -> None:
        """Each indexed claim carried to ``day`` (``days`` after its start) against each
        probe, as it stands: the pairs that miss each other are recorded."""
        if days < 0:
            return
        for probe in probes:
            count = intervals[probe]
            if days == 0:
                candidates: Iterable[Claim] = self.by_low  # carried to its start: zero
            else:
                # Candidates by rate, with a margin for rounding; the check is the exact rule.
                below = self.by_high[: bisect.bisect_right(self.highs, _up(count.low / days))]
                above = self.by_low[bisect.bisect_left(self.lows, _down(count.high / days)) :]
                candidates = itertools.chain(below, above)
            for claim in candidates:
                if not _carried(intervals, day, claim).overlaps(count):
                    _record(claim, probe, found)


def _has_rate(claim: Claim) -> bool:
    return claim.since is not None and claim.as_of is not None and _period_days(claim) > 0


def _since(claim: Claim) -> dt.date:
    assert claim.since is not None
    return claim.since


def _period_days(claim: Claim) -> int:
    assert claim.since is not None
    assert claim.as_of is not None
    return (claim.as_of - claim.since).days


def _up(value: float) -> float:
    """A bisection key a hair above ``value`` (rounding margin); infinity stays itself."""
    return value + abs(value) * 1e-9 + 1e-300 if math.isfinite(value) else value


def _down(value: float) -> float:
    """A hair below ``value``; infinity stays itself (inf - inf would be NaN)."""
    return value - abs(value) * 1e-9 - 1e-300 if math.isfinite(value) else value


class _SortedCounts:
    """Counts of one date, sorted so that those above or below a value are a slice."""

    def __init__(self, claims: list[Claim], intervals: dict[Claim, Interval]) -> None:
        self.by_low = sorted(claims, key=lambda c: intervals[c].low)
        self.lows = [intervals[c].low for c in self.by_low]
        self.by_high = sorted(claims, key=lambda c: intervals[c].high)
        self.highs = [intervals[c].high for c in self.by_high]
        self.intervals = intervals

    def record_disjoint(
        self,
        probes: list[Claim],
        interval_of: Callable[[Claim], Interval],
        found: dict[Claim, set[Claim]],
    ) -> None:
        for probe in probes:
            probe_interval = interval_of(probe)
            above = self.by_low[bisect.bisect_left(self.lows, probe_interval.high) :]
            below = self.by_high[: bisect.bisect_right(self.highs, probe_interval.low)]
            for other in itertools.chain(above, below):
                if other is probe:
                    continue
                if not probe_interval.overlaps(self.intervals[other]):
                    _record(probe, other, found)


def _carried(intervals: dict[Claim, Interval], day: dt.date, claim: Claim) -> Interval:
    # The pairwise rule's own factor, so both find exactly the same conflicts.
    scale = carry_factor(claim.since, claim.as_of, day)
    assert scale is not None  # only claims with a rate are carried here
    return intervals[claim] * scale


def _record(first: Claim, second: Claim, found: dict[Claim, set[Claim]]) -> None:
    found.setdefault(first, set()).add(second)
    found.setdefault(second, set()).add(first)
