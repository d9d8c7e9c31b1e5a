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


# -- the command reference is the real --help --------------------------------------------

REFERENCE_START = (
    "<!-- reference: generated from --help; refresh with SHELLCOUNT_UPDATE_README=1 -->"
)
REFERENCE_END = "<!-- end of reference -->"


def _command_paths() -> list[list[str]]:
    import typer.main

    from shellcount.cli import app

    paths: list[list[str]] = [[]]

    def walk(group: object, prefix: list[str]) -> None:
        # typer brings its own copy of click: a group is whatever has sub-commands.
        for name, command in getattr(group, "commands", {}).items():
            paths.append([*prefix, name])
            walk(command, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return paths


def _help(path: list[str]) -> str:
    from typer.testing import CliRunner

    from shellcount.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, [*path, "--help"], env=env)
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.strip("\n").splitlines()]
    return "\n".join(lines).strip("\n")


def _reference() -> str:
    parts = []
    for path in _command_paths():
        title = " ".join(["shellcount", *path])
        parts.append(f"### `{title}`\n\n```text\n{_help(path)}\n```\n")
    return "\n".join(parts)


def test_command_reference_is_the_real_help() -> None:
    import os

    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert REFERENCE_START in readme, "README has no generated command reference"
    before, rest = readme.split(REFERENCE_START)
    current, after = rest.split(REFERENCE_END)
    expected = f"\n\n{_reference()}\n"
    if os.environ.get("SHELLCOUNT_UPDATE_README") == "1":
        (REPOSITORY / "README.md").write_text(
            before + REFERENCE_START + expected + REFERENCE_END + after, encoding="utf-8"
        )
        return
    assert current == expected, (
        "README's command reference differs from --help; refresh it with "
        "SHELLCOUNT_UPDATE_README=1 python -m pytest tests/test_readme.py"
    )


def test_every_command_has_help_with_an_example() -> None:
    for path in _command_paths()[1:]:
        text = _help(path)
        if "Usage:" in text and "COMMAND [ARGS]" not in text:
            assert "Example:" in text, f"shellcount {' '.join(path)} --help gives no example"
