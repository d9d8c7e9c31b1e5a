"""The terminal table fits the terminal: the four commands of the packaged data at 80 and
120 columns, each line within the width and each section a table with its header row.

The width is the terminal's (``COLUMNS``, as ``shutil`` reads it) when stdout is one: a
CliRunner's stdout is not, so these tests give ``detect`` a stream that says it is.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable

import pytest

from conftest import Shell
from shellcount.formats import terminal
from shellcount.formats.cells import cell_width

RULE = " ─"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def at_width(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """``at_width(80)``: stdout is a terminal 80 columns wide from now on."""

    real = terminal.detect

    def detect(output: object, **_: object) -> terminal.Terminal:
        return real(output, stream=_Tty(), environ=os.environ)  # type: ignore[arg-type]

    monkeypatch.setattr("shellcount.formats.detect", detect)

    def set_width(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))

    return set_width


def headings(text: str) -> list[list[str]]:
    """The header lines of each table: the lines between the blank line above a table
    and its rule."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if line.startswith(RULE):
            start = number
            while start > 0 and lines[start - 1]:
                start -= 1
            found.append(lines[start:number])
    return found


# The header of the first tables of each command, as fitted: at 80 columns the figures
# and dates stay in the table and prose moves under its row; at 120 more of it fits.
CASES = {
    ("compare", 80): [
        [" Claim                                 As of                Interval"],
        [" Claim                        As of                       Interval"],
    ],
    ("compare", 120): [
        [
            " Claim                                As of       Figure as written"
            "                      Interval  Flags"
        ],
        [
            " Claim                       As of       Figure as written"
            "                      Interval     Per container  From"
        ],
    ],
    ("derive", 80): [[" Claim                        As of        Per container          Range"]],
    ("derive", 120): [
        [
            " Claim                       As of       Munitions"
            "                               Containers  Per container         Range"
        ]
    ],
    ("reconcile", 80): [
        [" Claims                                       Compared on                    Gap"]
    ],
    ("reconcile", 120): [
        [
            " Claims                                                       Compared on"
            "                             Gap"
        ]
    ],
    ("pool", 80): [[" Method               Low         High          p5         p50          p95"]],
    ("pool", 120): [
        [" Method              Low        High         p5        p50         p95  Claims (weight)"]
    ],
}
ARGS = {
    "compare": ["compare"],
    "derive": ["derive", "--calibre", "152"],
    "reconcile": ["reconcile"],
    "pool": ["pool", "--measure", "shells"],
}


@pytest.mark.parametrize(("command", "width"), list(CASES), ids=[f"{c}-{w}" for c, w in CASES])
def test_the_table_fits_the_terminal(
    shellcount: Shell, at_width: Callable[[int], None], command: str, width: int
) -> None:
    piped = shellcount(*ARGS[command]).stdout
    at_width(width)
    result = shellcount(*ARGS[command])
    assert result.exit_code == 0, result.output
    text = result.stdout
    too_wide = [line for line in text.splitlines() if cell_width(line) > width]
    assert too_wide == [], text
    found = headings(text)
    expected = CASES[command, width]
    assert found[: len(expected)] == expected, text
    # Every section is a table, as in a pipe: none became a block per row.
    assert len(found) == len(headings(piped)), text


def test_compare_at_80_columns_is_a_table_per_group(
    shellcount: Shell, at_width: Callable[[int], None]
) -> None:
    """Issue 11: the side-by-side comparison on a normal terminal. Each group of the
    packaged claims is a table (a header and a rule), none a block per row."""
    at_width(80)
    text = shellcount("compare").stdout
    records = [line for line in text.splitlines() if line.startswith("  As of  ")]
    assert records == [], text
    assert len(headings(text)) >= 2, text
    first = text.splitlines().index(
        " Claim                                 As of                Interval"
    )
    assert text.splitlines()[first + 2 : first + 4] == [
        " kirby-oct-containers                  2023-10-01      [1,000, open)",
        "   Figure as written: more than 1,000 container   Flags: open-bound, tension",
    ], text


def test_a_pipe_is_as_wide_as_the_table(shellcount: Shell) -> None:
    """No terminal: every row is one line, whatever its width (scripts cut it)."""
    text = shellcount("reconcile").stdout
    assert max(cell_width(line) for line in text.splitlines()) > 200, text
    assert "  How: " not in text, text


def test_colour_does_not_change_the_layout(
    shellcount: Shell, at_width: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The colour codes take no cells: the coloured table is the plain one, marked."""
    at_width(80)
    plain = shellcount("compare").stdout
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm")
    coloured = shellcount("compare").stdout
    assert "\x1b[" in coloured, coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain, coloured
