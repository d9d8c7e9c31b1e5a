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


# -- every example of the tour is real ----------------------------------------------------


def _examples() -> list[tuple[str, list[str]]]:
    """Each ``$ shellcount ...`` line of a console block with the output shown under it
    (commands shown without output, and those on the bad.yaml of the error examples,
    which have tests of their own, are left out)."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.DOTALL):
        command, shown = None, []
        for line in [*block.splitlines(), "$ end"]:
            if line.startswith("$ "):
                if command and shown and "bad.yaml" not in command:
                    examples.append((command, shown))
                command, shown = line[2:], []
            else:
                shown.append(line)
    return examples


EXAMPLES = _examples()


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_is_real(command: str, shown: list[str]) -> None:
    """The command, pipes and all, run as a user would from the repository; ``...`` in
    the shown output stands for lines left out."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.pop("SHELLCOUNT_CLAIMS", None)
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} 2>&1 || true"],
        cwd=REPOSITORY,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    actual = [line.rstrip() for line in result.stdout.splitlines()]
    chunks = "\n".join(shown).split("...\n")
    position = 0
    text = "\n".join(actual) + "\n"
    for chunk in chunks:
        found = text.find(chunk.strip("\n"), position)
        assert found != -1, f"{command}: README shows\n{chunk}\nbut it prints\n{text}"
        position = found + len(chunk.strip("\n"))
    if len(chunks) == 1:
        assert actual == shown, "\n".join(actual)


def test_the_tour_has_its_examples() -> None:
    commands = [command for command, _ in EXAMPLES]
    assert len(commands) >= 10, commands
    for expected in ("timeline", "derive", "reconcile", "pool", "claims", "mix", "check"):
        assert any(f"shellcount {expected}" in command for command in commands), expected


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
