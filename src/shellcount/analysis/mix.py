"""Mix: one container count converted to two calibres, and every share between them.

A source that says the same containers "could carry X rounds of calibre A, or Y of
calibre B" gives two capacity claims (``basis: capacity``) converting one container
claim. If a share ``s`` of those containers carried calibre A and the rest calibre B, they
held

    total(s) = s × A + (1 − s) × B        for 0 ≤ s ≤ 1

rounds, each end of the interval separately: an open high end of A stays open for every
``s > 0`` (and zero times an open end is zero, so ``total(0)`` is B exactly).

Another source's count T of the same flow on the same date is matched to a share: on the
stated numbers ``s = (T − B) / (A − B)``; with the hedges, the shares in [0, 1] for which
total(s) overlaps T. A stated share outside [0, 1] means no mix of the two explains T.
Counts on other dates are left unmatched: comparing them would need a rate.
"""

from __future__ import annotations

import heapq
import math
from enum import Enum

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval, hull
from shellcount.errors import ShellcountError
from shellcount.ledger.fileformat import Basis
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.record import record

CURVE_STEPS = 10  # shares 0, 0.1, ..., 1


class SameCalibreError(ShellcountError):
    """Calibres A and B that are one (``units.same_calibre``): a usage error, not bad data."""


def require_two_calibres(calibre_a: float, calibre_b: float) -> None:
    """Refuse two calibres that are one: each capacity claim would then be both A and B,
    and a mix of a calibre with itself says nothing of the share."""
    if units.same_calibre(calibre_a, calibre_b):
        raise SameCalibreError("the two calibres must differ")


@record
class Mix:
    """Two capacity claims, of calibres A and B, converting the same container claim."""

    containers: Claim
    a: Claim
    b: Claim

    @property
    def source_ids(self) -> frozenset[str]:
        return frozenset((self.a.source.id, self.b.source.id))

    @property
    def total_a(self) -> Amount:
        """What the containers hold if all carry calibre A, in rounds."""
        return _in_rounds(self.a)

    @property
    def total_b(self) -> Amount:
        return _in_rounds(self.b)

    def total(self, share: float) -> Amount:
        """The containers' content when a share ``share`` of them carries calibre A."""
        return mix_total(self.total_a, self.total_b, share)


@record
class CurvePoint:
    """A point of a mix's curve: the rounds when a share ``share`` of containers carries A."""

    mix: Mix
    share: float
    total: Amount


class Flag(str, Enum):
    """What a reader must know about a match before using it."""

    ABOVE_ALL_A = "above-all-A"
    BELOW_ALL_A = "below-all-A"
    ABOVE_ALL_B = "above-all-B"
    BELOW_ALL_B = "below-all-B"
    NO_SHARE_FITS = "no-share-fits"
    NO_STATED_SHARE = "no-stated-share"


@record
class Match:
    """Another source's total read as a share of calibre A."""

    mix: Mix
    claim: Claim
    total: Amount  # the claim's count, in rounds
    share: float | None  # on stated numbers; None without them or when A and B state the same
    fits: Interval | None  # shares in [0, 1] whose total overlaps the claim's; None: none do
    flags: tuple[Flag, ...]


class Unmatched(str, Enum):
    """Why a count of the flow was not matched to a share."""

    SAME_SOURCE = "same-source"
    SAME_STATEMENT = "same-statement"  # a restatement of the conversion (or its count)
    OTHER_DATE = "other-date"
    UNDATED = "undated"


@record
class MixResult:
    """A mix, its curve over the shares, and what other sources' totals say of it."""

    mix: Mix
    curve: tuple[CurvePoint, ...]
    matches: tuple[Match, ...]
    unmatched: tuple[tuple[Claim, Unmatched], ...]


def same_calibre(claim: Claim, calibre_mm: float) -> bool:
    """A calibre stated and within tolerance (a mix needs both calibres stated)."""
    return claim.calibre_mm is not None and units.same_calibre(claim.calibre_mm, calibre_mm)


