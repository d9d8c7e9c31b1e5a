"""Reference data for the plausibility check: the mass of one round of each type and the
payload of each container size, every figure with the source it was read from.

The packaged file is ``data/reference.yaml``, read only by the commands that need it.
Like a claims file (see ``loader``), it is composed with PyYAML's safe C loader, so no
tag can run code; values are taken as written and read by shellcount's own rules (masses
by a number-and-unit grammar, calibres by ``units.parse_calibre``), so YAML typing never
changes a figure. The file is small and reviewed by hand: the first mistake found stops
the read, as one line naming the file, line, column and field.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.errors import Location, ShellcountError, UnitError
from shellcount.formats.numbers import grouped
from shellcount.ledger import yaml_file
from shellcount.ledger.model import Amount
from shellcount.ledger.yaml_file import NULL, SCALAR_TAGS, TAG, kind_of
from shellcount.packaged import packaged_path

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
    """A reference file that cannot be used: its first problem, with where it stands."""

    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class RoundKind(str, Enum):
    """Rockets and shells of one calibre are different rounds with different masses."""

    SHELL = "shell"
    ROCKET = "rocket"


@dataclass(frozen=True, eq=False)
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

    def mass_text(self) -> str:
        """``65 kg (65 to 66.6 kg over the sources)``; the nominal alone when all agree."""
        low, high = self.mass.interval.low, self.mass.interval.high
        nominal = f"{grouped(self.mass.nominal)} kg"
        if low == high:
            return nominal
        return f"{nominal} ({grouped(low)} to {grouped(high)} kg over the sources)"


@dataclass(frozen=True, eq=False)
class Container:
    """A container size and the payload it may carry, in kilograms."""

    id: str
    payload_kg: float
    source: str
    location: Location
    max_gross_kg: float | None = None
    tare_kg: float | None = None
    note: str | None = None


@dataclass(frozen=True)
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
    """The reference file that ships with shellcount."""
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
        error=ReferenceFileError,
    )
    root = yaml_file.compose(
        text,
        shown,
        expected="format, rounds, containers",
        max_nesting=MAX_NESTING,
        error=ReferenceFileError,
    )
    return _Reader(shown).read(root)


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


_Fields = dict[str, tuple[Any, Any]]  # name -> (key node, value node)

_TOP = {"format": True, "rounds": True, "containers": True}
_ROUND = {
    "id": True, "calibre": True, "kind": True, "name": True, "mass": True,
    "mass_low": False, "mass_high": False, "source": True, "uncertain": False,
}  # fmt: skip
_CONTAINER = {
    "id": True, "payload": True, "max_gross": False, "tare": False, "source": True,
    "note": False,
}  # fmt: skip


class _Reader:
    """Walks the composed file, field by field; the first problem is raised."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def where(self, node: Any) -> Location:
        return Location(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, node: Any, message: str) -> NoReturn:
        raise ReferenceFileError(self.where(node), message)

    def read(self, root: Any) -> Reference:
        top = self.mapping(root, "the file", _TOP)
        format_node = top["format"][1]
        if format_node.tag != f"{TAG}int" or format_node.value != str(SUPPORTED_FORMAT):
            self.fail(
                format_node,
                f"format: this shellcount reads format {SUPPORTED_FORMAT} "
                f"(write 'format: {SUPPORTED_FORMAT}')",
            )
        seen: dict[str, int | None] = {}  # id -> line, over rounds and containers
        rounds: list[Round] = []
        for label, fields in self.items(top, "rounds", _ROUND):
            item = self.round(label, fields)
            self.check_id(label, fields, seen)
            twin = next(
                (r for r in rounds if r.kind is item.kind and _near(r, item.calibre_mm)), None
            )
            if twin is not None:
                # A claim must select one round, never one of two by their order in the file.
                self.fail(
                    fields["calibre"][1],
                    f"{label}: calibre: round '{twin.id}' (line {twin.location.line}) is "
                    f"already the {item.kind.value} of this calibre",
                )
            rounds.append(item)
        containers: list[Container] = []
        for label, fields in self.items(top, "containers", _CONTAINER):
            containers.append(self.container(label, fields))
            self.check_id(label, fields, seen)
        return Reference(self.shown, tuple(rounds), tuple(containers))

    # -- structure -------------------------------------------------------------------

    def mapping(self, node: Any, label: str, fields: dict[str, bool]) -> _Fields:
        if node.tag != f"{TAG}map":
            self.fail(node, f"{label}: expected a mapping of fields, got {kind_of(node)}")
        found: _Fields = {}
        for key_node, value_node in node.value:
            name = key_node.value if key_node.tag == f"{TAG}str" else None
            if name is None:
                self.fail(key_node, f"{label}: field names must be text, got {kind_of(key_node)}")
            if name in found:
                first = self.where(found[name][0]).line
                self.fail(key_node, f"{label}: duplicate field '{name}' (first on line {first})")
            if name not in fields:
                close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.fail(key_node, f"{label}: unknown field '{name}'{hint}")
            found[name] = (key_node, value_node)
        for name, required in fields.items():
            if required and name not in found:
                self.fail(node, f"{label}: missing required field '{name}'")
        return found

    def items(self, top: _Fields, name: str, fields: dict[str, bool]) -> list[tuple[str, _Fields]]:
        node = top[name][1]
        singular = name.removesuffix("s")
        if node.tag != f"{TAG}seq":
            self.fail(node, f"{name}: expected a list of {name}, got {kind_of(node)}")
        if not node.value:
            self.fail(node, f"{name}: the list is empty; at least one {singular} is required")
        read = []
        for index, item in enumerate(node.value):
            label = f"{singular} #{index + 1}"
            if item.tag == f"{TAG}map":
                id_node = next((v for k, v in item.value if k.value == "id"), None)
                if id_node is not None and id_node.tag == f"{TAG}str":
                    label = f"{singular} '{id_node.value}'"
            read.append((label, self.mapping(item, label, fields)))
        return read

    def check_id(self, label: str, fields: _Fields, seen: dict[str, int | None]) -> None:
        node = fields["id"][1]
        if node.value in seen:
            self.fail(
                node, f"{label}: id: {node.value!r} is already used on line {seen[node.value]}"
            )
        seen[node.value] = self.where(node).line

    # -- entries ---------------------------------------------------------------------

    def round(self, label: str, fields: _Fields) -> Round:
        round_id = self.identifier(label, fields)
        calibre = self.value(label, fields, "calibre", units.parse_calibre)
        kind_text = self.text(label, fields, "kind")
        try:
            kind = RoundKind(kind_text)
        except ValueError:
            choices = " or ".join(k.value for k in RoundKind)
            self.fail(fields["kind"][1], f"{label}: kind: {kind_text!r} is not {choices}")
        mass = self.value(label, fields, "mass", parse_mass)
        low = self.optional_mass(label, fields, "mass_low")
        high = self.optional_mass(label, fields, "mass_high")
        low, high = mass if low is None else low, mass if high is None else high
        if low > mass:
            self.fail(
                fields["mass_low"][1], f"{label}: mass_low: is above mass ({grouped(mass)} kg)"
            )
        if high < mass:
            self.fail(
                fields["mass_high"][1], f"{label}: mass_high: is below mass ({grouped(mass)} kg)"
            )
        per_round = units.parse_unit(f"{KILOGRAM} / {units.COUNT_OF_MUNITIONS}")
        return Round(
            id=round_id,
            calibre_mm=calibre,
            kind=kind,
            name=self.text(label, fields, "name"),
            mass=Amount(mass, Interval(low, high), per_round),
            source=self.text(label, fields, "source"),
            location=self.where(fields["id"][0]),
            uncertain=self.optional_text(label, fields, "uncertain"),
        )

    def container(self, label: str, fields: _Fields) -> Container:
        container_id = self.identifier(label, fields)
        payload = self.value(label, fields, "payload", parse_mass)
        gross = self.optional_mass(label, fields, "max_gross")
        tare = self.optional_mass(label, fields, "tare")
        if gross is not None and tare is not None and payload + tare > gross + 0.5:
            self.fail(
                fields["payload"][1],
                f"{label}: payload: {grouped(payload)} kg and a tare of {grouped(tare)} kg "
                f"exceed the maximum gross mass, {grouped(gross)} kg",
            )
        return Container(
            id=container_id,
            payload_kg=payload,
            source=self.text(label, fields, "source"),
            location=self.where(fields["id"][0]),
            max_gross_kg=gross,
            tare_kg=tare,
            note=self.optional_text(label, fields, "note"),
        )

    # -- values ----------------------------------------------------------------------

    def optional_text(self, label: str, fields: _Fields, name: str) -> str | None:
        return self.text(label, fields, name) if name in fields else None

    def text(self, label: str, fields: _Fields, name: str) -> str:
        node = fields[name][1]
        if node.tag not in SCALAR_TAGS:
            self.fail(node, f"{label}: {name}: expected text, got {kind_of(node)}")
        value: str = node.value
        if node.tag == NULL or not value.strip():
            self.fail(node, f"{label}: {name}: is empty; a value is required")
        return value

    def identifier(self, label: str, fields: _Fields) -> str:
        value = self.text(label, fields, "id")
        if not _ID.fullmatch(value):
            self.fail(
                fields["id"][1], f"{label}: id: {value!r} may use only letters, digits, '.-_'"
            )
        return value

    def value(self, label: str, fields: _Fields, name: str, parse: Callable[[str], float]) -> float:
        text = self.text(label, fields, name)
        try:
            result = parse(text)
        except ShellcountError as error:
            self.fail(fields[name][1], f"{label}: {name}: {str(error).removeprefix(f'{name} ')}")
        return result

    def optional_mass(self, label: str, fields: _Fields, name: str) -> float | None:
        return self.value(label, fields, name, parse_mass) if name in fields else None
