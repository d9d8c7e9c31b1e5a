"""CSV (RFC 4180): a header of field names, plain numbers, ISO dates, empty for no value.

Claims files travel between people, and CSV is opened in spreadsheets, which run a cell
that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV injection). Following
OWASP's advice, a text cell starting with one of those, a tab or a carriage return gets a
leading ``'``; so that the rule can be undone, so does a text cell that starts with ``'``
itself: a reader drops one leading ``'`` from any text cell that has one. Numbers we write
(negative ones included) are never text and never touched. Control characters in text
are written as escapes (``\\x1b``, ``\\r``, ``\\n``), as in the table.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from shellcount.characters import printable
from shellcount.formats.numbers import plain
from shellcount.formats.report import Cell, Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""
TEXT_MARK = "'"


def render(report: Report) -> str:
    return "".join(render_chunks(report))


def render_chunks(report: Report) -> Iterator[str]:
    """The header, then each row's line as the row is made."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    metadata = report.metadata if report.metadata_columns else ()
    writer.writerow([*report.fields, *(name for name, _ in metadata)])
    constant = [cell_text(value) for _, value in metadata]
    # Outlets, units, sources, dates and round numbers repeat down a column: each text
    # is made safe once, and each number written once (keyed with its type: 1 and 1.0
    # are equal keys, and True is 1).
    safe: dict[str, str] = {}
    numbers: dict[tuple[type, Cell], str] = {}

    def cell(value: Cell) -> str:
        if isinstance(value, str):
            text = safe.get(value)
            if text is None:
                text = safe[value] = neutralised(printable(value))
            return text
        if value is None:
            return ""
        key = (type(value), value)
        text = numbers.get(key)
        if text is None:
            text = cell_text(value)
            if len(numbers) < 65536:  # a column of distinct numbers must not grow it all
                numbers[key] = text
        return text

    fields = report.fields
    for written, row in enumerate(report.rows, start=1):
        values = row.values
        writer.writerow([*(cell(values.get(name)) for name in fields), *constant])
        if written % ROWS_PER_CHUNK == 0:
            yield _taken(buffer)
    yield _taken(buffer)


ROWS_PER_CHUNK = 64
"""Rows written together: small enough to stream, large enough not to pay per row."""


def _taken(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return plain(value)
    return neutralised(printable(value))


def neutralised(text: str) -> str:
    """``text`` as a spreadsheet will show it, never run it: see the module's notes."""
    if text.startswith((*FORMULA_STARTS, TEXT_MARK)):
        return TEXT_MARK + text
    return text