def find_mixes(ledger: Ledger, calibre_a: float, calibre_b: float) -> list[Mix]:
    """Every pair of capacity claims, of calibre A and of calibre B, converting one
    container claim; in the file order of the container claims, then of the pairs."""
    converting: dict[str, list[Claim]] = {}
    for claim in ledger:
        if claim.basis is Basis.CAPACITY and claim.converts and claim.counts_munitions:
            converting.setdefault(claim.converts, []).append(claim)
    mixes = []
    for containers in ledger:
        capacities = converting.get(containers.id, [])
        mixes += [
            Mix(containers, a, b)
            for a in capacities
            if same_calibre(a, calibre_a)
            for b in capacities
            if same_calibre(b, calibre_b) and b is not a
        ]
    return mixes


def mix_interval(a: Interval, b: Interval, share: float) -> Interval:
    """``share × a + (1 − share) × b``, each end separately."""
    return a * share + b * (1 - share)


def mix_total(a: Amount, b: Amount, share: float) -> Amount:
    """``share × a + (1 − share) × b`` for two amounts in the same unit."""
    nominal = None
    if a.nominal is not None and b.nominal is not None:
        nominal = share * a.nominal + (1 - share) * b.nominal
    return Amount(nominal, mix_interval(a.interval, b.interval, share), a.unit)


def stated_share(a: float | None, b: float | None, target: float | None) -> float | None:
    """The share of A at which the stated totals give ``target``: (T − B) / (A − B)."""
    if a is None or b is None or target is None or a == b:
        return None
    return (target - b) / (a - b)


def fitting_shares(a: Interval, b: Interval, target: Interval) -> Interval | None:
    """The shares s in [0, 1] for which ``mix_interval(a, b, s)`` overlaps ``target``.

    Inside (0, 1) each end of the mix is linear in s (or unbounded throughout), so each
    condition of an overlap (mix low ≤ target high, mix high ≥ target low) holds on a
    half-line of s. At s = 0 and 1 the mix is B or A exactly, with B's or A's own open or
    excluded ends, so those two are tested directly. The result is one interval: where
    both ends hold for 0 and for some s inside, they hold for every s between.
    """
    pieces = []
    inside = _fit_inside(a, b, target)
    if inside is not None:
        pieces.append(inside)
    pieces += [
        Interval.point(end)
        for end in (0.0, 1.0)
        if mix_interval(a, b, end).intersection(target) is not None
    ]
    return hull(pieces) if pieces else None


def analyse(ledger: Ledger, calibre_a: float, calibre_b: float) -> list[MixResult]:
    """Every mix of the two calibres in the ledger, with its curve and matches."""
    require_two_calibres(calibre_a, calibre_b)
    results = []
    counts = _FlowCounts(ledger, (calibre_a, calibre_b))
    for mix in find_mixes(ledger, calibre_a, calibre_b):
        curve = tuple(
            CurvePoint(mix, step / CURVE_STEPS, mix.total(step / CURVE_STEPS))
            for step in range(CURVE_STEPS + 1)
        )
        matches: list[Match] = []
        unmatched: list[tuple[Claim, Unmatched]] = []
        for claim in counts.of_the_flow(mix.containers):
            if claim.source.id in mix.source_ids:
                unmatched.append((claim, Unmatched.SAME_SOURCE))
            elif any(ledger.same_statement(claim, own) for own in (mix.a, mix.b)):
                unmatched.append((claim, Unmatched.SAME_STATEMENT))
            elif claim.as_of is None or mix.containers.as_of is None:
                unmatched.append((claim, Unmatched.UNDATED))
            elif claim.as_of != mix.containers.as_of:
                unmatched.append((claim, Unmatched.OTHER_DATE))
            else:
                matches.append(match(mix, claim))
        results.append(MixResult(mix, curve, tuple(matches), tuple(unmatched)))
    return results


