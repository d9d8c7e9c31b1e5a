"""Output formats: each a small function from a Report to text.

CSV, JSON and Markdown use the standard library only; the table imports rich when it is
drawn, so machine formats never load it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from shellcount.formats import csv_format, json_format, markdown_format, table_format
from shellcount.report import Report


class OutputFormat(str, Enum):
    """The ``--format`` choices."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Terminal:
    """What the table needs to know of where it is going."""

    width: int | None = None  # None: as wide as the table needs (a pipe or a file)
    color: bool = False


Formatter = Callable[[Report, Terminal], str]

FORMATTERS: dict[OutputFormat, Formatter] = {
    OutputFormat.TABLE: lambda report, terminal: table_format.render(
        report, width=terminal.width, color=terminal.color
    ),
    OutputFormat.CSV: lambda report, _: csv_format.render(report),
    OutputFormat.JSON: lambda report, _: json_format.render(report),
    OutputFormat.MARKDOWN: lambda report, _: markdown_format.render(report),
}


def render(report: Report, output_format: OutputFormat, terminal: Terminal | None = None) -> str:
    return FORMATTERS[output_format](report, terminal or Terminal())
