"""Reference data for the plausibility check: the mass of one round of each type and the
payload of each container size, every figure with the source it was read from.

The packaged file is ``data/reference.yaml``, read only by the commands that need it.
Like a claims file, it is composed with PyYAML's safe C loader, so no tag can run code,
and walked by ``walker`` with the claims file's rules and words: values are taken as
written and read by shellcount's own rules (masses by a number-and-unit grammar, calibres
by ``units.parse_calibre``), so YAML typing never changes a figure, and every problem is
reported, each naming the file, line, column and field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.errors import Location, Problem, ShellcountError, UnitError
from shellcount.ledger import cache, yaml_file
from shellcount.ledger.model import Amount
from shellcount.ledger.walker import Entry, Field, Walker
from shellcount.ledger.yaml_file import TAG
from shellcount.packaged import packaged_path
from shellcount.record import record

SUPPORTED_FORMAT = 1
PACKAGED_LABEL = "packaged reference.yaml"

MAX_FILE_BYTES = 1024 * 1024
"""Reference files larger than this are refused: the packaged one is a few kilobytes."""

MAX_NESTING = 10
"""Lists and mappings nested deeper than this are refused (the format needs three)."""

MASS = "[mass]"
KILOGRAM = "kilogram"

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# A number, with optional thousands commas and decimals, then a unit name: pint would
# evaluate arithmetic such as '9**9**9 kg', so nothing else is read.
_MASS = re.compile(r"((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)\s*([A-Za-z_]+)")


class ReferenceFileError(ShellcountError):
    """A reference file that cannot be used: every problem found, in file order, one a
    line (``FILE:LINE:COLUMN: message``); ``location`` and ``message`` are the first's."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        self.location = self.problems[0].location
        self.message = self.problems[0].message
        super().__init__("\n".join(f"{p.location}: {p.message}" for p in self.problems))


class RoundKind(str, Enum):
    """Rockets and shells of one calibre are different rounds with different masses."""

    SHELL = "shell"
    ROCKET = "rocket"


@record(eq=False)
class Round:
    """One type of round. ``mass`` is in kilogram per round: its nominal value is the
    figure most sources give, its interval runs from ``mass_low`` to ``mass_high``."""

    id: str
    calibre_mm: float
    kind: RoundKind
    name: str
    mass: Amount
    source: str
    location: Location
    uncertain: str | None = None


@record(eq=False)
class Container:
    """A container size and the payload it may carry, in kilograms."""

    id: str
    payload_kg: float
    source: str
    location: Location
    max_gross_kg: float | None = None
    tare_kg: float | None = None
    note: str | None = None


@record
class Reference:
    """A reference file read and checked: its rounds and containers, in file order."""

    path: str
    rounds: tuple[Round, ...]
    containers: tuple[Container, ...]

    def container(self, container_id: str) -> Container | None:
        return next((c for c in self.containers if c.id == container_id), None)

    def container_ids(self) -> list[str]:
        return [c.id for c in self.containers]

    def round_for(self, calibre_mm: float, kind: RoundKind) -> Round | None:
        """The round of that kind whose calibre is within the tolerance (one at most: the
        reader refuses two)."""
        return next((r for r in self.rounds if r.kind is kind and _near(r, calibre_mm)), None)


def packaged_reference_path() -> Path:
    """The reference file that ships with shellcount (``packaged_path``'s)."""
    return packaged_path("reference.yaml")


def load_reference(path: str | Path | None = None, *, label: str | None = None) -> Reference:
    """Read and check the reference file at ``path`` (default: the packaged one).

    ``label`` is how messages name the file (default: the path as given, or
    ``packaged reference.yaml``).
    """
    if path is None:
        path, label = packaged_reference_path(), label or PACKAGED_LABEL
    shown = label or str(path)
    text = yaml_file.read_text(
        Path(path),
        shown,
        what="a reference file",
        max_bytes=MAX_FILE_BYTES,
        error=_located,
    )
    settings = (shown,)
    kept = cache.cached("reference", text, settings)
    if isinstance(kept, Reference):
        return kept
    document = yaml_file.compose(
        text,
        shown,
        expected="format, rounds, containers",
        max_nesting=MAX_NESTING,
        error=_located,
    )
    document.finish()
    reference = _Reader(shown).read(document.root)
    if not units.defined_count_units():  # read with no claims file's units, as alone
        cache.keep("reference", reference, text, settings)
    return reference


