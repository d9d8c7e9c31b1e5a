"""The unit registry: the one place that builds a pint ``UnitRegistry``.

shellcount uses a small definitions file of its own (``data/units.txt``) rather than pint's
default registry: it loads in milliseconds and knows the things analysts count (rounds,
containers, vessels, currencies) as dimensions that cannot be mixed by accident.
Magnitudes travel as floats inside intervals; pint owns the units, their algebra and
every conversion factor.
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, Any

from shellcount.errors import UnitError
from shellcount.spelling import closest

if TYPE_CHECKING:
    import pint

MUNITION = "[munition]"
CONTAINER = "[container]"
LENGTH = "[length]"

_NAME = r"[A-Za-z_%$][A-Za-z0-9_$]*"


def _atomic(pattern: str, name: str) -> str:
    """``pattern`` matched as far as it goes and never given back, what Python 3.11 writes
    ``(?>...)`` (3.10 has no atomic groups): a lookahead that captures, then the capture.

    With plain repeats a run of letters that fails to match was split into names in every
    possible way (the separator is optional), 2^n tries: a 41-character unit took over
    20 s. The language is the same, since a name never needs to end where a letter or a
    digit follows, nor a run of spaces where a space follows.
    """
    return f"(?=(?P<{name}>{pattern}))(?P={name})"


def _power(place: str) -> str:
    return rf"(?:{_atomic(_SPACES, place + '_space')}(?:\^|\*\*)\s*-?[0-9])?"


_SPACES = r"\s*"
_SEPARATOR = f"{_atomic(_SPACES, 'before')}[/*·]?{_atomic(_SPACES, 'after')}"
_UNIT = re.compile(
    f"{_atomic(_NAME, 'name')}{_power('name')}"
    f"(?:{_SEPARATOR}{_atomic(_NAME, 'next')}{_power('next')})*"
)
_CALIBRE = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([A-Za-z]+)?")

MAX_UNIT_LENGTH = 200
"""The longest unit text read: a unit is a few names, never a paragraph."""

CALIBRE_TOLERANCE_MM = 0.5
"""Calibres this close are one (122 mm and 122.4 mm): the one calibre rule."""

COUNT_OF_MUNITIONS = "round"
COUNT_OF_CONTAINERS = "container"
MUNITIONS_PER_CONTAINER = "round / container"


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The registry, built on first use so that commands which need no units never pay."""
    import pint

    from shellcount.cache_folder import unit_definitions_folder
    from shellcount.packaged import packaged_path

    return pint.UnitRegistry(
        str(packaged_path("units.txt")),
        autoconvert_offset_to_baseunit=False,
        # pint's cache of the parsed definitions file, in shellcount's own cache
        cache_folder=unit_definitions_folder(),
    )


@functools.cache
def parse_unit(text: str) -> pint.Unit:
    """The unit named by ``text`` (``shell``, ``shells/container``, ``USD/year``).

    Names, ``/``, ``*`` and small whole powers only: pint would evaluate any arithmetic.
    """
    import pint

    if not text.strip():
        raise UnitError("no unit given")
    if len(text) > MAX_UNIT_LENGTH:
        # Before pint reads it: its work then stays small whatever a file holds.
        raise UnitError(
            f"{_quoted(text)} is too long to be a unit ({len(text):,} characters; at most "
            f"{MAX_UNIT_LENGTH})"
        )
    if not _UNIT.fullmatch(text.strip()):
        raise UnitError(
            f"{_quoted(text)} is not a unit expression (unit names joined by '/' or '*', "
            "e.g. 'shell/container')"
        )
    ureg = registry()
    try:
        simple = _simple_units(ureg, text.strip())
        return ureg.Unit(text.strip() if simple is None else simple)
    except pint.errors.UndefinedUnitError as error:
        unknown = str(error.unit_names if isinstance(error.unit_names, str) else text)
        raise UnitError(f"unknown unit {_quoted(text)}{_suggestion(unknown)}") from None
    except Exception:
        raise UnitError(f"{_quoted(text)} is not a unit expression") from None


