"""Munitions per container (per carrier), and the totals each per-container figure implies.

For a munitions claim the container count comes from, in order:

1. ``converts``: the count it names: of containers, or of any other carrier (trucks,
   wagons, vessels, a unit the file declares); the carrier is that count's unit, and the
   figure is per one of them (the contract keeps the ``per_container`` name);
2. ``same-source``: container claims of the same source, date and flow (several: their
   envelope);
3. ``interpolated``: the dated container counts of every source for that flow, read at the
   claim's ``as_of`` (see ``timeline``).

The quotient carries the hedges by interval arithmetic, ``[a, b] / [c, d] = [a/d, b/c]``;
the nominal figure divides the stated numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import TYPE_CHECKING

from shellcount.analysis.series import CountAt, CountSeries, envelope
from shellcount.arithmetic import units
from shellcount.ledger.model import Amount, Claim, Ledger
from shellcount.record import record

if TYPE_CHECKING:
    import pint


class Method(str, Enum):
    """Where a container count came from."""

    CONVERTS = "converts"
    SAME_SOURCE = "same-source"
    INTERPOLATED = "interpolated"


@record
class ContainerCount:
    """The container count a munitions figure is divided by, and how it was found."""

    method: Method
    amount: Amount
    claims: tuple[Claim, ...]
    carrier: pint.Unit  # what the count counts (container, truck): what the figure is per
    reading: CountAt | None = None  # for interpolated counts: where on the series


@record
class PerContainer:
    """One munitions claim divided by a container count (absent when none applies)."""

    claim: Claim
    containers: ContainerCount | None
    per_container: Amount | None

    @property
    def carrier(self) -> pint.Unit | None:
        return None if self.containers is None else self.containers.carrier


@record
class ImpliedTotal:
    """What one claim's per-container figure says about one container count."""

    factor: PerContainer
    containers: Claim
    total: Amount


def matches_calibre(claim: Claim, calibre_mm: float | None) -> bool:
    """Claims of the calibre asked for, and claims that state none (shown as such)."""
    if calibre_mm is None or claim.calibre_mm is None:
        return True
    return units.same_calibre(claim.calibre_mm, calibre_mm)


class PerContainerDeriver:
    """Finds each munitions claim's container count; one per ledger, series cached."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.container_claims = [c for c in ledger if c.counts_containers]
        self._by_source_and_date: dict[tuple[str, object], list[Claim]] = {}
        for count in self.container_claims:
            self._by_source_and_date.setdefault((count.source.id, count.as_of), []).append(count)
        self._series: dict[tuple[str | None, str | None], CountSeries] = {}
        self._round_per_container = units.parse_unit(units.MUNITIONS_PER_CONTAINER)
        self._container = units.parse_unit(units.COUNT_OF_CONTAINERS)
        self._carrier_claims = {units.dimension(self._container): self.container_claims}

    def derive(self, claim: Claim) -> PerContainer:
        containers = self.containers_for(claim)
        if containers is None:
            return PerContainer(claim, None, None)
        ratio = claim.amount / containers.amount
        return PerContainer(claim, containers, ratio.to(self._per(containers.carrier)))

    def _per(self, carrier: pint.Unit) -> pint.Unit:
        """Rounds per one carrier: ``round/container``, ``round/truck``."""
        if carrier is self._container:  # the usual case, without a cache lookup
            return self._round_per_container
        return units.ratio_unit(units.parse_unit(units.COUNT_OF_MUNITIONS), carrier)

    def carrier_claims(self, carrier: pint.Unit) -> list[Claim]:
        """The counts of ``carrier`` in the ledger (the container claims for containers)."""
        dimension = units.dimension(carrier)
        if dimension not in self._carrier_claims:
            self._carrier_claims[dimension] = [
                c
                for c in self.ledger
                if c.relative_to is None and units.dimension(c.unit) == dimension
            ]
        return self._carrier_claims[dimension]

    def derive_all(self, claims: Iterable[Claim]) -> list[PerContainer]:
        return [self.derive(c) for c in claims if c.counts_munitions]

    def containers_for(self, claim: Claim) -> ContainerCount | None:
        if claim.converts is not None:
            target = self.ledger.claim(claim.converts)
            carrier = units.carrier_of(target.unit)
            return ContainerCount(Method.CONVERTS, target.amount, (target,), carrier)
        candidates = self._by_source_and_date.get((claim.source.id, claim.as_of), [])
        same = [c for c in candidates if c.same_flow(claim)]
        if same:
            interval, nominal = envelope(c.amount for c in same)
            amount = Amount(nominal, interval, same[0].unit)
            return ContainerCount(Method.SAME_SOURCE, amount, tuple(same), self._container)
        if claim.as_of is None:
            return None
        reading = self.series_for(claim).at(claim.as_of)
        if reading is None:
            return None
        return ContainerCount(
            Method.INTERPOLATED, reading.amount, reading.claims, self._container, reading
        )

    def series_for(self, claim: Claim) -> CountSeries:
        """The dated container counts of every source for the claim's flow."""
        key = (claim.origin, claim.destination)
        if key not in self._series:
            self._series[key] = CountSeries(c for c in self.container_claims if c.same_flow(claim))
        return self._series[key]

    def implied_totals(self, factors: Sequence[PerContainer]) -> list[ImpliedTotal]:
        """Each per-container figure times each count of its carrier of the same flow."""
        munitions = units.parse_unit(units.COUNT_OF_MUNITIONS)
        totals = []
        for factor in factors:
            if factor.per_container is None or factor.carrier is None:
                continue
            for count in self.carrier_claims(factor.carrier):
                if count.same_flow(factor.claim):
                    total = (factor.per_container * count.amount).to(munitions)
                    totals.append(ImpliedTotal(factor, count, total))
        return totals
