"""Any carrier, any count unit: a conversion of trucks gives per-truck figures beside the
per-container ones, a claims file declares its own count units, and the payload check is
applied only where the reference file knows the carrier's payload (containers).

The story is ``tests/data/trucks.yaml`` (invented figures, worked by hand in its header);
the exact CSV of each command is in ``tests/golden/trucks_*.csv``.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, Shell, matches_golden
from shellcount.arithmetic import units
from shellcount.errors import ClaimsFileError, UnitError
from shellcount.ledger.loader import load_claims

TRUCKS = str(DATA / "trucks.yaml")


@pytest.mark.parametrize(
    ("golden", "command"),
    [
        ("trucks_derive_152.csv", ["derive", "-c", "152"]),
        ("trucks_implied_152.csv", ["derive", "-c", "152", "--implied"]),
        ("trucks_compare.csv", ["compare"]),
    ],
)
def test_a_trucks_story_gives_per_truck_figures(
    shellcount: Shell, golden: str, command: list[str]
) -> None:
    result = shellcount(*command, "--claims", TRUCKS, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert matches_golden(golden, result.stdout), result.stdout


def _rows(text: str) -> dict[str, dict[str, str]]:
    return {row["claim_id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_the_carrier_is_the_converted_count_s_unit(shellcount: Shell) -> None:
    rows = _rows(shellcount("derive", "-c", "152", "--claims", TRUCKS, "--format", "csv").stdout)
    truck, container = rows["truck-shells"], rows["container-shells"]
    # 150,000 shells / about 120 trucks ([110, 130]); 24,000 shells / 40 containers.
    assert (truck["carrier"], truck["per_container_nominal"], truck["per_container_high"]) == (
        "truck",
        "1250",
        "1363.64",
    ), truck
    assert (container["carrier"], container["per_container_nominal"]) == ("container", "600")


def test_the_payload_check_is_not_applied_per_truck(shellcount: Shell) -> None:
    """As a container's, 1,250 shells of 43.56 kg would be 54 t, over a 20 ft payload: a
    truck's payload is not in the reference file, so it is not weighed and not flagged."""
    result = shellcount("derive", "-c", "152", "--claims", TRUCKS, "--format", "json")
    report = json.loads(result.stdout)
    rows = {row["claim_id"]: row for row in report["rows"]}
    assert (rows["truck-shells"]["payload_fit"], rows["truck-shells"]["flags"]) == (
        "",
        "capacity",
    )
    assert rows["truck-shells"]["payload_share_nominal"] is None
    assert rows["container-shells"]["payload_fit"] == "fits"
    assert report["notes"][3] == (
        "no payload for a truck in packaged reference.yaml (it gives container payloads "
        "only): the payload is not checked for truck-shells"
    )
    assert report["bottom_line"] == [
        "2 munitions claims of 152 mm or of no stated calibre; 2 divided by a count of carriers.",
        "Stated figures of the capacity conversions: 600 to 600 a container (1 of 1).",
        "Stated figures of the capacity conversions per truck: 1,250 to 1,250 a truck (1 of 1).",
    ]


def test_the_table_says_per_carrier(shellcount: Shell) -> None:
    result = shellcount("derive", "-c", "152", "--claims", TRUCKS, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("| Claim"))
    cells = [cell.strip() for cell in header.strip("|").split("|")]
    assert cells[4:9] == ["Munitions", "Carrier", "Carriers", "From", "Per carrier"], header


def test_container_stories_have_no_carrier_column(shellcount: Shell) -> None:
    for command in (["derive", "-c", "152"], ["derive", "-c", "152", "--implied"], ["compare"]):
        header = shellcount(*command, "--format", "csv").stdout.splitlines()[0].split(",")
        assert "carrier" not in header, (command, header)


# -- declared count units -------------------------------------------------------------------

BASE = textwrap.dedent(
    """\
    format: 1
    units: [silo, truck, silo]
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
    claims:
      - id: silos
        source: gazette
        measure: silos
        figure: 30
        unit: silos
        quote: thirty silos
      - id: shells
        source: gazette
        measure: shells
        figure: 9,000
        unit: shell
        basis: capacity
        converts: silos
        quote: they hold 9,000 shells
    """
)


def test_a_file_declares_its_count_units(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(BASE, encoding="utf-8")
    ledger = load_claims(path)
    assert units.format_unit(ledger.claim("silos").unit) == "silo"
    assert units.is_carrier_count(ledger.claim("silos").unit)
    load_claims(path)  # declaring again is no error


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        (
            "units: [kg, 2nd]",
            [
                "2:9: error: units: 'kg' is already a unit of [mass] (kilogram), not a count; "
                "choose another name",
                "2:13: error: units: '2nd' is not a unit name: letters, digits and '_', "
                "starting with a letter",
            ],
        ),
        (
            "units: [percent]",
            [
                "2:9: error: units: 'percent' is already a dimensionless unit (percent), not "
                "a count; choose another name"
            ],
        ),
        ("units: [ctruck]", ["2:9: error: units: 'ctruck' already reads as centitruck; choose "
                             "another name"]),
        ("units: {silo: 1}", ["2:8: error: units: expected a list of text, got a mapping"]),
        ("units: [[silo]]", ["2:9: error: units: expected text, got a list"]),
    ],
)  # fmt: skip
def test_a_bad_declaration_is_located(
    shellcount: Shell, tmp_path: Path, declared: str, expected: list[str]
) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(BASE.replace("units: [silo, truck, silo]", declared), encoding="utf-8")
    result = shellcount("check", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout == "".join(f"{path}:{line}\n" for line in expected), result.stdout


def test_define_count_unit_is_idempotent_and_refuses_clashes() -> None:
    first = units.define_count_unit("hangar")
    assert units.define_count_unit("hangar") == first
    assert units.define_count_unit(" hangar ") == first
    assert units.define_count_unit("lorry") == units.parse_unit("truck")
    assert units.dimension(first) == "[hangar]"
    for clash in ("metre", "min", "dozen"):
        with pytest.raises(UnitError, match="not a count; choose another name"):
            units.define_count_unit(clash)


def test_a_conversion_of_munitions_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(BASE.replace("unit: silos", "unit: round"), encoding="utf-8")
    with pytest.raises(ClaimsFileError) as raised:
        load_claims(path)
    assert [p.message for p in raised.value.problems] == [
        "claim 'shells': converts: claim 'silos' (line 8) is not a count of carriers such as "
        "containers or trucks (its unit is 'round')"
    ]
