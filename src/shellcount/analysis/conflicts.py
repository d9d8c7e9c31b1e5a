"""Which claims disagree with another (a conflict or a tension): ``reconcile``'s pairwise
rule, fast.

``compare`` marks every claim that conflicts with another or is in tension with one.
Comparing every pair of a quantity costs the square of its claims; here only the pairs
that can disagree are visited: pairs disjoint on one day (sorted ends and bisection),
pairs disjoint once one is carried at its average rate (claims of one start sorted by
rate), and later counts below earlier ones when neither has a rate (sorted lows). Each
candidate is then judged by the pairwise rule itself, so the answers are ``reconcile``'s
(a property test checks it on random files) and the cost follows the number of
disagreements, not the number of pairs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable

from shellcount.analysis.rates import carry_factor
from shellcount.analysis.reconcile import (
    VERDICT_ORDER,
    Comparison,
    Verdict,
    compare_pair,
    quantity_groups,
    relative_checks,
)
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Claim, Ledger

DISAGREEMENTS = (Verdict.CONFLICT, Verdict.TENSION)

Disagreements = dict[str, list[tuple[str, Verdict]]]
"""For each claim id, the claims it disagrees with and how: conflicts first, then
tensions, each in file order."""


def find_disagreements(ledger: Ledger) -> list[Comparison]:
    """The conflicts and tensions of ``reconcile(ledger)``, without comparing every pair:
    one comparison per pair of claims (the stronger, where two checks judge one pair)."""
    found: dict[frozenset[Claim], Comparison] = {}
    groups = quantity_groups(ledger)
    for claims in groups.values():
        for capacity in (True, False):
            same_kind = [c for c in claims if (c.basis is Basis.CAPACITY) is capacity]
            for first, second in _candidates(same_kind):
                keep_stronger(compare_pair(ledger, first, second), found)
    for claim in ledger:
        if claim.relative_to is not None:
            for comparison in relative_checks(ledger, claim, groups, disagreements_only=True):
                keep_stronger(comparison, found)
    return list(found.values())


def keep_stronger(comparison: Comparison, found: dict[frozenset[Claim], Comparison]) -> None:
    """Keep ``comparison`` if it is a disagreement stronger than the one known for its pair
    (a relative claim is checked as a count and as a ratio: two verdicts for one pair)."""
    if comparison.verdict not in DISAGREEMENTS:
        return
    pair = frozenset((comparison.claim_a, comparison.claim_b))
    known = found.get(pair)
    if known is None or VERDICT_ORDER[comparison.verdict] < VERDICT_ORDER[known.verdict]:
        found[pair] = comparison


def by_claim(ledger: Ledger, comparisons: Iterable[Comparison]) -> Disagreements:
    """Each claim's disagreements, from a list of comparisons (the stronger per pair)."""
    strongest: dict[frozenset[Claim], Comparison] = {}
    for comparison in comparisons:
        keep_stronger(comparison, strongest)
    position = {claim: index for index, claim in enumerate(ledger.claims)}
    found: dict[Claim, list[tuple[Claim, Verdict]]] = {}
    for comparison in strongest.values():
        a, b, verdict = comparison.claim_a, comparison.claim_b, comparison.verdict
        found.setdefault(a, []).append((b, verdict))
        found.setdefault(b, []).append((a, verdict))
    return {
        claim.id: [
            (other.id, verdict)
            for other, verdict in sorted(
                others, key=lambda item: (VERDICT_ORDER[item[1]], position[item[0]])
            )
        ]
        for claim, others in sorted(found.items(), key=lambda item: position[item[0]])
    }


def candidate_pairs(claims: list[Claim]) -> set[frozenset[Claim]]:
    """Every pair of ``claims`` that may disagree (and some that do not), in no order."""
    pairs: set[frozenset[Claim]] = set()
    _disjoint_pairs(claims, pairs)
    return pairs


def _candidates(claims: list[Claim]) -> list[tuple[Claim, Claim]]:
    """Every pair of ``claims`` that may disagree (and some that do not), each once, in
    the pairwise rule's order (file order)."""
    pairs = candidate_pairs(claims)
    position = {claim: index for index, claim in enumerate(claims)}
    ordered = [tuple(sorted(pair, key=position.__getitem__)) for pair in pairs]
    return sorted(
        ((first, second) for first, second in ordered),
        key=lambda pair: (position[pair[0]], position[pair[1]]),
    )


def _disjoint_pairs(claims: list[Claim], found: set[frozenset[Claim]]) -> None:
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
                    _pair(first, second, found)
    if not units.is_count(unit):
        # Rates and shares are never carried: on any two days they compare as stated.
        dated = [claim for day_claims in by_day.values() for claim in day_claims]
        _SortedCounts(dated, intervals).record_disjoint(dated, intervals.__getitem__, found)
        return
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
    # Neither has a rate: a later count with no start (the flow's, so its window holds
    # every earlier one) below an earlier count conflicts. Earlier lows kept sorted; those
    # above a later count's high are a slice.
    lows: list[float] = []
    by_low: list[Claim] = []
    for day in days:
        for claim in by_day[day]:
            if claim.since is None:
                high = intervals[claim].high
                for earlier in by_low[bisect.bisect_right(lows, high) :]:
                    _pair(earlier, claim, found)
        for claim in by_day[day]:
            if not _has_rate(claim):
                at = bisect.bisect(lows, intervals[claim].low)
                lows.insert(at, intervals[claim].low)
                by_low.insert(at, claim)


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
        found: set[frozenset[Claim]],
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
                    _pair(claim, probe, found)


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
        found: set[frozenset[Claim]],
    ) -> None:
        for probe in probes:
            probe_interval = interval_of(probe)
            above = self.by_low[bisect.bisect_left(self.lows, probe_interval.high) :]
            below = self.by_high[: bisect.bisect_right(self.highs, probe_interval.low)]
            for other in itertools.chain(above, below):
                if other is probe:
                    continue
                if not probe_interval.overlaps(self.intervals[other]):
                    _pair(probe, other, found)


def _carried(intervals: dict[Claim, Interval], day: dt.date, claim: Claim) -> Interval:
    # The pairwise rule's own factor, so both find exactly the same conflicts.
    scale = carry_factor(claim.since, claim.as_of, day)
    assert scale is not None  # only claims with a rate are carried here
    return intervals[claim] * scale


def _pair(first: Claim, second: Claim, found: set[frozenset[Claim]]) -> None:
    found.add(frozenset((first, second)))
