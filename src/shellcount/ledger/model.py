"""The ledger: sources, the claims they made, and the amounts those claims state.

Built by the loader, read by the reconciler; nothing here parses or prints.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, ClassVar

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.errors import Location
from shellcount.ledger.figure import Figure
from shellcount.ledger.fileformat import Basis
from shellcount.record import record

if TYPE_CHECKING:
    import pint


@record
class Amount:
    """A quantity with a stated (nominal) value, the interval its hedge allows, and a unit."""

    nominal: float | None
    interval: Interval
    unit: pint.Unit

    def __truediv__(self, other: Amount) -> Amount:
        nominal = None
        if self.nominal is not None and other.nominal:
            nominal = self.nominal / other.nominal
        return Amount(
            nominal, self.interval / other.interval, units.ratio_unit(self.unit, other.unit)
        )

    def __mul__(self, other: Amount) -> Amount:
        nominal = None
        if self.nominal is not None and other.nominal is not None:
            nominal = self.nominal * other.nominal
        return Amount(nominal, self.interval * other.interval, self.unit * other.unit)

    def scaled(self, factor: float) -> Amount:
        """The amount times a plain number (same unit)."""
        nominal = None if self.nominal is None else self.nominal * factor
        return Amount(nominal, self.interval * factor, self.unit)

    def to(self, unit: pint.Unit) -> Amount:
        """The same amount expressed in ``unit`` (a dimension error is a UnitError)."""
        scale = units.factor(self.unit, unit)
        if scale == 1.0:
            return Amount(self.nominal, self.interval, unit)
        nominal = None if self.nominal is None else self.nominal * scale
        return Amount(nominal, self.interval * scale, unit)


# Sources and claims are records of the file, each one of a kind (ids are unique): they
class FieldMarks(Mapping[str, tuple[int, int]]):
    """Where each field's value was written, as (line, column), by field name.

    Held by every claim for as long as the ledger lives, so kept small: the names are one
    tuple shared by all the claims that write the same fields, and the places one array
    of integers (about 150 bytes for a claim of 15 fields, against 2 kB as a dict of
    tuples).
    """

    __slots__ = ("_names", "_places")
    _layouts: ClassVar[dict[tuple[str, ...], tuple[str, ...]]] = {}

    def __init__(self, marks: Iterable[tuple[str, int, int]] = ()) -> None:
        names: list[str] = []
        places = array("I")
        for name, line, column in marks:
            names.append(name)
            places.append(line)
            places.append(column)
        layout = tuple(names)
        self._names = self._layouts.setdefault(layout, layout)
        self._places = places

    def __getitem__(self, name: str) -> tuple[int, int]:
        try:
            index = 2 * self._names.index(name)
        except ValueError:
            raise KeyError(name) from None
        return self._places[index], self._places[index + 1]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names


# compare and hash by identity, which keeps sets and dicts of them cheap.
@record(eq=False)
class Source:
    """Where a figure was published and who gave it."""

    id: str
    outlet: str
    published: dt.date | None
    published_text: str
    location: Location
    speaker: str | None = None
    role: str | None = None
    via: tuple[str, ...] = ()
    url: str | None = None
    document: str | None = None
    grade: str | None = None
    note: str | None = None
    # Where each field's value was written, as (line, column): `check` points its warnings
    # at the field. Plain pairs, made into a Location only when one is asked for.
    field_marks: Mapping[str, tuple[int, int]] = field(default_factory=FieldMarks, repr=False)

    def where(self, name: str) -> Location:
        """Where field ``name``'s value stands (the source's start when it is not given)."""
        mark = self.field_marks.get(name)
        return self.location if mark is None else Location(self.location.path, *mark)


@record(eq=False)
class Claim:
    """One figure as reported, read into an amount with its hedge's interval."""

    id: str
    source: Source
    measure: str
    figure: Figure
    unit_text: str
    unit: pint.Unit
    quote: str
    location: Location
    calibre_mm: float | None = None
    origin: str | None = None
    destination: str | None = None
    since: dt.date | None = None
    as_of: dt.date | None = None
    basis: Basis = Basis.REPORTED
    converts: str | None = None
    relative_to: str | None = None
    restates: str | None = None
    method: str | None = None
    note: str | None = None
    assumptions: tuple[str, ...] = field(default=())
    # Where each field's value was written: `check` points its warnings at the field.
    field_marks: Mapping[str, tuple[int, int]] = field(default_factory=FieldMarks, repr=False)
    # The dates as the file wrote them (a month, 2023-09, or a day), None when not given:
    # what `claims --format csv` writes so that `shellcount import` gives them back.
    since_text: str | None = None
    as_of_text: str | None = None

    def where(self, name: str) -> Location:
        """Where field ``name``'s value stands (the claim's start when it is not given)."""
        mark = self.field_marks.get(name)
        return self.location if mark is None else Location(self.location.path, *mark)

    @property
    def amount(self) -> Amount:
        return Amount(self.figure.value, self.figure.interval, self.unit)

    @property
    def quantity(self) -> tuple[str, float | None, str | None, str | None]:
        """Claims with the same measure, calibre, origin and destination count one thing."""
        return (self.measure, self.calibre_mm, self.origin, self.destination)

    @property
    def counts_munitions(self) -> bool:
        return self.relative_to is None and units.is_munition_count(self.unit)

    @property
    def counts_containers(self) -> bool:
        return self.relative_to is None and units.is_container_count(self.unit)

    @property
    def counts_carriers(self) -> bool:
        """A count a ``converts`` may name: containers, trucks, vessels, a declared unit."""
        return self.relative_to is None and units.is_carrier_count(self.unit)

    def same_flow(self, other: Claim) -> bool:
        """Both describe one flow: origin and destination agree wherever both are given."""
        return _compatible(self.origin, other.origin) and _compatible(
            self.destination, other.destination
        )


