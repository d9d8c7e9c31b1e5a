"""Physical plausibility: munitions per container times the mass of one round, against a
container's payload.

For each per-container figure this gives the mass of projectiles per container (an
interval: the per-container interval times the interval of masses the sources give), the
share of the payload it uses, and the break-even overhead: how much propellant, fuzes and
packing could add to the projectiles' mass before the payload is full
(``payload / (per-container nominal × mass) − 1``). Their mass is not known (see the
reference file), so it is not invented.

The reference file gives the payloads of containers only: a figure per truck, wagon or
vessel (see ``per_container``) is not weighed, and says so (``payload_known``), rather
than set against a container's payload.

Which round a claim counts comes from its calibre and kind: a claim in ``shell`` counts
the shell of its calibre, one in ``rocket`` the rocket; one in ``round`` or
``projectile`` whichever its measure names. A claim with no calibre, or no kind, gets
no mass, with the reason.
"""

from __future__ import annotations

from enum import Enum

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.errors import ShellcountError
from shellcount.ledger.model import Amount, Claim
from shellcount.ledger.reference import Container, Reference, Round, RoundKind, parse_mass
from shellcount.record import record

DEFAULT_CONTAINER = "20ft"

MASS_PER_CONTAINER = "tonne / container"

# Units that name a kind of round outright, and those that leave it to the measure.
_KIND_OF_UNIT = {"shell": RoundKind.SHELL, "rocket": RoundKind.ROCKET}
_UNIT_OF_ANY_KIND = ("round", "projectile")


class UnknownContainerError(ShellcountError):
    """A container id the reference file does not have (a usage error at the CLI)."""


@record
class Payload:
    """The payload per container figures are set against, and where it came from."""

    kg: float
    container: Container
    given: bool = False  # set by the user instead of the container's own payload

    def amount(self) -> Amount:
        """The payload in tonne per container, the unit masses per container are in."""
        tonnes = self.kg * units.factor(units.parse_unit("kilogram"), units.parse_unit("tonne"))
        return Amount(tonnes, Interval.point(tonnes), units.parse_unit(MASS_PER_CONTAINER))


@record
class Check:
    """What every row is checked against: the reference file and one payload."""

    reference: Reference
    payload: Payload


class NoRound(str, Enum):
    """Why a claim has no round to weigh."""

    NO_CALIBRE = "no-calibre"  # the claim states none
    NO_KIND = "no-kind"  # neither its unit nor its measure says shell or rocket
    NOT_IN_REFERENCE = "not-in-reference"  # the reference file has no such round


@record
class Selection:
    """The round a claim counts, or why there is none (and the kind it looked for)."""

    round: Round | None
    missing: NoRound | None = None
    kind: RoundKind | None = None


class Fit(str, Enum):
    """Whether the projectiles alone fit in the payload."""

    FITS = "fits"
    NOT_AS_STATED = "not-as-stated"  # the stated figure's projectiles exceed the payload
    CANNOT_FIT = "cannot-fit"  # even the low end's do


OVER_PAYLOAD = "over-payload"
"""The flag of a figure whose projectiles' mass alone exceeds the payload."""


@record
class Weighing:
    """A per-container figure set against a payload."""

    mass: Amount  # projectiles per container, tonne/container
    share: Amount  # of the payload, dimensionless
    break_even_overhead: float | None  # None without a nominal mass per container

    @property
    def fit(self) -> Fit:
        """``cannot-fit`` when the share's low end is above 1, ``not-as-stated`` when its
        nominal is, else ``fits``."""
        if self.share.interval.low > 1:
            return Fit.CANNOT_FIT
        if self.share.nominal is not None and self.share.nominal > 1:
            return Fit.NOT_AS_STATED
        return Fit.FITS


@record
class Plausibility:
    """One claim's round, and its per-container figure weighed (when there is one)."""

    claim: Claim
    selection: Selection
    payload: Payload
    per_container: Amount | None
    weighing: Weighing | None
    payload_known: bool = True  # False: a figure per a carrier the payload is not of


def parse_payload(text: str) -> float:
    """A payload in kilograms: ``21750kg``, ``21,750 kg``, ``21.75 t``; a number and a mass
    unit only (a UnitError otherwise)."""
    return parse_mass(text)


def check_for(
    reference: Reference, container_id: str = DEFAULT_CONTAINER, payload_kg: float | None = None
) -> Check:
    """The check against a container of the reference file, or a payload given instead."""
    container = reference.container(container_id)
    if container is None:
        choices = ", ".join(reference.container_ids())
        raise UnknownContainerError(
            f"{container_id!r} is not a container of {reference.path} (choose from {choices})"
        )
    if payload_kg is None:
        return Check(reference, Payload(container.payload_kg, container))
    return Check(reference, Payload(payload_kg, container, given=True))


def select_round(claim: Claim, reference: Reference) -> Selection:
    """The round of the claim's calibre and kind, or the reason there is none."""
    if claim.calibre_mm is None:
        return Selection(None, NoRound.NO_CALIBRE)
    unit = units.format_unit(claim.unit)
    kind = _KIND_OF_UNIT.get(unit)
    if kind is None and unit in _UNIT_OF_ANY_KIND:
        named = [k for k in RoundKind if k.value in claim.measure.lower()]
        kind = named[0] if len(named) == 1 else None
    if kind is None:
        return Selection(None, NoRound.NO_KIND)
    found = reference.round_for(claim.calibre_mm, kind)
    if found is None:
        return Selection(None, NoRound.NOT_IN_REFERENCE, kind)
    return Selection(found, None, kind)


def weigh(per_container: Amount, mass: Amount, payload: Amount) -> Weighing:
    """Munitions per container (round/container) × mass (kilogram/round) against a payload
    (one number, mass/container). Units are pint's: a wrong dimension is a UnitError."""
    on_board = (per_container * mass).to(units.parse_unit(MASS_PER_CONTAINER))
    payload = payload.to(on_board.unit)
    if payload.nominal is None or payload.nominal <= 0:
        raise ValueError(f"a payload is one positive number, not {payload}")
    # One scale for the nominal and both ends: dividing each by the payload on its own can
    # round the nominal a hair outside its interval.
    scaled = on_board.scaled(1 / payload.nominal)
    share = Amount(
        scaled.nominal, scaled.interval, units.ratio_unit(on_board.unit, payload.unit)
    ).to(units.parse_unit("dimensionless"))
    overhead = None
    if on_board.nominal:
        overhead = payload.nominal / on_board.nominal - 1
    return Weighing(on_board, share, overhead)


def assess(claim: Claim, per_container: Amount | None, check: Check) -> Plausibility:
    """One claim's per-container figure (None when no container count applies) weighed,
    when the payload is of the figure's carrier (a container)."""
    selection = select_round(claim, check.reference)
    known = per_container is None or is_per_container(per_container)
    weighing = None
    if selection.round is not None and per_container is not None and known:
        weighing = weigh(per_container, selection.round.mass, check.payload.amount())
    return Plausibility(claim, selection, check.payload, per_container, weighing, known)


def is_per_container(per_carrier: Amount) -> bool:
    """A figure per container, which the reference file's payloads are of (not per truck)."""
    per_container = units.parse_unit(units.MUNITIONS_PER_CONTAINER)
    return units.dimension(per_carrier.unit) == units.dimension(per_container)
