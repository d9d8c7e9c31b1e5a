"""Physical plausibility: projectiles' mass per container against a container's payload.

The worked figures (447.76 shells a container × 43.56 kg = 19.5 t, 0.69 of a 20 ft
container's 28,180 kg, break-even overhead 0.44), the choice between a shell and a rocket
of one calibre, the payload options, and the reference file's checks.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Shell
from shellcount.analysis.per_container import PerContainerDeriver
from shellcount.analysis.plausibility import (
    NoRound,
    UnknownContainerError,
    assess,
    check_for,
    parse_payload,
    select_round,
    weigh,
)
from shellcount.arithmetic import units
from shellcount.arithmetic.interval import Interval
from shellcount.errors import ShellcountError, UnitError
from shellcount.ledger.model import Amount, Ledger
from shellcount.ledger.reference import (
    ReferenceFileError,
    RoundKind,
    load_reference,
    packaged_reference_path,
    parse_mass,
)
from shellcount.views.working import share_shown

REPOSITORY = Path(__file__).resolve().parents[1]
REFERENCE_FACTS = REPOSITORY.parent / "shared" / "reference-facts.md"
PACKAGED_REFERENCE = packaged_reference_path().read_text(encoding="utf-8")


def rows_of(text: str) -> dict[str, dict[str, str]]:
    return {row["claim_id"]: row for row in csv.DictReader(io.StringIO(text))}


def plausibility_cells(row: dict[str, str]) -> tuple[str, ...]:
    names = (
        "round_id round_mass_kg mass_per_container_t_low mass_per_container_t_high payload_kg "
        "payload_share_nominal payload_share_low payload_share_high break_even_overhead"
    ).split()
    return tuple(row[name] for name in names)


# --- the worked figures ---------------------------------------------------------------------


def test_the_ministers_conversion_in_csv(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "152", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    # 447.76 a container × [43.56, 46] kg: [441.18, open) a container (3 million over
    # "about 6,700", [6,600, 6,800]) is [19.22 t, open); 19.50 t / 28.18 t = 0.69 and
    # 19.22 / 28.18 = 0.68; 28,180 / 19,504 − 1 = 0.44.
    assert plausibility_cells(rows["shin-feb-152"]) == (
        "152mm-of540", "43.56", "19.22", "", "28180", "0.69", "0.68", "", "0.44",
    )  # fmt: skip
    # The same conversion with "about three million" ([2, 4] million): [294.12, 606.06]
    # a container, [12.81, 27.88] t, a share of [0.45, 0.99].
    assert plausibility_cells(rows["bbg-shin-152"]) == (
        "152mm-of540", "43.56", "12.81", "27.88", "28180", "0.69", "0.45", "0.99", "0.44",
    )  # fmt: skip
    # No calibre: no round, so no mass and no payload used.
    assert plausibility_cells(rows["aje-headline-shells"]) == ("",) * 9


def test_the_122mm_rockets_weigh_as_grad_rockets(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "122", "--format", "csv")
    rows = rows_of(result.stdout)
    # 74.63 a container × 65 kg = 4.85 t, 0.17 of 28.18 t; [450,000, 550,000] over
    # [6,600, 6,800] is [66.18, 83.33] a container, × [65, 66.6] kg = [4.3, 5.55] t.
    assert plausibility_cells(rows["shin-feb-122"]) == (
        "122mm-9m22u", "65", "4.3", "5.55", "28180", "0.17", "0.15", "0.2", "4.81",
    )  # fmt: skip


def test_weigh_gives_the_worked_nominal_figures(packaged: Ledger) -> None:
    claim = packaged.claim("shin-feb-152")
    per_container = PerContainerDeriver(packaged).derive(claim).per_container
    weighed = assess(claim, per_container, check_for(load_reference()))
    assert weighed.weighing is not None
    assert round(weighed.weighing.mass.nominal or 0, 2) == 19.50
    assert units.format_unit(weighed.weighing.mass.unit) == "tonne/container"
    assert round(weighed.weighing.share.nominal or 0, 2) == 0.69
    assert round(weighed.weighing.break_even_overhead or 0, 2) == 0.44
    assert weighed.weighing.share.interval.is_open


def test_explain_shows_which_figures_and_the_arithmetic(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "152", "--explain")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for step in [
        "  round: 152mm-of540, 152 mm HE-FRAG projectile OF-540 / OF-25 (2S3, D-20, 2A65 "
        'family): 43.56 kg (43.56 to 46 kg over the sources); source: Wikipedia, "2S3 Akatsiya"',
        "    uncertain: The high end, 46.0 kg, is from a game data file",
        # Derived figures to three significant figures in the human formats.
        "  mass: 448 round/container × 43.56 kilogram/round = 19.5 tonne/container\n",
        "    interval: [441, open) round/container × [43.56, 46] kilogram/round = "
        "[19.2, open) tonne/container\n",
        "  payload: 28,180 kg, the payload of a 20ft container; source: "
        "freightutils.com/containers",
        "  payload share: 19.5 tonne/container ÷ 28.18 tonne/container = 0.69\n",
        "  break-even overhead: 28.18 tonne/container ÷ 19.5 tonne/container − 1 = 0.44 (",
        "  round mass: none (no calibre stated)\n",
    ]:
        assert step in out, (step, out)


def test_every_format_says_which_round_and_payload(shellcount: Shell) -> None:
    document = json.loads(shellcount("derive", "-c", "152", "-f", "json").stdout)
    row = next(r for r in document["rows"] if r["claim_id"] == "shin-feb-152")
    assert (row["round_id"], row["payload_kg"], row["payload_share_nominal"]) == (
        "152mm-of540",
        28180,
        0.69,
    )
    assert row["payload_share_high"] is None  # open: "more than three million"
    notes = "\n".join(document["notes"])
    assert "payload: 28,180 kg, the payload of a 20ft container" in notes
    assert "round 152mm-of540 (packaged reference.yaml) for shin-feb-152, bbg-shin-152" in notes
    for output_format in ("table", "markdown"):
        text = shellcount("derive", "-c", "152", "-f", output_format).stdout
        assert "Payload share" in text, text
        assert "28,180 kg" in text, text
        assert "152mm-of540" in text, text
    table = shellcount("derive", "-c", "152").stdout
    assert "0.69 [0.68, open)" in table, table
    assert "0.69 [0.45, 0.99]" in table, table


# --- which round a claim counts ---------------------------------------------------------------

CLAIMS = """\
format: 1
sources:
  - id: s
    outlet: Test Outlet
    published: 2024-01-31
