"""The command line as users meet it: exact output, exit codes, where output goes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, Shell, matches_golden
from shellcount import __version__
from shellcount.formats import OutputFormat
from shellcount.ledger.loader import packaged_claims_path
from shellcount.ledger.model import Ledger


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_version(shellcount: Shell) -> None:
    result = shellcount("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"shellcount {__version__}\n"


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (["derive", "--calibre", "152", "--format", "csv"], "derive_152.csv"),
        (["derive", "--calibre", "122", "--format", "csv"], "derive_122.csv"),
        (["compare", "--format", "csv"], "compare.csv"),
        (["sources", "--format", "csv"], "sources.csv"),
        (["derive", "--calibre", "152", "--implied", "--format", "csv"], "implied_152.csv"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_csv_of_packaged_claims_is_exact(shellcount: Shell, args: list[str], golden: str) -> None:
    result = shellcount(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert matches_golden(golden, result.stdout), result.stdout


def test_derive_152_worked_figures(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "152", "--format", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    minister = rows["shin-feb-152"]
    assert minister["per_container_nominal"] == "447.76", result.stdout
    assert minister["containers_method"] == "converts"
    assert rows["bbg-zelensky-shells"]["per_container_nominal"] == "223.88", result.stdout
    assert all(row["calibre_mm"] in ("152", "") for row in rows.values()), result.stdout
    assert "shin-feb-122" not in rows


def test_compare_carries_the_122mm_conversion(shellcount: Shell) -> None:
    result = shellcount("compare", "--format", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    assert rows["shin-feb-122"]["per_container_nominal"] == "74.63", result.stdout
    assert rows["shin-feb-122"]["per_container_method"] == "converts"


def test_compare_csv_has_the_contract_columns(shellcount: Shell) -> None:
    contract = (
        "claim_id, source_id, outlet, speaker, published, as_of, since, measure, calibre_mm, "
        "origin, destination, unit, figure, basis, value, low, high, per_container_nominal, "
        "per_container_low, per_container_high, per_container_method"
    ).split(", ")
    header = shellcount("compare", "--format", "csv").stdout.splitlines()[0].split(",")
    assert header[: len(contract)] == contract, header


def test_derive_csv_has_the_contract_columns(shellcount: Shell) -> None:
    contract = (
        "claim_id, source_id, speaker, as_of, calibre_mm, basis, shells_value, shells_low, "
        "shells_high, containers_value, containers_low, containers_high, containers_method, "
        "per_container_nominal, per_container_low, per_container_high"
    ).split(", ")
    header = shellcount("derive", "-c", "152", "-f", "csv").stdout.splitlines()[0].split(",")
    assert header[: len(contract)] == contract, header


@pytest.mark.parametrize("output_format", list(OutputFormat))
@pytest.mark.parametrize(
    "command", [["compare"], ["derive", "--calibre", "152"], ["claims"], ["sources"]]
)
def test_every_command_in_every_format(
    shellcount: Shell, command: list[str], output_format: OutputFormat
) -> None:
    result = shellcount(*command, "--format", output_format.value)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip(), result.stdout
    assert "\x1b" not in result.stdout


def test_json_has_null_for_an_open_bound(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "152", "--format", "json")
    rows = {row["claim_id"]: row for row in json.loads(result.stdout)["rows"]}
    assert rows["shin-feb-152"]["per_container_high"] is None, result.stdout
    assert rows["shin-feb-152"]["per_container_nominal"] == 447.76


def test_table_to_a_pipe_is_not_cut_at_80_columns(shellcount: Shell) -> None:
    result = shellcount("compare")
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) > 80, result.stdout
    assert "aje-headline-containers" in result.stdout
    assert "\x1b" not in result.stdout


def test_explain_shows_each_step_with_units(shellcount: Shell) -> None:
    result = shellcount("derive", "--calibre", "152", "--explain")
    assert result.exit_code == 0, result.stderr
    # Derived figures to three significant figures in the human formats (447.76 in CSV).
    assert "  nominal: 3,000,000 shell ÷ 6,700 container = 448 round/container" in result.stdout, (
        result.stdout
    )
    assert "interval: [3,000,000, open) shell ÷ [6,600, 6,800] container" in result.stdout


def test_another_flow_needs_no_code_change(shellcount: Shell) -> None:
    path = DATA / "other_flow.yaml"
    result = shellcount("derive", "--claims", str(path), "--calibre", "155", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    # More than 300,000 over about 1,200 ([1,100, 1,300]): 250 stated, [230.77, open).
    assert (rows["a-155"]["per_container_nominal"], rows["a-155"]["per_container_low"]) == (
        "250",
        "230.77",
    ), result.stdout
    assert rows["a-155"]["per_container_high"] == ""
    assert rows["c-155"]["containers_method"] == "interpolated"
    assert rows["c-155"]["per_container_nominal"] == "200"
    result = shellcount("derive", "--claims", str(path), "-c", "105 mm", "-f", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    assert rows["a-105"]["containers_method"] == "same-source", result.stdout
    # 120,000 read as rounded ([115,000, 125,000]) over [1,100, 1,300].
    assert (rows["a-105"]["per_container_low"], rows["a-105"]["per_container_high"]) == (
        "88.46",
        "113.64",
    )
    assert (rows["b-105"]["per_container_low"], rows["b-105"]["per_container_high"]) == ("0", "200")


def test_claims_file_from_the_environment(shellcount: Shell) -> None:
    path = str(DATA / "other_flow.yaml")
    result = shellcount("sources", "--format", "csv", env={"SHELLCOUNT_CLAIMS": path})
    assert result.exit_code == 0, result.stderr
    assert "atlantis-gazette-2022-04-01-minister" in result.stdout


def test_about_tolerance_per_run(shellcount: Shell) -> None:
    result = shellcount("compare", "--about", "10%", "--format", "csv")
    rows = {row["claim_id"]: row for row in rows_of(result.stdout)}
    assert (rows["shin-feb-containers"]["low"], rows["shin-feb-containers"]["high"]) == (
        "6030",
        "7370",
    ), result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--format", "xml"],
        ["derive"],
        ["derive", "--calibre", "heavy"],
        ["derive", "--calibre", "152 kg"],
        ["compare", "--about", "lots"],
        ["frobnicate"],
    ],
    ids=["bad-format", "no-calibre", "calibre-words", "calibre-mass", "bad-about", "no-command"],
)
def test_bad_usage_exits_2(shellcount: Shell, args: list[str]) -> None:
    result = shellcount(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_output_file_is_written_whole(shellcount: Shell, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = shellcount("compare", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == shellcount("compare", "-f", "csv").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_output_refuses_to_overwrite_the_claims_file(shellcount: Shell, tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    original = packaged_claims_path().read_text(encoding="utf-8")
    claims.write_text(original, encoding="utf-8")
    # --format csv: a .yaml name names no format, and would be refused for that first.
    result = shellcount("compare", "--claims", str(claims), "-f", "csv", "-o", str(claims))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: {claims}: refusing to overwrite the claims file being read\n"
    assert claims.read_text(encoding="utf-8") == original


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_output_refuses_the_claims_file_under_another_name(
    shellcount: Shell, tmp_path: Path, link: str
) -> None:
    claims = tmp_path / "claims.yaml"
    original = packaged_claims_path().read_text(encoding="utf-8")
    claims.write_text(original, encoding="utf-8")
    other = tmp_path / "other.yaml"
    if link == "symlink":
        other.symlink_to(claims)
    else:
        other.hardlink_to(claims)
    result = shellcount("compare", "--claims", str(claims), "-f", "csv", "-o", str(other))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"error: {other}: refusing to overwrite the claims file being read\n"
    assert claims.read_text(encoding="utf-8") == original


class _Interrupted:
    """A file whose write stops half-way, as Ctrl-C would stop it."""

    def __init__(self, file: Any) -> None:
        self.file = file

    def __enter__(self) -> _Interrupted:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def write(self, data: bytes) -> int:
        self.file.write(data[: len(data) // 2])
        self.file.flush()
        raise KeyboardInterrupt


@pytest.mark.parametrize("existing", [True, False], ids=["over-a-file", "new-file"])
@pytest.mark.parametrize("when", ["writing", "renaming"])
def test_an_interrupted_run_leaves_no_partial_output(
    shellcount: Shell,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
    existing: bool,
) -> None:
    import os

    from shellcount.cli import output

    target = tmp_path / "out.csv"
    if existing:
        target.write_text("the previous run's output\n", encoding="utf-8")
    if when == "writing":
        real_fdopen = os.fdopen
        monkeypatch.setattr(output.os, "fdopen", lambda *a, **k: _Interrupted(real_fdopen(*a, **k)))
    else:

        def interrupted(*_: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(output.os, "replace", interrupted)
    result = shellcount("compare", "--format", "csv", "-o", str(target))
    assert result.exit_code != 0, result.output  # 130 with click 8.2, 1 before
    assert result.stdout == ""
    # The old file whole, or no file: never half of the new one, and no temporary left.
    if existing:
        assert target.read_text(encoding="utf-8") == "the previous run's output\n"
    assert [p.name for p in tmp_path.iterdir()] == (["out.csv"] if existing else [])


def test_output_into_a_missing_directory(shellcount: Shell, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.csv"
    result = shellcount("compare", "-o", str(target))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"error: {target}: no such directory"), result.stderr


def test_claims_csv_carries_every_quote_and_figure(shellcount: Shell, packaged: Ledger) -> None:
    # Compared with the ledger rather than a golden file, so no article text is copied here.
    result = shellcount("claims", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = rows_of(result.stdout)
    assert [row["claim_id"] for row in rows] == [claim.id for claim in packaged], result.stdout
    for row, claim in zip(rows, packaged, strict=True):
        assert (row["quote"], row["figure"], row["unit"]) == (
            claim.quote,
            claim.figure.text,
            claim.unit_text,
        )


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        ({}, False),  # a pipe: no colour
        ({"FORCE_COLOR": "1"}, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
    ],
)
def test_colour_follows_no_color_and_force_color(
    shellcount: Shell, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], coloured: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = shellcount("sources")
    assert result.exit_code == 0, result.stderr
    assert ("\x1b[" in result.stdout) is coloured, result.stdout


def test_a_file_never_gets_colour(
    shellcount: Shell, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    target = tmp_path / "table.txt"
    assert shellcount("sources", "-o", str(target)).exit_code == 0
    assert "\x1b[" not in target.read_text(encoding="utf-8")


def test_a_termination_request_exits_through_the_clean_up() -> None:
    import signal

    from shellcount.cli.running import _terminated

    with pytest.raises(SystemExit) as raised:
        _terminated(signal.SIGTERM, None)
    assert raised.value.code == 128 + signal.SIGTERM  # 143, as shells report it


def test_messages_never_carry_control_characters(shellcount: Shell, tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("format: 1\nsources: []\nclaims: []\n", encoding="utf-8")
    result = shellcount("compare", "--claims", str(claims), "-o", str(tmp_path / "a\x1bb"))
    assert "\x1b" not in result.stderr, result.stderr


def test_implied_totals_explain_each_step(shellcount: Shell, seeds: str) -> None:
    """The total one figure implies for another source's count, with its working: the
    minister's 447.76 shells a container times the headline's 6,700 containers."""
    result = shellcount("derive", "--claims", seeds, "-c", "152", "--implied", "--explain")
    assert result.exit_code == 0, result.output
    working = (
        "shin-feb-152\n"
        "  per container (shin-feb-152): [441, open) round/container\n"
        "  containers (aje-headline-containers): aje-headline-containers: '6,700' → "
        "[6,650, 6,750] container, 2023-09-01 – 2024-02-27\n"
        "  nominal: 448 round/container × 6,700 container = 3,000,000 round\n"
        "  interval: [441, open) round/container × [6,650, 6,750] container = "
        "[2,930,000, open) round\n"
    )
    assert working in result.stdout, result.stdout
    rows = rows_of(
        shellcount("derive", "--claims", seeds, "-c", "152", "--implied", "-f", "csv").stdout
    )
    row = next(
        r
        for r in rows
        if (r["factor_claim_id"], r["containers_claim_id"])
        == ("shin-feb-152", "aje-headline-containers")
    )
    assert (row["total_nominal"], row["total_low"], row["total_high"]) == (
        "3000000",
        "2933823.53",
        "",
    )


# -- -o FILE means what it says --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first_line"),
    [
        ("out.csv", "claim_id,source_id,speaker,as_of,calibre_mm,basis,"),
        ("out.json", "{"),
        ("out.md", "## Munitions per container, 152 mm"),
        ("out.txt", "Munitions per container, 152 mm"),
        ("OUT.CSV", "claim_id,source_id,speaker,as_of,calibre_mm,basis,"),
    ],
)
def test_the_output_suffix_names_the_format(
    shellcount: Shell, tmp_path: Path, name: str, first_line: str
) -> None:
    target = tmp_path / name
    result = shellcount("derive", "-c", "152", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert target.read_text(encoding="utf-8").startswith(first_line)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.csv", "-f", "json"], "x.csv' names csv, but --format is json"),
        (["-o", "x.yaml"], "x.yaml': the format comes from the suffix"),
        (["--columns", "claim_id,nosuch", "-f", "csv"], "no field 'nosuch' here"),
        (["--columns", " , ", "-f", "csv"], "name at least one column"),
    ],
)
def test_output_options_that_contradict_are_usage_errors(
    shellcount: Shell, tmp_path: Path, args: list[str], message: str
) -> None:
    result = shellcount(
        "derive", "-c", "152", *[str(tmp_path / a) if a.startswith("x.") else a for a in args]
    )
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split()), result.stderr
    assert list(tmp_path.iterdir()) == []


def test_dash_is_stdout_and_bom_is_a_byte_order_mark(shellcount: Shell, tmp_path: Path) -> None:
    result = shellcount("sources", "-o", "-", "-f", "csv", "--bom")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffsource_id,outlet,"), result.stdout[:40]
    assert not (Path.cwd() / "-").exists()


def test_columns_pick_and_order_the_fields(shellcount: Shell) -> None:
    wanted = "claim_id,per_container_nominal,per_container_low,per_container_high"
    result = shellcount("derive", "-c", "152", "--columns", wanted, "-f", "csv")
    rows = rows_of(result.stdout)
    assert result.stdout.splitlines()[0] == wanted
    assert rows[2] == {
        "claim_id": "shin-feb-152",
        "per_container_nominal": "447.76",
        "per_container_low": "441.18",
        "per_container_high": "",
    }
    table = shellcount("derive", "-c", "152", "--columns", "claim_id,reading")
    line = next(line for line in table.stdout.splitlines() if "shin-feb-152" in line)
    assert line.split() == ["shin-feb-152", "default"], table.stdout


def test_an_open_end_is_told_from_not_applicable(shellcount: Shell) -> None:
    rows = {r["claim_id"]: r for r in rows_of(shellcount("compare", "-f", "csv").stdout)}
    more = rows["shin-feb-152"]  # more than three million: open above
    assert (more["high"], more["high_open"], more["low_open"]) == ("", "true", "false")
    bounded = rows["shin-feb-containers"]
    assert (bounded["high"], bounded["high_open"]) == ("6800", "false")
    # No per-container figure at all: neither open nor closed.
    lavrov = rows["indep-lavrov-trip"]
    assert (lavrov["per_container_high"], lavrov["per_container_high_open"]) == ("", "")