_SIMPLE = re.compile(r"\s*([/*]?)\s*([A-Za-z_][A-Za-z0-9_]*)")
_PREPROCESSED_WORDS = frozenset({"per", "square", "squared", "sq", "cubic", "cubed"})


def _simple_units(ureg: pint.UnitRegistry[Any], text: str) -> pint.util.UnitsContainer | None:
    """What pint's parser makes of ``text`` when it is names joined by ``/`` and ``*``
    (``round / container``), found without it; None for anything else (powers, names
    side by side, words pint rewrites), which pint then reads.

    pint reads every unit through Python's tokenizer, whose pattern costs milliseconds to
    compile: a command that reads its claims from the cache would pay it for one unit.
    The steps are pint's own (``_parse_units_as_container``): exponents summed per name
    as written, left to right, then each name made canonical, and a non-multiplicative
    unit (an offset temperature) read as its delta where pint reads it so.
    """
    exponents: dict[str, int] = {}
    position = 0
    for match in _SIMPLE.finditer(text):
        operator, name = match.groups()
        if match.start() != position or (operator == "") != (position == 0):
            return None
        if name in _PREPROCESSED_WORDS:
            return None
        exponents[name] = exponents.get(name, 0) + (-1 if operator == "/" else 1)
        position = match.end()
    if position != len(text) or not exponents:
        return None
    written = {name: power for name, power in exponents.items() if power}
    many = len(written) > 1
    container = ureg.UnitsContainer({})
    for name, power in written.items():
        canonical = ureg.get_name(name)
        if not canonical:
            continue
        if (many or power != 1) and not ureg._units[canonical].is_multiplicative:
            canonical = "delta_" + canonical
        container = container.add(canonical, power)  # type: ignore[arg-type]  # pint: Number
    return container


def _quoted(text: str) -> str:
    """A unit as a message quotes it: on one line, and not past 80 characters."""
    return repr(text if len(text) <= 80 else text[:77] + "...")


_DEFINED_BY_FILES: list[str] = []


def defined_count_units() -> tuple[str, ...]:
    """The count units claims files have defined in this process, in order: a file read
    now may use them without declaring them, so what it reads as depends on them."""
    return tuple(_DEFINED_BY_FILES)


COUNT_UNIT_PATTERN = r"[A-Za-z][A-Za-z0-9_]*"
"""A name a claims file may declare as a count unit (the JSON Schema reads it too)."""
_COUNT_UNIT_NAME = re.compile(COUNT_UNIT_PATTERN)


def define_count_unit(name: str) -> pint.Unit:
    """``name`` as a count unit of its own dimension (a claims file's ``units: [depot]``),
    defined once in the registry; a count the registry knows already (``truck``, or a
    name defined before) is that unit, so defining is idempotent.

    A name the registry reads as something else (``kg``, ``min``, ``percent``, or
    ``ctruck``, which pint would read as a hundredth of a truck) is a UnitError.
    """
    import pint

    text = name.strip()
    if not _COUNT_UNIT_NAME.fullmatch(text):
        raise UnitError(
            f"{name!r} is not a unit name: letters, digits and '_', starting with a letter"
        )
    ureg = registry()
    try:
        known: pint.Unit | None = ureg.Unit(text)
    except pint.errors.UndefinedUnitError:
        known = None
    if known is None:
        ureg.define(f"{text} = [{text}]")
        _DEFINED_BY_FILES.append(text)
        return parse_unit(text)
    if not is_count(known):
        what = dimension(known)
        kind = "a dimensionless unit" if what == "dimensionless" else f"a unit of {what}"
        raise UnitError(
            f"{text!r} is already {kind} ({format_unit(known)}), not a count; choose another name"
        )
    if factor(known, carrier_of(known)) != 1.0:
        raise UnitError(f"{text!r} already reads as {format_unit(known)}; choose another name")
    return known


@functools.cache
def carrier_of(unit: pint.Unit) -> pint.Unit:
    """The unit a count is counted in at base: ``container`` for containers, ``truck``
    for lorries; what a per-carrier figure is per."""
    _factor, base = registry().get_base_units(unit)
    return parse_unit(str(base))  # the one object per unit name, so `is` compares them