claims:
  - id: boxes
    source: s
    measure: containers
    figure: exactly 1,000
    unit: container
    quote: q
{claims}
"""

CAPACITY = """\
  - id: {id}
    source: s
    measure: {measure}
    calibre: {calibre}
    figure: {figure}
    unit: {unit}
    basis: capacity
    converts: boxes
    quote: q
"""


@pytest.fixture
def selection_claims(tmp_path: Path) -> Path:
    claims = [
        ("shells-122", "shells", "122 mm", "exactly 500,000", "shell"),
        ("rockets-122", "rockets", "122 mm", "exactly 100,000", "rocket"),
        ("rounds-said-rockets", "122mm rockets", "122", "exactly 100,000", "round"),
        (
            "projectiles-said-shells",
            "artillery shells",
            "122.3 mm",
            "exactly 500,000",
            "projectile",
        ),
        ("rounds-unsaid", "munitions", "122 mm", "exactly 100,000", "round"),
        ("rockets-152", "rockets", "152 mm", "exactly 100,000", "rocket"),
    ]
    text = "".join(
        CAPACITY.format(id=i, measure=m, calibre=c, figure=f, unit=u) for i, m, c, f, u in claims
    )
    path = tmp_path / "claims.yaml"
    path.write_text(CLAIMS.format(claims=text), encoding="utf-8")
    return path


def test_shell_or_rocket_from_unit_then_measure(shellcount: Shell, selection_claims: Path) -> None:
    result = shellcount("derive", "--claims", str(selection_claims), "-c", "122", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    # 500 shells a container × 21.76 kg = 10.88 t: 0.39 of 28.18 t, overhead 1.59.
    shells = ("122mm-of462", "21.76", "10.88", "10.88", "28180", "0.39", "0.39", "0.39", "1.59")
    # 100 rockets a container × [65, 66.6] kg = [6.5, 6.66] t: 0.23 [0.23, 0.24], 3.34.
    rockets = ("122mm-9m22u", "65", "6.5", "6.66", "28180", "0.23", "0.23", "0.24", "3.34")
    assert plausibility_cells(rows["shells-122"]) == shells
    assert plausibility_cells(rows["projectiles-said-shells"]) == shells
    assert plausibility_cells(rows["rockets-122"]) == rockets
    assert plausibility_cells(rows["rounds-said-rockets"]) == rockets
    assert plausibility_cells(rows["rounds-unsaid"]) == ("",) * 9


def test_a_round_of_no_stated_kind_says_why_it_has_no_mass(
    shellcount: Shell, selection_claims: Path
) -> None:
    result = shellcount("derive", "--claims", str(selection_claims), "-c", "122", "--explain")
    reason = "unit 'round' and measure 'munitions' do not say which round: say shell or rocket"
    assert f"  round mass: none ({reason})\n" in result.stdout, result.stdout
    assert f"  no round mass ({reason}): rounds-unsaid\n" in result.stdout, result.stdout
    result = shellcount("derive", "--claims", str(selection_claims), "-c", "152", "--explain")
    assert "round mass: none (no 152 mm rocket in packaged reference.yaml)" in result.stdout


def test_selection_in_the_core(packaged: Ledger) -> None:
    reference = load_reference()
    chosen = select_round(packaged.claim("shin-feb-122"), reference).round
    assert chosen is not None
    assert (chosen.id, chosen.kind, chosen.mass.nominal) == ("122mm-9m22u", RoundKind.ROCKET, 65)
    shell = reference.round_for(122.4, RoundKind.SHELL)
    assert shell is not None
    assert shell.id == "122mm-of462"
    assert reference.round_for(122.6, RoundKind.SHELL) is None  # beyond the 0.5 mm tolerance
    nothing = select_round(packaged.claim("bbg-zelensky-shells"), reference)
    assert (nothing.round, nothing.missing) == (None, NoRound.NO_CALIBRE)


# --- the container and payload options ----------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        # 19,504 kg / 26,730 kg = 0.73; [19,220 kg, open) → [0.72, open); 26,730/19,504 − 1.
        (["--container", "40ft"], ("26730", "0.73", "0.72", "", "0.37")),
        # Older 20 ft boxes: 19,504 / 21,750 = 0.9; 19,220 / 21,750 = 0.88; overhead 0.12.
        (["--payload", "21750kg"], ("21750", "0.9", "0.88", "", "0.12")),
        (["--payload", "21,750 kg"], ("21750", "0.9", "0.88", "", "0.12")),
        (["--payload", "21.75 t"], ("21750", "0.9", "0.88", "", "0.12")),
        (["--container", "40ft", "--payload", "21.75t"], ("21750", "0.9", "0.88", "", "0.12")),
    ],
)
def test_container_and_payload_options(
    shellcount: Shell, options: list[str], expected: tuple[str, ...]
) -> None:
    result = shellcount("derive", "-c", "152", "-f", "csv", *options)
    assert result.exit_code == 0, result.stderr
    cells = plausibility_cells(rows_of(result.stdout)["shin-feb-152"])
    assert cells[4:] == expected, result.stdout


def test_a_payload_too_small_for_the_projectiles_alone(shellcount: Shell) -> None:
    # 19,504 kg of projectiles in a 10 t payload: 1.95 of it, and no room for anything else.
    result = shellcount("derive", "-c", "152", "--payload", "10 t", "-f", "csv")
    cells = plausibility_cells(rows_of(result.stdout)["shin-feb-152"])
    assert cells[4:] == ("10000", "1.95", "1.92", "", "-0.49"), result.stdout
    result = shellcount("derive", "-c", "152", "--payload", "10 t", "--explain")
    assert (
        "break-even overhead: 10 tonne/container ÷ 19.5 tonne/container − 1 = -0.49 (the "
        "projectiles alone are more than the payload)" in result.stdout
    ), result.stdout


def test_a_given_payload_is_named_in_the_notes(shellcount: Shell) -> None:
    result = shellcount("derive", "-c", "152", "--payload", "21750kg", "-f", "json")
    notes = json.loads(result.stdout)["notes"]
    assert (
        "payload: 21,750 kg as given (the 20ft container of the reference file carries "
        "28,180 kg)" in notes
    ), notes


@pytest.mark.parametrize(
    "options",
    [
        ["--payload", "lots"],
        ["--payload", "21750"],
        ["--payload", "9**9 kg"],
        ["--payload", "21750 m"],
        ["--payload", "0 kg"],
        ["--payload", "-5 kg"],
        ["--payload", ""],
        ["--payload", "21,75 kg"],
        ["--container", "10ft"],
    ],
)
def test_bad_payload_or_container_is_bad_usage(shellcount: Shell, options: list[str]) -> None:
    result = shellcount("derive", "-c", "152", *options)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert options[0] in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("text", "kilograms"),
    [("21750kg", 21750), ("21,750 kg", 21750), ("21.75 t", 21750), (" 65 kg ", 65),
     ("0.5 t", 500), ("1,000,000 g", 1000)],
)  # fmt: skip
def test_parse_mass(text: str, kilograms: float) -> None:
    assert parse_payload(text) == pytest.approx(kilograms)


def test_parse_mass_refuses_what_is_not_a_number_and_a_mass() -> None:
    with pytest.raises(UnitError, match="has no unit"):
        parse_mass("21750")
    with pytest.raises(UnitError, match=r"is \[length\], not a mass"):
        parse_mass("5 km")
    with pytest.raises(UnitError, match="positive and finite"):
        parse_mass("9" * 400 + " kg")
    with pytest.raises(UnitError, match="unknown unit"):
        parse_mass("5 kgs")


def test_unknown_container_in_the_core() -> None:
    with pytest.raises(UnknownContainerError, match=r"'45ft' .* \(choose from 20ft, 40ft\)"):
        check_for(load_reference(), "45ft")


# --- the reference file -------------------------------------------------------------------------


def test_every_round_cites_its_source_as_reference_facts_gives_it() -> None:
    reference = load_reference()
    assert [(r.id, r.mass.nominal, r.mass.interval) for r in reference.rounds] == [
        ("152mm-of540", 43.56, Interval(43.56, 46.0)),
        ("122mm-of462", 21.76, Interval(21.76, 21.76)),
        ("122mm-9m22u", 65.0, Interval(65.0, 66.6)),
    ]
    assert [(c.id, c.payload_kg, c.tare_kg, c.max_gross_kg) for c in reference.containers] == [
        ("20ft", 28180, 2300, 30480),
        ("40ft", 26730, 3750, 30480),
    ]
    for item in reference.rounds:
        assert item.source, item.id
        assert item.uncertain, item.id
    if REFERENCE_FACTS.is_file():
        facts = REFERENCE_FACTS.read_text(encoding="utf-8")
        for item in reference.rounds:
            assert item.source in facts, item.id


def _with(old: str, new: str) -> str:
    assert PACKAGED_REFERENCE.count(old) == 1, old
    return PACKAGED_REFERENCE.replace(old, new)


def _position(text: str, marker: str) -> tuple[int, int]:
    """Line and column (1-based) of the first character of ``marker``, once in ``text``."""
    assert text.count(marker) == 1, marker
    index = text.index(marker)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


_LINE_OF = {
    name: _position(PACKAGED_REFERENCE, f"id: {name}\n")[0] for name in ("122mm-of462", "20ft")
}
_FIRST_SOURCE_OF_OF462 = _position(PACKAGED_REFERENCE, "hobby data files")[0]
_GRAD_SOURCE = "'VietNamNet: \"BM-21 ... 9M22U 122mm rocket weighing 65kg\"'"

# (text of the file, a marker that starts where the error points, the message)
BROKEN = {
    "mass-not-a-mass": (
        _with("mass: 43.56 kg", "mass: 43.56 m"),
        "43.56 m",
        "round '152mm-of540': mass: '43.56 m' is [length], not a mass",
    ),
    "mass-high-below-mass": (
        _with("mass_high: 46.0 kg", "mass_high: 40 kg"),
        "40 kg",
        "round '152mm-of540': mass_high: is below mass (43.56 kg)",
    ),
    "kind": (
        _with("    kind: rocket", "    kind: missile"),
        "missile",
        "round '122mm-9m22u': kind: 'missile' is not shell or rocket",
    ),
    "unknown-field": (
        _with("    mass_high: 46.0 kg", "    mass_hihg: 46.0 kg"),
        "mass_hihg",
        "round '152mm-of540': unknown field 'mass_hihg'; did you mean 'mass_high'?",
    ),
    "two-rockets-of-a-calibre": (
        _with("122 mm\n    kind: shell", "122.3 mm\n    kind: rocket"),
        "122 mm\n    kind: rocket",
        f"round '122mm-9m22u': calibre: round '122mm-of462' (line {_LINE_OF['122mm-of462']}) "
        "is already the rocket of this calibre",
    ),
    "duplicate-id": (
        _with("  - id: 40ft", "  - id: 20ft"),
        "20ft\n    payload: 26,730",
        f"container '20ft': id: '20ft' is already used on line {_LINE_OF['20ft']}",
    ),
    "payload-over-gross": (
        _with("    tare: 2,300 kg", "    tare: 3,300 kg"),
        "28,180 kg\n",
        "container '20ft': payload: 28,180 kg and a tare of 3,300 kg exceed the maximum "
        "gross mass, 30,480 kg",
    ),
    "missing-field": (
        _with("    name: 122 mm Grad rocket 9M22U (BM-21)\n", ""),
        "id: 122mm-9m22u",
        "round '122mm-9m22u': missing required field 'name'",
    ),
    "duplicate-field": (
        _with("    uncertain: 21.76 kg is not confirmed", "    source: x\n    uncertain: x"),
        "source: x",
        f"round '122mm-of462': duplicate field 'source' (first on line "
        f"{_FIRST_SOURCE_OF_OF462 - 1})",
    ),
    "empty-source": (
        _with(_GRAD_SOURCE, "''"),
        "''",
        "round '122mm-9m22u': source: is empty; a value is required",
    ),
    "format": (
        _with("format: 1", "format: 2"),
        "2\n\nrounds",
        "format: this shellcount reads format 1",
    ),
    "syntax": ("format: 1\nrounds: [\n", "", "YAML syntax"),
    "nesting": ("format: 1\nrounds: " + "[" * 50 + "]" * 50, "", "YAML: lists and mappings"),
    "a-list": ("- 1\n", "- 1", "the file: expected a mapping of fields, got a list"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_reference_file_is_one_line_with_its_place(
    shellcount: Shell, tmp_path: Path, case: str
) -> None:
    text, marker, message = BROKEN[case]
    path = tmp_path / "reference.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as raised:
        load_reference(path)
    where = raised.value.location
    assert raised.value.message.startswith(message), raised.value.message
    if marker:
        assert (where.line, where.column) == _position(text, marker)
    else:
        assert (where.line, where.column) == {"syntax": (3, 1), "nesting": (2, 18)}[case]
    result = shellcount("derive", "-c", "152", "--reference", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == f"error: {raised.value}\n", result.stderr
    # Only derive's weighing reads the reference file: --implied does not need it.
    result = shellcount("derive", "-c", "152", "--implied", "--reference", str(path))
    assert result.exit_code == 0, result.stderr


def test_reference_file_errors_of_the_file_itself(tmp_path: Path) -> None:
    with pytest.raises(ShellcountError, match="no such file"):
        load_reference(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    with pytest.raises(ReferenceFileError, match=r"empty.yaml:1:1: the file is empty"):
        load_reference(tmp_path / "empty.yaml")
    (tmp_path / "latin1.yaml").write_bytes(b"format: 1\nrounds: caf\xe9\n")
    with pytest.raises(ReferenceFileError, match=r"latin1.yaml:2:12: the file is not UTF-8"):
        load_reference(tmp_path / "latin1.yaml")
    (tmp_path / "tagged.yaml").write_text(
        _with("mass: 43.56 kg", "mass: !!python/object:os.system x"), encoding="utf-8"
    )
    with pytest.raises(ReferenceFileError, match="mass: expected text, got a value tagged"):
        load_reference(tmp_path / "tagged.yaml")


def test_a_reference_file_of_ones_own(shellcount: Shell, tmp_path: Path) -> None:
    path = tmp_path / "heavier.yaml"
    path.write_text(_with("mass: 43.56 kg", "mass: 45 kg"), encoding="utf-8")
    result = shellcount("derive", "-c", "152", "-f", "csv", "--reference", str(path))
    assert result.exit_code == 0, result.stderr
    # 447.76 × 45 kg = 20,149 kg: 0.72 of 28,180 kg; 28,180 / 20,149 − 1 = 0.4.
    cells = plausibility_cells(rows_of(result.stdout)["shin-feb-152"])
    assert (cells[1], cells[5], cells[8]) == ("45", "0.72", "0.4"), result.stdout


# --- the arithmetic, for any figures ------------------------------------------------------------

_POSITIVE = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def _amounts(draw: st.DrawFn, unit: str, open_high: bool) -> Amount:
    nominal = draw(_POSITIVE)
    low = draw(st.floats(min_value=0, max_value=nominal))
    high = math.inf if open_high and draw(st.booleans()) else nominal + draw(_POSITIVE)
    return Amount(nominal, Interval(low, high), units.parse_unit(unit))


@given(
    per_container=_amounts("round / container", open_high=True),
    mass=_amounts("kilogram / round", open_high=False),
    payload_kg=st.floats(min_value=100, max_value=1e5),
)
def test_the_payload_share_interval_holds_its_nominal(
    per_container: Amount, mass: Amount, payload_kg: float
) -> None:
    payload = Amount(payload_kg, Interval.point(payload_kg), units.parse_unit("kg / container"))
    weighing = weigh(per_container, mass, payload)
    share = weighing.share
    assert share.nominal is not None
    assert share.interval.contains(share.nominal)
    assert weighing.mass.interval.contains(weighing.mass.nominal or 0)
    # As shown, to two places, it still does: rounding keeps the order of numbers.
    shown = share_shown(share)
    assert shown.interval.contains(shown.nominal or 0)
    assert weighing.break_even_overhead is not None
    assert weighing.break_even_overhead > -1
    assert weighing.break_even_overhead == pytest.approx(1 / share.nominal - 1)


def test_weigh_refuses_a_mass_that_is_not_per_round() -> None:
    per_container = Amount(1.0, Interval.point(1.0), units.parse_unit("round / container"))
    wrong = Amount(1.0, Interval.point(1.0), units.parse_unit("kilogram / container"))
    payload = Amount(1.0, Interval.point(1.0), units.parse_unit("tonne / container"))
    with pytest.raises(UnitError, match="cannot convert"):
        weigh(per_container, wrong, payload)


# --- the README's examples are real ----------------------------------------------------------

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