def parse_mass(text: str) -> float:
    """A mass in kilograms: ``21750kg``, ``21,750 kg``, ``21.75 t``.

    A number and a mass unit only: a bare number is refused (kilograms or tonnes?).
    """
    written = text.strip()
    match = _MASS.fullmatch(written)
    if match is None and _MASS.fullmatch(f"{written} kg"):
        raise UnitError(f"{written!r} has no unit: write '{written} kg' or tonnes, 't'")
    if match is None:
        raise UnitError(f"{written!r} is not a mass such as '21,750 kg' or '21.75 t'")
    number, unit_name = match.groups()
    unit = units.parse_unit(unit_name)
    if units.dimension(unit) != MASS:
        raise UnitError(f"{written!r} is {units.dimension(unit)}, not a mass such as '21.75 t'")
    kilograms = float(number.replace(",", "")) * units.factor(unit, units.parse_unit(KILOGRAM))
    if not 0 < kilograms < math.inf:
        raise UnitError(f"{written!r}: a mass must be positive and finite")
    return kilograms


def _near(item: Round, calibre_mm: float) -> bool:
    return units.same_calibre(item.calibre_mm, calibre_mm)


def _located(where: Location, message: str) -> ReferenceFileError:
    return ReferenceFileError([Problem(where, message)])


_TOP = (
    Field("format", required=True, single_value=False),
    Field("rounds", required=True, single_value=False),
    Field("containers", required=True, single_value=False),
)
_ROUND = (
    Field("id", required=True), Field("calibre", required=True), Field("kind", required=True),
    Field("name", required=True), Field("mass", required=True), Field("mass_low"),
    Field("mass_high"), Field("source", required=True), Field("uncertain"),
)  # fmt: skip
_CONTAINER = (
    Field("id", required=True), Field("payload", required=True), Field("max_gross"),
    Field("tare"), Field("source", required=True), Field("note"),
)  # fmt: skip
_MISSING_HINTS = {"format": f" (write 'format: {SUPPORTED_FORMAT}' at the top)"}