def is_carrier_count(unit: pint.Unit) -> bool:
    """A count that munitions can be carried in (containers, trucks, vessels, a declared
    ``flight``): a count, and not of munitions or of money."""
    return is_count(unit) and not is_munition_count(unit) and "currency" not in dimension(unit)


def known_units() -> list[str]:
    """Every unit name and alias the registry knows, for suggestions and help."""
    return sorted(registry()._units.keys())


@functools.cache
def dimension(unit: pint.Unit) -> str:
    """The unit's dimensionality as text: ``[munition]``, ``[munition] / [container]``."""
    return str(unit.dimensionality)


def is_munition_count(unit: pint.Unit) -> bool:
    return dimension(unit) == MUNITION


def is_container_count(unit: pint.Unit) -> bool:
    return dimension(unit) == CONTAINER


_NOT_COUNTED = {LENGTH, "[mass]", "[time]"}


@functools.cache
def is_count(unit: pint.Unit) -> bool:
    """A count of things (rounds, containers, vessels, dollars), not a length or a rate."""
    dimensions = dict(unit.dimensionality)
    if len(dimensions) != 1:
        return False
    ((name, power),) = dimensions.items()
    return power == 1 and name not in _NOT_COUNTED


@functools.cache
def factor(source: pint.Unit, target: pint.Unit) -> float:
    """The number that turns a magnitude in ``source`` into one in ``target``."""
    import pint

    try:
        return float(registry().Quantity(1.0, source).to(target).magnitude)
    except pint.errors.DimensionalityError:
        raise UnitError(
            f"cannot convert {format_unit(source)} to {format_unit(target)}: "
            f"{dimension(source)} is not {dimension(target)}"
        ) from None


@functools.cache
def ratio_unit(numerator: pint.Unit, denominator: pint.Unit) -> pint.Unit:
    """The unit of a quotient, as pint derives it."""
    result: pint.Unit = numerator / denominator
    return result


@functools.cache
def format_unit(unit: pint.Unit) -> str:
    """A unit by its full names, compactly: ``shell/container``, ``USD/year``.

    Cached: pint's formatter costs far more than the lookup, and every row of a report
    names one of a few units."""
    return str(unit).replace(" / ", "/").replace(" * ", "·").replace(" ** ", "^") or "1"


def parse_calibre(value: Any) -> float:
    """A calibre in millimetres: ``152 mm``, ``122mm``, ``6.1 in``; a bare number is mm.

    Only a number and a unit name are read: pint would evaluate arithmetic such as
    ``9**9**9 mm``, which never finishes.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise UnitError(f"calibre must be a length such as '152 mm', not {value!r}")
    match = _CALIBRE.fullmatch(str(value).strip())
    if match is None:
        raise UnitError(f"calibre {str(value).strip()!r} is not a length such as '152 mm'")
    number, unit_name = match.groups()
    try:
        magnitude = float(number)
    except OverflowError:
        magnitude = math.inf
    if unit_name:
        unit = parse_unit(unit_name)
        if dimension(unit) != LENGTH:
            raise UnitError(
                f"calibre {str(value).strip()!r} is {dimension(unit)}, not a length such as "
                "'152 mm'"
            )
        magnitude *= factor(unit, parse_unit("millimeter"))
    if not 0 < magnitude < math.inf:
        raise UnitError(f"calibre must be a positive length, not {value!r}")
    return magnitude


def same_calibre(a_mm: float, b_mm: float) -> bool:
    """Whether two calibres, in millimetres, are one: within ``CALIBRE_TOLERANCE_MM``."""
    return abs(a_mm - b_mm) <= CALIBRE_TOLERANCE_MM


@functools.lru_cache(maxsize=1024)
def _suggestion(unknown: str) -> str:
    # Cached: a refused unit is not (parse_unit caches only what it returns), and a file
    # may misspell the same unit thousands of times.
    names = _unit_names()
    close = closest(unknown, names[0]) or closest(unknown.lower(), names[1])
    return f"; did you mean {close!r}?" if close else ""


@functools.cache
def _unit_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The registry's unit names as written and lower-cased, for suggestions."""
    names = known_units()
    return tuple(names), tuple(name.lower() for name in names)
