"""The unit registry: dimensions that cannot mix, compound units, calibres, lazy building."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shellcount.arithmetic import units
from shellcount.errors import UnitError


def unit(text: str) -> object:
    return units.parse_unit(text)


# --- dimensions ----------------------------------------------------------------------------

MUNITIONS = ["round", "shell", "rocket", "projectile", "rd"]


@pytest.mark.parametrize("source", MUNITIONS)
@pytest.mark.parametrize("target", MUNITIONS)
def test_munitions_are_one_dimension(source: str, target: str) -> None:
    assert units.factor(unit(source), unit(target)) == 1.0
    assert units.dimension(unit(source)) == units.MUNITION
    assert units.is_munition_count(unit(source))
    assert not units.is_container_count(unit(source))


def test_container_is_a_dimension_of_its_own() -> None:
    container = unit("container")
    assert units.dimension(container) == units.CONTAINER
    assert units.is_container_count(container)
    assert not units.is_munition_count(container)
    with pytest.raises(UnitError, match=r"cannot convert shell to container"):
        units.factor(unit("shell"), container)


@pytest.mark.parametrize(
    ("source", "target"), [("USD", "EUR"), ("missile", "round"), ("drone", "shell")]
)
def test_other_counted_things_do_not_mix(source: str, target: str) -> None:
    with pytest.raises(UnitError, match="cannot convert"):
        units.factor(unit(source), unit(target))


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("shells", "shell"), ("rockets", "rocket"), ("rounds", "round"),
     ("containers", "container"), ("days", "day"), ("months", "month")],
)  # fmt: skip
def test_plurals_parse(plural: str, singular: str) -> None:
    assert unit(plural) == unit(singular)


COMPOUNDS = [
    # text, dimension, formatted
    ("shell/container", "[munition] / [container]", "shell/container"),
    ("shells / container", "[munition] / [container]", "shell/container"),
    (units.MUNITIONS_PER_CONTAINER, "[munition] / [container]", "round/container"),
    ("USD/year", "[currency_USD] / [time]", "USD/year"),
    ("container/day", "[container] / [time]", "container/day"),
]


@pytest.mark.parametrize(("text", "dimension", "formatted"), COMPOUNDS)
def test_compound_units(text: str, dimension: str, formatted: str) -> None:
    parsed = units.parse_unit(text)
    assert units.dimension(parsed) == dimension
    assert units.format_unit(parsed) == formatted


def test_compound_ratio_and_conversion() -> None:
    per = units.ratio_unit(unit("shell"), unit("container"))
    assert per == unit("shell/container")
    assert units.factor(per, unit(units.MUNITIONS_PER_CONTAINER)) == 1.0
    assert units.factor(unit("rocket/container"), unit("shell/container")) == 1.0


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [("day", "month", 12 / 365.25), ("month", "day", 365.25 / 12), ("year", "month", 12),
     ("week", "day", 7), ("t", "kg", 1000), ("in", "mm", 25.4), ("percent", "dimensionless", 0.01)],
)  # fmt: skip
def test_conversions(source: str, target: str, expected: float) -> None:
    assert units.factor(unit(source), unit(target)) == pytest.approx(expected, rel=1e-12)


def test_container_per_day_to_per_month() -> None:
    per_day = unit("container/day")
    assert units.factor(per_day, unit("container/month")) == pytest.approx(365.25 / 12)


def test_percent_is_dimensionless() -> None:
    assert unit("percent").dimensionless
    assert unit("%").dimensionless
    assert not unit("shell").dimensionless


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "suggested"),
    [("shel", "shell"), ("contaner", "container"), ("rokcet", "rocket"), ("Shell", "shell")],
)
def test_unknown_unit_suggests_the_nearest(text: str, suggested: str) -> None:
    with pytest.raises(UnitError, match=rf"unknown unit '{text}'; did you mean '{suggested}'\?"):
        units.parse_unit(text)


@pytest.mark.parametrize("text", ["2 +", "((", "shell/", "/shell", "shell**", "\x00", "5", "NaN"])
def test_junk_is_a_unit_error(text: str) -> None:
    with pytest.raises(UnitError):
        units.parse_unit(text)


def test_known_units_lists_names_and_aliases() -> None:
    known = units.known_units()
    assert {"shell", "rocket", "round", "container", "USD", "day", "month"} <= set(known)
    assert known == sorted(known)


@given(st.text(max_size=30))
def test_parse_unit_raises_nothing_but_unit_error(text: str) -> None:
    try:
        parsed = units.parse_unit(text)
    except UnitError:
        return
    assert isinstance(units.dimension(parsed), str)


@given(
    st.one_of(
        st.text(max_size=30),
        st.from_regex(r"\A-?[0-9]{1,6}(\.[0-9]*)? ?(mm|in|m|kg|shell|%)?\Z"),
        # Integers too large for a float.
        st.from_regex(r"\A-?[1-9][0-9]{310,400} ?(mm|in)?\Z"),
        st.integers(),
        st.floats(),
        st.booleans(),
    )
)
def test_parse_calibre_raises_nothing_but_unit_error(value: object) -> None:
    try:
        millimetres = units.parse_calibre(value)
    except UnitError:
        return
    assert 0 < millimetres < float("inf")


# --- calibres --------------------------------------------------------------------------------

CALIBRES = [
    ("152 mm", 152),
    ("122mm", 122),
    ("152", 152),
    (" 152 mm ", 152),
    (152, 152),
    (152.0, 152),
    ("6.1 in", 154.94),
    ("15.5 cm", 155),
]


@pytest.mark.parametrize(("value", "millimetres"), CALIBRES)
def test_calibre(value: object, millimetres: float) -> None:
    assert units.parse_calibre(value) == pytest.approx(millimetres)


REJECTED_CALIBRES = [
    ("152 kg", "is [mass], not a length"),
    ("3 shell", "is [munition], not a length"),
    ("5 %", "not a length"),
    ("152 mm mm", "not a length"),
    ("0", "positive length"),
    ("-3", "not a length"),
    ("0 mm", "positive length"),
    (0, "positive length"),
    (-3, "not a length"),
    (float("nan"), "not a length"),
    ("inf", "not a length"),
    ("1e400 mm", "not a length"),
    # Integers too large for a float once raised OverflowError.
    ("1" * 400, "positive length"),
    ("1" * 400 + " mm", "positive length"),
    (10**400, "positive length"),
    ("10**400", "not a length"),
    (True, "length such as"),
    ("", "not a length"),
    ("abc", "not a length"),
    ("152 +", "not a length"),
]


@pytest.mark.parametrize(("value", "message"), REJECTED_CALIBRES, ids=lambda v: repr(v)[:20])
def test_calibre_rejected(value: object, message: str) -> None:
    with pytest.raises(UnitError, match=re.escape(message)):
        units.parse_calibre(value)


# --- a lazy registry, in a fresh interpreter ----------------------------------------------


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_units_does_not_build_the_registry() -> None:
    code = (
        "import sys\n"
        "import shellcount.arithmetic.units as u\n"
        "print(u.registry.cache_info().currsize, 'pint' in sys.modules)\n"
        "u.parse_unit('shell')\n"
        "print(u.registry.cache_info().currsize)\n"
    )
    assert run_python(code).splitlines() == ["0 False", "1"]


def test_building_the_registry_does_not_import_numpy() -> None:
    code = (
        "import sys\n"
        "import shellcount.arithmetic.units as u\n"
        "u.registry()\n"
        "u.parse_unit('shell/container')\n"
        "u.parse_calibre('152 mm')\n"
        "print('pint' in sys.modules, 'numpy' in sys.modules)\n"
    )
    assert run_python(code) == "True False"


@pytest.mark.parametrize("text", ["9**9**9 mm", "2**2**2**2**2 in"])
def test_calibre_arithmetic_is_refused_not_evaluated(text: str) -> None:
    with pytest.raises(UnitError, match="not a length"):
        units.parse_calibre(text)


@pytest.mark.parametrize("text", ["shell**9**9**9", "9**9**9", "shell^(9**9)"])
def test_unit_arithmetic_is_refused_not_evaluated(text: str) -> None:
    with pytest.raises(UnitError, match="not a unit expression"):
        units.parse_unit(text)


# --- names joined by / and *, read without pint's parser ----------------------------------

_WRITTEN_NAMES = [
    *MUNITIONS,
    "shells",
    "container",
    "containers",
    "truck",
    "kg",
    "t",
    "day",
    "days",
    "month",
    "year",
    "USD",
    "degC",
    "kelvin",
    "percent",
    "silo",
    "nonesuch",
]


@given(
    st.lists(st.sampled_from(_WRITTEN_NAMES), min_size=1, max_size=5),
    st.lists(st.sampled_from(["/", "*", " / ", " * ", "  /", "*  "]), min_size=4, max_size=4),
)
def test_a_simple_unit_reads_as_pint_reads_it(names: list[str], operators: list[str]) -> None:
    import pint

    text = names[0] + "".join(op + name for op, name in zip(operators, names[1:], strict=False))
    ureg = units.registry()
    try:
        expected: object = ureg.parse_units_as_container(text)
    except pint.errors.UndefinedUnitError:
        expected = "undefined"
    try:
        found: object = units._simple_units(ureg, text)
    except pint.errors.UndefinedUnitError:
        found = "undefined"
    assert found == expected, text


@pytest.mark.parametrize(
    "text", ["shell container", "shell^2", "shell**2", "square km", "km per day", "shell/", "/day"]
)
def test_anything_else_is_left_to_pint(text: str) -> None:
    assert units._simple_units(units.registry(), text) is None


def test_a_simple_unit_never_starts_the_tokenizer() -> None:
    code = (
        "from shellcount.arithmetic import units; "
        "units.parse_unit('round / container'); units.parse_unit('shells'); "
        "import tokenize; print(tokenize._compile.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0", done.stdout + done.stderr