@record
class Ledger:
    """A claims file read and checked: its sources and claims, in file order."""

    path: str
    sources: dict[str, Source]
    claims: tuple[Claim, ...]
    reading: str = "default"  # the reading of the hedges its figures were read by
    about: float | None = None  # the width of "about" given for the run, if any
    _by_id: dict[str, Claim] = field(init=False, repr=False, compare=False)
    _statements: dict[str, Claim] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {claim.id: claim for claim in self.claims}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_statements", _statement_roots(self.claims, by_id))

    def claim(self, claim_id: str) -> Claim:
        return self._by_id[claim_id]

    def statement(self, claim: Claim) -> Claim:
        """The claim whose statement ``claim`` belongs to: the end of its ``restates``
        chain (itself when it restates nothing). A claim and its restatements are one
        statement: never corroboration of each other, one weight in a pool."""
        return self._statements.get(claim.id, claim)

    def same_statement(self, a: Claim, b: Claim) -> bool:
        return self.statement(a) is self.statement(b)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)


def _statement_roots(claims: tuple[Claim, ...], by_id: dict[str, Claim]) -> dict[str, Claim]:
    """Each restating claim's root. The loader refuses cycles and unknown targets, so
    every chain ends; each claim is visited once (roots found are reused). A target in
    another file (one file of several, before the merge) ends the chain here."""
    roots: dict[str, Claim] = {}
    for claim in claims:
        if claim.restates is None or claim.id in roots:
            continue
        chain = [claim]
        current = claim
        while current.id not in roots and (target := by_id.get(current.restates or "")):
            current = target
            chain.append(current)
        root = roots.get(current.id, current)
        for member in chain:
            if member is not root:
                roots[member.id] = root
    return roots


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def restatement_cycles(
    claims: Iterable[Claim], by_id: Mapping[str, Claim]
) -> Iterator[tuple[Claim, str]]:
    """Each circle of ``restates``: the claim where the walk came round, and the problem's
    words. Each claim's chain is walked once (a claim whose chain is known to end is not
    walked again), so this is linear in the claims; a claim restating itself is refused
    on its own and ends its chain here."""
    ended: set[str] = set()
    for start in claims:
        path: list[str] = []
        on_path: set[str] = set()
        current: Claim | None = start
        while current is not None and current.id not in ended:
            if current.id in on_path:
                cycle = [*path[path.index(current.id) :], current.id]
                yield (
                    current,
                    (
                        f"restates: the restatements go round in a circle ({' -> '.join(cycle)}); "
                        "one of them must be the statement the others repeat"
                    ),
                )
                break
            path.append(current.id)
            on_path.add(current.id)
            target = by_id.get(current.restates or "")
            current = None if target is current else target
        ended.update(path)
