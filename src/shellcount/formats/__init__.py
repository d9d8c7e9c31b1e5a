"""Output formats: each a small function from a Report to text.

CSV, JSON and Markdown use the standard library only; the table imports rich when it is
drawn, so machine formats never load it. Each format's module is imported when it is
used, so a command pays only for the format it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from shellcount.choices import OutputFormat
from shellcount.formats.terminal import Terminal, detect

if TYPE_CHECKING:
    from shellcount.formats.report import Report

__all__ = [
    "FORMATTERS",
    "SUFFIXES",
    "Formatter",
    "OutputFormat",
    "Terminal",
    "detect",
    "format_of",
    "render",
    "render_chunks",
]


Formatter = Callable[["Report", Terminal], Iterator[str]]
"""A format: the report's text in pieces, written as they come (rows as they are made
where the format allows: CSV, JSON and Markdown; the table comes whole, as its column
widths are those of every row)."""


def _table(report: Report, terminal: Terminal) -> Iterator[str]:
    from shellcount.formats import table_format

    yield table_format.render(report, width=terminal.width, color=terminal.color)


def _csv(report: Report, _: Terminal) -> Iterator[str]:
    from shellcount.formats import csv_format

    return csv_format.render_chunks(report)


def _json(report: Report, _: Terminal) -> Iterator[str]:
    from shellcount.formats import json_format

    return json_format.render_chunks(report)


def _markdown(report: Report, _: Terminal) -> Iterator[str]:
    from shellcount.formats import markdown_format

    return markdown_format.render_chunks(report)


SUFFIXES: dict[str, OutputFormat] = {
    ".csv": OutputFormat.CSV,
    ".json": OutputFormat.JSON,
    ".md": OutputFormat.MARKDOWN,
    ".markdown": OutputFormat.MARKDOWN,
    ".txt": OutputFormat.TABLE,
}
"""The format a file's suffix names, for ``-o FILE`` without ``--format``."""


def format_of(path: str) -> OutputFormat | None:
    """The format a file name's suffix names (case aside), or None."""
    dot = path.rfind(".")
    return None if dot <= path.rfind("/") else SUFFIXES.get(path[dot:].lower())


FORMATTERS: dict[OutputFormat, Formatter] = {
    OutputFormat.TABLE: _table,
    OutputFormat.CSV: _csv,
    OutputFormat.JSON: _json,
    OutputFormat.MARKDOWN: _markdown,
}


def render_chunks(
    report: Report, output_format: OutputFormat, terminal: Terminal | None = None
) -> Iterator[str]:
    """The report's text in the format, in pieces (see ``Formatter``)."""
    return FORMATTERS[output_format](report, terminal or Terminal())


def render(report: Report, output_format: OutputFormat, terminal: Terminal | None = None) -> str:
    return "".join(render_chunks(report, output_format, terminal))
