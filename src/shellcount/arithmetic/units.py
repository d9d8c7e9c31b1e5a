"""The unit registry: the one place that builds a pint ``UnitRegistry``.

shellcount uses a small definitions file of its own (``data/units.txt``) rather than pint's
default registry: it loads in milliseconds and knows the things analysts count (rounds,
containers, vessels, currencies) as dimensions that cannot be mixed by accident.
Magnitudes travel as floats inside intervals; pint owns the units, their algebra and
every conversion factor.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from typing import TYPE_CHECKING, Any

from shellcount.errors import UnitError

if TYPE_CHECKING:
    import pint

MUNITION = "[munition]"
CONTAINER = "[container]"
LENGTH = "[length]"

_NAME = r"[A-Za-z_%$][A-Za-z0-9_$]*"
_POWER = r"(?:\s*(?:\^|\*\*)\s*-?[0-9])?"
_UNIT = re.compile(rf"{_NAME}{_POWER}(?:\s*[/*·]?\s*{_NAME}{_POWER})*")
_CALIBRE = re.compile(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*([A-Za-z]+)?")

CALIBRE_TOLERANCE_MM = 0.5
"""Calibres this close are one (122 mm and 122.4 mm): the one calibre rule."""

COUNT_OF_MUNITIONS = "round"
COUNT_OF_CONTAINERS = "container"
MUNITIONS_PER_CONTAINER = "round / container"


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The registry, built on first use so that commands which need no units never pay."""
    import pint

    from shellcount.packaged import packaged_path

    return pint.UnitRegistry(str(packaged_path("units.txt")), autoconvert_offset_to_baseunit=False)


@functools.cache
def parse_unit(text: str) -> pint.Unit:
    """The unit named by ``text`` (``shell``, ``shells/container``, ``USD/year``).

    Names, ``/``, ``*`` and small whole powers only: pint would evaluate any arithmetic.
    """
    import pint

    if not text.strip():
        raise UnitError("no unit given")
    if not _UNIT.fullmatch(text.strip()):
        raise UnitError(
            f"{text!r} is not a unit expression (unit names joined by '/' or '*', "
            "e.g. 'shell/container')"
        )
    ureg = registry()
    try:
        return ureg.Unit(text.strip())
    except pint.errors.UndefinedUnitError as error:
        unknown = str(error.unit_names if isinstance(error.unit_names, str) else text)
        raise UnitError(f"unknown unit {text!r}{_suggestion(unknown)}") from None
    except Exception:
        raise UnitError(f"{text!r} is not a unit expression") from None


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


def _suggestion(unknown: str) -> str:
    names = known_units()
    close = difflib.get_close_matches(unknown, names, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(unknown.lower(), [n.lower() for n in names], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""
