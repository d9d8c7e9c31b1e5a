"""The README's set-up commands are the ones CI runs, and its examples are real."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Shell

REPOSITORY = Path(__file__).resolve().parents[1]
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
CI = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    match = re.search(r'^README_TEST_COMMAND="(.+)"$', CI, re.MULTILINE)
    assert match, "README_TEST_COMMAND not found in .ci/run"
    assert f"\n{match.group(1)}\n" in README, match.group(1)


def test_readme_csv_example_is_real(shellcount: Shell) -> None:
    block = README.split("$ shellcount derive --calibre 152 --format csv | cut -d, -f1,4,5")[1]
    shown = block.split("```")[0].splitlines()[1:]
    columns = [0, 3, 4, 12, 13, 14, 15]
    result = shellcount("derive", "--calibre", "152", "--format", "csv")
    actual = [",".join(line.split(",")[i] for i in columns) for line in result.stdout.splitlines()]
    assert shown == actual, result.stdout


def test_readme_explain_example_is_real(shellcount: Shell) -> None:
    block = README.split("$ shellcount derive --calibre 152 --explain\n...\n")[1]
    shown = block.split("```")[0]
    result = shellcount("derive", "--calibre", "152", "--explain")
    assert shown in result.stdout, result.stdout


def test_readme_error_example_is_real(
    shellcount: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "bad.yaml").write_text(
        "format: 1\nsources:\n  - id: a\n    outlet: X\n    published: 2024-02-30\n"
        "claims:\n  - id: c\n    source: b\n    measure: shells\n    figure: lots\n"
        "    unit: shel\n    sinse: 2024-01\n    quote: q\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = shellcount("compare", "--claims", "bad.yaml")
    assert result.exit_code == 1, result.output
    block = README.split("$ shellcount compare --claims bad.yaml\n")[1].split("```")[0]
    for line in block.splitlines():
        assert line in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize(
    ("command", "columns"),
    [
        ("shellcount timeline --measure containers --format csv | cut -d, -f5,7-13,16,17",
         [4, 6, 7, 8, 9, 10, 11, 12, 15, 16]),
        ("shellcount reconcile --measure shells --format csv | cut -d, -f1-5", [0, 1, 2, 3, 4]),
    ],
)  # fmt: skip
def test_readme_cut_examples_are_real(shellcount: Shell, command: str, columns: list[int]) -> None:
    shown = README.split(f"$ {command}\n")[1].split("```")[0].splitlines()
    args = command.split(" | ", maxsplit=1)[0].split()[1:]
    result = shellcount(*args)
    actual = [",".join(line.split(",")[i] for i in columns) for line in result.stdout.splitlines()]
    assert shown == actual[: len(shown)], result.stdout