class _Reader(Walker):
    """Walks the composed file, field by field, every problem recorded (see ``walker``).

    Every value of the file is required to be filled: an empty optional field is a
    mistake, not an absence, in a file this small.
    """

    def read(self, root: Any) -> Reference:
        top = self.mapping(root, "the file", _TOP, _MISSING_HINTS)
        if top is None:
            self.stop(ReferenceFileError)
        self.check_format(top)
        seen: dict[str, int | None] = {}  # id -> line, over rounds and containers
        rounds: list[Round] = []
        for entry in self.entries(top, "rounds", _ROUND):
            item = self.round(entry)
            self.check_id(entry, seen)
            if item is None:
                continue
            twin = next(
                (r for r in rounds if r.kind is item.kind and _near(r, item.calibre_mm)), None
            )
            if twin is not None:
                # A claim must select one round, never one of two by their order in the file.
                self.problem(
                    entry.value_node("calibre"),
                    f"{entry.label}: calibre: round '{twin.id}' (line {twin.location.line}) is "
                    f"already the {item.kind.value} of this calibre",
                )
                continue
            rounds.append(item)
        containers: list[Container] = []
        for entry in self.entries(top, "containers", _CONTAINER):
            container = self.container(entry)
            self.check_id(entry, seen)
            if container is not None:
                containers.append(container)
        self.raise_problems(ReferenceFileError)
        return Reference(self.shown, tuple(rounds), tuple(containers))

    def check_format(self, top: Entry) -> None:
        node = top.value_node("format")
        if node is None or (node.tag == f"{TAG}int" and node.value == str(SUPPORTED_FORMAT)):
            return
        self.problem(
            node,
            f"format: this shellcount reads format {SUPPORTED_FORMAT} "
            f"(write 'format: {SUPPORTED_FORMAT}')",
        )

    def check_id(self, entry: Entry, seen: dict[str, int | None]) -> None:
        node = entry.value_node("id")
        written = None if node is None else self.written(node)
        if not isinstance(written, str):
            return
        if written in seen:
            self.problem(
                node, f"{entry.label}: id: {written!r} is already used on line {seen[written]}"
            )
            return
        seen[written] = self.where(node).line

    # -- entries ---------------------------------------------------------------------

    def round(self, entry: Entry) -> Round | None:
        round_id = self.identifier(entry)
        calibre = self.parsed(entry, "calibre", units.parse_calibre)
        kind = self.kind(entry)
        mass = self.parsed(entry, "mass", parse_mass)
        low = self.parsed(entry, "mass_low", parse_mass)
        high = self.parsed(entry, "mass_high", parse_mass)
        name = self.text(entry, "name", filled=True)
        source = self.text(entry, "source", filled=True)
        uncertain = self.text(entry, "uncertain", filled=True)
        if mass is not None:
            # The mass as written, so the message speaks the file's own words and units.
            written = f"({self.said(entry, 'mass')})"
            if low is not None and low > mass:
                self.problem(
                    entry.value_node("mass_low"),
                    f"{entry.label}: mass_low: is above mass {written}",
                )
                low = None
            if high is not None and high < mass:
                self.problem(
                    entry.value_node("mass_high"),
                    f"{entry.label}: mass_high: is below mass {written}",
                )
                high = None
        if round_id is None or calibre is None or kind is None or mass is None:
            return None
        if name is None or source is None:
            return None
        per_round = units.parse_unit(f"{KILOGRAM} / {units.COUNT_OF_MUNITIONS}")
        low, high = mass if low is None else low, mass if high is None else high
        return Round(
            id=round_id,
            calibre_mm=calibre,
            kind=kind,
            name=name,
            mass=Amount(mass, Interval(low, high), per_round),
            source=source,
            location=self.where(entry.key_node("id")),
            uncertain=uncertain,
        )

    def kind(self, entry: Entry) -> RoundKind | None:
        text = self.text(entry, "kind", filled=True)
        if text is None:
            return None
        try:
            return RoundKind(text)
        except ValueError:
            choices = " or ".join(k.value for k in RoundKind)
            self.problem(
                entry.value_node("kind"), f"{entry.label}: kind: {text!r} is not {choices}"
            )
            return None

    def container(self, entry: Entry) -> Container | None:
        container_id = self.identifier(entry)
        payload = self.parsed(entry, "payload", parse_mass)
        gross = self.parsed(entry, "max_gross", parse_mass)
        tare = self.parsed(entry, "tare", parse_mass)
        source = self.text(entry, "source", filled=True)
        note = self.text(entry, "note", filled=True)
        if (
            payload is not None
            and gross is not None
            and tare is not None
            and (payload + tare > gross + 0.5)
        ):
            self.problem(
                entry.value_node("payload"),
                f"{entry.label}: payload: {self.said(entry, 'payload')} and a tare of "
                f"{self.said(entry, 'tare')} exceed the maximum gross mass, "
                f"{self.said(entry, 'max_gross')}",
            )
            return None
        if container_id is None or payload is None or source is None:
            return None
        return Container(
            id=container_id,
            payload_kg=payload,
            source=source,
            location=self.where(entry.key_node("id")),
            max_gross_kg=gross,
            tare_kg=tare,
            note=note,
        )

    def said(self, entry: Entry, name: str) -> str:
        """A value as the file writes it, for a message that quotes it (the core writes
        no numbers)."""
        value = self.written(entry.value_node(name))
        return value.strip() if isinstance(value, str) else ""

    def identifier(self, entry: Entry) -> str | None:
        value = self.text(entry, "id", filled=True)
        if value is not None and not _ID.fullmatch(value):
            self.problem(
                entry.value_node("id"),
                f"{entry.label}: id: {value!r} may use only letters, digits, '.-_'",
            )
            return None
        return value
