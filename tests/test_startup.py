"""Start-up: what each command imports, checked in a fresh interpreter.

A cold ``shellcount --help`` or ``--version`` must not pay for the libraries only the
work needs (pint, PyYAML, pydantic, rich, the views), and ``compare --format csv`` must
not load rich, which only the table draws with. These are module checks, not timings
(timings are noisy; bench/run.py measures them and BENCHMARKS.md records them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs the console script's main() and writes every module loaded to the file named first.
_WRAPPER = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w", encoding="utf-8").write(json.dumps(sorted(sys.modules))))
sys.argv[0] = "shellcount"
from shellcount.cli import main
main()
"""

# What the work needs; the cheap commands must load none of it.
_HEAVY = ("pint", "yaml", "pydantic", "rich", "markdown_it", "pygments", "numpy", "matplotlib")
_WORK = (
    "shellcount.views",
    "shellcount.formats",
    "shellcount.ledger.loader",
    "shellcount.ledger.lint",
    "shellcount.analysis.pool",
    "shellcount.arithmetic.units",
    "shellcount.ledger.model",
)


def _loaded(tmp_path: Path, *args: str) -> set[str]:
    """The modules a fresh `shellcount ARGS` has loaded when it exits."""
    out = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TYPER_", "SHELLCOUNT_"))}
    # A cache of its own, empty: the first read of a file, never the user's entries.
    env.update(NO_COLOR="1", TERM="dumb", COLUMNS="100", SHELLCOUNT_CACHE_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(out), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text(encoding="utf-8")))


def _under(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(
        m for m in modules if m in packages or m.startswith(tuple(f"{p}." for p in packages))
    )


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_typer_and_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    modules = _loaded(tmp_path, *args)
    assert "typer" in modules
    assert _under(modules, _HEAVY) == []
    assert _under(modules, _WORK) == []


def test_a_commands_help_imports_none_of_its_work(tmp_path: Path) -> None:
    """Typer coerces the top-level --version option through pydantic once a command is
    named, so pydantic is allowed here; the command's own work is not."""
    modules = _loaded(tmp_path, "compare", "--help")
    heavy = tuple(name for name in _HEAVY if name != "pydantic")
    assert _under(modules, heavy) == []
    assert _under(modules, _WORK) == []


def test_version_imports_only_the_command_line_of_shellcount(tmp_path: Path) -> None:
    shellcount = {m for m in _loaded(tmp_path, "--version") if m.split(".")[0] == "shellcount"}
    assert shellcount == {
        "shellcount",
        "shellcount.cli",
        "shellcount.cli.app",
        "shellcount.cli.groups",
        "shellcount.cli.options",
        "shellcount.cli.plot",
        "shellcount.cli.report",
        "shellcount.cli.running",
        "shellcount.choices",
        "shellcount.errors",
        "shellcount.record",  # the errors' places are records
    }


def test_compare_csv_does_not_import_rich(tmp_path: Path) -> None:
    modules = _loaded(tmp_path, "compare", "--format", "csv")
    assert "shellcount.views.compare" in modules  # it did the work
    assert "yaml" in modules
    assert _under(modules, ("rich", "markdown_it", "pygments", "matplotlib", "numpy")) == []
    assert "shellcount.formats.table_format" not in modules


def test_the_table_does_not_import_rich(tmp_path: Path) -> None:
    """The table lays out its own text (rich's layout cost four times the CSV): a table
    on a pipe loads the table format and no rich."""
    modules = _loaded(tmp_path, "sources", "--format", "table")
    assert "shellcount.formats.table_format" in modules
    assert _under(modules, ("rich",)) == []


def test_the_command_line_and_the_modules_share_their_choices() -> None:
    """The options' choices and defaults are the ones the work uses, not copies."""
    from shellcount import choices, formats
    from shellcount.analysis import pool
    from shellcount.views import check

    assert formats.OutputFormat is choices.OutputFormat
    assert check.CheckFormat is choices.CheckFormat
    assert pool.WeightScheme is choices.WeightScheme
    settings = pool.Settings()
    assert (settings.samples, settings.seed, settings.tail) == (
        choices.DEFAULT_SAMPLES,
        choices.DEFAULT_SEED,
        choices.DEFAULT_TAIL,
    )
