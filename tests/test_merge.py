"""Several claims files read as one ledger (``--claims A --claims B``, a path list in
SHELLCOUNT_CLAIMS, ``check A B``): ids that clash are located errors naming both places,
a source given alike in two files is one source, and references may cross files.

Lines are numbered in the comments beside each file, so positions can be checked by eye.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from conftest import Shell
from shellcount.errors import ClaimsFileError
from shellcount.ledger.merge import load_ledgers, merge

FIRST = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        speaker: A Minister
    claims:
      - id: containers
        source: gazette
        measure: containers
        figure: about 4,200
        unit: container
        quote: about 4,200 containers
    """
)
#  3 - id: gazette (outlet value at 4:13)    8 - id: containers (id value at 8:9)

SECOND = textwrap.dedent(
    """\
    format: 1
    sources:
      - id: gazette
        outlet: Gazette
        published: 2024-02-27
        speaker: A Minister
      - id: herald
        outlet: Herald
        published: 2024-03-01
        speaker: A Spokesman
    claims:
      - id: shells
        source: gazette
        measure: shells
        calibre: 152 mm
        figure: 2,600,000
        unit: shell
        basis: capacity
        converts: containers
        quote: 2,600,000 shells
      - id: relay
        source: herald
        measure: containers
        figure: 4,200
        unit: container
        restates: containers
        quote: 4,200 containers
    """
)
# 12 - id: shells (converts value at 19:15)    21 - id: relay (restates value at 26:15)


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """FIRST and SECOND as a.yaml and b.yaml in the working directory, so messages name
    them as a user typed them."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, FIRST, "a.yaml")
    write(tmp_path, SECOND, "b.yaml")
    return "a.yaml", "b.yaml"


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# -- merging ---------------------------------------------------------------------------------


def test_two_claims_files_are_one_ledger(shellcount: Shell, two: tuple[str, str]) -> None:
    a, b = two
    result = shellcount(
        "claims", "--claims", a, "--claims", b, "-f", "csv",
        "--columns", "claim_id,source_id,statement",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # The relay in b.yaml restates the count in a.yaml: one statement across the files.
    assert result.stdout == (
        "claim_id,source_id,statement\n"
        "containers,gazette,containers\n"
        "shells,gazette,shells\n"
        "relay,herald,containers\n"
    )


def test_the_title_names_every_file(shellcount: Shell, two: tuple[str, str]) -> None:
    a, b = two
    result = shellcount("sources", "--claims", a, "--claims", b, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["title"] == "Sources (a.yaml + b.yaml)", result.stdout


def test_a_source_given_alike_in_two_files_is_one_source(
    shellcount: Shell, two: tuple[str, str]
) -> None:
    a, b = two
    result = shellcount(
        "sources", "--claims", a, "--claims", b, "-f", "csv", "--columns", "source_id,claims"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "source_id,claims\ngazette,2\nherald,1\n"


def test_a_claim_converts_a_count_of_another_file(shellcount: Shell, two: tuple[str, str]) -> None:
    a, b = two
    result = shellcount(
        "derive", "-c", "152", "--claims", a, "--claims", b, "-f", "csv",
        "--columns", "claim_id,containers_method,per_container_nominal",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "claim_id,containers_method,per_container_nominal\nshells,converts,619.05\n"
    )


def test_the_environment_variable_takes_a_path_list(
    shellcount: Shell, two: tuple[str, str]
) -> None:
    a, b = two
    result = shellcount(
        "sources", "-f", "csv", "--columns", "source_id",
        env={"SHELLCOUNT_CLAIMS": os.pathsep.join([a, b])},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "source_id\ngazette\nherald\n"


def test_the_output_may_be_neither_claims_file(shellcount: Shell, two: tuple[str, str]) -> None:
    a, b = two
    result = shellcount("claims", "--claims", a, "--claims", b, "-f", "csv", "-o", b)
    assert result.exit_code == 1
    assert result.stderr == f"error: {b}: refusing to overwrite the claims file being read\n"
    assert Path(b).read_text(encoding="utf-8") == SECOND


# -- clashes ---------------------------------------------------------------------------------


def test_a_claim_id_in_two_files_names_both_places(
    shellcount: Shell, two: tuple[str, str], tmp_path: Path
) -> None:
    a, _ = two
    clash = edit(SECOND, "id: relay", "id: containers")
    c = write(tmp_path, edit(clash, "restates: containers", "method: relay"), "c.yaml").name
    result = shellcount("claims", "--claims", a, "--claims", c)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "c.yaml:21:9: error: claim 'containers': id: also given at a.yaml:8:9; a claim id "
        "must be unique across all the files read together\n"
    )


@pytest.mark.parametrize(
    ("edited", "message"),
    [
        (
            ("outlet: Gazette", "outlet: Gazette Weekly"),
            "c.yaml:4:13: error: source 'gazette': outlet: 'Gazette Weekly' here, but 'Gazette' "
            "for the same id at a.yaml:4:13",
        ),
        (
            ("    speaker: A Minister\n", ""),
            "c.yaml:3:5: error: source 'gazette': speaker: not given here, but 'A Minister' for "
            "the same id at a.yaml:6:14",
        ),
    ],
    ids=["other-content", "a-field-left-out"],
)
def test_a_source_id_with_other_content_is_an_error_at_the_field(
    shellcount: Shell,
    two: tuple[str, str],
    tmp_path: Path,
    edited: tuple[str, str],
    message: str,
) -> None:
    """A field one copy of a source lacks is a difference too."""
    a, _ = two
    c = write(tmp_path, edit(SECOND, *edited), "c.yaml").name
    result = shellcount("claims", "--claims", a, "--claims", c)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{message}; a source id names one source in all the files read together (give this "
        "one another id)\n"
    )


def test_every_files_errors_are_reported_at_once(shellcount: Shell, tmp_path: Path) -> None:
    bad_a = write(tmp_path, edit(FIRST, "unit: container", "unit: containr"), "a.yaml")
    bad_b = write(tmp_path, edit(SECOND, "figure: 4,200", "figure: lots"), "b.yaml")
    result = shellcount("claims", "--claims", str(bad_a), "--claims", str(bad_b))
    assert result.exit_code == 1
    assert [line.split(": error: ")[0] for line in result.stderr.splitlines()] == [
        f"{bad_a}:12:11",
        f"{bad_b}:24:13",
    ], result.stderr


def test_one_file_given_twice_is_said_so(shellcount: Shell, two: tuple[str, str]) -> None:
    a, _ = two
    again = Path(a).resolve()
    result = shellcount("claims", "--claims", a, "--claims", str(again))
    assert result.exit_code == 1
    assert result.stderr == f"error: {again}: given twice as a claims file (also as {a})\n"


# -- references across files -----------------------------------------------------------------


def test_a_reference_to_no_claim_in_any_file(
    shellcount: Shell, two: tuple[str, str], tmp_path: Path
) -> None:
    a, _ = two
    c = write(tmp_path, edit(SECOND, "restates: containers", "restates: containrs"), "c.yaml")
    result = shellcount("claims", "--claims", a, "--claims", c.name)
    assert result.exit_code == 1
    assert result.stderr == (
        "c.yaml:26:15: error: claim 'relay': restates: no claim has id 'containrs' in any of "
        "the files; did you mean 'containers'?\n"
    )


def test_one_file_alone_still_refuses_a_reference_it_cannot_resolve(
    shellcount: Shell, two: tuple[str, str]
) -> None:
    _, b = two
    result = shellcount("claims", "--claims", b)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "b.yaml:19:15: error: claim 'shells': converts: no claim has id 'containers'",
        "b.yaml:26:15: error: claim 'relay': restates: no claim has id 'containers'",
    ]


def test_converting_a_claim_of_another_file_that_is_no_container_count(
    shellcount: Shell, two: tuple[str, str], tmp_path: Path
) -> None:
    a, _ = two
    c = write(tmp_path, edit(SECOND, "converts: containers", "converts: other"), "c.yaml")
    d = write(
        tmp_path,
        FIRST.replace("id: containers", "id: other")
        .replace("measure: containers", "measure: rockets")
        .replace("unit: container", "unit: rocket"),
        "d.yaml",
    )
    result = shellcount("claims", "--claims", a, "--claims", d.name, "--claims", c.name)
    assert result.exit_code == 1
    assert result.stderr == (
        "c.yaml:19:15: error: claim 'shells': converts: claim 'other' (d.yaml:8) is not a "
        "container count (its unit is 'rocket')\n"
    )


def test_restatements_in_a_circle_across_files(
    shellcount: Shell, two: tuple[str, str], tmp_path: Path
) -> None:
    _, b = two
    circle = write(
        tmp_path, edit(FIRST, "    quote: about", "    restates: relay\n    quote: about"), "c.yaml"
    )
    result = shellcount("claims", "--claims", circle.name, "--claims", b)
    assert result.exit_code == 1
    assert result.stderr == (
        "c.yaml:13:15: error: claim 'containers': restates: the restatements go round in a "
        "circle (containers -> relay -> containers); one of them must be the statement the "
        "others repeat\n"
    )


def test_one_quantity_in_two_dimensions_across_files(
    shellcount: Shell, two: tuple[str, str], tmp_path: Path
) -> None:
    a, _ = two
    km = write(
        tmp_path,
        FIRST.replace("id: gazette", "id: herald").replace("source: gazette", "source: herald")
        .replace("id: containers", "id: distance").replace("unit: container", "unit: km")
        .replace("outlet: Gazette", "outlet: Herald").replace("2024-02-27", "2024-03-01")
        .replace("A Minister", "A Spokesman"),
        "c.yaml",
    )  # fmt: skip
    result = shellcount("claims", "--claims", a, "--claims", km.name)
    assert result.exit_code == 1
    assert result.stderr == (
        "c.yaml:12:11: error: claim 'distance': unit: 'km' is [length], but claim 'containers' "
        "(a.yaml:8) counts the same 'containers' in 'container' ([container])\n"
    )


# -- check -------------------------------------------------------------------------------------


def test_check_reads_the_files_as_one_ledger(shellcount: Shell, two: tuple[str, str]) -> None:
    a, b = two
    together = shellcount("check", a, b)
    assert together.exit_code == 0, together.output
    assert together.stdout == ""
    assert together.stderr == "0 errors, 0 warnings in 2 files\n"
    separately = shellcount("check", "--separately", a, b)
    assert separately.exit_code == 1, separately.output
    assert separately.stdout.splitlines() == [
        "b.yaml:19:15: error: claim 'shells': converts: no claim has id 'containers'",
        "b.yaml:26:15: error: claim 'relay': restates: no claim has id 'containers'",
    ]


# -- the core --------------------------------------------------------------------------------


def test_merged_claims_point_at_the_one_source_kept(two: tuple[str, str]) -> None:
    ledger = load_ledgers(list(two))
    assert ledger.path == "a.yaml + b.yaml"
    assert list(ledger.sources) == ["gazette", "herald"]
    sources = {claim.id: claim.source for claim in ledger}
    assert sources["containers"] is sources["shells"] is ledger.sources["gazette"]
    assert ledger.statement(ledger.claim("relay")) is ledger.claim("containers")


def test_one_ledger_merges_to_itself(two: tuple[str, str]) -> None:
    ledger = load_ledgers([two[0]])
    assert merge([ledger]) is ledger


def test_merge_collects_every_clash(two: tuple[str, str]) -> None:
    with pytest.raises(ClaimsFileError) as raised:
        merge([load_ledgers([two[0]]), load_ledgers([two[0]])])
    assert [str(problem.location) for problem in raised.value.problems] == ["a.yaml:8:9"]


def test_a_csv_given_as_a_claims_file_points_at_import(
    shellcount: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "claim_id\n", "figures.csv")
    result = shellcount("compare", "--claims", "figures.csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: figures.csv: a CSV file is not a claims file; turn it into one with "
        "'shellcount import figures.csv -o figures.yaml'\n"
    )


def test_check_refuses_one_file_given_twice(shellcount: Shell, two: tuple[str, str]) -> None:
    a, _ = two
    result = shellcount("check", a, str(Path(a).resolve()))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {Path(a).resolve()}: given twice as a claims file (also as {a})\n"
    )
