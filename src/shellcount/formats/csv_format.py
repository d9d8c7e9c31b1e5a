"""CSV (RFC 4180): a header of field names, plain numbers, ISO dates, empty for no value."""

from __future__ import annotations

import csv
import io

from shellcount.numbers import plain
from shellcount.report import Cell, Report


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(report.fields)
    for row in report.rows:
        writer.writerow([cell_text(row.values.get(name)) for name in report.fields])
    return buffer.getvalue()


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return plain(value)
    return value
