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
import functools
import itertools
from collections.abc import Callable, Iterable

from shellcount import units
from shellcount.fileformat import Basis
from shellcount.interval import Interval
from shellcount.model import Claim, Ledger
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
    for index, day in enumerate(days):
        fixed = _SortedCounts(by_day[day], intervals)
        fixed.record_disjoint(by_day[day], intervals.__getitem__, found)
        for earlier_day in days[:index]:
            # The pairwise rule: the earlier claim is carried forward when it has a period;
            # otherwise the later one is carried back, when it has one.
            earlier = by_day[earlier_day]
            forward = [c for c in earlier if _can_carry(c, day)]
            fixed.record_disjoint(forward, functools.partial(_carried, intervals, day), found)
            stuck = [c for c in earlier if not _can_carry(c, day)]
            if stuck:
                back = [c for c in by_day[day] if _can_carry(c, earlier_day)]
                if back:
                    _SortedCounts(stuck, intervals).record_disjoint(
                        back, functools.partial(_carried, intervals, earlier_day), found
                    )


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


def _can_carry(claim: Claim, day: dt.date) -> bool:
    return (
        claim.since is not None
        and claim.as_of is not None
        and (claim.as_of == day or (claim.since <= day and (claim.as_of - claim.since).days > 0))
    )


def _carried(intervals: dict[Claim, Interval], day: dt.date, claim: Claim) -> Interval:
    assert claim.since is not None
    assert claim.as_of is not None
    return intervals[claim] * ((day - claim.since).days / (claim.as_of - claim.since).days)


def _record(first: Claim, second: Claim, found: dict[Claim, set[Claim]]) -> None:
    found.setdefault(first, set()).add(second)
    found.setdefault(second, set()).add(first)