def match(mix: Mix, claim: Claim) -> Match:
    """The claim's total read as a share of calibre A in the mix."""
    a, b, total = mix.total_a, mix.total_b, _in_rounds(claim)
    share = stated_share(a.nominal, b.nominal, total.nominal)
    fits = fitting_shares(a.interval, b.interval, total.interval)
    flags = []
    if share is None or a.nominal is None or b.nominal is None:
        flags.append(Flag.NO_STATED_SHARE)
    elif share > 1:
        # Beyond A, on the far side from B: above A when A is the larger total.
        flags.append(Flag.ABOVE_ALL_A if a.nominal > b.nominal else Flag.BELOW_ALL_A)
    elif share < 0:
        flags.append(Flag.BELOW_ALL_B if b.nominal < a.nominal else Flag.ABOVE_ALL_B)
    if fits is None:
        flags.append(Flag.NO_SHARE_FITS)
    return Match(mix, claim, total, share, fits, tuple(flags))


class _FlowCounts:
    """Counts of munitions (not capacities) of calibre A, B or none, by flow: read once,
    not once per mix (a file holds many mixes of a few flows)."""

    def __init__(self, ledger: Ledger, calibres: tuple[float, float]) -> None:
        self.by_flow: dict[tuple[str | None, str | None], list[tuple[int, Claim]]] = {}
        for index, claim in enumerate(ledger):
            if (
                claim.counts_munitions
                and claim.basis is not Basis.CAPACITY
                and (claim.calibre_mm is None or any(same_calibre(claim, c) for c in calibres))
            ):
                key = (claim.origin, claim.destination)
                self.by_flow.setdefault(key, []).append((index, claim))
        self.found: dict[tuple[str | None, str | None], list[Claim]] = {}

    def of_the_flow(self, containers: Claim) -> list[Claim]:
        """The counts of the containers' flow (``Claim.same_flow``), in file order."""
        key = (containers.origin, containers.destination)
        found = self.found.get(key)
        if found is None:
            origin, destination = key
            matching = [
                claims
                for (other_origin, other_destination), claims in self.by_flow.items()
                if _compatible(origin, other_origin) and _compatible(destination, other_destination)
            ]
            found = self.found[key] = [claim for _, claim in heapq.merge(*matching)]
        return found


def _compatible(a: str | None, b: str | None) -> bool:
    """As ``Claim.same_flow`` reads an origin or a destination: unstated fits any."""
    return a is None or b is None or a == b


def _fit_inside(a: Interval, b: Interval, target: Interval) -> Interval | None:
    """The shares strictly between 0 and 1 for which the mix overlaps the target."""
    fit: Interval | None = Interval(0.0, 1.0, low_excluded=True, high_excluded=True)
    # Inside (0, 1) an end of the mix is excluded when either claim's end is.
    if not target.is_open:
        # low(s) = b.low + s (a.low − b.low) ≤ target.high
        strict = a.low_excluded or b.low_excluded or target.high_excluded
        fit = _meet(fit, _nonnegative(target.high - b.low, b.low - a.low, strict=strict))
    if not (a.is_open or b.is_open):
        # high(s) = b.high + s (a.high − b.high) ≥ target.low; an open end meets any low.
        strict = a.high_excluded or b.high_excluded or target.low_excluded
        fit = _meet(fit, _nonnegative(b.high - target.low, a.high - b.high, strict=strict))
    return fit


def _nonnegative(constant: float, slope: float, *, strict: bool) -> Interval | None:
    """The s for which ``constant + slope × s`` is ≥ 0 (> 0 when strict)."""
    if slope == 0:
        holds = constant > 0 or (constant == 0 and not strict)
        return Interval(-math.inf, math.inf) if holds else None
    root = -constant / slope
    if slope > 0:
        return Interval(root, math.inf, low_excluded=strict)
    return Interval(-math.inf, root, high_excluded=strict)


def _meet(a: Interval | None, b: Interval | None) -> Interval | None:
    if a is None or b is None:
        return None
    return a.intersection(b)


def _in_rounds(claim: Claim) -> Amount:
    return claim.amount.to(units.parse_unit(units.COUNT_OF_MUNITIONS))
