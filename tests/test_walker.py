"""One walker for the claims file and the reference file: the same words for the same
structural problem in either, and one error policy (every problem found, in file order)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import Shell
from shellcount.errors import ClaimsFileError
from shellcount.ledger.loader import load_claims
from shellcount.ledger.reference import ReferenceFileError, load_reference

REFERENCE = textwrap.dedent(
    """\
    format: 1
    rounds:
      - id: shell-a
        calibre: 152 mm
        kind: shell
        name: a shell
        mass: 40 kg
        mass_hihg: 41 kg
        source: a handbook
    containers:
      - id: box
        payload: 20,000 kg
        source: ''
    """
)

CLAIMS = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        <<: {speaker: x}
    claims: text
    """
)


def test_a_reference_file_reports_every_problem_in_file_order(
    shellcount: Shell, tmp_path: Path
) -> None:
    path = tmp_path / "reference.yaml"
    path.write_text(REFERENCE, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as raised:
        load_reference(path)
    assert [f"{p.location.line}:{p.location.column}" for p in raised.value.problems] == [
        "8:5",
        "13:13",
    ]
    assert (raised.value.location.line, raised.value.message) == (
        8,
        "round 'shell-a': unknown field 'mass_hihg'; did you mean 'mass_high'?",
    )
    result = shellcount("derive", "-c", "152", "--reference", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {path}:8:5: round 'shell-a': unknown field 'mass_hihg'; did you mean "
        f"'mass_high'?\n{path}:13:13: container 'box': source: is empty; a value is required\n"
    ), result.stderr


def test_the_same_structural_problem_reads_the_same_in_either_file(tmp_path: Path) -> None:
    reference = tmp_path / "reference.yaml"
    reference.write_text(
        "format: 1\nrounds: text\ncontainers:\n  - id: box\n    <<: {payload: 1 kg}\n",
        encoding="utf-8",
    )
    claims = tmp_path / "claims.yaml"
    claims.write_text(CLAIMS, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as from_reference:
        load_reference(reference)
    with pytest.raises(ClaimsFileError) as from_claims:
        load_claims(claims)
    assert [p.message for p in from_reference.value.problems] == [
        "rounds: expected a list, got text",
        "container 'box': missing required field 'payload'",
        "container 'box': missing required field 'source'",
        "container 'box': YAML merge keys ('<<') are not supported; write the fields out",
    ]
    assert [p.message for p in from_claims.value.problems] == [
        "source 'gazette': YAML merge keys ('<<') are not supported; write the fields out",
        "claims: expected a list, got text",
    ]


def test_a_reference_file_missing_its_format_is_told_what_to_write(tmp_path: Path) -> None:
    path = tmp_path / "reference.yaml"
    path.write_text(REFERENCE.replace("format: 1\n", ""), encoding="utf-8")
    with pytest.raises(ReferenceFileError) as raised:
        load_reference(path)
    assert raised.value.problems[0].message == (
        "the file: missing required field 'format' (write 'format: 1' at the top)"
    )


def test_reference_messages_quote_the_file_escaped(tmp_path: Path) -> None:
    path = tmp_path / "reference.yaml"
    path.write_text(REFERENCE.replace("mass_hihg", '"mass\\e[2J"'), encoding="utf-8")
    with pytest.raises(ReferenceFileError) as raised:
        load_reference(path)
    assert (
        raised.value.message
        == "round 'shell-a': unknown field 'mass\\x1b[2J'; did you mean 'mass'?"
    )


def test_an_empty_value_in_a_reference_file_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "reference.yaml"
    text = REFERENCE.replace("    mass_hihg: 41 kg\n", "    uncertain:\n").replace(
        "name: a shell", "name:"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as raised:
        load_reference(path)
    assert [str(p.location).split(":", 1)[1] + " " + p.message for p in raised.value.problems] == [
        "6:5 round 'shell-a': name: is empty; a value is required",
        "8:15 round 'shell-a': uncertain: is empty; a value is required",
        "13:13 container 'box': source: is empty; a value is required",
    ]
