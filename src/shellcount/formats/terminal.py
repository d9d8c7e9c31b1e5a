"""Where a table is going: its width and whether it may be coloured.

The formats decide how a table looks on a terminal, so knowing what a terminal is (and
what the user's environment asks of it) lives with them, not in the command line.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from shellcount.record import record


@record
class Terminal:
    """What the table needs to know of where it is going."""

    width: int | None = None  # None: as wide as the table needs (a pipe or a file)
    color: bool = False


def detect(
    output: Path | None,
    *,
    stream: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> Terminal:
    """Width and colour for a table: the terminal's when stdout is one, else unbounded.

    ``output``: the file the table is written to (``-o``), or None for stdout.
    ``stream`` and ``environ`` (read for the colour variables; the width is shutil's,
    from COLUMNS or the terminal) default to ``sys.stdout`` and ``os.environ``.

    Colour follows the conventions users set: NO_COLOR (no-color.org) turns it off and
    wins; FORCE_COLOR turns it on even in a pipe; a file written with -o never has it.
    """
    if output is not None:
        return Terminal(width=None, color=False)
    stream = sys.stdout if stream is None else stream
    environ = os.environ if environ is None else environ
    terminal = stream.isatty()
    if environ.get("NO_COLOR"):
        color = False
    elif environ.get("FORCE_COLOR"):
        color = True
    else:
        color = terminal and environ.get("TERM") != "dumb"
    width = shutil.get_terminal_size().columns if terminal else None
    return Terminal(width=width, color=color)
