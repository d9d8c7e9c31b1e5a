"""What a new user runs first: ``--help`` says what; ``init`` writes a claims file to
fill in that passes ``check``; ``help format`` prints the format's documentation, the
very file in docs/ (the wheel carries it: tests/test_ledger.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Shell
from shellcount.packaged import packaged_path

REPOSITORY = Path(__file__).resolve().parents[1]
TEMPLATE = packaged_path("template.yaml").read_text(encoding="utf-8")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_help_says_what_to_run_first(shellcount: Shell) -> None:
    result = shellcount("--help")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("  Start here:")
    assert lines[start + 1 : start + 7] == [
        "    shellcount compare                    the packaged claims side by side",
        "    shellcount init my.yaml               a claims file of your own to fill in",
        "    shellcount check my.yaml              every problem in it, with its line",
        "    shellcount compare --claims my.yaml   your claims side by side",
        "    shellcount import my.csv -o my.yaml   a spreadsheet into a claims file",
        "    shellcount help format                the file format: fields, hedges, CSV",
    ], result.stdout


def test_init_writes_a_template_that_passes_check(shellcount: Shell, here: Path) -> None:
    result = shellcount("init", "my.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ""
    assert (here / "my.yaml").read_text(encoding="utf-8") == TEMPLATE
    checked = shellcount("check", "my.yaml")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == ""
    assert checked.stderr == "0 errors, 0 warnings in 1 file\n"


def test_the_template_is_a_ledger_the_commands_work_on(shellcount: Shell, here: Path) -> None:
    shellcount("init", "my.yaml")
    result = shellcount(
        "derive", "-c", "152", "--claims", "my.yaml", "-f", "csv",
        "--columns", "claim_id,containers_method,per_container_nominal",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "claim_id,containers_method,per_container_nominal\nexample-shells,converts,619.05\n"
    )


def test_init_never_overwrites_a_file(shellcount: Shell, here: Path) -> None:
    (here / "my.yaml").write_text("mine\n", encoding="utf-8")
    result = shellcount("init", "my.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: my.yaml: already exists; give a new file's name\n"
    assert (here / "my.yaml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(path.name for path in here.iterdir()) == ["my.yaml"]


def test_init_to_stdout(shellcount: Shell, here: Path) -> None:
    result = shellcount("init", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == TEMPLATE
    assert list(here.iterdir()) == []


def test_init_refuses_a_name_that_is_not_yaml(shellcount: Shell, here: Path) -> None:
    result = shellcount("init", "my.csv")
    assert result.exit_code == 2, result.output
    assert "'my.csv': a claims file is YAML: name it .yaml or .yml" in result.stderr
    assert list(here.iterdir()) == []


def test_init_in_a_folder_that_does_not_exist(shellcount: Shell, here: Path) -> None:
    result = shellcount("init", "nowhere/my.yaml")
    assert result.exit_code == 1
    assert result.stderr == "error: nowhere/my.yaml: no such directory 'nowhere'\n"


def test_help_format_prints_the_documentation(shellcount: Shell) -> None:
    result = shellcount("help", "format")
    assert result.exit_code == 0, result.output
    assert result.stdout == (REPOSITORY / "docs" / "claims-format.md").read_text(encoding="utf-8")


def test_help_knows_only_its_topics(shellcount: Shell) -> None:
    result = shellcount("help", "formats")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for 'TOPIC': Value error, 'formats' is not one of 'format'."
    ), result.stderr


def test_init_without_hard_links(
    shellcount: Shell, here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system that has none (FAT, some network drives) the name is created
    exclusively instead: the same file, and still never over one."""
    import os

    def no_links(source: str, target: str) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(os, "link", no_links)
    assert shellcount("init", "my.yaml").exit_code == 0
    assert (here / "my.yaml").read_text(encoding="utf-8") == TEMPLATE
    again = shellcount("init", "my.yaml")
    assert again.exit_code == 1
    assert again.stderr == "error: my.yaml: already exists; give a new file's name\n"
    assert sorted(path.name for path in here.iterdir()) == ["my.yaml"]
