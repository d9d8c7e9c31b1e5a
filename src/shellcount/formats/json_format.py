"""JSON: the report's rows as objects with the CSV's field names; null for no value.

Text is kept exactly (``ensure_ascii=False``): what a claims file says comes back out
unchanged when the JSON is parsed. The characters that could act on a terminal or
reorder the text around them when the JSON itself is shown are written as ``\\uXXXX``
escapes, which parse to the same text: the encoder escapes the C0 controls, and DEL, the
C1 controls, the line and paragraph separators, the bidirectional overrides and the
invisible characters (shellcount.characters) are escaped here; so are a file name's
undecodable bytes, as the lone surrogates Python reads them as.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from shellcount.characters import INVISIBLE
from shellcount.formats.report import Report, Row

# printable's control characters less the C0 ones, which the encoder escapes itself (and
# the newlines of the indentation are C0): invisible characters and a file name's
# undecodable bytes (lone surrogates, which would make the output invalid UTF-8).
_UNESCAPED = re.compile(f"[{INVISIBLE}]")


def render(report: Report) -> str:
    return "".join(render_chunks(report))


def render_chunks(report: Report) -> Iterator[str]:
    """The document in pieces, each row's object as the row is made: the same text as
    ``dumps`` of the whole document."""
    document: dict[str, object] = {"title": report.title}
    if report.metadata:
        document["metadata"] = dict(report.metadata)
    if report.bottom_line:
        document["bottom_line"] = list(report.bottom_line)
    rows = iter(report.rows)
    first = next(rows, None)
    if first is None:
        document.update(rows=[], notes=list(report.notes))
        yield dumps(document)
        return
    document.update(rows=[_ROWS], notes=list(report.notes))
    head, tail = dumps(document).split(f'"{_ROWS}"', 1)
    yield head
    fields = [name for name in report.fields if name != "working"]
    yield _row_text(report, first, fields)
    for row in rows:
        yield ",\n    " + _row_text(report, row, fields)
    yield tail


_ROWS = "\ue000rows\ue000"  # a private-use mark where the rows go, never in data


def _row_text(report: Report, row: Row, fields: list[str]) -> str:
    item: dict[str, object] = {name: row.values.get(name) for name in fields}
    if report.explain:
        item["working"] = list(row.working)
    # Indented as an item of the document's "rows" list is.
    return dumps(item)[:-1].replace("\n", "\n    ")


def dumps(document: object) -> str:
    """JSON text, indented, with the characters that could act on a terminal escaped."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # Outside strings JSON is ASCII, so every match stands inside a string.
    return _UNESCAPED.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    # Past the Basic Multilingual Plane JSON writes a character as its UTF-16 pair.
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
