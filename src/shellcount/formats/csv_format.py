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

from shellcount.formats.numbers import plain
from shellcount.formats.printable import printable
from shellcount.formats.report import Cell, Report

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read as the start of a formula (OWASP, CSV injection)."""
TEXT_MARK = "'"


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    metadata = report.metadata if report.metadata_columns else ()
    writer.writerow([*report.fields, *(name for name, _ in metadata)])
    constant = [cell_text(value) for _, value in metadata]
    # Outlets, units, sources and dates repeat down a column: make each text safe once.
    safe: dict[str, str] = {}

    def cell(value: Cell) -> str:
        if type(value) is str:
            text = safe.get(value)
            if text is None:
                text = safe[value] = neutralised(printable(value))
            return text
        return cell_text(value)

    fields = report.fields
    for row in report.rows:
        values = row.values
        writer.writerow([*(cell(values.get(name)) for name in fields), *constant])
    return buffer.getvalue()


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
